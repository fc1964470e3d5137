/**
 * `model-sla notice` (spec §8.2): what a final breach is told, built from the report alone so every
 * number is the report's — for an external SLA the notice to the consumer (what was promised, what
 * was measured, the credit, the remediation date, the data issues that touched the window), for an
 * internal one the incident brief (value against target, the actions, the escalation timeline, the
 * window's explanation where `explain` has one, and a blameless post-mortem skeleton).
 * Pure: the service (service/notice.ts) computes the report and the explanations.
 */
import type { Explanation } from './explain';
import type { CreditTier, SlaReport } from './reportTypes';
import { formatValue } from './render/humanNumbers';
import { finalBreaches } from './obligations';

export interface NoticeBreach {
  objective: string;
  indicator: string;
  target: string;
  sliceTarget?: string;
  description?: string;
  window: string;
  start: string;
  end: string;
  /** The measured value exactly as the report's breach says it (`99.82447…%`, `(300, 1000]ms`, per segment). */
  value: string;
  /** The value as every human view rounds it (never onto the target's side), when it is one number. */
  display?: string;
  observations: number;
  excluded: number;
  segments?: string[];
  /** When the breach became final: the instant the due dates count from. */
  finalAt: string;
  credit?: { amount: string; to?: string; tiers?: CreditTier[] };
  remediationDue?: string;
  /** What the remediation is, in the SLA's words. */
  remediation?: string;
  communication: string[];
  actions: string[];
  escalation: { notify: string; due: string }[];
  /** A review (repeated breaches) this breach is one of; `completes`: it is the breach that triggered it. */
  review?: { action: string; breaches: string[]; completes: boolean };
  exclusionBudgetExceeded?: boolean;
  /** Data issues of the objective's metric: the rows that could not be read, the series gaps and starts inside the window. */
  dataIssues: string[];
  dataIssueCount: number;
  explanation?: Explanation;
}

export interface Notice {
  kind: 'consumer-notice' | 'incident-brief';
  sla: string;
  title?: string;
  model?: string;
  provider?: string;
  consumer?: string;
  file: string;
  asOf: string;
  timezone: string;
  window: string;
  breaches: NoticeBreach[];
  /** Other objectives of the window that are breached so far but not final (partial: at risk; provisional). */
  notFinal?: string[];
}

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const MAX_ISSUES = 10;

/**
 * The notice of the final breaches of `window` (all objectives, or `objective`), or why there is
 * none: not a window of the objective, a window met, partial (at risk) or provisional.
 */
