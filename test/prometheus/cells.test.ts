/**
 * Increases per cell (io/sources/prometheusCells.ts) against one row per sample, on a real
 * Prometheus: the same SLA reported both ways must be equal to the last digit — windows, slices,
 * exclusions, the preview's rolling and slice series, data issues — because every instant the
 * evaluation cuts at is an edge of the cells (engine/sources/evaluationEdges.ts). The counters carry
 * everything that makes a chunk unclean: a reset, a NaN sample, a 20-minute gap, a series that
 * starts inside the range, two scrape offsets; the SLA cuts at odd instants (an exclusion at
 * 13:07:30.5, 7-minute slices whose grid does not repeat from day to day, a rolling window ending
 * 1 ms after the latest sample) in a DST zone. And the point of it: far fewer rows than samples.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess, type PrometheusAccess } from '../../server/src/io/metricAccess';
import { samplesAccess } from '../support/samplesAccess';
import { complianceReports } from '../../server/src/service/compliance';
import { parseSlaFile } from '../../server/src/service/parse';
import { parseServers } from '../../server/src/service/prometheusServers';
import { PrometheusMetricSource } from '../../server/src/io/sources/prometheusSource';
import { PrometheusClient } from '../../server/src/io/prometheus/client';
import { evaluationEdges } from '../../server/src/engine/sources/evaluationEdges';
import { clearAnswers } from '../../server/src/io/prometheus/answerCache';
import { remoteReadCounts } from '../../server/src/io/sources/prometheusCells';
import { rng } from '../support/prng';
import { prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
// Europe/Berlin across the end of DST (2026-10-25).
const PERIOD_START = Date.parse('2026-10-22T22:00:00Z');
const END = Date.parse('2026-10-26T23:00:00Z');
const random = rng(23);

/** Errors: a few most of the time, many in one bad hour on 10-24 and in scattered minutes. */
const OUTAGE = [Date.parse('2026-10-24T09:00:00Z'), Date.parse('2026-10-24T10:00:00Z')];
const increment = (t: number, errors: boolean) => (!errors ? 20 + Math.floor(random() * 20)
  : (t >= OUTAGE[0] && t < OUTAGE[1]) || random() < 0.01 ? 10 + Math.floor(random() * 20) : random() < 0.2 ? 1 : 0);

function counterSamples(offset: number, errors: boolean, opts: { resetAt?: number; nanAt?: number; gap?: [number, number]; from?: number; step?: number } = {}) {
  const out: { t: number; v: number }[] = [];
  let v = 0;
  const step = opts.step ?? 15_000;
  for (let t = (opts.from ?? PERIOD_START - 2 * 3_600_000) + offset; t < END - 20 * 60_000 + offset; t += step) {
    if (opts.gap && t >= opts.gap[0] && t < opts.gap[1]) continue;
    if (opts.resetAt !== undefined && t >= opts.resetAt && t - step < opts.resetAt) v = 0;
    v += increment(t, errors);
    out.push({ t, v: opts.nanAt !== undefined && t >= opts.nanAt && t - step < opts.nanAt ? NaN : v });
  }
  return out;
}
/** A histogram of two instances (one spells the 0.3 s boundary `0.30`), instance b restarting. */
function histogram(instance: string, offset: number, le03: string, restartAt?: number) {
  const bounds = ['0.1', le03, '1', '+Inf'];
  const cum = [0, 0, 0, 0];
  const series = bounds.map(() => [] as { t: number; v: number }[]);
  const count: { t: number; v: number }[] = [];
  for (let t = PERIOD_START - 3_600_000 + offset; t < END - 20 * 60_000; t += 15_000) {
    if (restartAt !== undefined && t >= restartAt && t - 15_000 < restartAt) cum.fill(0);
    const n = Math.floor(random() * 12);
    for (let k = 0; k < n; k++) { const x = random(); const b = x < 0.6 ? 0 : x < 0.97 ? 1 : x < 0.995 ? 2 : 3; for (let j = b; j < 4; j++) cum[j]++; }
    bounds.forEach((_, j) => series[j].push({ t, v: cum[j] }));
    count.push({ t, v: cum[3] });
  }
  return [
    ...bounds.map((le, j) => ({ labels: { __name__: 'lat_seconds_bucket', instance, le }, samples: series[j] })),
    { labels: { __name__: 'lat_seconds_count', instance }, samples: count },
  ];
}

