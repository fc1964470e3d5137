/**
 * Reads one metric file (spec §1, §4, §9 "Metric files") into typed arrays, streaming: 1 MiB
 * chunks into one reusable buffer, bytes decoded by hand, no string or object per row. Rows that
 * cannot be read are counted, the first `maxIssues` listed with their physical line, and skipped;
 * they never stop the read. A file that cannot be used at all throws a MetricFileError (SLA115).
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { CsvScanner, delimiterByte } from './csv';
import { GoodEvaluator, parseGoodExpression } from './goodExpression';
import { J_MISSING, J_NUMBER, J_STRING, JsonFieldScanner, jsonTypeName } from './json';
import { DecimalReader } from './numbers';
import { RowStore } from './rowStore';
import { TimestampParser, excerpt } from './timestamps';
import { MetricFileError } from './errors';
import { detectFormat } from './format';
import { errnoText, nonRegularKind } from './fileKind';
import type { DataIssue, MetricData, MetricSourceSpec, ReadMetricOptions } from './types';

/** Moved to ./format.ts (pure, shared with the language service); still exported from here. */
export { detectFormat };

const CHUNK = 1 << 20;
const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
const BINARY_PROBE = 64 * 1024;
const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Units of `value` columns that hold durations: a negative one is a data issue. */
export const DURATION_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'm', 'h', 'd', 'w']);


// Roles of the columns a spec reads, in the order their problems are reported (the filter is
// applied before any of them, right after the timestamp column is found).
const R_VALUE = 0, R_GOOD = 1, R_TOTAL = 2, R_GOODCOUNT = 3, R_SAMPLES = 4, R_DATASET = 5, R_FILTER = 6;
const ROLE_COUNT = 7;
const ROLE_BITS = (1 << ROLE_COUNT) - 1;
const NAIVE_BIT = 128;

/** The listed issues (first `max`) and the count of all. */
class IssueList {
  readonly list: DataIssue[] = [];
  count = 0;
  constructor(readonly max: number) {}
  add(line: number, problem: string): void {
    this.count++;
    if (this.list.length < this.max) this.list.push({ line, problem, kind: 'skipped' });
  }
}

interface Plan {
  /** Column / key name per role (undefined: the spec does not read it, or the expression is malformed). */
  names: (string | undefined)[];
  good: GoodEvaluator | undefined;
  goodError: string | undefined;
  filter: GoodEvaluator | undefined;
  filterError: string | undefined;
  /** `value` holds durations: a negative one is a data issue. */
  nonNegative: boolean;
  /** ... because the caller said so (the spec has no `unit`; spec §9: it is in the target's unit). */
  durationFromTarget: boolean;
}

function makePlan(spec: MetricSourceSpec, options: ReadMetricOptions): Plan {
  const names: (string | undefined)[] = new Array(ROLE_COUNT).fill(undefined);
  names[R_VALUE] = spec.value;
  names[R_TOTAL] = spec.total;
  names[R_GOODCOUNT] = spec.goodCount;
  names[R_SAMPLES] = spec.samples;
  names[R_DATASET] = spec.dataset;
  let good: GoodEvaluator | undefined;
  let goodError: string | undefined;
  if (spec.good !== undefined) {
    const r = parseGoodExpression(String(spec.good));
    if (r.ok) { good = new GoodEvaluator(r.expression); names[R_GOOD] = r.expression.field; }
    else goodError = r.message;
  }
  let filter: GoodEvaluator | undefined;
  let filterError: string | undefined;
  if (spec.filter !== undefined) {
    const r = parseGoodExpression(String(spec.filter));
    if (r.ok) { filter = new GoodEvaluator(r.expression, 'filter'); names[R_FILTER] = r.expression.field; }
    else filterError = r.message;
  }
  const unit = spec.unit?.trim();
  const durationFromTarget = spec.value !== undefined && unit === undefined && options.valuesAreDurations === true;
  const nonNegative = spec.value !== undefined && (unit !== undefined ? DURATION_UNITS.has(unit) : durationFromTarget);
  return { names, good, goodError, filter, filterError, nonNegative, durationFromTarget };
}

