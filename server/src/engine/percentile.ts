/**
 * Exact percentiles (spec §5.3, §9 "Ranks and threshold comparisons are exact").
 *
 * - nearest-rank: the value at rank ⌈p/100 · n⌉ (1-based) of the sorted values, p in (0, 100].
 * - linear (Hyndman–Fan type 7, numpy's default): h = (n − 1) · p/100 (0-based),
 *   x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋), p in [0, 100].
 *
 * Ranks and positions are computed from the DECIMAL TEXT of p with BigInt arithmetic: p99.9 over
 * 2000 values is rank 1998 (binary floating point gives 0.999 · 2000 = 1998.0000000000002 → 1999).
 * Selection is Floyd–Rivest on a scratch copy (expected O(n)); nothing is fully sorted.
 */

export type PercentileMethod = 'nearest-rank' | 'linear';
export const PERCENTILE_METHODS: readonly PercentileMethod[] = ['nearest-rank', 'linear'];

/** p as an exact fraction num / den of 100 (p = 100 · num / den). */
interface PFrac {
  /** p's decimal digits without the point. */
  digits: bigint;
  /** 100 · 10^(decimals of p). */
  den: bigint;
}

const P_TEXT = /^[pP]?\s*(\d+)(?:\.(\d+))?$/;

/**
 * Parses `99.9`, `p99.9`, `P50` into an exact fraction of 100. Throws a RangeError for anything else
 * or for p outside [0, 100].
 */
function parseP(pText: string): PFrac {
  // Called once per slice of a timeslice percentile: the few distinct texts are parsed once.
  const known = P_CACHE.get(pText);
  if (known) return known;
  const parsed = parsePText(pText);
  if (P_CACHE.size > 256) P_CACHE.clear();
  P_CACHE.set(pText, parsed);
  return parsed;
}

const P_CACHE = new Map<string, PFrac>();

function parsePText(pText: string): PFrac {
  const m = P_TEXT.exec(String(pText).trim());
  if (!m) throw new RangeError(`not a percentile: \`${pText}\``);
  const frac = m[2] ?? '';
  const digits = BigInt(m[1] + frac);
  const den = 100n * 10n ** BigInt(frac.length);
  if (digits > den) throw new RangeError(`a percentile lies in (0, 100], found \`${pText}\``);
  return { digits, den };
}

/** Whether the text is a percentile this module accepts (p in (0, 100]). */
export function isPercentileText(pText: unknown): pText is string {
  if (typeof pText !== 'string') return false;
  try { return parseP(pText).digits > 0n; } catch { return false; }
}

/**
 * Nearest-rank: ⌈p/100 · n⌉ computed exactly, clamped to [1, n]; 0 when n is 0.
 * Throws a RangeError when p is not in (0, 100].
 */
export function percentileRank(pText: string, n: number): number {
  const { digits, den } = parseP(pText);
  if (digits === 0n) throw new RangeError(`nearest-rank needs p > 0, found \`${pText}\``);
  if (!(n > 0)) return 0;
  const N = BigInt(Math.floor(n));
  const rank = (N * digits + den - 1n) / den;
  return Math.min(Math.max(Number(rank), 1), Math.floor(n));
}

/**
 * Linear (type 7) position h = (n − 1) · p/100 as `lo + num/den` exactly (0-based, 0 ≤ num < den).
 * Throws a RangeError when p is not in [0, 100]; n must be ≥ 1.
 */
export function linearPosition(pText: string, n: number): { lo: number; num: bigint; den: bigint } {
  const { digits, den } = parseP(pText);
  const h = BigInt(Math.max(0, Math.floor(n) - 1)) * digits;
  return { lo: Number(h / den), num: h % den, den };
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]; a[i] = a[j]; a[j] = t;
}

/**
 * Floyd–Rivest selection in place: afterwards a[k] is the k-th smallest (0-based) of a[left..right],
 * everything before it ≤ a[k] and everything after ≥ a[k]. Values must not be NaN.
 */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): number {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      selectInPlace(a, k, newLeft, newRight);
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
  return a[k];
}

/** Smallest of a[from..to] (inclusive). */
function minOf(a: Float64Array, from: number, to: number): number {
  let m = a[from];
  for (let i = from + 1; i <= to; i++) if (a[i] < m) m = a[i];
  return m;
}

/**
 * The pieces of a percentile, selected in place in scratch[0, n): value = a + (num/den) · (b − a).
 * nearest-rank: a = b = the element at `rank`, num = 0. n must be ≥ 1.
 */
export interface PercentilePieces {
  a: number;
  b: number;
  num: bigint;
  den: bigint;
  /** 1-based rank of `a` among the sorted values. */
  rank: number;
}

export function percentilePieces(scratch: Float64Array, n: number, pText: string, method: PercentileMethod): PercentilePieces {
  // `+ 0`: -0 and 0 are one value; which of them a selection meets first is no part of the result.
  if (method === 'nearest-rank') {
    const rank = percentileRank(pText, n);
    const a = selectInPlace(scratch, rank - 1, 0, n - 1) + 0;
    return { a, b: a, num: 0n, den: 1n, rank };
  }
  const { lo, num, den } = linearPosition(pText, n);
  const a = selectInPlace(scratch, lo, 0, n - 1) + 0;
  const b = num === 0n ? a : minOf(scratch, lo + 1, n - 1) + 0;
  return { a, b, num, den, rank: lo + 1 };
}

