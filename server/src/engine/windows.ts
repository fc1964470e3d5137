/**
 * Windows and the evaluation instant (spec §5.1, §9): calendar windows in an IANA zone (ISO weeks,
 * DST-correct: a local day may last 23 or 25 hours), rolling windows, the period and the baseline as
 * instants, and slices aligned to a window's start. Every interval is half-open [start, end), epoch ms.
 *
 * Local midnights are resolved with the same rule as naive metric timestamps (metrics/timestamps.ts):
 * in a DST fold the earlier instant, in a gap the wall time read with the offset in force before the
 * transition, i.e. the first instant that exists on that date.
 */
import { ZoneResolver, daysFromCivil } from './metrics/timestamps';

export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const CALENDAR_UNITS: readonly CalendarUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

export interface Window {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive (for a calendar window: the calendar end, even when cut by asOf). */
  end: number;
  /** §9 label: `2026-03-03`, `2026-W45`, `2026-09`, `2026-Q3`, `2026`, or `<startISO>/<endISO>`. */
  label: string;
}

export interface ReportWindow extends Window {
  /**
   * The window's evaluated part (inside the period) is cut by asOf (its `end` is still the calendar
   * end). A window that reaches past `period.end` is complete once the period has ended.
   */
  partial: boolean;
  /** The window reaches beyond the period: only its part inside the period is evaluated (spec §9). */
  clipped?: boolean;
}

const DAY = 86_400_000;
/** More windows than this in one call is a mistake (a day window over 2700 years). */
const MAX_WINDOWS = 1_000_000;

const resolvers = new Map<string, ZoneResolver>();
/** A cached resolver for a zone; throws a RangeError for a name that is not an IANA zone. */
export function zoneResolver(zone: string): ZoneResolver {
  let r = resolvers.get(zone);
  if (!r) {
    r = new ZoneResolver(zone);
    if (resolvers.size > 64) resolvers.clear();
    resolvers.set(zone, r);
  }
  return r;
}

/** Civil date of a day number (days since 1970-01-01), H. Hinnant's civil_from_days. */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** ISO 8601 week-numbering year and week of a day number. */
export function isoWeek(days: number): { year: number; week: number } {
  const thursday = days - isoWeekday(days) + 4;
  const { y } = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
  return { year: y, week };
}

const pad = (n: number, w: number): string => {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? `-${s}` : s;
};

/** The instant local midnight starts a day (by day number) in the zone. */
function localMidnight(zone: ZoneResolver, days: number): number {
  return zone.toUtc(days * DAY);
}

/** The local day number (days since 1970-01-01 in the zone's wall clock) of an instant. */
function localDay(zone: ZoneResolver, t: number): number {
  return Math.floor((t + zone.offsetAt(t)) / DAY);
}

/** Day number of the first day of the calendar window that contains local day `days`. */
function windowStartDay(unit: CalendarUnit, days: number): number {
  if (unit === 'day') return days;
  if (unit === 'week') return days - isoWeekday(days) + 1;
  const { y, m } = civilFromDays(days);
  if (unit === 'month') return daysFromCivil(y, m, 1);
  if (unit === 'quarter') return daysFromCivil(y, m - ((m - 1) % 3), 1);
  return daysFromCivil(y, 1, 1);
}

/** The first day (YYYY-MM-DD) of the calendar window that contains the day `date` (YYYY-MM-DD). */
export function calendarWindowStartDate(unit: CalendarUnit, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const start = civilFromDays(windowStartDay(unit, daysFromCivil(y, m, d)));
  return `${pad(start.y, 4)}-${pad(start.m, 2)}-${pad(start.d, 2)}`;
}

/** Day number of the first day of the next window after the one starting on `startDay`. */
function nextWindowDay(unit: CalendarUnit, startDay: number): number {
  if (unit === 'day') return startDay + 1;
  if (unit === 'week') return startDay + 7;
  const { y, m } = civilFromDays(startDay);
  const months = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
  const idx = m - 1 + months;
  return daysFromCivil(y + Math.floor(idx / 12), (idx % 12) + 1, 1);
}

