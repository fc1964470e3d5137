/**
 * SLA121 (spec §12): exclusions without `exclusionBudget` that can remove more than 5 % of a
 * window. A schedule adds up (3 h every Sunday is 1.8 % of a month; 3 h every day is 12.5 %), and an
 * exclusion is where a breach goes to hide: past a few percent, say how much may be excluded.
 * Measured over the objective's windows inside the period (calendar windows, or a rolling window
 * ending at each exclusion's end), with the same expansion the report uses.
 */
import { parseDuration } from '../../../facts/quantities';
import { coveredMs, exclusionEdges } from '../../../engine/evaluate/exclusions';
import { calendarWindows, localDate, periodBounds, zoneResolver, CALENDAR_UNITS, type CalendarUnit } from '../../../engine/windows';
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

/** Above this share of a window, exclusions need a budget. */
export const EXCLUSION_SHARE_LIMIT = 0.05;
const MAX_WINDOWS = 400;

/** The largest share of one of the objective's windows its exclusions remove (and that window's start), or undefined when it cannot be told. */
export function largestExcludedShare(objective: Record<string, any>, zone: string, period: { start?: number; end?: number }): { share: number; start: number; cut?: 'start' | 'end'; full?: number } | undefined {
  if (!Array.isArray(objective.exclusions) || objective.exclusions.length === 0) return undefined;
  if (period.start === undefined || period.end === undefined || !(period.end > period.start)) return undefined;
  // Entries with an error of their own (SLA002) are left out; the others still add up.
  const usable = objective.exclusions.filter((e: unknown) => {
    try { exclusionEdges({ exclusions: [e] }, zone, period.start, period.start!, period.start! + 1); return true; } catch { return false; }
  });
  let pairs: Float64Array;
  try { pairs = exclusionEdges({ exclusions: usable }, zone, period.start, period.start, period.end); } catch { return undefined; }
  const w = objective.window;
  // A calendar window the period cuts short (`cut`) weighs the same exclusions more than a full one.
  const spans: [number, number, ('start' | 'end')?][] = [];
  if (w && typeof w.calendar === 'string' && CALENDAR_UNITS.includes(w.calendar as CalendarUnit)) {
    try {
      for (const win of calendarWindows(w.calendar as CalendarUnit, zone, period.start, period.end).slice(0, MAX_WINDOWS)) {
        spans.push([Math.max(win.start, period.start), Math.min(win.end, period.end), win.start < period.start ? 'start' : win.end > period.end ? 'end' : undefined]);
      }
    } catch { return undefined; }
  } else if (w && typeof w.rolling === 'string') {
    const d = parseDuration(w.rolling);
    if (!d.ok || !(d.value.normalized > 0)) return undefined;
    const length = d.value.normalized;
    for (let k = 1; k < pairs.length && spans.length < MAX_WINDOWS * 10; k += 2) spans.push([pairs[k] - length, pairs[k]]);
  } else return undefined;
  let best: { share: number; start: number; cut?: 'start' | 'end'; full?: number } | undefined;
  let full: number | undefined;
  for (const [a, b, cut] of spans) {
    if (!(b > a)) continue;
    const share = coveredMs(pairs, a, b) / (b - a);
    if (!cut && (full === undefined || share > full)) full = share;
    if (!best || share > best.share) best = { share, start: a, ...(cut ? { cut } : {}) };
  }
  if (best?.cut && full !== undefined) best.full = full;
  return best;
}

export const exclusionBudget = objectiveRule<{ zone: string; period: { start?: number; end?: number } }>({
  codes: ['SLA121'],
  // The zone and the period the windows are cut in.
  shared: ({ sla }) => {
    let zone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : 'UTC';
    try { zoneResolver(zone); } catch { zone = 'UTC'; }
    const period = periodBounds(sla.period && typeof sla.period === 'object' ? sla.period : undefined, zone);
    return { key: `${zone} ${period.start} ${period.end}`, value: { zone, period } };
  },
  check({ objective, index, label }, { zone, period }, _context, report) {
    if (objective.exclusionBudget !== undefined) return;
    const largest = largestExcludedShare(objective, zone, period);
    if (!largest || largest.share <= EXCLUSION_SHARE_LIMIT) return;
    const percent = Math.round(largest.share * 1000) / 10;
    // A window the period cuts short weighs the same exclusions more: said, with a full window's share.
    const cut = !largest.cut ? '' : `, cut short by \`period.${largest.cut}\`${largest.full !== undefined ? `; a full window loses up to ${Math.round(largest.full * 1000) / 10} %` : ''}`;
    // What the exclusions take now (a budget the parties can agree to as written), or the 5 % line.
    const now = Math.ceil(largest.share * 100);
    const path = objectivePath(index);
    report({
      code: 'SLA121',
      message: `${label}: its exclusions remove up to ${percent} % of a window (the one from ${localDate(zone, largest.start)}${cut}) and nothing limits them: an exclusion is where a breach can hide. Add \`exclusionBudget\` with the share the parties agree to: beyond it the latest exclusions count again and the report says so.`,
      at: { path: [...path, 'exclusions'], as: 'key' },
      fixes: [
        { title: `Add \`exclusionBudget: ${now}%\` (what the exclusions take now)`, kind: 'setKey', path, key: 'exclusionBudget', value: `${now}%`, preferred: true },
        { title: 'Add `exclusionBudget: 5%` (the latest exclusions beyond it count again)', kind: 'setKey', path, key: 'exclusionBudget', value: '5%' },
      ],
    });
  },
});
