/**
 * A large metric file (CSV or JSON Lines) read on every core: the file is cut into byte ranges right after a line
 * feed, each range is read by a worker thread (metricWorker.ts) with the same reader a whole-file
 * read uses, and the ranges' end states are combined into the MetricData a single read would give —
 * the same rows in file order, physical lines, issues, extremes, segment codes.
 *
 * A cut is only right if it falls between records: a line feed inside a quoted field is not one.
 * The reader of the range before a cut knows, at its end, whether it is between records; if any is
 * not, the parts are dropped and the caller reads the file from the start in one piece. A header
 * that does not end in a line feed (CR-only line ends), a blank first line, or too few rows per
 * megabyte also fall back to the single read.
 *
 * Memory: every column is one SharedArrayBuffer sized from the first megabyte's rows per byte (25%
 * slack; untouched pages are address space, not memory); each range writes into its own slot and the
 * slots are moved together at the end, in place. A range that outgrows its slot keeps its rows in
 * arrays of its own, and the columns are then copied once into arrays of the final size.
 */
import { existsSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { delimiterByte } from '../../engine/metrics/csv';
import type { CsvMetricReader } from '../../engine/metrics/csvRows';
import { MetricFileError, type MetricFileErrorReason } from '../../engine/metrics/errors';
import { detectFormat } from '../../engine/metrics/format';
import {
  IssueList, assemble, mergeIssues, readStateOf, R_DATASET, R_GOOD, R_GOODCOUNT, R_SAMPLES, R_TOTAL, R_VALUE, type ReadState,
} from '../../engine/metrics/rowReader';
import type { JsonlMetricReader, JsonlUndecided } from '../../engine/metrics/jsonlRows';
import { createRowReader } from '../../engine/metrics/rowReaders';
import type { SlotColumns } from '../../engine/metrics/rowStore';
import { SEGMENT_OVERFLOW, SegmentInterner } from '../../engine/metrics/segmentCodes';
import type { DataIssue, MetricData, MetricSourceSpec, ReadMetricOptions } from '../../engine/metrics/types';
import type { AggregateState } from '../../engine/stream/aggregate';
import type { StreamPlan } from '../../engine/stream/plan';
import { assembleStreamed } from '../../engine/stream/streamedRead';

export interface ParallelReadConfig {
  /** The worker bundle (dist/metricWorker.js); undefined: every file is read in one piece. */
  script: string | undefined;
  /** Files smaller than this are read in one piece (starting a worker costs ~30 ms). */
  minBytes: number;
  /** At most this many ranges (default: the cores, at most 4). */
  workers: number;
}

const bundled = typeof __dirname === 'string' ? join(__dirname, 'metricWorker.js') : undefined;
const config: ParallelReadConfig = {
  script: bundled !== undefined && existsSync(bundled) ? bundled : undefined,
  minBytes: 32 * 1024 * 1024,
  workers: workersFromEnvironment(process.env.MODEL_SLA_READ_WORKERS) ?? Math.min(4, availableParallelism()),
};

/** `MODEL_SLA_READ_WORKERS=1` reads every file in one piece; `=N` at most N ranges (for CI machines shared with other jobs). */
function workersFromEnvironment(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 16) : undefined;
}

/**
 * How many files were read in parts; how many fell back to one piece after trying (a cut inside a
 * quoted field); how many because a worker could not run (its script missing or broken, no memory
 * for a thread) — the single read then gives the same rows.
 */
export const parallelReadCounts = { parts: 0, fallbacks: 0, workerFailures: 0, lastWorkerFailure: '', allocationFailures: 0, lastSlotRows: 0, maxWorkersAtOnce: 0 };

/**
 * One file is read in parts at a time: its workers already use every core, and a workspace of many
 * large files (the Model SLA view reads them all) would otherwise start a thread per range per file
 * at once. The others wait their turn (abortable while they wait).
 */
let turn: Promise<unknown> = Promise.resolve();
let workersNow = 0;

/** A worker that could not run or died: not the file's fault. */
class WorkerFailure extends Error {}

/** How many ranges a large file is read in (1 when workers cannot run). */
export function readWorkers(): number {
  return config.script ? config.workers : 1;
}

/** Changes how files are read in parts (tests: a small `minBytes`, the built worker). */
export function configureParallelRead(changes: Partial<ParallelReadConfig>): ParallelReadConfig {
  const before = { ...config };
  Object.assign(config, changes);
  return before;
}

