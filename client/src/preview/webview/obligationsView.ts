/**
 * What the breached windows of an objective oblige (spec §8.2), as the preview lists them: per final
 * breach its credit, remediation, communication, actions and escalations with due dates in the SLA's
 * zone — a due date before the report's asOf marked overdue — and a partial window breached so far
 * as "at risk" (nothing owed yet). Pure: objectiveCard.ts draws it.
 */
import type { ObjectiveView, ReportView } from './viewTypes';
import { obligationWhat } from '../../../../server/src/engine/render/obligations';
import { shortInstant } from '../../../../server/src/engine/render/windowLabel';

export interface ObligationEntryView { kind: string; text: string; due?: string; overdue: boolean }
export interface ObligationWindowView {
  window: string;
  /** When the breach became final, for people; absent for a window at risk. */
  final?: string;
  atRisk: boolean;
  /** A partial window breached for certain (a failed run stays): final, and obliging, when it ends (`ends`). */
  certain?: boolean;
  ends?: string;
  projectedCredit?: string;
  entries: ObligationEntryView[];
}

/** The objective's breached windows with what they oblige, latest first. */
export function obligationWindows(r: ReportView, o: ObjectiveView): ObligationWindowView[] {
  const asOf = Date.parse(r.asOf);
  const year = Number.isFinite(asOf) ? new Date(asOf).getUTCFullYear() : undefined;
  const when = (iso: string) => shortInstant(Date.parse(iso), r.timezone, year);
  const byWindow = new Map<string, ObligationWindowView>();
  for (const x of r.obligations ?? []) {
    if (x.objective !== o.id || !x.window) continue;
    let w = byWindow.get(x.window);
    if (!w) { w = { window: x.window, atRisk: false, entries: [], ...(x.finalAt ? { final: when(x.finalAt) } : {}) }; byWindow.set(x.window, w); }
    w.entries.push({ kind: x.kind, text: obligationWhat(x), ...(typeof x.due === 'string' ? { due: when(x.due) } : {}), overdue: typeof x.due === 'string' && Date.parse(x.due) < asOf });
  }
  // A final breach the SLA's policy obliges nothing for (no `breach:`) is listed too: its notice is still there.
  for (const w of o.windows) {
    if (w.status === 'breached' && !w.partial && !w.provisional && !byWindow.has(w.label)) byWindow.set(w.label, { window: w.label, atRisk: false, entries: [], final: when(w.end) });
  }
  const out = [...byWindow.values()].sort((a, b) => o.windows.findIndex((w) => w.label === a.window) - o.windows.findIndex((w) => w.label === b.window));
  const latest = o.windows[o.windows.length - 1];
  if (latest && latest.partial && latest.status === 'breached') {
    out.push({
      window: latest.label, atRisk: true, entries: [], ...(latest.certain ? { certain: true, ends: when(latest.end) } : {}),
      ...(latest.projectedCredit ? { projectedCredit: latest.projectedCredit } : {}),
    });
  }
  return out.reverse();
}

/** The reviews repeated breaches triggered (spec §8.2): SLA-wide, not one objective's. */
export function reviewsOf(r: ReportView): string[] {
  return (r.obligations ?? []).filter((x) => x.kind === 'review').map((x) => obligationWhat(x));
}
