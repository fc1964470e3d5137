/**
 * An SLA as OpenSLO v1 documents (spec §11): the model → a `Service`; each metric → a `DataSource`
 * (`Prometheus` with the server's URL, or `File` whose connectionDetails are the metric's reading
 * fields); each objective → an `SLO` named `<sla>-<objective id>` with its SLI inline (`ratioMetric`
 * with `counter: true` for availability and ratio-form latency, `thresholdMetric` for percentile
 * latency, accuracy and throughput); the escalation steps → `AlertNotificationTarget`s and
 * `AlertPolicy`s with an inline `AlertCondition`.
 *
 * What OpenSLO cannot say goes into `modelsla.dev/` annotations, one per field (strings as they
 * are, anything else as JSON): on each SLO the objective's fields beyond id, indicator, metric,
 * target, window, budgeting, slice, sliceTarget, percentile and description (percentile method,
 * threshold, minObservations, evaluation, exclusions, measurement, …); on the first SLO of an SLA
 * its top-level fields (owner, title, scope, parties, period, baseline, breach). `notes` lists them
 * for stderr. import.ts reads both back. Pure: the servers' URLs are passed in.
 */
import { stringify } from 'yaml';
import { parseDuration, parsePercentile, parseTarget } from '../../facts/quantities';
import { isPrometheusSpec, type PrometheusMetricSpec } from '../../engine/metrics/types';
import { ratioSli } from '../generate/prometheusRules';
import { calendarWindowStartDate, type CalendarUnit } from '../../engine/windows';
import { ANNOTATION_PREFIX, OPENSLO_API_VERSION, ObjectNames, annotationValue, objectName as plainName, shorthand, type OpenSloDocument } from './openslo';

/** Objective fields the SLO says natively (everything else is an annotation). */
const NATIVE_OBJECTIVE_FIELDS = new Set(['id', 'indicator', 'metric', 'target', 'window', 'budgeting', 'slice', 'sliceTarget', 'percentile', 'description']);
/** Top-level fields the documents say natively. */
const NATIVE_TOP_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'model', 'metrics', 'objectives']);
export const CALENDAR_DURATION: Record<string, string> = { day: '1d', week: '1w', month: '1M', quarter: '1Q', year: '1Y' };
/** Where a calendar without `period.start` is anchored: 1973-01-01 was a Monday and starts a year, a quarter and a month. */
export const CALENDAR_ANCHOR = '1973-01-01';
export const OP_NAMES: Record<string, string> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
/**
 * The share of data points an OpenSLO thresholdMetric objective asks for, where the SLA's window
 * value is an aggregate (accuracy's runs, throughput's slices): any share above (n−1)/n asks for every
 * data point of a window of n; 0.99 does for up to 100.
 */
export const AGGREGATE_SHARE = 0.99;

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const clip = (text: string) => (text.length > 1050 ? `${text.slice(0, 1049)}…` : text);

export interface OpenSloExport { documents: OpenSloDocument[]; notes: string[] }

/** A ratio target (`>= 99.9%`, `>= 0.95`) as a number in [0, 1], or undefined. */
function ratio(text: unknown): { value: number; op: string } | undefined {
  if (typeof text !== 'string') return undefined;
  const t = parseTarget(text, ['percent', 'number']);
  if (!t.ok) return undefined;
  const q = t.value.quantity;
  return { value: q.unit === '%' ? Number(q.number) / 100 : Number(q.number), op: t.value.op };
}

/** A ratio as written in OpenSLO: no float noise (0.999, not 0.9990000000000001). */
const clean = (x: number) => Number(x.toPrecision(12));

/**
 * `names`: shared by every SLA written into one output, so that no two objects of a kind share a
 * name (see ObjectNames).
 */