/** The §9 label of the calendar window starting on local day `startDay`. */
export function calendarLabel(unit: CalendarUnit, startDay: number): string {
  const { y, m, d } = civilFromDays(startDay);
  switch (unit) {
    case 'day': return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    case 'week': { const w = isoWeek(startDay); return `${pad(w.year, 4)}-W${pad(w.week, 2)}`; }
    case 'month': return `${pad(y, 4)}-${pad(m, 2)}`;
    case 'quarter': return `${pad(y, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'year': return pad(y, 4);
  }
}

/**
 * Every calendar window of `unit` in `zone` that overlaps [from, to), in order. Weeks are ISO
 * (Monday start). Throws a RangeError for an unknown zone or unit, or more than a million windows.
 */
export function calendarWindows(unit: CalendarUnit, zone: string, from: number, to: number): Window[] {
  if (!CALENDAR_UNITS.includes(unit)) throw new RangeError(`unknown calendar unit \`${String(unit)}\``);
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('calendarWindows needs finite bounds');
  const z = zoneResolver(zone);
  const out: Window[] = [];
  if (to <= from) return out;
  let day = windowStartDay(unit, localDay(z, from));
  let start = localMidnight(z, day);
  while (start < to) {
    const nextDay = nextWindowDay(unit, day);
    const end = localMidnight(z, nextDay);
    // A date a zone skipped entirely (Pacific/Apia, 2011-12-30) gives an empty window: left out.
    if (end > start && end > from) out.push({ start, end, label: calendarLabel(unit, day) });
    if (out.length > MAX_WINDOWS) throw new RangeError('too many calendar windows');
    day = nextDay;
    start = end;
  }
  return out;
}

