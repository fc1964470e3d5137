/**
 * The per-row side of a streamed read (engine/stream/README.md): a reader hands each row it would
 * have stored (timestamp, value, and the value's decimal text when it has more than 15 significant
 * digits) to a StreamAggregator, which adds it to the aggregates of the plan's cells and keeps no
 * row. One aggregator per byte range of the file; their states are merged by answers.ts.
 *
 * Per percentile cell: the row count, the latest timestamp, a count per 16-bit value key (the sign,
 * the exponent and 4 mantissa bits of the double: 1/16 of an octave), and the values between a floor
 * that only rises and a ceiling that only falls, both moved toward the rank with a margin (see
 * `compact`: a p99 keeps about its top 4% of values, a median the middle 20%). The rank's bucket is
 * then almost always among them; answers.ts checks that it is.
 * Per slices cell: per slice the rows, and the values below and at most the bound (each compared
 * exactly, as evaluate/latency.ts compares them).
 */
import { cmpFrac, decimalFrac, mulFrac, numberFrac, type Frac } from '../exact';
import { withinRounding } from '../evaluate/exactCompare';
import { linearPosition, percentileRank } from '../percentile';
import { sliceCount } from '../windows';
import type { StreamPlan, StreamTarget } from './plan';

export const KEY_COUNT = 1 << 16;
const MIN_KEEP = 4096;
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;

/** The top 16 bits of a double's order-preserving key: keys order as the values do (-0 just below 0). */
export function valueKey(v: number): number {
  scratch[0] = v;
  const h = words[HIGH];
  return h >>> 31 ? (~h >>> 16) & 0xffff : (h >>> 16) | 0x8000;
}

/** How many of n values lie at or above the percentile's (lower) rank. */
function valuesFromRank(target: Pick<StreamTarget, 'pText' | 'method'>, n: number): number {
  if (n <= 0) return 0;
  const rank = target.method === 'linear' ? linearPosition(target.pText, n).lo + 1 : percentileRank(target.pText, n);
  return n - rank + 1;
}

export interface PercentileCellState {
  n: number;
  maxT: number;
  /** Counts per valueKey; null while the cell has no row. */
  hist: Uint32Array | null;
  /** Values with a key below the floor or above the ceiling were not kept. */
  floor: number;
  ceiling: number;
  /**
   * The kept values (floor ≤ key ≤ ceiling), distinct and ascending, with how many rows had each: values
   * written with a few decimals repeat, so this grows with the distinct values, not the rows.
   */
  values: Float64Array;
  counts: Float64Array;
  /** Kept values that have a long decimal text (more than 15 significant digits), one entry per row. */
  texted: { v: number; text: string }[];
}

export interface SliceCellState {
  n: number;
  maxT: number;
  /** The grid index (from gridStart) of slice 0 of the arrays. */
  firstGrid: number;
  rows: Uint32Array | null;
  below: Uint32Array | null;
  atMost: Uint32Array | null;
}

export interface AggregateState {
  targets: { percentile?: PercentileCellState[]; slices?: SliceCellState[] }[];
}

/** While reading: values not yet merged into `values`/`counts` (each one row), compacted when full. */
interface PercentileCell extends PercentileCellState {
  fresh: Float64Array | null;
  freshN: number;
  /** `values`/`counts` hold `kept` entries; the merge writes into the spare pair, then they swap (no garbage per compaction). */
  kept: number;
  spareValues: Float64Array;
  spareCounts: Float64Array;
}

/** Rows a percentile cell buffers before it sorts them into its distinct values. */
const FRESH = 1 << 13;

interface TargetRun {
  target: StreamTarget;
  last: number;
  percentile?: PercentileCell[];
  slices?: SliceCellState[];
  sliceMs: number;
  factor: number;
  factorExact: Frac | undefined;
  bound: { approx: number; exact: Frac } | undefined;
}

export class StreamAggregator {
  private readonly runs: TargetRun[];

