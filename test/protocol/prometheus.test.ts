// Prometheus metrics through the bundled server over stdio (dist/server.js: `npm run build` first):
// the server finds the server in `.model-sla.yaml`, sends the token the extension handed over in
// its environment (from VS Code's secret storage) as a bearer header, and never writes it into a
// message, a log line or its stderr; an untrusted workspace asks no server at all. The fake server
// answers every query with raw samples, as a store that speaks only part of PromQL might: the
// source's increases per cell are refused by its answers and it reads samples as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, withTimeout } from './lspClient';

const T0 = Date.parse('2026-10-01T00:00:00Z');
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
const TOKEN = 'tok-3f9a-secret';

let dir = '';
const seen: { auth: string | undefined; query: string }[] = [];
const http = createServer((req: IncomingMessage, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ auth: req.headers.authorization, query: url.searchParams.get('query') ?? '' });
  const good = (url.searchParams.get('query') ?? '').includes('code!~');
  // One series, a sample every hour of the day: 100 requests an hour, 1 of them bad.
  const values = Array.from({ length: 25 }, (_, i) => [(T0 + i * 3_600_000 - 1_800_000) / 1000, String(i * (good ? 99 : 100))]);
  const end = Number(url.searchParams.get('time')) * 1000;
  const inRange = values.filter(([t]) => (t as number) * 1000 <= end);
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'http_requests_total', job: 'api' }, values: inRange }] } }));
});

before(async () => {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'model-sla-prom-lsp-'));
  writeFileSync(join(dir, '.model-sla.yaml'), `servers:\n  prod: { url: 'http://127.0.0.1:${(http.address() as AddressInfo).port}' }\n`);
});
after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

test('the token from the extension is sent as a bearer header and appears in no message', async () => {
  seen.length = 0;
  const { client } = await LspClient.start({ rootUri: fileUri(dir), env: { MODEL_SLA_SERVER_TOKENS: JSON.stringify({ prod: TOKEN }) } });
  try {
    const uri = fileUri(join(dir, 'prom.sla.yaml'));
    await withTimeout(client.openAndWait(uri, SLA), 'diagnostics', 30_000);
    const result = await withTimeout(client.connection.sendRequest('modelSla/compliance', { uri, asOf: '2026-10-02T00:00:00Z' }), 'compliance', 30_000) as { reports: { objectives: { status: string; windows: { value: number | null }[] }[] }[] };
    const objective = result.reports[0].objectives[0];
    assert.equal(objective.status, 'met');
    // A server's data moves on without file events: the preview is told to ask again in a minute.
    assert.equal((result as { refreshMs?: number }).refreshMs, 60_000);
    // Set Server Token offers the configured servers: their names only, never an address.
    assert.deepEqual(await client.connection.sendRequest('modelSla/serverNames'), { names: ['prod'] });
    assert.equal(objective.windows.at(-1)!.value, 99);
    assert.ok(seen.length > 0 && seen.every((s) => s.auth === `Bearer ${TOKEN}`), JSON.stringify(seen));
    assert.ok(seen.some((s) => /^http_requests_total\{job="api"\}\[\d+ms\]$/.test(s.query)), JSON.stringify(seen.map((s) => s.query)));
    const everything = JSON.stringify(client.logs) + client.stderr + JSON.stringify(client.published) + JSON.stringify(result);
    assert.ok(!everything.includes(TOKEN), 'the token leaked into a message');
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});

test('an untrusted workspace asks no server, and the preview says why', async () => {
  seen.length = 0;
  const { client } = await LspClient.start({ rootUri: fileUri(dir), initializationOptions: { trusted: false } });
  try {
    const uri = fileUri(join(dir, 'prom.sla.yaml'));
    await withTimeout(client.openAndWait(uri, SLA), 'diagnostics', 30_000);
    const result = await withTimeout(client.connection.sendRequest('modelSla/compliance', { uri }), 'compliance', 30_000) as { error?: string };
    assert.match(result.error ?? '', /not trusted/);
    assert.equal(seen.length, 0);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});
