/**
 * Hover on a scheduled exclusion's `rrule` (spec §12): the rule in words, its zone, and the next
 * occurrences (the last ones of a period that has ended) — as the report will exclude them (engine/schedule.ts: wall time in
 * `period.timezone`, §9's rule on DST days) — or why the rule does not parse.
 */
import { parseDuration } from '../facts/quantities';
import { occurrences, parseRule, ruleInWords } from '../engine/schedule';
import { periodBounds, zoneResolver } from '../engine/windows';
import { zonedInstant } from '../engine/render/zonedInstant';

const NEXT = 5;

/** The library's "at 2" as a clock time ("at 02:00"), when the rule names one hour and minute. */
function clockWords(words: string, options: { byhour?: unknown; byminute?: unknown }): string {
  const one = (x: unknown) => (typeof x === 'number' ? x : Array.isArray(x) && x.length === 1 && typeof x[0] === 'number' ? x[0] : undefined);
  const h = one(options.byhour);
  if (h === undefined) return words;
  const m = one(options.byminute) ?? 0;
  return words.replace(/ at \d+(?::\d+)?$/, ` at ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
}

export function scheduleHover(text: string, duration: unknown, period: unknown, now: number): string {
  const parsed = parseRule(text);
  // A rule that does not parse: its SLA002 says why (the hover would only repeat it).
  if (!parsed.ok) return '';
  let zone = typeof (period as { timezone?: unknown } | undefined)?.timezone === 'string' ? (period as { timezone: string }).timezone : 'UTC';
  try { zoneResolver(zone); } catch { zone = 'UTC'; }
  const bounds = periodBounds(period && typeof period === 'object' ? period as Record<string, unknown> : undefined, zone);
  const d = typeof duration === 'string' ? parseDuration(duration) : undefined;
  const durationMs = d?.ok && d.value.normalized > 0 ? d.value.normalized : 0;
  const lines = [`**rrule**: ${clockWords(ruleInWords(parsed.rule), parsed.rule.options)}, in ${zone} wall time${durationMs ? `, ${duration} each` : ''}.`];
  const span = (t: number) => `- ${zonedInstant(new Date(t).toISOString(), zone)}${durationMs ? ` – ${zonedInstant(new Date(t + durationMs).toISOString(), zone).replace(/^\d{4}-\d{2}-\d{2} /, '')}` : ''}`;
  const DAY = 86_400_000;
  // The period has ended (an SLA checked after the fact): the occurrences it had, the last ones listed.
  if (bounds.end !== undefined && now >= bounds.end) {
    const from = Math.max(bounds.start ?? -Infinity, bounds.end - 400 * DAY);
    const past = from < bounds.end ? occurrences(parsed.rule, zone, bounds.start, Math.max(durationMs, 1), from, bounds.end).filter((t) => t >= from && t < bounds.end!) : [];
    const last = past.slice(-NEXT);
    if (last.length) {
      lines.push('', `The period has ended; its last ${last.length === 1 ? 'occurrence' : `${last.length} occurrences`}${bounds.start !== undefined && from === bounds.start ? ` (of ${past.length})` : ''}:`);
      for (const t of last) lines.push(span(t));
    } else lines.push('', 'No occurrence in the period.');
    return lines.join('\n');
  }
  // From now, or from the period's start when it is still ahead; never past its end.
  const from = Math.max(now, bounds.start ?? -Infinity);
  const to = bounds.end ?? from + 366 * DAY;
  const next = from < to ? occurrences(parsed.rule, zone, bounds.start, Math.max(durationMs, 1), from, Math.min(to, from + 400 * DAY)).filter((t) => t >= from).slice(0, NEXT) : [];
  if (next.length) {
    lines.push('', `Next ${next.length === 1 ? 'occurrence' : `${next.length} occurrences`}${bounds.start !== undefined && from === bounds.start && now < bounds.start ? ' (the period starts later)' : ''}:`);
    for (const t of next) lines.push(span(t));
  } else {
    lines.push('', bounds.end !== undefined ? 'No occurrence left before the period ends.' : 'No occurrence in the next 400 days.');
  }
  return lines.join('\n');
}
