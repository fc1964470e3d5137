/**
 * Readers of the objective's fields: durations, bounds (`target`, `sliceTarget`, `sliceGood`),
 * exclusions, `emptySlices`, `budgeting`. A malformed field throws `Invalid` with the message the
 * result's `problem` carries; a missing field with a default is recorded in `defaultsApplied`.
 */
import { TimestampParser } from '../metrics/timestamps';
import { parseDuration, parseTarget, type QuantityKind } from '../../facts/quantities';
import { conversion, decimalFrac, fracToNumber, mulFrac } from '../exact';
import { invalid, type EvalContext } from './context';
import type { Bound } from './exactCompare';

export function textOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * One timestamp parser per zone. Making one checks the zone's name (`Intl.DateTimeFormat`, ~0.1 ms):
 * a parser per instant read made the exclusion rule (SLA121) most of a 2,000-objective validation.
 * Parsing is a pure function of the text and the zone; the parser's caches (the wall hour's
 * offset, the last date) only remember answers.
 */
const parsers = new Map<string, TimestampParser>();
function parserFor(zone: string): TimestampParser {
  let parser = parsers.get(zone);
  if (!parser) {
    parser = new TimestampParser({ timezone: zone }); // throws a RangeError for an unknown zone, as before
    if (parsers.size >= 64) parsers.clear();
    parsers.set(zone, parser);
  }
  return parser;
}

export function parseInstant(v: unknown, zone: string, what: string): number {
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isFinite(t)) return t;
  } else if (typeof v === 'string') {
    const parser = parserFor(zone);
    parser.problem = '';
    const ms = parser.parseText(v);
    if (!Number.isNaN(ms)) return ms;
    invalid(`${what} \`${v}\`: ${parser.problem}`);
  }
  return invalid(`${what} is missing or not a timestamp`);
}

/** A bound field (`<= 300ms`) read into `valueUnit`. */
export function parseBound(text: unknown, field: string, valueUnit: string, kinds?: QuantityKind[]): Bound {
  if (typeof text !== 'string') return invalid(`\`${field}\` is missing`);
  const parsed = parseTarget(text, kinds);
  if (!parsed.ok) return invalid(`\`${field}\`: ${parsed.message}`);
  const toValueUnit = conversion(parsed.value.quantity.unit, valueUnit);
  if (!toValueUnit) return invalid(`\`${field}\` (${parsed.value.quantity.unit || 'a plain number'}) cannot be compared with a value in ${valueUnit || 'plain numbers'}`);
  const number = decimalFrac(parsed.value.quantity.number);
  if (!number) return invalid(`\`${field}\`: not a number`);
  const exact = mulFrac(number, toValueUnit);
  return { op: parsed.value.op, exact, approx: fracToNumber(exact) };
}

/** `target` read into `unit`; undefined when the objective has none (the value is still measured). */
export const optionalTargetBound = (ctx: EvalContext, unit: string, kinds: QuantityKind[]): Bound | undefined =>
  ctx.objective.target === undefined || ctx.objective.target === null ? undefined : parseBound(ctx.objective.target, 'target', unit, kinds);

/** The unit a target like `>= 99.9%` is written in; undefined when it is not one. */
export function targetUnitOf(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const parsed = parseTarget(text);
  return parsed.ok ? parsed.value.quantity.unit : undefined;
}

export function readNonNegativeNumber(v: unknown, field: string): number {
  const n = typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return invalid(`\`${field}\` must be a non-negative number`);
  return n;
}

/** A duration field in whole milliseconds; `fallback` (recorded as a default) when missing. */
export function readDurationMs(v: unknown, field: string, fallback: number | undefined, ctx: EvalContext): number {
  if (v === undefined || v === null) {
    if (fallback === undefined) return invalid(`\`${field}\` is missing`);
    ctx.defaultsApplied.push(field);
    return fallback;
  }
  if (typeof v !== 'string') return invalid(`\`${field}\` is not a duration`);
  const parsed = parseDuration(v);
  if (!parsed.ok) return invalid(`\`${field}\`: ${parsed.message}`);
  const ms = parsed.value.normalized;
  if (!Number.isInteger(ms) || ms < 1) return invalid(`\`${field}\` must be a whole number of milliseconds`);
  return ms;
}

export type EmptySlicesMode = 'ignore' | 'good' | 'bad';

export function readEmptySlicesMode(ctx: EvalContext): EmptySlicesMode {
  const v = ctx.objective.emptySlices;
  if (v === undefined || v === null) { ctx.defaultsApplied.push('emptySlices'); return 'ignore'; }
  if (v === 'ignore' || v === 'good' || v === 'bad') return v;
  return invalid('`emptySlices` must be ignore, good or bad');
}

/** `budgeting: timeslices` (true) or occurrences (false, the default: not recorded as one). */
export const budgetsByTimeslices = (ctx: EvalContext): boolean => {
  const budgeting = ctx.objective.budgeting;
  if (budgeting === undefined || budgeting === null || budgeting === 'occurrences') return false;
  if (budgeting === 'timeslices') return true;
  return invalid('`budgeting` must be occurrences or timeslices');
};
