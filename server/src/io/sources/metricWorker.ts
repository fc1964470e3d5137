/**
 * Worker-thread entry (bundled as dist/metricWorker.js): reads one byte range of a CSV metric file
 * for parallelRead.ts. The range starts right after a line feed; a range other than the first is
 * preceded by the file's header bytes, so the reader finds its columns exactly as a whole-file read
 * does. Rows go into the range's slot of the shared columns (or arrays of its own past the slot);
 * the reader's end state goes back to be combined with the other ranges'.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { MetricFileError } from '../../engine/metrics/errors';
import { READ_CHUNK, readStateOf, timeOrder, type ReadState } from '../../engine/metrics/rowReader';
import type { JsonlMetricReader } from '../../engine/metrics/jsonlRows';
import { createRowReader } from '../../engine/metrics/rowReaders';
import type { CsvMetricReader } from '../../engine/metrics/csvRows';
import type { SlotColumns } from '../../engine/metrics/rowStore';
import { StreamAggregator, stateBuffers } from '../../engine/stream/aggregate';
import type { PartRequest, PartResult, PartMessage } from './parallelRead';

const PROGRESS_EVERY = 8 * READ_CHUNK;

async function readPart(req: PartRequest): Promise<PartResult> {
  const reader = createRowReader(req.path, req.spec, req.options) as CsvMetricReader | JsonlMetricReader;
  const jsonl = reader.format === 'jsonl';
  // JSON Lines have no header: a range after the first starts mid-file (its first bytes are no BOM).
  if (jsonl && req.start > 0) (reader as JsonlMetricReader).startMidFile();
  // A streamed read (engine/stream): rows go to the aggregator, no slot.
  const aggregator = req.stream ? new StreamAggregator(req.stream) : undefined;
  reader.sink = aggregator;
  const slot = aggregator ? undefined : slotViews(req);
  if (slot) reader.store.useSlot(slot, req.cap);
  const fh = await open(req.path, 'r');
  let linesAfterHeader = 1;
  let bytesRead = 0;
  try {
    const feed = async (from: number, to: number, progress: boolean): Promise<void> => {
      let sinceProgress = 0;
      for (let pos = from; pos < to;) {
        const want = Math.min(READ_CHUNK, to - pos);
        const chunk = reader.reserve(want);
        const n = (await fh.read(chunk, 0, want, pos)).bytesRead;
        if (n === 0) throw new MetricFileError('changed', 'the file became shorter while it was read', req.path);
        try { reader.commit(n); } catch (err) {
          if (err instanceof RangeError && !(err instanceof MetricFileError)) {
            throw new MetricFileError('too-large', `too many rows to hold in memory (${reader.store.rows} read when ${err.message})`, req.path);
          }
          throw err;
        }
        pos += n;
        if (progress) {
          bytesRead += n;
          sinceProgress += n;
          if (sinceProgress >= PROGRESS_EVERY) { post({ type: 'progress', bytes: sinceProgress }); sinceProgress = 0; }
        }
      }
      if (progress && sinceProgress > 0) post({ type: 'progress', bytes: sinceProgress });
    };
    if (req.start > 0 && req.headerEnd > 0) {
      await feed(0, req.headerEnd, false);
      linesAfterHeader = reader.lines;
    }
    await feed(req.start, req.end, true);
  } finally {
    await fh.close();
  }
  // A JSON line cannot hold a raw line feed: a cut after one is always between records.
  const betweenRecords = jsonl ? true : (reader as CsvMetricReader).betweenRecords;
  const linesAtEnd = reader.lines;
  if (aggregator) {
    const state = reader.endPart();
    const result = partResult(state, undefined, linesAfterHeader, linesAtEnd, betweenRecords, bytesRead);
    result.rows = reader.sinkRows;
    result.order = { sorted: true, min: state.minT, max: state.maxT, first: NaN, last: NaN };
    result.aggregate = aggregator.state();
    return result;
  }
  if (jsonl) {
    const undecided = (reader as JsonlMetricReader).endLines();
    return { ...partResult({ ...readStateOf(reader), missingColumns: [] }, slot, linesAfterHeader, linesAtEnd, betweenRecords, bytesRead), undecided };
  }
  const state = reader.endPart();
  return partResult(state, slot, linesAfterHeader, linesAtEnd, betweenRecords, bytesRead);
}

function slotViews(req: PartRequest): SlotColumns {
  const b = req.buffers, at = req.base, cap = req.cap;
  return {
    timestamps: new Float64Array(b.timestamps!, at * 8, cap),
    ...(b.values ? { values: new Float64Array(b.values, at * 8, cap) } : {}),
    ...(b.good ? { good: new Uint8Array(b.good, at, cap) } : {}),
    ...(b.totals ? { totals: new Float64Array(b.totals, at * 8, cap) } : {}),
    ...(b.goodCounts ? { goodCounts: new Float64Array(b.goodCounts, at * 8, cap) } : {}),
    ...(b.samples ? { samples: new Float64Array(b.samples, at * 8, cap) } : {}),
    ...(b.segmentCodes ? { segmentCodes: new Uint16Array(b.segmentCodes, at * 2, cap) } : {}),
    ...(b.lines ? { lines: new Uint32Array(b.lines, at * 4, cap) } : {}),
  };
}

function partResult(state: ReadState & { missingColumns: string[]; header?: string[] }, slot: SlotColumns | undefined, linesAfterHeader: number,
  linesAtEnd: number, betweenRecords: boolean, bytesRead: number): PartResult {
  const st = state.store, rows = st.rows;
  const inSlot = slot === undefined || st.timestamps === slot.timestamps;
  // Past its slot the store moved every column to arrays of its own: send those (moved, not copied).
  const own: SlotColumns | undefined = inSlot ? undefined : {
    timestamps: st.timestamps.slice(0, rows),
    ...(st.values ? { values: st.values.slice(0, rows) } : {}),
    ...(st.good ? { good: st.good.slice(0, rows) } : {}),
    ...(st.totals ? { totals: st.totals.slice(0, rows) } : {}),
    ...(st.goodCounts ? { goodCounts: st.goodCounts.slice(0, rows) } : {}),
    ...(st.samples ? { samples: st.samples.slice(0, rows) } : {}),
    ...(st.segmentCodes ? { segmentCodes: st.segmentCodes.slice(0, rows) } : {}),
    ...(st.lines ? { lines: st.lines.slice(0, rows) } : {}),
  };
  // The range's time order, computed here on this range's core rather than after on the whole file.
  const times = st.timestamps.subarray(0, rows);
  const order = { ...timeOrder(times), first: rows > 0 ? times[0] : NaN, last: rows > 0 ? times[rows - 1] : NaN };
  return {
    rows, own, linesAfterHeader, linesAtEnd, betweenRecords, bytesRead, order,
    columns: { values: !!st.values, good: !!st.good, totals: !!st.totals, goodCounts: !!st.goodCounts, samples: !!st.samples, datasets: !!st.datasets },
    datasets: st.datasets, valueTexts: st.valueTexts,
    issues: { list: state.issues.list, count: state.issues.count },
    naiveCount: state.naiveCount, naiveFirst: state.naiveFirst, filtered: state.filtered,
    segmentNames: state.segments.names, segmentOverflow: state.segments.overflow, segmentColumnMissing: state.segmentColumnMissing,
    minT: state.minT, minLine: state.minLine, maxT: state.maxT, maxLine: state.maxLine,
    missingColumns: state.missingColumns, header: state.header,
    segmentNonScalar: { ...state.segmentNonScalar },
  };
}

function post(message: PartMessage, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

readPart(workerData as PartRequest).then(
  (result) => {
    const transfer = result.own ? Object.values(result.own).map((a: ArrayBufferView) => a.buffer as ArrayBuffer) : [];
    if (result.aggregate) transfer.push(...stateBuffers(result.aggregate));
    post({ type: 'done', result }, transfer);
  },
  (err: unknown) => {
    const e = err as Error & { reason?: string; column?: string };
    post({ type: 'error', error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), ...(err instanceof MetricFileError ? { reason: err.reason, column: err.column } : {}) } });
  },
);