/** What a worker is asked: one range of the file, and where its rows go. */
export interface PartRequest {
  path: string;
  spec: MetricSourceSpec;
  options: Pick<ReadMetricOptions, 'timezone' | 'maxIssues' | 'valuesAreDurations' | 'origins'>;
  /** Byte range [start, end); `start` is 0 or right after a line feed. */
  start: number;
  end: number;
  /** The header's bytes are [0, headerEnd): read first by every range but the first. */
  headerEnd: number;
  buffers: { [K in keyof SlotColumns]?: SharedArrayBuffer };
  /** A streamed read (engine/stream): rows go to an aggregator of this plan, not to the slot. */
  stream?: StreamPlan;
  /** The range's slot: rows [base, base + cap) of every column. */
  base: number;
  cap: number;
}

/** A range's end state (rowReader.ts ReadState, as plain data). */
export interface PartResult {
  rows: number;
  /** The columns, when the range outgrew its slot (else they are in the slot). */
  own: SlotColumns | undefined;
  /** The scanner's line number where the range's own bytes began (after the header), and at its end. */
  linesAfterHeader: number;
  linesAtEnd: number;
  betweenRecords: boolean;
  bytesRead: number;
  /** A streamed read: the range's aggregates. */
  aggregate?: AggregateState;
  /** JSON Lines: what is decided over every range's records (JsonlMetricReader.decide). */
  undecided?: JsonlUndecided;
  segmentNonScalar: { count: number; firstLine: number };
  /** Which of the columns the spec names the reader kept (a name the header lacks is dropped). */
  columns: { values: boolean; good: boolean; totals: boolean; goodCounts: boolean; samples: boolean; datasets: boolean };
  /** The range's rows: in time order, extremes, first and last timestamp (NaN without rows). */
  order: { sorted: boolean; min: number; max: number; first: number; last: number };
  datasets: string[] | undefined;
  valueTexts: Map<number, string> | undefined;
  issues: { list: DataIssue[]; count: number };
  naiveCount: number;
  naiveFirst: number;
  filtered: number;
  segmentNames: string[];
  segmentOverflow: boolean;
  segmentColumnMissing: boolean;
  minT: number;
  minLine: number;
  maxT: number;
  maxLine: number;
  missingColumns: string[];
  header: string[] | undefined;
}

export type PartMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'done'; result: PartResult }
  | { type: 'error'; error: { name: string; message: string; reason?: MetricFileErrorReason; column?: string } };

const PROBE_BYTES = 1 << 20;
const SPLIT_SEARCH = 1 << 16;
const LF = 10, CR = 13, QUOTE = 34;

/**
 * Reads `path` (open as `fh`, `size` bytes, at most 2 GiB) in parts when it is large enough and
 * cut-able; undefined when the caller should read it in one piece. `binaryCheck` throws for a
 * binary first 64 KiB (the single read's check, on the same bytes).
 */
export function readInParts(path: string, spec: MetricSourceSpec, options: ReadMetricOptions, fh: FileHandle, size: number,
  binaryCheck: (bytes: Uint8Array) => void): Promise<MetricData | undefined> {
  if (!config.script || config.workers < 2 || size < config.minBytes) return Promise.resolve(undefined);
  const mine = turn.then(() => {
    options.signal?.throwIfAborted();
    return readInPartsNow(path, spec, options, fh, size, binaryCheck);
  });
  turn = mine.catch(() => undefined);
  return mine;
}

