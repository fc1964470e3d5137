/**
 * Where each objective of an SLA file stands (the Model SLA view, issue 17), from the same §8
 * reports the preview and the code lenses show: per objective its latest window's status (`met-so-far`
 * for a partial window met up to asOf), a one-line description (`p99 237.2 ms ≤ 400 ms · budget 76 %
 * left`), the line of its `id` and its last windows. Pure: the host computes the reports (cached)
 * and says which file and folder; without reports (an untrusted workspace, a refused file) the SLAs
 * and objectives are listed with status `unknown`.
 */
import type { SlaReport, ObjectiveReport, WindowReport } from '../engine/report';
import { formatValue, formatValueRange } from '../engine/render/humanNumbers';
import { windowLabelText } from '../engine/render/windowLabel';
import { segmentsValueText } from '../engine/render/common';
import { zonedInstant } from '../engine/render/zonedInstant';
import { positionAt, type SlaFile } from './parse';
import { keySpan } from './yamlAst';
import { obligationsWords, prettyBound } from './complianceLens';
import type { StandingObjective, StandingSla, StandingStatus } from '../protocol/standing';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Windows the tooltip lists, newest first. */
export const RECENT_WINDOWS = 6;

/** The SLAs of a parsed file with where their objectives stand; `reports` as service.compliance gives them (one per document). */
export function standingSlas(file: SlaFile, reports: SlaReport[] | undefined, problem?: string): StandingSla[] {
  const out: StandingSla[] = [];
  let reportIndex = 0;
  for (const doc of file.docs) {
    const broken = doc.yaml.errors.length > 0 || doc.valueError !== undefined;
    const report = reports ? reports[reportIndex++] : undefined;
    const sla = doc.value;
    if (!isObj(sla)) continue;
    const byId = new Map<string, ObjectiveReport>();
    if (report && !broken) for (const o of report.objectives) if (!byId.has(o.id)) byId.set(o.id, o);
    const objectives: StandingObjective[] = [];
    (Array.isArray(sla.objectives) ? sla.objectives : []).forEach((o: unknown, index: number) => {
      if (!isObj(o) || typeof o.id !== 'string') return;
      const span = keySpan(doc.yaml, ['objectives', index, 'id']) ?? keySpan(doc.yaml, ['objectives', index]);
      const line = span ? positionAt(file, span[0]).line : positionAt(file, doc.start).line;
      const result = byId.get(o.id);
      objectives.push(result ? withOwed(objectiveStanding(o, result, line, report?.timezone), report) : {
        id: o.id, indicator: String(o.indicator ?? ''), target: String(o.target ?? ''), status: 'unknown', line, recent: [],
        description: problem ?? (broken ? 'the file has a syntax error' : reports ? 'not computed' : 'not computed (metric files are read once the workspace is trusted)'),
        ...(problem ? { problem } : {}),
      });
    });
    out.push({
      name: typeof sla.metadata?.name === 'string' ? sla.metadata.name : `document ${doc.index + 1}`,
      ...(typeof sla.metadata?.title === 'string' ? { title: sla.metadata.title } : {}),
      ...(typeof sla.scope === 'string' ? { scope: sla.scope } : {}),
      line: positionAt(file, doc.start).line,
      objectives,
      ...(report?.asOf ? { asOf: report.asOf, asOfText: zonedInstant(report.asOf, report.timezone) } : {}),
    });
  }
  return out;
}

/** A window's value for people, against what it is compared with (a timeslice budget: the good-slice share). */
function valueText(result: ObjectiveReport, w: WindowReport): string {
  const compared = result.sliceTarget ?? result.target;
  if (w.value !== null) return formatValue(w.value, w.unit, compared, w.status);
  if (w.valueRange) return formatValueRange(w.valueRange, w.unit);
  return 'no value';
}

