/**
 * Metric timestamps (spec §4, §9): ISO-8601 with offset or `Z`, naive ISO read in an IANA zone
 * (a wall time in a DST gap or fold takes the earlier offset, i.e. the one in force before the
 * transition), date-only `YYYY-MM-DD` (midnight in the zone, naive), and epoch numbers with an
 * explicit unit. Results are epoch milliseconds; sub-millisecond digits are truncated (floor), so
 * every comparison with a millisecond-aligned boundary (windows, slices, exclusions) stays exact.
 */
import { IANAZone } from 'luxon';
import { escapeControl } from '../render/escape';
import { utf8Bytes, utf8Text } from './utf8';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** ECMAScript's time range: ±8.64e15 ms around 1970. */
const MAX_MS = 8.64e15;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m]);

/**
 * Resolves wall-clock times in one IANA zone to instants: the offset is looked up once per wall-clock
 * hour (cached), so millions of naive rows cost a map lookup each.
 */
export class ZoneResolver {
  readonly zone: string;
  private readonly iana: IANAZone | undefined;
  private readonly cache = new Map<number, number>();
  private lastHour = NaN;
  private lastOffset = 0;

  /** Throws a RangeError for a name that is not an IANA zone. */
  constructor(zone: string) {
    this.zone = zone;
    if (zone === 'UTC' || zone === 'Etc/UTC') { this.iana = undefined; return; }
    if (!IANAZone.isValidZone(zone)) throw new RangeError(`unknown time zone \`${zone}\` (expected an IANA name such as Europe/Berlin)`);
    this.iana = IANAZone.create(zone) as IANAZone;
  }

  /** Offset in ms (local − UTC) in force at an instant. */
  offsetAt(utcMs: number): number {
    return this.iana ? this.iana.offset(utcMs) * 60_000 : 0;
  }

  /**
   * The instant of a wall-clock time given as "milliseconds as if it were UTC". In a gap (the wall
   * time does not exist) or a fold (it exists twice) the offset in force BEFORE the transition is
   * used: in a fold that is the earlier of the two instants; in a gap it reads 02:30 as 03:30.
   */
  toUtc(wallMs: number): number {
    if (!this.iana) return wallMs;
    const hour = Math.floor(wallMs / HOUR);
    if (hour === this.lastHour) return wallMs - this.lastOffset;
    let offset = this.cache.get(hour);
    if (offset === undefined) {
      // Cacheable when the whole wall hour resolves alike (no transition inside it).
      const first = this.resolveOffset(hour * HOUR);
      const last = this.resolveOffset(hour * HOUR + HOUR - 1);
      const uniform = first === last && this.offsetAt(hour * HOUR - first) === this.offsetAt(hour * HOUR + HOUR - 1 - first);
      offset = uniform ? first : NaN;
      this.cache.set(hour, offset);
    }
    if (Number.isNaN(offset)) return wallMs - this.resolveOffset(wallMs);
    this.lastHour = hour;
    this.lastOffset = offset;
    return wallMs - offset;
  }

  /** The offset (ms) to subtract from a wall time (the disambiguation described at toUtc). */
  resolveOffset(wallMs: number): number {
    const before = this.offsetAt(wallMs - DAY);
    const after = this.offsetAt(wallMs + DAY);
    if (this.offsetAt(wallMs - before) === before) return before; // valid (in a fold: the earlier instant)
    if (this.offsetAt(wallMs - after) === after) return after; // valid, after a transition
    return before; // in a gap: the offset before it
  }
}

export interface TimestampOptions {
  /** IANA zone for naive timestamps; default UTC. */
  timezone?: string;
  /** Unit of numeric (epoch) timestamps; without it a number is a data issue. */
  unit?: 's' | 'ms';
}

const ISO_HINT = 'expected ISO-8601 such as 2026-08-03T12:00:00Z';

/** Shortens a cell for a message: at most 40 characters, in backticks. */
/**
 * A cell quoted in a message: at most 40 characters, and one line — a quoted CSV cell may hold
 * newlines, which are shown as `\n` (control characters as escapes: render/escape.ts), so the
 * message stays one line wherever it is shown.
 */
export function excerpt(text: string): string {
  const t = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `\`${escapeControl(t)}\``;
}

function bytesText(buf: Uint8Array, s: number, e: number): string {
  return utf8Text(buf, s, s + Math.min(e - s, 200));
}

/**
 * Parses timestamps from bytes without allocating. `parse` returns epoch ms or NaN; after a NaN,
 * `problem` says why; after a number, `naive` says whether the text had no offset.
 */
export class TimestampParser {
  readonly zone: ZoneResolver;
  readonly unit: 's' | 'ms' | undefined;
  problem = '';
  naive = false;
  // Day cache: the previous row's date (rows are mostly in order).
  private lastDateKey = -1;
  private lastDays = 0;

