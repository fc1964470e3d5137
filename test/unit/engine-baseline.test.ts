/** SLA110 support (server/src/engine/baseline.ts): baseline values and target suggestions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselineKind, baselineValue, checkBaseline, parseMargin, suggestTarget } from '../../server/src/engine/baseline';
import { evaluateInterval, type ObjectiveSpec } from '../../server/src/engine/evaluate';
import { baselineBounds } from '../../server/src/engine/windows';
import { MIN, metric, ms } from './engine-support';

const latency: ObjectiveSpec = { id: 'p99', indicator: 'latency', percentile: 'p99', percentileMethod: 'nearest-rank', target: '<= 250ms' };
const availability: ObjectiveSpec = { id: 'a', indicator: 'availability', method: 'request-based', target: '>= 99.95%' };
const f1: ObjectiveSpec = { id: 'f1', indicator: 'accuracy', measure: 'f1', target: '>= 0.82' };
const throughput: ObjectiveSpec = { id: 't', indicator: 'throughput', statistic: 'min', target: '>= 5rps' };

test('latency: bound = baseline × (1 + margin); a target below it is stricter', () => {
  const s = suggestTarget(latency, 250, '5%')!;
  assert.equal(s.bound, 262.5);
  assert.equal(s.stricter, true);
  assert.equal(s.suggested, '<= 262.5ms');
  assert.equal(s.kind, 'lower-is-better');
  assert.equal(s.field, 'target');
  assert.equal(suggestTarget({ ...latency, target: '<= 262.5ms' }, 250, '5%')!.stricter, false); // exactly at the bound
  assert.equal(suggestTarget({ ...latency, target: '<= 262.4ms' }, 250, '5%')!.stricter, true);
  assert.equal(suggestTarget({ ...latency, target: '<= 300ms' }, 250, '5%')!.stricter, false);
  // rounded up (looser) to one more decimal than the target has
  assert.equal(suggestTarget(latency, 198.9, '2%')!.suggested, '<= 202.9ms'); // 202.878
  assert.equal(suggestTarget({ ...latency, target: '<= 0.25s' }, 0.2, '5%')!.suggested, '<= 0.21s');
  assert.equal(suggestTarget({ ...latency, target: '<= 0.25s' }, 0.2001, '5%')!.suggested, '<= 0.211s'); // 0.210105
});

test('availability: the margin loosens the error budget: 1 − (1 − baseline) × (1 + margin)', () => {
  const s = suggestTarget(availability, 99.95, '5%')!;
  assert.equal(s.bound, 99.9475);
  assert.equal(s.stricter, true);
  assert.equal(s.suggested, '>= 99.947%'); // rounded down (looser)
  assert.equal(s.kind, 'error-budget');
  assert.equal(suggestTarget({ ...availability, target: '>= 99.9475%' }, 99.95, '5%')!.stricter, false); // at the bound
  assert.equal(suggestTarget({ ...availability, target: '>= 99.9%' }, 99.95, '5%')!.stricter, false);
  // a bare-fraction target works in fractions directly
  const frac = suggestTarget({ ...availability, target: '>= 0.9995' }, 0.9995, '5%')!;
  assert.equal(frac.bound, 0.999475);
  assert.equal(frac.suggested, '>= 0.99947');
  // 100 % baseline: nothing is stricter than 100 %
  assert.equal(suggestTarget({ ...availability, target: '>= 100%' }, 100, '5%')!.stricter, false);
  // ratio-form latency and timeslices are error budgets too; timeslices compare sliceTarget
  assert.equal(baselineKind({ indicator: 'latency', threshold: '<= 500ms', target: '>= 99%' })!.kind, 'error-budget');
  const ts: ObjectiveSpec = { ...availability, budgeting: 'timeslices', slice: '5m', target: '>= 99%', sliceTarget: '>= 99.5%' };
  const t = suggestTarget(ts, 99.6, '5%')!;
  assert.equal(t.field, 'sliceTarget');
  assert.equal(t.bound, 99.58);
  assert.equal(t.stricter, false);
  assert.equal(t.suggested, '>= 99.58%');
  // time-based availability with sliceGood: the value is compared with `target`
  assert.equal(baselineKind({ indicator: 'availability', method: 'time-based', sliceGood: '>= 90%', budgeting: 'timeslices' })!.field, 'target');
});

test('accuracy: higher-is-better ≤ baseline × (1 − margin); lower-is-better measures ≥ baseline × (1 + margin)', () => {
  const s = suggestTarget(f1, 0.838, '2%')!;
  assert.equal(s.bound, 0.82124);
  assert.equal(s.stricter, false);
  assert.equal(s.suggested, '>= 0.821');
  const strict = suggestTarget({ ...f1, target: '>= 0.83' }, 0.838, '2%')!;
  assert.equal(strict.stricter, true);
  assert.equal(strict.suggested, '>= 0.821');
  const rmse = suggestTarget({ ...f1, measure: 'rmse', target: '<= 0.2' }, 0.2, '5%')!;
  assert.equal(rmse.kind, 'lower-is-better');
  assert.equal(rmse.bound, 0.21);
  assert.equal(rmse.stricter, true);
  assert.equal(rmse.suggested, '<= 0.21');
  assert.equal(suggestTarget({ ...f1, measure: 'log-loss', target: '<= 0.3' }, 0.25, '5%')!.stricter, false);
  // an unknown measure takes its direction from the operator
  assert.equal(baselineKind({ indicator: 'accuracy', measure: 'pinball', target: '<= 0.3' })!.kind, 'lower-is-better');
  assert.equal(baselineKind({ indicator: 'accuracy', measure: 'f1', target: '<= 0.3' })!.kind, 'higher-is-better');
  assert.equal(suggestTarget({ ...f1, target: '>= 82%' }, 83.8, '2%')!.suggested, '>= 82.1%');
});

test('throughput: ≤ baseline × (1 − margin), rounded down', () => {
  const s = suggestTarget({ ...throughput, target: '>= 8rps' }, 8.416666666666666, '5%')!;
  assert.equal(s.kind, 'higher-is-better');
  assert.equal(s.stricter, true);
  assert.equal(s.suggested, '>= 7.9rps');
  assert.equal(suggestTarget(throughput, 8.416666666666666, '5%')!.stricter, false);
  assert.equal(suggestTarget({ ...throughput, target: '>= 7.6rps' }, 8, '5%')!.stricter, false); // 7.6 exactly at the bound
  assert.equal(suggestTarget({ ...throughput, target: '>= 7.61rps' }, 8, '5%')!.stricter, true);
});

test('margins and malformed input', () => {
  assert.deepEqual(parseMargin('5%'), { n: 5n, d: 100n });
  assert.deepEqual(parseMargin('0.05'), { n: 5n, d: 100n });
  assert.deepEqual(parseMargin(undefined), { n: 0n, d: 1n });
  assert.equal(parseMargin('lots'), undefined);
  assert.equal(parseMargin('-5%'), undefined);
  assert.equal(suggestTarget(latency, 250, undefined)!.bound, 250);
  assert.equal(suggestTarget(latency, 250, undefined)!.stricter, false);
  assert.equal(suggestTarget(latency, 250, 'lots'), undefined);
  assert.equal(suggestTarget({ ...latency, target: 'fast' }, 250, '5%'), undefined);
  assert.equal(suggestTarget({ indicator: 'vibes', target: '<= 1ms' }, 250, '5%'), undefined);
  assert.equal(suggestTarget(latency, NaN, '5%'), undefined);
});

test('baselineValue is evaluateInterval over the baseline dates (to inclusive, in the zone)', () => {
  const zone = 'Europe/Berlin';
  const b = baselineBounds({ from: '2026-08-03', to: '2026-08-04' }, zone)!;
  // rows: one just before the baseline (Berlin midnight = 22:00Z), inside, at the last instant, at the end
  const d = metric({ t: [b.start - 1, b.start, b.start + MIN, b.end - 1, b.end], values: [999, 100, 200, 250, 999], unit: 'ms' });
  const o: ObjectiveSpec = { ...latency, percentile: 'p100' };
  const r = baselineValue(o, d, b, { timezone: zone });
  assert.equal(r.value, 250);
  assert.equal(r.observations, 3);
  assert.deepEqual(r, evaluateInterval(o, d, b, { timezone: zone }));
  const { result, suggestion } = checkBaseline({ ...o, target: '<= 250ms' }, d, b, '5%', { timezone: zone });
  assert.equal(result.value, 250);
  assert.equal(suggestion!.stricter, true);
  assert.equal(suggestion!.suggested, '<= 262.5ms');
  // no data in the baseline: no suggestion
  assert.equal(checkBaseline(o, d, { start: ms('2020-01-01T00:00:00Z'), end: ms('2020-02-01T00:00:00Z') }, '5%').suggestion, undefined);
});
