/**
 * The JSON Lines reader (spec §9 "Metric files"): splits lines (LF, CRLF, a lone CR), validates each
 * record with the JsonFieldScanner and takes the keys a spec reads. A record lacking a key is kept
 * provisionally and decided at the end: a key no record has is a missing column, not a row problem.
 * Fed bytes through `reserve`/`commit` (see rowReader.ts); rules in README.md.
 */
import { MetricFileError } from './errors';
import { J_ARRAY, J_FALSE, J_MISSING, J_NUMBER, J_OBJECT, J_STRING, J_TRUE, JsonFieldScanner, jsonTypeName } from './json';
import { excerpt } from './timestamps';
import {
  IssueList, MAX_LINE_BYTES, NAIVE_BIT, R_DATASET, R_FILTER, R_GOOD, R_GOODCOUNT, R_SAMPLES, R_TOTAL, R_VALUE, READ_CHUNK,
  ROLE_BITS, ROLE_COUNT, RowReader, isBlank, mergeIssues, text, type Plan,
} from './rowReader';
import type { MetricSourceSpec, ReadMetricOptions } from './types';

/** One range's records as `decide` needs them (see JsonlMetricReader.endLines). */
export interface JsonlUndecided {
  /** Per name the reader looks for (the timestamp, each role's key, the segment's): some record had it. */
  seen: Uint8Array;
  objects: number;
  /** Provisional rows (a key missing): store row, line, the missing roles' bits (| NAIVE_BIT). */
  rows: Int32Array;
  lines: Uint32Array;
  masks: Uint8Array;
}

export class JsonlMetricReader extends RowReader {
  readonly format = 'jsonl';
  private readonly scanner: JsonFieldScanner;
  /** Index in the scanner's names: of the timestamp, and per role (-1: not read). */
  private readonly tsK: number;
  private readonly roleK: Int32Array = new Int32Array(ROLE_COUNT).fill(-1);
  private readonly seen: Uint8Array;
  private objects = 0;
  private buf = new Uint8Array(READ_CHUNK + 65536);
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
  private segK = -1;

  constructor(path: string, spec: MetricSourceSpec, plan: Plan, options: ReadMetricOptions) {
    super(path, spec, plan, options);
    const names: string[] = [spec.timestamp];
    for (let r = 0; r < ROLE_COUNT; r++) {
      const n = plan.names[r];
      if (n === undefined) continue;
      let k = names.indexOf(n);
      if (k < 0) { k = names.length; names.push(n); }
      this.roleK[r] = k;
    }
    this.tsK = 0;
    // The segment key (spec §12): a record without it (or with null) is in `(none)`.
    if (spec.segment !== undefined) {
      let k = names.indexOf(spec.segment);
      if (k < 0) { k = names.length; names.push(spec.segment); }
      this.segK = k;
    }
    this.scanner = new JsonFieldScanner(names);
    this.seen = new Uint8Array(names.length);
  }

  reserve(n: number): Uint8Array {
    if (this.len + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
      next.set(this.buf.subarray(0, this.len));
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
    if (pos > 0) { buf.copyWithin(0, pos, n); this.len = n - pos; }
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
    if (st.segmentCodes) st.segmentCodes[r] = this.segmentOf(types, buf, line);
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

  /** A record's segment code: a string, a number or true/false as written; 0 (`(none)`) when absent or null. */
  /** After the last record: whether some record had the segment key. */
  private segmentSeen(): boolean {
    return this.segK < 0 || this.seen[this.segK] === 1;
  }

  private segmentOf(types: Uint8Array, buf: Uint8Array, line: number): number {
    const k = this.segK;
    if (k < 0) return 0;
    const t = types[k];
    // An array or an object names no segment: the row is counted in `(none)`, and a data issue says so.
    if (t === J_OBJECT || t === J_ARRAY) { if (this.segmentNonScalar.count++ === 0) this.segmentNonScalar.firstLine = line; return 0; }
    const sc = this.scanner;
    if (t === J_STRING) return sc.escaped[k] ? this.segments.codeOfText(sc.text(k)) : this.segments.code(buf, sc.starts[k], sc.ends[k]);
    if (t === J_NUMBER || t === J_TRUE || t === J_FALSE) return this.segments.code(buf, sc.starts[k], sc.ends[k]);
    return 0;
  }

  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }

  /** Physical lines so far (1 + line breaks): where the next record starts. */
  get lines(): number { return this.line; }

  /** A byte range that starts mid-file (a file read in parts): its first bytes are no BOM. */
  startMidFile(): void { this.bomChecked = true; }

  /**
   * The end of one byte range's lines (a file read in parts, io/sources/parallelRead.ts): what
   * `decide` needs from it — which keys its records had, how many objects, its provisional rows —
   * left undecided, since a key one range never saw may be in another's records.
   */
  endLines(): JsonlUndecided {
    this.splitLines(true);
    if (this.skipping) { this.skipping = false; this.skip(this.skipLine, `line longer than ${MAX_LINE_BYTES / 1048576} MiB`); }
    const n = this.defCount;
    return { seen: this.seen.slice(), objects: this.objects, rows: this.defRows.slice(0, n), lines: this.defLines.slice(0, n), masks: this.defMasks.slice(0, n) };
  }

  protected finish(): { missingColumns: string[] } {
    return this.decide(this.endLines());
  }

  /**
   * What needs every record: a key no record has is a missing column (the timestamp's refuses the
   * file), and a provisional row lacking a key other records have is dropped as a data issue.
   * `u` may combine several ranges' (rows as indexes of this reader's store, in file order).
   */
  decide(u: JsonlUndecided): { missingColumns: string[] } {
    this.objects = u.objects;
    this.seen.set(u.seen);
    this.defRows = Int32Array.from(u.rows);
    this.defLines = Uint32Array.from(u.lines);
    this.defMasks = Uint8Array.from(u.masks);
    this.defCount = u.rows.length;
    const names = this.plan.names;
    if (this.objects > 0 && !this.seen[this.tsK]) {
      throw new MetricFileError('columns', `no record has the timestamp key \`${this.spec.timestamp}\``, this.path);
    }
    if (this.objects > 0 && !this.segmentSeen()) this.segmentColumnMissing = true;
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
