// Protocol tests of the BUNDLED language server (`node dist/server.js --stdio`, built by
// `npm run build`): a real LSP client (vscode-languageserver-protocol) talks to the server over
// stdio, as VS Code would. Every wait is for a message the server must send, bounded by a timeout
// that fails the test; nothing sleeps for a guessed time.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompletionRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  ExitNotification,
  DiagnosticSeverity,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  HoverRequest,
  MessageType,
  TextDocumentSyncKind,
  type CompletionItem,
  type CompletionList,
  type Definition,
  type DefinitionLink,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InitializeResult,
  type Location,
  type MarkupContent,
  type Position,
  type Range,
  type SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import { CLIENT_CAPABILITIES, fileUri, LspClient, repoRoot, serverPath, withTimeout } from './lspClient';

const genSla = join(repoRoot, '..', 'shared', 'bench', 'gen-sla.mjs');
// The shared harness's generator lives beside the repository (../shared, as in CI); without it these
// tests say so and skip rather than fail on a machine that has only the repository.
const noGenerator = existsSync(genSla) ? false : `needs ${genSla} (the shared bench harness beside the repository)`;
const cleanFixtures = join(repoRoot, 'test', 'fixtures', 'cli', 'clean');

// ---------------------------------------------------------------------------------------------
// Texts and positions

/**
 * A compact SLA that is valid and free of §7 findings when its metric files exist next to it (the
 * tests copy them into the temporary workspace): p99 nearest-rank per calendar month `<= 300ms`,
 * and request-based availability.
 */
const VALID = `apiVersion: modelsla/v1
kind: SLA
metadata:
  name: churn-internal-test
  owner: ml-platform@example.com
model: churn-xgb
scope: internal
period: { start: 2026-08-01, end: 2027-07-31, timezone: Europe/Berlin }
baseline: { from: 2026-08-03, to: 2026-09-14, margin: 5% }
metrics:
  latency:
    file: metrics/latency.csv
    timestamp: ts
    value: latency_ms
    unit: ms
  requests:
    file: "metrics/requests 1m.csv"
    timestamp: minute
    total: requests
    goodCount: ok_requests
objectives:
  - id: latency-p99
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 300ms"
    window: { calendar: month }
    minObservations: 100
    measurement: { point: server }
  - id: availability
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.5%"
    window: { rolling: 28d }
    minObservations: 10000
    measurement: { point: gateway }
breach:
  escalation:
    - { after: 1h, notify: on-call }
`;

/** Schema and reference errors: a misspelled `taget` and an unknown metric `latncy`. */
const INVALID = `apiVersion: modelsla/v1
kind: SLA
metadata:
  name: churn-typos
  owner: ml-platform@example.com
model: churn-xgb
scope: internal
metrics:
  latency:
    file: metrics/latency.csv
    timestamp: ts
    value: latency_ms
    unit: ms
objectives:
  - id: latency-p99
    indicator: latency
    metric: latncy
    percentile: p99
    percentileMethod: nearest-rank
    taget: "<= 300ms"
    window: { calendar: month }
`;

/** YAML that does not parse: an unclosed flow sequence. */
const BROKEN_YAML = `apiVersion: modelsla/v1
kind: SLA
metadata:
  name: broken
  owner: ml-platform@example.com
objectives: [ { id: a, indicator: latency }
model: churn-xgb
`;

/** Tabs as indentation and unclosed quotes. */
const TABS_AND_QUOTES = 'apiVersion: modelsla/v1\nkind: SLA\nmetadata:\n\tname: tabbed\n  owner: \'unclosed\nmodel: "also unclosed\n';