const families: Family[] = [{ name: 'lat_seconds', type: 'histogram', series: [...histogram('a', 0, '0.3'), ...histogram('b', 5_000, '0.30', Date.parse('2026-10-25T03:00:00Z'))] }, {
  name: 'req', type: 'counter', series: [
    { labels: { instance: 'a', code: '200' }, samples: counterSamples(0, false, { resetAt: Date.parse('2026-10-24T13:00:00Z') }) },
    { labels: { instance: 'a', code: '500' }, samples: counterSamples(0, true) },
    { labels: { instance: 'b', code: '200' }, samples: counterSamples(7_250, false, { nanAt: Date.parse('2026-10-25T04:00:00Z'), resetAt: Date.parse('2026-10-25T04:00:30Z') }) },
    { labels: { instance: 'b', code: '500' }, samples: counterSamples(7_250, true, { gap: [Date.parse('2026-10-23T06:00:00Z'), Date.parse('2026-10-23T06:20:00Z')] }) },
    { labels: { instance: 'c', code: '200' }, samples: counterSamples(11_000, false, { from: Date.parse('2026-10-24T08:00:00Z') }) },
    { labels: { instance: 'c', code: '500' }, samples: counterSamples(11_000, true, { from: Date.parse('2026-10-24T08:00:00Z') }) },
  ],
}];

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: cells, owner: team@example.com }
model: churn
scope: internal
period: { start: 2026-10-23, end: 2026-10-26, timezone: Europe/Berlin }
metrics:
  requests:
    prometheus: { server: prod, total: 'req_total', good: 'req_total{code="200"}' }
objectives:
  - id: daily
    indicator: availability
    metric: requests
    target: ">= 99%"
    window: { calendar: day }
    exclusions:
      - { reason: deploy, from: "2026-10-24T13:07:30.500+02:00", to: "2026-10-24T15:01:00+02:00" }
  - id: rolling
    indicator: availability
    metric: requests
    target: ">= 99%"
    window: { rolling: 1d }
  - id: slices
    indicator: availability
    metric: requests
    target: ">= 99%"
    budgeting: timeslices
    slice: 7m
    sliceTarget: ">= 90%"
    window: { rolling: 1d }
  - id: rate
    indicator: throughput
    metric: requests
    target: ">= 6rps"
    slice: 5m
    window: { calendar: day }
