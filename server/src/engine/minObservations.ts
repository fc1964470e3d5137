/**
 * SLA113 (spec §7, §9): a percentile is only meaningful when the window holds enough observations
 * for the tail to contain one: ⌈100 / (100 − p)⌉ of them (p99 → 100, p99.9 → 1000, p95 → 20).
 * Computed exactly from the decimal text of p.
 */

const P_TEXT = /^[pP]?\s*(\d+)(?:\.(\d+))?$/;

/**
 * ⌈100 / (100 − p)⌉ for p written as decimal text (`99.9`, `p99.9`), exactly. Infinity for p = 100;
 * NaN for a text that is not a percentile in (0, 100].
 */
export function requiredObservations(pText: string): number {
  const m = P_TEXT.exec(String(pText).trim());
  if (!m) return NaN;
  const frac = m[2] ?? '';
  const digits = BigInt(m[1] + frac);
  const den = 100n * 10n ** BigInt(frac.length); // p = 100 · digits / den
  if (digits === 0n || digits > den) return NaN;
  if (digits === den) return Infinity;
  // 100 / (100 − p) = den / (den − digits)
  const rest = den - digits;
  return Number((den + rest - 1n) / rest);
}
