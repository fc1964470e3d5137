/**
 * The findings that need the linked metric files (spec §7): SLA115 (missing, unreadable, outside the
 * workspace, a column absent), SLA114 (timestamps without offset), SLA102 for naive timestamps
 * without `period.timezone`, SLA110 (target stricter than the measured baseline) and SLA113
 * (percentile too high for the data). Asynchronous: the host runs them after a short delay, off the
 * request path, and the findings (placed by path) join the next validation of the document.
 */
import { isPrometheusSpec, type MetricData, type MetricSourceSpec, type PrometheusMetricSpec } from '../../engine/metrics/types';
import { histogramBoundaryFindings } from './histogramBoundaries';
import { parseSelector } from '../../engine/prometheus/selector';
import { scrapeSliceFindings } from './scrapeSlices';
import { valuesAreDurations } from '../../engine/metrics/valueUnit';
import { evaluatedMetric, slaSpan } from '../../engine/dataRange';
import { baselineBounds, defaultAsOf, periodBounds, reportCalendarWindows, rollingWindow, type CalendarUnit } from '../../engine/windows';
import { evaluateInterval, type IntervalResult, type ObjectiveSpec } from '../../engine/evaluate';
import { suggestTarget } from '../../engine/baseline';
import { segmentColumnOf, segmentSpecOf, segmentsWithoutTotals, splitBySegment } from '../../engine/segments';
import { requiredObservations } from '../../engine/minObservations';
import { parseDuration, parsePercentile } from '../../facts/quantities';
import type { SlaDoc } from '../parse';
import { readHints, type MetricAccess } from './dataAccess';
import type { FindingSpec, Sla } from './rule';
import { fieldNaming, missingColumns } from '../metricColumns';
import { runSteps, type StepOptions } from '../steps';
import { closest } from '../suggest';
import type { Fix } from './fixes';
import { createMetricFileFix } from './createMetricFile';

/**
 * A missing metric file next to a similarly named one (`latency.cvs`, `metric/latency.csv`): the fix
 * that links the existing file. Compared by name, then by path; only close matches.
 */