/** Billion laughs: 9 levels of 9 aliases each would expand to 9^9 strings. */
function aliasBomb(): string {
  const lines = ['apiVersion: modelsla/v1', 'kind: SLA', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  lines.push('metadata: { name: lol, owner: *i }');
  return lines.join('\n') + '\n';
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** 0-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string, from = 0): number {
  const index = lines(text).findIndex((l, i) => i >= from && l.includes(needle));
  assert.notEqual(index, -1, `test text has no line containing ${JSON.stringify(needle)}`);
  return index;
}

/** The exact range of `token` on the first line containing `needle` (default: the token itself). */
function rangeOfToken(text: string, token: string, needle = token): Range {
  const line = lineOf(text, needle);
  const character = lines(text)[line].indexOf(token, lines(text)[line].indexOf(needle));
  return { start: { line, character }, end: { line, character: character + token.length } };
}

/** A position just inside `token` on the first line containing `needle`. */
function inside(text: string, token: string, needle = token, offset = 1): Position {
  return { line: rangeOfToken(text, token, needle).start.line, character: rangeOfToken(text, token, needle).start.character + offset };
}

/** A diagnostic's message as text (LSP 3.18 also allows MarkupContent). */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

function summary(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${messageOf(d)}`).join('\n');
}

function completionLabels(result: CompletionList | CompletionItem[] | null): string[] {
  if (!result) return [];
  return (Array.isArray(result) ? result : result.items).map((i) => i.label);
}

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

function locations(result: Definition | DefinitionLink[] | null): Location[] {
  if (!result) return [];
  const list = Array.isArray(result) ? result : [result];
  return list.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l));
}

// ---------------------------------------------------------------------------------------------

describe('language server over stdio (dist/server.js)', () => {
  let client: LspClient;
  let init: InitializeResult;
  let workspace: string;
  let nextId = 0;
  /** A fresh document URI in the temporary workspace. */
  const uri = (name: string) => fileUri(join(workspace, `${nextId++}-${name}`));

  before(async () => {
    assert.ok(existsSync(serverPath), `${serverPath} is missing: run \`npm run build\` first`);
    workspace = mkdtempSync(join(tmpdir(), 'model-sla-protocol-'));
    // The CLI's clean fixtures (with their metric files) are valid SLAs in a real folder.
    cpSync(cleanFixtures, join(workspace, 'clean'), { recursive: true });
    // …and the metric files VALID links, next to every folder VALID is opened in.
    for (const folder of [workspace, join(workspace, 'features')]) {
      mkdirSync(join(folder, 'metrics'), { recursive: true });
      copyFileSync(join(cleanFixtures, 'metrics', 'latency.csv'), join(folder, 'metrics', 'latency.csv'));
      copyFileSync(join(cleanFixtures, 'metrics', 'requests-1m.csv'), join(folder, 'metrics', 'requests 1m.csv'));
    }
    ({ client, init } = await LspClient.start({ rootUri: fileUri(workspace) }));
    client.uniqueNames = true;
  });

  after(() => {
    client?.dispose();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  test('initialize: incremental sync, the language features and serverInfo', () => {
    const caps = init.capabilities;
    const sync = caps.textDocumentSync;
    const change = typeof sync === 'number' ? sync : sync?.change;
    assert.equal(change, TextDocumentSyncKind.Incremental);
    if (typeof sync === 'object') assert.equal(sync.openClose, true);
    assert.ok(caps.completionProvider, 'completionProvider');
    assert.ok(caps.hoverProvider, 'hoverProvider');
    assert.ok(caps.documentSymbolProvider, 'documentSymbolProvider');
    assert.ok(caps.definitionProvider, 'definitionProvider');
    assert.ok(caps.documentLinkProvider, 'documentLinkProvider');
    assert.equal(typeof init.serverInfo?.name, 'string');
    assert.ok(init.serverInfo!.name.length > 0);
  });

  describe('diagnostics', () => {
    test('a valid SLA opened with languageId yaml gets an empty publishDiagnostics', async () => {
      const u = uri('valid.sla.yaml');
      const published = await client.openAndWait(u, VALID, 1, 'yaml');
      assert.deepEqual(published.diagnostics, [], summary(published.diagnostics));
      assert.equal(published.version, 1);
    });

    test('the clean fixture SLAs (.sla.yaml and .sla.yml, with their metric files) have no diagnostics', async () => {
      for (const rel of ['scoring.sla.yaml', 'ranking.sla.yml', join('nested', 'search', 'search.sla.yaml')]) {
        const path = join(workspace, 'clean', rel);
        const published = await client.openAndWait(fileUri(path), readFileSync(path, 'utf8'));
        assert.deepEqual(published.diagnostics, [], `${rel}:\n${summary(published.diagnostics)}`);
      }
    });

    test('the server serves SLA files by name, whatever the languageId', async () => {
      for (const languageId of ['plaintext', 'sla', 'model-sla']) {
        const published = await client.openAndWait(uri(`lang-${languageId}.sla.yaml`), INVALID, 1, languageId);
        assert.ok(codes(published.diagnostics).includes('SLA002'), `${languageId}: ${summary(published.diagnostics)}`);
      }
    });

    test('schema and reference errors: SLA002 on the `taget` key, SLA003 on the unknown metric, exact ranges', async () => {
      const published = await client.openAndWait(uri('invalid.sla.yaml'), INVALID);
      const diagnostics = published.diagnostics;
      for (const d of diagnostics) {
        assert.equal(d.source, 'model-sla');
        assert.match(String(d.code), /^SLA\d{3}$/);
      }

      const typo = diagnostics.find((d) => d.code === 'SLA002' && messageOf(d).includes('taget'));
      assert.ok(typo, `no SLA002 about \`taget\`:\n${summary(diagnostics)}`);
      assert.deepEqual(typo.range, rangeOfToken(INVALID, 'taget'));
      assert.deepEqual(typo.range, { start: { line: 19, character: 4 }, end: { line: 19, character: 9 } });
      assert.match(messageOf(typo), /did you mean `target`/);
      assert.equal(typo.severity, DiagnosticSeverity.Error);

      const unknownMetric = diagnostics.find((d) => d.code === 'SLA003');
      assert.ok(unknownMetric, `no SLA003:\n${summary(diagnostics)}`);
      assert.deepEqual(unknownMetric.range, { start: { line: 16, character: 12 }, end: { line: 16, character: 18 } });
      assert.deepEqual(unknownMetric.range, rangeOfToken(INVALID, 'latncy'));
      assert.match(messageOf(unknownMetric), /latncy/);
      assert.equal(unknownMetric.severity, DiagnosticSeverity.Error);

      // The missing `target` is reported on the objective's `id` key (spec §9: nearest existing parent).
      const missing = diagnostics.find((d) => d.code === 'SLA002' && /`target`/.test(messageOf(d)) && !messageOf(d).includes('taget'));
      assert.ok(missing, `no SLA002 about the missing target:\n${summary(diagnostics)}`);
      assert.equal(missing.range.start.line, lineOf(INVALID, '- id: latency-p99'));
    });

    test('broken YAML: SLA001 on the line of the syntax error', async () => {
      const published = await client.openAndWait(uri('broken.sla.yaml'), BROKEN_YAML);
      const syntax = published.diagnostics.filter((d) => d.code === 'SLA001');
      assert.ok(syntax.length > 0, summary(published.diagnostics));
      for (const d of syntax) {
        assert.equal(d.severity, DiagnosticSeverity.Error);
        assert.ok(d.range.start.line >= lineOf(BROKEN_YAML, 'objectives: ['), summary(syntax));
        assert.ok(d.range.start.line <= lineOf(BROKEN_YAML, 'model:') + 1, summary(syntax));
      }
    });

    test('generated SLA (gen-sla.mjs) without errors: no SLA001–SLA004', { skip: noGenerator }, async () => {
      const text = execFileSync(process.execPath, [genSla, '--objectives', '40', '--seed', '7'], { encoding: 'utf8' });
      const published = await client.openAndWait(uri('generated.sla.yaml'), text);
      const schemaLevel = published.diagnostics.filter((d) => /^SLA00\d$/.test(String(d.code)));
      assert.deepEqual(schemaLevel, [], summary(schemaLevel));
    });

    test('generated SLA with injected errors: each schema/reference error is reported in its objective', { skip: noGenerator }, async () => {
      const dir = mkdtempSync(join(workspace, 'gen-'));
      const manifestPath = join(dir, 'manifest.json');
      const text = execFileSync(process.execPath, [genSla, '--objectives', '36', '--errors', '12', '--manifest', manifestPath], { encoding: 'utf8' });
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { line: number; objective: string; kind: string; schema: boolean }[];
      const published = await client.openAndWait(uri('generated-errors.sla.yaml'), text);
      const diagnostics = published.diagnostics;
      const textLines = lines(text);
      const idLines = textLines.map((l, i) => (/^\s*- id: /.test(l) ? i : -1)).filter((i) => i >= 0);
      for (const entry of manifest) {
        const line = entry.line - 1;
        if (entry.kind === 'unknown-metric' || entry.kind === 'duplicate-id') {
          const code = entry.kind === 'unknown-metric' ? 'SLA003' : 'SLA004';
          assert.ok(diagnostics.some((d) => d.code === code && d.range.start.line === line), `${entry.kind} (${code}) on line ${entry.line}:\n${summary(diagnostics)}`);
          continue;
        }
        if (!entry.schema) continue; // the other §7 linter findings are tested elsewhere
        // Spec §7: timeslices without `slice`/`sliceTarget` is SLA107 (error); the rest are SLA002.
        const code = entry.kind === 'timeslices-without-slice' ? 'SLA107' : 'SLA002';
        const start = Math.max(...idLines.filter((i) => i <= line));
        const end = Math.min(textLines.length, ...idLines.filter((i) => i > line));
        assert.ok(
          diagnostics.some((d) => d.code === code && d.severity === DiagnosticSeverity.Error && d.range.start.line >= start && d.range.start.line < end),
          `${entry.kind} (${code}) in objective ${entry.objective} (lines ${start + 1}–${end}):\n${summary(diagnostics)}`,
        );
      }
    });

    test('incremental changes: an edit that breaks the file, then one that fixes it', async () => {
      const u = uri('incremental.sla.yaml');
      const opened = await client.openAndWait(u, VALID);
      assert.deepEqual(opened.diagnostics, []);

      // v2: `metric: latency` → `metric: latencyy` (an insertion, a zero-length range).
      const metricValue = rangeOfToken(VALID, 'latency', '    metric: latency');
      await client.change(u, 2, [{ range: { start: metricValue.end, end: metricValue.end }, text: 'y' }]);
      const broken = await client.diagnosticsFor(u, 2);
      assert.ok(broken.version === undefined || broken.version >= 2);
      assert.deepEqual(codes(broken.diagnostics), ['SLA003'], summary(broken.diagnostics));
      assert.match(messageOf(broken.diagnostics[0]), /latencyy/);
      assert.deepEqual(broken.diagnostics[0].range, { start: metricValue.start, end: { line: metricValue.end.line, character: metricValue.end.character + 1 } });

      // v3: delete the `y` again.
      await client.change(u, 3, [{ range: { start: metricValue.end, end: { line: metricValue.end.line, character: metricValue.end.character + 1 } }, text: '' }]);
      const fixed = await client.diagnosticsFor(u, 3);
      assert.deepEqual(fixed.diagnostics, [], summary(fixed.diagnostics));
    });

    test('incremental changes: several changes in one notification apply in order', async () => {
      const u = uri('multi-change.sla.yaml');
      await client.openAndWait(u, VALID);
      const metricValue = rangeOfToken(VALID, 'latency', '    metric: latency');
      // First a comment line at the top (shifts every line down by one), then an edit whose range
      // is in the coordinates of the text after the first change.
      const shifted: Range = {
        start: { line: metricValue.start.line + 1, character: metricValue.start.character },
        end: { line: metricValue.end.line + 1, character: metricValue.end.character },
      };
      await client.change(u, 2, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' },
        { range: shifted, text: 'latency-v2' },
      ]);
      const published = await client.diagnosticsFor(u, 2);
      assert.deepEqual(codes(published.diagnostics), ['SLA003'], summary(published.diagnostics));
      assert.deepEqual(published.diagnostics[0].range, { start: shifted.start, end: { line: shifted.start.line, character: shifted.start.character + 'latency-v2'.length } });
    });

    test('a burst of changes ends with diagnostics for the latest version', async () => {
      const u = uri('burst.sla.yaml');
      await client.openAndWait(u, VALID);
      const line = lineOf(VALID, 'target: "<= 300ms"');
      const column = lines(VALID)[line].indexOf('300');
      // Type "1" five times after `<= `: 1300, 11300, ... then the final text has a valid target.
      for (let version = 2; version <= 6; version++) {
        await client.change(u, version, [{ range: { start: { line, character: column }, end: { line, character: column } }, text: '1' }]);
      }
      // …and then break it for good at version 7: `ms` → `msec`.
      const unitAt = column + 5 + 3; // "11111" + "300"
      await client.change(u, 7, [{ range: { start: { line, character: unitAt }, end: { line, character: unitAt + 2 } }, text: 'msec' }]);
      const published = await client.diagnosticsFor(u, 7);
      assert.deepEqual(codes(published.diagnostics), ['SLA002'], summary(published.diagnostics));
      assert.match(messageOf(published.diagnostics[0]), /msec/);
      assert.equal(published.diagnostics[0].range.start.line, line);
    });

    test('closing an SLA document clears its diagnostics', async () => {
      const u = uri('closed.sla.yaml');
      const opened = await client.openAndWait(u, INVALID);
      assert.ok(opened.diagnostics.length > 0);
      const count = client.publishedFor(u).length;
      const cleared = client.diagnostics(u, (p) => p.diagnostics.length === 0, `empty diagnostics for closed ${u}`);
      await client.close(u);
      const published = await cleared;
      assert.deepEqual(published.diagnostics, []);
      assert.ok(client.publishedFor(u).length > count);
    });

    test('a document not named *.sla.yaml gets no diagnostics, completion or hover', async () => {
      const other = fileUri(join(workspace, `${nextId++}-other.yaml`));
      const completionText = INVALID.replace('metric: latncy', 'metric: ');
      await client.open(other, completionText);
      // Barrier: documents are validated in the order they are opened, so once a later SLA
      // document has its diagnostics, any publication for other.yaml would have arrived.
      await client.openAndWait(uri('barrier.sla.yaml'), VALID);
      assert.deepEqual(client.publishedFor(other), []);

      const metricLine = lineOf(completionText, '    metric: ');
      const completion = await withTimeout(client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: other }, position: { line: metricLine, character: '    metric: '.length },
      }), 'completion on other.yaml');
      assert.deepEqual(completionLabels(completion), []);
      const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: other }, position: inside(completionText, 'indicator'),
      }), 'hover on other.yaml');
      assert.equal(hover, null);
      assert.deepEqual(client.publishedFor(other), []);
    });
  });

  describe('language features', () => {
    let validUri: string;
    before(async () => {
      validUri = fileUri(join(workspace, 'features', 'churn.sla.yaml'));
      const published = await client.openAndWait(validUri, VALID);
      assert.deepEqual(published.diagnostics, [], summary(published.diagnostics));
    });

    test('completion at a `metric: ` value offers the metric ids', async () => {
      const text = VALID.replace('    metric: latency\n', '    metric: \n');
      const u = uri('complete-metric.sla.yaml');
      await client.open(u, text);
      const line = lines(text).indexOf('    metric: ');
      const result = await withTimeout(client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: u }, position: { line, character: '    metric: '.length },
      }), 'completion of metric ids');
      assert.deepEqual(completionLabels(result).sort(), ['latency', 'requests']);
    });

    test('completion of a typed metric id prefix still offers the metric ids', async () => {
      const text = VALID.replace('    metric: latency\n', '    metric: lat\n');
      const u = uri('complete-metric-prefix.sla.yaml');
      await client.open(u, text);
      const line = lineOf(text, '    metric: lat');
      const result = await withTimeout(client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: u }, position: { line, character: '    metric: lat'.length },
      }), 'completion of metric ids after a prefix');
      assert.ok(completionLabels(result).includes('latency'), completionLabels(result).join(', '));
    });

    test('key completion in an objective offers percentileMethod but not the keys already present', async () => {
      const text = VALID.replace('    percentileMethod: nearest-rank\n', '    \n');
      const u = uri('complete-key.sla.yaml');
      await client.open(u, text);
      const line = lineOf(text, '    percentile: p99') + 1;
      assert.equal(lines(text)[line], '    ');
      const result = await withTimeout(client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: u }, position: { line, character: 4 },
      }), 'completion of objective keys');
      const labels = completionLabels(result);
      assert.ok(labels.includes('percentileMethod'), labels.join(', '));
      for (const present of ['id', 'indicator', 'metric', 'percentile', 'target', 'window', 'measurement']) {
        assert.ok(!labels.includes(present), `\`${present}\` is already present but offered: ${labels.join(', ')}`);
      }
    });

    test('key completion while typing a key prefix above other keys does not offer keys already present', async () => {
      const text = VALID.replace('    percentileMethod: nearest-rank\n', '    perc\n');
      const u = uri('complete-key-prefix.sla.yaml');
      await client.open(u, text);
      const line = lineOf(text, '    perc\n'.trimEnd(), lineOf(text, '    percentile: p99') + 1);
      const result = await withTimeout(client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: u }, position: { line, character: '    perc'.length },
      }), 'completion of objective keys after a prefix');
      const labels = completionLabels(result);
      assert.ok(labels.includes('percentileMethod'), labels.join(', '));
      for (const present of ['id', 'indicator', 'metric', 'percentile', 'target', 'window']) {
        assert.ok(!labels.includes(present), `\`${present}\` is already present but offered: ${labels.join(', ')}`);
      }
    });

    test('hover on an objective\'s target states the objective in plain words', async () => {
      const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: validUri }, position: inside(VALID, '<= 300ms', 'target: "<= 300ms"', 2),
      }), 'hover on target');
      const markdown = markdownOf(hover);
      for (const words of ['latency-p99', 'p99', 'calendar month', 'Europe/Berlin', 'nearest-rank', '≤ 300 ms']) {
        assert.ok(markdown.includes(words), `hover lacks ${JSON.stringify(words)}: ${markdown}`);
      }
      if (hover?.range) assert.equal(hover.range.start.line, lineOf(VALID, 'target: "<= 300ms"'));
    });

    test('hover on a key explains it', async () => {
      const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: validUri }, position: inside(VALID, 'percentileMethod'),
      }), 'hover on percentileMethod');
      const markdown = markdownOf(hover);
      assert.match(markdown, /nearest-rank/);
      assert.match(markdown, /linear/);
    });

    test('documentSymbol: the SLA name with its objectives and metrics as children', async () => {
      const result = await withTimeout(client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: validUri } }), 'document symbols');
      assert.ok(Array.isArray(result) && result.length === 1, JSON.stringify(result));
      const root = result[0] as DocumentSymbol | SymbolInformation;
      assert.ok('children' in root, 'expected hierarchical DocumentSymbols');
      const sla = root as DocumentSymbol;
      assert.match(sla.name, /^churn-internal-/); // made unique per document (uniqueNames)
      assert.deepEqual(sla.selectionRange, rangeOfToken(VALID, 'churn-internal-test'));
      const children = (sla.children ?? []).map((c) => c.name);
      for (const name of ['latency-p99', 'availability', 'latency', 'requests']) {
        assert.ok(children.includes(name), `child ${name} missing: ${children.join(', ')}`);
      }
      const objective = sla.children!.find((c) => c.name === 'latency-p99')!;
      assert.equal(objective.selectionRange.start.line, lineOf(VALID, '- id: latency-p99'));
      const metric = sla.children!.find((c) => c.name === 'requests')!;
      assert.deepEqual(metric.selectionRange, rangeOfToken(VALID, 'requests', '  requests:'));
      // Ranges nest: every child lies inside the SLA's range.
      for (const child of sla.children!) {
        assert.ok(child.range.start.line >= sla.range.start.line && child.range.end.line <= sla.range.end.line, child.name);
      }
    });

    test('definition: from `metric: latency` to the `latency:` key under `metrics`', async () => {
      const result = await withTimeout(client.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: validUri }, position: inside(VALID, 'latency', '    metric: latency', 3),
      }), 'definition');
      const found = locations(result);
      assert.equal(found.length, 1, JSON.stringify(result));
      assert.equal(found[0].uri, validUri);
      assert.deepEqual(found[0].range, rangeOfToken(VALID, 'latency', '  latency:'));
      assert.deepEqual(found[0].range, { start: { line: 10, character: 2 }, end: { line: 10, character: 9 } });
    });

    test('documentLink: metric `file:` values resolve relative to the SLA file', async () => {
      const result = await withTimeout(client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: validUri } }), 'document links');
      assert.ok(result, 'expected links');
      const targets = result.map((l) => l.target).sort();
      assert.deepEqual(targets, [
        fileUri(join(workspace, 'features', 'metrics', 'latency.csv')),
        fileUri(join(workspace, 'features', 'metrics', 'requests 1m.csv')),
      ].sort());
      const latency = result.find((l) => l.target?.endsWith('/latency.csv'))!;
      assert.deepEqual(latency.range, rangeOfToken(VALID, 'metrics/latency.csv'));
    });

    test('documentLink: `../` paths from a nested SLA resolve to the shared folder', async () => {
      const path = join(workspace, 'clean', 'nested', 'search', 'search.sla.yaml');
      const u = fileUri(path);
      await client.openAndWait(u, readFileSync(path, 'utf8'));
      const result = await withTimeout(client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: u } }), 'document links');
      assert.deepEqual(result?.map((l) => l.target), [fileUri(join(workspace, 'clean', 'metrics', 'latency.csv'))]);
    });
  });

  describe('robustness', () => {
    test('a billion-laughs alias bomb is refused with SLA001', async () => {
      const published = await client.openAndWait(uri('bomb.sla.yaml'), aliasBomb());
      const syntax = published.diagnostics.filter((d) => d.code === 'SLA001');
      assert.ok(syntax.length > 0, summary(published.diagnostics));
      assert.ok(syntax.some((d) => /alias/i.test(messageOf(d))), summary(syntax));
    });

    test('tabs as indentation and unclosed quotes: SLA001 diagnostics', async () => {
      const published = await client.openAndWait(uri('tabs.sla.yaml'), TABS_AND_QUOTES);
      const syntax = published.diagnostics.filter((d) => d.code === 'SLA001');
      assert.ok(syntax.some((d) => d.range.start.line === 3), `expected SLA001 on the tab line:\n${summary(published.diagnostics)}`);
      assert.ok(syntax.length >= 2, summary(published.diagnostics));
      // Every range lies inside the document.
      const lastLine = lines(TABS_AND_QUOTES).length - 1;
      for (const d of published.diagnostics) assert.ok(d.range.end.line <= lastLine, summary([d]));
    });

    test('deeply nested flow collections: diagnostics arrive, the server survives', async () => {
      const published = await client.openAndWait(uri('deep.sla.yaml'), '['.repeat(5000) + '\n');
      assert.ok(codes(published.diagnostics).includes('SLA001'), summary(published.diagnostics.slice(0, 5)));
    });

    test('requests at odd positions answer without failing', async () => {
      const u = uri('odd.sla.yaml');
      await client.openAndWait(u, INVALID);
      for (const position of [{ line: 0, character: 0 }, { line: 999, character: 0 }, { line: 2, character: 999 }, { line: 14, character: 3 }]) {
        await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position }), `hover at ${JSON.stringify(position)}`);
        await withTimeout(client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position }), `completion at ${JSON.stringify(position)}`);
        await withTimeout(client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: u }, position }), `definition at ${JSON.stringify(position)}`);
      }
      // A document the server never saw.
      const unknown = fileUri(join(workspace, 'never-opened.sla.yaml'));
      assert.equal(await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }), 'hover on an unknown document'), null);
    });

    test('after all that, the server still answers a hover on another document', async () => {
      const u = uri('after.sla.yaml');
      await client.openAndWait(u, VALID);
      const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: u }, position: inside(VALID, '<= 300ms', 'target: "<= 300ms"', 2),
      }), 'hover after the robustness documents');
      assert.match(markdownOf(hover), /p99/);
      assert.equal(client.exitStatus, undefined, 'the server process exited');
    });

    test('no handler failed: nothing logged at error level', () => {
      const errors = client.logs.filter((l) => l.type === MessageType.Error);
      assert.deepEqual(errors.map((e) => e.message), []);
    });
  });

  test('shutdown → exit: the process exits with code 0', async () => {
    const status = await client.shutdownAndExit();
    assert.deepEqual(status, { code: 0, signal: null }, `stderr: ${client.stderr}`);
  });
});

