/**
 * What a metric's `value` column holds when the metric states no `unit` (spec §9: "A metric
 * without `unit` is taken to be in the target's unit"). The reader does not know the objectives, so
 * the caller (report, editor, linter) asks here and passes the answer in `ReadMetricOptions`:
 * the same rules then hold with and without `unit` — a negative latency is a data issue either way.
 *
 * Only the kind matters to the reader (a duration must not be negative), not the exact unit: two
 * objectives may read the same unit-less column in `ms` and in `s`, and a target edit from
 * `<= 300ms` to `<= 0.3s` must not make a cached read stale.
 */
import { parseTarget } from '../../service/quantities';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Whether the `value` column of metric `metricId` holds durations although the metric has no
 * `unit`: some objective reading that column compares it with a duration — a latency objective's
 * `threshold` (ratio form) or its `target` (percentile form), or an accuracy objective with a
 * duration target (an error measured in time). False when the metric has a `unit` (the reader
 * follows it) or no `value`, or when no objective compares the column with a duration.
 */
export function valuesAreDurations(sla: unknown, metricId: string): boolean {
  if (!isObj(sla) || !isObj(sla.metrics)) return false;
  const spec = sla.metrics[metricId];
  if (!isObj(spec) || spec.unit !== undefined || spec.value === undefined) return false;
  const objectives: unknown[] = Array.isArray(sla.objectives) ? sla.objectives : [];
  return objectives.some((o) => {
    if (!isObj(o) || o.metric !== metricId) return false;
    let bound: unknown;
    if (o.indicator === 'latency') bound = o.threshold !== undefined ? o.threshold : o.target;
    else if (o.indicator === 'accuracy') bound = o.target;
    else return false; // availability and throughput do not read `value`
    if (typeof bound !== 'string') return false;
    const t = parseTarget(bound);
    return t.ok && t.value.quantity.kind === 'duration';
  });
}
