/**
 * The answers of a streamed read (engine/stream/README.md): the aggregators' states merged, and the
 * queries the evaluation asks of them — a window's percentile pieces, a window's per-slice counts.
 * A query the plan did not foresee (another interval, percentile, bound), a rank whose values were
 * not kept, or any use of the rows themselves throws NotStreamed: the caller then reads the rows.
 */
import { cmpFrac, decimalFrac, numberFrac, type Frac } from '../exact';
import { linearPosition, percentileRank, type PercentileMethod, type PercentilePieces } from '../percentile';
import type { MetricData } from '../metrics/types';
import { KEY_COUNT, valueKey, type AggregateState, type PercentileCellState, type SliceCellState } from './aggregate';
import type { StreamPlan, StreamTarget } from './plan';

/** The streamed aggregates cannot answer this: read the metric's rows (see the module comment). */
export class NotStreamed extends Error {
  constructor(what: string) {
    super(`not answered by the streamed read: ${what}`);
    this.name = 'NotStreamed';
  }
}

interface MergedPercentile {
  n: number;
  maxT: number;
  hist: Uint32Array | null;
  /** The highest floor and the lowest ceiling of the parts: every value with a key between them was kept. */
  floor: number;
  ceiling: number;
  parts: Pick<PercentileCellState, 'values' | 'counts' | 'texted'>[];
}

/** Kept values of some buckets: each distinct value with its count, or one row's value with its long text. */
interface Kept { v: number; count: number; text?: string }

export interface StreamedPercentile {
  n: number;
  pieces: PercentilePieces | undefined;
  /** The exact decimal of the element `v` at 0-based sorted position `index` (exactCompare.ts `exactElement`). */
  exactAt: (v: number, index: number) => Frac;
}

export interface StreamedSlices {
  rowsPerSlice: Uint32Array;
  below: Uint32Array;
  atMost: Uint32Array;
}

export class StreamAnswers {
  private readonly percentiles: (MergedPercentile[] | undefined)[];
  private readonly slices: (SliceCellState[] | undefined)[];
  /** The metric has its `value` column (streamedMetricData sets it). */
  hasValues = true;

  constructor(readonly plan: StreamPlan, states: AggregateState[]) {
    this.percentiles = plan.targets.map((t, i) => (t.kind !== 'percentile' ? undefined : t.from.map((_, k) => mergePercentile(states.map((s) => s.targets[i].percentile![k])))));
    this.slices = plan.targets.map((t, i) => (t.kind !== 'slices' ? undefined : t.from.map((_, k) => mergeSlices(states.map((s) => s.targets[i].slices![k])))));
  }

  /** The percentile of the values in [from, to) (the evaluation's effective interval, no exclusions). */
  percentile(from: number, to: number, pText: string, method: PercentileMethod): StreamedPercentile {
    for (let i = 0; i < this.plan.targets.length; i++) {
      const target = this.plan.targets[i];
      if (target.kind !== 'percentile' || target.pText !== pText || target.method !== method) continue;
      const k = cellOf(target, from, to, (j) => this.percentiles[i]![j].maxT);
      if (k < 0) continue;
      return this.answerPercentile(this.percentiles[i]![k], target);
    }
    throw new NotStreamed(`p${pText} (${method}) over [${iso(from)}, ${iso(to)})`);
  }

  /** Per-slice counts of [from, to) on the grid from `gridStart`, slices [firstGridSlice, firstGridSlice + count). */
  sliceCounts(query: { from: number; to: number; gridStart: number; sliceMs: number; firstGridSlice: number; count: number; pText: string; bound: { op: string; exact: Frac }; factor: Frac }): StreamedSlices {
    for (let i = 0; i < this.plan.targets.length; i++) {
      const target = this.plan.targets[i];
      if (target.kind !== 'slices' || target.sliceMs !== query.sliceMs || target.pText !== query.pText) continue;
      const b = target.bound!, f = target.factor!;
      if (b.op !== query.bound.op || cmpFrac({ n: BigInt(b.n), d: BigInt(b.d) }, query.bound.exact) !== 0 || cmpFrac({ n: BigInt(f.n), d: BigInt(f.d) }, query.factor) !== 0) continue;
      const k = cellOf(target, query.from, query.to, (j) => this.slices[i]![j].maxT);
      if (k < 0 || target.gridStart[k] !== query.gridStart) continue;
      const c = this.slices[i]![k];
      const at = query.firstGridSlice - c.firstGrid;
      const size = c.rows ? c.rows.length : 0;
      if (at < 0 || (c.n > 0 && at + query.count > size)) continue;
      if (!c.rows || query.count === 0) return { rowsPerSlice: new Uint32Array(query.count), below: new Uint32Array(query.count), atMost: new Uint32Array(query.count) };
      return { rowsPerSlice: c.rows.subarray(at, at + query.count), below: c.below!.subarray(at, at + query.count), atMost: c.atMost!.subarray(at, at + query.count) };
    }
    throw new NotStreamed(`p${query.pText} timeslices of ${query.sliceMs} ms over [${iso(query.from)}, ${iso(query.to)})`);
  }

