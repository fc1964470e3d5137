/**
 * The result must not depend on which server answers (spec §10, issue 15): Prometheus 2.x range
 * selectors include their left end (`[t − r, t]`), 3.x and VictoriaMetrics do not (`(t − r, t]`).
 * Only 2.42 is installable here, so a proxy in front of it answers as 3.x would: every range `[Nms]`
 * is asked as `[N−1 ms]` (timestamps are whole milliseconds: `(t − N, t]` is `[t − N + 1, t]`), and
 * the one-millisecond probe finds nothing. Increases per cell must then learn the left-open
 * semantics and still give, to the last digit, what one row per sample gives — and what the same
 * reads against the 2.x server give.
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
import { rng } from '../support/prng';
import { prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
const PERIOD_START = Date.parse('2026-03-27T23:00:00Z'); // 2026-03-28 00:00 in Berlin, the day before DST begins
const END = Date.parse('2026-03-31T22:00:00Z');
const random = rng(5);

/** Samples on a 15 s grid starting exactly on the period's start — with 15 s slices each cell holds one sample, at its left end —, a reset on a chunk edge. */
function samples(offset: number, resetAt?: number) {
  const out: { t: number; v: number }[] = [];
  let v = 0;
  for (let t = PERIOD_START - 3_600_000 + offset; t < END - 600_000; t += 15_000) {
    if (t === resetAt) v = 0;
    v += Math.floor(random() * 20);
    out.push({ t, v });
  }
  return out;
}
const families: Family[] = [{
  name: 'req', type: 'counter', series: [
    { labels: { instance: 'a', code: '200' }, samples: samples(0, PERIOD_START + 86_400_000) },
    { labels: { instance: 'a', code: '500' }, samples: samples(0).map((s) => ({ t: s.t, v: Math.floor(s.v / 50) })) },
    { labels: { instance: 'b', code: '200' }, samples: samples(1) },
  ],
}];

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: semantics, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-03-28, end: 2026-03-31, timezone: Europe/Berlin }
metrics:
  requests:
    prometheus: { server: prod, total: 'req_total', good: 'req_total{code="200"}' }
objectives:
  - { id: daily, indicator: availability, metric: requests, target: ">= 99%", window: { calendar: day } }
  - { id: rolling, indicator: availability, metric: requests, target: ">= 99%", window: { rolling: 1d } }
  - { id: slices, indicator: availability, metric: requests, target: ">= 99%", budgeting: timeslices, slice: 15m, sliceTarget: ">= 90%", window: { calendar: day } }
  - { id: rate, indicator: throughput, metric: requests, target: ">= 1rps", slice: 15s, window: { calendar: day } }
`;

describe('the same numbers whichever range semantics the server has', { skip }, () => {
  let prom: RunningPrometheus;
  let proxy: Server;
  let ws: string;
  const asked: string[] = [];
  before(async () => {
    prom = await startPrometheus(families);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-semantics-'));
    // A Prometheus 3.x in front of the 2.x: left-open ranges.
    proxy = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', prom.url);
      const query = url.searchParams.get('query');
      if (query !== null) {
        asked.push(query);
        if (/^count_over_time\(.*\[1ms\]\)$/.test(query)) {
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
          return;
        }
        url.searchParams.set('query', query.replace(/\[(\d+)ms\]/g, (_m, n) => `[${Number(n) - 1}ms]`));
      }
      const answer = await fetch(url);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(await answer.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    proxy?.closeAllConnections();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await prom?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  const access = (url: string): PrometheusAccess => ({ servers: () => parseServers({ prod: { url } }).servers, source: { now: () => END + 3_600_000 } });
  const report = async (how: 'cells' | 'samples', url: string) => {
    const file = parseSlaFile(pathToFileURL(join(ws, 'semantics.sla.yaml')).href, 1, SLA);
    const a = access(url);
    const metrics = how === 'cells'
      ? new NodeMetricAccess(() => [ws], 32, a)
      : samplesAccess(a);
    return complianceReports(file, metrics, { file: 'semantics.sla.yaml', series: true });
  };

  test('a left-open server (3.x) and a left-closed one (2.x) give the same report, cells or samples', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const closedCells = await report('cells', prom.url);
    const openCells = await report('cells', proxyUrl);
    // The proxy was asked the pushed-down queries, answered the probe as 3.x, and the cells were
    // used (a few samples read: the first hour, the tail, the chunk with the reset), not given up for samples.
    const cellsAsked = asked.splice(0);
    assert.ok(cellsAsked.some((q) => q.startsWith('label_replace(count_over_time(')) && cellsAsked.some((q) => /\[1ms\]/.test(q)), cellsAsked.slice(0, 5).join('\n'));
    // (One row per sample would ask ~20 six-hour reads per series here.)
    const rawReads = cellsAsked.filter((q) => /^req_total\{[^}]*\}\[\d+ms\]$/.test(q)).length;
    assert.ok(rawReads <= 8, `${rawReads} raw reads:\n${cellsAsked.join('\n')}`);
    const openSamples = await report('samples', proxyUrl);
    assert.deepEqual(openCells, openSamples);
    assert.deepEqual(openCells, closedCells);
    const daily = (closedCells[0] as any).objectives[0].windows;
    assert.ok(daily.length === 4 && daily.every((w: any) => w.observations > 10_000), JSON.stringify(daily.map((w: any) => w.observations)));
  });
});
