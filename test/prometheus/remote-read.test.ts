/**
 * Remote read (io/prometheus/remoteRead.ts, io/prometheus/xorChunk.ts) on a real Prometheus: the
 * samples it decodes are the query API's, sample for sample (instants with jitter, gaps long enough
 * for every delta-of-delta width, values of every shape, NaN); a report read that way equals one
 * row per sample, also for a series silent across the period's start (its last number asked for);
 * and a server that refuses it, garbles a frame or trickles its answer still gives that report —
 * by the query API where it must (cells.test.ts runs its comparisons both ways too).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess, type PrometheusAccess } from '../../server/src/io/metricAccess';
import { samplesAccess } from '../support/samplesAccess';
import { complianceReports } from '../../server/src/service/compliance';
import { parseSlaFile } from '../../server/src/service/parse';
import { parseServers } from '../../server/src/service/prometheusServers';
import { PrometheusClient } from '../../server/src/io/prometheus/client';
import { remoteReadSeries } from '../../server/src/io/prometheus/remoteRead';
import { remoteReadCounts } from '../../server/src/io/sources/prometheusCells';
import { parseSelector } from '../../server/src/engine/prometheus/selector';
import { rng } from '../support/prng';
import { prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
const random = rng(41);
const START = Date.parse('2026-06-01T00:00:00Z');
const END = Date.parse('2026-06-03T00:00:00Z');

/** Instants 15 s apart with jitter, odd milliseconds, and pauses of 1 s, 10 min and 3 h (every delta-of-delta width). */
function instants(): number[] {
  const out: number[] = [];
  for (let t = START - 2 * 3_600_000 + Math.floor(random() * 1000); t < END;) {
    out.push(t);
    const x = random();
    t += x < 0.002 ? 3 * 3_600_000 : x < 0.01 ? 600_000 + Math.floor(random() * 5000) : x < 0.03 ? 1000 : 15_000 + Math.floor((random() - 0.5) * 4000);
  }
  return out;
}
/** Values of every shape the XOR encoding meets: steps, constants, fractions, extremes, NaN. */
const shapes: Record<string, (i: number, prev: number) => number> = {
  counter: (_i, prev) => prev + Math.floor(random() * 40),
  constant: () => 42,
  fraction: (_i, prev) => prev + Math.round(random() * 1000) / 10,
  wild: () => { const x = random(); return x < 0.2 ? (random() - 0.5) * 1e-300 : x < 0.4 ? (random() - 0.5) * 1e300 : x < 0.6 ? 2 ** 52 + Math.floor(random() * 1000) : x < 0.7 ? -Math.floor(random() * 1e6) : x < 0.75 ? NaN : random(); },
  sometimesNaN: (i, prev) => (i % 97 === 5 ? NaN : (Number.isNaN(prev) ? 0 : prev) + 1),
};
const gauges: Family = {
  name: 'shapes', type: 'gauge', series: Object.entries(shapes).map(([shape, next]) => {
    let prev = 0;
    return { labels: { shape }, samples: instants().map((t, i) => { const v = next(i, prev); if (!Number.isNaN(v)) prev = v; return { t, v }; }) };
  }),
};
/** Counters; instance b is silent from 22:00 to 01:30 across the period's start (2026-06-02 00:00 UTC). */
function counter(code: string, instance: string): { labels: Record<string, string>; samples: { t: number; v: number }[] } {
  const samples: { t: number; v: number }[] = [];
  let v = 1000;
  for (let t = START; t < END; t += 15_000) {
    v += code === '200' ? 20 + Math.floor(random() * 10) : Math.floor(random() * 2);
    if (instance === 'b' && t >= Date.parse('2026-06-01T22:00:00Z') && t < Date.parse('2026-06-02T01:30:00Z')) continue;
    samples.push({ t, v });
  }
  return { labels: { code, instance }, samples };
}
const requests: Family = { name: 'rr_requests', type: 'counter', series: [counter('200', 'a'), counter('500', 'a'), counter('200', 'b'), counter('500', 'b')] };

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: remote, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-06-02, end: 2026-06-02, timezone: UTC }
metrics:
  requests:
    prometheus: { server: prod, total: 'rr_requests_total', good: 'rr_requests_total{code="200"}' }
