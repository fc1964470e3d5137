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
import { parseTarget } from '../../facts/quantities';

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

/** An objective that reads a metric's `value` column, and the unit of the bound it compares it with. */
export interface ValueReading {
  objective: string;
  field: 'target' | 'threshold';
  bound: string;
  /** The bound's unit (`ms`, `s`, `%`, or '' for a bare number). */
  unit: string;
}

/**
 * The objectives that read the `value` column of metric `metricId`, with the unit of the bound each
 * compares it with (latency: `threshold` in the ratio form, else `target`; accuracy: `target`).
 */
export function valueReadings(sla: unknown, metricId: string): ValueReading[] {
  if (!isObj(sla)) return [];
  const objectives: unknown[] = Array.isArray(sla.objectives) ? sla.objectives : [];
  const out: ValueReading[] = [];
  objectives.forEach((o, i) => {
    if (!isObj(o) || o.metric !== metricId) return;
    let field: 'target' | 'threshold';
    if (o.indicator === 'latency') field = o.threshold !== undefined ? 'threshold' : 'target';
    else if (o.indicator === 'accuracy') field = 'target';
    else return;
    const bound = o[field];
    if (typeof bound !== 'string') return;
    const t = parseTarget(bound);
    if (!t.ok) return;
    out.push({ objective: typeof o.id === 'string' ? o.id : `#${i + 1}`, field, bound: bound.trim(), unit: t.value.quantity.unit });
  });
  return out;
}

/**
 * A metric without `unit` is in its target's unit (spec §9): when two objectives read its `value`
 * column against bounds in different units (`<= 300ms` and `<= 0.5s`, or `>= 82%` and `>= 0.82`),
 * the same number would be read two ways, 1000 (or 100) times apart. Returns the first reading of
 * each unit when there are two or more; undefined when the metric states a `unit` or all agree.
 */
export function ambiguousValueUnit(sla: unknown, metricId: string): ValueReading[] | undefined {
  if (!isObj(sla) || !isObj(sla.metrics)) return undefined;
  const spec = sla.metrics[metricId];
  if (!isObj(spec) || spec.unit !== undefined || spec.value === undefined) return undefined;
  const byUnit = new Map<string, ValueReading>();
  for (const r of valueReadings(sla, metricId)) if (!byUnit.has(r.unit)) byUnit.set(r.unit, r);
  return byUnit.size > 1 ? [...byUnit.values()] : undefined;
}
