/**
 * Hover on `breach.external.remediation.deadline` and on an `escalation` entry (spec §8.2): what it
 * means for the SLA's latest final breach — the due date in the SLA's zone, and whether asOf is past
 * it — or, with no final breach yet, that nothing is due. Computed from the report (the same one the
 * lenses and the preview show).
 */
import type { Position } from 'vscode-languageserver-types';
import type { SlaReport } from '../engine/reportTypes';
import { zonedInstant } from '../engine/render/zonedInstant';
import { docAt, offsetAt, type SlaFile } from './parse';
import { pathAtOffset } from './yamlAst';

export type ObligationHoverTarget = { docIndex: number; kind: 'remediation' } | { docIndex: number; kind: 'escalation'; index: number };

/** Whether `position` is on a remediation deadline or an escalation entry (key or value). */
export function obligationHoverTarget(file: SlaFile, position: Position): ObligationHoverTarget | undefined {
  const offset = offsetAt(file, position);
  const doc = docAt(file, offset);
  const at = doc ? pathAtOffset(doc.yaml, offset) : undefined;
  if (!doc || !at) return undefined;
  const p = at.path;
  if (p[0] !== 'breach') return undefined;
  if (p[1] === 'external' && p[2] === 'remediation' && p[3] === 'deadline') return { docIndex: doc.index, kind: 'remediation' };
  if (p[1] === 'escalation' && typeof p[2] === 'number') return { docIndex: doc.index, kind: 'escalation', index: p[2] };
  return undefined;
}

/** The hover's words for the target, from the document's report. */
export function obligationHoverText(target: ObligationHoverTarget, report: SlaReport | undefined): string | undefined {
  if (!report || report.syntaxError) return undefined;
  const zone = report.timezone;
  const asOf = Date.parse(report.asOf);
  const dueWords = (due: string) => `**${zonedInstant(due, zone)}**${Date.parse(due) < asOf ? ' (overdue as of the report)' : ''}`;
  const matches = report.obligations.filter((o) => o.kind === target.kind);
  // The latest final breach's entry: for escalations, the index-th step of that breach.
  const latest = matches.length ? matches[matches.length - 1] : undefined;
  if (!latest) {
    return report.obligations.some((o) => o.kind !== 'review')
      ? `**For this SLA's report**: its breaches owe no ${target.kind}${target.kind === 'remediation' && report.scope !== 'external' ? ' (an internal SLA: remediation is owed to consumers of external ones)' : ''}.`
      : `**For this SLA's report** (as of ${zonedInstant(report.asOf, zone)}): no final breach, nothing is due.`;
  }
  const of = `${latest.objective} ${latest.window}`;
  if (target.kind === 'remediation') return `**For the latest breach** (${of}, final ${zonedInstant(latest.finalAt ?? '', zone)}): the remediation plan is due ${dueWords(latest.due ?? '')}.`;
  const steps = matches.filter((o) => o.objective === latest.objective && o.window === latest.window);
  const step = steps[target.index];
  if (!step?.due) return undefined;
  return `**For the latest breach** (${of}, final ${zonedInstant(step.finalAt ?? '', zone)}): \`${step.notify}\` is to be told by ${dueWords(step.due)}.`;
}
