/** Exact percentiles (server/src/engine/percentile.ts) and the SLA113 floor (minObservations.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearPosition, percentile, percentileRank, selectInPlace } from '../../server/src/engine/percentile';
import { requiredObservations } from '../../server/src/engine/minObservations';
import { rng } from '../support/prng';

const arr = (xs: number[]) => Float64Array.from(xs);

// ---------------------------------------------------------------- an independent brute force
// p written with at most 4 decimals → an integer P = p · 10⁴; ranks with exact integer arithmetic in
// doubles (n · P < 2^53 for these sizes), values from a fully sorted copy.
const P = (pText: string): number => {
  const [i, f = ''] = pText.split('.');
  return Number(i) * 10_000 + Number(f.padEnd(4, '0'));
};
function bruteNearest(xs: number[], pText: string): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const num = n * P(pText);
  const rank = Math.floor(num / 1_000_000) + (num % 1_000_000 === 0 ? 0 : 1);
  return s[Math.min(Math.max(rank, 1), n) - 1];
}
function bruteLinear(xs: number[], pText: string): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const num = (n - 1) * P(pText);
  const lo = Math.floor(num / 1_000_000);
  const t = (num % 1_000_000) / 1_000_000;
  if (t === 0) return s[lo];
  const a = s[lo], b = s[lo + 1], d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

test('percentileRank is exact: p99.9 over 2000 is rank 1998 (floating point gives 1999)', () => {
  assert.equal(percentileRank('99.9', 2000), 1998);
  assert.equal(Math.ceil((99.9 / 100) * 2000), 1999); // what binary floating point gives
  assert.equal(percentileRank('p99.9', 2000), 1998);
  assert.equal(percentileRank('99', 100), 99);
  assert.equal(percentileRank('99', 101), 100);
  assert.equal(percentileRank('99.99', 10_000), 9999);
  assert.equal(percentileRank('99.99', 10_001), 10_000);
  assert.equal(percentileRank('95', 20), 19);
  assert.equal(percentileRank('50', 2), 1);
  assert.equal(percentileRank('50.1', 2), 2);
  assert.equal(percentileRank('100', 2), 2);
  assert.equal(percentileRank('0.0001', 5), 1);
  assert.equal(percentileRank('90', 10), 9);
  assert.equal(percentileRank('90.01', 10), 10);
  assert.equal(percentileRank('99', 1), 1);
  assert.equal(percentileRank('99', 0), 0);
  assert.throws(() => percentileRank('0', 10), RangeError);
  assert.throws(() => percentileRank('100.1', 10), RangeError);
  assert.throws(() => percentileRank('p9x', 10), RangeError);
});

test('linearPosition: h = (n − 1) · p/100 exactly', () => {
  assert.deepEqual(linearPosition('95', 10), { lo: 8, num: 55n, den: 100n }); // 9 · 0.95 = 8.55
  assert.deepEqual(linearPosition('50', 2), { lo: 0, num: 50n, den: 100n });
  assert.deepEqual(linearPosition('99.9', 2001), { lo: 1998, num: 0n, den: 1000n }); // 1998 exactly
  assert.deepEqual(linearPosition('10', 1), { lo: 0, num: 0n, den: 100n });
});

test('nearest-rank at small n', () => {
  assert.equal(percentile(arr([42]), '99'), 42);
  assert.equal(percentile(arr([42]), '0.1'), 42);
  assert.equal(percentile(arr([20, 10]), '50'), 10);
  assert.equal(percentile(arr([20, 10]), '50.5'), 20);
  assert.equal(percentile(arr([20, 10]), '99'), 20);
  const ten = arr([7, 3, 10, 1, 9, 2, 8, 4, 6, 5]);
  assert.equal(percentile(ten, '90'), 9);
  assert.equal(percentile(ten, '91'), 10);
  assert.equal(percentile(ten, '10'), 1);
  assert.equal(percentile(ten, '10.5'), 2);
  assert.equal(percentile(ten, '50'), 5);
  assert.ok(Number.isNaN(percentile(arr([]), '99')));
});

test('linear (type 7, numpy) at small n', () => {
  assert.equal(percentile(arr([42]), '95', 'linear'), 42);
  assert.equal(percentile(arr([20, 10]), '50', 'linear'), 15);
  assert.equal(percentile(arr([20, 10]), '25', 'linear'), 12.5);
  assert.equal(percentile(arr([20, 10]), '100', 'linear'), 20);
  const ten = arr([7, 3, 10, 1, 9, 2, 8, 4, 6, 5]);
  assert.equal(percentile(ten, '95', 'linear'), 9.55); // numpy.percentile(range(1, 11), 95)
  assert.equal(percentile(ten, '90', 'linear'), 9.1);
  assert.equal(percentile(ten, '50', 'linear'), 5.5);
  assert.equal(percentile(ten, '0', 'linear'), 1);
});

test('p99.9 over 2000 values is the 1998th smallest', () => {
  const xs = Array.from({ length: 2000 }, (_, i) => i + 1);
  const rnd = rng(3);
  for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]]; }
  assert.equal(percentile(arr(xs), '99.9'), 1998);
  assert.equal(percentile(arr(xs), '99.9', 'linear'), 1998.001); // h = 1999 · 0.999 = 1997.001
});

test('percentile leaves its input untouched', () => {
  const xs = arr([5, 1, 4, 2, 3]);
  percentile(xs, '50');
  percentile(xs.subarray(1, 4), '50', 'linear');
  assert.deepEqual([...xs], [5, 1, 4, 2, 3]);
});

test('property: random arrays (seeded) agree with the brute force; element, bounds, monotone in p', () => {
  const rnd = rng(20260315);
  const ps = ['0.1', '1', '5', '10', '25', '33.3333', '50', '66.6667', '75', '90', '95', '99', '99.5', '99.9', '99.99', '100'];
  for (let round = 0; round < 400; round++) {
    const n = 1 + Math.floor(rnd() * (round % 10 === 0 ? 3000 : 60));
    const dup = rnd() < 0.3;
    const xs = Array.from({ length: n }, () => (dup ? Math.floor(rnd() * 5) : Math.round((rnd() - 0.2) * 1e6) / 100));
    const a = arr(xs);
    const min = Math.min(...xs), max = Math.max(...xs);
    let prevNearest = -Infinity, prevLinear = -Infinity;
    for (const p of ps) {
      const v = percentile(a, p);
      assert.equal(v, bruteNearest(xs, p), `nearest n=${n} p=${p}`);
      assert.ok(xs.includes(v));
      assert.ok(v >= prevNearest);
      prevNearest = v;
      const l = percentile(a, p, 'linear');
      assert.equal(l, bruteLinear(xs, p), `linear n=${n} p=${p}`);
      assert.ok(l >= min && l <= max);
      assert.ok(l >= prevLinear, `linear monotone n=${n} p=${p}`);
      prevLinear = l;
    }
  }
});

test('selectInPlace on a large array matches a sort (Floyd–Rivest path)', () => {
  const rnd = rng(99);
  const a = new Float64Array(200_000);
  for (let i = 0; i < a.length; i++) a[i] = rnd() < 0.1 ? 7 : rnd() * 1000;
  const sorted = a.slice().sort();
  for (const k of [0, 1, 100, 99_999, 180_000, 199_998, 199_999]) {
    const copy = a.slice();
    assert.equal(selectInPlace(copy, k), sorted[k]);
    for (let i = 0; i < k; i++) if (copy[i] > copy[k]) assert.fail(`left of k larger at ${i}`);
  }
});

test('requiredObservations: ⌈100 / (100 − p)⌉ exactly', () => {
  assert.equal(requiredObservations('99'), 100);
  assert.equal(requiredObservations('p99.9'), 1000);
  assert.equal(requiredObservations('95'), 20);
  assert.equal(requiredObservations('99.99'), 10_000);
  assert.equal(requiredObservations('90'), 10);
  assert.equal(requiredObservations('50'), 2);
  assert.equal(requiredObservations('99.5'), 200);
  assert.equal(requiredObservations('97'), 34); // 100/3 = 33.3… → 34
  assert.equal(requiredObservations('99.95'), 2000);
  assert.equal(requiredObservations('100'), Infinity);
  assert.ok(Number.isNaN(requiredObservations('0')));
  assert.ok(Number.isNaN(requiredObservations('p1e2')));
  assert.equal(100 / (100 - 99.9), 1000.0000000000568); // why floating point is not used
});