export function noticeOf(sla: Record<string, unknown>, report: SlaReport, windowIn: string, objective?: string, explanations: Record<string, Explanation> = {}): { ok: true; notice: Notice } | { ok: false; message: string; nothing?: true } {
  const objectives = report.objectives.filter((o) => objective === undefined || o.id === objective);
  if (objective !== undefined && objectives.length === 0) return { ok: false, message: `no objective \`${objective}\`; the objectives are ${report.objectives.map((o) => o.id).join(', ')}` };
  const final = finalBreaches(sla, report);
  // `latest`: the window of the latest final breach (a rolling window's label moves with asOf).
  const mineFinal = final.filter((b) => objectives.some((o) => o.id === b.objective));
  const window = windowIn === 'latest' ? mineFinal[mineFinal.length - 1]?.window ?? 'latest' : windowIn;
  const breaches: NoticeBreach[] = [];
  const notFinal: string[] = [];
  for (const o of objectives) {
    const w = o.windows.find((x) => x.label === window);
    if (!w || w.status !== 'breached') continue;
    if (w.partial || w.provisional) { notFinal.push(`${o.id} ${window} is ${!w.partial ? `provisional until ${w.provisionalUntil} (labels still arriving)` : w.certain ? 'breached for certain (a failed run stays), final when the window ends: nothing owed yet' : 'breached so far (partial: at risk, nothing owed yet)'}`); continue; }
    const mine = report.obligations.filter((x) => x.objective === o.id && x.window === window);
    const breach = report.breaches.find((b) => b.objective === o.id && b.window === window);
    const finalAt = final.find((b) => b.objective === o.id && b.window === window)?.finalAt;
    const credit = mine.find((x) => x.kind === 'credit');
    const remediation = mine.find((x) => x.kind === 'remediation');
    const review = report.obligations.find((x) => x.kind === 'review' && x.breaches?.some((label, i) => label === window && x.objectives?.[i] === o.id));
    breaches.push({
      objective: o.id, indicator: o.indicator, target: o.target, ...(o.sliceTarget ? { sliceTarget: o.sliceTarget } : {}), ...(o.description ? { description: o.description } : {}),
      window, start: w.start, end: w.end, value: breach?.value ?? String(w.value ?? 'n/a'),
      ...(w.value !== null && !w.breachedSegments?.length ? { display: formatValue(w.value, w.unit, o.sliceTarget ?? o.target, w.status) } : {}),
      observations: w.observations, excluded: w.excluded,
      ...(w.breachedSegments?.length ? { segments: w.breachedSegments } : {}),
      finalAt: finalAt !== undefined ? new Date(finalAt).toISOString() : w.end,
      ...(credit ? { credit: { amount: credit.amount ?? '', ...(credit.to ? { to: credit.to } : {}), ...(o.creditTiers ? { tiers: o.creditTiers } : {}) } } : {}),
      ...(remediation?.due ? { remediationDue: remediation.due } : {}), ...(remediation?.description ? { remediation: remediation.description } : {}),
      communication: mine.filter((x) => x.kind === 'communication').map((x) => x.to ?? ''),
      actions: mine.filter((x) => x.kind === 'action').map((x) => x.action ?? ''),
      escalation: mine.filter((x) => x.kind === 'escalation').map((x) => ({ notify: x.notify ?? '', due: x.due ?? '' })),
      ...(review ? { review: { action: review.action ?? 'review', breaches: (review.breaches ?? []).map((label, i) => `${review.objectives?.[i] ?? ''} ${label}`.trim()), completes: finalAt !== undefined && review.finalAt === new Date(finalAt).toISOString() && review.objectives?.[review.objectives.length - 1] === o.id } } : {}),
      ...(w.exclusionBudgetExceeded ? { exclusionBudgetExceeded: true } : {}),
      ...windowIssues(report, o.metric, w.start, w.end),
      ...(explanations[o.id] ? { explanation: explanations[o.id] } : {}),
    });
  }
  if (breaches.length === 0) {
    // Nothing to notify (a met, partial or provisional window): an answer, not an error (`nothing`).
    if (notFinal.length) return { ok: false, nothing: true, message: `no final breach in ${window} to notify: ${notFinal.join('; ')}` };
    const labels = [...new Set(mineFinal.map((b) => b.window))];
    const known = objectives.some((o) => o.windows.some((w) => w.label === window));
    return { ok: false, ...(known || window === 'latest' ? { nothing: true as const } : {}), message: `${known ? `no breach in ${window}` : window === 'latest' ? 'no final breach' : `no window \`${window}\``}${objective ? ` of ${objective}` : ''}: nothing to notify${labels.length ? `; final breaches: ${labels.join(', ')}` : ''}` };
  }
  const parties = isObj(sla.parties) ? sla.parties : {};
  return {
    ok: true,
    notice: {
      kind: sla.scope === 'external' ? 'consumer-notice' : 'incident-brief',
      sla: report.sla, ...(report.title ? { title: report.title } : {}), ...(report.model ? { model: report.model } : {}),
      ...(typeof parties.provider === 'string' ? { provider: parties.provider } : {}), ...(typeof parties.consumer === 'string' ? { consumer: parties.consumer } : {}),
      file: report.file, asOf: report.asOf, timezone: report.timezone, window, breaches, ...(notFinal.length ? { notFinal } : {}),
    },
  };
}

/** The metric's data issues that touch [start, end): every unread row (its time is unknown), series issues inside. */
function windowIssues(report: SlaReport, metric: string | undefined, start: string, end: string): { dataIssues: string[]; dataIssueCount: number } {
  if (!metric) return { dataIssues: [], dataIssueCount: 0 };
  const a = Date.parse(start), b = Date.parse(end);
  const touching = report.dataIssues.filter((d) => d.metric === metric && (d.line !== undefined || d.from === undefined || (Date.parse(d.from) < b && Date.parse(d.to ?? d.from) >= a)));
  const text = (d: (typeof touching)[number]) => `${d.line !== undefined && d.line > 0 ? `line ${d.line}` : d.series ?? metric}${d.from ? ` ${d.from}${d.to ? ` – ${d.to}` : ''}` : ''}: ${d.problem}`;
  // Unread rows are counted per metric (dataIssueCounts); the list holds the first ones.
  const counted = (report.dataIssueCounts[metric] ?? 0);
  return { dataIssues: touching.slice(0, MAX_ISSUES).map(text), dataIssueCount: Math.max(touching.length, touching.some((d) => d.line !== undefined) ? counted : 0) };
}