/** What both readers share: the row store, issues, naive counting, the per-column checks. */
abstract class MetricReaderBase {
  readonly store: RowStore;
  readonly issues: IssueList;
  readonly tp: TimestampParser;
  readonly dec = new DecimalReader();
  readonly plan: Plan;
  readonly spec: MetricSourceSpec;
  readonly path: string;
  naiveCount = 0;
  naiveFirst = 0;
  /** Rows the `filter` left out (not rows of the metric, not data issues). */
  filtered = 0;
  /** The earliest / latest timestamp stored and the physical line of its first row (MetricData.minTimeLine). */
  minT = Infinity;
  minLine = 0;
  maxT = -Infinity;
  maxLine = 0;
  private estimated = false;

  constructor(path: string, spec: MetricSourceSpec, plan: Plan, options: ReadMetricOptions, wantLines: boolean) {
    this.path = path;
    this.spec = spec;
    this.plan = plan;
    this.issues = new IssueList(options.maxIssues ?? 20);
    this.tp = new TimestampParser({ timezone: options.timezone ?? 'UTC', unit: spec.timestampUnit });
    const n = plan.names;
    this.store = new RowStore({
      values: n[R_VALUE] !== undefined, good: n[R_GOOD] !== undefined, totals: n[R_TOTAL] !== undefined,
      goodCounts: n[R_GOODCOUNT] !== undefined, samples: n[R_SAMPLES] !== undefined, datasets: n[R_DATASET] !== undefined,
      lines: wantLines,
    });
  }

  /** A view to read at least `n` bytes into; then `commit`. */
  abstract reserve(n: number): Uint8Array;
  abstract commit(n: number): void;
  abstract finish(): { missingColumns: string[]; header?: string[] };

  /** After a chunk: size the columns from the rows per byte seen so far (once). */
  estimate(bytesRead: number, totalBytes: number): void {
    if (this.estimated || this.store.rows < 64) return;
    this.estimated = true;
    if (totalBytes <= bytesRead) return;
    try {
      this.store.reserve(Math.ceil((this.store.rows * totalBytes) / bytesRead * 1.1) + 1024);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err; // no room for the estimate: grow as rows come
    }
  }

  skip(line: number, problem: string): void {
    this.issues.add(line, problem);
  }

  /** A number cell of `role`; NaN after reporting the problem. */
  numberCell(role: number, buf: Uint8Array, s: number, e: number, line: number, nonNegative: boolean): number {
    const v = this.dec.read(buf, s, e);
    const name = this.plan.names[role];
    if (Number.isNaN(v)) {
      this.skip(line, isBlank(buf, s, e) ? `empty value in \`${name}\``
        : this.dec.outOfRange ? `out-of-range value ${excerpt(text(buf, s, e))} in \`${name}\` (a number beyond ±1.8e308, too large for a double)`
        : `non-numeric value ${excerpt(text(buf, s, e))} in \`${name}\``);
      return NaN;
    }
    // A count beyond 2^53 − 1 has no exact double (9007199254740993 would become …992): the row is
    // refused rather than counted one off; the report's counts and ratios stay exact.
    if (role !== R_VALUE && Math.abs(v) > Number.MAX_SAFE_INTEGER) {
      this.skip(line, `count ${excerpt(text(buf, s, e))} in \`${name}\` is beyond 9007199254740991 (2^53 − 1), the largest count the report keeps exact`);
      return NaN;
    }
    if (nonNegative && v < 0) {
      const why = role !== R_VALUE ? 'a count cannot be negative'
        : this.plan.durationFromTarget ? 'a duration cannot be negative; the metric has no `unit`, so it is in the unit of its duration target'
        : `a duration in ${this.spec.unit} cannot be negative`;
      this.skip(line, `negative value ${excerpt(text(buf, s, e))} in \`${name}\` (${why})`);
      return NaN;
    }
    return v;
  }