/** The calendar window of `unit` in `zone` that contains instant `t`. */
export function calendarWindowAt(unit: CalendarUnit, zone: string, t: number): Window {
  return calendarWindows(unit, zone, t, t + 1)[0];
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDate(zone: string, t: number): string {
  return calendarLabel('day', localDay(zoneResolver(zone), t));
}

export function isoInstant(t: number): string {
  return new Date(t).toISOString();
}

/** The rolling window ending at asOf: [asOf − duration, asOf), labelled `<startISO>/<endISO>`. */
export function rollingWindow(asOf: number, durationMs: number): Window {
  const start = asOf - durationMs;
  return { start, end: asOf, label: `${isoInstant(start)}/${isoInstant(asOf)}` };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local day number of a `YYYY-MM-DD` date (a string, or a Date at UTC midnight), or undefined. */
export function parseDate(value: unknown): number | undefined {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString().slice(0, 10);
  else return undefined;
  const m = DATE.exec(text);
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const days = daysFromCivil(y, mo, d);
  const back = civilFromDays(days);
  if (back.m !== mo || back.d !== d) return undefined; // 2026-02-30
  return days;
}

/** Local midnight of a date in the zone (epoch ms), or undefined for a malformed date. */
export function startOfDate(date: unknown, zone: string): number | undefined {
  const days = parseDate(date);
  return days === undefined ? undefined : localMidnight(zoneResolver(zone), days);
}

/** The end of an inclusive date in the zone: the next day's local midnight. */
export function endOfDate(date: unknown, zone: string): number | undefined {
  const days = parseDate(date);
  return days === undefined ? undefined : localMidnight(zoneResolver(zone), days + 1);
}

/**
 * `period.start` (midnight of that date in the zone) and `period.end` (an inclusive date: the end of
 * that day in the zone, spec §9). A missing or malformed date gives undefined for that bound.
 */
export function periodBounds(period: { start?: unknown; end?: unknown } | undefined, zone: string): { start: number | undefined; end: number | undefined } {
  return { start: startOfDate(period?.start, zone), end: endOfDate(period?.end, zone) };
}

/**
 * The baseline as an interval: [from 00:00, to + 1 day 00:00) in the zone (`to` inclusive), or
 * undefined when a date is missing or malformed, or `to` precedes `from`.
 */
export function baselineBounds(baseline: { from?: unknown; to?: unknown } | undefined, zone: string): { start: number; end: number } | undefined {
  const start = startOfDate(baseline?.from, zone);
  const end = endOfDate(baseline?.to, zone);
  if (start === undefined || end === undefined || end <= start) return undefined;
  return { start, end };
}

/**
 * How many slices of `sliceMs` cover [window.start, min(window.end, asOf)): the grid is aligned to
 * the window start, the last slice may be cut by the window end or by asOf.
 */
export function sliceCount(window: { start: number; end: number }, sliceMs: number, asOf?: number): number {
  const end = asOf === undefined ? window.end : Math.min(window.end, asOf);
  if (!(sliceMs > 0) || !(end > window.start)) return 0;
  return Math.ceil((end - window.start) / sliceMs);
}

/**
 * Slice boundaries aligned to the window start, clipped at the window end and at asOf: slice i is
 * [b[i], b[i + 1]). Length = slices + 1 (empty when no slice lies before asOf).
 */
export function slices(window: { start: number; end: number }, sliceMs: number, asOf?: number): Float64Array {
  const count = sliceCount(window, sliceMs, asOf);
  if (count === 0) return new Float64Array(0);
  const end = asOf === undefined ? window.end : Math.min(window.end, asOf);
  const b = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) b[i] = window.start + i * sliceMs;
  b[count] = end;
  return b;
}

/**
 * How many calendar windows a report lists at most, per unit: about ten years of days, twenty of
 * weeks, a century of months and quarters, a century of years. More is never a real SLA but one bad
 * row (a date in year 1 or 9999 without `period.start` / `period.end`): the earliest windows beyond
 * the cap are dropped and the report says so, instead of building millions of windows.
 */
export const MAX_REPORT_WINDOWS: Readonly<Record<CalendarUnit, number>> = { day: 3660, week: 1044, month: 1200, quarter: 400, year: 100 };

/** A running index of the windows of `unit` (consecutive windows differ by 1), from a window's first day. */
function windowIndex(unit: CalendarUnit, startDay: number): number {
  if (unit === 'day') return startDay;
  if (unit === 'week') return Math.floor((startDay + 3) / 7); // 1970-01-05 was a Monday: (4 + 3) / 7 = 1
  const { y, m } = civilFromDays(startDay);
  if (unit === 'month') return y * 12 + (m - 1);
  if (unit === 'quarter') return y * 4 + Math.floor((m - 1) / 3);
  return y;
}

/** The first day of the window with running index `index` (the inverse of windowIndex). */
function windowDayOf(unit: CalendarUnit, index: number): number {
  if (unit === 'day') return index;
  if (unit === 'week') return index * 7 - 3;
  if (unit === 'month') return daysFromCivil(Math.floor(index / 12), (((index % 12) + 12) % 12) + 1, 1);
  if (unit === 'quarter') return daysFromCivil(Math.floor(index / 4), (((index % 4) + 4) % 4) * 3 + 1, 1);
  return daysFromCivil(index, 1, 1);
}

export interface CalendarPlan {
  windows: ReportWindow[];
  /** Windows not listed because of the cap (0 when none): `droppedBefore` + `droppedAfter`. */
  dropped: number;
  /** The start of the first window not dropped (epoch ms), when some earlier ones were. */
  keptFrom?: number;
  /** Earlier windows not listed. */
  droppedBefore?: number;
  /**
   * Windows without data between the latest window holding data and the last window (the one
   * at asOf, always listed: it is the objective's status): not listed, [from, to) in epoch ms.
   */
  droppedAfter?: number;
  gap?: { from: number; to: number };
}

/**
 * The calendar windows a report lists (spec §9): from the window containing `periodStart` (else the
 * earliest observation) through the last window that starts before asOf and before `periodEnd`.
 * The one whose part inside the period is cut by asOf is `partial` (its `end` stays the calendar
 * end); one that reaches beyond the period is `clipped`.
 *
 * At most `maxWindows` (default MAX_REPORT_WINDOWS) are listed. Over the cap, the windows that hold
 * data are kept, not merely the latest: `dataRange(from, to)` gives the earliest and latest row in
 * [from, to) (asked only over the cap). Listed: the windows through the one holding the latest
 * row, as many as fit (the latest ones), and the last window (at asOf: the objective's status);
 * the empty ones between are dropped (`droppedAfter`, `gap`), and the earlier ones beyond the cap
 * (`droppedBefore`). Without rows in range: the latest windows.
 */
export function planCalendarWindows(
  unit: CalendarUnit,
  zone: string,
  bounds: { periodStart?: number; periodEnd?: number; firstObservation?: number; asOf: number },
  maxWindows: number = MAX_REPORT_WINDOWS[unit] ?? 1000,
  dataRange?: (from: number, to: number) => { min: number; max: number } | undefined,
): CalendarPlan {
  let from = bounds.periodStart ?? bounds.firstObservation;
  if (from === undefined || !Number.isFinite(from) || !Number.isFinite(bounds.asOf)) return { windows: [], dropped: 0 };
  const limit = bounds.periodEnd === undefined ? bounds.asOf : Math.min(bounds.asOf, bounds.periodEnd);
  if (!(limit > from)) return { windows: [], dropped: 0 };
  if (!CALENDAR_UNITS.includes(unit)) throw new RangeError(`unknown calendar unit \`${String(unit)}\``);
  const z = zoneResolver(zone);
  const indexAt = (t: number) => windowIndex(unit, windowStartDay(unit, localDay(z, t)));
  const first = indexAt(from);
  const last = indexAt(limit - 1);
  const periodEnd = bounds.periodEnd ?? Infinity;
  const periodStart = bounds.periodStart ?? -Infinity;
  const toReport = (w: Window): ReportWindow => {
    const r: ReportWindow = { ...w, partial: bounds.asOf < Math.min(w.end, periodEnd) };
    if (w.start < periodStart || w.end > periodEnd) r.clipped = true;
    return r;
  };
  if (last - first + 1 <= maxWindows) return { windows: calendarWindows(unit, zone, from, limit).map(toReport), dropped: 0 };
  const range = dataRange?.(from, limit);
  const dataLast = range ? Math.min(last, Math.max(first, indexAt(range.max))) : last;
  const tail = dataLast < last ? 1 : 0;
  const keep = Math.max(first, dataLast - (maxWindows - tail) + 1);
  const droppedBefore = keep - first;
  const droppedAfter = last - dataLast - tail;
  const plan: CalendarPlan = { windows: [], dropped: droppedBefore + droppedAfter };
  if (droppedBefore > 0) {
    plan.droppedBefore = droppedBefore;
    plan.keptFrom = localMidnight(z, windowDayOf(unit, keep));
    from = plan.keptFrom;
  }
  const dataEnd = localMidnight(z, windowDayOf(unit, dataLast + 1));
  plan.windows = calendarWindows(unit, zone, from, Math.min(limit, dataEnd)).map(toReport);
  if (tail) {
    const lastStart = localMidnight(z, windowDayOf(unit, last));
    plan.windows.push(...calendarWindows(unit, zone, lastStart, limit).map(toReport));
    if (droppedAfter > 0) { plan.droppedAfter = droppedAfter; plan.gap = { from: dataEnd, to: lastStart }; }
  }
  return plan;
}

/** The windows of planCalendarWindows (the latest MAX_REPORT_WINDOWS of the unit at most). */
export function reportCalendarWindows(
  unit: CalendarUnit,
  zone: string,
  bounds: { periodStart?: number; periodEnd?: number; firstObservation?: number; asOf: number },
): ReportWindow[] {
  return planCalendarWindows(unit, zone, bounds).windows;
}

/**
 * The part of [start, end) a window evaluates (spec §9): inside the period, and before asOf when
 * given. `clipped` when the window reaches beyond the period. Empty when `to <= from`.
 */
export function evaluatedPart(window: { start: number; end: number }, period: { start?: number; end?: number } | undefined): { from: number; to: number; clipped: boolean } {
  const from = period?.start !== undefined ? Math.max(window.start, period.start) : window.start;
  const to = period?.end !== undefined ? Math.min(window.end, period.end) : window.end;
  return { from, to, clipped: from > window.start || to < window.end };
}

/**
 * Default asOf (spec §9): 1 ms after the latest timestamp over the given data; undefined when none.
 * With `periodEnd`, never later than the period's end: rows after the period are never evaluated and
 * do not carry asOf past it (a finished period is evaluated at its end, its last window complete).
 */
export function defaultAsOf(datas: Iterable<{ rows: number; maxTime: number } | undefined>, periodEnd?: number): number | undefined {
  let max = -Infinity;
  for (const d of datas) if (d && d.rows > 0 && d.maxTime > max) max = d.maxTime;
  if (!Number.isFinite(max)) return undefined;
  return periodEnd !== undefined && max + 1 > periodEnd ? periodEnd : max + 1;
}