`;

// Both ways of reading before the last hour: the query API's chunk checks, and a remote read (the CLI's).
for (const remoteRead of [false, true]) describe(`increases per cell give what one row per sample gives${remoteRead ? ' (samples by remote read)' : ''}`, { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  let access: PrometheusAccess;
  before(async () => {
    prom = await startPrometheus(families);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-cells-'));
    const { servers } = parseServers({ prod: { url: prom.url } });
    access = { servers: () => servers, source: { now: () => END + 3_600_000, remoteRead } };
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });

  /** Reports both ways: `cells` (the service's hints) and samples (the same hints without edges). */
  async function both(asOf?: number) {
    const file = parseSlaFile(pathToFileURL(join(ws, 'cells.sla.yaml')).href, 1, SLA);
    const cells = new NodeMetricAccess(() => [ws], 32, access);
    const samples = samplesAccess(access);
    const options = { file: 'cells.sla.yaml', series: true, ...(asOf !== undefined ? { asOf } : {}) };
    return { cells: await complianceReports(file, cells, options), samples: await complianceReports(file, samples, options) };
  }

  test('the default asOf: every window, slice, series point and data issue is equal', async () => {
    const before = { ...remoteReadCounts };
    const { cells, samples } = await both();
    assert.deepEqual(cells, samples);
    // Each selector was read remotely (or none was): no refusal fell back to the query API.
    assert.equal(remoteReadCounts.read - before.read, remoteRead ? 1 : 0);
    assert.equal(remoteReadCounts.refused, before.refused);
    const r = cells[0] as any;
    // The data issues were found in the chunks read as samples: the gap, the NaN sample, the series start.
    const problems = r.dataIssues.map((d: any) => d.problem.split(':')[0]).sort();
    assert.deepEqual([...new Set(problems)], ['NaN samples', 'gap', 'series start']);
    assert.ok(r.objectives.every((o: any) => o.windows.some((w: any) => w.observations > 0)));
    // The rolling points and the slices are real numbers, not all alike: a cut in the wrong place would show.
    const rolling = r.objectives.find((o: any) => o.id === 'rolling').series.map((p: any) => p.value);
    assert.ok(rolling.length >= 3 && new Set(rolling).size === rolling.length, String(rolling));
    const sliced = r.objectives.find((o: any) => o.id === 'slices').series.map((p: any) => p.value);
    assert.ok(sliced.some((v: number) => v > 0 && v < 100), String(sliced));
  });

  test('a period that runs on after the data stopped: the latest sample is found, and cells still used', async () => {
    const text = SLA.replace('end: 2026-10-26', 'end: 2026-10-31');
    const file = parseSlaFile(pathToFileURL(join(ws, 'late.sla.yaml')).href, 1, text);
    const later = { ...access, source: { now: () => Date.parse('2026-11-05T00:00:00Z'), remoteRead } };
    const asked: string[] = [];
    const cells = await complianceReports(file, new NodeMetricAccess(() => [ws], 32, { ...later, trace: (l) => asked.push(decodeURIComponent(l)) }), { file: 'late.sla.yaml', series: true });
    const samples = await complianceReports(file, samplesAccess(later), { file: 'late.sla.yaml', series: true });
    assert.deepEqual(cells, samples);
    assert.equal((cells[0] as any).asOf, new Date(Math.max(...families.find((f) => f.name === 'req')!.series.map((x) => x.samples.at(-1)!.t)) + 1).toISOString());
    // Samples were read only where a chunk is unclean and around the latest sample, not for the whole range.
    const rawReads = asked.filter((l) => /query=req_total\{[^}]*\}\[\d+ms\]/.test(l)).length;
    assert.ok(rawReads < 12 && asked.some((l) => l.includes('max(timestamp(')), `${rawReads} raw reads:\n${asked.join('\n')}`);
    // By remote read: one read of the selector before the tail, no chunk checks.
    const checks = asked.filter((l) => l.includes('label_replace(count_over_time(')).length;
    if (remoteRead) assert.ok(checks === 0 && asked.filter((l) => l.startsWith('POST /api/v1/read req_total')).length === 1, asked.join('\n'));
    else assert.ok(checks > 0);
  });

  test('an asOf given inside the data (a partial day, a rolling window ending mid-chunk)', async () => {
    const { cells, samples } = await both(Date.parse('2026-10-25T17:33:20.250Z'));
    assert.deepEqual(cells, samples);
  });

  test('a histogram read for a ratio-form threshold: only that bucket and +Inf are asked for, the report is the same', async () => {
    const text = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: cells-histogram, owner: team@example.com }
model: churn
scope: internal
period: { start: 2026-10-23, end: 2026-10-26, timezone: Europe/Berlin }
metrics:
  latency:
    prometheus: { server: prod, histogram: lat_seconds }
    unit: s
objectives:
  - id: fast
    indicator: latency
    metric: latency
    threshold: "<= 300ms"
    target: ">= 96%"
    window: { calendar: day }
    exclusions:
      - { reason: deploy, from: "2026-10-24T13:07:30.500+02:00", to: "2026-10-24T15:01:00+02:00" }
`;
    const file = parseSlaFile(pathToFileURL(join(ws, 'h.sla.yaml')).href, 1, text);
    const asked: string[] = [];
    const traced = { ...access, trace: (line: string) => asked.push(decodeURIComponent(line)) };
    const cells = await complianceReports(file, new NodeMetricAccess(() => [ws], 32, traced), { file: 'h.sla.yaml', series: true });
    const samples = await complianceReports(file, samplesAccess(access), { file: 'h.sla.yaml', series: true });
    assert.deepEqual(cells, samples);
    const windows = (cells[0] as any).objectives[0].windows;
    assert.ok(windows.some((w: any) => w.status === 'met') && windows.every((w: any) => w.observations > 1000), JSON.stringify(windows.map((w: any) => [w.status, w.value])));
    const bucketReads = asked.filter((l) => l.includes('lat_seconds_bucket') && !l.includes('/label/'));
    assert.ok(bucketReads.length > 0 && bucketReads.every((l) => /le=~"[^"]*"|le="(0\.3|0\.30|\+Inf)"/.test(l) && !/le="(0\.1|1)"/.test(l)), bucketReads.join('\n'));
  });

  test('a read that comes again asks only for what is not settled yet (the preview\'s refresh)', { skip: remoteRead ? 'the editor reads by the query API' : false }, async () => {
    clearAnswers();
    const sla = parseSlaFile('file:///x.sla.yaml', 1, SLA).docs[0].value as Record<string, any>;
    const { servers } = parseServers({ prod: { url: prom.url } });
    const range = { from: PERIOD_START, to: END };
    const spec = { server: 'prod', total: 'req_total', good: 'req_total{code="200"}' };
    const read = async (now: number) => {
      const asked: string[] = [];
      const client = new PrometheusClient(servers.get('prod')!, { trace: (l) => asked.push(decodeURIComponent(l)) });
      const data = await new PrometheusMetricSource(client, spec, { range, edges: evaluationEdges(sla, 'requests'), now: () => now, remoteRead }).read({ range });
      return { data, asked };
    };
    const first = await read(END + 3_600_000);
    const again = await read(END + 3_660_000);
    assert.deepEqual(again.data, first.data);
    const checks = (asked: string[]) => asked.filter((l) => l.includes('label_replace(count_over_time(req_total')).length;
    assert.ok(checks(first.asked) > 0);
    assert.equal(checks(again.asked), 0, again.asked.join('\n'));
    assert.ok(again.asked.length < first.asked.length / 2, `${again.asked.length} requests again, ${first.asked.length} first`);
    // Nothing is kept for instants that are not settled: a read an instant after the data asks for all.
    clearAnswers();
    const live = await read(END - 20 * 60_000 + 1);
    const liveAgain = await read(END - 20 * 60_000 + 61_000);
    assert.ok(checks(liveAgain.asked) > 0 && checks(liveAgain.asked) < checks(live.asked) + 1);
  });

  test('rows scale with the cuts, not with the samples', async () => {
    const sla = parseSlaFile('file:///x.sla.yaml', 1, SLA.replace(/ {2}- id: slices[\s\S]*?(?= {2}- id: rate)/, '').replace(/slice: 5m/, 'slice: 1h')).docs[0].value as Record<string, any>;
    const { servers } = parseServers({ prod: { url: prom.url } });
    const client = new PrometheusClient(servers.get('prod')!);
    const range = { from: PERIOD_START, to: END };
    const spec = { server: 'prod', total: 'req_total', good: 'req_total{code="200"}' };
    const withCells = await new PrometheusMetricSource(client, spec, { range, edges: evaluationEdges(sla, 'requests'), now: () => END + 3_600_000, remoteRead }).read({ range });
    const perSample = await new PrometheusMetricSource(client, spec, { range, now: () => END + 3_600_000 }).read({ range });
    assert.ok(perSample.rows > 100_000, `${perSample.rows} sample rows`);
    assert.ok(withCells.rows < perSample.rows / 20, `${withCells.rows} cell rows vs ${perSample.rows}`);
    assert.equal(withCells.maxTime, perSample.maxTime);
    assert.equal(withCells.cellsAsOf, perSample.maxTime + 1);
    assert.equal(withCells.scrapeIntervalMs, 15_000);
  });
});
