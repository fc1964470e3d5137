/**
 * A byte-level streaming CSV scanner (RFC 4180): quoted fields, doubled quotes, quoted newlines
 * (which advance the physical line count), CRLF / LF / CR / mixed line endings, a one-character
 * delimiter, a UTF-8 BOM ignored, blank lines skipped silently (but counted). Chunks may split a
 * record anywhere; a record is handed over whole, its fields as byte ranges of `buf` (no strings,
 * no objects per row). Problems are reported with the physical line where the record starts:
 * an unterminated quote at the end of the file, a character after a closing quote, and (with a
 * header) a record whose field count differs from the header's. A header that cannot be read
 * (over 16 MiB, malformed) is reported through `onHeaderIssue` and ends the scan: the next row
 * must not become the header.
 */
import { utf8Bytes, utf8Text } from './utf8';

const LF = 10, CR = 13, QUOTE = 34;
const S_START = 0, S_UNQUOTED = 1, S_QUOTED = 2, S_QUOTE_IN_QUOTED = 3;
const F_QUOTED = 1, F_ESCAPED = 2;
const UNTERMINATED = 'unterminated quoted field: the quote is never closed, so the rest of the file belongs to this record';
/** A record longer than this is skipped (and reported) instead of being buffered. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export interface CsvHandlers {
  /** The first non-blank record when `header` is on (the default). */
  onHeader?: (fields: string[], line: number) => void;
  /** A complete record: fields `i < scanner.count` are `scanner.buf[scanner.starts[i] .. scanner.ends[i])`. */
  onRecord: (scanner: CsvScanner, line: number) => void;
  /** A record that was skipped, at the physical line where it starts. */
  onIssue: (line: number, problem: string) => void;
  /**
   * With `header`: the record that would be the header cannot be read (longer than 16 MiB,
   * malformed, an unterminated quote). Reported as soon as it is known — an oversized header before
   * the rest of it is scanned — and then the scanner ignores the rest of the input: without its
   * header no later record can be read (taking the next row as the header would turn data into
   * column names). Default: `onIssue`.
   */
  onHeaderIssue?: (line: number, problem: string) => void;
}

export interface CsvOptions {
  /** One ASCII character (default `,`). */
  delimiter?: string;
  /** Treat the first non-blank record as a header and check field counts against it (default true). */
  header?: boolean;
  /** Initial buffer size (default 64 KiB; it grows to hold a chunk plus an unfinished record). */
  bufferSize?: number;
}

/** The delimiter byte for a delimiter option; throws an Error with a message for a bad one. */
export function delimiterByte(delimiter: string | undefined): number {
  if (delimiter === undefined || delimiter === '') return 44;
  if (delimiter === 'tab' || delimiter === '\\t') return 9;
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) throw new Error(`the delimiter must be one ASCII character, not \`${delimiter}\``);
  const c = delimiter.charCodeAt(0);
  if (c === QUOTE || c === CR || c === LF) throw new Error(`\`${JSON.stringify(delimiter)}\` cannot be a delimiter`);
  return c;
}

export class CsvScanner {
  /** Bytes of the current record (fields are ranges of it, doubled quotes already undone). */
  buf: Uint8Array = new Uint8Array(1 << 16);
  starts: Int32Array = new Int32Array(16);
  ends: Int32Array = new Int32Array(16);
  flags: Uint8Array = new Uint8Array(16);
  /** Number of fields of the current record. */
  count = 0;
  /** Field count of the header (-1 before it, or without header mode). */
  headerCount = -1;
  /** Physical lines seen so far (complete lines, plus the last one if it has content). */
  get lines(): number { return this.line; }
  /**
   * Between records: every byte committed so far belongs to a record that ended with a line break
   * outside quotes. A file split into byte ranges after a line feed was split between records only
   * if the scanner of the range before is here at its end (else the feed was inside a quoted field).
   */
  get betweenRecords(): boolean { return this.state === S_START && this.count === 0 && this.rec === this.len && !this.overflow && !this.headerFailed; }

  private readonly delim: number;
  private readonly headerMode: boolean;
  private readonly handlers: CsvHandlers;
  private len = 0;
  private pos = 0;
  private rec = 0;
  private state = S_START;
  private fstart = 0;
  private fflags = 0;
  private line = 1;
  private recLine = 1;
  private skipLF = false;
  private error: string | undefined = undefined;
  private overflow = false;
  private prevByte = 0;
  private bomPending = true;
  private ended = false;
  /** The header could not be read: everything after it is ignored. */
  private headerFailed = false;

  constructor(handlers: CsvHandlers, options: CsvOptions = {}) {
    if (options.bufferSize !== undefined) this.buf = new Uint8Array(options.bufferSize);
    this.handlers = handlers;
    this.delim = delimiterByte(options.delimiter);
    this.headerMode = options.header ?? true;
  }

