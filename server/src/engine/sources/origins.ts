/**
 * Where each row of metric data came from, so that a data issue, an outlying row and later an
 * explained number (spec §8.1) can point at it: a physical line of a file (spec §9), or a sample of
 * a series — its labels and its instant (spec §10: "the series and the sample instants that carried
 * the increases instead of lines").
 *
 * Kept per column, not as an object per row: a 10-million-row file holds one Uint32Array of lines.
 * `at(row)` builds the object for the few rows a message or an explanation names.
 */

/** A series' labels (`__name__` included when the source has it), as the source gave them. */
export type SeriesLabels = Readonly<Record<string, string>>;

export type RowOrigin =
  /** `line`: the physical line where the record starts (the CSV header is line 1). */
  | { kind: 'line'; line: number }
  /** `timestamp`: the sample's instant (epoch ms) in that series. */
  | { kind: 'sample'; series: SeriesLabels; timestamp: number }
  /** The increases a series' samples in [from, to) showed, summed (a cell: engine/prometheus/cells.ts). */
  | { kind: 'samples'; series: SeriesLabels; from: number; to: number };

/** The origins of the rows of one MetricData, row i's at index i. */
export interface RowOrigins {
  readonly length: number;
  at(row: number): RowOrigin;
  /** The row's physical line when it came from a file; undefined for a sample. */
  line(row: number): number | undefined;
  /** The origins of the rows `rows[0..count)`, in that order (for a copy with fewer rows). */
  pick(rows: ArrayLike<number>, count?: number): RowOrigins;
}

/** Rows read from a file: one physical line each. */
export class LineOrigins implements RowOrigins {
  constructor(readonly lines: Uint32Array) {}
  get length(): number { return this.lines.length; }
  at(row: number): RowOrigin { return { kind: 'line', line: this.lines[row] }; }
  line(row: number): number | undefined { return this.lines[row]; }
  pick(rows: ArrayLike<number>, count = rows.length): LineOrigins {
    const out = new Uint32Array(count);
    for (let k = 0; k < count; k++) out[k] = this.lines[rows[k]];
    return new LineOrigins(out);
  }
}

/** Rows taken from series samples: per row the index of its series in `series` and the sample instant. */
export class SampleOrigins implements RowOrigins {
  constructor(readonly series: readonly SeriesLabels[], readonly seriesIndex: Uint32Array, readonly times: Float64Array) {
    if (seriesIndex.length !== times.length) throw new RangeError('SampleOrigins: one series index and one instant per row');
  }
  get length(): number { return this.seriesIndex.length; }
  at(row: number): RowOrigin { return { kind: 'sample', series: this.series[this.seriesIndex[row]], timestamp: this.times[row] }; }
  line(_row: number): number | undefined { return undefined; }
  pick(rows: ArrayLike<number>, count = rows.length): SampleOrigins {
    const index = new Uint32Array(count);
    const times = new Float64Array(count);
    for (let k = 0; k < count; k++) { index[k] = this.seriesIndex[rows[k]]; times[k] = this.times[rows[k]]; }
    return new SampleOrigins(this.series, index, times);
  }
}

/** Rows that each sum one series' samples over a cell [from, to): per row its series and its cell's bounds. */
export class CellOrigins implements RowOrigins {
  constructor(readonly series: readonly SeriesLabels[], readonly seriesIndex: Uint32Array, readonly from: Float64Array, readonly to: Float64Array) {
    if (seriesIndex.length !== from.length || from.length !== to.length) throw new RangeError('CellOrigins: one series index and one cell per row');
  }
  get length(): number { return this.seriesIndex.length; }
  at(row: number): RowOrigin { return { kind: 'samples', series: this.series[this.seriesIndex[row]], from: this.from[row], to: this.to[row] }; }
  line(_row: number): number | undefined { return undefined; }
  pick(rows: ArrayLike<number>, count = rows.length): CellOrigins {
    const index = new Uint32Array(count);
    const from = new Float64Array(count);
    const to = new Float64Array(count);
    for (let k = 0; k < count; k++) { index[k] = this.seriesIndex[rows[k]]; from[k] = this.from[rows[k]]; to[k] = this.to[rows[k]]; }
    return new CellOrigins(this.series, index, from, to);
  }
}

/** `{job="churn-api", code="200"}` — labels as PromQL writes them (sorted; `__name__` in front). */
export function seriesText(labels: SeriesLabels): string {
  const name = labels.__name__ ?? '';
  const rest = Object.keys(labels).filter((k) => k !== '__name__').sort().map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${rest.join(', ')}}`;
}

/** For people: `line 1042`, or `http_requests_total{code="500"} at 2026-09-14T08:01:12.250Z`. */
export function originText(origin: RowOrigin): string {
  if (origin.kind === 'line') return `line ${origin.line}`;
  if (origin.kind === 'sample') return `${seriesText(origin.series)} at ${new Date(origin.timestamp).toISOString()}`;
  return `${seriesText(origin.series)}, samples in [${new Date(origin.from).toISOString()}, ${new Date(origin.to).toISOString()})`;
}
