/** evaluateInterval for accuracy (runs, filters, aggregates, cadence gaps) and throughput (rates per slice). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateInterval, type ObjectiveSpec } from '../../server/src/engine/evaluate';
import { calendarWindowAt } from '../../server/src/engine/windows';
import { DAY, HOUR, MIN, iso, metric, ms, shuffled } from './engine-support';

// ------------------------------------------------------------------------------------ accuracy

const W4 = { start: ms('2026-03-02T00:00:00Z'), end: ms('2026-03-30T00:00:00Z') }; // four ISO weeks
const runs = [
  ['2026-03-02T06:00:00Z', 0.85, 'holdout', 6000],
  ['2026-03-09T06:00:00Z', 0.83, 'holdout', 6000],
  ['2026-03-10T06:00:00Z', 0.7, 'old-holdout', 6000], // another dataset
  ['2026-03-16T06:00:00Z', 0.84, 'holdout', 6000],
  ['2026-03-17T06:00:00Z', 0.7, 'holdout', 100], // below minSamples
  ['2026-03-18T06:00:00Z', 0.7, 'holdout', 6000], // inside the exclusion
  ['2026-03-23T06:00:00Z', 0.86, 'holdout', 6000],
] as const;
const evalData = (rows: readonly (readonly [string, number, string, number])[] = runs) =>
  metric({ t: rows.map((r) => r[0]), values: rows.map((r) => r[1]), datasets: rows.map((r) => r[2]), samples: rows.map((r) => r[3]) });
const f1: ObjectiveSpec = {
  id: 'f1', indicator: 'accuracy', metric: 'eval', measure: 'f1', target: '>= 0.82',
  evaluation: { cadence: 'weekly', dataset: 'holdout', minSamples: 5000, aggregate: 'every' },
  exclusions: [{ reason: 'retraining', from: '2026-03-18T00:00:00Z', to: '2026-03-19T00:00:00Z' }],
};
const withAggregate = (aggregate: string | undefined, o: ObjectiveSpec = f1): ObjectiveSpec => ({ ...o, evaluation: { ...(o.evaluation as object), aggregate } });

test('accuracy: filters (exclusions, dataset, minSamples) and each aggregate', () => {
  const d = evalData();
  const every = evaluateInterval(f1, d, W4);
  assert.equal(every.value, 0.83); // the worst counted run
  assert.equal(every.status, 'met');
  assert.equal(every.observations, 4);
  assert.equal(every.excluded, 1);
  assert.equal(every.otherDataset, 1);
  assert.equal(every.belowMinSamples, 1);
  assert.deepEqual(every.gaps, []);
  assert.deepEqual(every.runs, { counted: [0, 1, 3, 6], excluded: [5], otherDataset: [2], belowMinSamples: [4] });
  const latest = evaluateInterval(withAggregate('latest'), d, W4);
  assert.equal(latest.value, 0.86);
  const mean = evaluateInterval(withAggregate('mean'), d, W4);
  assert.equal(mean.value, 0.845); // (0.85 + 0.83 + 0.84 + 0.86) / 4, exactly
  assert.equal(mean.status, 'met');
  assert.equal(evaluateInterval({ ...withAggregate('mean'), target: '>= 0.845' }, d, W4).status, 'met'); // exact at the boundary
  assert.equal(evaluateInterval({ ...withAggregate('mean'), target: '> 0.845' }, d, W4).status, 'breached');
  assert.equal(evaluateInterval(withAggregate('min'), d, W4).value, 0.83);
  // missing aggregate: every, flagged
  const dflt = evaluateInterval(withAggregate(undefined), d, W4);
  assert.equal(dflt.value, 0.83);
  assert.deepEqual(dflt.defaults, ['aggregate']);
  // unsorted file order: same
  assert.deepEqual(evaluateInterval(f1, shuffled(d), W4).value, 0.83);
  // a stricter target breaches with `every`
  assert.equal(evaluateInterval({ ...f1, target: '>= 0.84' }, d, W4).status, 'breached');
  assert.equal(evaluateInterval({ ...withAggregate('latest'), target: '>= 0.84' }, d, W4).status, 'met');
});

test('accuracy: without the filters, the filtered runs count', () => {
  const d = evalData();
  const o: ObjectiveSpec = { ...f1, exclusions: undefined, evaluation: { cadence: 'weekly', aggregate: 'every' } };
  const r = evaluateInterval(o, d, W4);
  assert.equal(r.observations, 7);
  assert.equal(r.value, 0.7);
  assert.equal(r.status, 'breached');
  // data without a dataset/samples column: evaluation.dataset / minSamples cannot filter
  const bare = metric({ t: runs.map((x) => x[0]), values: runs.map((x) => x[1]) });
  assert.equal(evaluateInterval({ ...f1, exclusions: undefined }, bare, W4).observations, 7);
});

test('accuracy: a cadence period without a counted run is a gap → no-data; a breach wins for every/min', () => {
  const noWeek3 = evalData(runs.filter((r) => !r[0].startsWith('2026-03-16')));
  const every = evaluateInterval(f1, noWeek3, W4);
  assert.equal(every.status, 'no-data');
  assert.equal(every.reason, 'gaps');
  assert.deepEqual(every.gaps!.map((g) => [iso(g.from), iso(g.to)]), [['2026-03-16T00:00:00.000Z', '2026-03-23T00:00:00.000Z']]);
  assert.equal(every.value, 0.83); // still shown
  // a counted run that misses the target: breached whatever the gaps
  const failing = evalData(runs.filter((r) => !r[0].startsWith('2026-03-16')).map((r) => (r[0].startsWith('2026-03-09') ? [r[0], 0.8, r[2], r[3]] as const : r)));
  assert.equal(evaluateInterval(f1, failing, W4).status, 'breached');
  assert.equal(evaluateInterval(withAggregate('min'), failing, W4).status, 'breached');
  assert.equal(evaluateInterval(withAggregate('latest'), failing, W4).status, 'no-data');
  assert.equal(evaluateInterval(withAggregate('mean'), failing, W4).status, 'no-data');
  // min with an upper bound (lower-is-better measure): a failing minimum can still be undone → no-data
  const rmse: ObjectiveSpec = { ...f1, measure: 'rmse', target: '<= 0.75', exclusions: undefined, evaluation: { cadence: 'weekly', aggregate: 'min' } };
  const noWeek3AtAll = evalData(runs.filter((r) => !/^2026-03-1[678]/.test(r[0])));
  assert.equal(evaluateInterval({ ...rmse, target: '<= 0.5' }, noWeek3AtAll, W4).status, 'no-data'); // min 0.7 > 0.5, but a run in the gap could be lower
  assert.equal(evaluateInterval({ ...rmse, target: '<= 0.5' }, evalData(), W4).status, 'breached'); // no gap
  // every with an upper bound: the worst run is the largest
  const rmseEvery = evaluateInterval({ ...rmse, evaluation: { cadence: 'weekly', aggregate: 'every' } }, evalData(), W4);
  assert.equal(rmseEvery.value, 0.86);
  assert.equal(rmseEvery.status, 'breached');
  // no runs at all: no-data with every period a gap
  const empty = evaluateInterval(f1, evalData([]), W4);
  assert.equal(empty.status, 'no-data');
  assert.equal(empty.gaps!.length, 4);
});

test('accuracy: a period still running at asOf is no gap; periods are clipped to the window', () => {
  const d = evalData(runs.filter((r) => !r[0].startsWith('2026-03-23')));
  const asOf = ms('2026-03-25T00:00:00Z');
  const r = evaluateInterval(f1, d, W4, { asOf });
  assert.deepEqual(r.gaps, []);
  assert.equal(r.status, 'met');
  // the same data judged after the week ended: a gap
  assert.equal(evaluateInterval(f1, d, W4, { asOf: W4.end }).reason, 'gaps');
  // a calendar month (Berlin) with weekly cadence: periods from the window start, the last clipped
  const march = calendarWindowAt('month', 'Europe/Berlin', ms('2026-03-15T00:00:00Z'));
  const monthRuns = evalData([
    ['2026-03-01T06:00:00Z', 0.85, 'holdout', 6000], ['2026-03-08T06:00:00Z', 0.85, 'holdout', 6000],
    ['2026-03-15T06:00:00Z', 0.85, 'holdout', 6000], ['2026-03-22T06:00:00Z', 0.85, 'holdout', 6000],
  ]);
  const m = evaluateInterval(f1, monthRuns, march, { timezone: 'Europe/Berlin' });
  // periods: 03-01, 03-08, 03-15, 03-22, 03-29 (local, clipped at 04-01 00:00 CEST): the last has no run
  assert.deepEqual(m.gaps!.map((g) => [iso(g.from), iso(g.to)]), [['2026-03-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']]);
});

test('accuracy: daily cadence follows local days across DST; a duration cadence is elapsed time', () => {
  const march = calendarWindowAt('month', 'Europe/Berlin', ms('2026-03-15T00:00:00Z'));
  const rows: [string, number, string, number][] = [];
  for (let day = 1; day <= 31; day++) if (day !== 29) rows.push([`2026-03-${String(day).padStart(2, '0')}T11:00:00Z`, 0.9, 'holdout', 6000]);
  const r = evaluateInterval({ ...f1, exclusions: undefined, evaluation: { cadence: 'daily', aggregate: 'every' } }, evalData(rows), march, { timezone: 'Europe/Berlin' });
  // 2026-03-29 is a 23-hour local day
  assert.deepEqual(r.gaps!.map((g) => [iso(g.from), iso(g.to)]), [['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']]);
  // a cadence period entirely inside an exclusion is planned, not a gap
  const excluded = evaluateInterval({ ...f1, exclusions: [{ from: '2026-03-29', to: '2026-03-30' }], evaluation: { cadence: 'daily', aggregate: 'every' } }, evalData(rows), march, { timezone: 'Europe/Berlin' });
  assert.deepEqual(excluded.gaps, []);
  assert.equal(excluded.status, 'met');
  const d7 = evaluateInterval({ ...f1, exclusions: undefined, evaluation: { cadence: '7d', aggregate: 'every' } }, evalData(rows), march, { timezone: 'Europe/Berlin' });
  assert.deepEqual(d7.gaps, []);
  assert.equal(d7.observations, 30);
  // monthly cadence in a quarter: three periods
  const q = calendarWindowAt('quarter', 'UTC', ms('2026-02-01T00:00:00Z'));
  const qr = evaluateInterval({ ...f1, evaluation: { cadence: 'monthly', aggregate: 'every' } }, evalData(rows), q);
  assert.deepEqual(qr.gaps!.map((g) => iso(g.from)), ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
});

test('accuracy: minSamples boundary, minObservations, percent targets', () => {
  const d = evalData([['2026-03-02T06:00:00Z', 0.85, 'holdout', 5000], ['2026-03-09T06:00:00Z', 0.83, 'holdout', 4999]]);
  const o: ObjectiveSpec = { ...f1, evaluation: { dataset: 'holdout', minSamples: 5000, aggregate: 'every' } };
  const r = evaluateInterval(o, d, W4);
  assert.equal(r.observations, 1); // 5000 counts, 4999 does not
  assert.equal(r.belowMinSamples, 1);
  assert.equal(evaluateInterval({ ...o, minObservations: 2 }, d, W4).reason, 'min-observations');
  // a % target with a unitless metric: the values are taken to be in % (spec §9) …
  assert.equal(evaluateInterval({ ...o, target: '>= 82%' }, d, W4).status, 'breached');
  // … and a metric in % with a bare-number target converts
  const pct = metric({ t: ['2026-03-02T06:00:00Z'], values: [85], unit: '%' });
  const r2 = evaluateInterval({ ...o, evaluation: {} }, pct, W4);
  assert.equal(r2.value, 0.85);
  assert.equal(r2.status, 'met');
});

// ---------------------------------------------------------------------------------- throughput

const T0 = ms('2026-03-02T00:00:00Z');
const W5 = { start: T0, end: T0 + 5 * MIN };
/** Events spread evenly over each minute: counts per 1-minute slice. */
function events(counts: number[]): ReturnType<typeof metric> {
  const t: number[] = [];
  counts.forEach((c, k) => { for (let i = 0; i < c; i++) t.push(T0 + k * MIN + Math.floor((i * MIN) / c)); });
  return metric({ t });
}
const tp: ObjectiveSpec = { id: 't', indicator: 'throughput', metric: 'm', statistic: 'min', slice: '1m', target: '>= 1rps' };

