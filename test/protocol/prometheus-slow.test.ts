// A Prometheus server that hangs must not freeze the editor (issue 15): while a read waits for
// the server, the language server keeps answering hover and completion at once, and after the
// `timeout` of .model-sla.yaml the metric's finding (SLA119) names the timeout on its line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, withTimeout } from './lspClient';

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: prom, owner: sre@example.com }
model: m
scope: internal
period: { start: 2026-10-01, end: 2026-10-01, timezone: UTC }
metrics:
  requests:
    prometheus:
      server: prod
      total: 'http_requests_total{job="api"}'
      good: 'http_requests_total{job="api", code!~"5.."}'
objectives:
  - { id: availability, indicator: availability, metric: requests, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
`;

let dir = '';
const hanging: ServerResponse[] = [];
let requests = 0;
// Accepts every request and never answers.
const http = createServer((_req, res) => { requests++; hanging.push(res); });

before(async () => {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'model-sla-prom-slow-'));
  writeFileSync(join(dir, '.model-sla.yaml'), `servers:\n  prod: { url: 'http://127.0.0.1:${(http.address() as AddressInfo).port}', timeout: 4s }\n`);
});
after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

test('a hanging server: hover and completion answer at once, and the timeout is SLA119 on the metric', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir) });
  try {
    const uri = fileUri(join(dir, 'prom.sla.yaml'));
    await client.open(uri, SLA);
    // Wait until the read is under way (the server holds the request).
    const started = Date.now();
    while (requests === 0 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
    assert.ok(requests > 0, 'the Prometheus server was never asked');
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const hover = await withTimeout(client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 13, character: 6 } }), 'hover', 2_000);
      const completion = await withTimeout(client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 13, character: 18 } }), 'completion', 2_000);
      assert.ok(Date.now() - t0 < 2_000, `hover and completion took ${Date.now() - t0} ms while the server hangs`);
      void hover; void completion;
    }
    const diagnostics = await withTimeout(client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'SLA119')), 'SLA119', 30_000);
    const finding = diagnostics.diagnostics.find((d) => d.code === 'SLA119')!;
    assert.match(String(finding.message), /did not answer within 4 s/);
    assert.equal(finding.range.start.line, 9, JSON.stringify(finding));
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});