objectives:
  - { id: hourly, indicator: availability, metric: requests, target: ">= 95%", window: { calendar: day } }
  - { id: rolling, indicator: availability, metric: requests, target: ">= 95%", window: { rolling: 6h } }
`;

describe('remote read', { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  let proxy: Server;
  /** What the proxy does to a remote read: pass it on, refuse it, garble a frame's checksum, or trickle it. */
  let mode: 'pass' | 'refuse' | 'garble' | 'trickle' = 'pass';
  const proxied: string[] = [];
  before(async () => {
    prom = await startPrometheus([gauges, requests]);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-remote-read-'));
    proxy = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', prom.url);
      const parts: Buffer[] = [];
      for await (const part of req) parts.push(part as Buffer);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      if (url.pathname === '/api/v1/read') {
        proxied.push(mode);
        if (mode === 'refuse') { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found'); return; }
      }
      const answer = await fetch(url, { method: req.method, headers, ...(req.method === 'POST' ? { body: Buffer.concat(parts) } : {}) });
      const body = new Uint8Array(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      if (url.pathname !== '/api/v1/read' || mode === 'pass') { res.end(body); return; }
      if (mode === 'garble') {
        // The first frame's checksum follows its length (a uvarint).
        let i = 0;
        while (body[i] & 0x80) i++;
        body[i + 1] ^= 0xff;
        res.end(body);
        return;
      }
      for (let i = 0; i < body.length; i += 7) {
        res.write(body.subarray(i, i + 7));
        if (i % 700 === 0) await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    proxy?.closeAllConnections();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await prom?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });
  const proxyUrl = () => `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  test('the decoded samples are the query API\'s, sample for sample, for every shape and range', async () => {
    const client = new PrometheusClient(parseServers({ prod: { url: prom.url } }).servers.get('prod')!);
    // Ends at a sample's instant too: (a, b] leaves out the sample at a and keeps the one at b.
    const n = gauges.series[0].samples.length, at = (i: number) => gauges.series[0].samples[i].t;
    const ranges: [number, number][] = [[START - 3 * 3_600_000, END], [Date.parse('2026-06-01T07:13:20.500Z'), Date.parse('2026-06-02T19:00:00.001Z')], [START + 1, START + 60_000], [at(n >> 2), at(n >> 1)], [at(n >> 2) - 1, at(n >> 1) - 1]];
    let compared = 0;
    for (const selector of ['shapes', 'shapes{shape=~"wild|fraction"}', 'shapes{shape!="constant"}', 'rr_requests_total{instance="b"}']) {
      for (const [a, b] of ranges) {
        const expected = await client.rangeSamples(selector, a, b);
        const got = new Map<string, { t: number[]; v: number[] }>();
        const parsed = parseSelector(selector);
        assert.ok(parsed.ok);
        const series = await remoteReadSeries(client, parsed.selector, a, b, (s) => { got.set(JSON.stringify(s.labels), { t: [...s.t], v: [...s.v] }); });
        assert.equal(series, got.size);
        for (const s of expected) {
          const mine = got.get(JSON.stringify(s.labels));
          assert.ok(mine, `${selector}: ${JSON.stringify(s.labels)} missing`);
          assert.deepEqual(mine.t, [...s.t], `${selector} ${JSON.stringify(s.labels)} instants`);
          assert.equal(mine.v.length, s.v.length);
          for (let i = 0; i < s.v.length; i++) assert.ok(Object.is(mine.v[i], s.v[i]), `${selector} ${JSON.stringify(s.labels)} value ${i}: ${mine.v[i]} vs ${s.v[i]}`);
          compared += s.t.length;
          got.delete(JSON.stringify(s.labels));
        }
        // Series without a sample in the range are not in the query API's answer; nor may they have samples here.
        for (const [labels, s] of got) assert.equal(s.t.length, 0, `${selector}: ${labels} only remotely`);
      }
    }
    assert.ok(compared > 50_000, `${compared} samples compared`);
  });

  const report = async (url: string, how: 'remote' | 'samples', options: { remoteRead?: boolean } = {}) => {
    const file = parseSlaFile(pathToFileURL(join(ws, 'remote.sla.yaml')).href, 1, SLA);
    const asked: string[] = [];
    const access: PrometheusAccess = {
      servers: () => parseServers({ prod: { url, ...options } }).servers, source: { now: () => END + 3_600_000, remoteRead: true },
      trace: (line) => asked.push(decodeURIComponent(line)),
    };
    const reports = await complianceReports(file, how === 'remote' ? new NodeMetricAccess(() => [ws], 32, access) : samplesAccess(access), { file: 'remote.sla.yaml', series: true });
    return { reports, asked };
  };

  test('a series silent across the period\'s start: its last number before is asked for, the report is one row per sample\'s', async () => {
    const before = { ...remoteReadCounts };
    const remote = await report(prom.url, 'remote');
    const samples = await report(prom.url, 'samples');
    assert.deepEqual(remote.reports, samples.reports);
    assert.equal(remoteReadCounts.read - before.read, 1);
    assert.equal(remoteReadCounts.refused, before.refused);
    // Instance b came back at 01:30 with its counter where it was: no series start, and its increase since 22:00 counted.
    const r = remote.reports[0] as any;
    assert.ok(!r.dataIssues?.some((d: any) => d.problem.startsWith('series start')), JSON.stringify(r.dataIssues));
    assert.ok(remote.asked.some((l) => l.includes('last_over_time(rr_requests_total{')), remote.asked.join('\n'));
  });

  test('a server that refuses remote reads (404): the query API answers, and it is not asked again', async () => {
    mode = 'refuse';
    proxied.length = 0;
    const before = { ...remoteReadCounts };
    const first = await report(proxyUrl(), 'remote');
    const again = await report(proxyUrl(), 'remote');
    const samples = await report(prom.url, 'samples');
    assert.deepEqual(first.reports, samples.reports);
    assert.deepEqual(again.reports, samples.reports);
    assert.deepEqual(proxied, ['refuse']);
    assert.equal(remoteReadCounts.refused - before.refused, 1);
    assert.match(remoteReadCounts.lastRefusal, /404/);
    assert.ok(first.asked.some((l) => l.includes('label_replace(count_over_time(')), 'the chunk checks ran');
  });

  test('a frame whose checksum does not match: that read goes by the query API; a trickled answer is read whole', async () => {
    const samples = await report(prom.url, 'samples');
    // Another address: the refusal above is remembered for the proxy's.
    const url = proxyUrl().replace('127.0.0.1', 'localhost');
    mode = 'garble';
    let before = { ...remoteReadCounts };
    const garbled = await report(url, 'remote');
    assert.deepEqual(garbled.reports, samples.reports);
    assert.equal(remoteReadCounts.refused - before.refused, 1);
    assert.match(remoteReadCounts.lastRefusal, /checksum/);
    mode = 'trickle';
    before = { ...remoteReadCounts };
    const trickled = await report(url, 'remote');
    assert.deepEqual(trickled.reports, samples.reports);
    assert.equal(remoteReadCounts.refused, before.refused, remoteReadCounts.lastRefusal);
    assert.equal(remoteReadCounts.read - before.read, 1);
    mode = 'pass';
  });

  test('`remoteRead: false` in .model-sla.yaml: never a remote read', async () => {
    const off = await report(prom.url, 'remote', { remoteRead: false });
    assert.ok(!off.asked.some((l) => l.startsWith('POST')), off.asked.join('\n'));
    assert.deepEqual(off.reports, (await report(prom.url, 'samples')).reports);
  });
});
