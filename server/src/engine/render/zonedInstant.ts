/**
 * An instant for people, in the zone it is labelled with: "2026-09-15 14:00 Europe/Berlin
 * (12:00 UTC)" — not a UTC instant with a zone name next to it.
 */

/** `iso` (a UTC instant) as wall time in `timeZone`, with the zone named; UTC shown as "… UTC". */
export function zonedInstant(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const utc = new Date(ms).toISOString();
  const utcText = `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return utcText;
  const parts: Record<string, string> = {};
  try {
    for (const p of new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms)) parts[p.type] = p.value;
  } catch {
    return utcText;
  }
  const local = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  const sameDay = local.slice(0, 10) === utc.slice(0, 10);
  return `${local} ${timeZone} (${sameDay ? `${utc.slice(11, 16)} UTC` : utcText})`;
}
