/**
 * The compliance computation as steps (service/steps.ts, service/compliance.ts): time slices that
 * hand the event loop back, a stop check at each slice's end, one computation shared by the
 * requests for the same document version and data, its result kept; and the preview's series
 * following the period (spec §9 "The period clips"). A MetricAccess of in-memory data stands in for
 * the files (the protocol test test/protocol/cancellation.test.ts runs the real server).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSteps, WorkStopped, type Steps } from '../../server/src/service/steps';
import { ComplianceRuns, complianceReports, sharedComplianceReports } from '../../server/src/service/compliance';
import { parseSlaFile } from '../../server/src/service/parse';
import type { MetricAccess } from '../../server/src/service/lint/dataAccess';
import type { MetricData } from '../../server/src/engine/metrics/types';
import { metric, ms, DAY, HOUR } from './engine-support';

/** Steps that each take ~`ms` of busy time; counts how many ran. */
function* busy(count: number, ms: number, ran: { n: number }): Steps<string> {
  for (let i = 0; i < count; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until) { /* work */ }
    ran.n++;
    yield;
  }
  return 'done';
}

test('runSteps: without sliceMs at once; with it, the loop is handed back and a stop reason ends the work', async () => {
  const ran = { n: 0 };
  assert.equal(await runSteps(busy(3, 0, ran), {}), 'done');
  assert.equal(ran.n, 3);
  let yields = 0;
  const counted = { n: 0 };
  await assert.rejects(
    runSteps(busy(1000, 2, counted), { sliceMs: 1, yieldNow: async () => { yields++; }, shouldStop: () => (yields >= 3 ? 'modified' : undefined) }),
    (e: unknown) => e instanceof WorkStopped && e.reason === 'modified',
  );
  assert.equal(yields, 3);
  assert.ok(counted.n >= 3 && counted.n < 1000, String(counted.n)); // stopped early, after the third slice
  await assert.rejects(runSteps(busy(1, 0, { n: 0 }), { shouldStop: () => 'cancelled' }), (e: unknown) => e instanceof WorkStopped && e.reason === 'cancelled');
});

test('ComplianceRuns: two requests share one computation; one that stops is rejected alone; the result is kept', async () => {
  const runs = new ComplianceRuns();
  let made = 0;
  const make = () => { made++; return busy(50, 1, { n: 0 }); };
  let stopA = false;
  const yieldNow = () => new Promise<void>((r) => setImmediate(r));
  const a = runs.run('u', 1, 'k', make, { sliceMs: 1, yieldNow, shouldStop: () => (stopA ? 'cancelled' : undefined) });
  const b = runs.run('u', 1, 'k', make, { sliceMs: 1, yieldNow });
  stopA = true;
  await assert.rejects(a, (e: unknown) => e instanceof WorkStopped && e.reason === 'cancelled');
  assert.equal(await b, 'done');
  assert.equal(made, 1);
  assert.equal(await runs.run('u', 1, 'k', make, {}), 'done'); // kept
  assert.equal(made, 1);
  assert.equal(await runs.run('u', 2, 'k', make, {}), 'done'); // another version: computed
  assert.equal(made, 2);
});

test('ComplianceRuns: when every request stops, the computation stops too', async () => {
  const runs = new ComplianceRuns();
  const ran = { n: 0 };
  let stop = false;
  const p = runs.run('u', 1, 'k', () => busy(10_000, 1, ran), { sliceMs: 1, yieldNow: () => new Promise<void>((r) => setImmediate(r)), shouldStop: () => (stop ? 'modified' : undefined) });
  await new Promise<void>((r) => setImmediate(r));
  stop = true;
  await assert.rejects(p, (e: unknown) => e instanceof WorkStopped && e.reason === 'modified');
  const after = ran.n;
  // A running computation advances at every turn of the event loop (its yieldNow is setImmediate).
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
  assert.equal(ran.n, after); // nothing runs once nobody waits
  assert.ok(after < 10_000);
});

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: series, owner: a@example.com }
model: m
scope: internal
period: { start: 2026-03-10, end: 2026-03-20, timezone: UTC }
metrics:
  requests: { file: r.csv, timestamp: t, total: n, goodCount: ok }
