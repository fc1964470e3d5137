/**
 * Latency from a Prometheus histogram (spec §10) against a real Prometheus: the ratio form counts
 * the bucket at the threshold over `_count` exactly as the same counts in a CSV file give; the
 * percentile form's verdict is exact at a boundary — met when the bucket at the target holds the
 * rank, breached with one observation fewer — and the value is the bucket holding the rank.
 * Boundaries are numbers: one instance writes `le="0.30"`, the other `le="0.3"`. A threshold
 * between boundaries is refused with the nearest ones (SLA118), never interpolated.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { complianceReports } from '../../server/src/service/compliance';
import { getLanguageService } from '../../server/src/service/languageService';
import { parseSlaFile } from '../../server/src/service/parse';
import { parseServers } from '../../server/src/service/prometheusServers';
import { samplesAccess } from '../support/samplesAccess';
import { prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
const DAY = 86_400_000;
const START = Date.parse('2026-11-02T00:00:00Z');
const END = START + 3 * DAY;
const STEP = 60_000;

// Per scrape (a minute), 10 observations in (0, 0.1], (0.1, 0.3], (0.3, 1], (1, +Inf): two instances
// give 28,800 a day, the p99's rank is ⌈0.99 · 28,800⌉ = 28,512, so 288 may be slower than 0.3 s.
// Every tenth minute one is (144 per instance a day): days 1 and 3 sit exactly at the rank; on day 2
// instance a has one more, and the p99 is beyond 0.3 s.
interface Scrape { t: number; c: [number, number, number, number] }
function scrapes(offset: number, day2Slow: boolean): Scrape[] {
  const out: Scrape[] = [];
  for (let t = START - 10 * STEP + offset; t < END; t += STEP) {
    const day = Math.floor((t - START) / DAY);
    const minute = Math.floor((t - START) / STEP);
    const c: [number, number, number, number] = [8, 2, 0, 0];
    if (minute % 10 === 0) { c[1] = 1; c[2] = 1; }
    if (day === 1 && day2Slow && minute % 1440 === 7) { c[1] = 1; c[3] = 1; }
    out.push({ t, c });
  }
  return out;
}
const a = scrapes(0, true);
const b = scrapes(20_000, false);

function histogramSeries(instance: string, s: Scrape[], le03: string) {
  const bounds: [string, number][] = [['0.1', 0], [le03, 1], ['1', 2], ['+Inf', 3]];
  const cum = [0, 0, 0, 0];
  const samples = bounds.map(() => [] as { t: number; v: number }[]);
  const count: { t: number; v: number }[] = [];
  let total = 0;
  for (const x of s) {
    for (let k = 0; k < 4; k++) cum[k] += x.c.slice(0, k + 1).reduce((p, q) => p + q, 0);
    total += x.c.reduce((p, q) => p + q, 0);
    bounds.forEach(([, k], j) => samples[j].push({ t: x.t, v: cum[k] }));
    count.push({ t: x.t, v: total });
  }
  return [
    ...bounds.map(([le], j) => ({ labels: { __name__: 'lat_seconds_bucket', job: 'api', instance, le }, samples: samples[j] })),
    { labels: { __name__: 'lat_seconds_count', job: 'api', instance }, samples: count },
  ];
}
const families: Family[] = [{ name: 'lat_seconds', type: 'histogram', series: [...histogramSeries('a', a, '0.3'), ...histogramSeries('b', b, '0.30')] }];

/** Per day: observations and how many are ≤ 0.3 s, counted from the scrapes (the samples inside the day). */
function truth(day: number) {
  let n = 0, fast = 0;
  for (const x of [...a, ...b]) {
    if (x.t < START + day * DAY || x.t >= START + (day + 1) * DAY) continue;
    n += x.c.reduce((p, q) => p + q, 0);
    fast += x.c[0] + x.c[1];
  }
  return { n, fast, rank: Math.ceil((99 * n) / 100) };
}

const SLA = (objective: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: hist, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-11-02, end: 2026-11-04, timezone: UTC }
metrics:
  latency:
    prometheus: { server: prod, histogram: 'lat_seconds{job="api"}' }
    unit: s
objectives:
  - id: latency
    indicator: latency
    metric: latency
${objective}
    window: { calendar: day }
