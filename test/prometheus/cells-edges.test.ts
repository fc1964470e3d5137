/**
 * Cases an adversarial pass found where increases per cell differed from one row per sample (each
 * now equal, so each a regression test): a reset at the first sample of a chunk, of a series scraped
 * every 5 minutes among 15-second ones (the chunk check's look-back must reach its previous sample);
 * a baseline before the period with sliced objectives (the baseline is evaluated unclipped, from its
 * own start: its slice grid must be among the edges); NaN samples in several chunks of one series
 * (one data issue for the series, as one row per sample gives).
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
import { prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
const DAY = 86_400_000;
const B0 = Date.parse('2026-06-08T00:00:00Z');
const P0 = Date.parse('2026-06-10T00:00:00Z');
const END = Date.parse('2026-06-12T23:40:00Z');

const fast = (code: string) => {
  const out: { t: number; v: number }[] = [];
  let v = 0;
  for (let t = B0 - 3_600_000; t < END; t += 15_000) {
    v += code === '200' ? 10 + (Math.floor(t / 15_000) % 7) : Math.floor(t / 15_000) % 97 === 0 ? 50 : 0;
    out.push({ t, v: code === 'nan' && (t === P0 + 3_600_000 || t === P0 + DAY + 3_600_000) ? NaN : v });
  }
  return out;
};
// Scraped every 5 minutes; resets at its first sample of the second day, then climbs past its old value.
const slow: { t: number; v: number }[] = [];
for (let t = B0 - 3_600_000 + 170_000, v = 0; t < END; t += 300_000) {
  if (t >= P0 + DAY && t - 300_000 < P0 + DAY) v = 3; else v += t < P0 + DAY ? 20 : 400;
  slow.push({ t, v });
}
// From seven seconds after each quarter-minute: the first observation is 7 s after the period's start.
const late: { t: number; v: number }[] = [];
for (let t = Date.parse('2026-03-01T00:00:00Z') - 3_600_000 + 7_000, v = 0; t < Date.parse('2026-03-03T12:00:00Z'); t += 15_000) { v += 5; late.push({ t, v }); }
const families: Family[] = [{ name: 'late', type: 'counter', series: [{ labels: { code: '200' }, samples: late }] }, {
  name: 'req', type: 'counter', series: [
    { labels: { instance: 'a', code: '200' }, samples: fast('200') },
    { labels: { instance: 'a', code: '500' }, samples: fast('500') },
    { labels: { instance: 'b', code: '200' }, samples: slow },
    { labels: { instance: 'c', code: '200' }, samples: fast('nan') },
  ],
}];

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: edges, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-06-10, end: 2026-06-12, timezone: UTC }
baseline: { from: 2026-06-08, to: 2026-06-09 }
metrics:
  requests:
    prometheus: { server: prod, total: 'req_total', good: 'req_total{code="200"}' }
objectives:
  - { id: mean-rate, indicator: throughput, metric: requests, target: ">= 1rps", statistic: mean, slice: 1d, window: { calendar: day } }
  - { id: rate, indicator: throughput, metric: requests, target: ">= 1rps", slice: 5m, window: { calendar: day } }
  - { id: slices, indicator: availability, metric: requests, target: ">= 99%", budgeting: timeslices, slice: 5m, sliceTarget: ">= 90%", window: { calendar: day } }
`;

for (const remoteRead of [false, true]) describe(`increases per cell: the adversarial cases${remoteRead ? ' (samples by remote read)' : ''}`, { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  let access: PrometheusAccess;
  before(async () => {
    prom = await startPrometheus(families);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-cells-edges-'));
    access = { servers: () => parseServers({ prod: { url: prom.url } }).servers, source: { now: () => END + 300_000, remoteRead } };
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });

  test('the same report as one row per sample: a slow series\' reset at a chunk edge, a baseline\'s slices, NaN in two chunks', async () => {
    const file = parseSlaFile(pathToFileURL(join(ws, 'edges.sla.yaml')).href, 1, SLA);
    const cells = await complianceReports(file, new NodeMetricAccess(() => [ws], 32, access), { file: 'edges.sla.yaml', series: true });
    const samples = await complianceReports(file, samplesAccess(access), { file: 'edges.sla.yaml', series: true });
    assert.deepEqual(cells, samples);
    const r = cells[0] as any;
    // The reset's day counts the slow series' new value, not its difference from the old one.
    const day2 = r.objectives[0].windows[1];
    const truth = [...families[1].series].reduce((n, s) => n + s.samples.reduce((m, x, i, all) => {
      if (x.t < P0 + DAY || x.t >= P0 + 2 * DAY || Number.isNaN(x.v)) return m;
      let k = i - 1;
      while (k >= 0 && Number.isNaN(all[k].v)) k--;
      return m + (x.v < all[k].v ? x.v : x.v - all[k].v);
    }, 0), 0);
    assert.equal(day2.observations, truth);
    assert.ok(r.objectives.every((o: any) => o.baseline && o.baseline.value !== null), JSON.stringify(r.objectives.map((o: any) => o.baseline)));
    assert.deepEqual(r.dataIssues.filter((d: any) => d.problem.startsWith('NaN')).map((d: any) => d.problem.split(' (')[0]), ['NaN samples: 2', 'NaN samples: 2']);
  });

  test('the preview\'s rolling series starts where one row per sample starts it (the first observation is the first sample\'s instant)', async () => {
    const text = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: late, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-03-01, end: 2026-03-05, timezone: UTC }
metrics:
  requests:
    prometheus: { server: prod, total: 'late_total', good: 'late_total{code="200"}' }
objectives:
  - { id: rolling, indicator: availability, metric: requests, target: ">= 99%", window: { rolling: 1d } }
`;
    const file = parseSlaFile(pathToFileURL(join(ws, 'late.sla.yaml')).href, 1, text);
    const at = { ...access, source: { now: () => Date.parse('2026-03-03T12:10:00Z'), remoteRead } };
    const options = { file: 'late.sla.yaml', series: true, asOf: Date.parse('2026-03-03T00:00:00Z') };
    const cells = await complianceReports(file, new NodeMetricAccess(() => [ws], 32, at), options);
    const samples = await complianceReports(file, samplesAccess(at), options);
    assert.deepEqual(cells, samples);
    assert.deepEqual((cells[0] as any).objectives[0].series.map((p: any) => p.at), ['2026-03-03T00:00:00.000Z']);
  });
});