  /** Forgets the arrays of roles whose column is missing. */
  dropColumns(isMissing: (role: number) => boolean): void {
    const st = this.store;
    if (isMissing(R_VALUE)) { st.values = undefined; st.valueTexts = undefined; }
    if (isMissing(R_GOOD)) st.good = undefined;
    if (isMissing(R_TOTAL)) st.totals = undefined;
    if (isMissing(R_GOODCOUNT)) st.goodCounts = undefined;
    if (isMissing(R_SAMPLES)) st.samples = undefined;
    if (isMissing(R_DATASET)) st.datasets = undefined;
  }

  /** The filter on a row: 1 keep, 0 leave out (counted in `filtered`), -1 a data issue (reported). */
  applyFilter(keep: number, line: number): number {
    if (keep < 0) this.skip(line, this.plan.filter!.problem);
    else if (keep === 0) this.filtered++;
    return keep;
  }

  /** Records the line of the earliest and the latest row (for findings about outlying rows). */
  noteExtremes(t: number, line: number): void {
    if (t < this.minT) { this.minT = t; this.minLine = line; }
    if (t > this.maxT) { this.maxT = t; this.maxLine = line; }
  }

  countNaive(line: number): void {
    if (this.naiveCount++ === 0 || line < this.naiveFirst) this.naiveFirst = line;
  }
}

const text = (buf: Uint8Array, s: number, e: number): string => Buffer.from(buf.buffer, buf.byteOffset + s, Math.min(e - s, 200)).toString('utf8');
function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}

class CsvMetricReader extends MetricReaderBase {
  private readonly scanner: CsvScanner;
  private header: string[] | undefined;
  private readonly cols: Int32Array = new Int32Array(ROLE_COUNT).fill(-1);
  private tsCol = -1;
  private missing: string[] = [];
  private readonly interned = new Map<string, string>();

  constructor(path: string, spec: MetricSourceSpec, plan: Plan, options: ReadMetricOptions, delimiter: string | undefined) {
    super(path, spec, plan, options, options.lines === true);
    this.scanner = new CsvScanner({
      onHeader: (fields) => this.onHeader(fields),
      onRecord: (sc, line) => this.onRecord(sc, line),
      onIssue: (line, problem) => this.skip(line, problem),
      // Without its header no column can be found; the next row must not become the header.
      onHeaderIssue: (_line, problem) => { throw new MetricFileError('columns', `${problem}; without it no column can be found`, this.path); },
    }, { delimiter, header: true, bufferSize: CHUNK + 65536 });
  }

  reserve(n: number): Uint8Array {
    return this.scanner.reserve(n);
  }

  commit(n: number): void {
    this.scanner.commit(n);
  }

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
    // Every check passed: store.
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
    if (st.lines) st.lines[r] = line;
    if (this.tp.naive) this.countNaive(line);
  }

  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }

  finish(): { missingColumns: string[]; header?: string[] } {
    this.scanner.end();
    if (!this.header) {
      throw new MetricFileError('columns', 'the file is empty: no header row naming the columns', this.path);
    }
    this.dropColumns((r) => this.cols[r] < 0);
    return { missingColumns: this.missing, header: this.header };
  }
}

class JsonlMetricReader extends MetricReaderBase {
  private readonly scanner: JsonFieldScanner;
  /** Index in the scanner's names: of the timestamp, and per role (-1: not read). */
  private readonly tsK: number;
  private readonly roleK: Int32Array = new Int32Array(ROLE_COUNT).fill(-1);
  private readonly seen: Uint8Array;
  private objects = 0;
  private buf: Buffer = Buffer.allocUnsafe(CHUNK + 65536);
  private len = 0;
  private line = 1;
  private skipping = false;
  private skipLine = 0;
  /** The last chunk ended with a CR: an LF starting the next one belongs to it (CRLF). */
  private skipLF = false;
  private bomChecked = false;
  private readonly interned = new Map<string, string>();
  // Rows kept provisionally because a key was missing: decided in finish() (a key missing from
  // every record is a missing column, not a row problem).
  private defRows = new Int32Array(64);
  private defLines = new Uint32Array(64);
  private defMasks = new Uint8Array(64);
  private defCount = 0;