  private answerPercentile(c: MergedPercentile, target: StreamTarget): StreamedPercentile {
    const n = c.n;
    if (n === 0 || !c.hist) return { n: 0, pieces: undefined, exactAt: (v) => numberFrac(v)! };
    let positions: number[], pieceOf: (values: number[]) => PercentilePieces;
    if (target.method === 'nearest-rank') {
      const rank = percentileRank(target.pText, n);
      positions = [rank - 1];
      pieceOf = ([a]) => ({ a: a + 0, b: a + 0, num: 0n, den: 1n, rank });
    } else {
      const { lo, num, den } = linearPosition(target.pText, n);
      positions = num === 0n || lo + 1 >= n ? [lo] : [lo, lo + 1];
      pieceOf = (vs) => ({ a: vs[0] + 0, b: (vs[1] ?? vs[0]) + 0, num, den, rank: lo + 1 });
    }
    // The buckets holding the positions; every value in them must have been kept (between floor and ceiling).
    const hist = c.hist;
    let key = 0, before = 0;
    while (before + hist[key] <= positions[0]) before += hist[key++];
    const firstKey = key;
    let lastKey = firstKey, upTo = before;
    while (upTo + hist[lastKey] <= positions[positions.length - 1]) upTo += hist[lastKey++];
    if (firstKey < c.floor || lastKey > c.ceiling) throw new NotStreamed(`p${target.pText}: the values at its rank were not kept (a window whose values moved away from the rank while it was read)`);
    const picked = gather(c, firstKey, lastKey);
    const values = positions.map((p) => valueAt(picked, p - before));
    return {
      n,
      pieces: pieceOf(values),
      exactAt: (v, index) => {
        // As exactElement: the values tied with v (all in its bucket, kept), ordered exactly; without
        // a long text among them, String(v) — what exactElement gives then too.
        const k = valueKey(v);
        if (k < c.floor || k > c.ceiling) throw new NotStreamed('a tied value was not kept');
        let less = 0;
        for (let j = 0; j < k; j++) less += hist[j];
        const texts: Frac[] = [];
        let plain = 0;
        for (const x of gather(c, k, k)) {
          if (x.v < v) less += x.count;
          else if (x.v === v) { if (x.text !== undefined) texts.push(decimalFrac(x.text) ?? numberFrac(x.v)!); else plain += x.count; }
        }
        // The tied rows in exact order: those with a long text, and `plain` rows of String(v) among them.
        if (texts.length === 0) return numberFrac(v)!;
        texts.sort(cmpFrac);
        const written = decimalFrac(String(v)) ?? numberFrac(v)!;
        const total = texts.length + plain;
        if (total === 0) return numberFrac(v)!;
        const at = Math.min(Math.max(index - less, 0), total - 1);
        let smaller = 0;
        while (smaller < texts.length && cmpFrac(texts[smaller], written) < 0) smaller++;
        return at < smaller ? texts[at] : at < smaller + plain ? written : texts[at - plain];
      },
    };
  }
}

/** The value at 0-based position `p` of the ascending kept values (counts expanded). */
function valueAt(sorted: Kept[], p: number): number {
  let before = 0;
  for (const x of sorted) {
    if (p < before + x.count) return x.v;
    before += x.count;
  }
  throw new NotStreamed('a kept value is missing');
}