  constructor(options: TimestampOptions = {}) {
    this.zone = new ZoneResolver(options.timezone ?? 'UTC');
    this.unit = options.unit;
  }

  parseText(text: string): number {
    const b = utf8Bytes(text);
    return this.parse(b, 0, b.length);
  }

  parse(buf: Uint8Array, start: number, end: number): number {
    let s = start, e = end;
    while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
    while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
    this.naive = false;
    if (s === e) { this.problem = 'empty timestamp'; return NaN; }
    // ISO: four digits and a dash.
    if (e - s >= 10 && buf[s + 4] === 45 && isDigit(buf[s]) && isDigit(buf[s + 1]) && isDigit(buf[s + 2]) && isDigit(buf[s + 3])) {
      return this.parseIso(buf, s, e);
    }
    const c = buf[s];
    if (isDigit(c) || c === 45 || c === 43 || c === 46) {
      const v = this.parseEpoch(buf, s, e);
      if (!Number.isNaN(v) || this.problem !== '') return v;
    }
    this.problem = `unparseable timestamp ${excerpt(bytesText(buf, s, e))} (${ISO_HINT})`;
    return NaN;
  }

  /** Epoch number; NaN with problem '' when the text is not a number at all. */
  private parseEpoch(buf: Uint8Array, s: number, e: number): number {
    let i = s;
    let neg = false;
    if (buf[i] === 45) { neg = true; i++; } else if (buf[i] === 43) i++;
    let int = 0, intDigits = 0;
    while (i < e && isDigit(buf[i])) { int = int * 10 + (buf[i] - 48); intDigits++; i++; }
    let fracMs = 0, fracDigits = 0, fracRest = false;
    if (i < e && buf[i] === 46) {
      i++;
      while (i < e && isDigit(buf[i])) {
        const d = buf[i] - 48;
        if (fracDigits < 3) fracMs = fracMs * 10 + d;
        else if (d !== 0) fracRest = true;
        fracDigits++; i++;
      }
    }
    if (intDigits + fracDigits === 0) { this.problem = ''; return NaN; }
    let exp = false;
    if (i < e && (buf[i] === 101 || buf[i] === 69)) {
      exp = true;
      i++;
      if (i < e && (buf[i] === 43 || buf[i] === 45)) i++;
      const st = i;
      while (i < e && isDigit(buf[i])) i++;
      if (st === i) { this.problem = ''; return NaN; }
    }
    if (i !== e) { this.problem = ''; return NaN; }
    const text = bytesText(buf, s, e);
    if (this.unit === undefined) {
      this.problem = `numeric timestamp ${excerpt(text)} but the metric has no \`timestampUnit\` (s or ms)`;
      return NaN;
    }
    let ms: number;
    if (exp || intDigits > 16) {
      ms = exactEpochMs(text, this.unit);
    } else if (this.unit === 'ms') {
      // floor(int.frac) for ms
      ms = neg ? -int - (fracDigits > 0 && (fracMs > 0 || fracRest) ? 1 : 0) : int;
    } else {
      for (let k = fracDigits; k < 3; k++) fracMs *= 10;
      const pos = int * 1000 + fracMs;
      ms = neg ? -pos - (fracRest ? 1 : 0) : pos;
    }
    if (!(Math.abs(ms) <= MAX_MS) || !Number.isSafeInteger(ms)) {
      this.problem = `timestamp ${excerpt(text)} out of range for epoch ${this.unit === 's' ? 'seconds' : 'milliseconds'}`;
      return NaN;
    }
    this.problem = '';
    return ms === 0 ? 0 : ms;
  }

