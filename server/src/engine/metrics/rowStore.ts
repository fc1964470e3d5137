/**
 * Column storage for metric rows: growable typed arrays, one per column the spec reads. Capacity is
 * set from an estimate (file size / bytes per row of the first chunk) so that a large file is
 * read without regrowing; untouched capacity costs address space, not resident memory.
 */

export interface RowColumns {
  values: boolean;
  good: boolean;
  totals: boolean;
  goodCounts: boolean;
  samples: boolean;
  datasets: boolean;
  segments?: boolean;
  lines: boolean;
}

/** Typed-array columns by name (the ones RowStore keeps in typed arrays). */
export interface SlotColumns {
  timestamps: Float64Array;
  values?: Float64Array;
  good?: Uint8Array;
  totals?: Float64Array;
  goodCounts?: Float64Array;
  samples?: Float64Array;
  segmentCodes?: Uint16Array;
  lines?: Uint32Array;
}

export class RowStore {
  rows = 0;
  cap: number;
  timestamps: Float64Array;
  values: Float64Array | undefined;
  good: Uint8Array | undefined;
  totals: Float64Array | undefined;
  goodCounts: Float64Array | undefined;
  samples: Float64Array | undefined;
  datasets: string[] | undefined;
  segmentCodes: Uint16Array | undefined;
  lines: Uint32Array | undefined;
  /** Decimal text of long `value` cells by row (see MetricData.valueTexts). */
  valueTexts: Map<number, string> | undefined;

  constructor(columns: RowColumns, initialCapacity = 4096) {
    const cap = Math.max(16, initialCapacity);
    this.cap = cap;
    this.timestamps = new Float64Array(cap);
    this.values = columns.values ? new Float64Array(cap) : undefined;
    this.good = columns.good ? new Uint8Array(cap) : undefined;
    this.totals = columns.totals ? new Float64Array(cap) : undefined;
    this.goodCounts = columns.goodCounts ? new Float64Array(cap) : undefined;
    this.samples = columns.samples ? new Float64Array(cap) : undefined;
    this.datasets = columns.datasets ? [] : undefined;
    this.segmentCodes = columns.segments ? new Uint16Array(cap) : undefined;
    this.lines = columns.lines ? new Uint32Array(cap) : undefined;
  }

  /**
   * Writes rows into the given arrays (views of shared memory: one byte range's slot of a file read
   * in parts) while they have room; past `cap` rows the columns move to arrays of their own.
   */
  useSlot(slot: SlotColumns, cap: number): void {
    if (this.rows !== 0) throw new Error('RowStore.useSlot: rows already stored');
    this.timestamps = slot.timestamps;
    if (this.values) this.values = slot.values!;
    if (this.good) this.good = slot.good!;
    if (this.totals) this.totals = slot.totals!;
    if (this.goodCounts) this.goodCounts = slot.goodCounts!;
    if (this.samples) this.samples = slot.samples!;
    if (this.segmentCodes) this.segmentCodes = slot.segmentCodes!;
    if (this.lines) this.lines = slot.lines!;
    this.cap = cap;
  }

  /** Makes room for at least `n` rows (no-op when there is). */
  reserve(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.ceil(n);
    const f64 = (a: Float64Array | undefined) => { if (!a) return a; const b = new Float64Array(cap); b.set(a.subarray(0, this.rows)); return b; };
    this.timestamps = f64(this.timestamps)!;
    this.values = f64(this.values);
    this.totals = f64(this.totals);
    this.goodCounts = f64(this.goodCounts);
    this.samples = f64(this.samples);
    if (this.good) { const b = new Uint8Array(cap); b.set(this.good.subarray(0, this.rows)); this.good = b; }
    if (this.lines) { const b = new Uint32Array(cap); b.set(this.lines.subarray(0, this.rows)); this.lines = b; }
    if (this.segmentCodes) { const b = new Uint16Array(cap); b.set(this.segmentCodes.subarray(0, this.rows)); this.segmentCodes = b; }
    this.cap = cap;
  }

  /** Called when rows === cap: doubles, or grows to `estimate` if that is larger. */
  grow(estimate = 0): void {
    this.reserve(Math.max(this.cap * 2, estimate));
  }

  /** Removes the rows at the given ascending indexes, keeping the order of the rest. */
  remove(indexes: ArrayLike<number>, count: number): void {
    if (count === 0) return;
    const n = this.rows;
    let w = 0, d = 0;
    const texts = this.valueTexts;
    const newTexts = texts ? new Map<number, string>() : undefined;
    for (let r = 0; r < n; r++) {
      if (d < count && indexes[d] === r) { d++; continue; }
      if (w !== r) {
        this.timestamps[w] = this.timestamps[r];
        if (this.values) this.values[w] = this.values[r];
        if (this.good) this.good[w] = this.good[r];
        if (this.totals) this.totals[w] = this.totals[r];
        if (this.goodCounts) this.goodCounts[w] = this.goodCounts[r];
        if (this.samples) this.samples[w] = this.samples[r];
        if (this.datasets) this.datasets[w] = this.datasets[r];
        if (this.segmentCodes) this.segmentCodes[w] = this.segmentCodes[r];
        if (this.lines) this.lines[w] = this.lines[r];
      }
      if (texts && newTexts) { const t = texts.get(r); if (t !== undefined) newTexts.set(w, t); }
      w++;
    }
    if (this.datasets) this.datasets.length = w;
    this.valueTexts = newTexts;
    this.rows = w;
  }
}