test('throughput: min / mean / p5 of per-slice rates, in rps and rpm; empty slices not counted', () => {
  const d = events([120, 60, 0, 180, 90]); // 2, 1, –, 3, 1.5 rps
  const min = evaluateInterval(tp, d, W5);
  assert.equal(min.value, 1);
  assert.equal(min.unit, 'rps');
  assert.equal(min.status, 'met'); // exactly at the bound
  assert.equal(min.observations, 450);
  assert.deepEqual(min.slices, { total: 5, withData: 4, good: 4, counted: 4 });
  assert.equal(evaluateInterval({ ...tp, target: '> 1rps' }, d, W5).status, 'breached');
  const mean = evaluateInterval({ ...tp, statistic: 'mean' }, d, W5);
  assert.equal(mean.value, 1.875);
  assert.equal(evaluateInterval({ ...tp, statistic: 'p5' }, d, W5).value, 1); // rank ⌈0.05 · 4⌉ = 1
  const rpm = evaluateInterval({ ...tp, target: '>= 60rpm' }, d, W5);
  assert.equal(rpm.value, 60);
  assert.equal(rpm.unit, 'rpm');
  assert.equal(rpm.status, 'met');
  assert.equal(evaluateInterval({ ...tp, statistic: 'mean', target: '>= 112.5rpm' }, d, W5).value, 112.5);
  assert.equal(evaluateInterval({ ...tp, target: '>= 3600rph' }, d, W5).status, 'met');
  // defaults: statistic min, slice 1m
  const dflt = evaluateInterval({ ...tp, statistic: undefined, slice: undefined }, d, W5);
  assert.equal(dflt.value, 1);
  assert.deepEqual(dflt.defaults, ['slice', 'statistic']);
  // 5-minute slices: one slice, 450 / 300 s
  assert.equal(evaluateInterval({ ...tp, slice: '5m' }, d, W5).value, 1.5);
});