async function similarFileFixes(access: MetricAccess, slaUri: string, id: string, reference: string): Promise<Fix[]> {
  if (!access.listFiles) return [];
  const files = await access.listFiles(slaUri);
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const wanted = reference.replace(/\\/g, '/').replace(/^\.\//, '');
  // The path with a typo (`metric/latency.cvs`), else the same or a close name in another folder.
  const name = closest(base(wanted), files.map(base));
  const match = closest(wanted, files) ?? (name === undefined ? undefined : files.find((f) => base(f) === name));
  if (!match || match === wanted) return [];
  const value = /[\s:#,{}[\]&*!|>'"%@`]/.test(match) ? `"${match}"` : match;
  return [{ title: `Link \`${match}\` instead`, kind: 'replaceValue', path: ['metrics', id, 'file'], value, preferred: true }];
}

/**
 * Interval results per metric data object, so that a target edit does not recompute a baseline:
 * owned by the language service (one per service), keyed by the objective's computation.
 */
export type EvaluationMemo = WeakMap<MetricData, Map<string, IntervalResult>>;

export async function lintData(doc: SlaDoc, slaUri: string, access: MetricAccess, memo: EvaluationMemo = new WeakMap(), steps: StepOptions = {}): Promise<FindingSpec[]> {
  const sla = doc.value as Sla | undefined;
  if (!sla || typeof sla !== 'object' || !sla.metrics || typeof sla.metrics !== 'object') return [];
  const out: FindingSpec[] = [];
  const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
  const calendar = (Array.isArray(sla.objectives) ? sla.objectives : []).some((o: any) => typeof o?.window?.calendar === 'string');
  const users = (id: string) => (Array.isArray(sla.objectives) ? sla.objectives : []).filter((o: any) => o?.metric === id).map((o: any) => `\`${o.id}\``);
  const loaded = new Map<string, MetricData>();
  for (const [id, raw] of Object.entries<any>(sla.metrics)) {
    const used = users(id);
    const consequence = used.length ? `; ${used.join(', ')} cannot be checked` : '';
    if (raw && typeof raw === 'object' && isPrometheusSpec(raw)) {
      out.push(...await prometheusFindings(access, slaUri, sla, id, raw, timezone, consequence, loaded));
      continue;
    }
    if (!raw || typeof raw !== 'object' || typeof raw.file !== 'string' || typeof raw.timestamp !== 'string') continue;
    // The read the report makes (the segment column with it, spec §12): one cached read for both.
    const segment = segmentColumnOf(sla, id);
    const spec = (segment !== undefined ? { ...raw, segment } : raw) as MetricSourceSpec;
    const load = await access.load(slaUri, spec, timezone, undefined, { valuesAreDurations: valuesAreDurations(sla, id) });
    if (!load.ok) {
      const field = load.column !== undefined ? fieldNaming(spec, load.column) : undefined;
      // A missing file (the path legal and inside the workspace): link a similar one, or create it.
      const create = load.reason === 'missing' ? createMetricFileFix(id, spec) : undefined;
      const fixes = load.reason === 'missing' ? [...(await similarFileFixes(access, slaUri, id, spec.file)), ...(create ? [create] : [])] : [];
      out.push({ code: 'SLA115', message: `metric \`${id}\`: ${load.message}${consequence}.`, at: { path: ['metrics', id, field ?? 'file'], as: 'value' }, ...(fixes.length ? { fixes } : {}) });
      continue;
    }
    const { data } = load;
    if (data.missingColumns.length === 0) loaded.set(id, data);
    for (const { field, message } of missingColumns(spec, data)) {
      out.push({ code: 'SLA115', message: `metric \`${id}\`: ${message}${consequence}.`, at: { path: ['metrics', id, field ?? 'file'], as: 'value' } });
    }
    // A `segments.by` column the file does not have (spec §12): every row would be one segment, `(none)`.
    if (data.segmentColumnMissing && segment !== undefined) {
      const header = data.header ? ` (columns: ${data.header.slice(0, 8).join(', ')}${data.header.length > 8 ? ', …' : ''})` : '';
      (Array.isArray(sla.objectives) ? sla.objectives : []).forEach((o: any, index: number) => {
        if (o?.metric !== id || segmentSpecOf(o)?.by !== segment) return;
        out.push({ code: 'SLA115', message: `column \`${segment}\` (\`segments.by\`) is not in \`${spec.file}\`${header}: every row would be in the one segment \`(none)\`.`, at: { path: ['objectives', index, 'segments', 'by'], as: 'value' } });
      });
    }
    if (data.naive && data.naive.count > 0) {
      const zone = timezone ?? 'UTC';
      out.push({
        code: 'SLA114',
        message: `metric \`${id}\`: ${data.naive.count === 1 ? '1 timestamp' : `${data.naive.count} timestamps`} in \`${spec.file}\` ${data.naive.count === 1 ? 'has' : 'have'} no UTC offset (first on line ${data.naive.firstLine}); ${timezone ? `they are read as ${zone} wall time, and a reader who assumes UTC puts them hours away` : 'without `period.timezone` they are read as UTC, and a reader who assumes local time puts them hours away'}. Export timestamps with \`Z\` or an offset.`,
        at: { path: ['metrics', id, 'timestamp'], as: 'value' },
      });
      if (!timezone && !calendar) {
        out.push({
          code: 'SLA102',
          message: `metric \`${id}\` has timestamps without offset but the SLA has no \`period.timezone\`: whose wall clock are they? The tool reads them as UTC; set \`period.timezone\`.`,
          at: { path: ['period', 'timezone'], as: 'key' },
        });
      }
    }
  }
  // Thousands of objectives are minutes of evaluation: in time slices when the host asks (../steps.ts).
  out.push(...(await runSteps(objectiveFindings(sla, loaded, timezone, memo), steps)));
  return out;
}

/**
 * SLA119 (spec §10): a Prometheus metric whose server is not configured, cannot be reached or
 * refuses, or whose selector matches no series. Nothing in an untrusted workspace (no network: the
 * preview says why). A metric whose shape SLA002 refuses is not read.
 */
async function prometheusFindings(access: MetricAccess, slaUri: string, sla: Sla, id: string, spec: PrometheusMetricSpec, timezone: string | undefined, consequence: string, loaded: Map<string, MetricData>): Promise<FindingSpec[]> {
  const p = spec.prometheus;
  if (typeof p.server !== 'string' || (p.total === undefined && p.histogram === undefined)) return [];
  // A selector SLA002 refuses at its column would only fail again here, as SLA119 on `server`.
  for (const role of ['total', 'good', 'bad', 'histogram'] as const) {
    const text = p[role];
    if (text !== undefined && (typeof text !== 'string' || !parseSelector(text, role === 'histogram' ? ['le'] : []).ok)) return [];
  }
  // The read the report makes (the segment label with it, spec §12): one cached read for both.
  const segment = segmentColumnOf(sla, id);
  const load = await access.load(slaUri, segment !== undefined ? { ...spec, segment } : spec, timezone, undefined, readHints(sla, id));
  if (load.ok) {
    loaded.set(id, load.data);
    const objectives: unknown[] = Array.isArray(sla.objectives) ? sla.objectives : [];
    return [
      ...(load.data.segmentColumnMissing && segment !== undefined ? segmentLabelFindings(objectives, id, segment, load.data.seriesLabelNames ?? []) : []),
      ...(segment !== undefined && !load.data.segmentColumnMissing ? segmentTotalFindings(objectives, id, segment, load.data) : []),
      ...(load.data.buckets && typeof p.histogram === 'string' ? histogramBoundaryFindings(objectives, id, p.histogram, typeof spec.unit === 'string' ? spec.unit : undefined, load.data.buckets) : []),
      ...scrapeSliceFindings(objectives, id, load.data.scrapeIntervalMs),
    ];
  }
  if (load.reason === 'untrusted') return [];
  const field = load.reason === 'no-series' && load.column ? load.column : load.reason === 'invalid' && p.histogram !== undefined ? 'histogram' : 'server';
  return [{ code: 'SLA119', message: `metric \`${id}\`: ${load.message}${consequence}.`, at: { path: ['metrics', id, 'prometheus', field], as: 'value' } }];
}

/** SLA119 where `segments.by` names a label no series of the metric has (spec §12): one segment, `(none)`. */
function segmentLabelFindings(objectives: unknown[], id: string, label: string, names: string[]): FindingSpec[] {
  const has = names.length ? ` (their labels: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})` : '';
  return objectives.flatMap((o: any, index) => (o?.metric === id && segmentSpecOf(o)?.by === label
    ? [{ code: 'SLA119', message: `label \`${label}\` (\`segments.by\`) is on none of the series of \`metrics.${id}\`${has}: every row would be in the one segment \`(none)\`.`, at: { path: ['objectives', index, 'segments', 'by'], as: 'value' as const } }]
    : []));
}

/** SLA119 where `segments.by` names a label the good (bad) series have and the total series lack: their requests count in no segment. */
function segmentTotalFindings(objectives: unknown[], id: string, label: string, data: MetricData): FindingSpec[] {
  const split = splitBySegment(data);
  const orphans = split.ok ? segmentsWithoutTotals(split.parts) : [];
  if (!orphans.length) return [];
  const role = data.badCounts ? 'bad' : 'good';
  return objectives.flatMap((o: any, index) => (o?.metric === id && segmentSpecOf(o)?.by === label
    ? [{ code: 'SLA119', message: `label \`${label}\` (\`segments.by\`) is on the \`${role}\` series of \`metrics.${id}\` but not on its \`total\` series: the ${role} requests of ${orphans.map((v) => `\`${v}\``).join(', ')} would count in no segment. Select \`total\` series that carry \`${label}\` too.`, at: { path: ['objectives', index, 'segments', 'by'], as: 'value' as const } }]
    : []));
}