async function readInPartsNow(path: string, spec: MetricSourceSpec, options: ReadMetricOptions, fh: FileHandle, size: number,
  binaryCheck: (bytes: Uint8Array) => void): Promise<MetricData | undefined> {
  const { format, tab } = detectFormat(path, spec);
  const probe = new Uint8Array(Math.min(size, PROBE_BYTES));
  const got = (await fh.read(probe, 0, probe.length, 0)).bytesRead;
  binaryCheck(probe.subarray(0, got));
  const reader = createRowReader(path, spec, options);
  let headerEnd = 0;
  if (format === 'csv') {
    headerEnd = csvHeaderEnd(probe.subarray(0, got), delimiterByte(spec.delimiter ?? (tab ? '\t' : ',')));
    if (headerEnd < 0) return undefined;
    // The header as a whole-file read finds it (a missing timestamp column throws here, as there).
    const csv = reader as CsvMetricReader;
    csv.reserve(headerEnd).set(probe.subarray(0, headerEnd));
    csv.commit(headerEnd);
    if (!csv.hasHeader || !csv.betweenRecords || csv.store.rows !== 0 || csv.issues.count !== 0) return undefined;
  }

  // Rows per byte from the line feeds that end a non-empty line (blank lines are no rows; counting
  // them sized a file that starts with a megabyte of blank lines at one row per byte).
  let records = 0;
  for (let i = headerEnd, lineStart = headerEnd; i < got; i++) {
    if (probe[i] !== LF) continue;
    if ((probe[i - 1] === CR ? i - 1 : i) > lineStart) records++;
    lineStart = i + 1;
  }
  if (records < 16) return undefined;
  // A record is at least two bytes (`x` and its line feed): no slot needs more rows than that.
  const rowsPerByte = Math.min(records / (got - headerEnd), 0.5);

  const cuts = await cutPoints(fh, headerEnd, size, config.workers);
  if (cuts.length < 3) return undefined;
  const ranges = cuts.slice(0, -1).map((start, k) => ({ start, end: cuts[k + 1] }));
  const caps = ranges.map((r) => Math.ceil((r.end - r.start) * rowsPerByte * 1.25) + 4096);
  const bases = caps.map((_, k) => caps.slice(0, k).reduce((a, b) => a + b, 0));
  const total = bases[bases.length - 1] + caps[caps.length - 1];
  const st = reader.store;
  parallelReadCounts.lastSlotRows = total;
  let buffers: PartRequest['buffers'];
  try {
    // A streamed read (engine/stream) keeps no rows: no slots.
    buffers = options.stream ? {} : slotBuffers(st, total);
  } catch (err) {
    // No address space for the slots (a ulimit, a 32-bit host): the single read grows as rows come.
    if (!(err instanceof RangeError)) throw err;
    parallelReadCounts.allocationFailures++;
    return undefined;
  }

  const workerOptions: PartRequest['options'] = {
    ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
    ...(options.maxIssues !== undefined ? { maxIssues: options.maxIssues } : {}),
    ...(options.valuesAreDurations !== undefined ? { valuesAreDurations: options.valuesAreDurations } : {}),
    ...(options.origins !== undefined ? { origins: options.origins } : {}),
  };
  const requests: PartRequest[] = ranges.map((r, k) => ({
    path, spec, options: workerOptions, start: k === 0 ? 0 : r.start, end: r.end, headerEnd, buffers, base: bases[k], cap: caps[k],
    ...(options.stream ? { stream: options.stream } : {}),
  }));
  let results: PartResult[];
  try {
    results = await runWorkers(path, requests, size, options);
  } catch (err) {
    if (!(err instanceof WorkerFailure)) throw err;
    parallelReadCounts.workerFailures++;
    parallelReadCounts.lastWorkerFailure = err.message;
    return undefined;
  }
  // A cut inside a quoted field: the range before it did not end between records.
  for (let k = 0; k < results.length - 1; k++) if (!results[k].betweenRecords) { parallelReadCounts.fallbacks++; return undefined; }
  // A range that met more than MAX_SEGMENT_NAMES names coded the later ones as overflow, some of which
  // the whole file had met early enough to keep: only a single read codes those rows right.
  if (results.some((r) => r.segmentOverflow)) { parallelReadCounts.fallbacks++; return undefined; }
  parallelReadCounts.parts++;
  return combine(reader as CsvMetricReader | JsonlMetricReader, results, requests, buffers, size, options.stream);
}

/** One SharedArrayBuffer per column the store keeps, `rows` rows each. */
function slotBuffers(st: CsvMetricReader['store'], rows: number): PartRequest['buffers'] {
  const buffers: PartRequest['buffers'] = { timestamps: new SharedArrayBuffer(rows * 8) };
  if (st.values) buffers.values = new SharedArrayBuffer(rows * 8);
  if (st.good) buffers.good = new SharedArrayBuffer(rows);
  if (st.totals) buffers.totals = new SharedArrayBuffer(rows * 8);
  if (st.goodCounts) buffers.goodCounts = new SharedArrayBuffer(rows * 8);
  if (st.samples) buffers.samples = new SharedArrayBuffer(rows * 8);
  if (st.segmentCodes) buffers.segmentCodes = new SharedArrayBuffer(rows * 2);
  if (st.lines) buffers.lines = new SharedArrayBuffer(rows * 4);
  return buffers;
}

