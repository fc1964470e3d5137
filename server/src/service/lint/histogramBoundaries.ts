/**
 * SLA118 (spec §10): a latency objective over a Prometheus histogram whose threshold or percentile
 * target is not a bucket boundary of the series (the message names the nearest ones, and a fix
 * offers each), compares with something other than `<=`, or asks for `percentileMethod: linear`.
 * The tool would have to guess inside a bucket, as `histogram_quantile()` does by interpolation.
 * Read from the loaded data (the boundaries are the server's), so it runs with the data findings.
 */
import { conversion, decimalFrac, fracToDecimalText, mulFrac } from '../../engine/exact';
import { bucketIndex, seriesText } from '../../engine/evaluate/histogramLatency';
import type { HistogramBuckets } from '../../engine/metrics/types';
import { parseTarget } from '../../facts/quantities';
import type { FindingSpec } from './rule';

type Objective = Record<string, any>;

export function histogramBoundaryFindings(objectives: unknown[], id: string, histogram: string, leUnit: string | undefined, buckets: HistogramBuckets): FindingSpec[] {
  const out: FindingSpec[] = [];
  const name = histogram.replace(/\{[\s\S]*$/, '').trim() || histogram;
  (objectives as Objective[]).forEach((o, index) => {
    if (!o || typeof o !== 'object' || o.metric !== id || o.indicator !== 'latency') return;
    const label = typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}`;
    const path = ['objectives', index];
    if (o.percentile !== undefined && o.percentileMethod === 'linear') {
      out.push({
        code: 'SLA118',
        message: `${label} asks for a linear percentile of the histogram \`${name}\`: interpolating inside a bucket is a guess (what histogram_quantile() does). A histogram gives exact nearest-rank verdicts at its boundaries; use \`percentileMethod: nearest-rank\`.`,
        at: { path: [...path, 'percentileMethod'], as: 'value' },
        fixes: [{ title: 'Use `percentileMethod: nearest-rank`', kind: 'replaceValue', path: [...path, 'percentileMethod'], value: 'nearest-rank', preferred: true }],
      });
    }
    const field = o.threshold !== undefined ? 'threshold' : o.percentile !== undefined ? 'target' : undefined;
    if (!field || typeof o[field] !== 'string') return;
    const parsed = parseTarget(o[field], ['duration', 'number']);
    if (!parsed.ok) return; // SLA002 says why
    const { op, quantity } = parsed.value;
    const unit = leUnit || quantity.unit;
    const toLe = conversion(quantity.unit || unit, unit);
    const fromLe = conversion(unit, quantity.unit || unit);
    if (!toLe || !fromLe) return;
    if (op !== '<=') {
      out.push({ code: 'SLA118', message: `${label}: a histogram counts the observations ≤ each boundary, so \`${field}\` must compare with \`<=\`, not \`${op}\`.`, at: { path: [...path, field], as: 'value' } });
      return;
    }
    const found = bucketIndex(buckets, mulFrac(decimalFrac(quantity.number)!, toLe));
    if (found.index >= 0) return;
    const inTargetUnit = (le: string) => `${fracToDecimalText(mulFrac(decimalFrac(le)!, fromLe)) ?? le}${quantity.unit}`;
    const near = [found.below, found.above].filter((b): b is string => b !== undefined && b !== '+Inf').map(inTargetUnit);
    if (found.partial) {
      out.push({
        code: 'SLA118',
        message: `${label}: \`${field}: "${o[field]}"\` is a bucket boundary (le="${found.partial.text}") of only some series of \`${name}\`: ${seriesText(found.partial.lackedBy)} has no such bucket, and a bucket one series lacks cannot be summed exactly. Narrow the selector to series with the same buckets, or choose a boundary every series has${near.length ? ` (the nearest: ${near.join(' and ')})` : ''}.`,
        at: { path: [...path, field], as: 'value' },
        fixes: near.map((b) => ({ title: `Use \`${field}: "<= ${b}"\``, kind: 'replaceValue' as const, path: [...path, field], value: `"<= ${b}"` })),
      });
      return;
    }
    if (!leUnit && quantity.unit && quantity.unit !== 's' && conversion(quantity.unit, 's')) {
      // Without `unit` the boundaries are read in the target's unit; Prometheus histograms count in
      // seconds, so offering the nearest "boundaries" in ms would make the contract 1000× stricter.
      const inSeconds = bucketIndex(buckets, mulFrac(decimalFrac(quantity.number)!, conversion(quantity.unit, 's')!)).index >= 0;
      out.push({
        code: 'SLA118',
        message: `${label}: \`${field}: "${o[field]}"\` is not a bucket boundary of \`${name}\`, whose metric \`${id}\` has no \`unit\`: its boundaries (${buckets.texts.filter((t) => t !== '+Inf').join(', ')}) are read in ${quantity.unit}. Prometheus histograms count in seconds${inSeconds ? `, and in seconds ${quantity.number}${quantity.unit} is a boundary` : ''}: add \`unit: s\` to the metric (the unit of its \`le\` boundaries).`,
        at: { path: [...path, field], as: 'value' },
        fixes: [{ title: 'Add `unit: s` to the metric (its boundaries are seconds)', kind: 'setKey', path: ['metrics', id], key: 'unit', value: 's', preferred: inSeconds }],
      });
      return;
    }
    out.push({
      code: 'SLA118',
      message: `${label}: \`${field}: "${o[field]}"\` is not a bucket boundary of \`${name}\`: the nearest are ${near.length ? near.join(' and ') : 'none'} (boundaries: ${buckets.texts.filter((t) => t !== '+Inf').map(inTargetUnit).join(', ')}). Between boundaries the verdict would be a guess inside a bucket; choose a boundary, or add one to the histogram.`,
      at: { path: [...path, field], as: 'value' },
      fixes: near.map((b) => ({ title: `Use \`${field}: "<= ${b}"\``, kind: 'replaceValue' as const, path: [...path, field], value: `"<= ${b}"` })),
    });
  });
  return out;
}