const DAY = 86_400_000;

/** The objective fields a computation depends on; the target only through its unit. */
function computationKey(objective: Record<string, any>, start: number, end: number, timezone: string): string {
  const { id: _id, description: _d, target, sliceTarget: _s, ...rest } = objective;
  const unit = typeof target === 'string' ? /[a-z%]*\s*$/i.exec(target)![0].trim() : '';
  return JSON.stringify([rest, unit, start, end, timezone]);
}

function evaluate(memo: EvaluationMemo, objective: ObjectiveSpec, data: MetricData, start: number, end: number, timezone: string, asOf?: number, period?: { start?: number; end?: number }): IntervalResult {
  let perData = memo.get(data);
  if (!perData) memo.set(data, (perData = new Map()));
  const key = computationKey(objective as Record<string, any>, start, end, timezone) + (asOf ?? '') + (period ? `|${period.start ?? ''}|${period.end ?? ''}` : '');
  let result = perData.get(key);
  if (!result) {
    result = evaluateInterval(objective, data, { start, end }, { timezone, asOf, period });
    perData.set(key, result);
  }
  return result;
}

function formatValue(value: number, unit: string): string {
  const rounded = Math.abs(value) >= 100 ? value.toFixed(1) : Number(value.toPrecision(5)).toString();
  return unit === '%' ? `${rounded}%` : unit ? `${rounded} ${unit}` : rounded;
}