/**
 * The end of the header record: the index after its line feed (after CR LF), following the
 * scanner's quoting rules (a quote opens a quoted field only at a field's start); -1 when the
 * first record does not end with a line feed within `bytes`.
 */
export function csvHeaderEnd(bytes: Uint8Array, delimiter: number): number {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let atFieldStart = true, quoted = false;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (quoted) {
      if (c === QUOTE) {
        if (bytes[i + 1] === QUOTE) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === LF) return i + 1;
    if (c === CR) return bytes[i + 1] === LF ? i + 2 : -1;
    if (c === delimiter) { atFieldStart = true; continue; }
    if (c === QUOTE && atFieldStart) quoted = true;
    atFieldStart = false;
  }
  return -1;
}

/** [headerEnd, cut1, …, size]: each cut right after the first line feed at or past an even share. */
async function cutPoints(fh: FileHandle, headerEnd: number, size: number, parts: number): Promise<number[]> {
  const cuts = [headerEnd];
  const window = new Uint8Array(SPLIT_SEARCH);
  for (let k = 1; k < parts; k++) {
    const target = headerEnd + Math.floor(((size - headerEnd) * k) / parts);
    if (target <= cuts[cuts.length - 1]) continue;
    const n = (await fh.read(window, 0, SPLIT_SEARCH, target)).bytesRead;
    const at = window.subarray(0, n).indexOf(LF);
    if (at < 0) continue;
    const cut = target + at + 1;
    if (cut < size) cuts.push(cut);
  }
  cuts.push(size);
  return cuts;
}

function runWorkers(path: string, requests: PartRequest[], size: number, options: ReadMetricOptions): Promise<PartResult[]> {
  return new Promise((resolve, reject) => {
    const results: PartResult[] = new Array(requests.length);
    const workers: Worker[] = [];
    let pending = requests.length, done = 0, settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      // Settled once every worker has exited: the next file's turn starts with the threads gone.
      void Promise.all(workers.map((w) => w.terminate().catch(() => undefined))).then(() => { if (err !== undefined) reject(err); else resolve(results); });
    };
    const onAbort = (): void => finish(options.signal!.reason ?? new Error('aborted'));
    if (options.signal?.aborted) { onAbort(); return; }
    options.signal?.addEventListener('abort', onAbort);
    requests.forEach((req, k) => {
      let worker: Worker;
      try { worker = new Worker(config.script!, { workerData: req }); } catch (err) { finish(new WorkerFailure(String(err))); return; }
      workers.push(worker);
      parallelReadCounts.maxWorkersAtOnce = Math.max(parallelReadCounts.maxWorkersAtOnce, ++workersNow);
      worker.once('exit', () => { workersNow--; });
      worker.on('message', (m: PartMessage) => {
        if (m.type === 'progress') { done += m.bytes; options.onProgress?.(done, size); return; }
        if (m.type === 'error') {
          const e = m.error;
          finish(e.reason ? new MetricFileError(e.reason, e.message, path, e.column) : new WorkerFailure(`${e.name}: ${e.message}`));
          return;
        }
        results[k] = m.result;
        if (--pending === 0) finish();
      });
      worker.on('error', (err) => finish(new WorkerFailure(err instanceof Error ? err.message : String(err))));
      worker.on('exit', (code) => { if (!settled && results[k] === undefined) finish(new WorkerFailure(`metric worker exited with code ${code}`)); });
    });
  });
}

