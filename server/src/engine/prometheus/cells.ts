/**
 * Counter increases summed per cell (spec §10, exactly): the cells are the intervals between the
 * evaluation's edges (engine/sources/evaluationEdges.ts), so every window, slice and exclusion the
 * engine counts is a union of cells, and a series' increases inside one cell can be one row.
 *
 * Two ways a series' cell increase is known, both exact:
 * - from its raw samples (CounterSeries: resets, NaN, series starts), each increase added to the
 *   cell holding the instant of the sample that shows it;
 * - from the last sample before each edge, L(e), where a chunk of the series is known to hold no
 *   reset and no NaN: the increase over [e_k, e_k+1) is then L(e_k+1) − L(e_k).
 *
 * Pure: the queries that give L and the chunk checks live in io/sources/prometheusCells.ts.
 */

/** The cells [bounds[k], bounds[k+1]) of a read range; bounds[0] = from, the last bound = to. */
export class CellGrid {
  constructor(readonly bounds: Float64Array) {
    if (bounds.length < 2) throw new RangeError('a cell grid needs at least one cell');
  }

  get cells(): number { return this.bounds.length - 1; }
  start(k: number): number { return this.bounds[k]; }
  end(k: number): number { return this.bounds[k + 1]; }

  /** The cell holding instant t (−1 before the grid, `cells` at or after its end). */
  cellOf(t: number): number {
    const b = this.bounds;
    if (t < b[0]) return -1;
    if (t >= b[b.length - 1]) return this.cells;
    let lo = 0, hi = b.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (b[mid] <= t) lo = mid; else hi = mid;
    }
    return lo;
  }

  /** The first bound at or after t (an index into `bounds`). */
  boundAtOrAfter(t: number): number {
    const b = this.bounds;
    let lo = 0, hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}

/** The grid of `edges` (sorted, inside (from, to)) with `extra` instants (chunk edges) added. */
export function cellGrid(from: number, to: number, edges: ArrayLike<number>, extra: number[]): CellGrid {
  const all = [from, to, ...Array.from(edges), ...extra].filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of all) if (out.length === 0 || t !== out[out.length - 1]) out.push(t);
  return new CellGrid(Float64Array.from(out));
}

/** One series' increases per cell and whether it had a sample there (a row exists only then). */
export class CellStream {
  readonly inc: Float64Array;
  readonly present: Uint8Array;

  constructor(readonly labels: Record<string, string>, cells: number) {
    this.inc = new Float64Array(cells);
    this.present = new Uint8Array(cells);
  }

  /** A sample's increase (0 for a series start or a NaN sample: the sample is still there). */
  add(cell: number, increase: number): void {
    this.inc[cell] += increase;
    this.present[cell] = 1;
  }

  /** The instants of the first sample read in each cell (NaN: none read, the cell's increase came from L). */
  private first: Float64Array | undefined;

  /** A sample at `t` was read in `cell` (samples come in time order: the first one stays). */
  seen(cell: number, t: number): void {
    this.first ??= new Float64Array(this.inc.length).fill(NaN);
    if (Number.isNaN(this.first[cell])) this.first[cell] = t;
  }

  /** The instant of this series' row in `cell`: its first sample's when read, else the cell's start (inside the cell either way). */
  rowTime(cell: number, grid: CellGrid): number {
    const t = this.first?.[cell];
    return t === undefined || Number.isNaN(t) ? grid.start(cell) : t;
  }
}

/** Evaluation instants q, q + step, … of one query (`count` of them) and the range each reads. */
export interface QueryRun { first: number; count: number; step: number; range: number; cells: number[] }

const DAY = 86_400_000;

/**
 * The cells to ask L for, grouped into runs a range query answers: consecutive cells whose query
 * instants are equally spaced and whose ranges are equal (at most `maxPoints` per run: Prometheus
 * refuses range queries of more than 11,000 points per series). Cells left alone that way (edges
 * interleaved with others: a rolling window's ends a day apart between the days' midnights) are
 * grouped again by their time of day, so that each daily series of edges is one run too.
 */
export function queryRuns(cells: number[], instantOf: (k: number) => number, rangeOf: (k: number) => number, maxPoints = 10_000): QueryRun[] {
  const runs = consecutiveRuns(cells, instantOf, rangeOf, maxPoints);
  const alone = runs.filter((r) => r.count <= 2);
  if (alone.length < 3) return runs;
  const groups = new Map<string, number[]>();
  for (const r of alone) {
    for (const k of r.cells) {
      const q = instantOf(k);
      const key = `${rangeOf(k)}|${((q % DAY) + DAY) % DAY}`;
      let g = groups.get(key);
      if (!g) { g = []; groups.set(key, g); }
      g.push(k);
    }
  }
  const regrouped = [...groups.values()].flatMap((g) => consecutiveRuns(g, instantOf, rangeOf, maxPoints));
  return [...runs.filter((r) => r.count > 2), ...regrouped].sort((a, b) => a.first - b.first);
}

function consecutiveRuns(cells: number[], instantOf: (k: number) => number, rangeOf: (k: number) => number, maxPoints: number): QueryRun[] {
  const runs: QueryRun[] = [];
  let run: QueryRun | undefined;
  for (const k of cells) {
    const q = instantOf(k);
    const r = rangeOf(k);
    if (run && run.range === r && run.count < maxPoints) {
      const last = run.first + (run.count - 1) * run.step;
      if (run.count === 1 && q > last) { run.step = q - last; run.count++; run.cells.push(k); continue; }
      if (q - last === run.step) { run.count++; run.cells.push(k); continue; }
    }
    run = { first: q, count: 1, step: 0, range: r, cells: [k] };
    runs.push(run);
  }
  return runs;
}