objectives:
  - id: rolling
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 50%"
    window: { rolling: 2d }
  - id: slices
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 50%"
    window: { calendar: month }
    budgeting: timeslices
    slice: 1d
    sliceTarget: ">= 50%"
`;

/** Hourly rows from 03-01 to 03-25: before, inside and after the period. */
function hourly(): MetricData {
  const t: number[] = [];
  for (let x = ms('2026-03-01T00:00:00Z'); x < ms('2026-03-25T00:00:00Z'); x += HOUR) t.push(x);
  return metric({ t, totals: t.map(() => 10), goodCounts: t.map((x) => (x < ms('2026-03-10T00:00:00Z') || x >= ms('2026-03-21T00:00:00Z') ? 0 : 10)) });
}

const access = (data: MetricData): MetricAccess & { loads: number } => {
  const a = { loads: 0, load: async () => { a.loads++; return { ok: true as const, data, path: '/w/r.csv' }; } };
  return a;
};

test('series follow the period: the rolling series starts when a window fits inside it, slices before it are not shown', async () => {
  const file = parseSlaFile('file:///w/series.sla.yaml', 1, SLA);
  const [report] = await complianceReports(file, access(hourly()), { file: 'series.sla.yaml' });
  // Default asOf: the newest row + 1 ms is after the period: period.end, 03-21T00:00Z.
  assert.equal(report.asOf, '2026-03-21T00:00:00.000Z');
  const rolling = report.objectives[0] as unknown as { series: { at: string; value: number | null }[] };
  // From 03-10 (the first row inside the period) + 2 days, daily, up to asOf; every value 100 %:
  // the bad rows before and after the period never count.
  assert.deepEqual(rolling.series.map((p) => [p.at.slice(0, 10), p.value]), [
    ['2026-03-12', 100], ['2026-03-13', 100], ['2026-03-14', 100], ['2026-03-15', 100], ['2026-03-16', 100],
    ['2026-03-17', 100], ['2026-03-18', 100], ['2026-03-19', 100], ['2026-03-20', 100], ['2026-03-21', 100],
  ]);
  const slices = report.objectives[1] as unknown as { series: { at: string; value: number | null }[]; windows: { clipped?: boolean; slices: unknown }[] };
  assert.equal(slices.windows[0].clipped, true);
  // Days 03-10 .. 03-20 inside the period: 11 slices, each 100 %.
  assert.deepEqual(slices.windows[0].slices, { total: 11, withData: 11, good: 11, counted: 11 });
  assert.equal(slices.series.length, 11);
  assert.equal(slices.series[0].at, '2026-03-10T00:00:00.000Z');
  assert.equal(slices.series.at(-1)!.at, new Date(ms('2026-03-10T00:00:00Z') + 10 * DAY).toISOString());
  assert.ok(slices.series.every((p) => p.value === 100));
});

test('sharedComplianceReports: the code lenses\' report and the preview\'s share the base computation and keep it', async () => {
  const file = parseSlaFile('file:///w/series.sla.yaml', 1, SLA);
  const runs = new ComplianceRuns();
  const data = access(hourly());
  const [lens, preview] = await Promise.all([
    sharedComplianceReports(runs, file, 1, data, { file: 'series.sla.yaml', series: false, sliceMs: 5 }),
    sharedComplianceReports(runs, file, 1, data, { file: 'series.sla.yaml', sliceMs: 5 }),
  ]);
  // One base report: the preview's is a copy of it with series; the lenses' has none.
  assert.equal((lens[0].objectives[0] as { series?: unknown }).series, undefined);
  assert.ok((preview[0].objectives[0] as { series?: unknown[] }).series!.length > 0);
  assert.deepEqual(preview[0].objectives.map((o) => o.windows), lens[0].objectives.map((o) => o.windows));
  assert.equal(preview[0].objectives[0].windows, lens[0].objectives[0].windows); // the same objects: shared
  const again = await sharedComplianceReports(runs, file, 1, data, { file: 'series.sla.yaml', series: false });
  assert.equal(again[0], lens[0]); // kept for the same version and data
});
