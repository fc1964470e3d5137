// A `.model-sla.yaml` that is not valid YAML, through the bundled server over stdio (dist/server.js:
// `npm run build` first): the server logs why to its output and keeps validating with the defaults
// (`model-sla check` refuses instead: test/cli/project-config.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, withTimeout } from './lspClient';

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: plain, owner: sre@example.com }
model: m
scope: internal
objectives:
  - { id: availability, indicator: availability, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
`;

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-broken-config-'));
  // SLA109 (no baseline) off, but the file is broken: the default (warning) must apply.
  writeFileSync(join(dir, '.model-sla.yaml'), 'severity:\n  SLA109: off\n bad: [\n');
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('a broken .model-sla.yaml is logged, and the defaults apply', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir) });
  try {
    const published = await withTimeout(client.openAndWait(fileUri(join(dir, 'plain.sla.yaml')), SLA), 'diagnostics of plain.sla.yaml', 30_000);
    assert.ok(published.diagnostics.some((d) => d.code === 'SLA109'), JSON.stringify(published.diagnostics));
    assert.ok(client.logs.some((l) => l.message === '.model-sla.yaml: not valid YAML: All mapping items must start at the same column (line 3, column 1); ignored, the defaults apply'), JSON.stringify(client.logs));
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});