  constructor(readonly plan: StreamPlan) {
    this.runs = plan.targets.map((target) => {
      const run: TargetRun = { target, last: -1, sliceMs: target.sliceMs ?? 0, factor: 1, factorExact: undefined, bound: undefined };
      if (target.kind === 'percentile') {
        run.percentile = target.from.map(() => ({
          n: 0, maxT: -Infinity, hist: null, floor: 0, ceiling: KEY_COUNT - 1, values: new Float64Array(0), counts: new Float64Array(0), texted: [], fresh: null, freshN: 0,
          kept: 0, spareValues: new Float64Array(0), spareCounts: new Float64Array(0),
        }));
      } else {
        const f = target.factor!, b = target.bound!;
        run.factorExact = { n: BigInt(f.n), d: BigInt(f.d) };
        run.factor = Number(run.factorExact.n) / Number(run.factorExact.d);
        run.bound = { approx: b.approx, exact: { n: BigInt(b.n), d: BigInt(b.d) } };
        run.slices = target.from.map((from, k) => ({ n: 0, maxT: -Infinity, firstGrid: Math.floor((from - target.gridStart[k]) / run.sliceMs), rows: null, below: null, atMost: null }));
      }
      return run;
    });
  }

  /** One row of the metric (after every check a stored row passes). `text`: its value's decimal text when long. */
  row(t: number, v: number, text: string | undefined): void {
    // A long text that is the double's own shortest decimal (a writer printing 17 digits) is that
    // double exactly: no text to keep.
    if (text !== undefined && text === String(v)) text = undefined;
    for (let r = 0; r < this.runs.length; r++) {
      const run = this.runs[r];
      const k = cellIndex(run, t);
      if (k < 0) continue;
      if (run.percentile) this.addPercentile(run, run.percentile[k], t, v, text);
      else this.addSlice(run, k, t, v, text);
    }
  }

  private addPercentile(run: TargetRun, c: PercentileCell, t: number, v: number, text: string | undefined): void {
    c.n++;
    if (t > c.maxT) c.maxT = t;
    const key = valueKey(v);
    (c.hist ??= new Uint32Array(KEY_COUNT))[key]++;
    if (key < c.floor || key > c.ceiling) return;
    if (text !== undefined) { c.texted.push({ v, text }); return; }
    const fresh = (c.fresh ??= new Float64Array(FRESH));
    fresh[c.freshN++] = v;
    if (c.freshN === FRESH) compact(run.target, c);
  }

  private addSlice(run: TargetRun, k: number, t: number, v: number, text: string | undefined): void {
    const c = run.slices![k];
    const target = run.target;
    if (!c.rows) {
      const count = Math.max(1, sliceCount({ start: target.gridStart[k], end: target.to[k] }, run.sliceMs) - c.firstGrid);
      c.rows = new Uint32Array(count); c.below = new Uint32Array(count); c.atMost = new Uint32Array(count);
    }
    c.n++;
    if (t > c.maxT) c.maxT = t;
    const j = Math.floor((t - target.gridStart[k]) / run.sliceMs) - c.firstGrid;
    c.rows[j]++;
    const x = v * run.factor, approx = run.bound!.approx;
    const cmp = !withinRounding(x, approx) ? (x < approx ? -1 : 1)
      : cmpFrac(mulFrac((text !== undefined ? decimalFrac(text) : undefined) ?? numberFrac(v)!, run.factorExact!), run.bound!.exact);
    if (cmp <= 0) { c.atMost![j]++; if (cmp < 0) c.below![j]++; }
  }

  /** The aggregates as plain data (typed arrays trimmed), for answers.ts or a worker's message. */
  state(): AggregateState {
    return {
      targets: this.runs.map((run) => run.percentile
        ? {
          percentile: run.percentile.map((c) => {
            compact(run.target, c);
            return { n: c.n, maxT: c.maxT, hist: c.hist, floor: c.floor, ceiling: c.ceiling, values: c.values.slice(0, c.kept), counts: c.counts.slice(0, c.kept), texted: c.texted };
          }),
        }
        : { slices: run.slices }),
    };
  }
}