  constructor(path: string, spec: MetricSourceSpec, plan: Plan, options: ReadMetricOptions) {
    super(path, spec, plan, options, options.lines === true);
    const names: string[] = [spec.timestamp];
    for (let r = 0; r < ROLE_COUNT; r++) {
      const n = plan.names[r];
      if (n === undefined) continue;
      let k = names.indexOf(n);
      if (k < 0) { k = names.length; names.push(n); }
      this.roleK[r] = k;
    }
    this.tsK = 0;
    this.scanner = new JsonFieldScanner(names);
    this.seen = new Uint8Array(names.length);
  }

  reserve(n: number): Uint8Array {
    if (this.len + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    return this.buf.subarray(this.len);
  }

  commit(n: number): void {
    this.len += n;
    this.splitLines(false);
  }

  /**
   * Hands over each complete line: LF, CRLF and a lone CR each end one (as in the CSV reader, and as
   * editors count lines). A CR that ends the buffer may be the first half of a CRLF split between
   * two chunks: `skipLF` drops the LF if the next chunk starts with one, so it is not a second line.
   */
  private splitLines(eof: boolean): void {
    const buf = this.buf, n = this.len;
    let pos = 0;
    if (!this.bomChecked) {
      if (n < 3 && !eof) return;
      this.bomChecked = true;
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    if (this.skipLF && pos < n) {
      this.skipLF = false;
      if (buf[pos] === 10) pos++;
    }
    const view = buf.subarray(0, n);
    // Next LF and next CR at or after pos (-1: none in the buffer); each searched once per position.
    let lf = -2, cr = -2;
    for (;;) {
      if (lf !== -1 && lf < pos) lf = view.indexOf(10, pos);
      if (cr !== -1 && cr < pos) cr = view.indexOf(13, pos);
      let nl = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      let next: number;
      if (nl < 0) {
        if (!eof || pos >= n) break;
        nl = n;
        next = n;
      } else if (buf[nl] === 13) {
        if (nl + 1 < n) next = buf[nl + 1] === 10 ? nl + 2 : nl + 1;
        else { next = n; if (!eof) this.skipLF = true; }
      } else next = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        this.skip(this.skipLine, `line longer than ${MAX_LINE_BYTES / 1048576} MiB`);
      } else {
        this.record(buf, pos, nl, this.line);
      }
      this.line++;
      pos = next;
    }
    // Keep the partial line.
    if (this.skipping) pos = n;
    else if (n - pos > MAX_LINE_BYTES) { this.skipping = true; this.skipLine = this.line; pos = n; }
    if (pos > 0) { buf.copy(buf, 0, pos, n); this.len = n - pos; }
  }

  private record(buf: Uint8Array, s: number, e: number, line: number): void {
    if (isBlank(buf, s, e)) return; // blank line: skipped silently
    const sc = this.scanner;
    if (!sc.scan(buf, s, e)) { this.skip(line, sc.error); return; }
    this.objects++;
    const types = sc.types, seen = this.seen;
    for (let k = 0; k < types.length; k++) if (types[k] !== J_MISSING) seen[k] = 1;
    if (sc.duplicate !== '') { this.skip(line, sc.duplicate); return; }
    let mask = 0;
    const rk = this.roleK;
    let k = rk[R_FILTER];
    if (k >= 0) {
      const ft = types[k];
      if (ft === J_MISSING) mask |= 1 << R_FILTER;
      else if (this.applyFilter(this.plan.filter!.json(ft, buf, sc.starts[k], sc.ends[k], ft === J_STRING && sc.escaped[k] ? sc.text(k) : undefined), line) <= 0) return;
    }
    const tt = types[this.tsK];
    if (tt === J_MISSING) { this.skip(line, `missing timestamp \`${this.spec.timestamp}\``); return; }
    let t: number;
    if (tt === J_STRING) t = sc.escaped[this.tsK] ? this.tp.parseText(sc.text(this.tsK)) : this.tp.parse(buf, sc.starts[this.tsK], sc.ends[this.tsK]);
    else if (tt === J_NUMBER) t = this.tp.parse(buf, sc.starts[this.tsK], sc.ends[this.tsK]);
    else { this.skip(line, `timestamp \`${this.spec.timestamp}\` is ${jsonTypeName(tt)}, expected a string or an epoch number`); return; }
    if (t !== t) { this.skip(line, this.tp.problem); return; }
    const naive = this.tp.naive;
    let value = 0, good = 0, total = 0, goodCount = 0, samples = 0;
    let dataset: string | undefined;
    let valueText: string | undefined;
    k = rk[R_VALUE];
    if (k >= 0) {
      const vt = types[k];
      if (vt === J_MISSING) mask |= 1 << R_VALUE;
      else {
        value = this.jsonNumber(R_VALUE, k, line, this.plan.nonNegative);
        if (value !== value) return;
        if (this.dec.long) valueText = text(buf, sc.starts[k], sc.ends[k]);
      }
    }
    k = rk[R_GOOD];
    if (k >= 0) {
      const gt = types[k];
      if (gt === J_MISSING) mask |= 1 << R_GOOD;
      else {
        const ev = this.plan.good!;
        good = ev.json(gt, buf, sc.starts[k], sc.ends[k], gt === J_STRING && sc.escaped[k] ? sc.text(k) : undefined);
        if (good < 0) { this.skip(line, ev.problem); return; }
      }
    }
    k = rk[R_TOTAL];
    if (k >= 0) {
      if (types[k] === J_MISSING) mask |= 1 << R_TOTAL;
      else { total = this.jsonNumber(R_TOTAL, k, line, true); if (total !== total) return; }
    }
    k = rk[R_GOODCOUNT];
    if (k >= 0) {
      if (types[k] === J_MISSING) mask |= 1 << R_GOODCOUNT;
      else { goodCount = this.jsonNumber(R_GOODCOUNT, k, line, true); if (goodCount !== goodCount) return; }
    }
    if (rk[R_TOTAL] >= 0 && rk[R_GOODCOUNT] >= 0 && types[rk[R_TOTAL]] !== J_MISSING && types[rk[R_GOODCOUNT]] !== J_MISSING && goodCount > total) {
      this.skip(line, `\`${this.spec.goodCount}\` (${goodCount}) exceeds \`${this.spec.total}\` (${total})`);
      return;
    }
    k = rk[R_SAMPLES];
    if (k >= 0) {
      if (types[k] === J_MISSING) mask |= 1 << R_SAMPLES;
      else { samples = this.jsonNumber(R_SAMPLES, k, line, true); if (samples !== samples) return; }
    }
    k = rk[R_DATASET];
    if (k >= 0) {
      const dt = types[k];
      if (dt === J_MISSING) mask |= 1 << R_DATASET;
      else if (dt !== J_STRING) { this.skip(line, `\`${this.spec.dataset}\` is ${jsonTypeName(dt)}, expected a string`); return; }
      else dataset = this.intern(sc.text(k));
    }
    const st = this.store;
    if (st.rows === st.cap) st.grow();
    const r = st.rows++;
    st.timestamps[r] = t;
    this.noteExtremes(t, line);
    if (st.values) st.values[r] = value;
    if (valueText !== undefined) (st.valueTexts ??= new Map()).set(r, valueText);
    if (st.good) st.good[r] = good;
    if (st.totals) st.totals[r] = total;
    if (st.goodCounts) st.goodCounts[r] = goodCount;
    if (st.samples) st.samples[r] = samples;
    if (st.datasets) st.datasets.push(dataset ?? '');
    if (st.lines) st.lines[r] = line;
    if (mask !== 0) this.defer(r, line, mask | (naive ? NAIVE_BIT : 0));
    else if (naive) this.countNaive(line);
  }

  private jsonNumber(role: number, k: number, line: number, nonNegative: boolean): number {
    const sc = this.scanner;
    const type = sc.types[k];
    if (type !== J_NUMBER) {
      this.skip(line, `\`${this.plan.names[role]}\` is ${jsonTypeName(type)}${type === J_STRING ? ` (${excerpt(sc.text(k))})` : ''}, expected a number`);
      return NaN;
    }
    return this.numberCell(role, this.buf, sc.starts[k], sc.ends[k], line, nonNegative);
  }

  private defer(row: number, line: number, mask: number): void {
    if (this.defCount === this.defRows.length) {
      const n = this.defCount * 2;
      const a = new Int32Array(n); a.set(this.defRows); this.defRows = a;
      const b = new Uint32Array(n); b.set(this.defLines); this.defLines = b;
      const c = new Uint8Array(n); c.set(this.defMasks); this.defMasks = c;
    }
    this.defRows[this.defCount] = row;
    this.defLines[this.defCount] = line;
    this.defMasks[this.defCount] = mask;
    this.defCount++;
  }

  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }

  finish(): { missingColumns: string[] } {
    this.splitLines(true);
    if (this.skipping) { this.skipping = false; this.skip(this.skipLine, `line longer than ${MAX_LINE_BYTES / 1048576} MiB`); }
    const names = this.plan.names;
    if (this.objects > 0 && !this.seen[this.tsK]) {
      throw new MetricFileError('columns', `no record has the timestamp key \`${this.spec.timestamp}\``, this.path);
    }
    // Roles whose key no record has: missing columns (only judged when some record was an object).
    const missing: string[] = [];
    let seenMask = 0;
    for (let r = 0; r < ROLE_COUNT; r++) {
      const k = this.roleK[r];
      if (k < 0) continue;
      if (this.objects === 0 || this.seen[k]) seenMask |= 1 << r;
      else if (!missing.includes(names[r]!)) missing.push(names[r]!);
    }
    // Provisional rows: dropped when a key they lack exists elsewhere.
    const drop = new Int32Array(this.defCount);
    let dropped = 0;
    const late = new IssueList(this.issues.max);
    for (let d = 0; d < this.defCount; d++) {
      const m = this.defMasks[d];
      const bad = m & seenMask & ROLE_BITS;
      if (bad !== 0) {
        drop[dropped++] = this.defRows[d];
        let r = 0;
        while (!(bad & (1 << r))) r++;
        late.add(this.defLines[d], `missing \`${names[r]}\``);
      } else if (m & NAIVE_BIT) this.countNaive(this.defLines[d]);
    }
    if (dropped > 0) {
      this.store.remove(drop, dropped);
      mergeIssues(this.issues, late);
    }
    this.dropColumns((r) => !(seenMask & (1 << r)));
    return { missingColumns: missing };
  }
}