/** `zone`: the SLA's `period.timezone`; a rolling window's label is written in it (`28 days to 15 Oct 23:57 Europe/Berlin`). */
export function objectiveStanding(o: Record<string, any>, result: ObjectiveReport, line: number, zone = 'UTC'): StandingObjective {
  const latest = result.windows[result.windows.length - 1];
  let status: StandingStatus = result.status === 'breached' ? 'breached' : result.status === 'met' ? (latest?.partial ? 'met-so-far' : 'met') : 'no-data';
  if (latest?.provisional && status !== 'no-data') status = 'provisional';
  const compared = result.sliceTarget ?? result.target;
  // A timeslice budget's value is the share of good slices: say what a good slice is.
  const what = o.budgeting === 'timeslices'
    ? (typeof o.percentile === 'string' ? `slices with ${o.percentile} ${prettyBound(result.target)}: ` : 'good slices ')
    : typeof o.percentile === 'string' ? `${o.percentile} ` : '';
  const budget = latest?.errorBudget?.remaining;
  const budgetText = typeof budget === 'number' ? ` · budget ${budget >= 0 ? `${Math.floor(budget * 100)} % left` : `overspent by ${Math.ceil(-budget * 100)} %`}` : '';
  const invalid = result.problem ?? latest?.problem;
  const description = !latest
    ? invalid ?? 'no windows'
    : result.segments && latest.status !== 'no-data'
      // Segments (spec §12): the combined verdict has no value of its own; who missed says it.
      ? `${segmentsValueText(result, latest)}${latest.provisional ? ` · provisional until ${latest.provisionalUntil?.slice(0, 10) ?? '?'}` : latest.partial ? ' · so far' : ''}`
    : latest.value === null && !latest.valueRange
      ? `no data in ${windowLabelText(latest, zone).text}${latest.reason === 'min-observations' ? ' (too few observations)' : latest.problem ? ` (${latest.problem})` : ''}`
      : `${what}${prettyBound(valueText(result, latest))} ${latest.status === 'breached' ? negated(prettyBound(compared)) : prettyBound(compared)}${budgetText}${latest.provisional ? ` · provisional until ${latest.provisionalUntil?.slice(0, 10) ?? '?'}` : latest.partial ? ' · so far' : ''}`;
  // Newest first; the windows before the data began (no data, oldest) are left out.
  const windows = result.windows.slice(-RECENT_WINDOWS);
  while (windows.length > 1 && windows[0].value === null && !windows[0].valueRange && windows[0].status === 'no-data') windows.shift();
  const recent = windows.reverse().map((w) => ({
    label: windowLabelText(w, zone).text, status: w.status,
    value: result.segments && w.status !== 'no-data' ? segmentsValueText(result, w) : w.value === null && !w.valueRange ? 'no data' : valueText(result, w), partial: w.partial,
  }));
  return {
    id: result.id, indicator: result.indicator, target: result.target, status, description, line,
    ...(latest?.label ? { window: latest.label } : latest ? { window: 'latest' } : {}),
    ...(latest?.errorBudget ? { budgetRemaining: latest.errorBudget.remaining } : {}),
    recent,
    ...(invalid && status === 'no-data' ? { problem: invalid } : {}),
  };
}

/** A bound the value failed, as a true statement about the value: `≤ 100 ms` → `> 100 ms`. */
function negated(bound: string): string {
  const m = /^(≤|≥|<|>)\s*(.*)$/.exec(bound);
  return m ? `${({ '≤': '>', '≥': '<', '<': '≥', '>': '≤' } as Record<string, string>)[m[1]]} ${m[2]}` : bound;
}

/** The objectives whose latest window is breached. */
export function breachedCount(slas: readonly StandingSla[]): number {
  return slas.reduce((n, s) => n + s.objectives.filter((o) => o.status === 'breached').length, 0);
}

/** The objective's standing with what its latest final breach obliges (spec §8.2), when it obliges anything. */
function withOwed(standing: StandingObjective, report: SlaReport | undefined): StandingObjective {
  const mine = report?.obligations.filter((x) => x.objective === standing.id && x.window) ?? [];
  const window = mine[mine.length - 1]?.window;
  const text = window && report ? obligationsWords(report, standing.id, window) : '';
  return text ? { ...standing, owed: { window: window!, text } } : standing;
}
