/**
 * Code lenses above each objective with its compliance status, from the same §8 report the preview
 * shows: "✓ met — p99 237.2ms vs <= 400ms (2026-10, so far)", "✗ breached 1 of 3 windows — …",
 * "99.8 % of 5-min slices had p99 ≤ 400 ms (needs ≥ 99 %)" for a timeslice budget, and
 * "⚠ invalid: …" for an objective that could not be evaluated (not "no data"). A met latest window
 * after a breached complete one says so, with the credit owed. Clicking one opens the preview at
 * that objective.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { ObjectiveReport, SlaReport } from '../engine/report';
import { formatValue, formatValueRange } from '../engine/render/humanNumbers';
import { finalBreaches, invalidProblem, segmentsValueText } from '../engine/render/common';
import { shortInstant, windowLabelText } from '../engine/render/windowLabel';
import { rangeOf, type SlaFile } from './parse';
import { keySpan } from './yamlAst';

export const SHOW_PREVIEW_COMMAND = 'modelSla.showPreviewToSide';

const UNIT_WORDS: Record<string, string> = { ms: 'ms', s: 's', m: 'min', h: 'h', d: 'day', w: 'week' };

/** "<= 400ms" → "≤ 400 ms", ">= 99%" → "≥ 99 %": a bound as people write it. */
export function prettyBound(text: string): string {
  return text.trim()
    .replace(/^<=\s*/, '≤ ').replace(/^>=\s*/, '≥ ').replace(/^<\s*/, '< ').replace(/^>\s*/, '> ').replace(/^==\s*/, '= ')
    .replace(/(\d)\s*([A-Za-zµ%]+)$/, '$1 $2');
}

/** "5m" → "5-min", "30s" → "30-s", "1h" → "1-h": a slice length as an adjective. */
function sliceAdjective(slice: unknown): string {
  const m = typeof slice === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(slice) : null;
  return m ? `${m[1]}-${UNIT_WORDS[m[2]]}` : '';
}

/**
 * A timeslice value in words: the share of slices set against what a slice had to meet, and the
 * share the objective needs. Undefined for objectives that are not timeslice budgets.
 */
export function timesliceText(objective: Record<string, unknown>, result: ObjectiveReport, value: number, unit: string, status: string): string | undefined {
  const timeBased = objective.indicator === 'availability' && objective.method === 'time-based';
  if (objective.budgeting !== 'timeslices' && !timeBased) return undefined;
  const needs = timeBased ? (result.sliceTarget ?? result.target) : result.sliceTarget;
  if (!needs) return undefined;
  const share = prettyBound(formatValue(value, unit, needs, status));
  const slices = `${sliceAdjective(objective.slice)}${sliceAdjective(objective.slice) ? ' ' : ''}slices`;
  let had: string;
  if (timeBased) {
    const good = typeof objective.sliceGood === 'string' ? ` (${prettyBound(objective.sliceGood)} good)` : '';
    had = `were up${good}`;
  } else {
    const what = typeof objective.percentile === 'string' ? objective.percentile : typeof objective.indicator === 'string' ? objective.indicator : 'value';
    had = `had ${what} ${prettyBound(result.target)}`;
  }
  return `${share} of ${slices} ${had} (needs ${prettyBound(needs)})`;
}

/**
 * `errors`: how many errors refuse the file in the CLI (SLA001–SLA003): the lenses still show the
 * numbers (they follow the typing), each marked so that no one reads them as a clean report.
 */
export function complianceLenses(file: SlaFile, reports: SlaReport[], errors = 0): CodeLens[] {
  const mark = errors ? `⚠ ${errors} error${errors === 1 ? '' : 's'} to fix · ` : '';
  const lenses: CodeLens[] = [];
  let reportIndex = 0;
  for (const doc of file.docs) {
    // A document with a syntax error has a report without objectives (compliance.ts syntaxErrorReport): no lenses.
    if (doc.yaml.errors.length || doc.valueError) { if (reports[reportIndex]?.syntaxError) reportIndex++; continue; }
    const sla = doc.value as Record<string, any> | undefined;
    if (!sla || typeof sla !== 'object' || Array.isArray(sla)) continue;
    const report = reports[reportIndex++];
    if (!report) continue;
    const objectives: any[] = Array.isArray(sla.objectives) ? sla.objectives : [];
    // By id, the first of a duplicated id (as find did): thousands of objectives stay linear.
    const byId = new Map<string, SlaReport['objectives'][number]>();
    for (const o of report.objectives) if (!byId.has(o.id)) byId.set(o.id, o);
    objectives.forEach((objective, index) => {
      const result = typeof objective?.id === 'string' ? byId.get(objective.id) : undefined;
      const span = keySpan(doc.yaml, ['objectives', index]);
      if (!result || !span) return;
      lenses.push({
        range: rangeOf(file, span[0], span[1]),
        command: { title: mark + lensTitle(objective, result, report), command: SHOW_PREVIEW_COMMAND, arguments: [file.uri, result.id] },
      });
    });
  }
  return lenses;
}

