/**
 * Spec §9 "The period clips": rows before `period.start` or after `period.end` are never evaluated,
 * for any window kind; a window reaching beyond the period keeps its calendar bounds and label, is
 * evaluated over its part inside the period and says `clipped: true`; it is partial only when asOf
 * cuts that part. Every expectation is computed by hand in the comments (UTC, so local midnight is
 * 00:00Z). The default asOf never passes `period.end`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../server/src/engine/report';
import { defaultAsOf, planCalendarWindows } from '../../server/src/engine/windows';
import { metric, ms, DAY } from './engine-support';

const PERIOD = { start: '2026-03-15', end: '2026-04-10', timezone: 'UTC' }; // [03-15T00:00Z, 04-11T00:00Z)

const sla = (objectives: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'modelsla/v1', kind: 'SLA', metadata: { name: 'clip' }, model: 'm', scope: 'external',
  period: PERIOD,
  metrics: { requests: { file: 'r.csv', timestamp: 't', total: 'n', goodCount: 'ok' } },
  objectives,
  breach: { external: { serviceCredits: [{ objective: 'availability', tiers: [{ below: '99.9%', credit: '10%' }] }] } },
  ...extra,
});
const availability = (window: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'availability', indicator: 'availability', metric: 'requests', method: 'request-based', target: '>= 99.9%', window, ...extra,
});

// The issue's case: 03-01 (before the period, 0 good) and 04-20 (after it, 0 good) would decide
// March's and April's verdicts if they counted.
const rows = () => metric({
  t: ['2026-03-01T12:00:00Z', '2026-03-20T12:00:00Z', '2026-04-05T12:00:00Z', '2026-04-20T12:00:00Z'],
  totals: [1000, 1000, 1000, 1000], goodCounts: [0, 1000, 998, 0],
});
const inputs = () => ({ requests: { ok: true as const, data: rows() } });

test('calendar months: rows outside the period never count; both months clipped, April complete after the period ended', () => {
  const r = buildReport(sla([availability({ calendar: 'month' })]), { file: 'a.sla.yaml', metrics: inputs() });
  // Default asOf: 1 ms after the latest row (04-20T12:00:00.001Z), but not past period.end (04-11T00:00Z).
  assert.equal(r.asOf, '2026-04-11T00:00:00.000Z');
  const w = r.objectives[0].windows;
  assert.deepEqual(w.map((x) => [x.label, x.start, x.end, x.partial, x.clipped, x.observations, x.value, x.status]), [
    // March: only 03-20 (1000/1000) counts: 100 %.
    ['2026-03', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', false, true, 1000, 100, 'met'],
    // April: only 04-05 (998/1000): 99.8 %; its part inside the period ended at 04-11 = asOf: complete.
    ['2026-04', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', false, true, 1000, 99.8, 'breached'],
  ]);
  // A clipped complete window is complete: its credit applies.
  assert.deepEqual(r.credits, [{ objective: 'availability', window: '2026-04', credit: '10%' }]);
  assert.deepEqual(r.breaches, [{ objective: 'availability', window: '2026-04', value: '99.8%' }]);
  // burn = (100 − 99.8) / (100 − 99.9) = 2, the whole (clipped) window elapsed: remaining 1 − 2 = −1.
  assert.deepEqual(w[1].errorBudget, { remaining: -1, burnRate: 2, elapsed: 1 });
  assert.equal(r.objectives[0].status, 'breached');
  assert.deepEqual(r.dataIssues, []); // 04-20 is 10 days after the period: outside, not far outside
});

test('asOf inside the period: April is partial (asOf cuts its part inside the period), elapsed over that part', () => {
  const asOf = ms('2026-04-08T00:00:00Z');
  const r = buildReport(sla([availability({ calendar: 'month' })]), { file: 'a.sla.yaml', metrics: inputs(), asOf });
  const april = r.objectives[0].windows[1];
  assert.deepEqual([april.label, april.partial, april.clipped, april.value, april.status], ['2026-04', true, true, 99.8, 'breached']);
  // Elapsed: (04-08 − 04-01) / (04-11 − 04-01) = 7 / 10 of the part inside the period.
  assert.equal(april.errorBudget!.elapsed, 0.7);
  assert.equal(april.errorBudget!.remaining, 1 - 2 * 0.7);
  assert.equal(april.projectedCredit, '10%');
  assert.deepEqual(r.credits, []); // the partial window's credit is only projected
});

test('a window inside the period is not marked clipped; windows after period.end are never listed', () => {
  const r = buildReport(sla([availability({ calendar: 'day' })], { period: { start: '2026-04-05', end: '2026-04-06', timezone: 'UTC' } }), { file: 'a.sla.yaml', metrics: inputs() });
  assert.equal(r.asOf, '2026-04-07T00:00:00.000Z');
  const w = r.objectives[0].windows;
  assert.deepEqual(w.map((x) => [x.label, x.partial, 'clipped' in x, x.observations]), [['2026-04-05', false, false, 1000], ['2026-04-06', false, false, 0]]);
});

test('rolling window: clipped at period.start; the default asOf stops at period.end', () => {
  // 45 days ending at asOf 04-11T00:00Z: [02-25, 04-11); inside the period [03-15, 04-11): rows 03-20 and 04-05.
  const r = buildReport(sla([availability({ rolling: '45d' })]), { file: 'a.sla.yaml', metrics: inputs() });
  const [w] = r.objectives[0].windows;
  assert.deepEqual([w.start, w.end, w.partial, w.clipped, w.observations, w.value, w.status], [
    '2026-02-25T00:00:00.000Z', '2026-04-11T00:00:00.000Z', false, true, 2000, 99.9, 'met',
  ]);
  // Elapsed over the part inside the period: all of it (the rolling window is evaluated at asOf).
  assert.equal(w.errorBudget!.elapsed, 1);
  // asOf given after the period: [04-16, 05-31) lies wholly after it: nothing is evaluated.
  const late = buildReport(sla([availability({ rolling: '45d' })]), { file: 'a.sla.yaml', metrics: inputs(), asOf: ms('2026-05-31T00:00:00Z') });
  const [l] = late.objectives[0].windows;
  assert.deepEqual([l.clipped, l.observations, l.value, l.status], [true, 0, null, 'no-data']);
});

test('timeslices: the slice grid stays aligned to the window start; only slices inside the period count', () => {
  // March [03-01, 04-01) cut into 10-day slices: [03-01,03-11) [03-11,03-21) [03-21,03-31) [03-31,04-01).
  // Inside the period from 03-15: [03-15,03-21) (the straddling slice, its inside part), [03-21,03-31), [03-31,04-01).
  const data = metric({
    t: ['2026-03-12T00:00:00Z', '2026-03-16T00:00:00Z', '2026-03-25T00:00:00Z'],
    totals: [100, 100, 100], goodCounts: [0, 100, 90],
  });
  const o = availability({ calendar: 'month' }, { target: '>= 99%', budgeting: 'timeslices', slice: '10d', sliceTarget: '>= 50%', emptySlices: 'ignore' });
  const r = buildReport(sla([o]), { file: 'a.sla.yaml', metrics: { requests: { ok: true, data } }, asOf: ms('2026-04-11T00:00:00Z') });
  const march = r.objectives[0].windows[0];
  // 03-12 is before the period (it would have made the straddling slice bad): slices 100 % good, 90 % bad, empty.
  assert.deepEqual(march.slices, { total: 3, withData: 2, good: 1, counted: 2 });
  assert.deepEqual([march.clipped, march.partial, march.observations, march.value, march.status], [true, false, 200, 50, 'met']);
});

test('time-based availability: up slices counted inside the period only', () => {
  const data = metric({
    t: ['2026-03-14T23:59:00Z', '2026-03-15T00:00:00Z', '2026-03-15T00:01:00Z'],
    totals: [10, 10, 10], goodCounts: [0, 10, 9],
  });
  const o = availability({ calendar: 'month' }, { method: 'time-based', sliceGood: '>= 95%', slice: '1m', target: '>= 50%', emptySlices: 'ignore' });
  const r = buildReport(sla([o]), { file: 'a.sla.yaml', metrics: { requests: { ok: true, data } }, asOf: ms('2026-03-15T00:02:00Z') });
  const [w] = r.objectives[0].windows;
  // Minutes from 03-15T00:00 up to asOf: 00:00 up (10/10), 00:01 down (9/10); the 03-14 minute is outside.
  assert.deepEqual(w.slices, { total: 2, withData: 2, good: 1, counted: 2 });
  assert.deepEqual([w.observations, w.value, w.status, w.partial], [20, 50, 'met', true]);
});

test('throughput: a slice straddling period.start is measured over its part inside the period', () => {
  // Rolling 2d ending 03-16T12:00Z: [03-14T12:00, 03-16T12:00), 1-day slices aligned to its start:
  // [03-14T12, 03-15T12) → inside the period [03-15T00, 03-15T12): 12 h; [03-15T12, 03-16T12): 24 h.
  const data = metric({
    t: ['2026-03-14T18:00:00Z', '2026-03-15T06:00:00Z', '2026-03-16T00:00:00Z'],
    totals: [5000, 43_200, 172_800],
  });
  const spec = sla([{ id: 'tp', indicator: 'throughput', metric: 'requests', target: '>= 1rps', slice: '1d', statistic: 'mean', window: { rolling: '2d' } }]);
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: { requests: { ok: true, data } }, asOf: ms('2026-03-16T12:00:00Z') });
  const [w] = r.objectives[0].windows;
  // 43,200 requests over 12 h = 1 rps (not 0.5 rps over a whole day); 172,800 over 24 h = 2 rps; mean 1.5 rps.
  assert.deepEqual([w.clipped, w.observations, w.value, w.status], [true, 216_000, 1.5, 'met']);
  assert.deepEqual(w.slices, { total: 2, withData: 2, good: 2, counted: 2 });
});

test('accuracy: runs before the period do not count; cadence periods outside it are no gaps', () => {
  // March with 7-day cadence periods from 03-01: [03-01,03-08) [03-08,03-15) | [03-15,03-22) [03-22,03-29) [03-29,04-01).
  const data = metric({ t: ['2026-03-03T00:00:00Z', '2026-03-17T00:00:00Z', '2026-03-30T00:00:00Z'], values: [0.5, 0.9, 0.91] });
  const spec = sla([{ id: 'f1', indicator: 'accuracy', metric: 'eval', measure: 'f1', target: '>= 0.8', window: { calendar: 'month' }, evaluation: { cadence: '7d', aggregate: 'every' } }], {
    metrics: { eval: { file: 'e.csv', timestamp: 't', value: 'f1' } },
  });
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: { eval: { ok: true, data } }, asOf: ms('2026-04-11T00:00:00Z') });
  const [march] = r.objectives[0].windows;
  // The 0.5 run of 03-03 would breach `every`; outside the period it does not count. The periods
  // before 03-15 are not counted either: the one gap is [03-22, 03-29).
  assert.deepEqual([march.observations, march.value, march.status], [2, 0.9, 'no-data']);
  assert.deepEqual(march.gaps, [{ from: '2026-03-22T00:00:00.000Z', to: '2026-03-29T00:00:00.000Z' }]);
});

test('the baseline is not clipped: it is measured before the period', () => {
  const spec = sla([availability({ calendar: 'month' })], { baseline: { from: '2026-02-25', to: '2026-03-05', margin: '0%' } });
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: inputs() });
  const b = r.objectives[0].baseline!;
  assert.deepEqual([b.value, b.status], [0, 'breached']); // the 03-01 row (0 of 1000 good)
});

test('defaultAsOf: 1 ms after the latest row, never past period.end', () => {
  const d = (maxTime: number) => ({ rows: 1, maxTime });
  assert.equal(defaultAsOf([d(1000), d(5000)]), 5001);
  assert.equal(defaultAsOf([d(1000), d(5000)], 4000), 4000);
  assert.equal(defaultAsOf([d(1000), d(5000)], 9000), 5001);
  assert.equal(defaultAsOf([undefined, { rows: 0, maxTime: NaN }], 4000), undefined);
});

test('planCalendarWindows: partial and clipped follow the period', () => {
  const plan = planCalendarWindows('month', 'UTC', { periodStart: ms('2026-03-15T00:00:00Z'), periodEnd: ms('2026-04-11T00:00:00Z'), asOf: ms('2026-04-11T00:00:00Z') });
  assert.deepEqual(plan.windows.map((w) => [w.label, w.partial, w.clipped]), [['2026-03', false, true], ['2026-04', false, true]]);
  assert.equal(plan.dropped, 0);
  const inside = planCalendarWindows('day', 'UTC', { periodStart: 0, periodEnd: 10 * DAY, asOf: 2.5 * DAY });
  assert.deepEqual(inside.windows.map((w) => [w.label, w.partial, w.clipped]), [['1970-01-01', false, undefined], ['1970-01-02', false, undefined], ['1970-01-03', true, undefined]]);
});
