/**
 * SLA002 on dates and durations: real calendar days, durations longer than zero, whole
 * milliseconds and within what a timestamp spans, slices no longer than their window (see
 * quantityChecks.ts's header for the rules).
 */
import { parseQuantity } from '../../facts/quantities';
import type { JsonPath } from '../yamlAst';
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why the date at the start of `text` (`YYYY-MM-DD…`) is not a calendar day, or undefined. */
export function impossibleDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined; // the schema's pattern says so
  const days = daysInMonth(year, month);
  if (day <= days) return undefined;
  return `\`${m[0]}\` is not a date: ${MONTHS[month - 1]} ${year} has ${days} days`;
}

/** The longest duration: a timestamp spans ±100,000,000 days (8.64e15 ms). */
export const MAX_DURATION_MS = 8.64e15;

/**
 * Durations and whether zero is allowed. A zero `rolling` window, `slice` or cadence holds nothing
 * (the report would show no-data everywhere), a zero `within` never holds two breaches; an
 * escalation `after: 0m` notifies at once and a `deadline: 0d` is due at once, both meaningful.
 */
export function breachDurations(sla: Record<string, any>): { path: JsonPath; raw: unknown; zero: boolean; what: string }[] {
  const out: { path: JsonPath; raw: unknown; zero: boolean; what: string }[] = [];
  const breach = sla.breach && typeof sla.breach === 'object' ? sla.breach : {};
  (Array.isArray(breach.escalation) ? breach.escalation : []).forEach((step: any, i: number) => {
    out.push({ path: ['breach', 'escalation', i, 'after'], raw: step?.after, zero: true, what: '' });
  });
  out.push({ path: ['breach', 'external', 'remediation', 'deadline'], raw: breach.external?.remediation?.deadline, zero: true, what: '' });
  out.push({ path: ['breach', 'repeated', 'within'], raw: breach.repeated?.within, zero: false, what: 'breaches within zero time of each other are never counted together' });
  return out;
}

/** An objective's durations: none may be zero (see the header). */
export function objectiveDurations(o: Record<string, any>, i: number): { path: JsonPath; raw: unknown; zero: boolean; what: string }[] {
  const out = [
    { path: ['objectives', i, 'window', 'rolling'], raw: o.window?.rolling, zero: false, what: 'a rolling window of zero length holds no observation' },
    { path: ['objectives', i, 'slice'], raw: o.slice, zero: false, what: 'a slice of zero length holds no observation' },
  ];
  const cadence = o.evaluation?.cadence;
  if (!['daily', 'weekly', 'monthly'].includes(cadence)) out.push({ path: ['objectives', i, 'evaluation', 'cadence'], raw: cadence, zero: false, what: 'a cadence of zero length has no period for a run to fall in' });
  return out;
}

/** The shortest nominal length of a calendar window (February has 28 days, Q1 90); a DST change's hour is not counted. */
export const SHORTEST_CALENDAR_MS: Record<string, number> = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000, quarter: 90 * 86_400_000, year: 365 * 86_400_000 };

/** `slice` longer than the window that holds the slices: every window would be a part of one slice. */
export function sliceLongerThanWindow(o: Record<string, any>): string | undefined {
  if (typeof o.slice !== 'string') return undefined;
  const slice = parseQuantity(o.slice, ['duration']);
  if (!slice.ok || !(slice.value.normalized > 0)) return undefined;
  const rolling = typeof o.window?.rolling === 'string' ? parseQuantity(o.window.rolling, ['duration']) : undefined;
  const calendar = typeof o.window?.calendar === 'string' ? SHORTEST_CALENDAR_MS[o.window.calendar] : undefined;
  const windowMs = rolling ? (rolling.ok ? rolling.value.normalized : undefined) : calendar;
  if (windowMs === undefined || !(windowMs > 0) || slice.value.normalized <= windowMs) return undefined;
  const windowText = rolling ? `the rolling window (\`${String(o.window.rolling).trim()}\`)` : `a calendar ${o.window.calendar}${o.window.calendar === 'month' ? ' (28 days in February)' : ''}`;
  return `\`${o.slice.trim()}\` is longer than ${windowText}: no window holds a whole slice, so every verdict would rest on a cut slice. Make the slice shorter than the window`;
}

export function durationProblem(raw: string, zero: boolean, what: string): string | undefined {
  const q = parseQuantity(raw, ['duration']);
  if (!q.ok) return /out of range/.test(q.message) ? q.message : undefined; // other syntax: the schema's message
  const ms = q.value.normalized;
  if (ms < 0) return undefined; // the schema's pattern has no sign
  if (ms === 0 && !zero) return `a duration must be positive, found \`${raw.trim()}\`: ${what}`;
  if (ms > MAX_DURATION_MS) return `\`${raw.trim()}\` is out of range: a duration spans at most 100,000,000 days (what a timestamp spans)`;
  if (!Number.isInteger(ms)) return `\`${raw.trim()}\` is not a whole number of milliseconds; timestamps have millisecond resolution, so write it in whole ms`;
  return undefined;
}