/** The parts' end states as the one a whole-file read would have, assembled into MetricData. */
function combine(reader: CsvMetricReader | JsonlMetricReader, parts: PartResult[], requests: PartRequest[], buffers: PartRequest['buffers'], bytes: number,
  streamed: StreamPlan | undefined): MetricData {
  // Line offsets: a range's scanner counted from the header's end; the true line is where the
  // range before ended.
  const offsets: number[] = [0];
  for (let k = 1; k < parts.length; k++) offsets.push(parts[k - 1].linesAtEnd + offsets[k - 1] - parts[k].linesAfterHeader);
  const rows = parts.reduce((a, p) => a + p.rows, 0);
  const dest: number[] = [];
  parts.reduce((at, p) => { dest.push(at); return at + p.rows; }, 0);

  const st = reader.store;
  const has = parts[0].columns;
  const interner = new SegmentInterner();
  if (!streamed) moveColumns(reader, parts, requests, buffers, rows, dest, offsets, interner);
  else {
    // The ranges' readers dropped the columns their header lacks; this one read only the header.
    const kept = [has.values, has.good, has.totals, has.goodCounts, has.samples, has.datasets];
    reader.dropColumns((role) => [R_VALUE, R_GOOD, R_TOTAL, R_GOODCOUNT, R_SAMPLES, R_DATASET].includes(role) && !kept[role]);
  }

  const issues = new IssueList(reader.issues.max);
  let naiveCount = 0, naiveFirst = 0, filtered = 0;
  let minT = Infinity, minLine = 0, maxT = -Infinity, maxLine = 0;
  parts.forEach((p, k) => {
    const off = offsets[k];
    const late = new IssueList(issues.max);
    late.list.push(...p.issues.list.map((x) => ({ ...x, line: x.line + off })));
    late.count = p.issues.count;
    mergeIssues(issues, late);
    if (p.naiveCount > 0 && naiveCount === 0) naiveFirst = p.naiveFirst + off;
    naiveCount += p.naiveCount;
    filtered += p.filtered;
    // Strictly: on a tie the earlier range (the earlier line) keeps it, as a single read does.
    if (p.rows > 0 && p.minT < minT) { minT = p.minT; minLine = p.minLine + off; }
    if (p.rows > 0 && p.maxT > maxT) { maxT = p.maxT; maxLine = p.maxLine + off; }
  });
  const nonScalar = { count: 0, firstLine: 0 };
  parts.forEach((p, k) => {
    if (p.segmentNonScalar.count > 0 && nonScalar.count === 0) nonScalar.firstLine = p.segmentNonScalar.firstLine + offsets[k];
    nonScalar.count += p.segmentNonScalar.count;
  });
  const state: ReadState = {
    store: st, spec: reader.spec, plan: reader.plan, issues, naiveCount, naiveFirst, zone: reader.zone, filtered, format: reader.format,
    segments: { names: interner.names, overflow: interner.overflow || parts.some((p) => p.segmentOverflow) },
    segmentNonScalar: nonScalar, segmentColumnMissing: parts[0].segmentColumnMissing,
    minT, minLine, maxT, maxLine,
  };
  if (streamed) return assembleStreamed(state, rows, streamed, parts.map((p) => p.aggregate!), parts[0].missingColumns, parts[0].header, bytes);
  if (reader.format === 'jsonl') return decideJsonl(reader as JsonlMetricReader, state, parts, offsets, dest, bytes);
  // In time order: every range is, and each range's first row is not before the last row before it.
  let sorted = true, last = -Infinity;
  for (const p of parts) {
    if (p.rows === 0) continue;
    if (!p.order.sorted || p.order.first < last) sorted = false;
    last = p.order.last;
  }
  const order = { sorted, min: rows > 0 ? minT : NaN, max: rows > 0 ? maxT : NaN };
  return assemble(state, parts[0].missingColumns, parts[0].header, bytes, order);
}