test('throughput: p5 is nearest-rank over slices (21 slices → rank 2)', () => {
  const counts = Array.from({ length: 21 }, (_, i) => 60 * (i + 1)); // 1..21 rps
  const d = events(counts);
  const w = { start: T0, end: T0 + 21 * MIN };
  assert.equal(evaluateInterval({ ...tp, statistic: 'p5' }, d, w).value, 2);
  assert.equal(evaluateInterval({ ...tp, statistic: 'p5' }, d, { start: T0, end: T0 + 20 * MIN }).value, 1);
});

test('throughput: pre-aggregated rows count their totals; a slice running at asOf is left out', () => {
  // one row per sampled minute (the examples' exporter keeps one bucket in five)
  const d = metric({ t: [T0, T0 + 5 * MIN, T0 + 10 * MIN], totals: [600, 300, 900], goodCounts: [600, 300, 900] });
  const w = { start: T0, end: T0 + 15 * MIN };
  const r = evaluateInterval({ ...tp, target: '>= 5rps' }, d, w);
  assert.equal(r.value, 5);
  assert.equal(r.observations, 1800);
  assert.deepEqual(r.slices, { total: 15, withData: 3, good: 3, counted: 3 });
  // asOf 1 ms after the last bucket (the default asOf): its slice is still running
  const cut = evaluateInterval({ ...tp, target: '>= 5rps' }, d, w, { asOf: T0 + 10 * MIN + 1 });
  assert.deepEqual(cut.slices, { total: 10, withData: 2, good: 2, counted: 2 });
  assert.equal(cut.value, 5);
  assert.equal(cut.observations, 1800); // observations still count every event before asOf
  // minObservations on the window
  assert.equal(evaluateInterval({ ...tp, minObservations: 2000 }, d, w).reason, 'min-observations');
  // exclusions drop the bucket rows
  const ex = evaluateInterval({ ...tp, exclusions: [{ from: iso(T0 + 5 * MIN), to: iso(T0 + 6 * MIN) }] }, d, w);
  assert.equal(ex.excluded, 300);
  assert.equal(ex.value, 10);
});

