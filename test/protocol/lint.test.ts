// The linter over real LSP: a code action request returns the quick fix with the right edit, data
// findings (metric files on disk) arrive in a later publish, and a workspace file changes findings
// of another (SLA111).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { fileUri, LspClient, withTimeout } from './lspClient';
import { applyEdits, VALID_SLA } from '../helpers';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-lint-'));
  mkdirSync(join(dir, 'metrics'));
  writeFileSync(join(dir, 'metrics', 'latency.csv'), 'ts,latency_ms\n2026-08-03T00:00:00Z,120\n2026-08-03 00:01:00,130\n');
  writeFileSync(join(dir, 'metrics', 'requests.jsonl'), '{"time":"2026-08-03T00:00:00Z","status":200}\n');
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });


describe('code actions over LSP', () => {
  test('the SLA101 quick fix inserts percentileMethod, and the re-published diagnostics are clean', async () => {
    const { client } = await LspClient.start({ rootUri: fileUri(dir) });
    try {
      const text = VALID_SLA.replace('    percentileMethod: nearest-rank\n', '');
      const uri = fileUri(join(dir, 'fix.sla.yaml'));
      const published = await client.openAndWait(uri, text);
      const finding = published.diagnostics.find((d: Diagnostic) => d.code === 'SLA101');
      assert.ok(finding, JSON.stringify(published.diagnostics.map((d) => d.code)));
      const actions = (await withTimeout(client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] },
      }), 'code actions')) as CodeAction[];
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Add `percentileMethod: nearest-rank`'), titles.join(' | '));
      assert.ok(titles.includes('Disable SLA101 for this line'));
      assert.ok(titles.includes('Show documentation for SLA101'));
      const preferred = actions.find((a) => a.isPreferred)!;
      const edits = preferred.edit!.changes![uri];
      assert.equal(edits.length, 1);
      assert.match(edits[0].newText, /^\n {4}percentileMethod: nearest-rank$/);
      const fixed = applyEdits(text, edits);
      const next = client.diagnosticsFor(uri, 2);
      await client.change(uri, 2, [{ text: fixed }]);
      const after = await next;
      assert.deepEqual(after.diagnostics.map((d) => d.code), []);
    } finally {
      await client.shutdownAndExit();
    }
  });

  test('metric files: a missing column (SLA115) and naive timestamps (SLA114) arrive after the file findings', async () => {
    const { client } = await LspClient.start({ rootUri: fileUri(dir) });
    try {
      const text = VALID_SLA.replace('value: latency_ms', 'value: server_ms');
      const uri = fileUri(join(dir, 'data.sla.yaml'));
      const data = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'SLA115'), 'SLA115 for ' + uri);
      await client.open(uri, text);
      const published = await data;
      const codes = published.diagnostics.map((d) => d.code).sort();
      assert.deepEqual(codes, ['SLA114', 'SLA115']);
      const missing = published.diagnostics.find((d) => d.code === 'SLA115')!;
      const line = text.split('\n').findIndex((l) => l.includes('value: server_ms'));
      assert.equal(missing.range.start.line, line);
      assert.match(String(missing.message), /column `server_ms` is not in `metrics\/latency.csv`/);
    } finally {
      await client.shutdownAndExit();
    }
  });

  test('a metric path leaving the workspace is refused (SLA115), without reading it', async () => {
    const { client } = await LspClient.start({ rootUri: fileUri(dir) });
    try {
      const text = VALID_SLA.replace('file: metrics/latency.csv', 'file: ../../etc/passwd');
      const uri = fileUri(join(dir, 'escape.sla.yaml'));
      const data = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'SLA115'), 'SLA115 for ' + uri);
      await client.open(uri, text);
      const published = await data;
      const finding = published.diagnostics.find((d) => d.code === 'SLA115')!;
      assert.match(String(finding.message), /leaves the workspace/);
    } finally {
      await client.shutdownAndExit();
    }
  });
});

describe('Workspace Trust', () => {
  test('untrusted: no metric file is read (no data findings, no report) until trust is granted', async () => {
    const { client } = await LspClient.start({ rootUri: fileUri(dir), initializationOptions: { trusted: false } });
    try {
      const text = VALID_SLA.replace('value: latency_ms', 'value: server_ms');
      const uri = fileUri(join(dir, 'untrusted.sla.yaml'));
      const first = await client.openAndWait(uri, text);
      assert.deepEqual(first.diagnostics.map((d) => d.code), []);
      const report = (await withTimeout(client.connection.sendRequest('modelSla/compliance', { uri }), 'compliance')) as { error?: string; reports: unknown[] };
      assert.match(String(report.error), /not trusted/);
      assert.deepEqual(report.reports, []);
      const data = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'SLA115'), 'SLA115 after trust');
      await client.connection.sendNotification('modelSla/trust', { trusted: true });
      const after = await data;
      assert.ok(after.diagnostics.some((d) => d.code === 'SLA115'));
    } finally {
      await client.shutdownAndExit();
    }
  });
});