/** Merges `late` into `into` in line order, keeping the first `max` listed and counting all. */
function mergeIssues(into: IssueList, late: IssueList): void {
  const a = into.list, b = late.list, out: DataIssue[] = [];
  let i = 0, j = 0;
  while (out.length < into.max && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i].line <= b[j].line)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  into.list.length = 0;
  into.list.push(...out);
  into.count += late.count;
}

function openError(err: unknown, path: string): MetricFileError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new MetricFileError('missing', 'not found', path);
  if (code === 'EACCES' || code === 'EPERM') return new MetricFileError('unreadable', 'not readable (permission denied)', path);
  if (code === 'EISDIR') return new MetricFileError('unreadable', 'is a directory, not a file', path);
  if (code === 'ELOOP') return new MetricFileError('unreadable', 'a symlink loop', path);
  return new MetricFileError('unreadable', `cannot be read (${errnoText(code, err instanceof Error ? err.message : String(err))})`, path);
}

/**
 * Reads the metric file at `path` (already resolved) as described by `spec`. Throws
 * MetricFileError when the file cannot be used (missing, unreadable, binary, unknown format, too
 * large, no timestamp column), a RangeError for an unknown `timezone`, and the signal's reason when
 * aborted. Everything else about the data is in the result.
 */
export async function readMetric(path: string, spec: MetricSourceSpec, options: ReadMetricOptions = {}): Promise<MetricData> {
  // A file rewritten while it was read (an exporter appending, a copy in progress) would give numbers
  // from a mix of two versions: read it again once; if it changes again, refuse it with a reason.
  try {
    return await readMetricOnce(path, spec, options);
  } catch (err) {
    if (!(err instanceof MetricFileError) || err.reason !== 'changed') throw err;
    return readMetricOnce(path, spec, options);
  }
}

