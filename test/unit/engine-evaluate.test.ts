/**
 * evaluateInterval (server/src/engine/evaluate/): latency (percentile and ratio form), availability
 * (request- and time-based), timeslices, exclusions, minObservations, asOf, exactness. Hand-computed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateInterval, type ObjectiveSpec } from '../../server/src/engine/evaluate';
import { readMetric } from '../../server/src/io/sources/fileSource';
import { MIN, iso, metric, ms, shuffled } from './engine-support';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'engine', name);
const T0 = ms('2026-03-02T00:00:00Z');
const W = { start: T0, end: T0 + 10 * MIN };
const at = (minutes: number, extraMs = 0) => T0 + minutes * MIN + extraMs;

const p99: ObjectiveSpec = { id: 'p', indicator: 'latency', metric: 'm', percentile: 'p99', percentileMethod: 'nearest-rank', target: '<= 300ms' };
const ratio: ObjectiveSpec = { id: 'r', indicator: 'latency', metric: 'm', threshold: '<= 300ms', target: '>= 75%' };
const avail: ObjectiveSpec = { id: 'a', indicator: 'availability', metric: 'm', method: 'request-based', target: '>= 99.95%' };

test('an observation exactly at the window start counts, one at the end does not', () => {
  const d = metric({ t: [W.start - 1, W.start, W.start + 1, W.end - 1, W.end], values: [999, 1, 2, 3, 999], unit: 'ms' });
  const r = evaluateInterval({ ...p99, percentile: 'p100' }, d, W, {});
  assert.equal(r.observations, 3);
  assert.equal(r.value, 3);
  assert.equal(r.status, 'met');
  assert.equal(r.unit, 'ms');
  // the same with unsorted rows (linear filter instead of binary search)
  const s = evaluateInterval({ ...p99, percentile: 'p100' }, shuffled(d), W, {});
  assert.deepEqual(s, r);
});

test('nothing at or after asOf counts', () => {
  const d = metric({ t: [at(1), at(2), at(3)], values: [1, 2, 3], unit: 'ms' });
  const r = evaluateInterval({ ...p99, percentile: 'p100' }, d, W, { asOf: at(3) });
  assert.equal(r.observations, 2);
  assert.equal(r.value, 2);
  const none = evaluateInterval(p99, d, W, { asOf: W.start });
  assert.equal(none.status, 'no-data');
  assert.equal(none.reason, 'no-observations');
  assert.equal(none.value, null);
});

test('percentile form: exact boundary, nearest-rank rank, linear, default method flagged', () => {
  const d = metric({ t: Array.from({ length: 100 }, (_, i) => at(0, i)), values: Array.from({ length: 100 }, (_, i) => 201 + i), unit: 'ms' });
  // p99 of 201..300 (n = 100) is the 99th: 299
  const r = evaluateInterval(p99, d, W);
  assert.equal(r.value, 299);
  assert.deepEqual(r.percentile, { method: 'nearest-rank', rank: 99 });
  assert.equal(evaluateInterval({ ...p99, percentile: 'p100' }, d, W).status, 'met'); // 300 <= 300
  assert.equal(evaluateInterval({ ...p99, percentile: 'p100', target: '< 300ms' }, d, W).status, 'breached');
  const lin = evaluateInterval({ ...p99, percentileMethod: 'linear' }, d, W);
  assert.equal(lin.value, 299.01); // h = 99 · 0.99 = 98.01
  assert.equal(lin.status, 'met');
  const dflt = evaluateInterval({ ...p99, percentileMethod: undefined }, d, W);
  assert.equal(dflt.value, 299);
  assert.deepEqual(dflt.defaults, ['percentileMethod']);
  // p99.9 over 2000: rank 1998
  const big = metric({ t: Array.from({ length: 2000 }, (_, i) => at(0, i)), values: Array.from({ length: 2000 }, (_, i) => 2000 - i), unit: 'ms' });
  const r2 = evaluateInterval({ ...p99, percentile: 'p99.9', target: '<= 1998ms' }, big, W);
  assert.equal(r2.value, 1998);
  assert.equal(r2.status, 'met');
});

test('a seconds column with an ms target: value in ms, compared exactly (2.007 s = 2007 ms, 1.001 s is not < 1001 ms)', async () => {
  const d = await readMetric(fixture('seconds.csv'), { file: 'seconds.csv', timestamp: 'ts', value: 'latency_s', unit: 's', delimiter: ';' });
  assert.equal(2.007 * 1000, 2007.0000000000002); // the trap
  const r = evaluateInterval({ ...p99, percentile: 'p100', target: '<= 2007ms' }, d, W);
  assert.equal(r.value, 2007);
  assert.equal(r.unit, 'ms');
  assert.equal(r.status, 'met');
  // p50 (rank 2 of 4: 0.25, 0.5, 1.001, 2.007) = 500 ms
  assert.equal(evaluateInterval({ ...p99, percentile: 'p50' }, d, W).value, 500);
  // p75 = 1.001 s; `< 1001ms` is false exactly (1.001 × 1000 = 1000.9999999999999 in doubles)
  const p75 = evaluateInterval({ ...p99, percentile: 'p75', target: '< 1001ms' }, d, W);
  assert.equal(p75.value, 1001);
  assert.equal(p75.status, 'breached');
  // ratio form on the same column: `<= 2007ms` counts the 2.007 s row, `< 1001ms` does not count 1.001 s
  assert.equal(evaluateInterval({ ...ratio, threshold: '<= 2007ms', target: '>= 100%' }, d, W).value, 100);
  assert.equal(evaluateInterval({ ...ratio, threshold: '< 1001ms', target: '>= 50%' }, d, W).value, 50);
  // A target in seconds and a column in ms convert the other way.
  const msData = metric({ t: [at(1)], values: [1500], unit: 'ms' });
  const inS = evaluateInterval({ ...p99, target: '<= 1.5s' }, msData, W);
  assert.equal(inS.value, 1.5);
  assert.equal(inS.unit, 's');
  assert.equal(inS.status, 'met');
  // A metric without unit is in the target's unit.
  const noUnit = metric({ t: [at(1)], values: [0.3] });
  assert.equal(evaluateInterval({ ...p99, target: '<= 0.3s' }, noUnit, W).status, 'met');
  // Incompatible units: no-data with a problem, no throw.
  const bad = evaluateInterval(p99, metric({ t: [at(1)], values: [1], unit: '%' }), W);
  assert.equal(bad.status, 'no-data');
  assert.equal(bad.reason, 'invalid');
  assert.match(bad.problem!, /unit/);
});

test('ratio form: `<= 300ms` counts 300 as meeting; the share is compared exactly', () => {
  const d = metric({ t: [at(1), at(2), at(3), at(4)], values: [300, 300, 301, 299.999], unit: 'ms' });
  const r = evaluateInterval(ratio, d, W);
  assert.equal(r.value, 75);
  assert.equal(r.unit, '%');
  assert.equal(r.status, 'met'); // 75 >= 75 exactly
  assert.equal(evaluateInterval({ ...ratio, threshold: '< 300ms', target: '>= 25%' }, d, W).value, 25);
  assert.equal(evaluateInterval({ ...ratio, target: '> 75%' }, d, W).status, 'breached');
});

test('decimals with more than 15 significant digits are compared as decimals, not doubles', async () => {
  const d = await readMetric(fixture('long-decimals.csv'), { file: 'x', timestamp: 'ts', value: 'latency_ms', unit: 'ms' });
  // rows: 300.0000000000000001, 299.99999999999999999, 300, 100 — the first three are the same double
  assert.equal(evaluateInterval(ratio, d, W).value, 75);
  const max = evaluateInterval({ ...p99, percentile: 'p100' }, d, W);
  assert.equal(max.value, 300);
  assert.equal(max.status, 'breached'); // 300.0000000000000001 > 300
  assert.equal(evaluateInterval({ ...p99, percentile: 'p75' }, d, W).status, 'met'); // 300
  assert.equal(evaluateInterval({ ...p99, percentile: 'p50', target: '< 300ms' }, d, W).status, 'met'); // 299.99…
  assert.equal(evaluateInterval({ ...p99, percentile: 'p50', target: '< 300ms' }, shuffled(d, 3), W).status, 'met');
});

test('availability request-based: per-row good and pre-aggregated counts, exact at the boundary', () => {
  const rows = metric({ t: [at(1), at(2), at(3), at(4)], good: [1, 1, 1, 0] });
  const r = evaluateInterval({ ...avail, target: '>= 75%' }, rows, W);
  assert.equal(r.value, 75);
  assert.equal(r.observations, 4);
  assert.equal(r.status, 'met');
  const agg = metric({ t: [at(1), at(2)], totals: [1000, 1000], goodCounts: [999, 1000] });
  const a = evaluateInterval(avail, agg, W);
  assert.equal(a.value, 99.95);
  assert.equal(a.observations, 2000);
  assert.equal(a.status, 'met');
  // 999/1000 is 99.9 % exactly
  const b = evaluateInterval({ ...avail, target: '>= 99.9%' }, metric({ t: [at(1)], totals: [1000], goodCounts: [999] }), W);
  assert.equal(b.value, 99.9);
  assert.equal(b.status, 'met');
  // 1 in 3 is not >= 33.333333333333333%
  const third = evaluateInterval({ ...avail, target: '>= 33.333333333333333%' }, metric({ t: [at(1)], totals: [3], goodCounts: [1] }), W);
  assert.equal(third.status, 'met');
  const third2 = evaluateInterval({ ...avail, target: '>= 33.3333333333333334%' }, metric({ t: [at(1)], totals: [3], goodCounts: [1] }), W);
  assert.equal(third2.status, 'breached');
  // a bare-fraction target: the value is a fraction too
  const fr = evaluateInterval({ ...avail, target: '>= 0.9995' }, agg, W);
  assert.deepEqual([fr.value, fr.unit, fr.status], [0.9995, '', 'met']);
  // no good/goodCount: invalid
  const none = evaluateInterval(avail, metric({ t: [at(1)], values: [1] }), W);
  assert.equal(none.reason, 'invalid');
  // missing method: request-based, flagged
  assert.deepEqual(evaluateInterval({ ...avail, method: undefined }, agg, W).defaults, ['method']);
});

test('exclusions: [from, to) half-open; excluded observations counted (Σ total for pre-aggregated rows)', () => {
  const exclusions = [{ reason: 'maintenance', from: iso(at(2)), to: iso(at(4)) }];
  const d = metric({ t: [at(1), at(2), at(3), at(4), at(5)], values: [10, 500, 500, 20, 30], unit: 'ms' });
  const r = evaluateInterval({ ...p99, percentile: 'p100', exclusions }, d, W);
  assert.equal(r.observations, 3); // at(2) and at(3) dropped, at(4) (= to) counted
  assert.equal(r.excluded, 2);
  assert.equal(r.value, 30);
  const agg = metric({ t: [at(1), at(2), at(4)], totals: [100, 50, 100], goodCounts: [100, 0, 100] });
  const a = evaluateInterval({ ...avail, exclusions }, agg, W);
  assert.equal(a.excluded, 50);
  assert.equal(a.observations, 200);
  assert.equal(a.value, 100);
  // overlapping exclusions merge; date-only bounds are midnight in the zone
  const e2 = [{ from: iso(at(1)), to: iso(at(3)) }, { from: iso(at(2)), to: iso(at(5)) }];
  assert.equal(evaluateInterval({ ...p99, exclusions: e2 }, d, W).excluded, 4);
  const dayExcl = evaluateInterval({ ...p99, exclusions: [{ from: '2026-03-02', to: '2026-03-03' }] }, d, W, { timezone: 'UTC' });
  assert.equal(dayExcl.excluded, 5);
  assert.equal(dayExcl.status, 'no-data');
  // an unreadable exclusion makes the window no-data (it could change the verdict), never throws
  const bad = evaluateInterval({ ...p99, exclusions: [{ from: 'yesterday', to: iso(at(3)) }] }, d, W);
  assert.equal(bad.status, 'no-data');
  assert.equal(bad.reason, 'invalid');
  assert.match(bad.problem!, /exclusion 1 `from`/);
});

test('minObservations: a window with fewer counted observations is no-data (value still shown)', () => {
  const d = metric({ t: [at(1), at(2), at(3), at(4), at(5)], values: [1, 2, 3, 4, 5], unit: 'ms' });
  const few = evaluateInterval({ ...p99, minObservations: 6 }, d, W);
  assert.equal(few.status, 'no-data');
  assert.equal(few.reason, 'min-observations');
  assert.equal(few.value, 5);
  assert.equal(evaluateInterval({ ...p99, minObservations: 5 }, d, W).status, 'met');
  // counted = after exclusions
  const ex = evaluateInterval({ ...p99, minObservations: 5, exclusions: [{ from: iso(at(1)), to: iso(at(2)) }] }, d, W);
  assert.equal(ex.reason, 'min-observations');
  assert.equal(evaluateInterval({ ...p99, minObservations: -1 }, d, W).reason, 'invalid');
});

// six 1-minute slices: good, bad, empty, good, empty, good
const sliced = metric({
  t: [at(0), at(0, 30_000), at(1), at(1, 1), at(3), at(5, 59_999)],
  totals: [100, 100, 100, 100, 100, 100],
  goodCounts: [100, 100, 90, 100, 99, 100],
});
const W6 = { start: T0, end: at(6) };
const ts: ObjectiveSpec = { ...avail, budgeting: 'timeslices', slice: '1m', target: '>= 99%', sliceTarget: '>= 75%' };

test('timeslices: each emptySlices mode', () => {
  const ignore = evaluateInterval({ ...ts, emptySlices: 'ignore' }, sliced, W6);
  assert.deepEqual(ignore.slices, { total: 6, withData: 4, good: 3, counted: 4 });
  assert.equal(ignore.value, 75);
  assert.equal(ignore.status, 'met');
  assert.equal(ignore.unit, '%');
  assert.equal(ignore.observations, 600);
  const good = evaluateInterval({ ...ts, emptySlices: 'good' }, sliced, W6);
  assert.deepEqual(good.slices, { total: 6, withData: 4, good: 5, counted: 6 });
  assert.equal(good.value, (5 * 100) / 6);
  assert.equal(good.status, 'met');
  const bad = evaluateInterval({ ...ts, emptySlices: 'bad' }, sliced, W6);
  assert.deepEqual(bad.slices, { total: 6, withData: 4, good: 3, counted: 6 });
  assert.equal(bad.value, 50);
  assert.equal(bad.status, 'breached');
  // missing emptySlices: ignore, flagged
  const dflt = evaluateInterval(ts, sliced, W6);
  assert.equal(dflt.value, 75);
  assert.deepEqual(dflt.defaults, ['emptySlices']);
  assert.equal(evaluateInterval({ ...ts, emptySlices: 'skip' }, sliced, W6).reason, 'invalid');
});

test('timeslices: slices entirely inside exclusions count neither as data nor as empty', () => {
  const o = { ...ts, emptySlices: 'bad', exclusions: [{ from: iso(at(2)), to: iso(at(4, 30_000)) }] };
  const r = evaluateInterval(o, sliced, W6);
  // slice 2 (empty) and 3 (good, its row dropped) are inside; slice 4 only partly (empty → bad)
  assert.deepEqual(r.slices, { total: 6, withData: 3, good: 2, counted: 4, excluded: 2 });
  assert.equal(r.excluded, 100);
  assert.equal(r.value, 50);
});

test('timeslices: a slice below minObservations counts as empty; asOf cuts the slice count', () => {
  const d = metric({ t: [at(0), at(1), at(2)], totals: [100, 5, 100], goodCounts: [100, 0, 100] });
  const r = evaluateInterval({ ...ts, emptySlices: 'ignore', minObservations: 10 }, d, { start: T0, end: at(3) });
  assert.deepEqual(r.slices, { total: 3, withData: 2, good: 2, counted: 2, sparse: 1 });
  assert.equal(r.value, 100);
  assert.equal(r.status, 'met');
  const bad = evaluateInterval({ ...ts, emptySlices: 'bad', minObservations: 10 }, d, { start: T0, end: at(3) });
  assert.equal(bad.value, (2 * 100) / 3);
  // asOf inside slice 1: slices up to asOf are 2 (the cut one counts)
  const cut = evaluateInterval({ ...ts, emptySlices: 'ignore' }, d, { start: T0, end: at(3) }, { asOf: at(1, 1) });
  assert.equal(cut.slices!.total, 2);
  assert.equal(cut.slices!.withData, 2);
  assert.equal(cut.slices!.good, 1);
  // no slice or sliceTarget: invalid (SLA107)
  assert.equal(evaluateInterval({ ...ts, slice: undefined }, d, W).reason, 'invalid');
  const noTarget = evaluateInterval({ ...ts, sliceTarget: undefined }, d, W);
  assert.equal(noTarget.status, 'no-data');
  assert.equal(noTarget.reason, 'invalid');
  assert.equal(noTarget.value, (2 * 100) / 3);
});

test('timeslices over a latency percentile: each slice p99 against the target', () => {
  // slice 0: 1..100 ms (p99 = 99, good); slice 1: 1..100 but ×4 (p99 = 396, bad); slice 2 empty
  const t: number[] = [], v: number[] = [];
  for (let i = 1; i <= 100; i++) { t.push(at(0, i)); v.push(i); t.push(at(1, i)); v.push(i * 4); }
  const d = metric({ t, values: v, unit: 'ms' });
  const o: ObjectiveSpec = { ...p99, budgeting: 'timeslices', slice: '1m', target: '<= 300ms', sliceTarget: '>= 50%', emptySlices: 'ignore' };
  const r = evaluateInterval(o, d, { start: T0, end: at(3) });
  assert.deepEqual(r.slices, { total: 3, withData: 2, good: 1, counted: 2 });
  assert.equal(r.value, 50);
  assert.equal(r.status, 'met');
  assert.equal(r.observations, 200);
  assert.deepEqual(evaluateInterval(o, shuffled(d), { start: T0, end: at(3) }), r);
  // per-slice minObservations: 100 per slice needed, 101 → both sparse
  const sparse = evaluateInterval({ ...o, minObservations: 101 }, d, { start: T0, end: at(3) });
  assert.equal(sparse.status, 'no-data');
  assert.equal(sparse.slices!.sparse, 2);
  // ratio form in slices: share <= 300ms per slice against `target`
  const ro: ObjectiveSpec = { ...ratio, budgeting: 'timeslices', slice: '1m', target: '>= 75%', sliceTarget: '>= 100%', emptySlices: 'ignore' };
  const rr = evaluateInterval(ro, d, { start: T0, end: at(3) });
  assert.deepEqual(rr.slices, { total: 3, withData: 2, good: 2, counted: 2 }); // slice 1: 75 of 100 ≤ 300 → exactly 75 %
  assert.equal(rr.status, 'met');
});

test('time-based availability: a slice is up when good/total meets sliceGood; value = up / counted', () => {
  // 1-minute buckets: 100 %, 95 %, 89 %, (empty), 90 % exactly, 50 %
  const d = metric({ t: [at(0), at(1), at(2), at(4), at(5)], totals: [100, 100, 100, 100, 100], goodCounts: [100, 95, 89, 90, 50] });
  const o: ObjectiveSpec = { id: 'm', indicator: 'availability', method: 'time-based', sliceGood: '>= 90%', target: '>= 60%', emptySlices: 'ignore' };
  const r = evaluateInterval(o, d, { start: T0, end: at(6) });
  assert.deepEqual(r.slices, { total: 6, withData: 5, good: 3, counted: 5 });
  assert.equal(r.value, 60);
  assert.equal(r.status, 'met');
  assert.deepEqual(r.defaults, ['slice']); // 1m default
  assert.equal(evaluateInterval({ ...o, emptySlices: 'bad' }, d, { start: T0, end: at(6) }).value, 50);
  // per-row events in 2-minute slices: slice 0 has 9 of 10 good (up), slice 1 has 1 of 2 (down)
  const ev = metric({ t: [...Array.from({ length: 10 }, (_, i) => at(0, i)), at(2), at(3)], good: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0] });
  const r2 = evaluateInterval({ ...o, slice: '2m', target: '>= 50%' }, ev, { start: T0, end: at(4) });
  assert.deepEqual(r2.slices, { total: 2, withData: 2, good: 1, counted: 2 });
  assert.equal(r2.observations, 12);
  // with budgeting: timeslices and a sliceTarget, both bars must hold
  const both = evaluateInterval({ ...o, budgeting: 'timeslices', sliceTarget: '>= 70%' }, d, { start: T0, end: at(6) });
  assert.equal(both.status, 'breached');
  // without sliceGood and without timeslices: invalid (SLA104)
  assert.equal(evaluateInterval({ ...o, sliceGood: undefined }, d, { start: T0, end: at(6) }).reason, 'invalid');
  // without sliceGood but with timeslices: an ordinary timeslice budget
  const plain = evaluateInterval({ ...o, sliceGood: undefined, budgeting: 'timeslices', target: '>= 90%', sliceTarget: '>= 60%' }, d, { start: T0, end: at(6) });
  assert.equal(plain.value, 60);
  assert.equal(plain.status, 'met');
});

test('malformed objectives give no-data with a problem, never throw', () => {
  const d = metric({ t: [at(1)], values: [1], unit: 'ms' });
  const cases: ObjectiveSpec[] = [
    {},
    { indicator: 'speed' },
    { indicator: 'latency', target: '<= 1ms' },
    { ...p99, percentile: 'p0' },
    { ...p99, percentile: 'ninety-nine' },
    { ...p99, percentileMethod: 'midpoint' },
    { ...p99, threshold: '<= 1ms' },
    { ...p99, budgeting: 'sometimes' },
    { ...p99, exclusions: 'none' },
    { ...p99, target: '300ms' },
    { ...ratio, threshold: 300 },
    { indicator: 'throughput', target: '>= 5%' },
    { indicator: 'throughput', target: '>= 5rps', slice: '1M' },
    { indicator: 'availability', method: 'by-feel', target: '>= 99%' },
    { indicator: 'accuracy', target: '>= 0.8', evaluation: { aggregate: 'median' } },
    { indicator: 'accuracy', target: '>= 0.8', evaluation: { cadence: 'fortnightly' } },
  ];
  for (const o of cases) {
    const r = evaluateInterval(o, d, W);
    assert.equal(r.status, 'no-data', JSON.stringify(o));
    assert.ok(r.problem, JSON.stringify(o));
  }
  // null objective or data
  assert.equal(evaluateInterval(null as unknown as ObjectiveSpec, d, W).status, 'no-data');
  assert.equal(evaluateInterval(p99, undefined as never, W).status, 'no-data');
  assert.equal(evaluateInterval(p99, d, { start: 10, end: 5 }).reason, 'invalid');
  assert.equal(evaluateInterval(p99, d, W, { timezone: 'Mars/Olympus' }).reason, 'invalid');
  // a missing target still gives the value
  const noTarget = evaluateInterval({ ...p99, target: undefined }, d, W);
  assert.equal(noTarget.value, 1);
  assert.equal(noTarget.reason, 'invalid');
});

test('large unsorted and sorted data agree (binary search vs linear filter)', () => {
  const n = 50_000;
  const t: number[] = [], v: number[] = [], g: number[] = [];
  for (let i = 0; i < n; i++) { t.push(T0 - 5 * MIN + i * 20); v.push((i * 7919) % 1000); g.push(i % 97 === 0 ? 0 : 1); }
  const d = metric({ t, values: v, good: g, unit: 'ms' });
  const s = shuffled(d, 11);
  assert.equal(s.sorted, false);
  for (const o of [p99, { ...p99, percentileMethod: 'linear' }, ratio, { ...avail, target: '>= 98%' }, { ...ts, target: '>= 98%', emptySlices: 'bad' }]) {
    const a = evaluateInterval(o, d, W, { asOf: at(7, 13) });
    const b = evaluateInterval(o, s, W, { asOf: at(7, 13) });
    assert.deepEqual(b, a);
    assert.ok(a.observations > 0);
  }
});

test('duplicate and out-of-order timestamps are observations like any other: each counts, order does not matter', () => {
  const t = [at(5), at(1), at(5), at(3), at(5), at(2), at(1)];
  const values = [50, 10, 51, 30, 52, 20, 11];
  const d = metric({ t, values, unit: 'ms' });
  const r = evaluateInterval({ ...p99, percentile: 'p100' }, d, W, {});
  assert.equal(r.observations, 7);
  assert.equal(r.value, 52);
  const median = evaluateInterval({ ...p99, percentile: 'p50' }, d, W, {});
  assert.equal(median.value, 30); // nearest-rank: 4th of [10, 11, 20, 30, 50, 51, 52]
  assert.deepEqual(evaluateInterval({ ...p99, percentile: 'p50' }, shuffled(d), W, {}), median);
});
