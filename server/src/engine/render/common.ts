/**
 * Shared pieces of the human report views (text, markdown, html): rounded values (never rounded onto
 * the other side of the target: humanNumbers.ts), status words.
 */
import type { ObjectiveReport, SlaReport, WindowReport } from '../report';
import { formatBudget, formatFactor, formatValue, formatValueRange } from './humanNumbers';

export function statusWord(w: { status: string; partial?: boolean; provisional?: boolean; provisionalUntil?: string }): string {
  // Labels still arriving (spec §12): the verdict may change until the date.
  if (w.provisional && w.status !== 'no-data') return `provisional until ${w.provisionalUntil?.slice(0, 10) ?? '?'} (${w.status} so far)`;
  return w.partial ? `${w.status} (so far)` : w.status;
}

/** The objective's compared bar: `sliceTarget` for timeslice budgets (the value is the good-slice share). */
export function comparedTarget(o: ObjectiveReport): string {
  return o.sliceTarget ?? o.target;
}

export function windowValue(o: ObjectiveReport, w: WindowReport): string {
  // A segmented objective's window has no value of its own (spec §12): its segments and who missed.
  if (o.segments && w.value === null && !w.valueRange) return segmentsValueText(o, w);
  // No double holds the value (more than 15 significant digits): its exact decimal, as the JSON.
  if (w.valueText !== undefined && w.value !== null) return `${w.valueText}${w.unit}`;
  if (w.valueRange) return formatValueRange(w.valueRange, w.unit);
  return formatValue(w.value, w.unit, comparedTarget(o), w.status);
}

/** A breach's value for people: the window's value rounded as in the tables (the JSON keeps it exact). */
export function breachValue(report: SlaReport, b: { objective: string; window: string; value: string; segments?: string[] }): string {
  const o = report.objectives.find((x) => x.id === b.objective);
  // A segmented objective's breach: each missing segment's value (rounded as in the tables).
  if (o?.segments && b.segments) {
    return b.segments.map((name) => {
      const w = o.segments!.find((s) => s.value === name)?.windows.find((x) => x.label === b.window);
      return `${w ? windowValue({ ...o, segments: undefined }, w) : '?'} in ${name}`;
    }).join(', ');
  }
  const w = o?.windows.find((x) => x.label === b.window && x.status === 'breached');
  return o && w ? windowValue(o, w) : b.value;
}

/** A share of the error budget: "12.3%", and never "0.0%" for a budget overspent by a hair. */
export function percent(x: number | null): string {
  return formatBudget(x);
}

export function windowNotes(w: WindowReport): string {
  const notes: string[] = [];
  if (w.clipped) notes.push('clipped to the period');
  if (w.slices) notes.push(`slices ${w.slices.good}/${w.slices.counted} good, ${w.slices.total - w.slices.withData} empty`);
  if (w.excluded) notes.push(`${w.excluded} excluded`);
  if (w.exclusionBudgetExceeded) notes.push('exclusion budget exceeded: the latest exclusions count again');
  if (w.belowMinSamples) notes.push(`${w.belowMinSamples} below minSamples`);
  if (w.otherDataset) notes.push(`${w.otherDataset} other dataset`);
  if (w.gaps && w.gaps.length) notes.push(`${w.gaps.length} measurement gap${w.gaps.length === 1 ? '' : 's'}`);
  if (w.projectedCredit) notes.push(`projected credit ${w.projectedCredit}`);
  if (w.errorBudget && w.errorBudget.remaining !== null) notes.push(`error budget left ${percent(w.errorBudget.remaining)}, burn ${formatFactor(w.errorBudget.burnRate)}×`);
  if (w.reason === 'metric-unavailable') notes.push('metric unavailable');
  else if (w.reason === 'min-observations') notes.push('below minObservations');
  if (w.problem) notes.push(w.problem);
  if (w.defaults && w.defaults.length) notes.push(`defaults: ${w.defaults.join(', ')}`);
  return notes.join('; ');
}

export function baselineText(o: ObjectiveReport): string {
  const b = o.baseline;
  if (!b) return '';
  let text = `baseline ${b.dates}: ${formatValue(b.value, b.unit, comparedTarget(o), b.status)}`;
  if (b.suggested) text += `, suggested ${b.field ?? 'target'} ${b.suggested}${b.margin ? ` (margin ${b.margin})` : ''}${b.stricter ? ' — the target is stricter than the baseline' : ''}`;
  return text;
}

export function repeatedText(o: ObjectiveReport): string {
  const r = o.repeated;
  if (!r) return '';
  return `${r.breaches} breach${r.breaches === 1 ? '' : 'es'} in the last ${r.within} (limit ${r.count})${r.triggered ? ` — TRIGGERED: ${r.action ?? 'repeated-breach action'}` : ''}`;
}

/**
 * An objective's verdict in its heading: its status, or — while its latest window is provisional
 * (spec §12) — which final window the exit code follows: "provisional; the exit code follows
 * 2026-08 (breached)".
 */