async function readMetricOnce(path: string, spec: MetricSourceSpec, options: ReadMetricOptions): Promise<MetricData> {
  const { format, tab } = detectFormat(path, spec);
  let delimiter: string | undefined;
  if (format === 'csv') {
    delimiter = spec.delimiter ?? (tab ? '\t' : ',');
    try { delimiterByte(delimiter); } catch (err) { throw new MetricFileError('format', `\`delimiter\`: ${(err as Error).message}`, path); }
  }
  if (typeof spec.timestamp !== 'string' || spec.timestamp === '') throw new MetricFileError('columns', 'no `timestamp` column named', path);
  const plan = makePlan(spec, options);
  const reader: MetricReaderBase = format === 'csv'
    ? new CsvMetricReader(path, spec, plan, options, delimiter)
    : new JsonlMetricReader(path, spec, plan, options);

  // The type before the open: opening a FIFO blocks until a writer comes (and holds one of Node's
  // four file-I/O threads meanwhile). O_NONBLOCK is the second guard, should it be swapped in between.
  let pre;
  try { pre = await stat(path); } catch (err) { throw openError(err, path); }
  const preKind = nonRegularKind(pre);
  if (preKind === 'a folder') throw new MetricFileError('unreadable', 'is a directory, not a file', path);
  if (preKind) throw new MetricFileError('unreadable', `not a regular file (${preKind})`, path);
  let fh: FileHandle;
  try { fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)); } catch (err) { throw openError(err, path); }
  let bytesRead = 0;
  let size: number;
  try {
    const st = await fh.stat();
    const before = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
    if (st.isDirectory()) throw new MetricFileError('unreadable', 'is a directory, not a file', path);
    if (!st.isFile()) throw new MetricFileError('unreadable', `not a regular file (${nonRegularKind(st)})`, path);
    size = st.size;
    if (size > MAX_FILE_BYTES) throw new MetricFileError('too-large', `${(size / 2 ** 30).toFixed(1)} GiB, larger than the 2 GiB limit`, path);
    for (;;) {
      options.signal?.throwIfAborted();
      // Read straight into the reader's buffer, after what is left of the previous chunk.
      const chunk = reader.reserve(CHUNK);
      let n: number;
      try { n = (await fh.read(chunk, 0, CHUNK, null)).bytesRead; } catch (err) { throw openError(err, path); }
      if (n === 0) break;
      if (bytesRead < BINARY_PROBE) {
        const probeEnd = Math.min(n, BINARY_PROBE - bytesRead);
        if (chunk.subarray(0, probeEnd).indexOf(0) >= 0) {
          throw new MetricFileError('binary', 'binary file (NUL bytes in the first 64 KiB); metric files are UTF-8 CSV or JSON Lines (save UTF-16 text as UTF-8)', path);
        }
      }
      bytesRead += n;
      if (bytesRead > MAX_FILE_BYTES) throw new MetricFileError('too-large', 'larger than the 2 GiB limit', path);
      try {
        reader.commit(n);
      } catch (err) {
        if (err instanceof RangeError && !(err instanceof MetricFileError)) {
          throw new MetricFileError('too-large', `too many rows to hold in memory (${reader.store.rows} read when ${err.message})`, path);
        }
        throw err;
      }
      reader.estimate(bytesRead, size);
      options.onProgress?.(bytesRead, Math.max(size, bytesRead));
    }
    const after = await fh.stat();
    let replaced = false;
    try { replaced = (await stat(path)).ino !== before.ino; } catch { replaced = true; }
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytesRead !== before.size || replaced) {
      throw new MetricFileError('changed', `the file changed while it was read (${before.size} bytes when opened, ${bytesRead} read, ${after.size} now${replaced ? ', replaced' : ''}); no number is computed from a half-read file — it is read again when it stops changing`, path);
    }
  } finally {
    await fh.close();
  }
  const { missingColumns, header } = reader.finish();
  return assemble(reader, format, spec, options, missingColumns, header, bytesRead);
}

