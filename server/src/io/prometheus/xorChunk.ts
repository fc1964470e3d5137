/**
 * Prometheus' XOR chunk (the Gorilla encoding, `tsdb/chunkenc/xor.go`), decoded: what a remote
 * read's `STREAMED_XOR_CHUNKS` answer carries (io/prometheus/remoteRead.ts). Layout, bit by bit
 * from the most significant:
 *
 * - 2 bytes: the number of samples n;
 * - sample 0: its instant as a signed varint, its value as 64 bits;
 * - sample 1: the instant's delta as an unsigned varint, the value as below;
 * - samples 2…: the delta of the delta of the instant — `0` (none), `10` + 14 bits, `110` + 17,
 *   `1110` + 20 (two's complement in that width), `1111` + 64 — then the value: `0` (the same as
 *   before), or the XOR with the value before as `10` + its significant bits in the last block's
 *   place, or `11` + 5 bits of leading zeros + 6 bits of significant length (0 meaning 64) + the bits.
 *
 * Stale markers (the NaN with bits 0x7ff0000000000002 that Prometheus writes when a series
 * disappears) are dropped here: the query API never shows them as samples either.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0, LO = LITTLE ? 0 : 1;
const STALE_HI = 0x7ff00000, STALE_LO = 0x00000002;

export class MalformedChunk extends Error {}

/** The number of samples a chunk holds (its first two bytes), stale markers included. */
export function xorSampleCount(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

/** k ≤ 25 bits at bit `pos` (bytes past the array read as 0; the caller checks the end). */
function bits(b: Uint8Array, pos: number, k: number): number {
  const i = pos >>> 3;
  return ((((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) << (pos & 7)) >>> (32 - k));
}

/** k ≤ 32 bits at bit `pos`, unsigned. */
function bits32(b: Uint8Array, pos: number, k: number): number {
  return k <= 25 ? bits(b, pos, k) : bits(b, pos, k - 16) * 65536 + bits(b, pos + k - 16, 16);
}

/**
 * Decodes the chunk in b[at, end) into t[k…] and v[k…] (room for xorSampleCount(b, at) samples
 * from k); returns the index after the last sample written. Throws MalformedChunk when the chunk
 * ends before its samples do.
 */
export function decodeXorChunk(b: Uint8Array, at: number, end: number, t: Float64Array, v: Float64Array, k: number): number {
  if (end - at < 2) throw new MalformedChunk('an XOR chunk shorter than its header');
  const n = (b[at] << 8) | b[at + 1];
  if (n === 0) return k;
  let i = at + 2;
  let ux = 0, mul = 1, c = 0;
  do { c = b[i++]; ux += (c & 0x7f) * mul; mul *= 128; } while (c & 0x80 && i < end);
  let ts = ux % 2 === 0 ? ux / 2 : -(ux + 1) / 2;
  let hi = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  let lo = ((b[i + 4] << 24) | (b[i + 5] << 16) | (b[i + 6] << 8) | b[i + 7]) >>> 0;
  i += 8;
  if (i > end) throw new MalformedChunk('an XOR chunk ends inside its first sample');
  if (hi !== STALE_HI || lo !== STALE_LO) { u32[HI] = hi; u32[LO] = lo; t[k] = ts; v[k] = f64[0]; k++; }
  if (n === 1) return k;
  let delta = 0;
  mul = 1;
  do { c = b[i++]; delta += (c & 0x7f) * mul; mul *= 128; } while (c & 0x80 && i < end);
  let pos = i * 8;
  let leading = 0, trailing = 0;
  for (let s = 1; s < n; s++) {
    if (s > 1) {
      // The delta of the delta: the window's sign bit is the first control bit.
      const w = bits(b, pos, 4) << 28;
      if (w >= 0) pos++;
      else {
        let dod: number;
        if ((w & 0x40000000) === 0) { dod = bits(b, pos + 2, 14); pos += 16; if (dod > 8192) dod -= 16384; }
        else if ((w & 0x20000000) === 0) { dod = bits(b, pos + 3, 17); pos += 20; if (dod > 65536) dod -= 131072; }
        else if ((w & 0x10000000) === 0) { dod = bits(b, pos + 4, 20); pos += 24; if (dod > 524288) dod -= 1048576; }
        else { dod = (bits32(b, pos + 4, 32) | 0) * 4294967296 + bits32(b, pos + 36, 32); pos += 68; }
        delta += dod;
      }
    }
    ts += delta;
    const control = bits(b, pos, 2);
    if (control < 2) pos++;
    else {
      pos += 2;
      if (control === 3) {
        const x = bits(b, pos, 11);
        pos += 11;
        leading = x >>> 6;
        const m = x & 63;
        trailing = 64 - leading - (m === 0 ? 64 : m);
        if (trailing < 0) throw new MalformedChunk('an XOR chunk with more than 64 significant bits');
      }
      const m = 64 - leading - trailing;
      let sHi = 0, sLo: number;
      if (m > 32) { sHi = bits32(b, pos, m - 32); sLo = bits32(b, pos + m - 32, 32); } else sLo = bits32(b, pos, m);
      pos += m;
      const sh = trailing;
      if (sh === 0) { hi = (hi ^ sHi) >>> 0; lo = (lo ^ sLo) >>> 0; }
      else if (sh < 32) { hi = (hi ^ ((sHi << sh) | (sLo >>> (32 - sh)))) >>> 0; lo = (lo ^ (sLo << sh)) >>> 0; }
      else hi = (hi ^ (sLo << (sh - 32))) >>> 0;
    }
    if (hi !== STALE_HI || lo !== STALE_LO) { u32[HI] = hi; u32[LO] = lo; t[k] = ts; v[k] = f64[0]; k++; }
  }
  if (pos > end * 8) throw new MalformedChunk('an XOR chunk ends before its samples do');
  return k;
}