/** The buffers of a state, to move to another thread. */
export function stateBuffers(state: AggregateState): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const t of state.targets) {
    for (const c of t.percentile ?? []) { if (c.hist) out.push(c.hist.buffer as ArrayBuffer); out.push(c.values.buffer as ArrayBuffer, c.counts.buffer as ArrayBuffer); }
    for (const c of t.slices ?? []) if (c.rows) out.push(c.rows.buffer as ArrayBuffer, c.below!.buffer as ArrayBuffer, c.atMost!.buffer as ArrayBuffer);
  }
  return out;
}

function cellIndex(run: TargetRun, t: number): number {
  const { from, to } = run.target;
  const last = run.last;
  if (last >= 0 && t >= from[last] && t < to[last]) return last;
  let lo = 0, hi = from.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (to[mid] <= t) lo = mid + 1; else hi = mid;
  }
  if (lo < from.length && t >= from[lo]) { run.last = lo; return lo; }
  return -1;
}

/**
 * Moves the cell's bounds toward the rank: the floor up to the highest key with at most
 * `rank − 1 − margin` values below it, the ceiling down to the lowest with at most
 * `n − rank − margin` above it, the margin being three times the values on the rank's nearer side,
 * at most a tenth of the rows, at least MIN_KEEP (a p99 keeps about its top 4%, a median the middle
 * 20%). Then it sorts the buffered values into the distinct kept values and their counts, dropping
 * those outside [floor, ceiling].
 */
function compact(target: StreamTarget, c: PercentileCell): void {
  if (c.hist && c.n > MIN_KEEP) {
    const hist = c.hist, n = c.n;
    const above = valuesFromRank(target, n), rank = n - above + 1;
    const margin = Math.max(MIN_KEEP, Math.min(3 * Math.min(above, rank), Math.ceil(n / 10)));
    const belowFloor = rank - 1 - margin, aboveCeiling = n - rank - margin;
    if (belowFloor > 0) {
      let count = 0, key = 0;
      while (key < KEY_COUNT - 1 && count + hist[key] <= belowFloor) count += hist[key++];
      if (key > c.floor) c.floor = key;
    }
    if (aboveCeiling > 0) {
      let count = 0, key = KEY_COUNT - 1;
      while (key > 0 && count + hist[key] <= aboveCeiling) count += hist[key--];
      if (key < c.ceiling) c.ceiling = key;
    }
  }
  const floor = c.floor, ceiling = c.ceiling;
  const fresh = c.fresh ? c.fresh.subarray(0, c.freshN).sort() : new Float64Array(0);
  c.freshN = 0;
  let i = 0, freshEnd = fresh.length;
  while (i < freshEnd && valueKey(fresh[i]) < floor) i++;
  while (freshEnd > i && valueKey(fresh[freshEnd - 1]) > ceiling) freshEnd--;
  let j = 0, oldN = c.kept;
  const old = c.values, oldCounts = c.counts;
  while (j < oldN && valueKey(old[j]) < floor) j++;
  while (oldN > j && valueKey(old[oldN - 1]) > ceiling) oldN--;
  // Merge the two ascending runs, adding equal values' counts (-0 and 0 are one value).
  const need = oldN - j + freshEnd - i;
  if (c.spareValues.length < need) { c.spareValues = new Float64Array(need * 2); c.spareCounts = new Float64Array(need * 2); }
  const values = c.spareValues, counts = c.spareCounts;
  let w = 0;
  while (i < freshEnd || j < oldN) {
    let v: number, n: number;
    if (j >= oldN || (i < freshEnd && fresh[i] < old[j])) { v = fresh[i++]; n = 1; }
    else { v = old[j]; n = oldCounts[j++]; }
    if (w > 0 && values[w - 1] === v) counts[w - 1] += n;
    else { values[w] = v; counts[w++] = n; }
  }
  c.spareValues = old;
  c.spareCounts = oldCounts;
  c.values = values;
  c.counts = counts;
  c.kept = w;
  if (c.texted.length) c.texted = c.texted.filter((x) => { const k = valueKey(x.v); return k >= floor && k <= ceiling; });
}