export function verdictText(o: ObjectiveReport): string {
  if (!o.provisional) return o.status;
  const final = [...o.windows].reverse().find((w) => !w.provisional);
  return final ? `provisional; the exit code follows ${final.label} (${final.status === 'no-data' ? 'no data' : final.status})` : 'provisional; no final window yet (the exit code counts it as no data)';
}

export function summaryLine(report: SlaReport): string {
  // An objective whose latest window is provisional (spec §12: labels still arriving) is neither met
  // nor breached yet: counted apart.
  const count = (s: string) => report.objectives.filter((o) => o.status === s && !o.provisional).length;
  const provisional = report.objectives.filter((o) => o.provisional).length;
  // `status` is the latest window's (spec §8); a complete window breached earlier still owes its
  // consequences, so the line says so rather than reading as all good.
  const earlier = report.objectives.filter((o) => o.status !== 'breached' && finalBreaches(o).length > 0).length;
  const credits = report.credits.length;
  return `${count('met')} met, ${count('breached')} breached, ${count('no-data')} no data${provisional ? `, ${provisional} provisional` : ''}`
    + (earlier ? `; ${earlier} breached in an earlier window` : '')
    + (credits ? `; ${credits} service credit${credits === 1 ? '' : 's'} owed` : '');
}

/** "rows left out by `filter`: requests 120" — so a reader sees the rows the SLA's filter excluded (spec §4). */
export function filteredText(report: SlaReport): string {
  const entries = Object.entries(report.filteredRows ?? {});
  return entries.length ? `Rows left out by \`filter\`: ${entries.map(([m, n]) => `${m} ${n}`).join(', ')}` : '';
}

/** "(N windows not reported)" when the window cap dropped some (a data issue says which and why). */
export function droppedText(o: ObjectiveReport): string {
  const n = o.windowsDropped ?? 0;
  return n > 0 ? `${n} window${n === 1 ? '' : 's'} not reported (over the window cap; see the data issues)` : '';
}

/**
 * Windows worth showing: from the first with observations on (leading no-data months collapsed).
 * Shared by the report views and the preview (its windows have the same fields).
 */
export function shownWindows<W extends { observations: number; status: string; value: number | null }>(o: { windows: W[] }): { hidden: number; windows: W[] } {
  const first = o.windows.findIndex((w) => w.observations > 0 || w.status !== 'no-data' || w.value !== null);
  if (first <= 0) return { hidden: 0, windows: o.windows };
  return { hidden: first, windows: o.windows.slice(first) };
}

/**
 * Why an objective could not be evaluated at all — its definition is invalid (a target without an
 * operator, an unusable window): every window carries the same `invalid` reason. Undefined when
 * the objective was evaluated (then "no data" means what it says).
 */
export function invalidProblem(o: { windows: { reason?: string; problem?: string }[] }): string | undefined {
  if (o.windows.length === 0 || !o.windows.every((w) => w.reason === 'invalid')) return undefined;
  return o.windows.find((w) => w.problem)?.problem ?? 'the objective is invalid';
}

/**
 * The complete windows that missed the target — final breaches (spec §8.2), the ones that owe
 * credits — latest last. An objective whose latest, partial window is met so far is still
 * breached in these.
 */
export function finalBreaches<W extends { status: string; partial: boolean; provisional?: boolean }>(o: { windows: W[] }): W[] {
  // A provisional window (spec §12: labels still arriving) is no breach yet.
  return o.windows.filter((w) => w.status === 'breached' && !w.partial && !w.provisional);
}

/** A segmented objective's segments (spec §12), each with its latest window: rows for the text and markdown tables. */
export function segmentRows(o: ObjectiveReport): string[][] {
  if (!o.segments) return [];
  return o.segments.map((s) => {
    const w = s.windows[s.windows.length - 1];
    return [s.value, w ? windowValue({ ...o, segments: undefined }, w) : 'n/a', w ? statusWord(w) : 'no-data', w ? `${w.observations} obs` : ''];
  });
}

/** A segmented objective's window (spec §12): how many segments have data, and those that missed. */
export function segmentsValueText(o: { segments?: { value: string; windows: { label: string; status: string }[] }[]; segmentsBy?: string }, w: { label: string; breachedSegments?: string[] }): string {
  const n = (o.segments ?? []).filter((s) => s.windows.some((x) => x.label === w.label && x.status !== 'no-data')).length;
  if (n === 0) return 'n/a';
  const by = o.segmentsBy ?? 'segment';
  // Every row without the column (a typo in `by`, a label no series has): no segmentation at all.
  if (o.segments!.length === 1 && o.segments![0].value === '(none)') return `no row has \`${by}\`: one segment${w.breachedSegments?.length ? ', missed' : ''}`;
  const what = n === 1 ? by : `${by}s`;
  return w.breachedSegments?.length ? `${w.breachedSegments.length} of ${n} ${what} missed (${w.breachedSegments.join(', ')})` : `${n} ${what}`;
}
