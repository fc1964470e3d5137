/**
 * The data issues the report itself adds (besides the readers' row issues): placed in line order
 * among a metric's issues under the 20-per-metric limit, and the window-cap issue's words (which
 * windows were dropped, and which row or field stretched the span).
 */
import type { MetricData } from './metrics/types';
import { isoInstant, MAX_REPORT_WINDOWS, type CalendarUnit } from './windows';
import type { SlaReport } from './reportTypes';

/**
 * Adds a report-made data issue of a metric (`made` remembers them), in line order, keeping at most
 * 20 listed per metric: when full, the metric's last listed row issue makes room (a summary of the
 * report matters more than the 20th bad row; the count keeps every one).
 */
export function addDataIssue(report: SlaReport, made: WeakSet<object>, metric: string, line: number, problem: string): void {
  report.dataIssueCounts[metric] = (report.dataIssueCounts[metric] ?? 0) + 1;
  const list = report.dataIssues;
  const entry = { metric, line, problem };
  made.add(entry);
  let first = -1, last = -1;
  for (let i = 0; i < list.length; i++) if (list[i].metric === metric) { if (first < 0) first = i; last = i; }
  if (first < 0) { list.push(entry); return; }
  if (last - first + 1 >= 20) {
    let evict = last;
    while (evict >= first && made.has(list[evict])) evict--;
    if (evict < first) return; // 20 summaries already: counted, not listed
    list.splice(evict, 1);
    last--;
  }
  let at = last + 1;
  for (let i = first; i <= last; i++) if ((list[i].line ?? Infinity) > line) { at = i; break; }
  list.splice(at, 0, entry);
}

/** "1 earlier month window", "3 day windows". */
const windowCount = (n: number, what: string): string => `${n} ${what} window${n === 1 ? '' : 's'}`;

const UNIT_WORDS: Record<CalendarUnit, string> = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

export interface WindowCapFacts {
  /** The objective's id and its metric's. */
  objective: string;
  metric: string;
  unit: CalendarUnit;
  /** How many windows were dropped: before the kept ones, and empty ones after the latest row. */
  dropped: number;
  plan: { droppedBefore?: number; droppedAfter?: number; keptFrom?: number; gap?: { from: number; to: number } };
  period: { start?: number; end?: number };
  /** The objective's data (its earliest row may have stretched the span). */
  data: MetricData | undefined;
  asOf: number;
  /** The caller gave asOf (else it came from the latest row of `asOfSource`). */
  asOfGiven: boolean;
  asOfSource?: string;
  asOfSourceData?: MetricData;
}

/**
 * The data issue of an objective whose calendar windows were capped (see engine/report.ts): what
 * was dropped, the cap, and what stretched the span — the row (its `line`; 0 when no row is the
 * cause) and the field that bounds it (`period.start`, `period.end` or `--as-of`).
 */
export function windowCapIssue(f: WindowCapFacts): { line: number; problem: string } {
  const max = MAX_REPORT_WINDOWS[f.unit];
  const words = UNIT_WORDS[f.unit];
  const causes: string[] = [];
  let line = 0;
  if (f.period.start === undefined && f.data && f.data.rows > 0) {
    causes.push(`they start at the earliest row of \`${f.metric}\`, ${isoInstant(f.data.minTime)}${f.data.minTimeLine ? ` (line ${f.data.minTimeLine})` : ''}: set \`period.start\``);
    line = f.data.minTimeLine ?? 0;
  }
  if (f.period.end === undefined && !f.asOfGiven) {
    const src = f.asOfSourceData;
    causes.push(`they end at asOf ${isoInstant(f.asOf)}, 1 ms after the latest row${f.asOfSource ? ` of \`${f.asOfSource}\`${src?.maxTimeLine ? ` (line ${src.maxTimeLine})` : ''}` : ''}: set \`period.end\` or give an asOf`);
    if (!line && f.asOfSource === f.metric) line = src?.maxTimeLine ?? 0;
  }
  if (f.period.end === undefined && f.asOfGiven) causes.push(`they end at the asOf given, ${isoInstant(f.asOf)}: give an earlier one or set \`period.end\``);
  if (!causes.length) causes.push('the period is that long: shorten it or give an asOf');
  const parts: string[] = [];
  if (f.plan.droppedBefore) parts.push(`${windowCount(f.plan.droppedBefore, `earlier ${words}`)}${f.plan.keptFrom !== undefined ? ` (before ${isoInstant(f.plan.keptFrom)})` : ''}`);
  if (f.plan.droppedAfter && f.plan.gap) parts.push(`${windowCount(f.plan.droppedAfter, `${words}`)} without data after the latest row (from ${isoInstant(f.plan.gap.from)} to ${isoInstant(f.plan.gap.to)})`);
  const verb = f.dropped === 1 ? 'is' : 'are';
  return { line, problem: `${parts.join(' and ')} of \`${f.objective}\` ${verb} not reported: a report lists at most ${max} ${words} windows per objective (the windows holding data and the latest one are kept), and ${causes.join('; ')}.` };
}
