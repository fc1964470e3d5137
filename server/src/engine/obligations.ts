/**
 * What a breach obliges (spec §8.2): per final breach, the credit owed and to whom, the remediation
 * due date, the communication, the internal actions and the escalation timeline; and the
 * architectural review when repeated breaches reach the policy's count. Computed from the report
 * (its windows and credits) and the SLA's `breach` policy (§6), so every number is the report's.
 *
 * - A breach is final at the end of its complete window (a rolling window: at its end, asOf), or —
 *   for an accuracy objective with `labelDelay` (§12) — once its labels are in, at end + labelDelay:
 *   the obligations' clocks start when the verdict is known, not before. Partial and provisional
 *   windows oblige nothing (the preview shows a partial breached window "at risk").
 * - Due dates are that instant + a duration; a `d` is 24 h of elapsed time (§2), so across a DST
 *   change the wall-clock time of a due date moves by the hour the clocks did.
 * - Internal SLAs oblige actions and escalations; external ones every kind.
 * - Review: `repeated.count` final breaches of the SLA (any objectives) whose final instants lie
 *   within `repeated.within` ending at the latest of them — one entry naming them. The breaches are
 *   taken in time order and a review uses them up: the next review needs `count` new breaches.
 */
import { parseQuantity } from '../facts/quantities';
import { labelDelayOf } from './labelDelay';
import type { ObjectiveSpec } from './evaluate';
import type { Obligation, SlaReport } from './reportTypes';
import { isoInstant } from './windows';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
/** A duration of the policy in ms; `0ms` too (notify at once), which parseDuration (positive only) refuses. */
const durationMs = (x: unknown): number | undefined => {
  if (typeof x !== 'string') return undefined;
  const d = parseQuantity(x, ['duration']);
  return d.ok && d.value.normalized >= 0 ? d.value.normalized : undefined;
};
const texts = (x: unknown): string[] => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : []);

/** A final breach: the objective, its window, the instant it became final. */
export interface FinalBreach { objective: string; window: string; finalAt: number; segments?: string[] }

/** The SLA's final breaches in time order (then in the order of its objectives). */
export function finalBreaches(sla: Record<string, unknown>, report: SlaReport): FinalBreach[] {
  const specs = new Map<string, ObjectiveSpec>();
  for (const o of Array.isArray(sla.objectives) ? sla.objectives : []) if (isObj(o) && typeof o.id === 'string' && !specs.has(o.id)) specs.set(o.id, o as ObjectiveSpec);
  const out: (FinalBreach & { order: number })[] = [];
  report.objectives.forEach((o, order) => {
    const spec = specs.get(o.id);
    const delay = spec ? labelDelayOf(spec) ?? 0 : 0;
    for (const w of o.windows) {
      if (w.status !== 'breached' || w.partial || w.provisional) continue;
      out.push({ objective: o.id, window: w.label, finalAt: Date.parse(w.end) + delay, order, ...(w.breachedSegments?.length ? { segments: w.breachedSegments } : {}) });
    }
  });
  out.sort((a, b) => a.finalAt - b.finalAt || a.order - b.order);
  return out.map(({ order: _order, ...b }) => b);
}

/** The obligations of the report's final breaches under the SLA's `breach` policy (spec §8.2). */
export function obligationsOf(sla: Record<string, unknown>, report: SlaReport): Obligation[] {
  const breach = isObj(sla.breach) ? sla.breach : {};
  const external = sla.scope === 'external';
  const ext = isObj(breach.external) ? breach.external : {};
  const consumer = isObj(sla.parties) && typeof sla.parties.consumer === 'string' ? sla.parties.consumer : undefined;
  const deadline = isObj(ext.remediation) ? durationMs(ext.remediation.deadline) : undefined;
  const remediationWhat = isObj(ext.remediation) && typeof ext.remediation.description === 'string' && ext.remediation.description.trim() ? ext.remediation.description.trim() : undefined;
  const communication = texts(ext.communication);
  const actions = texts(isObj(breach.internal) ? breach.internal.actions : undefined);
  const escalation = (Array.isArray(breach.escalation) ? breach.escalation : [])
    .filter(isObj).map((e) => ({ after: durationMs(e.after), notify: typeof e.notify === 'string' ? e.notify : undefined }))
    .filter((e): e is { after: number; notify: string } => e.after !== undefined && e.notify !== undefined);
  const breaches = finalBreaches(sla, report);
  const out: Obligation[] = [];
  for (const b of breaches) {
    // In the spec's key order: objective, window, kind, what; then when the breach became final.
    const of = (kind: Obligation['kind'], what: Partial<Obligation>): Obligation => ({
      objective: b.objective, window: b.window, kind, ...what, finalAt: isoInstant(b.finalAt), ...(b.segments ? { segments: b.segments } : {}),
    });
    if (external) {
      const credit = report.credits.find((c) => c.objective === b.objective && c.window === b.window);
      if (credit) out.push(of('credit', { amount: credit.credit, ...(consumer ? { to: consumer } : {}), due: null }));
      if (deadline !== undefined) out.push(of('remediation', { due: isoInstant(b.finalAt + deadline), ...(remediationWhat ? { description: remediationWhat } : {}) }));
      for (const to of communication) out.push(of('communication', { to }));
    }
    for (const action of actions) out.push(of('action', { action }));
    for (const e of escalation) out.push(of('escalation', { notify: e.notify, due: isoInstant(b.finalAt + e.after) }));
  }
  out.push(...reviews(breach.repeated, breaches));
  return out;
}

/** Architectural reviews: each time `count` breaches not yet reviewed lie within `within` of the latest of them. */
function reviews(repeated: unknown, breaches: FinalBreach[]): Obligation[] {
  if (!isObj(repeated) || typeof repeated.count !== 'number' || !Number.isInteger(repeated.count) || repeated.count < 1) return [];
  const within = durationMs(repeated.within);
  if (within === undefined) return [];
  const count = repeated.count;
  const out: Obligation[] = [];
  let from = 0; // breaches before this index are used by a review
  for (let i = 0; i < breaches.length; i++) {
    // The breaches since the last review that lie in (finalAt_i − within, finalAt_i].
    let first = from;
    while (first < i && breaches[first].finalAt <= breaches[i].finalAt - within) first++;
    if (i - first + 1 < count) continue;
    const named = breaches.slice(first, i + 1);
    out.push({
      kind: 'review', action: typeof repeated.action === 'string' ? repeated.action : 'architectural-review',
      breaches: named.map((b) => b.window), objectives: named.map((b) => b.objective), finalAt: isoInstant(breaches[i].finalAt),
    });
    from = i + 1;
  }
  return out;
}