  private parseIso(buf: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const y = d4(buf, s);
    const mo = d2(buf, s + 5);
    const d = d2(buf, s + 8);
    if (y < 0 || mo < 0 || d < 0 || buf[s + 7] !== 45) return this.badIso(buf, s, e);
    let i = s + 10;
    let timeMs = 0;
    let offsetMs = 0;
    let hasOffset = false;
    if (i < e) {
      const sep = buf[i];
      if (sep !== 84 && sep !== 116 && sep !== 32) return this.badIso(buf, s, e); // T, t, space
      i++;
      if (e - i < 5) return this.badIso(buf, s, e);
      const hh = d2(buf, i), mi = d2(buf, i + 3);
      if (hh < 0 || mi < 0 || buf[i + 2] !== 58) return this.badIso(buf, s, e);
      i += 5;
      let ss = 0, frac = 0;
      if (i < e && buf[i] === 58) {
        if (e - i < 3) return this.badIso(buf, s, e);
        ss = d2(buf, i + 1);
        if (ss < 0) return this.badIso(buf, s, e);
        i += 3;
        if (i < e && buf[i] === 46) {
          i++;
          const st = i;
          let k = 0;
          while (i < e && isDigit(buf[i])) { if (k < 3) { frac = frac * 10 + (buf[i] - 48); k++; } i++; }
          if (i === st) return this.badIso(buf, s, e);
          for (; k < 3; k++) frac *= 10;
        }
      }
      if (hh > 23 || mi > 59 || ss > 59) return this.invalid(buf, s, e, 'time of day out of range');
      timeMs = hh * HOUR + mi * 60_000 + ss * 1000 + frac;
      if (i < e) {
        const z = buf[i];
        if (z === 90 || z === 122) { // Z z
          if (i + 1 !== e) return this.badIso(buf, s, e);
          hasOffset = true;
        } else if (z === 43 || z === 45) {
          const rest = e - i - 1;
          const oh = rest >= 2 ? d2(buf, i + 1) : -1;
          let om = 0;
          if (oh < 0) return this.badIso(buf, s, e);
          if (rest === 5 && buf[i + 3] === 58) om = d2(buf, i + 4);
          else if (rest === 4) om = d2(buf, i + 3);
          else if (rest !== 2) return this.badIso(buf, s, e);
          if (om < 0) return this.badIso(buf, s, e);
          if (oh > 23 || om > 59) return this.invalid(buf, s, e, 'offset out of range');
          offsetMs = (oh * 60 + om) * 60_000 * (z === 45 ? -1 : 1);
          hasOffset = true;
        } else return this.badIso(buf, s, e);
      }
    } else if (n !== 10) return this.badIso(buf, s, e);
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return this.invalid(buf, s, e, 'no such date');
    const key = y * 10000 + mo * 100 + d;
    let days: number;
    if (key === this.lastDateKey) days = this.lastDays;
    else { days = daysFromCivil(y, mo, d); this.lastDateKey = key; this.lastDays = days; }
    const wall = days * DAY + timeMs;
    this.problem = '';
    if (hasOffset) return wall - offsetMs;
    this.naive = true;
    return this.zone.toUtc(wall);
  }

  private badIso(buf: Uint8Array, s: number, e: number): number {
    this.problem = `unparseable timestamp ${excerpt(bytesText(buf, s, e))} (${ISO_HINT})`;
    return NaN;
  }

  private invalid(buf: Uint8Array, s: number, e: number, why: string): number {
    this.problem = `invalid timestamp ${excerpt(bytesText(buf, s, e))}: ${why}`;
    return NaN;
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
function d2(buf: Uint8Array, i: number): number {
  const a = buf[i] - 48, b = buf[i + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
function d4(buf: Uint8Array, i: number): number {
  const a = d2(buf, i), b = d2(buf, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

/** floor(text × 1000 or × 1) for epoch text with an exponent or many digits, exactly. */
function exactEpochMs(text: string, unit: 's' | 'ms'): number {
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return NaN;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  // value = digits × 10^(exp10)
  const exp10 = (m[4] ? parseInt(m[4], 10) : 0) - (m[3] ?? '').length + (unit === 's' ? 3 : 0);
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed === '') return 0;
  if (trimmed.length + exp10 > 17) return NaN; // far out of range
  let intPart: string, fracPart: string;
  if (exp10 >= 0) { intPart = trimmed + '0'.repeat(exp10); fracPart = ''; }
  else {
    const cut = trimmed.length + exp10;
    intPart = cut > 0 ? trimmed.slice(0, cut) : '0';
    fracPart = cut > 0 ? trimmed.slice(cut) : trimmed;
  }
  const v = Number(intPart);
  if (m[1] === '-') return -v - (/[1-9]/.test(fracPart) ? 1 : 0);
  return v;
}

/** Result of `parseTimestamp`. */
export type TimestampResult = { ok: true; ms: number; naive: boolean } | { ok: false; problem: string };

/** One timestamp from text (tests, exclusions): `parseTimestamp('2026-03-29T02:30', { timezone: 'Europe/Berlin' })`. */
export function parseTimestamp(text: string, options: TimestampOptions = {}): TimestampResult {
  const p = new TimestampParser(options);
  const ms = p.parseText(text);
  return Number.isNaN(ms) ? { ok: false, problem: p.problem } : { ok: true, ms, naive: p.naive };
}

/**
 * An evaluation instant as a user types it (`model-sla report --as-of`, the preview's `asOf`): an ISO-8601 instant with `Z` or an offset, or a date (UTC midnight). The date and time
 * must exist: `2026-02-30` is refused (as the metric timestamp parser refuses it), not rolled over.
 */
export function parseInstant(text: string): { ok: true; ms: number } | { ok: false; problem: string } {
  const t = text.trim();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(t);
  if (!date && !/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/.test(t)) {
    return { ok: false, problem: 'is not an ISO-8601 instant with Z or an offset (or a date)' };
  }
  const r = parseTimestamp(date ? `${t}T00:00:00Z` : t);
  if (!r.ok) return { ok: false, problem: `is not a real ${date ? 'date' : 'instant'} (${r.problem.replace(/^invalid timestamp `[^`]*`: /, '')})` };
  return { ok: true, ms: r.ms };
}

