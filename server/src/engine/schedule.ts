/**
 * Scheduled exclusions (spec §12): an RFC 5545 recurrence rule (`rrule`) and a `duration` — each
 * occurrence excludes [start, start + duration). Rules are read in wall time of the SLA's
 * `period.timezone`: DTSTART is `period.start` at 00:00 local unless the rule names one (as local
 * time), and each occurrence's wall time becomes an instant by §9's rule (in a DST fold the earlier
 * offset, in a gap the offset in force before it: a 02:30 that does not exist is 03:30).
 *
 * The recurrence itself is the `rrule` library's (RFC 5545 semantics, well kept), used in its
 * "floating" mode — wall times as if UTC — and converted here with the engine's zone resolver, so
 * DST follows the same rule as every other instant of the report. What the library accepts silently
 * (an unknown weekday, an hour 25, no FREQ) is refused first, each with the column of its part.
 */
import { RRule, type Options } from 'rrule';
import { zoneResolver } from './windows';

export interface RuleProblem {
  message: string;
  /** Offset in the rule's text of the part at fault, and its length. */
  offset: number;
  length: number;
}

export interface ParsedRule {
  text: string;
  options: Partial<Options>;
  /** DTSTART named by the rule: wall time as if UTC (ms); otherwise period.start's local midnight is used. */
  dtstartWall?: number;
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FREQS = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY'];
const intList = (min: number, max: number, signed = false) => (v: string): string | undefined => {
  for (const part of v.split(',')) {
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(part)) return `\`${part}\` is not a whole number`;
    const n = Math.abs(Number(part));
    if (n < min || n > max || (signed && Number(part) === 0)) return `\`${part}\` is outside ${signed ? `±${min}…${max}` : `${min}…${max}`}`;
  }
  return undefined;
};
const wallTime = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?$/;

/** Each RRULE part's check: undefined when its value is right, else why not. */
const PARTS: Record<string, (value: string) => string | undefined> = {
  FREQ: (v) => (FREQS.includes(v) ? undefined : v === 'MINUTELY' || v === 'SECONDLY'
    ? 'an exclusion schedule repeats at most hourly (a minutely schedule is not a planned exclusion)'
    : `\`${v}\` is not a frequency: ${FREQS.join(', ')}`),
  INTERVAL: (v) => (/^[1-9]\d{0,3}$/.test(v) ? undefined : 'INTERVAL is a whole number ≥ 1'),
  COUNT: (v) => (/^[1-9]\d{0,5}$/.test(v) ? undefined : 'COUNT is a whole number ≥ 1'),
  UNTIL: (v) => (wallTime.test(v) ? undefined : v.endsWith('Z') && wallTime.test(v.slice(0, -1))
    ? 'UNTIL is read in period.timezone: write it without `Z`'
    : 'UNTIL is a date (20261231) or a local date-time (20261231T235959)'),
  BYDAY: (v) => {
    for (const part of v.split(',')) {
      const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(part);
      if (!m || !DAYS.includes(m[2])) return `\`${part}\` is not a weekday: ${DAYS.join(', ')}, optionally with a number (1SU, -1FR)`;
      if (m[1] !== undefined && (Number(m[1]) === 0 || Math.abs(Number(m[1])) > 53)) return `\`${part}\`: the number is ±1…53`;
    }
    return undefined;
  },
  BYHOUR: intList(0, 23),
  BYMINUTE: intList(0, 59),
  BYSECOND: intList(0, 59),
  BYMONTH: intList(1, 12),
  BYMONTHDAY: intList(1, 31, true),
  BYYEARDAY: intList(1, 366, true),
  BYWEEKNO: intList(1, 53, true),
  BYSETPOS: intList(1, 366, true),
  WKST: (v) => (DAYS.includes(v) ? undefined : `\`${v}\` is not a weekday: ${DAYS.join(', ')}`),
};

/**
 * The rule parsed, or why not with the column of the part at fault. Accepts `FREQ=…;BYDAY=…`, an
 * `RRULE:` prefix, and a `DTSTART:<local date-time>` line before it.
 */