  /** Feeds bytes (copied). */
  write(chunk: Uint8Array): void {
    this.reserve(chunk.length).set(chunk);
    this.commit(chunk.length);
  }

  /**
   * Room for at least `n` more bytes, to read into directly (no copy): fill a prefix of the
   * returned view, then `commit` how many bytes were written.
   */
  reserve(n: number): Uint8Array {
    if (this.ended) throw new Error('CsvScanner: write after end');
    this.compact(n);
    return this.buf.subarray(this.len);
  }

  /** Scans the `n` bytes just written into the view `reserve` returned. */
  commit(n: number): void {
    this.len += n;
    if (this.bomPending) {
      if (this.len < 3) return;
      this.skipBom();
    }
    this.scan();
  }

  /** The end of the input: the last record without a line break, an unterminated quote. */
  end(): void {
    if (this.ended) return;
    if (this.bomPending) this.skipBom();
    this.scan();
    this.ended = true;
    if (this.headerFailed) { this.rec = this.pos = this.len; return; }
    const st = this.state;
    if (st === S_QUOTED) {
      if (this.headerMode && this.headerCount < 0) this.headerIssue(this.recLine, UNTERMINATED);
      else this.issue(this.recLine, UNTERMINATED);
    } else if (st === S_QUOTE_IN_QUOTED) {
      this.endField(this.fstart, this.len - 1);
      this.endRecord();
    } else if (st === S_UNQUOTED) {
      this.endField(this.fstart, this.len);
      this.endRecord();
    } else if (this.count > 0) { // `a,b,` then EOF: an empty last field
      this.endField(this.len, this.len);
      this.endRecord();
    }
    this.rec = this.pos = this.len;
  }

  /** Field i of the current record as text (UTF-8). */
  field(i: number): string {
    return utf8Text(this.buf, this.starts[i], this.ends[i]);
  }