/** Of two baseline values, whether `a` is further from a target written `target` (`<= 300ms`: the larger) than `b`. */
function worse(a: number, b: number, target: unknown): boolean {
  return typeof target === 'string' && /^\s*</.test(target) ? a > b : a < b;
}

function* objectiveFindings(sla: Sla, loaded: Map<string, MetricData>, timezone: string | undefined, memo: EvaluationMemo): Generator<void, FindingSpec[], void> {
  const out: FindingSpec[] = [];
  const zone = timezone ?? 'UTC';
  const objectives: any[] = Array.isArray(sla.objectives) ? sla.objectives : [];
  const baseline = sla.baseline && typeof sla.baseline === 'object' ? baselineBounds(sla.baseline, zone) : undefined;
  const period = periodBounds(sla.period, zone);
  // The rows the report evaluates: far rows (engine/dataRange.ts) removed, so a row dated 2400 or a
  // few epoch-unit mistakes move neither asOf nor the windows SLA113 counts.
  const span = slaSpan(period, baseline, zone);
  const metricSpecs: Record<string, any> = sla.metrics && typeof sla.metrics === 'object' ? sla.metrics : {};
  const evaluated = new Map([...loaded].map(([id, d]) => [id, evaluatedMetric(d, span, metricSpecs[id]?.timestampUnit).data] as const));
  const asOf = defaultAsOf(evaluated.values(), period.end) ?? defaultAsOf(loaded.values(), period.end);
  for (const [index, objective] of objectives.entries()) {
    yield;
    if (!objective || typeof objective !== 'object' || typeof objective.metric !== 'string') continue;
    const data = evaluated.get(objective.metric);
    if (!data || data.rows === 0) continue;
    const label = typeof objective.id === 'string' ? `objective \`${objective.id}\`` : `objective ${index + 1}`;

    // SLA110: the target against the baseline measured with the objective's own method.
    // A baseline whose labels are not all in (spec §12: its end + labelDelay after asOf) suggests nothing yet.
    const labelDelay = objective.indicator === 'accuracy' && typeof objective.evaluation?.labelDelay === 'string' ? parseDuration(objective.evaluation.labelDelay) : undefined;
    const baselineProvisional = baseline && asOf !== undefined && labelDelay?.ok && baseline.end + labelDelay.value.normalized > asOf;
    if (baseline && typeof objective.target === 'string' && !baselineProvisional) {
      // A segmented objective (spec §12) is judged per segment: the baseline too — the segment
      // whose baseline is furthest from the target speaks (the target must hold for it).
      // Only by the column the metric was read segmented by (another `by` on the same metric is SLA002).
      const split = segmentSpecOf(objective) && data.segmentCodes && segmentColumnOf(sla, objective.metric) === segmentSpecOf(objective)!.by ? splitBySegment(data) : undefined;
      const parts = split?.ok ? split.parts : [{ value: undefined as string | undefined, data }];
      let worst: { result: ReturnType<typeof evaluate>; suggestion: NonNullable<ReturnType<typeof suggestTarget>>; segment?: string } | undefined;
      for (const part of parts) {
        const result = split?.ok ? evaluateInterval(objective, part.data, { start: baseline.start, end: baseline.end }, { timezone: zone }) : evaluate(memo, objective, data, baseline.start, baseline.end, zone);
        const suggestion = result.value === null ? undefined : suggestTarget(objective, result.value, sla.baseline.margin);
        if (suggestion?.stricter && (!worst || worse(result.value!, worst.result.value!, objective[suggestion.field]))) worst = { result, suggestion, ...(part.value !== undefined ? { segment: part.value } : {}) };
      }
      if (worst) {
        const { result, suggestion } = worst;
        const written = objective[suggestion.field];
        const margin = typeof sla.baseline.margin === 'string' ? sla.baseline.margin : '0%';
        const inSegment = worst.segment !== undefined ? ` in the segment \`${worst.segment}\` (${objective.segments.by})` : '';
        out.push({
          code: 'SLA110',
          message: `${label}: \`${suggestion.field}: "${written}"\` is stricter than measured production${inSegment}: over the baseline ${sla.baseline.from} to ${sla.baseline.to} the same computation gives ${formatValue(result.value!, result.unit)}, and with the ${margin} margin the strictest defensible target is \`${suggestion.suggested}\`. A target set from aspiration breaches from day one; use \`${suggestion.suggested}\` or improve the service first.`,
          at: { path: ['objectives', index, suggestion.field], as: 'value' },
          fixes: [{ title: `Use the baseline-derived target \`${suggestion.suggested}\``, kind: 'replaceValue', path: ['objectives', index, suggestion.field], value: `"${suggestion.suggested}"`, preferred: true }],
        });
      }
    }

    // SLA113: a percentile that needs more observations than a complete window holds.
    if (objective.indicator === 'latency' && typeof objective.percentile === 'string' && asOf !== undefined) {
      const p = parsePercentile(objective.percentile);
      if (!p.ok) continue;
      const needed = requiredObservations(p.value.text);
      const windows: { start: number; end: number; label: string }[] = [];
      if (typeof objective.window?.calendar === 'string') {
        for (const w of reportCalendarWindows(objective.window.calendar as CalendarUnit, zone, { periodStart: period.start, periodEnd: period.end, firstObservation: data.minTime, asOf })) {
          if (!w.partial && !w.clipped) windows.push(w);
        }
      } else if (typeof objective.window?.rolling === 'string') {
        const d = parseDuration(objective.window.rolling);
        if (d.ok && asOf - d.value.normalized >= data.minTime - DAY) windows.push(rollingWindow(asOf, d.value.normalized));
      }
      for (const w of windows) {
        // Counted as the report counts them: observations outside the period are never evaluated (§9).
        const result = evaluate(memo, { ...objective, budgeting: 'occurrences', minObservations: undefined }, data, w.start, w.end, zone, asOf, period);
        if (result.observations > 0 && result.observations < needed) {
          out.push({
            code: 'SLA113',
            message: `${label}: ${objective.percentile} needs at least ${needed} observations per window to be more than the window's maximum (⌈100 / (100 − ${p.value.text})⌉), but window ${w.label} has ${result.observations}. With fewer, "${objective.percentile}" is just the largest value, and one outlier decides the verdict. Use a lower percentile, a longer window, or \`minObservations: ${needed}\`.`,
            at: { path: ['objectives', index, 'percentile'], as: 'key' },
            fixes: objective.minObservations === undefined ? [{ title: `Add \`minObservations: ${needed}\``, kind: 'setKey', path: ['objectives', index], key: 'minObservations', value: String(needed), preferred: true }] : [],
          });
          break; // once per objective (spec §9)
        }
      }
    }
  }
  return out;
}
