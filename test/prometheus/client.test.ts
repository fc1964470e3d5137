/**
 * The Prometheus HTTP client (server/src/io/prometheus/client.ts) against a real Prometheus
 * (Debian's package, backfilled by promtool, on a free loopback port) and, for the failures a real
 * server will not produce on demand (401, 503 then 200, a slow or huge answer, a redirect), a
 * plain Node HTTP server on loopback. Every failure must be a clear message, never a hang, and the
 * token never appears in one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProjectConfig } from '../../server/src/io/projectConfig';
import { tokenFromEnvironment } from '../../server/src/io/metricAccess';
import { PrometheusClient, PrometheusError, promTime } from '../../server/src/io/prometheus/client';
import { parseServers, type PrometheusServer } from '../../server/src/service/prometheusServers';
import { freePort, prometheusAvailable, startPrometheus, type RunningPrometheus } from '../support/prometheus';

const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const server = (url: string, extra: Record<string, unknown> = {}): PrometheusServer => {
  const { servers, problems } = parseServers({ test: { url, ...extra } });
  assert.deepEqual(problems, []);
  return servers.get('test')!;
};

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';

describe('against a real Prometheus', { skip }, () => {
  let prom: RunningPrometheus;
  let prefixed: RunningPrometheus;
  // Two series of one counter every 15 s for an hour, one of another job.
  const families = [{
    name: 'req', type: 'counter' as const, series: [
      { labels: { job: 'api', instance: 'a' }, samples: Array.from({ length: 241 }, (_, i) => ({ t: T0 + i * 15_000, v: i })) },
      { labels: { job: 'api', instance: 'b' }, samples: Array.from({ length: 241 }, (_, i) => ({ t: T0 + i * 15_000 + 500, v: 2 * i })) },
      { labels: { job: 'batch', instance: 'c' }, samples: [{ t: T0, v: 1 }, { t: T0 + 60_000, v: 2 }] },
    ],
  }];
  before(async () => {
    prom = await startPrometheus(families);
    prefixed = await startPrometheus(families, { flags: ['--web.route-prefix=/prometheus', '--web.external-url=http://127.0.0.1/prometheus'] });
  });
  after(async () => { await prom?.stop(); await prefixed?.stop(); });

  test('raw samples of adjacent ranges tile: a sample exactly on a range edge is read once', async () => {
    const client = new PrometheusClient(server(prom.url));
    const edge = T0 + 30 * 15_000; // a sample of instance a lies exactly here
    const first = await client.rangeSamples('req_total{job="api"}', T0 - 1, edge);
    const second = await client.rangeSamples('req_total{job="api"}', edge, T0 + 3_600_000);
    const a = (rs: typeof first) => rs.find((s) => s.labels.instance === 'a')!;
    assert.equal(a(first).t.at(-1), edge);
    assert.equal(a(second).t[0], edge + 15_000);
    assert.equal(a(first).t.length + a(second).t.length, 241);
    assert.deepEqual(a(first).labels, { job: 'api', instance: 'a' });
    // Half-second offsets come back to the millisecond.
    const b = first.find((s) => s.labels.instance === 'b')!;
    assert.equal(b.t[1], T0 + 15_500);
    assert.equal(b.v[1], 2);
  });

  test('a URL with a path prefix (as Mimir serves under /prometheus)', async () => {
    const client = new PrometheusClient(server(prefixed.url));
    assert.match(prefixed.url, /\/prometheus$/);
    const rs = await client.rangeSamples('req_total{job="batch"}', T0 - 1, T0 + 60_000);
    assert.deepEqual([...rs[0].v], [1, 2]);
  });

  test('label values and series for completion and hover', async () => {
    const client = new PrometheusClient(server(prom.url));
    assert.deepEqual(await client.labelValues('__name__'), ['req_total']);
    assert.deepEqual((await client.labelValues('instance', 'req_total{job="api"}')).sort(), ['a', 'b']);
    const series = await client.series('req_total', T0, T0 + 3_600_000);
    assert.equal(series.length, 3);
  });

  test('invalid PromQL is the server\'s own message, and more series than maxSeries is refused', async () => {
    const client = new PrometheusClient(server(prom.url, { maxSeries: 2 }));
    await assert.rejects(client.rangeSamples('req_total{', T0, T0 + 60_000), (e: PrometheusError) => e.kind === 'query' && /refused the query \(400: .*parse error/.test(e.message));
    await assert.rejects(client.rangeSamples('req_total', T0 - 1, T0 + 60_000), (e: PrometheusError) => e.kind === 'too-large' && /matches 3 series .* more than `maxSeries` \(2\)/.test(e.message));
  });
});

describe('failures a server can cause', () => {
  let url = '';
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  const http = createServer((req, res) => handler(req, res));
  const success = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'x', job: 'a' }, values: [[T0 / 1000, '1'], [T0 / 1000 + 15, '2']] }] } });
  before(async () => {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }));

  test('401 says where the token should come from, and never shows the token', async () => {
    let sent = '';
    handler = (req, res) => { sent = String(req.headers.authorization); res.writeHead(401).end('unauthorized'); };
    const noToken = new PrometheusClient(server(url, { tokenEnv: 'PROM_TOKEN' }));
    await assert.rejects(noToken.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => e.kind === 'auth' && /PROM_TOKEN is not set/.test(e.message));
    const withToken = new PrometheusClient(server(url, { tokenEnv: 'PROM_TOKEN' }), { token: 's3cret-token' });
    await assert.rejects(withToken.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => /the token was refused/.test(e.message) && !e.message.includes('s3cret'));
    assert.equal(sent, 'Bearer s3cret-token');
  });

  test('a server (or a proxy) that echoes the Authorization header in its error: the token is blanked out of the message', async () => {
    for (const status of [400, 502]) {
      handler = (req, res) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'error', error: `bad request, headers: Authorization=${req.headers.authorization}` }));
      const client = new PrometheusClient(server(url), { token: 's3cret-token', sleep: async () => undefined });
      await assert.rejects(client.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => !e.message.includes('s3cret-token') && /Authorization=Bearer \*\*\*/.test(e.message));
    }
  });

  test('a .model-sla.yaml cannot send any other secret of the job: only metric-server token variables, or those the job allows', async () => {
    let sent: string | undefined = 'none';
    handler = (req, res) => { sent = req.headers.authorization; res.writeHead(401).end(); };
    process.env.AWS_SECRET_ACCESS_KEY = 'aws-secret-1';
    process.env.PROMETHEUS_TOKEN_PROD = 'prom-token-1';
    try {
      const hostile = server(url, { tokenEnv: 'AWS_SECRET_ACCESS_KEY' });
      assert.equal(tokenFromEnvironment(hostile), undefined);
      await assert.rejects(new PrometheusClient(hostile, { token: tokenFromEnvironment(hostile) }).rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => /AWS_SECRET_ACCESS_KEY is not sent: .*MODEL_SLA_TOKEN_ENVS=AWS_SECRET_ACCESS_KEY/.test(e.message) && !e.message.includes('aws-secret'));
      assert.equal(sent, undefined);
      assert.equal(tokenFromEnvironment(server(url, { tokenEnv: 'PROMETHEUS_TOKEN_PROD' })), 'prom-token-1');
      process.env.MODEL_SLA_TOKEN_ENVS = 'OTHER, AWS_SECRET_ACCESS_KEY';
      assert.equal(tokenFromEnvironment(hostile), 'aws-secret-1');
    } finally {
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.PROMETHEUS_TOKEN_PROD;
      delete process.env.MODEL_SLA_TOKEN_ENVS;
    }
  });

  test('headers (a Mimir tenant) are sent; 503 twice then success is retried with backoff', async () => {
    let calls = 0;
    const tenants: string[] = [];
    const queries: URLSearchParams[] = [];
    handler = (req, res) => {
      tenants.push(String(req.headers['x-scope-orgid']));
      queries.push(new URL(req.url ?? '/', 'http://x').searchParams);
      calls++;
      if (calls < 3) res.writeHead(503, { 'Retry-After': '1' }).end();
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end(success);
    };
    const waits: number[] = [];
    const client = new PrometheusClient(server(url, { headers: { 'X-Scope-OrgID': 'ml' } }), { sleep: async (ms) => { waits.push(ms); } });
    const rs = await client.rangeSamples('x', T0 - 1, T0 + 60_000);
    assert.deepEqual([...rs[0].v], [1, 2]);
    // Spec §10: downsampled data is never used, and a partial answer is no answer (Thanos).
    assert.ok(queries.every((q) => q.get('max_source_resolution') === '0s' && q.get('partial_response') === 'false'));
    assert.deepEqual(waits, [1000, 1000]);
    assert.deepEqual(tenants, ['ml', 'ml', 'ml']);
  });

  test('503 on every try fails with the status after the last try', async () => {
    let calls = 0;
    handler = (_req, res) => { calls++; res.writeHead(503).end(JSON.stringify({ status: 'error', error: 'overloaded' })); };
    const client = new PrometheusClient(server(url), { sleep: async () => undefined });
    await assert.rejects(client.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => e.kind === 'server' && /failed \(503: overloaded\)/.test(e.message));
    assert.equal(calls, 3);
  });

  test('a server slower than the timeout ends the request with a timeout message', async () => {
    handler = () => undefined; // never answers
    const client = new PrometheusClient(server(url, { timeout: '200ms' }));
    await assert.rejects(client.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => e.kind === 'timeout' && /did not answer within 0.2 s/.test(e.message));
  });

  test('an answer larger than maxResponseMB is cut off, declared or streamed', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => { while (sent < 4 * 1024 * 1024) { sent += chunk.length; if (!res.write(chunk)) { res.once('drain', pump); return; } } res.end(); };
      pump();
    };
    const client = new PrometheusClient(server(url, { maxResponseMB: 1 }));
    await assert.rejects(client.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => e.kind === 'too-large' && /more than 1 MB/.test(e.message));
  });

  test('a redirect is not followed', async () => {
    handler = (_req, res) => res.writeHead(302, { Location: 'http://evil.example/api/v1/query' }).end();
    const client = new PrometheusClient(server(url), { token: 't' });
    await assert.rejects(client.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => /redirect \(302 to http:\/\/evil.example\); redirects are not followed/.test(e.message));
  });

  test('not the Prometheus API (an HTML login page) says so', async () => {
    handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>');
    const client = new PrometheusClient(server(url));
    await assert.rejects(client.rangeSamples('x', T0, T0 + 60_000), /did not answer as the Prometheus HTTP API does/);
  });

  test('nobody listening: connection refused', async () => {
    const port = await freePort();
    const client = new PrometheusClient(server(`http://127.0.0.1:${port}`));
    await assert.rejects(client.rangeSamples('x', T0, T0 + 60_000), (e: PrometheusError) => e.kind === 'unreachable' && /connection refused/.test(e.message));
  });

  test('cancelled requests end at once', async () => {
    handler = () => undefined;
    const client = new PrometheusClient(server(url));
    const controller = new AbortController();
    const pending = client.rangeSamples('x', T0, T0 + 60_000, controller.signal);
    controller.abort();
    await assert.rejects(pending, (e: PrometheusError) => e.kind === 'aborted');
  });
});

