/**
 * Segments of a Prometheus metric (spec §12: "a column for files, a label for Prometheus") against
 * a real Prometheus. Each row of a series is in the segment of its series' value of the `by` label;
 * a series without the label is `(none)`. Expectations are counted by hand from the scrapes, and a
 * differential test checks that each segment equals the objective whose selectors name that label
 * value — both through the cells path (the evaluation's edges) and through one row per sample.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess, type PrometheusAccess } from '../../server/src/io/metricAccess';
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

/** A counter growing by `per(t)` each minute from 10 minutes before START (the first increase inside is attributable). */
function counter(per: (t: number) => number, offset = 0) {
  const out: { t: number; v: number }[] = [];
  let v = 0;
  for (let t = START - 10 * STEP + offset; t < END; t += STEP) { v += per(t); out.push({ t, v }); }
  return out;
}
const day = (t: number) => Math.floor((t - START) / DAY);
// eu: 9 good and, on day 1 only, 1 bad a minute (90 % that day); us: 10 good, no errors; a series
// without `region` (instance z): 5 good a minute — the segment `(none)`.
const families: Family[] = [{
  name: 'req', type: 'counter', series: [
    { labels: { region: 'eu', code: '200', instance: 'a' }, samples: counter(() => 9) },
    { labels: { region: 'eu', code: '500', instance: 'a' }, samples: counter((t) => (day(t) === 1 ? 1 : 0)) },
    { labels: { region: 'us', code: '200', instance: 'b' }, samples: counter(() => 10, 20_000) },
    { labels: { region: 'us', code: '500', instance: 'b' }, samples: counter(() => 0, 20_000) },
    { labels: { code: '200', instance: 'z' }, samples: counter(() => 5, 40_000) },
  ],
}, {
  // Label values are exact strings: ` eu` (a leading space) is not `eu`.
  name: 'sp', type: 'counter', series: [
    { labels: { region: 'eu', code: '200' }, samples: counter(() => 2) },
    { labels: { region: ' eu', code: '200' }, samples: counter(() => 1) },
    { labels: { region: ' eu', code: '500' }, samples: counter(() => 1) },
  ],
}, {
  // A total whose series lack `region` (only `zone`).
  name: 'alltot', type: 'counter', series: [{ labels: { zone: 'z1' }, samples: counter(() => 30) }],
}];

const SLA = (objectives: string, total = 'req_total', good = 'req_total{code="200"}') => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: seg, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-11-02, end: 2026-11-04, timezone: UTC }
metrics:
  requests:
    prometheus: { server: prod, total: '${total}', good: '${good}' }
objectives:
${objectives}`;

const objective = (extra: string) => `  - id: avail
    indicator: availability
    metric: requests
    target: ">= 99%"
    window: { calendar: day }