/**
 * Interpolates like numpy's `_lerp` (monotone, exact at both ends): a + (b − a)·t, computed from the
 * upper end when t ≥ 0.5.
 */
export function lerp(a: number, b: number, num: bigint, den: bigint): number {
  if (num === 0n || a === b) return a;
  const t = Number(num) / Number(den);
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The percentile of `values` (unsorted; not modified — a copy is selected). NaN for no values.
 * Throws a RangeError for a percentile text outside (0, 100] (nearest-rank) or [0, 100] (linear).
 */
export function percentile(values: Float64Array, pText: string, method: PercentileMethod = 'nearest-rank'): number {
  const n = values.length;
  if (method !== 'nearest-rank' && method !== 'linear') throw new RangeError(`unknown percentile method \`${String(method)}\``);
  parseP(pText);
  if (n === 0) return NaN;
  const scratch = Float64Array.from(values);
  const p = percentilePieces(scratch, n, pText, method);
  return lerp(p.a, p.b, p.num, p.den);
}

// ------------------------------------------------------------------ selection without a full copy

const KEY_BITS = 20;
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** The top KEY_BITS bits of a double's order-preserving key, from its high 32-bit word. */
function keyOfHigh(h: number): number {
  return h >>> 31 ? (~h >>> (32 - KEY_BITS)) & ((1 << KEY_BITS) - 1) : (h >>> (32 - KEY_BITS)) | (1 << (KEY_BITS - 1));
}

/**
 * The values at 0-based sorted positions `positions` (ascending, at most two, each < the number of
 * values) among the values of rows [ranges[0], ranges[1]) ∪ [ranges[2], ranges[3]) ∪ … — without
 * copying them: a counting pass over the top 20 bits of each value's order-preserving key (the
 * sign, the exponent and 8 bits of the mantissa: 1/256 of an octave), then a selection among only
 * the values in the buckets holding the positions. The result equals selecting on a copy; memory is
 * 4 MiB of counts plus those buckets' values. Values must not be NaN.
 */
export function selectPositionsInRanges(values: Float64Array, ranges: ArrayLike<number>, positions: readonly number[]): number[] {
  if (!LITTLE_ENDIAN || values.byteOffset % 4 !== 0) return selectPositionsByCopy(values, ranges, positions);
  const high = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const counts = new Uint32Array(1 << KEY_BITS);
  for (let r = 0; r < ranges.length; r += 2) {
    for (let i = ranges[r], e = ranges[r + 1]; i < e; i++) counts[keyOfHigh(high[2 * i + 1])]++;
  }
  // The bucket of each position and the position within it.
  const buckets: number[] = [], within: number[] = [];
  let bucket = 0, before = 0;
  for (const p of positions) {
    while (before + counts[bucket] <= p) before += counts[bucket++];
    buckets.push(bucket);
    within.push(p - before);
  }
  const b0 = buckets[0], b1 = buckets[buckets.length - 1];
  const s0 = new Float64Array(counts[b0]);
  const s1 = b1 === b0 ? s0 : new Float64Array(counts[b1]);
  let n0 = 0, n1 = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    for (let i = ranges[r], e = ranges[r + 1]; i < e; i++) {
      const k = keyOfHigh(high[2 * i + 1]);
      if (k === b0) s0[n0++] = values[i];
      else if (k === b1) s1[n1++] = values[i];
    }
  }
  const out: number[] = [];
  let lastIn0 = -1;
  positions.forEach((_, j) => {
    if (buckets[j] === b0) {
      // A second position in the same bucket: everything after the first is already ≥ it.
      out.push(selectInPlace(s0, within[j], lastIn0 + 1, s0.length - 1));
      lastIn0 = within[j];
    } else out.push(selectInPlace(s1, within[j], 0, s1.length - 1));
  });
  return out;
}

function selectPositionsByCopy(values: Float64Array, ranges: ArrayLike<number>, positions: readonly number[]): number[] {
  let n = 0;
  for (let r = 0; r < ranges.length; r += 2) n += ranges[r + 1] - ranges[r];
  const scratch = new Float64Array(n);
  let w = 0;
  for (let r = 0; r < ranges.length; r += 2) { scratch.set(values.subarray(ranges[r], ranges[r + 1]), w); w += ranges[r + 1] - ranges[r]; }
  let last = -1;
  return positions.map((p) => { const v = selectInPlace(scratch, p, last + 1, n - 1); last = p; return v; });
}

/** percentilePieces of the values of rows in `ranges` (n of them, n ≥ 1), selected without copying them all. */
export function percentilePiecesInRanges(values: Float64Array, ranges: ArrayLike<number>, n: number, pText: string, method: PercentileMethod): PercentilePieces {
  if (method === 'nearest-rank') {
    const rank = percentileRank(pText, n);
    const a = selectPositionsInRanges(values, ranges, [rank - 1])[0] + 0;
    return { a, b: a, num: 0n, den: 1n, rank };
  }
  const { lo, num, den } = linearPosition(pText, n);
  if (num === 0n || lo + 1 >= n) {
    const a = selectPositionsInRanges(values, ranges, [lo])[0] + 0;
    return { a, b: a, num, den, rank: lo + 1 };
  }
  const [a, b] = selectPositionsInRanges(values, ranges, [lo, lo + 1]);
  return { a: a + 0, b: b + 0, num, den, rank: lo + 1 };
}
