/**
 * Which answers a streamed read of one metric file must aggregate (engine/stream/README.md): the
 * plan is made from the SLA alone, before the file is read, so that each row can be added to its
 * windows' aggregates as it is parsed and no row is kept.
 *
 * A metric is planned only when every objective that uses it is one the aggregates answer exactly:
 * a latency percentile (nearest-rank or linear) over calendar windows, or nearest-rank percentile
 * timeslices — with no exclusions, no segments, no label delay — and the SLA has a period with a
 * start and an end and no baseline. Anything else (undefined plan) is read as rows, as before.
 *
 * The cells are the calendar windows of the whole period (up to asOf when one is given), each as
 * the part the report evaluates: [max(window start, period start), min(window end, period end,
 * asOf)). The default asOf cuts nothing from a cell (no row lies at or after it), which the answers
 * check at each query (StreamAnswers) — a query the plan did not foresee throws NotStreamed, and
 * the caller reads the rows instead.
 */
import { parseDuration, parseTarget } from '../../facts/quantities';
import { conversion, decimalFrac, fracToNumber, mulFrac } from '../exact';
import { exclusionsFor } from '../evaluate/exclusions';
import { isPercentileText, type PercentileMethod } from '../percentile';
import { segmentSpecOf } from '../segments';
import { CALENDAR_UNITS, periodBounds, planCalendarWindows, sliceCount, zoneResolver, type CalendarUnit } from '../windows';

/** One aggregate over a set of cells: a percentile's value bits and top values, or nearest-rank slice counts. */
export interface StreamTarget {
  kind: 'percentile' | 'slices';
  /** Cells, sorted and disjoint: [from[k], to[k]); `gridStart[k]` is the calendar window's start (the slice grid's origin). */
  from: number[];
  to: number[];
  gridStart: number[];
  /** The percentile without its `p` (`99.9`), and its method. */
  pText: string;
  method: PercentileMethod;
  /** Slices: their length, and the per-slice bound (`<= 800ms`) in the value unit; the factor from the metric's unit to it. */
  sliceMs?: number;
  bound?: { op: string; n: string; d: string; approx: number };
  factor?: { n: string; d: string };
}

export interface StreamPlan {
  targets: StreamTarget[];
  /** Cells in all (the aggregates' memory grows with it). */
  cells: number;
}

/** At most this many cells per plan: each percentile cell holds 256 KiB of counts while it is read. */
export const MAX_STREAM_CELLS = 400;
/** At most this many slices per slices target (12 bytes each per core): a year of one-minute slices. */
export const MAX_STREAM_SLICES = 550_000;

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The plan for metric `metricId` of `sla`, or why there is none. `asOf`: the report's, when given.
 */
export function streamPlan(slaValue: unknown, metricId: string, asOf?: number): { ok: true; plan: StreamPlan } | { ok: false; why: string } {
  const no = (why: string) => ({ ok: false as const, why });
  if (!isObj(slaValue)) return no('not an SLA');
  const sla = slaValue;
  const spec = isObj(sla.metrics) ? sla.metrics[metricId] : undefined;
  if (!isObj(spec) || typeof spec.file !== 'string' || typeof spec.value !== 'string') return no('not a file metric with a `value` column');
  if (spec.good !== undefined || spec.total !== undefined || spec.goodCount !== undefined || spec.samples !== undefined || spec.dataset !== undefined) return no('the metric reads more than a value');
  if (sla.baseline !== undefined) return no('the SLA has a baseline');
  if (!isObj(sla.period)) return no('no period');
  let zone = 'UTC';
  if (sla.period.timezone !== undefined) {
    if (typeof sla.period.timezone !== 'string') return no('a malformed timezone');
    zone = sla.period.timezone;
  }
  try { zoneResolver(zone); } catch { return no('an unknown timezone'); }
  const period = periodBounds(sla.period, zone);
  if (period.start === undefined || period.end === undefined || !(period.end > period.start)) return no('the period lacks a start or an end');
  const objectives = Array.isArray(sla.objectives) ? sla.objectives.filter((o) => isObj(o) && o.metric === metricId) : [];
  if (objectives.length === 0) return no('no objective uses the metric');
  const targets: StreamTarget[] = [];
  const seen = new Set<string>();
  let cells = 0;
  for (const o of objectives as Record<string, any>[]) {
    const target = targetOf(o, spec, zone, period as { start: number; end: number }, asOf);
    if (typeof target === 'string') return no(`objective \`${String(o.id)}\`: ${target}`);
    const key = JSON.stringify(target);
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(target);
    cells += target.from.length;
  }
  if (cells > MAX_STREAM_CELLS) return no(`${cells} windows, more than ${MAX_STREAM_CELLS}`);
  return { ok: true, plan: { targets, cells } };
}