${extra}`;

describe('segments of a Prometheus metric, by a label', { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  let access: PrometheusAccess;
  before(async () => {
    prom = await startPrometheus(families);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-promseg-'));
    access = { servers: () => parseServers({ prod: { url: prom.url } }).servers, source: { now: () => END + 3_600_000 } };
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });

  const report = async (text: string, how: 'cells' | 'samples' = 'cells') => {
    const file = parseSlaFile(pathToFileURL(join(ws, 's.sla.yaml')).href, 1, text);
    const metrics = how === 'cells' ? new NodeMetricAccess(() => [ws], 32, access) : samplesAccess(access);
    return (await complianceReports(file, metrics, { file: 's.sla.yaml', asOf: END, series: false }))[0];
  };

  test('each region judged on its own series, counted by hand; require all and any', async () => {
    for (const how of ['cells', 'samples'] as const) {
      const r = await report(SLA(objective('    segments: { by: region, require: all }')), how);
      const o = r.objectives[0];
      assert.equal(o.problem, undefined, how);
      assert.deepEqual(o.segments!.map((s) => s.value), ['eu', 'us', '(none)'], how);
      const eu = o.segments![0].windows;
      // Per day 1,440 minutes: eu 9 × 1,440 good of 10 × 1,440 on day 1, all good otherwise.
      assert.deepEqual(eu.map((w) => w.observations), [9 * 1440, 10 * 1440, 9 * 1440], how);
      assert.deepEqual(eu.map((w) => w.value), [100, 90, 100], how);
      assert.deepEqual(o.segments![1].windows.map((w) => w.observations), [14_400, 14_400, 14_400], how);
      assert.deepEqual(o.segments![2].windows.map((w) => w.observations), [7_200, 7_200, 7_200], how);
      assert.deepEqual(o.windows.map((w) => w.status), ['met', 'breached', 'met'], how);
      assert.deepEqual(o.windows[1].breachedSegments, ['eu'], how);
      assert.equal(o.windows[1].value, null);
      assert.deepEqual(r.breaches.map((b) => [b.window, b.segments]), [['2026-11-03', ['eu']]], how);
    }
    const any = await report(SLA(objective('    segments: { by: region, require: any }')));
    assert.deepEqual(any.objectives[0].windows.map((w) => w.status), ['met', 'met', 'met']);
  });

  test('differential: each segment equals the objective whose selectors name that region', async () => {
    const seg = (await report(SLA(objective('    segments: { by: region }')))).objectives[0].segments!;
    for (const region of ['eu', 'us']) {
      const filtered = (await report(SLA(objective(''), `req_total{region="${region}"}`, `req_total{region="${region}", code="200"}`))).objectives[0].windows;
      const mine = seg.find((s) => s.value === region)!.windows;
      assert.deepEqual(mine.map((w) => [w.observations, w.value, w.status]), filtered.map((w) => [w.observations, w.value, w.status]), region);
    }
  });

  test('a label no series has: one segment (none), a data issue, and SLA119 where `by` is written', async () => {
    const text = SLA(objective('    segments: { by: regoin }'));
    const r = await report(text);
    assert.deepEqual(r.objectives[0].segments!.map((s) => s.value), ['(none)']);
    assert.ok(r.dataIssues.some((i) => /label `regoin` \(`segments.by`\) is on none of the series read/.test(i.problem)), JSON.stringify(r.dataIssues));
    const service = getLanguageService({ metrics: new NodeMetricAccess(() => [ws], 32, access) });
    const document = { uri: pathToFileURL(join(ws, 's.sla.yaml')).href, version: 1, getText: () => text };
    await service.lintData(document);
    const found = service.validate(document).filter((d) => d.code === 'SLA119');
    assert.equal(found.length, 1, JSON.stringify(service.validate(document).map((d) => d.message)));
    assert.match(String(found[0].message), /label `regoin` \(`segments.by`\) is on none of the series of `metrics.requests` \(their labels: code, instance, region\)/);
    assert.equal(found[0].range.start.line, text.split('\n').findIndex((l) => l.includes('regoin')));
  });

  test('from the adversary: label values are exact (` eu` is its own segment); good series with the label and total series without it are said, not dropped', async () => {
    const exact = await report(SLA(objective('    segments: { by: region }'), 'sp_total', 'sp_total{code="200"}'));
    assert.deepEqual(exact.objectives[0].segments!.map((s) => [JSON.stringify(s.value), s.windows[0].value, s.windows[0].observations]), [['" eu"', 50, 2880], ['"eu"', 100, 2880]]);
    const text = SLA(objective('    segments: { by: region }'), 'alltot_total', 'req_total{code="200"}');
    const r = await report(text);
    assert.ok(r.dataIssues.some((d) => /`eu`, `us` have good requests but no total: `region` is on the good series and not on the total series/.test(d.problem)), JSON.stringify(r.dataIssues));
    const service = getLanguageService({ metrics: new NodeMetricAccess(() => [ws], 32, access) });
    const document = { uri: pathToFileURL(join(ws, 'o.sla.yaml')).href, version: 1, getText: () => text };
    await service.lintData(document);
    const found = service.validate(document).filter((d) => d.code === 'SLA119');
    assert.equal(found.length, 1, JSON.stringify(service.validate(document).map((d) => d.message)));
    assert.match(String(found[0].message), /label `region` \(`segments.by`\) is on the `good` series of `metrics.requests` but not on its `total` series/);
  });

  test('completion of segments.by offers the series\' labels (not __name__)', async () => {
    const text = SLA(objective('    segments: { by:  }'));
    const line = text.split('\n').findIndex((l) => l.includes('by:  }'));
    const service = getLanguageService({ metrics: new NodeMetricAccess(() => [ws], 32, access) });
    const document = { uri: pathToFileURL(join(ws, 'c.sla.yaml')).href, version: 1, getText: () => text };
    const list = await service.completeInWorkspace(document, { line, character: text.split('\n')[line].indexOf('by:') + 4 });
    assert.deepEqual(list.items.map((i) => i.label), ['code', 'instance', 'region']);
  });
});
