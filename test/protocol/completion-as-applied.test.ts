// Completion judged as a user does in VS Code, against the BUNDLED server over stdio on a real
// workspace folder: items are ranked as VS Code ranks them after a typed prefix, applied as VS Code
// applies them (./vscodeCompletion.ts), and the resulting document is published back to the server,
// whose diagnostics must then hold no YAML or schema error.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompletionRequest, DiagnosticSeverity, type CompletionItem, type CompletionList, type Diagnostic, type Position } from 'vscode-languageserver-protocol/node';
import { fileUri, LspClient, withTimeout } from './lspClient';
import { applyCompletion, suggestList } from './vscodeCompletion';

/** A valid SLA whose objectives list ends in `dash` (the line the user completes on). */
function slaEndingIn(dash: string): string {
  return `apiVersion: modelsla/v1
kind: SLA
metadata:
  name: applied-${dash.length}
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
    file: metrics/requests.jsonl
    timestamp: time
    good: status < 500
objectives:
${dash}`;
}

const endOf = (text: string): Position => {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
};

let dir: string;
let client: LspClient;
let version = 0;

async function completeAt(uri: string, text: string, position: Position): Promise<CompletionItem[]> {
  await client.open(uri, text, ++version);
  const list = await withTimeout(client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }), 'the completion') as CompletionList | CompletionItem[] | null;
  await client.close(uri);
  return Array.isArray(list) ? list : list?.items ?? [];
}

/** The diagnostics the server publishes for `text` opened as `uri`. */
async function diagnosticsOf(uri: string, text: string): Promise<Diagnostic[]> {
  const published = await client.openAndWait(uri, text, ++version);
  await client.close(uri);
  return published.diagnostics;
}

const errors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-applied-'));
  mkdirSync(join(dir, 'metrics'));
  writeFileSync(join(dir, 'metrics', 'latency.csv'), 'ts,latency_ms,route\n2026-08-03T00:00:00Z,60,/v1/score\n2026-08-03T06:00:00Z,97,/v1/score\n');
  writeFileSync(join(dir, 'metrics', 'requests.jsonl'), '{"time":"2026-08-03T00:00:00Z","status":200,"route":"/v1/score"}\n{"time":"2026-08-03T00:01:00Z","status":503,"latency_ms":12}\n');
  ({ client } = await LspClient.start({ rootUri: fileUri(dir) }));
});

after(async () => {
  await client.shutdownAndExit().catch(() => client.dispose());
  rmSync(dir, { recursive: true, force: true });
});

describe('objective snippets as VS Code inserts them', () => {
  for (const dash of ['  - ', '- ']) {
    test(`the latency objective after \`${dash}\` leaves valid YAML and a valid SLA`, async () => {
      const uri = fileUri(join(dir, `snippet-${dash.length}.sla.yaml`));
      const text = slaEndingIn(dash);
      const items = await completeAt(uri, text, endOf(text));
      const snippet = items.find((i) => i.label === 'latency objective');
      assert.ok(snippet, JSON.stringify(items.map((i) => i.label)));
      const applied = applyCompletion(text, snippet, endOf(text)) + '\n';
      const indent = ' '.repeat(dash.length);
      assert.match(applied, new RegExp(`\\n${dash}id: latency-p99\\n${indent}description: `), applied);
      assert.match(applied, new RegExp(`\\n${indent}measurement:\\n${indent}  point: gateway\\n`), applied);
      assert.deepEqual(errors(await diagnosticsOf(fileUri(join(dir, `applied-${dash.length}.sla.yaml`)), applied)), []);
    });
  }

  test('a nested mapping key (`measurement`) lands two columns right of its parent key', async () => {
    const base = slaEndingIn('  - id: latency-p99\n    indicator: latency\n    metric: latency\n    percentile: p99\n    percentileMethod: nearest-rank\n    target: "<= 300ms"\n    window: { calendar: month }\n    minObservations: 100\n    me');
    const uri = fileUri(join(dir, 'nested.sla.yaml'));
    const items = await completeAt(uri, base, endOf(base));
    const measurement = items.find((i) => i.label === 'measurement');
    assert.ok(measurement, JSON.stringify(items.map((i) => i.label)));
    const applied = applyCompletion(base, measurement, endOf(base));
    assert.ok(applied.endsWith('\n    measurement:\n      '), JSON.stringify(applied.slice(-40)));
    const typed = `${applied}point: gateway\n`;
    assert.deepEqual(errors(await diagnosticsOf(fileUri(join(dir, 'nested-typed.sla.yaml')), typed)), []);
  });
});

describe('ranking after a typed prefix', () => {
  const cases: [string, string][] = [['lat', 'latency objective'], ['latency', 'latency objective'], ['avail', 'availability objective'], ['acc', 'accuracy objective']];
  for (const [typed, expected] of cases) {
    for (const askedAt of ['dash', 'typed'] as const) {
      test(`\`- ${typed}\` selects the ${expected} (list asked for ${askedAt === 'dash' ? 'after the dash' : 'after typing'})`, async () => {
        const text = slaEndingIn(`  - ${typed}`);
        const cursor = endOf(text);
        const asked = askedAt === 'dash' ? { line: cursor.line, character: 4 } : cursor;
        const requested = askedAt === 'dash' ? slaEndingIn('  - ') : text;
        const items = await completeAt(fileUri(join(dir, `rank-${typed}-${askedAt}.sla.yaml`)), requested, asked);
        const { shown, selected } = suggestList(text, items, cursor);
        assert.equal(shown[selected]?.label, expected, JSON.stringify(shown.map((i) => i.label)));
      });
    }
  }
});

