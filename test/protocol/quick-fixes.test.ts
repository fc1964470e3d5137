// Quick fixes over stdio, as VS Code asks for them: the diagnostics the server published are sent
// back with a code-action request, and the fix the message names is applied and re-validated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeActionRequest, DiagnosticSeverity, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { fileUri, LspClient, withTimeout } from './lspClient';

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata:
  name: quick-fixes
  owner: ml-platform@example.com
model: churn-xgb
scope: internal
period: { start: 2026-08-01, end: 2027-07-31, timezone: Europe/Berlin }
baseline: { from: 2026-08-03, to: 2026-09-14, margin: 5% }
metrics:
  latency:
    file: metrics/latency.cvs
    timestamp: ts
    value: latency_ms
    unit: ms
objectives:
  - id: latency-p99
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: 300ms
    windw: { calendar: month }
    minObservations: 2
breach:
  escalation:
    - { after: 1h, notify: on-call }
`;

let dir: string;
let client: LspClient;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-quickfix-'));
  mkdirSync(join(dir, 'metrics'));
  writeFileSync(join(dir, 'metrics', 'latency.csv'), 'ts,latency_ms\n2026-08-03T00:00:00Z,60\n2026-08-03T06:00:00Z,97\n');
  ({ client } = await LspClient.start({ rootUri: fileUri(dir) }));
});
after(async () => {
  await client.shutdownAndExit().catch(() => client.dispose());
  rmSync(dir, { recursive: true, force: true });
});

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

test('each error whose message names its fix gets that fix; applied, they leave no error', async () => {
  const uri = fileUri(join(dir, 'fixes.sla.yaml'));
  await client.open(uri, SLA);
  // The data finding (SLA115, the missing file) arrives in a later publication than the schema's.
  const { diagnostics } = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'SLA115'), 'SLA115 for the missing file');
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  const expected: [RegExp, string][] = [
    [/did you mean `window`/, 'Rename `windw` to `window`'],
    [/`<= 300ms`/, 'Change the target to `<= 300ms`'],
    [/latency\.cvs/, 'Link `metrics/latency.csv` instead'],
  ];
  let text = SLA;
  for (const [message, title] of expected) {
    const diagnostic = errors.find((d: Diagnostic) => message.test(String(d.message)));
    assert.ok(diagnostic, `${message}: ${errors.map((d) => String(d.message)).join(' | ')}`);
    const actions = await withTimeout(client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }), 'the code actions') as CodeAction[];
    const action = actions.find((a) => a.title === title);
    assert.ok(action?.isPreferred, `${title} among ${actions.map((a) => a.title).join(' | ')}`);
    text = apply(text, action.edit!.changes![uri]);
  }
  await client.close(uri); // one SLA name per workspace (SLA004): the fixed text replaces this one
  const fixedUri = fileUri(join(dir, 'fixed.sla.yaml'));
  const first = await client.openAndWait(fixedUri, text);
  assert.deepEqual(first.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.message), []);
  assert.match(text, /file: metrics\/latency\.csv\n[\s\S]*target: "<= 300ms"\n {4}window: \{ calendar: month \}/);
});