function targetOf(o: Record<string, any>, spec: Record<string, any>, zone: string, period: { start: number; end: number }, asOf: number | undefined): StreamTarget | string {
  if (o.indicator !== 'latency') return 'not a latency objective';
  if (o.threshold !== undefined || o.percentile === undefined) return 'not a percentile';
  if (segmentSpecOf(o) || o.segments !== undefined) return 'segments';
  if (o.exclusions !== undefined || o.exclusionBudget !== undefined) return 'exclusions';
  const pText = (typeof o.percentile === 'number' ? String(o.percentile) : typeof o.percentile === 'string' ? o.percentile : '').trim().replace(/^[pP]/, '');
  if (!isPercentileText(pText)) return 'an unusable percentile';
  const method: PercentileMethod | undefined = o.percentileMethod === undefined || o.percentileMethod === null ? 'nearest-rank'
    : o.percentileMethod === 'nearest-rank' || o.percentileMethod === 'linear' ? o.percentileMethod : undefined;
  if (!method) return 'an unknown percentile method';
  if (!isObj(o.window) || typeof o.window.calendar !== 'string' || !CALENDAR_UNITS.includes(o.window.calendar as CalendarUnit)) return 'not a calendar window';
  const unit = o.window.calendar as CalendarUnit;
  const end = asOf === undefined ? period.end : Math.min(period.end, asOf);
  const plan = planCalendarWindows(unit, zone, { periodStart: period.start, periodEnd: period.end, asOf: end }, MAX_STREAM_CELLS + 1);
  if (plan.dropped > 0 || plan.windows.length > MAX_STREAM_CELLS) return 'too many windows';
  const from: number[] = [], to: number[] = [], gridStart: number[] = [];
  for (const w of plan.windows) {
    const f = Math.max(w.start, period.start), t = Math.min(w.end, period.end, end);
    if (!(t > f)) continue;
    if (exclusionsFor(o, zone, { periodStart: period.start, from: f, to: Math.min(w.end, period.end), until: t }).pairs.length) return 'exclusions';
    from.push(f); to.push(t); gridStart.push(w.start);
  }
  const target: StreamTarget = { kind: 'percentile', from, to, gridStart, pText, method };
  if (o.budgeting === undefined || o.budgeting === null || o.budgeting === 'occurrences') return target;
  if (o.budgeting !== 'timeslices') return 'unknown budgeting';
  if (method !== 'nearest-rank') return 'linear timeslices';
  if (typeof o.slice !== 'string') return 'no slice';
  const slice = parseDuration(o.slice);
  if (!slice.ok || !Number.isInteger(slice.value.normalized) || slice.value.normalized < 1) return 'an unusable slice';
  // The bound in the value's unit (the target's), and the factor from the metric's unit to it — as
  // evaluate/latency.ts reads them; the answers compare both with the query's.
  const parsed = typeof o.target === 'string' ? parseTarget(o.target, ['duration', 'number']) : undefined;
  if (!parsed || !parsed.ok) return 'an unusable target';
  const valueUnit = parsed.value.quantity.unit || (typeof spec.unit === 'string' ? spec.unit : '');
  const toValueUnit = conversion(typeof spec.unit === 'string' && spec.unit ? spec.unit : undefined, valueUnit);
  const number = decimalFrac(parsed.value.quantity.number);
  const toBound = conversion(parsed.value.quantity.unit, valueUnit);
  if (!toValueUnit || !number || !toBound) return 'units that do not convert';
  const exact = mulFrac(number, toBound);
  // Three counts per slice per cell on every core: a slice of a millisecond over a quarter would be
  // gigabytes. Such a plan is left to the rows (whose evaluation refuses over 20 M slices a window).
  let slices = 0;
  for (let k = 0; k < from.length; k++) slices += sliceCount({ start: gridStart[k], end: to[k] }, slice.value.normalized);
  if (slices > MAX_STREAM_SLICES) return `${slices} slices, more than ${MAX_STREAM_SLICES}`;
  target.kind = 'slices';
  target.sliceMs = slice.value.normalized;
  target.bound = { op: parsed.value.op, n: String(exact.n), d: String(exact.d), approx: fracToNumber(exact) };
  target.factor = { n: String(toValueUnit.n), d: String(toValueUnit.d) };
  return target;
}
