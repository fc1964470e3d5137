/**
 * The CSV reader (spec §9 "Metric files"): the header finds the columns a spec reads, then each
 * record from the byte-level CsvScanner is checked cell by cell and stored. Fed bytes through
 * `reserve`/`commit` (see rowReader.ts); rules in README.md.
 */
import { CsvScanner } from './csv';
import { MetricFileError } from './errors';
import { R_DATASET, R_FILTER, R_GOOD, R_GOODCOUNT, R_SAMPLES, R_TOTAL, R_VALUE, READ_CHUNK, ROLE_COUNT, RowReader, text, type Plan } from './rowReader';
import type { MetricSourceSpec, ReadMetricOptions } from './types';

export class CsvMetricReader extends RowReader {
  readonly format = 'csv';
  private readonly scanner: CsvScanner;
  private header: string[] | undefined;
  private readonly cols: Int32Array = new Int32Array(ROLE_COUNT).fill(-1);
  private tsCol = -1;
  private missing: string[] = [];
  private segCol = -1;
  private readonly interned = new Map<string, string>();

  constructor(path: string, spec: MetricSourceSpec, plan: Plan, options: ReadMetricOptions, delimiter: string | undefined) {
    super(path, spec, plan, options);
    this.scanner = new CsvScanner({
      onHeader: (fields) => this.onHeader(fields),
      onRecord: (sc, line) => this.onRecord(sc, line),
      onIssue: (line, problem) => this.skip(line, problem),
      // Without its header no column can be found; the next row must not become the header.
      onHeaderIssue: (_line, problem) => { throw new MetricFileError('columns', `${problem}; without it no column can be found`, this.path); },
    }, { delimiter, header: true, bufferSize: READ_CHUNK + 65536 });
  }

  reserve(n: number): Uint8Array {
    return this.scanner.reserve(n);
  }

  commit(n: number): void {
    this.scanner.commit(n);
  }

  /** Physical lines so far (1 + line breaks): where the next record starts. */
  get lines(): number { return this.scanner.lines; }
  /** See CsvScanner.betweenRecords. */
  get betweenRecords(): boolean { return this.scanner.betweenRecords; }
  /** Whether the header has been read. */
  get hasHeader(): boolean { return this.header !== undefined; }