function assemble(reader: MetricReaderBase, format: 'csv' | 'jsonl', spec: MetricSourceSpec, options: ReadMetricOptions,
  missingColumns: string[], header: string[] | undefined, bytes: number): MetricData {
  const st = reader.store;
  // A filter that cannot be applied (malformed, or its column absent): no row is a row of the metric.
  const filterError = reader.plan.filterError !== undefined
    ? reader.plan.filterError
    : reader.plan.names[R_FILTER] !== undefined && missingColumns.includes(reader.plan.names[R_FILTER]!)
      ? `its column \`${reader.plan.names[R_FILTER]}\` is not in the file`
      : undefined;
  if (filterError !== undefined) {
    st.rows = 0;
    if (st.datasets) st.datasets = [];
    st.valueTexts = undefined;
  }
  const rows = st.rows;
  const timestamps = st.timestamps.subarray(0, rows);
  let sorted = true, min = NaN, max = NaN;
  if (rows > 0) {
    min = max = timestamps[0];
    let prev = timestamps[0];
    for (let i = 1; i < rows; i++) {
      const t = timestamps[i];
      if (t < prev) sorted = false;
      if (t < min) min = t;
      if (t > max) max = t;
      prev = t;
    }
  }
  const issues = reader.issues;
  let naive: MetricData['naive'];
  if (reader.naiveCount > 0) {
    const zone = reader.tp.zone.zone;
    naive = { count: reader.naiveCount, firstLine: reader.naiveFirst, zone };
    const n = reader.naiveCount;
    const summary: DataIssue = {
      line: reader.naiveFirst,
      problem: `${n} timestamp${n === 1 ? '' : 's'} without offset (first on line ${reader.naiveFirst}), read as wall time in ${zone}; a wall time in a DST gap or fold takes the earlier offset`,
      kind: 'naive',
    };
    issues.count++;
    if (issues.max > 0) {
      const list = issues.list;
      let at = list.findIndex((x) => x.line > summary.line);
      if (at < 0) at = list.length;
      list.splice(at, 0, summary);
      if (list.length > issues.max) {
        for (let k = list.length - 1; k >= 0; k--) if (list[k].kind !== 'naive') { list.splice(k, 1); break; }
      }
    }
  }
  const data: MetricData = {
    rows,
    timestamps,
    sorted,
    minTime: min,
    maxTime: max,
    issues: issues.list,
    issueCount: issues.count,
    skipped: issues.count - (naive ? 1 : 0),
    naive,
    missingColumns,
    filtered: reader.filtered,
    format,
    bytes,
  };
  if (st.values) data.values = st.values.subarray(0, rows);
  if (st.valueTexts && st.valueTexts.size > 0 && st.values) data.valueTexts = st.valueTexts;
  if (spec.unit !== undefined) data.unit = spec.unit;
  if (st.good) data.good = st.good.subarray(0, rows);
  if (st.totals) data.totals = st.totals.subarray(0, rows);
  if (st.goodCounts) data.goodCounts = st.goodCounts.subarray(0, rows);
  if (st.samples) data.samples = st.samples.subarray(0, rows);
  if (st.datasets) data.datasets = st.datasets;
  if (st.lines && options.lines) data.lines = st.lines.subarray(0, rows);
  // A row dropped at the end (a JSONL record lacking a key others have) may have been the extreme: no line then.
  if (rows > 0 && reader.minT === min) data.minTimeLine = reader.minLine;
  if (rows > 0 && reader.maxT === max) data.maxTimeLine = reader.maxLine;
  if (reader.plan.goodError !== undefined) data.goodError = reader.plan.goodError;
  if (filterError !== undefined) data.filterError = filterError;
  if (header) data.header = header;
  return data;
}
