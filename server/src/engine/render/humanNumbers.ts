/**
 * Numbers for people (text, Markdown, HTML, code lenses, the preview): rounded, but never onto the
 * other side of the target. A breached 99.899995 % against `>= 99.9%` must not read "99.9%", an
 * overspent error budget must not read "0.0%" left. No imports: the preview's browser bundle uses
 * this module as it is (client/src/preview/webview/model.ts).
 *
 * - formatValue: one decimal more than the target is written with (at least 1 for %, at most 6 to
 *   start with), rounded towards failure (down under a `>=`/`>` target, up under `<=`/`<`), trailing
 *   zeros dropped; then, if the rounded text would meet (or miss) the target where the value does
 *   not, more digits until it agrees — at the end the double's own shortest text. The verdict is
 *   the window's `status` when given, else the value's exact decimal against the target's.
 * - Never "0" for a non-zero value, with a target or without (0.00001 % reads "0.00001%"), and never
 *   the target's own number for a value that is not exactly it (more digits until they differ).
 * - formatFactor: a burn rate with two decimals, more when a non-zero one would read "0.00".
 * - formatBudget: a share (1 = 100 %) with one decimal, rounded; a non-zero share that would read
 *   0.0 % (or a share under 1 that would read 100.0 %) gets the digits that show it, so "-0.0004%"
 *   says overspent and "99.996%" says touched.
 */

type Op = '<' | '<=' | '>' | '>=';

interface Target { op: Op; number: string; unit: string }

const TARGET = /^\s*(<=|>=|<|>)\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([A-Za-z%µ/]*)\s*$/;

function parseTarget(text: string | undefined): Target | undefined {
  if (typeof text !== 'string') return undefined;
  const m = TARGET.exec(text);
  return m ? { op: m[1] as Op, number: m[2], unit: m[3] ?? '' } : undefined;
}

/** A decimal (or a JavaScript number's text, exponent allowed) as digits × 10^-scale. */
function decimal(text: string): { n: bigint; scale: number } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  let n = BigInt(`${m[2] || '0'}${frac}`);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) { n *= 10n ** BigInt(-scale); scale = 0; }
  return { n: m[1] === '-' ? -n : n, scale };
}

/** Exact comparison of two decimal texts: -1, 0, 1 (undefined when one is not a number). */
export function compareDecimalTexts(a: string, b: string): number | undefined {
  const x = decimal(a), y = decimal(b);
  if (!x || !y) return undefined;
  const s = Math.max(x.scale, y.scale);
  const xn = x.n * 10n ** BigInt(s - x.scale), yn = y.n * 10n ** BigInt(s - y.scale);
  return xn < yn ? -1 : xn > yn ? 1 : 0;
}

function meets(valueText: string, t: Target): boolean | undefined {
  const c = compareDecimalTexts(valueText, t.number);
  if (c === undefined) return undefined;
  return t.op === '<' ? c < 0 : t.op === '<=' ? c <= 0 : t.op === '>' ? c > 0 : c >= 0;
}

function decimalsOf(numberText: string): number {
  const m = /\.(\d+)/.exec(numberText);
  return m ? m[1].length : 0;
}

/** `value` with `dp` decimals, rounded towards `direction` (representation noise first snapped). */
function rounded(value: number, dp: number, direction: 'down' | 'up' | 'nearest'): string {
  const k = 10 ** dp;
  const scaled = value * k;
  const nearest = Math.round(scaled);
  // 99.82 × 100 = 9981.999999999998: noise of the multiplication, not a digit of the value.
  const r = Math.abs(scaled - nearest) <= 1e-12 * Math.max(1, Math.abs(scaled)) || direction === 'nearest'
    ? nearest
    : direction === 'up' ? Math.ceil(scaled) : Math.floor(scaled);
  let text = (r / k).toFixed(dp);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/** The rounded text says something the value does not: 0 for a non-zero value. */
const hidesValue = (text: string, value: number): boolean => value !== 0 && Number(text) === 0;

/**
 * A value with its unit for people (see the header). `status` is the window's verdict when known
 * ('met' / 'breached'); other statuses (no-data) leave the value's own verdict in charge. Never
 * "0" for a non-zero value (0.00001 % is not 0 %), and never the target's own number for a value
 * that is not exactly the target (299.99999 ms under `<= 300ms` is not "300ms").
 */
export function formatValue(value: number | null, unit: string, target?: string, status?: string): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const t = parseTarget(target);
  if (!t) {
    for (let dp = 2; dp <= 15; dp++) {
      const text = rounded(value, dp, 'nearest');
      if (!hidesValue(text, value)) return `${text}${unit}`;
    }
    return `${String(value)}${unit}`;
  }
  const direction = t.op === '<=' || t.op === '<' ? 'up' : 'down';
  const start = Math.min(6, decimalsOf(t.number) + 1);
  // The target's unit is the value's (spec §9); in another unit the digits cannot be compared.
  const comparable = t.unit === unit;
  const want = !comparable ? undefined : status === 'met' ? true : status === 'breached' ? false : meets(String(value), t);
  const isTarget = comparable && compareDecimalTexts(String(value), t.number) === 0;
  for (let dp = start; dp <= 15; dp++) {
    const text = rounded(value, dp, direction);
    if (hidesValue(text, value)) continue;
    if (comparable && !isTarget && compareDecimalTexts(text, t.number) === 0) continue;
    if (want === undefined || meets(text, t) === want) return `${text}${unit}`;
  }
  return `${String(value)}${unit}`;
}

/** A factor (a burn rate) with two decimals, more when a non-zero one would read 0.00. */
export function formatFactor(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  for (let dp = 2; dp <= 15; dp++) {
    const text = x.toFixed(dp);
    if (!hidesValue(text, x)) return dp === 2 ? text : text.replace(/0+$/, '');
  }
  return String(x);
}

/** A share of an error budget (1 = 100 %) for people (see the header). */
export function formatBudget(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return 'n/a';
  const pct = share * 100;
  for (let dp = 1; dp <= 10; dp++) {
    const k = 10 ** dp;
    const scaled = pct * k;
    // Half away from zero, so that -0.05 % reads "-0.1%" like 0.05 % reads "0.1%".
    const r = Math.sign(scaled) * Math.round(Math.abs(scaled));
    if ((r === 0 && pct !== 0) || (r === 100 * k && share < 1)) continue;
    let text = (r / k).toFixed(dp);
    if (dp > 1) text = text.replace(/0+$/, '').replace(/\.$/, '');
    return `${text}%`;
  }
  // Beyond 10 decimals: the double's own text, never a rounded "0" or "100".
  return `${pct}%`;
}

/**
 * A histogram percentile's bucket (spec §10) for people: `(100ms, 300ms]`, or `> 500ms` for the last
 * bucket — the boundaries as the histogram has them, not rounded (they are what the verdict used).
 */
export function formatValueRange(range: readonly [number, number | '+Inf'], unit: string): string {
  const [lower, upper] = range;
  return upper === '+Inf' || upper === Infinity ? `> ${lower}${unit}` : `(${lower}${unit}, ${upper}${unit}]`;
}
