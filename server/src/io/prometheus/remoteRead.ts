/**
 * Prometheus' remote read (`POST /api/v1/read`) with streamed XOR chunks: the raw samples of a
 * selector as the server stores them, compressed (about 1.4 bytes a sample), which the server
 * streams without evaluating anything — where the query API would read every sample once per
 * function asked (prometheusCells.ts asks three). Prometheus (since 2.13) and Mimir answer it;
 * Thanos' querier and VictoriaMetrics do not (RemoteReadUnsupported: the caller asks the query API).
 *
 * The request: a `ReadRequest` (protobuf) with one `Query` (start and end in ms, both included; the
 * selector's matchers) accepting `STREAMED_XOR_CHUNKS`, snappy-compressed. The answer: frames of
 * `uvarint length, CRC-32C (big-endian), ChunkedReadResponse`, each holding chunks of one series
 * (a series with many chunks spans consecutive frames). Chunks are whole, so samples outside the
 * range are dropped here; each series reaches `onSeries` once, its samples in time order.
 */
import { PbfReader, PbfWriter } from 'pbf';
import snappy from 'snappyjs';
import { selectorText, type SeriesSelector } from '../../engine/prometheus/selector';
import { PrometheusError, type PrometheusClient, type RawSeries } from './client';
import { decodeXorChunk, MalformedChunk, xorSampleCount } from './xorChunk';

/** The server does not answer remote reads (or not as Prometheus does): ask the query API. */
export class RemoteReadUnsupported extends Error {
  constructor(message: string, readonly remember: boolean) { super(message); }
}

const MATCH_TYPE = { '=': 0, '!=': 1, '=~': 2, '!~': 3 } as const;
const STREAMED_XOR_CHUNKS = 1;
const XOR = 1;

/** The snappy-compressed ReadRequest for one selector over [startMs, endMs]. */
export function readRequest(selector: SeriesSelector, startMs: number, endMs: number): Uint8Array<ArrayBuffer> {
  const matchers = [{ op: '=' as const, name: '__name__', value: selector.metric }, ...selector.matchers];
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: null, q: PbfWriter) => {
    q.writeVarintField(1, startMs);
    q.writeVarintField(2, endMs);
    for (const m of matchers) {
      q.writeMessage(3, (_m: null, w: PbfWriter) => {
        w.writeVarintField(1, MATCH_TYPE[m.op]);
        w.writeStringField(2, m.name);
        w.writeStringField(3, m.value);
      }, null);
    }
  }, null);
  pbf.writeVarintField(2, STREAMED_XOR_CHUNKS);
  return Uint8Array.from(snappy.compress(pbf.finish()));
}

