/**
 * The report's obligations (spec §8.2) for people: one row each, due dates as wall time in the SLA's
 * zone with the zone named (the JSON keeps UTC), and a due date before asOf marked overdue — the
 * report cannot know whether it was met, only that its time has passed.
 */
import type { Obligation, SlaReport } from '../reportTypes';
import { zonedInstant } from './zonedInstant';

/** `due`: wall time in the report's zone (`2026-10-15 00:00`), '' for none. */
export interface ObligationRow { due: string; overdue: boolean; objective: string; window: string; kind: string; what: string }

/** What an obligation asks, in words: "10% credit to Retention Analytics", "notify on-call". */
export function obligationWhat(o: Obligation): string {
  switch (o.kind) {
    case 'credit': return `${o.amount ?? '?'} credit${o.to ? ` to ${o.to}` : ''}`;
    case 'remediation': return 'remediation plan delivered';
    case 'communication': return `inform ${o.to ?? '?'}`;
    case 'action': return o.action ?? '?';
    case 'escalation': return `notify ${o.notify ?? '?'}`;
    case 'review': return `${o.action ?? 'review'} (${(o.breaches ?? []).map((w, i) => (o.objectives?.[i] ? `${o.objectives[i]} ${w}` : w)).join(', ')})`;
  }
}

export function obligationRows(report: SlaReport): ObligationRow[] {
  const asOf = Date.parse(report.asOf);
  return report.obligations.map((o) => ({
    // Wall time in the report's zone; the views name the zone once, in the heading.
    due: typeof o.due === 'string' ? zonedInstant(o.due, report.timezone).split(' ').slice(0, 2).join(' ') : '',
    overdue: typeof o.due === 'string' && Date.parse(o.due) < asOf,
    objective: o.objective ?? (o.objectives ? [...new Set(o.objectives)].join(', ') : ''),
    window: o.window ?? '',
    kind: o.kind,
    what: obligationWhat(o) + (o.segments?.length ? ` (${o.segments.join(', ')})` : ''),
  }));
}