describe('language server settings and lifecycle (separate server processes)', () => {
  const started: LspClient[] = [];
  after(() => { for (const c of started) c.dispose(); });
  const start = async (options: Parameters<typeof LspClient.start>[0] = {}) => {
    const { client } = await LspClient.start(options);
    started.push(client);
    return client;
  };

  test('modelSla.validation.enable from workspace/configuration turns diagnostics off and on', async () => {
    const client = await start({ settings: { modelSla: { validation: { enable: false } } } });
    const u = fileUri(join(tmpdir(), 'model-sla-settings', 'toggle.sla.yaml'));
    await client.open(u, INVALID);
    // Whether the open is validated before or after the settings arrive, the last word is "off".
    const off = await client.diagnostics(u, (p) => p.diagnostics.length === 0, 'empty diagnostics with validation disabled');
    assert.deepEqual(off.diagnostics, []);
    assert.ok(client.configurationRequests.includes('modelSla'), JSON.stringify(client.configurationRequests));

    client.settings = { modelSla: { validation: { enable: true } } };
    const mark = client.published.length;
    const on = client.diagnostics(u, (p) => client.published.indexOf(p) >= mark && p.diagnostics.length > 0, 'diagnostics after enabling validation');
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.ok(codes((await on).diagnostics).includes('SLA002'));
    assert.deepEqual((await client.shutdownAndExit()).code, 0);
  });

  test('with dynamic registration: the server registers for didChangeConfiguration', async () => {
    const client = await start();
    await withTimeout(client.firstConfigurationRequest, 'the first workspace/configuration request');
    assert.ok(client.registrations.includes(DidChangeConfigurationNotification.method), JSON.stringify(client.registrations));
    assert.equal((await client.shutdownAndExit()).code, 0);
  });

  test('without dynamic registration support: no client/registerCapability request', async () => {
    const client = await start({ capabilities: { ...CLIENT_CAPABILITIES, workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } } });
    // The server registers (if at all) before it asks for the configuration; messages arrive in order.
    await withTimeout(client.firstConfigurationRequest, 'the first workspace/configuration request');
    assert.deepEqual(client.registrations, []);
    assert.equal((await client.shutdownAndExit()).code, 0);
  });

  test('exit without shutdown: the process exits with code 1', async () => {
    const client = await start();
    await client.connection.sendNotification(ExitNotification.type);
    const status = await client.waitForExit();
    assert.equal(status.code, 1);
  });

  test('the client going away (stdin closed): the server process ends', async () => {
    const client = await start();
    client.proc.stdin.end();
    const status = await client.waitForExit();
    assert.ok(status.code !== null || status.signal !== null);
  });
});