export function exportOpenSlo(slaValue: unknown, servers: ReadonlyMap<string, { url: string }> = new Map(), names = new ObjectNames()): OpenSloExport {
  const sla = isObj(slaValue) ? slaValue : {};
  const slaName = String(sla.metadata?.name ?? 'sla');
  const model = typeof sla.model === 'string' ? sla.model : slaName;
  const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
  const periodStart = typeof sla.period?.start === 'string' ? sla.period.start : undefined;
  const notes: string[] = [];
  const documents: OpenSloDocument[] = [];
  const renamedBefore = names.renamed.length;
  const objectName = (kind: string, text: string) => names.name(kind, text);
  const doc = (kind: string, name: string, spec: Record<string, any>, extra: { displayName?: string; annotations?: Record<string, string> } = {}): OpenSloDocument => ({
    apiVersion: OPENSLO_API_VERSION, kind,
    metadata: { name, ...(extra.displayName && extra.displayName !== name ? { displayName: extra.displayName } : {}), ...(extra.annotations && Object.keys(extra.annotations).length ? { annotations: extra.annotations } : {}) },
    spec,
  });
  const slaAnnotation = { [`${ANNOTATION_PREFIX}sla`]: slaName };

  // The model: a Service.
  const service = objectName('Service', model);
  documents.push(doc('Service', service, { description: clip(`The model service ${model}${typeof sla.metadata?.title === 'string' ? ` (${sla.metadata.title})` : ''}.`) }, { displayName: model, annotations: service !== model ? { [`${ANNOTATION_PREFIX}model`]: model } : {} }));

  // The metrics: DataSources.
  const metrics = isObj(sla.metrics) ? sla.metrics : {};
  const sourceName: Record<string, string> = {};
  for (const [id, spec] of Object.entries(metrics)) {
    if (!isObj(spec)) continue;
    const name = objectName('DataSource', `${slaName}-${id}`);
    sourceName[id] = name;
    const annotations = { ...slaAnnotation, [`${ANNOTATION_PREFIX}metric`]: id };
    if (isPrometheusSpec(spec as never)) {
      const p = (spec as PrometheusMetricSpec).prometheus;
      const url = servers.get(String(p.server))?.url;
      if (!url) notes.push(`metric ${id}: the server \`${String(p.server)}\` is not in .model-sla.yaml: the DataSource names it without a URL`);
      const { prometheus: _p, ...rest } = spec as Record<string, any>;
      documents.push(doc('DataSource', name, { ...(typeof spec.description === 'string' ? { description: clip(spec.description) } : {}), type: 'Prometheus', connectionDetails: { ...(url ? { url } : {}), ...p, ...omit(rest, ['description']) } }, { displayName: id, annotations }));
    } else {
      documents.push(doc('DataSource', name, { type: 'File', connectionDetails: { ...spec } }, { displayName: id, annotations }));
    }
  }

  // The escalation steps: a notification target and an alert policy each.
  const policies: string[] = [];
  const escalation = Array.isArray(sla.breach?.escalation) ? sla.breach.escalation.filter(isObj) : [];
  const targets = new Map<string, string>();
  escalation.forEach((step: Record<string, any>, i: number) => {
    const who = String(step.notify ?? '');
    if (!targets.has(who)) {
      const name = objectName('AlertNotificationTarget', `${slaName}-notify-${who}`);
      targets.set(who, name);
      documents.push(doc('AlertNotificationTarget', name, { target: who, description: clip(`${who}, an escalation contact of the SLA ${slaName}.`) }, { displayName: who, annotations: slaAnnotation }));
    }
    const after = typeof step.after === 'string' ? parseDuration(step.after) : undefined;
    let alertAfter = after?.ok ? shorthand(after.value.normalized) : undefined;
    if (!alertAfter) {
      alertAfter = after?.ok && after.value.normalized > 0 ? `${Math.ceil(after.value.normalized / 60_000)}m` : '1m';
      notes.push(`escalation step ${i + 1}: \`after: ${String(step.after)}\` is not whole minutes: alertAfter ${alertAfter}`);
    }
    const name = objectName('AlertPolicy', `${slaName}-escalation-${i + 1}`);
    policies.push(name);
    documents.push(doc('AlertPolicy', name, {
      description: clip(`Escalation step ${i + 1} of the SLA ${slaName}: notify ${who} once the error budget has burned at least as fast as it lasts (burn rate ≥ 1) for ${String(step.after)}.`),
      alertWhenBreaching: true, alertWhenResolved: false, alertWhenNoData: false,
      conditions: [{ kind: 'AlertCondition', metadata: { name: objectName('AlertCondition', `${slaName}-escalation-${i + 1}-burn`) }, spec: { severity: i === 0 ? 'page' : 'escalation', condition: { kind: 'burnrate', op: 'gte', threshold: 1, lookbackWindow: '1h', alertAfter } } }],
      notificationTargets: [{ targetRef: targets.get(who)! }],
    }, { annotations: slaAnnotation }));
  });
  if (escalation.length) notes.push(`escalation: OpenSLO alerts on burn rates, not on breaches: each step became an AlertPolicy (burn rate ≥ 1 for its \`after\`); the breach policy itself is in ${ANNOTATION_PREFIX}breach`);

  // The objectives: SLOs.
  const objectives = (Array.isArray(sla.objectives) ? sla.objectives : []).filter(isObj);
  let first = true;
  for (const o of objectives) {
    const id = String(o.id ?? '');
    const metricId = String(o.metric ?? '');
    const spec = metrics[metricId];
    const annotations: Record<string, string> = { ...slaAnnotation, [`${ANNOTATION_PREFIX}objective`]: id, [`${ANNOTATION_PREFIX}indicator`]: String(o.indicator ?? ''), [`${ANNOTATION_PREFIX}metric`]: metricId };
    const carried: string[] = [];
    if (typeof o.description === 'string' && clip(o.description.trim()) !== o.description.trim()) {
      annotations[`${ANNOTATION_PREFIX}description`] = o.description;
      notes.push(`objective ${id}: the description is longer than OpenSLO's 1050 characters: the whole of it is in ${ANNOTATION_PREFIX}description`);
    }
    for (const [k, v] of Object.entries(o)) {
      // A slice is native to timeslices only (throughput's slice is its own).
      if ((NATIVE_OBJECTIVE_FIELDS.has(k) && !(k === 'slice' && o.budgeting !== 'timeslices')) || v === undefined) continue;
      annotations[`${ANNOTATION_PREFIX}${k}`] = annotationValue(v);
      carried.push(k);
    }

    // The window.
    const w = isObj(o.window) ? o.window : {};
    let timeWindow: Record<string, any>;
    if (typeof w.calendar === 'string') {
      if (!periodStart) notes.push(`objective ${id}: no period.start: the calendar is anchored at ${CALENDAR_ANCHOR} 00:00:00 (a Monday, a year's first day)`);
      // OpenSLO repeats the window from startTime; the SLA's calendar windows are ISO weeks, months,
      // quarters, years. So startTime is the first day of the window that holds period.start (the
      // same day when period.start is aligned, as it usually is); period itself rides in annotations.
      const unit = CALENDAR_DURATION[w.calendar] ? (w.calendar as CalendarUnit) : undefined;
      const start = periodStart && unit && /^\d{4}-\d{2}-\d{2}$/.test(periodStart) ? calendarWindowStartDate(unit, periodStart) : periodStart;
      if (start !== periodStart) notes.push(`objective ${id}: period.start ${periodStart} is within a ${w.calendar}: the OpenSLO calendar starts at that ${w.calendar}'s first day, ${start}`);
      if (!timezone) notes.push(`objective ${id}: no period.timezone: OpenSLO's calendar needs one, UTC written (model-sla reads it back as unsaid)`);
      timeWindow = { duration: CALENDAR_DURATION[w.calendar] ?? w.calendar, isRolling: false, calendar: { startTime: `${start ?? CALENDAR_ANCHOR} 00:00:00`, timeZone: timezone ?? 'UTC' } };
    } else {
      const d = typeof w.rolling === 'string' ? parseDuration(w.rolling) : undefined;
      let duration = d?.ok ? shorthand(d.value.normalized) : undefined;
      if (!duration) {
        duration = d?.ok ? `${Math.max(1, Math.ceil(d.value.normalized / 60_000))}m` : String(w.rolling);
        notes.push(`objective ${id}: the rolling window ${String(w.rolling)} is not whole minutes: OpenSLO says ${duration} (the exact window is in ${ANNOTATION_PREFIX}window)`);
        annotations[`${ANNOTATION_PREFIX}window`] = annotationValue(o.window);
      }
      timeWindow = { duration, isRolling: true };
    }

    // The indicator and the objective.
    const source = (query: Record<string, any>) => ({ metricSource: { metricSourceRef: sourceName[metricId] ?? objectName('DataSource', `${slaName}-${metricId}`), type: isObj(spec) && isPrometheusSpec(spec as never) ? 'Prometheus' : 'File', spec: query } });
    const timeslices = o.budgeting === 'timeslices';
    const sliceWindow = typeof o.slice === 'string' ? parseDuration(o.slice) : undefined;
    const objective: Record<string, any> = { displayName: id };
    let indicator: Record<string, any>;
    const isRatio = o.indicator === 'availability' || (o.indicator === 'latency' && o.threshold !== undefined);
    const target = isRatio ? ratio(o.target) : undefined;
    if (isRatio) {
      let good: Record<string, any> | undefined, bad: Record<string, any> | undefined, total: Record<string, any> = {};
      if (isObj(spec) && isPrometheusSpec(spec as never)) {
        const s = ratioSli(o, spec as PrometheusMetricSpec, typeof spec.unit === 'string' ? spec.unit : undefined);
        if ('why' in s) notes.push(`objective ${id}: no Prometheus query for its SLI (${s.why}): the queries are left empty`);
        const roles = 'why' in s ? {} : Object.fromEntries(s.selectors);
        total = { query: roles.total ?? roles.count ?? '' };
        if (roles.bad) bad = { query: roles.bad }; else good = { query: roles.good ?? roles.bucket ?? '' };
      } else if (isObj(spec)) {
        total = { file: spec.file, ...(spec.total ? { column: spec.total } : {}) };
        good = { file: spec.file, ...(o.threshold !== undefined ? { value: spec.value, threshold: o.threshold } : spec.goodCount ? { column: spec.goodCount } : spec.good ? { good: spec.good } : o.sliceGood ? { sliceGood: o.sliceGood } : {}) };
      }
      indicator = { ratioMetric: { counter: true, ...(good ? { good: source(good) } : {}), ...(bad ? { bad: source(bad) } : {}), total: source(total) } };
      if (timeslices) {
        const share = ratio(o.sliceTarget);
        objective.target = share ? clean(share.value) : o.sliceTarget;
        objective.timeSliceTarget = target ? clean(target.value) : o.target;
      } else objective.target = target ? clean(target.value) : o.target;
      if (!target || target.op !== '>=' || (timeslices && ratio(o.sliceTarget)?.op !== '>=')) {
        annotations[`${ANNOTATION_PREFIX}target`] = String(o.target);
        if (timeslices) annotations[`${ANNOTATION_PREFIX}sliceTarget`] = String(o.sliceTarget);
        notes.push(`objective ${id}: OpenSLO's targets are "at least": the exact target is in ${ANNOTATION_PREFIX}target`);
      }
    } else {
      const t = typeof o.target === 'string' ? parseTarget(o.target) : undefined;
      const q = t?.ok ? t.value.quantity : undefined;
      const prom = isObj(spec) && isPrometheusSpec(spec as never) ? (spec as PrometheusMetricSpec).prometheus : undefined;
      const promQuery = prom ? prom.histogram ?? prom.total ?? '' : undefined;
      if (prom && !promQuery) notes.push(`objective ${id}: its Prometheus metric names no histogram or total series: the query is left empty`);
      const query = promQuery !== undefined ? { query: promQuery } : isObj(spec) ? { file: spec.file, value: spec.value } : {};
      indicator = { thresholdMetric: source(query) };
      if (t?.ok && q) {
        objective.op = OP_NAMES[t.value.op];
        objective.value = Number(q.number);
        if (q.unit) annotations[`${ANNOTATION_PREFIX}unit`] = q.unit;
      }
      const p = o.indicator === 'latency' && typeof o.percentile === 'string' ? parsePercentile(o.percentile) : undefined;
      const share = p?.ok ? clean(p.value.p / 100) : AGGREGATE_SHARE;
      if (!p?.ok) notes.push(`objective ${id}: OpenSLO's target is a share of data points; the ${String(o.indicator)} rule (${o.indicator === 'accuracy' ? 'evaluation.aggregate' : 'statistic'}) is in ${ANNOTATION_PREFIX} annotations, target ${AGGREGATE_SHARE} written (every data point of a window of up to 100)`);
      if (timeslices) {
        const s = ratio(o.sliceTarget);
        objective.target = s ? clean(s.value) : o.sliceTarget;
        objective.timeSliceTarget = share;
        if (s?.op !== '>=') { annotations[`${ANNOTATION_PREFIX}sliceTarget`] = String(o.sliceTarget); notes.push(`objective ${id}: OpenSLO's targets are "at least": the exact sliceTarget is in ${ANNOTATION_PREFIX}sliceTarget`); }
      } else objective.target = share;
    }
    if (timeslices) {
      objective.timeSliceWindow = sliceWindow?.ok ? shorthand(sliceWindow.value.normalized) ?? `${Math.max(1, Math.ceil(sliceWindow.value.normalized / 60_000))}m` : o.slice;
      if (sliceWindow?.ok && !shorthand(sliceWindow.value.normalized)) { annotations[`${ANNOTATION_PREFIX}slice`] = String(o.slice); notes.push(`objective ${id}: the slice ${String(o.slice)} is not whole minutes: the exact slice is in ${ANNOTATION_PREFIX}slice`); }
    }
    if (objective.target === 1 || (typeof objective.target === 'number' && objective.target >= 1)) {
      notes.push(`objective ${id}: a target of 100 % has no error budget, and OpenSLO's targets are below 1: left out`);
      continue;
    }
    if (first) {
      for (const [k, v] of Object.entries(sla)) if (!NATIVE_TOP_FIELDS.has(k)) { annotations[`${ANNOTATION_PREFIX}${k}`] = annotationValue(v); carried.push(k); }
      for (const [k, v] of Object.entries(isObj(sla.metadata) ? sla.metadata : {})) if (k !== 'name') { annotations[`${ANNOTATION_PREFIX}metadata.${k}`] = annotationValue(v); carried.push(`metadata.${k}`); }
      if (service !== model) annotations[`${ANNOTATION_PREFIX}model`] = model;
      first = false;
    }
    if (carried.length) notes.push(`objective ${id}: in ${ANNOTATION_PREFIX} annotations: ${carried.join(', ')}`);
    documents.push(doc('SLO', objectName('SLO', `${slaName}-${id}`), {
      ...(typeof o.description === 'string' ? { description: clip(o.description.trim()) } : {}),
      service,
      indicator: { metadata: { name: objectName('SLI', `${slaName}-${id}-sli`), displayName: metricId }, spec: indicator },
      timeWindow: [timeWindow],
      budgetingMethod: timeslices ? 'Timeslices' : 'Occurrences',
      objectives: [objective],
      ...(policies.length ? { alertPolicies: policies.map((alertPolicyRef) => ({ alertPolicyRef })) } : {}),
    }, { displayName: `${slaName} / ${id}`, annotations }));
  }
  if (objectives.some((o) => o.indicator === 'availability' && o.method === 'time-based')) notes.push(`time-based availability: OpenSLO reads a ratioMetric with Occurrences as a share of requests; the SLA counts good time (its method is in ${ANNOTATION_PREFIX}method)`);
  for (const r of names.renamed.slice(renamedBefore)) notes.push(`the ${r.kind} for ${r.text} is named ${r.name}: ${plainName(r.text)} is the ${r.kind} of ${r.taken}`);
  return { documents, notes };
}



function omit(o: Record<string, any>, keys: string[]): Record<string, any> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

/** The documents as a YAML stream, `---` between them. */
export function openSloYaml(documents: OpenSloDocument[], source: string): string {
  return `# OpenSLO v1, exported by model-sla from ${source}. What OpenSLO cannot say is in modelsla.dev/ annotations;\n# \`model-sla import openslo\` reads them back.\n` +
    documents.map((d) => `---\n${stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}