test('throughput: when only the slice running at asOf has rows, it is measured (requests so far over its whole length), not no-data', () => {
  // A pre-aggregated bucket of 600 requests at T0 + 10m, the default asOf 1 ms after it: the only
  // slice with rows is still running. 600 requests over its whole minute: 10 rps, a lower bound.
  const d = metric({ t: [T0 + 10 * MIN], totals: [600], goodCounts: [600] });
  const w = { start: T0, end: T0 + 15 * MIN };
  const r = evaluateInterval({ ...tp, target: '>= 5rps' }, d, w, { asOf: T0 + 10 * MIN + 1 });
  assert.equal(r.value, 10);
  assert.equal(r.status, 'met');
  assert.deepEqual(r.slices, { total: 11, withData: 1, good: 1, counted: 1 });
  assert.match(r.problem ?? '', /only the slice still running at asOf has requests/);
  // Below the target so far: breached so far (the window is partial; the rate can only rise).
  assert.equal(evaluateInterval({ ...tp, target: '>= 20rps' }, d, w, { asOf: T0 + 10 * MIN + 1 }).status, 'breached');
  // An earlier slice with rows: the running one is left out as before.
  const two = metric({ t: [T0 + 2 * MIN, T0 + 10 * MIN], totals: [300, 600], goodCounts: [300, 600] });
  const r2 = evaluateInterval({ ...tp, target: '>= 5rps' }, two, w, { asOf: T0 + 10 * MIN + 1 });
  assert.deepEqual([r2.value, r2.slices?.total, r2.problem], [5, 10, undefined]);
  // Timeslice budgets too.
  const ts = evaluateInterval({ ...tp, target: '>= 5rps', budgeting: 'timeslices', sliceTarget: '>= 90%', emptySlices: 'ignore' }, d, w, { asOf: T0 + 10 * MIN + 1 });
  assert.deepEqual([ts.value, ts.status, ts.slices?.withData], [100, 'met', 1]);
});

