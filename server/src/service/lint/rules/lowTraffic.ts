/**
 * SLA116: timeslices without `emptySlices` (do slices without traffic count?), or without
 * `minObservations` (a slice with one request can decide it), and ratio objectives over short
 * windows without `minObservations`.
 *
 * The suggested `minObservations` is N, the fewest observations for which a single bad one does
 * not decide the slice: ⌈1 / (1 − t)⌉ for the ratio t a slice is judged by (`sliceGood` for
 * time-based availability, the slice `target` for timeslices; for `>` one more when 1 / (1 − t) is
 * whole), ⌈100 / (100 − p)⌉ for a percentile. Computed exactly on the decimals as written.
 */
import { parsePercentile, parseTarget } from '../../../facts/quantities';
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

/** `"99.95"` → 9995n / 10^2. */
function decimal(text: string): { units: bigint; scale: bigint } | undefined {
  const m = /^\+?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === '' && !m[2])) return undefined;
  const fraction = m[2] ?? '';
  return { units: BigInt(`${m[1] || '0'}${fraction}`), scale: 10n ** BigInt(fraction.length) };
}

/** ⌈whole / (whole − part)⌉ for part/scale of whole/scale (plus one for a strict bound on a whole quotient). */
function fewestDeciding(units: bigint, scale: bigint, whole: bigint, strict: boolean): number | undefined {
  const numerator = whole * scale;
  const denominator = whole * scale - units;
  if (denominator <= 0n || units < 0n) return undefined;
  const quotient = numerator / denominator;
  const exact = quotient * denominator === numerator;
  const n = exact ? quotient + (strict ? 1n : 0n) : quotient + 1n;
  return n > 1_000_000_000n ? undefined : Number(n);
}

/** N for a ratio target (`">= 99%"`, `">= 0.9"`), undefined when it is not a ratio. */
function fromRatioTarget(target: unknown): number | undefined {
  if (typeof target !== 'string') return undefined;
  const parsed = parseTarget(target);
  if (!parsed.ok || !parsed.value.op.startsWith('>')) return undefined;
  const { op, quantity } = parsed.value;
  const d = decimal(quantity.number);
  if (!d) return undefined;
  if (quantity.kind === 'percent') return fewestDeciding(d.units, d.scale, 100n, op === '>');
  if (quantity.kind === 'number') return fewestDeciding(d.units, d.scale, 1n, op === '>');
  return undefined;
}

/** The observations a slice needs so that one bad observation does not decide it. */
export function sliceMinObservations(objective: Record<string, any>): number {
  let n: number | undefined;
  if (objective.indicator === 'availability' && objective.method === 'time-based') {
    n = objective.sliceGood === undefined ? 10 : fromRatioTarget(objective.sliceGood);
  } else if (objective.indicator === 'latency' && typeof objective.percentile === 'string') {
    const p = parsePercentile(objective.percentile);
    const d = p.ok ? decimal(p.value.text) : undefined;
    n = d ? fewestDeciding(d.units, d.scale, 100n, false) : undefined;
  } else {
    n = fromRatioTarget(objective.target);
  }
  return n ?? 10;
}

export const lowTraffic = objectiveRule({
  codes: ['SLA116'],
  check({ objective, index, label }, _shared, _context, report) {
    const path = objectivePath(index);
    const slices = objective.budgeting === 'timeslices' || (objective.indicator === 'availability' && objective.method === 'time-based');
    if (slices && objective.emptySlices === undefined) {
      report({
        code: 'SLA116',
        message: `${label} counts slices but does not say how slices without data count (\`emptySlices\`): a quiet night is 100% good, 0% good or not counted depending on the reader. The tool ignores them; say so with \`emptySlices: ignore\` (or good / bad).`,
        at: { path, as: 'key' },
        fixes: ['ignore', 'good', 'bad'].map((v, i) => ({ title: `Add \`emptySlices: ${v}\``, kind: 'setKey' as const, path, key: 'emptySlices', value: v, preferred: i === 0 })),
      });
    }
    // Throughput is exempt: a thin slice is exactly what a throughput floor measures.
    if (slices && objective.indicator !== 'throughput' && objective.minObservations === undefined) {
      const n = sliceMinObservations(objective);
      report({
        code: 'SLA116',
        message: `${label} judges each slice on its own, but has no \`minObservations\`: a slice with a single slow or failed request counts as a bad slice (${n === 1 ? 'a single observation decides it' : `below ${n} observations one bad one decides it`}). Set the number of observations a slice needs to be judged (fewer is no-data).`,
        at: { path, as: 'key' },
        fixes: [{ title: `Add \`minObservations: ${n}\``, kind: 'setKey', path, key: 'minObservations', value: String(n), preferred: true }],
      });
    }
  },
});