export function parseRule(text: string): { ok: true; rule: ParsedRule } | { ok: false; problem: RuleProblem } {
  // A YAML block scalar (`rrule: |`) ends with a line break: not part of the rule.
  text = text.replace(/\s+$/, '');
  // RFC 5545 §3.1: names and enumerated values are case-insensitive (`freq=weekly;byday=su`). ASCII
  // only, so that every offset stays where it was.
  text = text.replace(/[a-z]+/g, (w) => w.toUpperCase());
  const fail = (message: string, offset = 0, length = text.length) => ({ ok: false as const, problem: { message, offset, length: Math.max(1, length) } });
  let body = text;
  let base = 0;
  let dtstartWall: number | undefined;
  const dt = /^DTSTART(;[^:]*)?:([^\s]*)\s+/.exec(body);
  if (dt) {
    if (dt[1]) return fail('DTSTART is read in period.timezone: write it without TZID (`DTSTART:20260301T020000`)', 0, dt[0].trimEnd().length);
    const m = wallTime.exec(dt[2]);
    if (!m) {
      const message = dt[2].endsWith('Z') ? 'DTSTART is read in period.timezone: write it without `Z`' : 'DTSTART is a local date-time such as 20260301T020000';
      return fail(message, dt[0].indexOf(dt[2]), dt[2].length);
    }
    dtstartWall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
    if (!Number.isFinite(dtstartWall) || new Date(dtstartWall).getUTCDate() !== Number(m[3])) return fail(`\`${dt[2]}\` is not a date`, dt[0].indexOf(dt[2]), dt[2].length);
    base = dt[0].length;
    body = body.slice(base);
  } else if (/^DTSTART/.test(body)) {
    return fail('DTSTART goes on a line of its own before the rule: `DTSTART:20260301T020000` then `RRULE:FREQ=…`', 0, body.length);
  }
  if (body.startsWith('RRULE:')) { base += 6; body = body.slice(6); }
  if (body.trim() === '') return fail('the rule is empty: write e.g. `FREQ=WEEKLY;BYDAY=SU;BYHOUR=2`');
  const seen = new Set<string>();
  const at = new Map<string, { offset: number; value: string }>();
  let offset = base;
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const check = PARTS[name];
    if (!check) {
      return fail(part === '' ? 'an empty part (two `;` in a row, or one at the end)' : `\`${name}\` is not a part of an RFC 5545 rule: ${Object.keys(PARTS).join(', ')}`, offset, part.length || 1);
    }
    if (eq < 0 || value === '') return fail(`\`${name}\` has no value (\`${name}=…\`)`, offset, part.length);
    if (seen.has(name)) return fail(`\`${name}\` is given twice`, offset, part.length);
    seen.add(name);
    at.set(name, { offset: offset + eq + 1, value });
    const why = check(value);
    if (why) return fail(why, offset + eq + 1, value.length);
    offset += part.length + 1;
  }
  if (!seen.has('FREQ')) return fail('the rule has no FREQ: start it with e.g. `FREQ=WEEKLY`', base, body.length);
  if (seen.has('COUNT') && seen.has('UNTIL')) return fail('a rule has COUNT or UNTIL, not both', base, body.length);
  // RFC 5545 §3.3.10: a numbered BYDAY (`1SU`, `-1FR`) only with FREQ=MONTHLY or YEARLY.
  const byday = at.get('BYDAY');
  const freq = at.get('FREQ')!.value;
  if (byday && /\d/.test(byday.value) && freq !== 'MONTHLY' && freq !== 'YEARLY') {
    return fail(`a numbered BYDAY (\`${byday.value}\`) needs FREQ=MONTHLY or YEARLY (RFC 5545): with FREQ=${freq}, write the weekday alone (\`${byday.value.replace(/[+-]?\d+/g, '')}\`)`, byday.offset, byday.value.length);
  }
  let options: Partial<Options>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), base, body.length);
  }
  return { ok: true, rule: { text, options, ...(dtstartWall !== undefined ? { dtstartWall } : {}) } };
}

/** The rule for wall times starting at `dtstartWall` (as if UTC). */
function rruleOf(rule: ParsedRule, dtstartWall: number): RRule {
  return new RRule({ ...rule.options, dtstart: new Date(rule.dtstartWall ?? dtstartWall) });
}

/** At most this many occurrences per expansion (an hourly rule over ten years is 87,600). */
export const MAX_OCCURRENCES = 100_000;

/**
 * The occurrences' instants whose [start, start + durationMs) meets [from, to), in time order.
 * `periodStart`: the instant of period.start (DTSTART is its local midnight, i.e. its wall time).
 */
export function occurrences(rule: ParsedRule, zone: string, periodStart: number | undefined, durationMs: number, from: number, to: number): number[] {
  if (!(to > from) || !Number.isFinite(from) || !Number.isFinite(to)) return [];
  const resolver = zoneResolver(zone);
  const wallOf = (t: number) => t + resolver.offsetAt(t);
  const start = periodStart ?? Date.UTC(2000, 0, 1) - resolver.offsetAt(Date.UTC(2000, 0, 1));
  const r = rruleOf(rule, wallOf(start));
  // Wall bounds wide enough for any offset (±1 day) and an occurrence that began before `from`.
  const lo = new Date(wallOf(from) - durationMs - 86_400_000);
  const hi = new Date(wallOf(to) + 86_400_000);
  const out: number[] = [];
  r.between(lo, hi, true, (date) => {
    const t = resolver.toUtc(date.getTime());
    if (t < to && t + durationMs > from) out.push(t);
    return out.length < MAX_OCCURRENCES;
  });
  return out.sort((a, b) => a - b);
}

/** The rule in words (the library's English), e.g. "every week on Sunday at 2". */
export function ruleInWords(rule: ParsedRule): string {
  try {
    return rruleOf(rule, Date.UTC(2000, 0, 1)).toText();
  } catch {
    return rule.text;
  }
}
