/**
 * What a person reads first about an objective and a report: the windows shown, an objective's
 * verdict (invalid, breached with the credit owed, else its latest window), the report's summary
 * line and the credits by window. The same rules as the exported HTML (engine/render/common.ts).
 */
import { finalBreaches, invalidProblem, shownWindows } from '../../../../server/src/engine/render/common';
import { windowLabelText } from '../../../../server/src/engine/render/windowLabel';
import { statusLabel, windowStatusLabel } from './format';
import type { ObjectiveView, ReportView, Status, WindowView } from './viewTypes';

/** Credits of an objective by window label. */
export function creditsByWindow(r: ReportView, objectiveId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of r.credits) if (c.objective === objectiveId) out.set(c.window, c.credit);
  return out;
}

export type Verdict = Status | 'invalid';

/**
 * The windows the preview shows: leading windows without data collapsed (as the exported HTML
 * does, engine/render/common.ts), none for an objective that could not be evaluated.
 */
export function previewWindows(o: ObjectiveView): { hidden: number; windows: WindowView[] } {
  if (invalidProblem(o)) return { hidden: 0, windows: [] };
  return shownWindows(o);
}

/** A window's label for people ("28 days to 15 Oct 23:57" for a rolling one) and its exact interval. */
export function windowLabel(w: WindowView): { text: string; exact?: string } {
  return windowLabelText(w);
}

/**
 * An objective's verdict: invalid (said once, with the reason), else breached when a complete
 * window was breached — the latest such window and the credit owed, even when the latest, partial
 * window is met so far (`latest` then says that) — else the latest window's status.
 */
export function objectiveVerdict(r: ReportView, o: ObjectiveView): { status: Verdict; text: string; latest?: string } {
  const problem = invalidProblem(o);
  if (problem) return { status: 'invalid', text: `invalid: ${problem}` };
  const latest = o.windows[o.windows.length - 1];
  const latestText = latest ? `${windowStatusLabel(latest)} in ${windowLabel(latest).text}` : statusLabel(o.status);
  const final = finalBreaches(o);
  const last = final[final.length - 1];
  if (!last) {
    // A provisional latest window's verdict may still change: the objective stands where the latest final window does.
    if (latest?.provisional) {
      const settled = [...o.windows].reverse().find((w) => !w.provisional);
      return { status: settled?.status ?? 'no-data', text: latestText };
    }
    return { status: o.status, text: latestText };
  }
  const credits = r.credits.filter((c) => c.objective === o.id);
  const owed = credits.length === 1 ? ` · ${credits[0].credit} credit owed` : credits.length > 1 ? ` · ${credits.length} credits owed` : '';
  const more = final.length > 1 ? ` (and ${final.length - 1} earlier window${final.length === 2 ? '' : 's'})` : '';
  const text = `breached in ${windowLabel(last).text}${more}${owed}`;
  return last === latest ? { status: 'breached', text } : { status: 'breached', text, latest: latestText };
}

/** "4 objectives: 2 met, 1 breached, 1 invalid; 1 service credit owed (availability 2026-02: 10%)." */
export function summaryText(r: ReportView): string {
  const counts: Record<Verdict, number> = { met: 0, breached: 0, 'no-data': 0, invalid: 0 };
  // The latest window provisional (spec §12) and nothing final breached: neither met nor breached yet.
  let provisional = 0;
  for (const o of r.objectives) {
    const v = objectiveVerdict(r, o);
    if (v.status !== 'breached' && v.status !== 'invalid' && o.windows[o.windows.length - 1]?.provisional) provisional++;
    else counts[v.status]++;
  }
  const n = r.objectives.length;
  const parts = [`${counts.met} met`, `${counts.breached} breached`];
  if (counts['no-data']) parts.push(`${counts['no-data']} no data`);
  if (provisional) parts.push(`${provisional} provisional`);
  if (counts.invalid) parts.push(`${counts.invalid} invalid`);
  const c = r.credits.length;
  const credits = `${c} service credit${c === 1 ? '' : 's'} owed${c ? ` (${r.credits.map((x) => `${x.objective} ${x.window}: ${x.credit}`).join(', ')})` : ''}`;
  // An internal SLA owes no credits: saying "0 service credits owed" would suggest it could.
  return `${n} objective${n === 1 ? '' : 's'}: ${parts.join(', ')}${c || r.scope === 'external' ? `; ${credits}` : ''}.`;
}
