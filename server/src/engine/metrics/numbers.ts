/**
 * Decimal numbers from metric files (spec §9): decimal text → the correctly rounded double, without
 * allocating on the hot path; `NaN`, `Infinity`, hex, empty text are not numbers. And exact decimal
 * comparison for the rare ties where two different decimals round to the same double.
 */

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);
const MAX_SAFE = 9007199254740991;

const isBlank = (c: number): boolean => c === 32 || c === 9;

/**
 * Reads decimal numbers from bytes. One instance per reader; `long` tells whether the last number had
 * more than 15 digits in its mantissa (its double may not order exactly like its decimal).
 */
export class DecimalReader {
  long = false;
  /** After `read` returned NaN: the text was a well-formed number too large for a double (`1e309`, `-1e309`). */
  outOfRange = false;

  /**
   * The number in buf[start, end) (spaces and tabs around it ignored): `[+-]? (d+ (. d*)? | . d+)
   * ([eE] [+-]? d+)?`. NaN when it is not one, or not finite (then `outOfRange` is set: a number,
   * but beyond ±1.8e308, the largest a double holds).
   */
  read(buf: Uint8Array, start: number, end: number): number {
    let s = start, e = end;
    while (s < e && isBlank(buf[s])) s++;
    while (e > s && isBlank(buf[e - 1])) e--;
    this.long = false;
    this.outOfRange = false;
    if (s === e) return NaN;
    let i = s;
    let c = buf[i];
    let neg = false;
    if (c === 45) { neg = true; i++; } else if (c === 43) i++;
    let mant = 0, digits = 0, frac = 0;
    while (i < e) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d; digits++; i++;
    }
    if (i < e && buf[i] === 46) {
      i++;
      while (i < e) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9) break;
        mant = mant * 10 + d; digits++; frac++; i++;
      }
    }
    if (digits === 0) return NaN;
    if (i === e && mant <= MAX_SAFE && frac <= 22) {
      // Clinger's fast path: an exact integer divided by an exact power of ten is one correctly
      // rounded operation, the same double as Number(text).
      this.long = mant >= 1e15;
      const v = frac === 0 ? mant : mant / POW10[frac];
      return neg ? (v === 0 ? 0 : -v) : v;
    }
    if (i < e && (buf[i] === 101 || buf[i] === 69)) {
      i++;
      if (i < e && (buf[i] === 43 || buf[i] === 45)) i++;
      const expStart = i;
      while (i < e && buf[i] >= 48 && buf[i] <= 57) i++;
      if (i === expStart) return NaN;
    }
    if (i !== e) return NaN;
    this.long = true;
    let text = '';
    for (let k = s; k < e; k++) text += String.fromCharCode(buf[k]);
    const v = Number(text);
    if (!Number.isFinite(v)) { this.outOfRange = true; return NaN; }
    return v === 0 ? 0 : v;
  }
}

const sharedEncoder = new TextEncoder();

/** `parseDecimal("12.5")` → 12.5; NaN when the text is not a decimal number (see DecimalReader). */
export function parseDecimal(text: string): number {
  const bytes = sharedEncoder.encode(text);
  return new DecimalReader().read(bytes, 0, bytes.length);
}

/** A decimal as sign, significant digits (no leading or trailing zeros) and exponent: value = 0.digits × 10^exp. */
export interface DecimalParts {
  negative: boolean;
  digits: string;
  exponent: number;
}

const DECIMAL_RE = /^[ \t]*([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?[ \t]*$/;

/** Exact decimal parts of a decimal number's text, or undefined when it is not one. Zero has digits ''. */
export function decimalParts(text: string): DecimalParts | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? m[4] ?? '';
  let all = intPart + fracPart;
  let exponent = intPart.length + (m[5] ? parseInt(m[5], 10) : 0);
  let lead = 0;
  while (lead < all.length && all.charCodeAt(lead) === 48) lead++;
  all = all.slice(lead);
  exponent -= lead;
  let end = all.length;
  while (end > 0 && all.charCodeAt(end - 1) === 48) end--;
  all = all.slice(0, end);
  if (all === '') return { negative: false, digits: '', exponent: 0 };
  return { negative: m[1] === '-', digits: all, exponent };
}

/** Exact comparison of two decimals: -1, 0 or 1. */
export function compareDecimalParts(a: DecimalParts, b: DecimalParts): number {
  const sa = a.digits === '' ? 0 : a.negative ? -1 : 1;
  const sb = b.digits === '' ? 0 : b.negative ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let mag: number;
  if (a.exponent !== b.exponent) mag = a.exponent < b.exponent ? -1 : 1;
  else mag = a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0; // no trailing zeros: lexicographic = numeric
  return sa < 0 ? -mag : mag;
}

/**
 * Exact comparison of two decimal texts (spec §9: "decimal values from files compared with decimal
 * thresholds without rounding"). `shiftA` multiplies `a` by 10^shiftA first (a seconds column
 * against a millisecond threshold: shiftA = 3). Throws on text that is not a decimal number.
 */
export function compareDecimalText(a: string, b: string, shiftA = 0): number {
  const pa = decimalParts(a), pb = decimalParts(b);
  if (!pa || !pb) throw new Error(`not a decimal number: ${pa ? b : a}`);
  if (shiftA !== 0 && pa.digits !== '') pa.exponent += shiftA;
  return compareDecimalParts(pa, pb);
}