  private onHeader(fields: string[]): void {
    this.header = fields;
    this.refuseAmbiguous(fields);
    const find = (name: string): number => {
      let k = fields.indexOf(name);
      if (k < 0) k = fields.findIndex((f) => f.trim() === name.trim());
      return k;
    };
    this.tsCol = find(this.spec.timestamp);
    if (this.tsCol < 0) {
      throw new MetricFileError('columns', `no timestamp column \`${this.spec.timestamp}\` in the header (columns: ${fields.map((f) => `\`${f}\``).join(', ')})`, this.path);
    }
    // The segment column (spec §12): a file without it has every row in `(none)` (a data issue says so).
    if (this.spec.segment !== undefined) {
      this.segCol = find(this.spec.segment);
      if (this.segCol < 0) this.segmentColumnMissing = true;
    }
    const names = this.plan.names;
    for (let r = 0; r < ROLE_COUNT; r++) {
      const name = names[r];
      if (name === undefined) continue;
      const k = find(name);
      if (k < 0) { if (!this.missing.includes(name)) this.missing.push(name); }
      else this.cols[r] = k;
    }
  }

  /**
   * A column the SLA reads that the header names twice (`ts,v,v`, or `v` and ` v`: equal once
   * trimmed) is ambiguous: one reader takes the first, another (Python's csv.DictReader) the last.
   * Refused (SLA115) rather than resolved silently: the column and its 1-based positions are named.
   */
  private refuseAmbiguous(fields: string[]): void {
    const problems: string[] = [];
    const done = new Set<string>();
    let first: string | undefined;
    for (const wanted of [this.spec.timestamp, ...this.plan.names]) {
      if (wanted === undefined) continue;
      const name = wanted.trim();
      if (done.has(name)) continue;
      done.add(name);
      const at: number[] = [];
      fields.forEach((f, k) => { if (f.trim() === name) at.push(k); });
      if (at.length < 2) continue;
      first ??= wanted;
      const positions = `${at.slice(0, -1).map((k) => k + 1).join(', ')} and ${at[at.length - 1] + 1}`;
      const spelled = new Set(at.map((k) => fields[k])).size > 1 ? `, as ${at.map((k) => `\`${fields[k]}\``).join(', ')}, equal once spaces are trimmed` : '';
      problems.push(`column \`${name}\` ${at.length === 2 ? 'twice' : `${at.length} times`} (columns ${positions}${spelled})`);
    }
    if (first === undefined) return;
    throw new MetricFileError('columns', `the header names ${problems.join(' and ')}: one reader takes the first, another (Python's csv.DictReader) the last, so the numbers depend on the tool; rename or remove the duplicate`, this.path, first);
  }

  private onRecord(sc: CsvScanner, line: number): void {
    const buf = sc.buf, starts = sc.starts, ends = sc.ends, cols = this.cols;
    let c = cols[R_FILTER];
    if (c >= 0 && this.applyFilter(this.plan.filter!.csv(buf, starts[c], ends[c]), line) <= 0) return;
    const t = this.tp.parse(buf, starts[this.tsCol], ends[this.tsCol]);
    if (t !== t) { this.skip(line, this.tp.problem); return; }
    c = cols[R_VALUE];
    let value = 0, valueLong = false;
    if (c >= 0) {
      value = this.numberCell(R_VALUE, buf, starts[c], ends[c], line, this.plan.nonNegative);
      if (value !== value) return;
      valueLong = this.dec.long;
    }
    let good = 0;
    c = cols[R_GOOD];
    if (c >= 0) {
      const ev = this.plan.good!;
      good = ev.csv(buf, starts[c], ends[c]);
      if (good < 0) { this.skip(line, ev.problem); return; }
    }
    let total = 0, goodCount = 0, samples = 0;
    c = cols[R_TOTAL];
    if (c >= 0) { total = this.numberCell(R_TOTAL, buf, starts[c], ends[c], line, true); if (total !== total) return; }
    c = cols[R_GOODCOUNT];
    if (c >= 0) { goodCount = this.numberCell(R_GOODCOUNT, buf, starts[c], ends[c], line, true); if (goodCount !== goodCount) return; }
    if (cols[R_TOTAL] >= 0 && cols[R_GOODCOUNT] >= 0 && goodCount > total) {
      this.skip(line, `\`${this.spec.goodCount}\` (${goodCount}) exceeds \`${this.spec.total}\` (${total})`);
      return;
    }
    c = cols[R_SAMPLES];
    if (c >= 0) { samples = this.numberCell(R_SAMPLES, buf, starts[c], ends[c], line, true); if (samples !== samples) return; }
    // Every check passed: aggregate (a streamed read, engine/stream) or store.
    const sink = this.sink;
    if (sink) {
      this.sinkRows++;
      this.noteExtremes(t, line);
      if (this.tp.naive) this.countNaive(line);
      c = cols[R_VALUE];
      sink.row(t, value, valueLong ? text(buf, starts[c], ends[c]).trim() : undefined);
      return;
    }
    const st = this.store;
    if (st.rows === st.cap) st.grow();
    const r = st.rows++;
    st.timestamps[r] = t;
    this.noteExtremes(t, line);
    c = cols[R_VALUE];
    if (c >= 0) {
      st.values![r] = value;
      if (valueLong) (st.valueTexts ??= new Map()).set(r, text(buf, starts[c], ends[c]).trim());
    }
    if (cols[R_GOOD] >= 0) st.good![r] = good;
    if (cols[R_TOTAL] >= 0) st.totals![r] = total;
    if (cols[R_GOODCOUNT] >= 0) st.goodCounts![r] = goodCount;
    if (cols[R_SAMPLES] >= 0) st.samples![r] = samples;
    c = cols[R_DATASET];
    if (c >= 0) st.datasets!.push(this.intern(sc.field(c)));
    if (st.segmentCodes) st.segmentCodes[r] = this.segCol >= 0 ? this.segments.code(buf, starts[this.segCol], ends[this.segCol]) : 0;
    if (st.lines) st.lines[r] = line;
    if (this.tp.naive) this.countNaive(line);
  }

  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }

  protected finish(): { missingColumns: string[]; header?: string[] } {
    this.scanner.end();
    if (!this.header) {
      throw new MetricFileError('columns', 'the file is empty: no header row naming the columns', this.path);
    }
    this.dropColumns((r) => this.cols[r] < 0);
    return { missingColumns: this.missing, header: this.header };
  }
}
