/** Quantities and targets (spec §3): values, kinds and the messages people see. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parsePercentile, parseQuantity, parseTarget } from '../../server/src/facts/quantities';

const ok = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const message = (r: { ok: boolean; message?: string }) => (r.ok ? '' : r.message ?? '');

test('durations in every unit, with or without a space', () => {
  assert.equal(ok(parseDuration('300ms')).normalized, 300);
  assert.equal(ok(parseDuration('300 ms')).normalized, 300);
  assert.equal(ok(parseDuration('1.5h')).normalized, 5_400_000);
  assert.equal(ok(parseDuration('28d')).normalized, 28 * 86_400_000);
  assert.equal(ok(parseDuration('2w')).normalized, 14 * 86_400_000);
});
test('duration messages: unknown units, months, aliases', () => {
  assert.equal(message(parseDuration('28days')), 'unknown unit `days`; durations use ms, s, m, h, d, w (did you mean `d`?)');
  assert.match(message(parseDuration('1M')), /months are not a fixed duration/);
  assert.match(message(parseDuration('3 months')), /months are not a fixed duration/);
  assert.match(message(parseDuration('0s')), /must be positive/);
  assert.match(message(parseDuration('99%')), /expected a duration .* found `99%`, a percentage/);
  assert.match(message(parseDuration('28')), /has no unit/);
});
test('targets need an operator, suggested by kind', () => {
  assert.deepEqual(ok(parseTarget('<= 300ms')).op, '<=');
  assert.equal(ok(parseTarget('>=99.9%')).quantity.value, 99.9);
  assert.equal(ok(parseTarget('>= 0.82')).quantity.kind, 'number');
  assert.equal(ok(parseTarget('> 20rps')).quantity.normalized, 20);
  assert.equal(ok(parseTarget('>= 1200 rpm')).quantity.normalized, 20);
  assert.match(message(parseTarget('300ms')), /^a target needs an operator: `<= 300ms`/);
  assert.match(message(parseTarget('99.9%')), /^a target needs an operator: `>= 99.9%`/);
  assert.match(message(parseTarget('== 300ms')), /not a target operator/);
  assert.match(message(parseTarget('=< 300ms')), /write `<=` instead of `=<`/);
  assert.match(message(parseTarget('<=')), /no quantity/);
});
test('the decimal text is kept for exact comparisons', () => {
  assert.equal(ok(parseQuantity('99.90%')).number, '99.90');
});
test('percentiles', () => {
  assert.deepEqual(ok(parsePercentile('p99.9')), { p: 99.9, text: '99.9' });
  assert.match(message(parsePercentile('99')), /written `p50` … `p99.99`/);
  assert.match(message(parsePercentile('p0')), /between p0 and p100/);
});
