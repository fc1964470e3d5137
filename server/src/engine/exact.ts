/**
 * Exact arithmetic for verdicts (spec §9 "Ranks and threshold comparisons are exact"): decimal texts
 * and computed values as BigInt fractions, compared without rounding; unit factors as integers so a
 * conversion (seconds → milliseconds, % → fraction, rpm → rps) never rounds either.
 *
 * Doubles are used for speed and for display; whenever a double comparison could be decided by
 * rounding (the two sides are within a few ulps), the comparison is redone here exactly.
 */
import type { Operator } from '../facts/quantities';

/** n / d with d > 0. Not necessarily reduced. */
export interface Frac {
  n: bigint;
  d: bigint;
}

const DECIMAL = /^[ \t]*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?[ \t]*$/;
const MAX_EXPONENT = 400;

/** The exact value of a decimal text (`12.5`, `-3e-4`, `.5`), or undefined when it is not one. */
export function decimalFrac(text: string): Frac | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int === '' && frac === '') return undefined;
  const exp = m[4] ? parseInt(m[4], 10) : 0;
  if (!Number.isFinite(exp) || Math.abs(exp) > MAX_EXPONENT) return undefined;
  let n = BigInt(int + frac);
  if (m[1] === '-') n = -n;
  const scale = frac.length - exp;
  if (scale >= 0) return { n, d: 10n ** BigInt(scale) };
  return { n: n * 10n ** BigInt(-scale), d: 1n };
}

/**
 * The decimal a double stands for: its shortest round-trip text (`String(x)`). For a double read
 * from a decimal with at most 15 significant digits this is exactly that decimal (metric ingestion
 * keeps the text of longer ones in `valueTexts`). Undefined for NaN / ±Infinity.
 */
export function numberFrac(x: number): Frac | undefined {
  if (!Number.isFinite(x)) return undefined;
  if (Number.isSafeInteger(x)) return { n: BigInt(x), d: 1n };
  return decimalFrac(String(x));
}

export function intFrac(n: bigint | number): Frac {
  return { n: BigInt(n), d: 1n };
}

export function cmpFrac(a: Frac, b: Frac): number {
  const l = a.n * b.d, r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function mulFrac(a: Frac, b: Frac): Frac {
  return { n: a.n * b.n, d: a.d * b.d };
}

export function addFrac(a: Frac, b: Frac): Frac {
  if (a.d === b.d) return { n: a.n + b.n, d: a.d };
  return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}

export function subFrac(a: Frac, b: Frac): Frac {
  return addFrac(a, { n: -b.n, d: b.d });
}

/** a × k / q for integers k, q > 0. */
export function scaleFrac(a: Frac, k: bigint, q: bigint = 1n): Frac {
  return { n: a.n * k, d: a.d * q };
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) { const t = a % b; a = b; b = t; }
  return a;
}

export function reduceFrac(a: Frac): Frac {
  const g = gcd(a.n, a.d);
  return g > 1n ? { n: a.n / g, d: a.d / g } : a;
}

const SAFE = 9007199254740991n;

/**
 * The double nearest to a fraction: one correctly rounded division when numerator and denominator
 * are exact doubles, else via a 40-significant-digit decimal (off by at most an ulp, display only).
 */
export function fracToNumber(f: Frac): number {
  let { n, d } = f;
  if (n === 0n) return 0;
  if (n > SAFE || -n > SAFE || d > SAFE) ({ n, d } = reduceFrac(f));
  if (n <= SAFE && -n <= SAFE && d <= SAFE) return Number(n) / Number(d);
  const neg = n < 0n;
  if (neg) n = -n;
  const shift = Math.max(0, 40 + d.toString().length - n.toString().length);
  const scaled = n * 10n ** BigInt(shift);
  const q = scaled / d;
  const sticky = scaled % d === 0n ? '0' : '1';
  const v = Number(`${q}${sticky}e-${shift + 1}`);
  return neg ? -v : v;
}

/**
 * The exact decimal text of a fraction that has one (its reduced denominator is 2^a·5^b) with at
 * most `maxDigits` digits after the point, else undefined (1/3 has none: its double is the best text).
 */
export function fracToDecimalText(f: Frac, maxDigits = 80): string | undefined {
  const { n, d } = reduceFrac(f.d < 0n ? { n: -f.n, d: -f.d } : f);
  let rest = d, twos = 0, fives = 0;
  while (rest % 2n === 0n) { rest /= 2n; twos++; }
  while (rest % 5n === 0n) { rest /= 5n; fives++; }
  if (rest !== 1n) return undefined;
  const scale = Math.max(twos, fives);
  if (scale > maxDigits) return undefined;
  const neg = n < 0n;
  const digits = ((neg ? -n : n) * 10n ** BigInt(scale) / d).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale), frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Whether `cmp` (value compared with the bound: -1, 0, 1) satisfies `value <op> bound`. */
export function satisfies(cmp: number, op: Operator): boolean {
  switch (op) {
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
  }
}

// ------------------------------------------------------------------------------------------ units

export type Dimension = 'duration' | 'rate' | 'ratio';

/**
 * Units as integer multiples of the dimension's smallest unit: durations in ms, rates in requests
 * per hour, ratios in percent (a bare number in [0, 1] is 100 %).
 */
const FACTORS: Record<string, { dim: Dimension; factor: bigint }> = {
  ms: { dim: 'duration', factor: 1n },
  s: { dim: 'duration', factor: 1000n },
  m: { dim: 'duration', factor: 60_000n },
  h: { dim: 'duration', factor: 3_600_000n },
  d: { dim: 'duration', factor: 86_400_000n },
  w: { dim: 'duration', factor: 604_800_000n },
  rph: { dim: 'rate', factor: 1n },
  rpm: { dim: 'rate', factor: 60n },
  rps: { dim: 'rate', factor: 3600n },
  '%': { dim: 'ratio', factor: 1n },
  '': { dim: 'ratio', factor: 100n },
};

export function unitInfo(unit: string): { dim: Dimension; factor: bigint } | undefined {
  return Object.prototype.hasOwnProperty.call(FACTORS, unit) ? FACTORS[unit] : undefined;
}

/**
 * The factor that converts a value in `from` to `to` (value_to = value_from × n / d), or undefined
 * when the units measure different things. A column without a unit (`from` undefined) is in the
 * target's unit (spec §9).
 */
export function conversion(from: string | undefined, to: string): Frac | undefined {
  if (from === undefined || from === to) return { n: 1n, d: 1n };
  const a = unitInfo(from), b = unitInfo(to);
  if (!a || !b || a.dim !== b.dim) return undefined;
  return { n: a.factor, d: b.factor };
}