/**
 * What a final breach of the objective in `window` obliges (spec §8.2), in a few words: "credit 10%
 * owed, remediation due 15 Oct 00:00" (external), "p1-investigation, deployment-freeze; on-call by
 * 1 Oct 01:00" (internal) — due dates in the SLA's zone.
 */
export function obligationsWords(report: SlaReport, objective: string, window: string): string {
  const mine = report.obligations.filter((o) => o.objective === objective && o.window === window);
  const when = (iso: string) => shortInstant(Date.parse(iso), report.timezone, new Date(report.asOf).getUTCFullYear());
  const credit = mine.find((o) => o.kind === 'credit');
  const remediation = mine.find((o) => o.kind === 'remediation');
  const parts: string[] = [];
  if (credit) parts.push(`credit ${credit.amount} owed`);
  const overdue = (due: string) => (Date.parse(due) < Date.parse(report.asOf) ? ' (overdue)' : '');
  if (remediation?.due) parts.push(`remediation due ${when(remediation.due)}${overdue(remediation.due)}`);
  if (!parts.length) {
    const actions = mine.filter((o) => o.kind === 'action').map((o) => o.action);
    if (actions.length) parts.push(actions.length > 2 ? `${actions.slice(0, 2).join(', ')} +${actions.length - 2}` : actions.join(', '));
    const first = mine.find((o) => o.kind === 'escalation');
    if (first?.due) parts.push(`${first.notify} by ${when(first.due)}${overdue(first.due)}`);
  }
  return parts.join(', ');
}

function lensTitle(objective: Record<string, unknown>, result: ObjectiveReport, report: SlaReport): string {
  const invalid = invalidProblem(result);
  if (invalid) return `⚠ invalid: ${invalid}`;
  const windows = result.windows.filter((w) => w.status !== 'no-data');
  const latest = result.windows[result.windows.length - 1];
  // "2026-10", or for a rolling window "28 days to 15 Oct 23:57" rather than its ISO interval.
  const label = latest ? windowLabelText(latest).text : '';
  // Labels still arriving (spec §12): the verdict may change until then.
  const soFar = latest?.provisional ? `, provisional until ${latest.provisionalUntil?.slice(0, 10) ?? '?'}` : latest?.partial ? ', so far' : '';
  const what = typeof objective.percentile === 'string' ? `${objective.percentile} ` : '';
  // A timeslice budget's value (the good-slice share) is compared with `sliceTarget`.
  const compared = result.sliceTarget ?? result.target;
  // A histogram's percentile is known as the bucket that holds it: `p99 (100ms, 250ms] vs <= 250ms`.
  const value = result.segments && latest && latest.status !== 'no-data'
    ? segmentsValueText(result, latest)
    : latest && latest.value !== null
    ? timesliceText(objective, result, latest.value, latest.unit, latest.status) ?? `${what}${formatValue(latest.value, latest.unit, compared, latest.status)} vs ${compared}`
    : latest?.valueRange ? `${what}${formatValueRange(latest.valueRange, latest.unit)} vs ${compared}`
    : 'no value';
  // Breaches are counted among complete, final windows (a partial one breached so far is at risk).
  const complete = windows.filter((w) => !w.partial && !w.provisional);
  const breached = complete.filter((w) => w.status === 'breached').length;
  if (latest?.provisional && latest.status !== 'no-data') return `◌ provisional — ${value} (${label}${soFar})`;
  if (result.status === 'met') {
    // The latest window is met (so far), but complete windows before it were breached: they owe.
    const final = finalBreaches(result);
    const last = final[final.length - 1];
    const obliged = last ? obligationsWords(report, result.id, last.label) : '';
    const owed = obliged ? ` — ${obliged}` : '';
    const past = last ? ` · ✗ breached ${breached} of ${complete.length} windows (last ${windowLabelText(last).text}${owed})` : breached ? ` · breached ${breached} of ${complete.length} windows` : '';
    return `✓ met — ${value} (${label}${soFar})${past}`;
  }
  if (result.status === 'breached') {
    // A final breach says what it obliges; a partial window breached so far is at risk, owing nothing yet.
    if (latest?.partial && latest.certain) {
      // A failed run under `aggregate: every`/`min` stays: the breach is certain, final at the window's end.
      return `✗ breached, final at window end — ${value} (${label}${soFar})${latest.projectedCredit ? `: ${latest.projectedCredit} credit then` : ''}`;
    }
    if (latest?.partial) {
      const before = breached ? ` · breached ${breached} of ${complete.length} complete window${complete.length === 1 ? '' : 's'}` : '';
      return `✗ at risk — ${value} (${label}${soFar})${latest.projectedCredit ? `: ${latest.projectedCredit} credit if it ends so` : ''}${before}`;
    }
    const obliged = latest ? obligationsWords(report, result.id, latest.label) : '';
    return `✗ breached ${breached} of ${complete.length} window${complete.length === 1 ? '' : 's'} — ${value} (${label}${soFar})${obliged ? ` — ${obliged}` : ''}`;
  }
  return `○ no data${latest ? ` (${label}${soFar})` : ''}`;
}
