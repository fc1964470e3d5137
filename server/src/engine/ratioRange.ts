/**
 * Accuracy values outside the range of their measure (spec §3: a ratio is `%` or a bare number in
 * [0, 1]; §9: a metric without `unit` is in the target's unit). An f1 of `85` read against
 * `>= 0.82` is not an f1 of 85 — it is a percentage in a column the SLA reads as a plain ratio —
 * and counted as it is it would meet the target. Read against `>= 82%` the same column's `1.2` is
 * a (poor) f1 of 1.2 %, a legitimate value: nothing to flag.
 *
 * Rules settled here:
 * - Only measures that are shares by definition (accuracy, precision, recall, f1, auc: range `unit`
 *   in facts/measures.ts): error measures (rmse, mse, mae, …) and unknown ones have no upper bound here.
 * - The column's unit: the metric's `unit` (`%` or `ratio`), else the target's (`%` or a bare
 *   number). Range: [0, 100] for `%`, [0, 1] for a plain ratio.
 * - Values outside it are one data issue per metric and objective (count, the first by time and
 *   its value, what to write instead) and are not evaluated for that objective: a run that does not
 *   count may leave a measurement gap (no-data), which is honest; a 85 counted as "≥ 0.82" is not.
 */
import type { MetricData } from './metrics/types';
import { selectRows } from './dataRange';
import { parseTarget } from '../facts/quantities';
import { unitRangeMeasure } from '../facts/measures';


const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface RatioOutOfRange {
  /** The data without the out-of-range rows (what the objective evaluates). */
  data: MetricData;
  rows: number;
  message: string;
}

/**
 * The rows of an accuracy objective's data whose value lies outside its measure's range (see the
 * header), or undefined when there are none (or the rule does not apply).
 */
export function ratioOutOfRange(objective: Record<string, unknown>, metricSpec: unknown, data: MetricData): RatioOutOfRange | undefined {
  if (objective.indicator !== 'accuracy' || !unitRangeMeasure(objective.measure)) return undefined;
  const values = data.values;
  if (!values || data.rows === 0) return undefined;
  const stated = isObj(metricSpec) ? metricSpec.unit : undefined;
  let unit: string;
  if (stated === '%' || stated === 'ratio') unit = stated === '%' ? '%' : '';
  else if (stated !== undefined) return undefined;
  else {
    const t = typeof objective.target === 'string' ? parseTarget(objective.target) : undefined;
    if (!t || !t.ok || (t.value.quantity.unit !== '%' && t.value.quantity.unit !== '')) return undefined;
    unit = t.value.quantity.unit;
  }
  const hi = unit === '%' ? 100 : 1;
  const out = (i: number) => !(values[i] >= 0 && values[i] <= hi);
  let count = 0, first = -1;
  for (let i = 0; i < data.rows; i++) if (out(i)) { count++; if (first < 0 || data.timestamps[i] < data.timestamps[first]) first = i; }
  if (count === 0) return undefined;
  const id = typeof objective.id === 'string' ? objective.id : 'the objective';
  const measure = objective.measure;
  const how = stated !== undefined
    ? `the metric states \`unit: ${String(stated)}\``
    : `the metric has no \`unit\`, so it is in the unit of the target \`${String(objective.target).trim()}\` (spec §9)`;
  const range = unit === '%' ? '[0%, 100%]' : '[0, 1]';
  const hint = unit === '%'
    ? ' Check the column: a percentage is at most 100.'
    : ` Percentages? State \`unit: %\` on the metric${stated === undefined ? ' or write the target as a percentage' : ''}.`;
  const firstLine = data.origins?.line(first);
  const line = firstLine !== undefined ? ` (line ${firstLine})` : '';
  const message = `${count === 1 ? '1 value' : `${count} values`} of \`${measure}\` for \`${id}\` ${count === 1 ? 'lies' : 'lie'} outside ${range}, the range of ${measure} read as ${unit === '%' ? 'a percentage' : 'a plain ratio'}: ${how}; the first at ${new Date(data.timestamps[first]).toISOString()}${line} is ${values[first]}. ${count === 1 ? 'It is' : 'They are'} not evaluated for \`${id}\`.${hint}`;
  return { data: selectRows(data, (i) => !out(i)), rows: count, message };
}