test('throughput: a slice cut by the window end is measured over its actual length', () => {
  const d = metric({ t: [...events([60, 60, 60, 60]).timestamps, ...Array.from({ length: 30 }, (_, i) => T0 + 4 * MIN + i * 1000)] }); // 30 events in [4m, 4m30s)
  const w = { start: T0, end: T0 + 4 * MIN + 30_000 };
  const r = evaluateInterval({ ...tp, statistic: 'mean' }, d, w);
  assert.deepEqual(r.slices, { total: 5, withData: 5, good: 5, counted: 5 });
  assert.equal(r.value, 1); // 30 events over 30 s is 1 rps too
});

test('throughput: timeslices budget over slice rates', () => {
  const d = events([120, 30, 0, 180, 90]); // 2, 0.5, –, 3, 1.5 rps
  const o: ObjectiveSpec = { ...tp, budgeting: 'timeslices', sliceTarget: '>= 75%', emptySlices: 'ignore' };
  const r = evaluateInterval(o, d, W5);
  assert.deepEqual(r.slices, { total: 5, withData: 4, good: 3, counted: 4 });
  assert.equal(r.value, 75);
  assert.equal(r.status, 'met');
  assert.equal(evaluateInterval({ ...o, emptySlices: 'bad' }, d, W5).status, 'breached');
});

test('accuracy and throughput over long windows stay cheap', () => {
  const t: number[] = [], totals: number[] = [];
  for (let i = 0; i < 31 * 24 * 60; i += 5) { t.push(T0 + i * MIN); totals.push(500 + (i % 7)); }
  const d = metric({ t, totals, goodCounts: totals });
  const start = Date.now();
  const r = evaluateInterval({ ...tp, target: '>= 8rps', statistic: 'p5' }, d, { start: T0, end: T0 + 31 * DAY }, { asOf: T0 + 31 * DAY - HOUR });
  assert.ok(Date.now() - start < 1000);
  assert.equal(r.slices!.total, 31 * 24 * 60 - 60);
  assert.equal(r.status, 'met');
});
