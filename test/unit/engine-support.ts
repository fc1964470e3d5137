/** Helpers for the engine tests: MetricData built by hand, ISO shorthands (the seeded PRNG is test/support/prng.ts). */
import type { MetricData } from '../../server/src/engine/metrics/types';
import { rng } from '../support/prng';

/** Re-exported for tests that import it from here; the PRNG itself lives in test/support/prng.ts. */
export { rng };

export interface MetricInit {
  t: (number | string)[];
  values?: number[];
  unit?: string;
  good?: number[];
  totals?: number[];
  goodCounts?: number[];
  samples?: number[];
  datasets?: string[];
  valueTexts?: Map<number, string>;
}

export const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad ISO ${iso}`);
  return t;
};
export const iso = (t: number): string => new Date(t).toISOString();
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** MetricData as a file source (readMetric) would return it for these rows (file order as given). */
export function metric(init: MetricInit): MetricData {
  const ts = Float64Array.from(init.t.map((x) => (typeof x === 'string' ? ms(x) : x)));
  let sorted = true;
  for (let i = 1; i < ts.length; i++) if (ts[i] < ts[i - 1]) sorted = false;
  let minTime = NaN, maxTime = NaN;
  for (const x of ts) {
    if (!(x >= minTime)) minTime = Number.isNaN(minTime) ? x : Math.min(minTime, x);
    if (!(x <= maxTime)) maxTime = Number.isNaN(maxTime) ? x : Math.max(maxTime, x);
  }
  return {
    rows: ts.length,
    timestamps: ts,
    values: init.values ? Float64Array.from(init.values) : undefined,
    unit: init.unit,
    good: init.good ? Uint8Array.from(init.good) : undefined,
    totals: init.totals ? Float64Array.from(init.totals) : undefined,
    goodCounts: init.goodCounts ? Float64Array.from(init.goodCounts) : undefined,
    samples: init.samples ? Float64Array.from(init.samples) : undefined,
    datasets: init.datasets,
    valueTexts: init.valueTexts,
    sorted,
    minTime,
    maxTime,
    issues: [],
    issueCount: 0,
    skipped: 0,
    naive: undefined,
    missingColumns: [],
    format: 'csv',
    bytes: 0,
  };
}

/** The same data with rows in another order (a permutation from the seed). */
export function shuffled(d: MetricData, seed = 7): MetricData {
  const n = d.rows;
  const order = Array.from({ length: n }, (_, i) => i);
  const rnd = rng(seed);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const pick = <T extends Float64Array | Uint8Array>(a: T | undefined): T | undefined => (a ? (a.constructor as unknown as { from(x: number[]): T }).from(order.map((i) => a[i])) : undefined);
  const ts = pick(d.timestamps)!;
  let sorted = true;
  for (let i = 1; i < n; i++) if (ts[i] < ts[i - 1]) sorted = false;
  let valueTexts: Map<number, string> | undefined;
  if (d.valueTexts) {
    valueTexts = new Map();
    order.forEach((from, to) => { const t = d.valueTexts!.get(from); if (t !== undefined) valueTexts!.set(to, t); });
  }
  return {
    ...d, timestamps: ts, values: pick(d.values), good: pick(d.good), totals: pick(d.totals), goodCounts: pick(d.goodCounts),
    samples: pick(d.samples), datasets: d.datasets ? order.map((i) => d.datasets![i]) : undefined, valueTexts, sorted,
  };
}