/** The ranges' rows into the reader's store: the slots moved together (or the ranges' own arrays copied), lines and segment codes renumbered. */
function moveColumns(reader: CsvMetricReader | JsonlMetricReader, parts: PartResult[], requests: PartRequest[], buffers: PartRequest['buffers'],
  rows: number, dest: number[], offsets: number[], interner: SegmentInterner): void {
  const st = reader.store;
  const has = parts[0].columns;
  // Columns whose name the header lacks were dropped by each range's reader (RowReader.dropColumns);
  // this reader read only the header and still has them.
  const names = (Object.keys(buffers) as (keyof SlotColumns)[]).filter((name) => !(name in has) || has[name as keyof typeof has]);
  const whole = (name: keyof SlotColumns, sab: SharedArrayBuffer): NonNullable<SlotColumns[typeof name]> => {
    if (name === 'good') return new Uint8Array(sab);
    if (name === 'segmentCodes') return new Uint16Array(sab);
    if (name === 'lines') return new Uint32Array(sab);
    return new Float64Array(sab);
  };
  const columns = {} as Record<keyof SlotColumns, Float64Array | Uint8Array | Uint16Array | Uint32Array>;
  if (parts.every((p) => p.own === undefined)) {
    // Move the slots together, in place.
    for (const name of names) {
      const all = whole(name, buffers[name]!);
      parts.forEach((p, k) => { if (k > 0 && p.rows > 0) all.copyWithin(dest[k], requests[k].base, requests[k].base + p.rows); });
      columns[name] = all.subarray(0, rows);
    }
  } else {
    for (const name of names) {
      const all = whole(name, buffers[name]!);
      const out = new (all.constructor as new (n: number) => typeof all)(rows);
      parts.forEach((p, k) => out.set(p.own ? p.own[name]! : all.subarray(requests[k].base, requests[k].base + p.rows), dest[k]));
      columns[name] = out;
    }
  }
  if (columns.lines) {
    const lines = columns.lines;
    parts.forEach((p, k) => { const off = offsets[k]; if (off !== 0) for (let i = dest[k], e = dest[k] + p.rows; i < e; i++) lines[i] += off; });
  }
  // Segment codes: each range coded names in its own order of first appearance; in range order
  // that is the whole file's order, so the codes (and which names overflow) come out the same.
  if (columns.segmentCodes) {
    const codes = columns.segmentCodes;
    parts.forEach((p, k) => {
      const map = new Uint16Array(p.segmentNames.length);
      p.segmentNames.forEach((n, c) => { map[c] = c === 0 ? 0 : interner.codeOfText(n); });
      let identity = true;
      for (let c = 0; c < map.length; c++) if (map[c] !== c) { identity = false; break; }
      if (identity && !p.segmentOverflow) return;
      for (let i = dest[k], e = dest[k] + p.rows; i < e; i++) { const c = codes[i]; codes[i] = c === SEGMENT_OVERFLOW ? SEGMENT_OVERFLOW : map[c]; }
    });
  }
  st.rows = rows;
  st.cap = rows;
  st.timestamps = columns.timestamps as Float64Array;
  if (st.values) st.values = columns.values as Float64Array;
  if (st.good) st.good = columns.good as Uint8Array;
  if (st.totals) st.totals = columns.totals as Float64Array;
  if (st.goodCounts) st.goodCounts = columns.goodCounts as Float64Array;
  if (st.samples) st.samples = columns.samples as Float64Array;
  if (st.segmentCodes) st.segmentCodes = columns.segmentCodes as Uint16Array;
  if (st.lines) st.lines = columns.lines as Uint32Array;
  if (st.datasets) st.datasets = parts.flatMap((p) => p.datasets ?? []);
  const texts = new Map<number, string>();
  parts.forEach((p, k) => { if (p.valueTexts) for (const [r, t] of p.valueTexts) texts.set(r + dest[k], t); });
  st.valueTexts = texts.size > 0 ? texts : undefined;
  // The typed columns the header lacks are already out (`names` above); these two are not typed arrays.
  if (!has.values) st.valueTexts = undefined;
  if (!has.datasets) st.datasets = undefined;
}

/**
 * JSON Lines: which keys no record has, and the provisional rows lacking a key some record has, are
 * decided over every range's records at once — by the reader's own `decide`, on the combined state.
 */
function decideJsonl(reader: JsonlMetricReader, state: ReadState, parts: PartResult[], offsets: number[], dest: number[], bytes: number): MetricData {
  const all = parts.map((p) => p.undecided!);
  const seen = new Uint8Array(all[0].seen.length);
  for (const u of all) for (let k = 0; k < seen.length; k++) seen[k] |= u.seen[k];
  const n = all.reduce((a, u) => a + u.rows.length, 0);
  const merged = { seen, objects: all.reduce((a, u) => a + u.objects, 0), rows: new Int32Array(n), lines: new Uint32Array(n), masks: new Uint8Array(n) };
  let at = 0;
  all.forEach((u, k) => {
    for (let i = 0; i < u.rows.length; i++, at++) { merged.rows[at] = u.rows[i] + dest[k]; merged.lines[at] = u.lines[i] + offsets[k]; merged.masks[at] = u.masks[i]; }
  });
  // The reader takes the combined state, then decides as a single read's reader does at its end.
  mergeIssues(reader.issues, state.issues);
  reader.naiveCount = state.naiveCount;
  reader.naiveFirst = state.naiveFirst;
  reader.filtered = state.filtered;
  reader.minT = state.minT; reader.minLine = state.minLine; reader.maxT = state.maxT; reader.maxLine = state.maxLine;
  reader.segmentNonScalar.count = state.segmentNonScalar.count;
  reader.segmentNonScalar.firstLine = state.segmentNonScalar.firstLine;
  const { missingColumns } = reader.decide(merged);
  return assemble({ ...readStateOf(reader), segments: state.segments }, missingColumns, undefined, bytes);
}