test('promTime writes milliseconds exactly', () => {
  assert.equal(promTime(1767571200000), '1767571200');
  assert.equal(promTime(1767571200005), '1767571200.005');
});

test('the servers configuration refuses secrets in the file', () => {
  const { servers, problems } = parseServers({
    a: { url: 'https://user:pw@prom.example' },
    b: { url: 'https://prom.example', headers: { Authorization: 'Bearer x' } },
    c: { url: 'https://prom.example/prometheus/', tokenEnv: 'PROM_TOKEN', timeout: '10s' },
    d: { url: 'ftp://x' },
    e: { url: 'https://prom.example', tokenEnv: 'eyJhbGciOi.J9' },
  });
  assert.deepEqual([...servers.keys()], ['c']);
  assert.equal(servers.get('c')!.url, 'https://prom.example/prometheus');
  assert.equal(servers.get('c')!.timeoutMs, 10_000);
  assert.match(problems.join('\n'), /server `a`: `url` holds credentials/);
  assert.match(problems.join('\n'), /server `b`: the header `Authorization` carries a secret/);
  assert.match(problems.join('\n'), /server `d`: `url` must be http or https/);
  assert.match(problems.join('\n'), /server `e`: `tokenEnv` must be the name of an environment variable/);
});

test('.model-sla.yaml servers: are read with the severities; a bad entry is said and left out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-config-'));
  try {
    writeFileSync(join(dir, '.model-sla.yaml'), 'severity:\n  SLA109: off\nservers:\n  prod:\n    url: https://prom.example/prometheus\n    headers: { X-Scope-OrgID: ml }\n    tokenEnv: PROM_TOKEN\n  leaky:\n    url: https://prom.example\n    headers: { Authorization: Bearer abc }\n');
    const config = readProjectConfig(dir);
    assert.deepEqual([...config.servers.keys()], ['prod']);
    assert.deepEqual(config.servers.get('prod')!.headers, { 'X-Scope-OrgID': 'ml' });
    assert.equal(config.severity.SLA109, 'off');
    assert.match(config.problems.join('\n'), /server `leaky`: the header `Authorization` carries a secret/);
    assert.ok(!config.problems.join('\n').includes('abc'), 'the secret is not repeated');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