/**
 * The cell that answers a query over [from, to): it starts at `from`, does not end before `to`, and
 * holds no row at or after `to` (a default asOf cuts nothing from it); -1 when none does.
 */
function cellOf(target: StreamTarget, from: number, to: number, maxT: (k: number) => number): number {
  const k = target.from.indexOf(from);
  if (k < 0 || to > target.to[k]) return -1;
  return to === target.to[k] || maxT(k) < to ? k : -1;
}

/**
 * The kept values with keys in [fromKey, toKey], ascending: each part's distinct values are sorted,
 * so their runs are merged (no sort of the rows); long-text values are single rows among them.
 */
function gather(c: MergedPercentile, fromKey: number, toKey: number): Kept[] {
  let out: Kept[] = [];
  const inRange = (v: number) => { const k = valueKey(v); return k >= fromKey && k <= toKey; };
  for (const part of c.parts) {
    const { values, counts } = part;
    let lo = 0, hi = values.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (valueKey(values[mid]) < fromKey) lo = mid + 1; else hi = mid; }
    const run: Kept[] = [];
    for (let i = lo; i < values.length && valueKey(values[i]) <= toKey; i++) run.push({ v: values[i], count: counts[i] });
    const texted = part.texted.filter((x) => inRange(x.v)).map((x) => ({ v: x.v, count: 1, text: x.text })).sort((a, b) => a.v - b.v);
    out = mergeRuns(mergeRuns(out, run), texted);
  }
  return out;
}

function mergeRuns(a: Kept[], b: Kept[]): Kept[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: Kept[] = new Array(a.length + b.length);
  let i = 0, j = 0, w = 0;
  while (i < a.length || j < b.length) out[w++] = j >= b.length || (i < a.length && a[i].v <= b[j].v) ? a[i++] : b[j++];
  return out;
}

function mergePercentile(parts: PercentileCellState[]): MergedPercentile {
  const m: MergedPercentile = { n: 0, maxT: -Infinity, hist: null, floor: 0, ceiling: KEY_COUNT - 1, parts: [] };
  for (const p of parts) {
    if (p.n === 0) continue;
    m.n += p.n;
    if (p.maxT > m.maxT) m.maxT = p.maxT;
    if (p.hist) {
      if (!m.hist) m.hist = new Uint32Array(KEY_COUNT);
      const h = m.hist, ph = p.hist;
      for (let k = 0; k < KEY_COUNT; k++) h[k] += ph[k];
    }
    if (p.floor > m.floor) m.floor = p.floor;
    if (p.ceiling < m.ceiling) m.ceiling = p.ceiling;
    m.parts.push(p);
  }
  return m;
}

function mergeSlices(parts: SliceCellState[]): SliceCellState {
  const m: SliceCellState = { n: 0, maxT: -Infinity, firstGrid: parts[0].firstGrid, rows: null, below: null, atMost: null };
  for (const p of parts) {
    if (p.n === 0 || !p.rows) continue;
    m.n += p.n;
    if (p.maxT > m.maxT) m.maxT = p.maxT;
    if (!m.rows) { m.rows = p.rows.slice(); m.below = p.below!.slice(); m.atMost = p.atMost!.slice(); continue; }
    for (let j = 0; j < p.rows.length; j++) { m.rows[j] += p.rows[j]; m.below![j] += p.below![j]; m.atMost![j] += p.atMost![j]; }
  }
  return m;
}

const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString() : String(t));

/**
 * A MetricData whose rows were aggregated, not kept: `rows` and the extremes are the file's, the
 * columns throw NotStreamed when touched (so no code reads absent rows as none), `stream` answers.
 */
export function streamedMetricData(data: MetricData, rows: number, answers: StreamAnswers): MetricData {
  const hasValues = data.values !== undefined;
  answers.hasValues = hasValues;
  const out: MetricData = { ...data, rows, sorted: true, stream: answers };
  const untouchable = (name: string) => ({ enumerable: true, get(): never { throw new NotStreamed(`the metric's ${name} (a streamed read keeps no rows)`); } });
  Object.defineProperty(out, 'timestamps', untouchable('timestamps'));
  if (hasValues) Object.defineProperty(out, 'values', untouchable('values'));
  delete out.valueTexts;
  return out;
}