  /** All fields of the current record as text. */
  fields(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.field(i));
    return out;
  }

  /** Whether field i was quoted in the file. */
  isQuoted(i: number): boolean {
    return (this.flags[i] & F_QUOTED) !== 0;
  }

  private skipBom(): void {
    this.bomPending = false;
    const b = this.buf;
    if (this.len - this.pos >= 3 && b[this.pos] === 0xef && b[this.pos + 1] === 0xbb && b[this.pos + 2] === 0xbf) {
      this.pos += 3;
      this.rec = this.pos;
      this.fstart = this.pos;
    }
  }

  /** Drops consumed bytes and makes room for `more`. */
  private compact(more: number): void {
    const rec = this.rec;
    if (rec > 0) {
      const shift = rec;
      this.prevByte = this.buf[rec - 1];
      if (rec < this.len) this.buf.copyWithin(0, rec, this.len);
      this.len -= shift;
      this.pos -= shift;
      this.fstart -= shift;
      this.rec = 0;
      for (let k = 0; k < this.count; k++) { this.starts[k] -= shift; this.ends[k] -= shift; }
    }
    if (this.len + more > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + more) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
  }

  private scan(): void {
    if (this.headerFailed) { this.rec = this.pos = this.len; return; }
    const buf = this.buf, n = this.len, D = this.delim;
    let i = this.pos;
    let state = this.state;
    while (i < n) {
      if (state === S_START) {
        if (this.headerFailed) break; // the header just failed: nothing after it is read
        const c = buf[i];
        if (this.skipLF) {
          this.skipLF = false;
          if (c === LF) { i++; this.rec = i; continue; }
        }
        if (c === QUOTE) {
          state = S_QUOTED;
          this.fflags = F_QUOTED;
          i++;
          this.fstart = i;
          continue;
        }
        this.fstart = i;
        this.fflags = 0;
        state = S_UNQUOTED;
      }
      if (state === S_UNQUOTED) {
        let c = 0;
        while (i < n) {
          c = buf[i];
          if (c === D || c === LF || c === CR) break;
          i++;
        }
        if (i === n) break;
        this.endField(this.fstart, i);
        i++;
        state = S_START;
        if (c !== D) this.newline(c, i);
        continue;
      }
      if (state === S_QUOTED) {
        while (i < n) {
          const c = buf[i];
          if (c === QUOTE) break;
          if (c === LF) {
            if ((i > 0 ? buf[i - 1] : this.prevByte) !== CR) this.line++;
          } else if (c === CR) this.line++;
          i++;
        }
        if (i === n) break;
        i++;
        state = S_QUOTE_IN_QUOTED;
        continue;
      }
      // S_QUOTE_IN_QUOTED: the quote before i closes the field, or starts a doubled quote.
      const c = buf[i];
      if (c === QUOTE) { this.fflags |= F_ESCAPED; state = S_QUOTED; i++; continue; }
      if (c === D || c === LF || c === CR) {
        this.endField(this.fstart, i - 1);
        i++;
        state = S_START;
        if (c !== D) this.newline(c, i);
        continue;
      }
      if (this.error === undefined) this.error = 'unexpected character after a closing quote (a quote inside a quoted field must be doubled)';
      state = S_UNQUOTED;
    }
    this.pos = i;
    this.state = state;
    if (this.headerFailed) { this.rec = this.pos = this.len; return; }
    if (!this.overflow && this.len - this.rec > MAX_RECORD_BYTES) {
      if (this.headerMode && this.headerCount < 0) {
        // Not worth scanning to its end: no column can be found without the header.
        this.count = 0;
        this.headerIssue(this.recLine, `the header line is longer than ${MAX_RECORD_BYTES / 1048576} MiB`);
        this.rec = this.pos = this.len;
        return;
      }
      this.overflow = true;
      this.count = 0;
      if (this.error === undefined) this.error = `record longer than ${MAX_RECORD_BYTES / 1048576} MiB`;
    }
    if (this.overflow) {
      // Keep nothing of an oversized record; the state machine still finds its end.
      this.rec = this.len;
    }
  }

  /** A line break ended the record; `next` is the index after the break character. */
  private newline(c: number, next: number): void {
    this.endRecord();
    this.line++;
    if (c === CR) this.skipLF = true;
    this.rec = next;
    this.recLine = this.line;
  }

  private endField(s: number, e: number): void {
    if (this.overflow) return;
    let k = this.count;
    if (k === this.starts.length) {
      const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      const f = new Uint8Array(this.flags.length * 2); f.set(this.flags); this.flags = f;
    }
    const fl = this.fflags;
    if (fl & F_ESCAPED) e = unescapeInPlace(this.buf, s, e);
    this.starts[k] = s;
    this.ends[k] = e;
    this.flags[k] = fl;
    this.count = ++k;
  }

  private endRecord(): void {
    const line = this.recLine;
    const error = this.error;
    const overflow = this.overflow;
    this.error = undefined;
    this.overflow = false;
    const n = this.count;
    if (error !== undefined || overflow) {
      this.count = 0;
      if (this.headerMode && this.headerCount < 0) this.headerIssue(line, error ?? 'malformed record');
      else this.issue(line, error ?? 'malformed record');
      return;
    }
    if (n === 1 && this.flags[0] === 0 && isBlank(this.buf, this.starts[0], this.ends[0])) {
      this.count = 0;
      return; // blank line: skipped silently
    }
    if (this.headerMode) {
      if (this.headerCount < 0) {
        this.headerCount = n;
        const fields = this.fields();
        this.count = 0;
        this.handlers.onHeader?.(fields, line);
        return;
      }
      if (n !== this.headerCount) {
        this.count = 0;
        this.issue(line, `${n} field${n === 1 ? '' : 's'}, expected ${this.headerCount} as in the header`);
        return;
      }
    }
    this.handlers.onRecord(this, line);
    this.count = 0;
  }

  private issue(line: number, problem: string): void {
    this.handlers.onIssue(line, problem);
  }

  /** The header cannot be read: report it once, then ignore the rest of the input. */
  private headerIssue(line: number, problem: string): void {
    this.headerFailed = true;
    const text = problem.startsWith('the header') ? problem : `the header row (line ${line}) cannot be read: ${problem}`;
    (this.handlers.onHeaderIssue ?? this.handlers.onIssue)(line, text);
  }
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}

/** `a""b` → `a"b` within buf[s, e); returns the new end. */
function unescapeInPlace(buf: Uint8Array, s: number, e: number): number {
  let j = s;
  for (let k = s; k < e; k++) {
    const c = buf[k];
    buf[j++] = c;
    if (c === QUOTE) k++;
  }
  return j;
}

/** Every record of a CSV text as strings (tests, small files): `{ header, rows: [{ line, fields }], issues }`. */
export function parseCsvText(text: string | Uint8Array, options: CsvOptions = {}, chunkSize = 1 << 20): {
  header: string[] | undefined;
  rows: { line: number; fields: string[] }[];
  issues: { line: number; problem: string }[];
} {
  const bytes = typeof text === 'string' ? utf8Bytes(text) : text;
  let header: string[] | undefined;
  const rows: { line: number; fields: string[] }[] = [];
  const issues: { line: number; problem: string }[] = [];
  const scanner = new CsvScanner({
    onHeader: (fields) => { header = fields; },
    onRecord: (s, line) => { rows.push({ line, fields: s.fields() }); },
    onIssue: (line, problem) => { issues.push({ line, problem }); },
  }, options);
  for (let i = 0; i < bytes.length; i += chunkSize) scanner.write(bytes.subarray(i, Math.min(bytes.length, i + chunkSize)));
  scanner.end();
  return { header, rows, issues };
}
