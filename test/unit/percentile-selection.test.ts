/**
 * Percentiles without copying the window (server/src/engine/percentile.ts selectPositionsInRanges:
 * a count over the top bits of each value, then a selection in the rank's bucket) and nearest-rank
 * timeslices decided by counting (engine/evaluate/latency.ts): both against the plain computation —
 * a full sort, and each slice's sorted values compared with the target by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentilePieces, percentilePiecesInRanges, selectPositionsInRanges } from '../../server/src/engine/percentile';
import { evaluateInterval, type ObjectiveSpec } from '../../server/src/engine/evaluate';
import { MIN, metric, ms, rng, shuffled } from './engine-support';

const distributions: Record<string, (r: () => number) => number> = {
  uniform: (r) => r() * 1000,
  'few distinct': (r) => Math.floor(r() * 5) * 10,
  'one value': () => 42.5,
  'signed, both zeros': (r) => { const x = Math.floor(r() * 7) - 3; return x === 0 ? (r() < 0.5 ? -0 : 0) : x * 1.5; },
  'wide magnitudes': (r) => (r() < 0.5 ? -1 : 1) * Math.pow(10, r() * 40 - 20),
  'one octave, close together': (r) => 256 + Math.floor(r() * 50) / 1000,
};

test('selection in row ranges equals the sorted array at every asked position', () => {
  const r = rng(11);
  for (const [name, draw] of Object.entries(distributions)) {
    for (let round = 0; round < 20; round++) {
      const values = Float64Array.from({ length: 1 + Math.floor(r() * 3000) }, () => draw(r));
      // Random disjoint ranges, in order.
      const ranges: number[] = [];
      for (let at = 0; at < values.length;) {
        const from = at + Math.floor(r() * 50), to = Math.min(values.length, from + 1 + Math.floor(r() * 800));
        if (from >= values.length) break;
        ranges.push(from, to);
        at = to;
      }
      if (ranges.length === 0) ranges.push(0, values.length);
      const picked: number[] = [];
      for (let k = 0; k < ranges.length; k += 2) for (let i = ranges[k]; i < ranges[k + 1]; i++) picked.push(values[i]);
      const sorted = Float64Array.from(picked).sort();
      const p = Math.floor(r() * sorted.length);
      const got = selectPositionsInRanges(values, ranges, p + 1 < sorted.length ? [p, p + 1] : [p]);
      assert.deepEqual(got, p + 1 < sorted.length ? [sorted[p], sorted[p + 1]] : [sorted[p]], `${name}, round ${round}`);
      for (const pText of ['50', '99', '99.9', '100', '0.1']) {
        for (const method of ['nearest-rank', 'linear'] as const) {
          assert.deepEqual(percentilePiecesInRanges(values, ranges, picked.length, pText, method),
            percentilePieces(Float64Array.from(picked), picked.length, pText, method), `${name} p${pText} ${method}`);
        }
      }
    }
  }
});

test('nearest-rank timeslices by counting: every slice decided as its sorted values decide it', () => {
  const T0 = ms('2026-03-02T00:00:00Z');
  const r = rng(5);
  for (let round = 0; round < 30; round++) {
    // Values in seconds on a millisecond grid, many exactly at the target (300 ms = 0.3 s).
    const t: number[] = [], v: number[] = [], msOf: number[] = [];
    const slices = 12;
    for (let s = 0; s < slices; s++) {
      const n = Math.floor(r() * 40);
      for (let k = 0; k < n; k++) {
        const m = r() < 0.3 ? 300 : 250 + Math.floor(r() * 100);
        t.push(T0 + s * MIN + Math.floor(r() * MIN)); v.push(m / 1000); msOf.push(m);
      }
    }
    const order = t.map((_, i) => i).sort((a, b) => t[a] - t[b]);
    const d = metric({ t: order.map((i) => t[i]), values: order.map((i) => v[i]), unit: 's' });
    const pText = ['p50', 'p90', 'p99'][round % 3];
    const op = ['<=', '<', '>=', '>'][Math.floor(round / 3) % 4];
    const minObservations = round % 5 === 0 ? 5 : undefined;
    const exclusions = round % 4 === 1 ? [{ from: new Date(T0 + 3 * MIN + 10_000).toISOString(), to: new Date(T0 + 5 * MIN).toISOString() }] : undefined;
    const o: ObjectiveSpec = {
      id: 'p', indicator: 'latency', metric: 'm', percentile: pText, percentileMethod: 'nearest-rank', target: `${op} 300ms`,
      budgeting: 'timeslices', slice: '1m', sliceTarget: '>= 50%', emptySlices: 'ignore',
      ...(minObservations ? { minObservations } : {}), ...(exclusions ? { exclusions } : {}),
    };
    const window = { start: T0, end: T0 + slices * MIN };
    const got = evaluateInterval(o, d, window);
    // By hand: per slice the counted values' rank-th smallest, in integer milliseconds.
    const p = Number(pText.slice(1));
    let good = 0, withData = 0, sparse = 0;
    for (let s = 0; s < slices; s++) {
      const inSlice = t.map((x, i) => [x, msOf[i]]).filter(([x]) => x >= T0 + s * MIN && x < T0 + (s + 1) * MIN
        && !(exclusions && x >= T0 + 3 * MIN + 10_000 && x < T0 + 5 * MIN)).map(([, m]) => m).sort((a, b) => a - b);
      if (inSlice.length === 0) continue;
      if (minObservations && inSlice.length < minObservations) { sparse++; continue; }
      const value = inSlice[Math.ceil((p / 100) * inSlice.length) - 1];
      const ok = op === '<=' ? value <= 300 : op === '<' ? value < 300 : op === '>=' ? value >= 300 : value > 300;
      withData++;
      if (ok) good++;
    }
    assert.equal(got.slices?.withData, withData, `round ${round}`);
    assert.equal(got.slices?.good, good, `round ${round}: ${pText} ${op}`);
    if (minObservations) assert.equal(got.slices?.sparse ?? 0, sparse);
    assert.deepEqual(evaluateInterval(o, shuffled(d), window).slices, got.slices, `round ${round}: unsorted rows`);
  }
});