`;

describe('histograms', { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  let access: NodeMetricAccess;
  before(async () => {
    prom = await startPrometheus(families);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-hist-'));
    mkdirSync(join(ws, 'metrics'));
    access = new NodeMetricAccess(() => [ws], 32, { servers: () => parseServers({ prod: { url: prom.url } }).servers, source: { now: () => END + 3_600_000 } });
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });
  const report = async (objective: string) => (await complianceReports(parseSlaFile(pathToFileURL(join(ws, 'h.sla.yaml')).href, 1, SLA(objective)), access, { file: 'h.sla.yaml', asOf: END, series: false }))[0];

  test('the day totals are what the test means them to be (day 1 exactly at the rank, day 2 one short)', () => {
    const [d0, d1] = [truth(0), truth(1)];
    assert.equal(d0.fast, d0.rank);
    assert.equal(d1.fast, d1.rank - 1);
  });

  test('percentile form: met exactly at the rank, breached one observation short; the value is the bucket', async () => {
    const r = await report('    percentile: p99\n    percentileMethod: nearest-rank\n    target: "<= 300ms"');
    const w = r.objectives[0].windows;
    assert.deepEqual(w.map((x) => x.status), ['met', 'breached', 'met'], JSON.stringify(w));
    assert.deepEqual(w.map((x) => x.observations), [0, 1, 2].map((d) => truth(d).n));
    assert.equal(w[0].value, null);
    assert.deepEqual(w[0].valueRange, [100, 300]);
    assert.deepEqual(w[1].valueRange, [300, 1000]);
    assert.equal(r.breaches[0].value, '(300, 1000]ms');
  });

  test('ratio form: the bucket at the threshold over _count, exactly the hand count', async () => {
    const r = await report('    threshold: "<= 0.3s"\n    target: ">= 99%"');
    const w = r.objectives[0].windows;
    for (const [d, x] of w.entries()) {
      const { n, fast } = truth(d);
      assert.equal(x.observations, n);
      assert.ok(Math.abs((x.value ?? NaN) - (100 * fast) / n) < 1e-9, `${x.value} vs ${(100 * fast) / n}`);
    }
    assert.deepEqual(w.map((x) => x.status), ['met', 'breached', 'met']);
  });

  test('time slices: each hour\'s p99 is exact against the boundary, the good hours\' share against sliceTarget', async () => {
    const r = await report('    percentile: p99\n    percentileMethod: nearest-rank\n    target: "<= 300ms"\n    budgeting: timeslices\n    slice: 1h\n    sliceTarget: ">= 99%"');
    const w = r.objectives[0].windows;
    // By hand: per hour, n observations and how many are ≤ 0.3 s; good when those reach ⌈0.99 · n⌉.
    const goodHours = [0, 1, 2].map((d) => {
      let good = 0;
      for (let h = 0; h < 24; h++) {
        const from = START + d * DAY + h * 3_600_000, to = from + 3_600_000;
        let n = 0, fast = 0;
        for (const x of [...a, ...b]) if (x.t >= from && x.t < to) { n += x.c.reduce((p, q) => p + q, 0); fast += x.c[0] + x.c[1]; }
        if (fast >= Math.ceil((99 * n) / 100)) good++;
      }
      return good;
    });
    assert.deepEqual(goodHours, [24, 23, 24]);
    assert.deepEqual(w.map((x) => x.slices), goodHours.map((g) => ({ total: 24, withData: 24, good: g, counted: 24 })));
    assert.deepEqual(w.map((x) => x.status), ['met', 'breached', 'met']);
    assert.equal(w[1].value, (23 * 100) / 24);
  });

  test('segments by instance (spec §12): each instance\'s p99 exact at the boundary; only a is one observation short on day 2', async () => {
    const objective = '    percentile: p99\n    percentileMethod: nearest-rank\n    target: "<= 300ms"\n    segments: { by: instance }';
    const file = parseSlaFile(pathToFileURL(join(ws, 'h.sla.yaml')).href, 1, SLA(objective));
    for (const metrics of [access, samplesAccess({ servers: () => parseServers({ prod: { url: prom.url } }).servers, source: { now: () => END + 3_600_000 } })]) {
      const o = (await complianceReports(file, metrics, { file: 'h.sla.yaml', asOf: END, series: false }))[0].objectives[0];
      assert.deepEqual(o.segments!.map((s) => [s.value, s.windows.map((w) => w.status)]), [['a', ['met', 'breached', 'met']], ['b', ['met', 'met', 'met']]]);
      // Per instance a day: 14,400 observations, rank ⌈0.99 · 14,400⌉ = 14,256; 144 slow ones sit at it.
      assert.deepEqual(o.segments![0].windows.map((w) => w.observations), [14_400, 14_400, 14_400]);
      assert.deepEqual(o.windows.map((w) => [w.status, w.breachedSegments ?? []]), [['met', []], ['breached', ['a']], ['met', []]]);
    }
  });

  test('a threshold between boundaries is refused with the nearest boundaries (SLA118), never interpolated', async () => {
    const r = await report('    percentile: p99\n    target: "<= 250ms"');
    assert.match(r.objectives[0].problem ?? r.objectives[0].windows[0]?.problem ?? '', /is not a bucket boundary .* the nearest are 0.1s and 0.30?s/);
    const service = getLanguageService({ metrics: access });
    const uri = pathToFileURL(join(ws, 'h2.sla.yaml')).href;
    const document = { uri, version: 1, getText: () => SLA('    percentile: p99\n    target: "<= 250ms"') };
    await service.lintData(document);
    const sla118 = service.validate(document).filter((d) => d.code === 'SLA118');
    assert.equal(sla118.length, 1, JSON.stringify(service.validate(document).map((d) => d.message)));
    assert.match(String(sla118[0].message), /not a bucket boundary of `lat_seconds`: the nearest are 100ms and 300ms/);
    // `linear` would interpolate inside a bucket: SLA118 too, with the fix to nearest-rank.
    const linear = { uri: pathToFileURL(join(ws, 'h3.sla.yaml')).href, version: 1, getText: () => SLA('    percentile: p99\n    percentileMethod: linear\n    target: "<= 300ms"') };
    await service.lintData(linear);
    assert.deepEqual(service.validate(linear).filter((d) => d.code === 'SLA118').map((d) => String(d.message).replace(/:.*/s, '')), ['objective `latency` asks for a linear percentile of the histogram `lat_seconds`']);
  });
});
