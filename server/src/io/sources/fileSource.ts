/**
 * Metric files as a MetricSource (engine/sources/metricSource.ts): the file I/O the engine's readers
 * do not do. A file is streamed in 1 MiB chunks into the reader's own buffer (engine/metrics/
 * rowReaders.ts: CSV or JSON Lines, decoded by hand, no string or object per row); only regular
 * files, at most 2 GiB, no binary; a file that changes while it is read is read again once, then
 * refused. Containment in the workspace is checked before (io/workspacePaths.ts).
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { MetricFileError } from '../../engine/metrics/errors';
import { errnoText, nonRegularKind } from '../../engine/metrics/fileKind';
import { READ_CHUNK } from '../../engine/metrics/rowReader';
import { StreamAggregator } from '../../engine/stream/aggregate';
import type { StreamPlan } from '../../engine/stream/plan';
import { assembleStreamed } from '../../engine/stream/streamedRead';
import { createRowReader } from '../../engine/metrics/rowReaders';
import type { MetricData, MetricSourceSpec, ReadMetricOptions } from '../../engine/metrics/types';
import type { MetricReadRequest, MetricSource, SourceIdentity } from '../../engine/sources/metricSource';
import { readInParts, readWorkers } from './parallelRead';

const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
/** A streamed read holds aggregates, not rows: its limit is the time it takes, not memory. */
const MAX_STREAMED_BYTES = 256 * 1024 * 1024 * 1024;
const BINARY_PROBE = 64 * 1024;

/** How a file source reads, beyond its spec: what the SLA says about its metric (see ReadMetricOptions). */
export type FileReadOptions = Pick<ReadMetricOptions, 'timezone' | 'maxIssues' | 'valuesAreDurations'>;

/**
 * One metric file (its path already resolved and contained) read as `spec` says. The identity's
 * version is the file's size and mtime: a cache keyed by it reads a file again only when it changed.
 * A file has no time index: `range` is ignored and every row is returned (the engine clips).
 */
export class FileMetricSource implements MetricSource {
  constructor(readonly path: string, readonly spec: MetricSourceSpec, readonly options: FileReadOptions = {}) {}

  /** Rejects with the stat's error (an errno code) when the file cannot be looked at. */
  async identify(): Promise<SourceIdentity> {
    const st = await stat(this.path);
    const { timezone, valuesAreDurations, maxIssues } = this.options;
    return {
      key: JSON.stringify([this.path, this.spec, timezone ?? 'UTC', valuesAreDurations === true, ...(maxIssues !== undefined ? [maxIssues] : [])]),
      version: `${st.size}:${st.mtimeMs}`,
      label: this.spec.file,
      location: this.path,
    };
  }

  read(request: MetricReadRequest = {}): Promise<MetricData> {
    return readMetric(this.path, this.spec, {
      ...this.options,
      ...(request.stream ? { stream: request.stream } : {}),
      origins: request.origins === true,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
  }
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
  const reader = createRowReader(path, spec, options);
  let aggregator: StreamAggregator | undefined;

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
  let data: MetricData | undefined;
  try {
    const st = await fh.stat();
    const before = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
    if (st.isDirectory()) throw new MetricFileError('unreadable', 'is a directory, not a file', path);
    if (!st.isFile()) throw new MetricFileError('unreadable', `not a regular file (${nonRegularKind(st)})`, path);
    size = st.size;
    // A streamed read (engine/stream) keeps no rows, so it has no size limit; it pays off for large
    // files only (its aggregates cost 256 KiB per window).
    const plan = options.stream && reader.format === 'csv' && spec.value !== undefined && streams(size, options.stream) ? options.stream : undefined;
    options = { ...options, stream: plan };
    if (plan) reader.sink = aggregator = new StreamAggregator(plan);
    const maxBytes = plan ? MAX_STREAMED_BYTES : MAX_FILE_BYTES;
    if (size > maxBytes) throw new MetricFileError('too-large', `${(size / 2 ** 30).toFixed(1)} GiB, larger than the ${limitText(maxBytes)} limit`, path);
    // A large CSV file on every core (parallelRead.ts); undefined: read here in one piece.
    data = await readInParts(path, spec, options, fh, size, (bytes) => refuseBinary(bytes, path));
    if (data) bytesRead = size;
    else for (;;) {
      options.signal?.throwIfAborted();
      // Read straight into the reader's buffer, after what is left of the previous chunk.
      const chunk = reader.reserve(READ_CHUNK);
      let n: number;
      try { n = (await fh.read(chunk, 0, READ_CHUNK, null)).bytesRead; } catch (err) { throw openError(err, path); }
      if (n === 0) break;
      if (bytesRead < BINARY_PROBE) refuseBinary(chunk.subarray(0, Math.min(n, BINARY_PROBE - bytesRead)), path);
      bytesRead += n;
      if (bytesRead > (aggregator ? MAX_STREAMED_BYTES : MAX_FILE_BYTES)) throw new MetricFileError('too-large', `larger than the ${limitText(maxBytes)} limit`, path);
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
  if (data) return data;
  if (!aggregator) return reader.end(bytesRead);
  const end = reader.endPart();
  return assembleStreamed(end, reader.sinkRows, aggregator.plan, [aggregator.state()], end.missingColumns, end.header, bytesRead);
}

const limitText = (bytes: number): string => `${bytes / 2 ** 30} GiB`;

/**
 * Whether a file of `size` bytes is streamed for `plan`: from 32 MiB on, when the aggregates (about
 * 330 KiB per window on each core that reads) take less than a quarter of what its rows would (16 bytes per row
 * of ~50 bytes). `MODEL_SLA_STREAM=always` streams every file (the tests' differential runs), `never` none.
 */
function streams(size: number, plan: StreamPlan): boolean {
  const mode = process.env.MODEL_SLA_STREAM;
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return size >= STREAM_MIN_BYTES && plan.cells * 330 * 1024 * readWorkers() <= 0.25 * (size / 50) * 16;
}
const STREAM_MIN_BYTES = 32 * 1024 * 1024;

/** Throws for bytes of the first 64 KiB holding a NUL (what `bytes` holds past that is not looked at). */
function refuseBinary(bytes: Uint8Array, path: string): void {
  if (bytes.subarray(0, BINARY_PROBE).indexOf(0) >= 0) {
    throw new MetricFileError('binary', 'binary file (NUL bytes in the first 64 KiB); metric files are UTF-8 CSV or JSON Lines (save UTF-16 text as UTF-8)', path);
  }
}
