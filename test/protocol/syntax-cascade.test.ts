// Error cascades over stdio (issue 13.6): the bundled server, a copy of examples/fraud.sla.yaml
// with one misplaced line. A person sees one finding where the mistake is (and at most a few), and
// the compliance preview names the SLA and the line instead of dropping it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, LspClient, repoRoot, withTimeout } from './lspClient';

const examples = join(repoRoot, 'examples');
const FRAUD = readFileSync(join(examples, 'fraud.sla.yaml'), 'utf8');
const summary = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.message).slice(0, 120)}`).join('\n');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

interface Result { reports: { sla: string; objectives: { id: string }[]; syntaxError?: { line: number; message: string } }[] }

describe('syntax error cascades over stdio', () => {
  let client: LspClient;
  let dir: string;
  // A workspace of its own (the fraud metric files, no other SLA), so SLA names are not duplicates.
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-cascade-'));
    cpSync(join(examples, 'metrics'), join(dir, 'metrics'), { recursive: true, filter: (src) => !/\.(csv|jsonl)$/.test(src) || /fraud-/.test(src) });
    ({ client } = await LspClient.start({ rootUri: fileUri(dir) }));
  });
  after(async () => { await client.shutdownAndExit(); rmSync(dir, { recursive: true, force: true }); });
  const compliance = (uri: string) => withTimeout(client.connection.sendRequest('modelSla/compliance', { uri }), 'compliance', 30_000) as Promise<Result>;

  test('a stray line above the SLA: one SLA001 on line 1, not one per token; the preview names the line', async () => {
    const uri = fileUri(join(dir, 'fraud-stray-line.sla.yaml'));
    const published = await client.openAndWait(uri, 'stray line\n' + FRAUD);
    const found = published.diagnostics;
    assert.ok(found.length >= 1 && found.length <= 3, summary(found)); // was 367
    assert.equal(found[0].code, 'SLA001');
    assert.equal(found[0].range.start.line, 0, summary(found));
    const result = await compliance(uri);
    assert.equal(result.reports.length, 2, 'both SLAs of the file are listed');
    assert.equal(result.reports[0].syntaxError?.line, 1);
    assert.match(result.reports[0].syntaxError?.message ?? '', /`stray line` is not a `key: value` line/);
    assert.equal(result.reports[1].sla, 'fraud-scoring-external');
    assert.equal(result.reports[1].syntaxError, undefined);
    assert.ok(result.reports[1].objectives.length === 3);
    // Code lenses pair reports with documents: the broken first SLA has none, the second its three.
    const lenses = (await withTimeout(client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }), 'code lenses', 30_000)) as { range: { start: { line: number } }; command: { arguments: unknown[] } }[];
    const second = FRAUD.split('\n').findIndex((l) => l === '---') + 1; // 0-based line of `---` in the shifted text
    assert.deepEqual(lenses.map((l) => l.command.arguments[1]), ['latency-p95', 'availability-minutes', 'auc-chargebacks']);
    assert.ok(lenses.every((l) => l.range.start.line > second), JSON.stringify(lenses.map((l) => l.range.start.line)));
    await client.close(uri); // its SLA names would be duplicates of the next test's
  });

  test('a stray `x` typed at the start of an objective line: the first finding on that line, at most three', async () => {
    const uri = fileUri(join(dir, 'fraud-stray-x.sla.yaml'));
    const line = lineOf(FRAUD, '  - id: availability-minutes');
    const lines = FRAUD.split('\n');
    lines[line] = 'x' + lines[line];
    const published = await client.openAndWait(uri, lines.join('\n'));
    // The cascade of the broken first document; the second, valid one has findings of its own (SLA121, SLA122).
    const secondDocument = lines.findIndex((l) => l === '---');
    const found = published.diagnostics.filter((d) => d.range.start.line < secondDocument);
    assert.ok(found.length >= 1 && found.length <= 3, summary(found));
    assert.equal(found[0].code, 'SLA001');
    assert.equal(found[0].range.start.line, line, summary(found));
    assert.ok(!found.some((d) => /unknown field `\[/.test(String(d.message))), summary(found));
    const result = await compliance(uri);
    assert.equal(result.reports[0].sla, 'fraud-scoring-internal');
    assert.equal(result.reports[0].syntaxError?.line, line + 1);
    assert.equal(result.reports[0].objectives.length, 0);
  });
});