describe('completion from the workspace (real metric files)', () => {
  const source = (fields: string) => `apiVersion: modelsla/v1
kind: SLA
metadata:
  name: workspace-hints
  owner: ml-platform@example.com
model: churn-xgb
scope: internal
metrics:
  latency:
    file: metrics/latency.csv
    timestamp: ts
    value: latency_ms
  requests:
    file: metrics/requests.jsonl
${fields}`;
  const labelsAt = async (name: string, text: string, at = endOf(text)) =>
    (await completeAt(fileUri(join(dir, name)), text, at)).map((i) => String(i.label));

  test('`file:` offers the metric files that exist, relative to the SLA', async () => {
    assert.deepEqual(await labelsAt('files.sla.yaml', source('    timestamp: time\n  other:\n    file: ')), ['metrics/latency.csv', 'metrics/requests.jsonl']);
    mkdirSync(join(dir, 'slas'), { recursive: true });
    const nested = source('    file: ');
    const labels = await labelsAt('slas/nested.sla.yaml', nested);
    assert.deepEqual(labels, ['../metrics/latency.csv', '../metrics/requests.jsonl']);
  });
  test('`timestamp:` and `value:` offer the CSV header', async () => {
    const text = source('    timestamp: time\n').replace('    timestamp: ts\n', '    timestamp: \n');
    assert.deepEqual(await labelsAt('columns-csv.sla.yaml', text, { line: 10, character: 15 }), ['ts', 'latency_ms', 'route']);
  });
  test('JSONL: the keys of its first records, for `timestamp:` and `good:`', async () => {
    assert.deepEqual(await labelsAt('columns-jsonl.sla.yaml', source('    timestamp: ')), ['time', 'status', 'route', 'latency_ms']);
    const good = await completeAt(fileUri(join(dir, 'good-jsonl.sla.yaml')), source('    timestamp: time\n    good: '), { line: 15, character: 10 });
    const status = good.find((i) => i.label === 'status');
    assert.ok(status, JSON.stringify(good.map((i) => i.label)));
    assert.equal(status.textEdit && 'newText' in status.textEdit ? status.textEdit.newText : undefined, 'status ');
  });
  test('in an empty file the new SLA comes first, links an existing file, and validates without errors', async () => {
    const items = await completeAt(fileUri(join(dir, 'first.sla.yaml')), '', { line: 0, character: 0 });
    const { shown, selected } = suggestList('', items, { line: 0, character: 0 });
    assert.equal(shown[selected]?.label, 'new SLA', JSON.stringify(shown.map((i) => i.label)));
    assert.equal(shown[0]?.label, 'new SLA');
    const applied = applyCompletion('', shown[selected], { line: 0, character: 0 }) + '\n';
    assert.match(applied, /\n {4}file: metrics\/latency\.csv\n {4}timestamp: ts\n {4}value: latency_ms\n/, applied);
    assert.deepEqual(errors(await diagnosticsOf(fileUri(join(dir, 'first-applied.sla.yaml')), applied)), []);
    // What SLA115 would say of it: the linked file and its columns exist.
    const linked = /\n {4}file: (\S+)\n/.exec(applied)![1];
    assert.ok(existsSync(join(dir, linked)), linked);
    assert.match(readFileSync(join(dir, linked), 'utf8'), /^ts,latency_ms,/);
  });
  test('the new SLA links the file named for its metric, reads a measure column, and is named after its file', async () => {
    // A user pass found the template on the first CSV alphabetically and its first column after the
    // timestamp: a text column (model versions) as latency, an SLA that could never be evaluated.
    const ws = mkdtempSync(join(tmpdir(), 'model-sla-newsla-'));
    try {
      mkdirSync(join(ws, 'metrics'));
      writeFileSync(join(ws, 'metrics', 'a-eval-runs.csv'), 'evaluated_at,model_version,auc\n2026-08-03T00:00:00Z,xgb-2026.07.3,0.91\n');
      writeFileSync(join(ws, 'metrics', 'gateway-latency.csv'), 'ts,route,gateway_ms\n2026-08-03T00:00:00Z,/v1,80\n');
      const other = await LspClient.start({ rootUri: fileUri(ws) });
      try {
        const uri = fileUri(join(ws, 'search.sla.yaml'));
        await other.client.open(uri, '', 1);
        const list = await withTimeout(other.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }), 'the completion') as CompletionList;
        const item = list.items.find((i) => i.label === 'new SLA')!;
        const applied = applyCompletion('', item, { line: 0, character: 0 }) + '\n';
        assert.match(applied, /\n {2}name: search\n/, applied);
        assert.match(applied, /\n {4}file: metrics\/gateway-latency\.csv\n {4}timestamp: ts\n {4}value: gateway_ms\n/, applied);
        // The New SLA File command asks for the same text, given the file's uri.
        const template = await withTimeout(other.client.connection.sendRequest('modelSla/newSlaTemplate', { uri }), 'the template') as { snippet: string };
        assert.equal(template.snippet, `${item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : ''}\n`);
        // A second latency objective from the snippet does not reuse the template's id (SLA004).
        const withDash = `${applied.replace(/\nbreach:[\s\S]*$/, '\n')}  - `;
        await other.client.close(uri);
        await other.client.open(uri, withDash, 2);
        const more = await withTimeout(other.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: endOf(withDash) }), 'the completion') as CompletionList;
        const latency = more.items.find((i) => i.label === 'latency objective')!;
        assert.match(applyCompletion(withDash, latency, endOf(withDash)), /\n {2}- id: latency-p99-2\n/);
      } finally {
        await other.client.shutdownAndExit().catch(() => other.client.dispose());
      }
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
