/**
 * Window labels for people. Calendar labels (`2026-09`, `2026-W45`) stay as they are; a rolling
 * window's §9 label is its exact interval (`2026-09-17T23:57:19.001Z/2026-10-15T23:57:19.001Z`),
 * which reads as "28 days to 15 Oct 23:57 UTC" — the exact interval goes in a tooltip.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "28 days", "36 hours", "90 minutes", "1.5 seconds": the largest unit the length is a whole number of. */
export function durationText(ms: number): string {
  if (ms > 0 && ms % DAY === 0) return plural(ms / DAY, 'day');
  if (ms > 0 && ms % HOUR === 0) return plural(ms / HOUR, 'hour');
  if (ms > 0 && ms % MINUTE === 0) return plural(ms / MINUTE, 'minute');
  return plural(Math.round(ms) / 1000, 'second');
}

/** "15 Oct 23:57" of an instant, in `timeZone` (default UTC); the year when it is not `year`. */
export function shortInstant(ms: number, timeZone = 'UTC', year?: number): string {
  const parts: Record<string, string> = {};
  try {
    for (const p of new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms)) parts[p.type] = p.value;
  } catch {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  }
  const y = Number(parts.year);
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]}${year !== undefined && y !== year ? ` ${y}` : ''} ${parts.hour}:${parts.minute}`;
}

/** A window's label for people and its exact interval (for a tooltip; undefined for calendar labels). */
export function windowLabelText(w: { label: string; start: string; end: string }, timeZone = 'UTC'): { text: string; exact?: string } {
  const m = /^([^/]+)\/([^/]+)$/.exec(w.label);
  if (!m) return { text: w.label };
  const start = Date.parse(m[1]);
  const end = Date.parse(m[2]);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return { text: w.label };
  // The zone is named: the report's header names the SLA's zone, and an unlabelled UTC time under it reads as local.
  return { text: `${durationText(end - start)} to ${shortInstant(end, timeZone)} ${timeZone}`, exact: w.label };
}