let crcTable: Uint32Array | undefined;
/** CRC-32C (Castagnoli), as the frames carry it. */
export function crc32c(b: Uint8Array, from: number, to: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let i = from; i < to; i++) crc = table[(crc ^ b[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One series being gathered from consecutive frames. */
class Gathered {
  key = '';
  labels: Record<string, string> = {};
  t = new Float64Array(4096);
  v = new Float64Array(4096);
  n = 0;

  room(more: number): void {
    if (this.n + more <= this.t.length) return;
    let size = this.t.length;
    while (size < this.n + more) size *= 2;
    const t = new Float64Array(size), v = new Float64Array(size);
    t.set(this.t.subarray(0, this.n));
    v.set(this.v.subarray(0, this.n));
    this.t = t;
    this.v = v;
  }
}

/**
 * The samples of `selector` in (startMs, endMs], one series at a time (`onSeries` gets views that
 * are reused after it returns: copy what is kept). Labels without `__name__`. Resolves to the
 * number of series.
 */
export async function remoteReadSeries(client: PrometheusClient, selector: SeriesSelector, startMs: number, endMs: number, onSeries: (s: RawSeries) => void, signal?: AbortSignal): Promise<number> {
  const server = client.server;
  const url = new URL(`${server.url}/api/v1/read`);
  const { response, timeout } = await client.send(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Read-Version': '0.1.0',
      Accept: 'application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse',
    },
    body: readRequest(selector, startMs + 1, endMs),
    note: `${selectorText(selector)} (${startMs + 1}…${endMs})`,
  }, signal);
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !type.startsWith('application/x-streamed-protobuf')) {
    await response.body?.cancel();
    // A 4xx (no such endpoint, not this encoding, not allowed here) or samples instead of chunks
    // will be the same next time; a 5xx may not.
    throw new RemoteReadUnsupported(`${server.name} did not answer a remote read with streamed chunks (${response.status}${type ? `, ${type}` : ''})`, response.status < 500);
  }
  if (!response.body) throw new RemoteReadUnsupported(`${server.name} answered a remote read with no body`, false);
  const reader = response.body.getReader();
  const series = new Gathered();
  let count = 0;
  const flush = () => {
    if (series.key === '') return;
    count++;
    if (count > server.maxSeries) {
      throw new PrometheusError(`the selector matches more than ${server.maxSeries.toLocaleString('en-US')} series on ${server.name} (\`maxSeries\`): narrow it with label matchers`, 'too-large');
    }
    // Chunks overlap only in a store that did not merge them: samples must be strictly increasing.
    for (let i = 1; i < series.n; i++) if (!(series.t[i] > series.t[i - 1])) throw new RemoteReadUnsupported(`${server.name} streamed samples out of order`, false);
    let a = 0;
    while (a < series.n && series.t[a] <= startMs) a++;
    let b = series.n;
    while (b > a && series.t[b - 1] > endMs) b--;
    onSeries({ labels: series.labels, t: series.t.subarray(a, b), v: series.v.subarray(a, b) });
    series.key = '';
    series.n = 0;
  };
  const frame = (buf: Uint8Array, from: number, to: number) => {
    const pbf = new PbfReader(buf.subarray(from, to));
    pbf.readFields((tag: number, _: null, p: PbfReader) => {
      if (tag !== 1) return; // query_index: one query per request
      const end = p.readVarint() + p.pos;
      const names: string[] = [];
      const values: string[] = [];
      const chunks: [number, number][] = [];
      p.readFields((field: number, __: null, q: PbfReader) => {
        if (field === 1) {
          const labelEnd = q.readVarint() + q.pos;
          let name = '', value = '';
          q.readFields((f: number, ___: null, r: PbfReader) => { if (f === 1) name = r.readString(); else if (f === 2) value = r.readString(); }, null, labelEnd);
          names.push(name);
          values.push(value);
        } else if (field === 2) {
          const chunkEnd = q.readVarint() + q.pos;
          let encoding = 0, at = 0, stop = 0;
          q.readFields((f: number, ___: null, r: PbfReader) => {
            if (f === 3) encoding = r.readVarint();
            else if (f === 4) { const len = r.readVarint(); at = r.pos; stop = at + len; r.pos = stop; }
          }, null, chunkEnd);
          // Native histograms (and anything newer) are not what a counter or a classic bucket reads.
          if (encoding !== XOR) throw new RemoteReadUnsupported(`${server.name} streamed a chunk of encoding ${encoding}, not XOR`, false);
          chunks.push([at, stop]);
        }
      }, null, end);
      const key = names.map((n, i) => `${n}\u0000${values[i]}`).join('\u0001');
      if (key !== series.key) {
        flush();
        series.key = key;
        const labels: Record<string, string> = {};
        names.forEach((n, i) => { if (n !== '__name__') labels[n] = values[i]; });
        series.labels = labels;
      }
      const data = pbf.buf;
      for (const [at, stop] of chunks) {
        series.room(xorSampleCount(data, at));
        series.n = decodeXorChunk(data, at, stop, series.t, series.v, series.n);
      }
    }, null);
  };

  // Frames as they arrive: whole ones are decoded, a partial one waits for the next piece.
  let pending = new Uint8Array(1 << 16);
  let have = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (have + value.byteLength > pending.length) {
        let size = pending.length;
        while (size < have + value.byteLength) size *= 2;
        const grown = new Uint8Array(size);
        grown.set(pending.subarray(0, have));
        pending = grown;
      }
      pending.set(value, have);
      have += value.byteLength;
      let at = 0;
      for (;;) {
        let len = 0, mul = 1, i = at, c = 0x80;
        while (c & 0x80 && i < have) { c = pending[i++]; len += (c & 0x7f) * mul; mul *= 128; }
        if (c & 0x80) break; // the length itself is not all here
        if (len > server.maxResponseBytes) throw client.tooLarge();
        if (i + 4 + len > have) break;
        const crc = ((pending[i] << 24) | (pending[i + 1] << 16) | (pending[i + 2] << 8) | pending[i + 3]) >>> 0;
        if (crc32c(pending, i + 4, i + 4 + len) !== crc) throw new RemoteReadUnsupported(`${server.name} streamed a frame whose checksum does not match`, false);
        try {
          frame(pending, i + 4, i + 4 + len);
        } catch (error) {
          if (error instanceof RemoteReadUnsupported || error instanceof PrometheusError || error instanceof MalformedChunk) throw error;
          throw new RemoteReadUnsupported(`${server.name} streamed a frame that is not a ChunkedReadResponse (${(error as Error).message})`, false);
        }
        at = i + 4 + len;
      }
      pending.copyWithin(0, at, have);
      have -= at;
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof RemoteReadUnsupported || error instanceof PrometheusError) throw error;
    if (error instanceof MalformedChunk) throw new RemoteReadUnsupported(`${server.name} streamed ${error.message}`, false);
    throw client.streamError(error, timeout, signal);
  }
  if (have > 0) throw new RemoteReadUnsupported(`${server.name} ended a remote read inside a frame`, false);
  flush();
  return count;
}
