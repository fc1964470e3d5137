/**
 * The pure parts of the Prometheus source (spec §10), against hand-computed truths: the selector
 * grammar (the official PromQL parser; only series selectors), and counter increases — resets,
 * series that start inside the range, NaN samples, series summed after their increases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, parseSelector, selectorText } from '../../server/src/engine/prometheus/selector';
import { alignIncreases, counterIncreases, mergeStreams } from '../../server/src/engine/prometheus/counters';
import { boundaries, boundaryOf, percentileVerdict, placeAmongBoundaries } from '../../server/src/engine/prometheus/histogram';

const ok = (text: string, chosen: string[] = []) => {
  const r = parseSelector(text, chosen);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.message}`);
  return r.selector;
};
const refused = (text: string, chosen: string[] = []) => {
  const r = parseSelector(text, chosen);
  assert.ok(!r.ok, `${text} should be refused`);
  return r;
};

test('a series selector: the metric name and matchers, written back as PromQL', () => {
  const s = ok('http_requests_total{job="churn-api", code!~"5.."}');
  assert.deepEqual(s, { metric: 'http_requests_total', matchers: [{ name: 'job', op: '=', value: 'churn-api' }, { name: 'code', op: '!~', value: '5..' }] });
  assert.equal(selectorText(s), 'http_requests_total{job="churn-api", code!~"5.."}');
  assert.equal(selectorText(s, 'lat_bucket', [{ name: 'le', op: '=', value: '0.3' }]), 'lat_bucket{job="churn-api", code!~"5..", le="0.3"}');
  assert.deepEqual(ok('{__name__="up", job="a"}'), { metric: 'up', matchers: [{ name: 'job', op: '=', value: 'a' }] });
  assert.deepEqual(ok('up'), { metric: 'up', matchers: [] });
  // String escapes as Go reads them; raw strings as written.
  assert.equal(ok('x{a="q\\"s"}').matchers[0].value, 'q"s');
  assert.equal(ok("x{a='it\\'s'}").matchers[0].value, "it's");
  assert.equal(ok('x{a=`raw\\n`}').matchers[0].value, 'raw\\n');
  assert.equal(selectorText(ok('x{a="q\\"s"}')), 'x{a="q\\"s"}');
});

test('anything but a series selector is refused at its column, saying what it is', () => {
  assert.match(refused('rate(x[5m])').message, /^a function call: .*series selector/);
  assert.match(refused('sum(x)').message, /^an aggregation/);
  assert.match(refused('x[5m]').message, /^a range selector/);
  assert.match(refused('x offset 5m').message, /^an `offset` modifier/);
  assert.match(refused('x + y').message, /^an arithmetic/);
  assert.match(refused('{job="a"}').message, /without a metric name/);
  assert.match(refused('').message, /empty selector/);
  const broken = refused('x{job="a"');
  assert.match(broken.message, /not valid PromQL at column 10/);
  assert.equal(broken.from, 9);
  const regex = refused('x{code=~"5(.."}');
  assert.match(regex.message, /regular expression "5\(\.\." is not valid/);
  assert.equal(regex.from, 8);
  const le = refused('lat{le="0.3"}', ['le']);
  assert.match(le.message, /`le` is chosen by the tool/);
  assert.deepEqual([le.from, le.to], [4, 12]);
  assert.match(refused('{__name__=~"a|b"}').message, /one name/);
});

test('regular-expression matchers are anchored at both ends, as in Prometheus', () => {
  const m = { name: 'code', op: '=~' as const, value: '5..' };
  assert.equal(matches(m, '503'), true);
  assert.equal(matches(m, '5030'), false);
  assert.equal(matches({ ...m, op: '!~' }, '200'), true);
});

const series = (t: number[], v: number[], labels: Record<string, string> = {}) => ({ labels, t, v });

test('counter increases: differences, a reset counts its new value, the first sample nothing', () => {
  // 10 → 15 → 3 (reset: +3) → 7: increases 5, 3, 4 at the instants that show them.
  const r = counterIncreases([series([0, 15, 30, 45], [10, 15, 3, 7])], 0);
  assert.deepEqual([...r.t], [0, 15, 30, 45]);
  assert.deepEqual([...r.inc], [0, 5, 3, 4]);
  assert.equal(r.resets, 1);
  assert.deepEqual(r.starts, [{ labels: {}, t: 0 }]);
});

test('the sample before the range is only the previous value: no series start, its increase not counted', () => {
  const r = counterIncreases([series([-15, 0, 15], [100, 104, 110])], 0);
  assert.deepEqual([...r.t], [0, 15]);
  assert.deepEqual([...r.inc], [4, 6]);
  assert.deepEqual(r.starts, []);
});

test('a series that starts inside the range counts nothing at its first sample', () => {
  const r = counterIncreases([series([-15, 0, 15, 30], [0, 1, 2, 3], { i: 'a' }), series([15, 30], [50, 52], { i: 'b' })], 0);
  assert.deepEqual([...r.t], [0, 15, 30]);
  assert.deepEqual([...r.inc], [1, 1, 1 + 2]);
  assert.deepEqual(r.starts, [{ labels: { i: 'b' }, t: 15 }]);
});

test('series are summed after their increases: one series\' reset does not cancel another\'s counts', () => {
  // Summed first, 10+100=110 → 12+1=13 would read as a reset (+13); per series it is +2 and +1.
  const r = counterIncreases([series([-1, 0], [10, 12]), series([-1, 0], [100, 1])], 0);
  assert.deepEqual([...r.inc], [3]);
});

test('NaN samples count nothing and the next number compares with the last number', () => {
  const r = counterIncreases([series([0, 15, 30, 45], [5, NaN, 9, 10])], 0);
  assert.deepEqual([...r.inc], [0, 0, 4, 1]);
  assert.equal(r.nanSamples, 1);
});

test('streams merge in time order, equal instants summed; two streams align on the union', () => {
  const m = mergeStreams([
    { t: new Float64Array([1, 3, 5]), inc: new Float64Array([1, 1, 1]) },
    { t: new Float64Array([2, 3, 6]), inc: new Float64Array([10, 10, 10]) },
    { t: new Float64Array([3]), inc: new Float64Array([100]) },
  ]);
  assert.deepEqual([...m.t], [1, 2, 3, 5, 6]);
  assert.deepEqual([...m.inc], [1, 10, 111, 1, 10]);
  const a = counterIncreases([series([0, 10, 20], [0, 5, 9])], 0);
  const b = counterIncreases([series([0, 15, 20], [0, 1, 2])], 0);
  const al = alignIncreases(a, b);
  assert.deepEqual([...al.t], [0, 10, 15, 20]);
  assert.deepEqual([...al.a], [0, 5, 0, 4]);
  assert.deepEqual([...al.b], [0, 0, 1, 1]);
});

test('histogram boundaries are numbers: 0.3 and 0.30 are one, +Inf is last, junk is set apart', () => {
  assert.equal(boundaryOf('0.30'), 0.3);
  assert.equal(boundaryOf('+Inf'), Infinity);
  assert.equal(boundaryOf('3e-1'), 0.3);
  assert.equal(boundaryOf('fast'), undefined);
  assert.deepEqual(boundaries(['0.3', '0.30', '+Inf', '0.1', 'x']), { bounds: [0.1, 0.3, Infinity], invalid: ['x'] });
  assert.deepEqual(placeAmongBoundaries(0.3, [0.1, 0.3, Infinity]), { exact: true });
  assert.deepEqual(placeAmongBoundaries(0.25, [0.1, 0.3, Infinity]), { exact: false, below: 0.1, above: 0.3 });
});

test('nearest-rank percentile on buckets: exact verdict at a boundary, the bucket holding the rank as the range', () => {
  // 1000 observations: 900 ≤ 0.1 s, 990 ≤ 0.3 s, 1000 ≤ +Inf.
  const bounds = [0.1, 0.3, Infinity];
  const cum = [900, 990, 1000];
  // p99: rank ⌈990⌉ = 990 → ≤ 0.3 s exactly; the p99 lies in (0.1, 0.3].
  assert.deepEqual(percentileVerdict(99, bounds, cum, 0.3), { rank: 990, observations: 1000, atMostTarget: true, valueRange: [0.1, 0.3] });
  // p99.1: rank ⌈991⌉ = 991 > 990 → above 0.3 s; in (0.3, +Inf].
  assert.deepEqual(percentileVerdict(99.1, bounds, cum, 0.3), { rank: 991, observations: 1000, atMostTarget: false, valueRange: [0.3, Infinity] });
  // p90 at exactly the rank: 900 ≤ 0.1 → met at 0.1; in [0, 0.1].
  assert.deepEqual(percentileVerdict(90, bounds, cum, 0.1), { rank: 900, observations: 1000, atMostTarget: true, valueRange: [0, 0.1] });
  // A target that is not a boundary gets no verdict (SLA118 says so before this runs).
  assert.equal(percentileVerdict(99, bounds, cum, 0.25)!.atMostTarget, undefined);
  assert.equal(percentileVerdict(99, bounds, [0, 0, 0], 0.3), undefined);
  // p99.9 of 7 observations: ⌈6.993⌉ = 7.
  assert.equal(percentileVerdict(99.9, [1, Infinity], [6, 7], 1)!.rank, 7);
});
