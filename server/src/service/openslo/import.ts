/**
 * OpenSLO v1 documents → SLA files (spec §11). What the documents say is mapped; what they leave
 * open is left open, so the linter says it (SLA101 no percentile method, SLA102 no timezone, SLA104
 * no availability method, SLA002 for `calendar: 1m` or a source model-sla cannot read) — never
 * guessed. `modelsla.dev/` annotations (written by export.ts) are read back, so an export imports as
 * an equivalent SLA.
 *
 * SLOs are grouped into SLAs by their `modelsla.dev/sla` annotation, else by service. An SLO with
 * several objectives becomes one objective each (`<slo>-<displayName>`).
 */
import { parseAllDocuments, stringify } from 'yaml';
import { ANNOTATION_PREFIX, annotationField, objectName, parseShorthand, validateOpenSlo, type OpenSloProblem } from './openslo';
import { calendarWindowStartDate } from '../../engine/windows';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const CALENDAR: Record<string, string> = { '1d': 'day', '1w': 'week', '1M': 'month', '1Q': 'quarter', '1Y': 'year' };
const OPS: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };
const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'model', 'scope', 'parties', 'period', 'baseline', 'metrics', 'objectives', 'breach'];
/** The SLA's top-level fields the export carries in annotations (the schema's, beyond what OpenSLO says). */
const TOP_ANNOTATED = new Set(['scope', 'parties', 'period', 'baseline', 'breach']);
/** Annotations that are not an objective's own fields. */
const NOT_OBJECTIVE_FIELDS = new Set(['sla', 'objective', 'indicator', 'metric', 'unit', 'model', 'window']);
const OBJECTIVE_ORDER = ['id', 'description', 'indicator', 'metric', 'method', 'measure', 'percentile', 'percentileMethod', 'threshold', 'statistic', 'target', 'window', 'budgeting', 'slice', 'sliceTarget', 'sliceGood', 'emptySlices', 'minObservations', 'evaluation', 'exclusions', 'measurement'];

export interface OpenSloImport {
  /** One SLA per group of SLOs, in the order the SLOs came. */
  slas: Record<string, any>[];
  /** What was not mapped, and why (stderr). */
  notes: string[];
  /** Where the input breaks the OpenSLO v1 rules (read anyway, as far as it goes). */
  problems: OpenSloProblem[];
  /** The Prometheus servers the DataSources name, with their URLs (for .model-sla.yaml's `servers:`). */
  servers: Map<string, string>;
}


/** A ratio in [0, 1] as a percentage, without float noise (0.999 → 99.9%). */
const percent = (x: number) => `${Number((x * 100).toPrecision(12))}%`;

export function importOpenSlo(documents: unknown[]): OpenSloImport {
  const problems = validateOpenSlo(documents);
  const notes: string[] = [];
  const docs = documents.filter(isObj);
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const named = (kind: string, name: unknown) => byKind(kind).find((d) => d.metadata?.name === name);
  const ann = (d: Record<string, any> | undefined): Record<string, string> => (isObj(d?.metadata?.annotations) ? d!.metadata.annotations : {});
  const mine = (d: Record<string, any> | undefined, key: string): string | undefined => ann(d)[`${ANNOTATION_PREFIX}${key}`];

  // Group the SLOs into SLAs.
  const groups = new Map<string, Record<string, any>[]>();
  for (const slo of byKind('SLO')) {
    if (!isObj(slo.spec)) { notes.push(`SLO ${String(slo.metadata?.name ?? '(no name)')}: no spec: left out`); continue; }
    const key = mine(slo, 'sla') ?? `service:${String(slo.spec?.service ?? slo.metadata?.name)}`;
    groups.set(key, [...(groups.get(key) ?? []), slo]);
  }
  if (groups.size === 0) notes.push('no SLO documents: nothing to import');

  const slas: Record<string, any>[] = [];
  const servers = new Map<string, string>();
  for (const [key, slos] of groups) {
    const serviceName = String(slos[0].spec?.service ?? '');
    const service = named('Service', serviceName);
    const slaName = key.startsWith('service:') ? objectName(serviceName || String(slos[0].metadata?.name)) : key;
    const sla: Record<string, any> = { apiVersion: 'modelsla/v1', kind: 'SLA', metadata: { name: slaName } };
    // Top-level fields carried by annotations (on any SLO of the SLA), then what OpenSLO says itself.
    for (const slo of slos) for (const [k, v] of Object.entries(ann(slo))) {
      if (!k.startsWith(ANNOTATION_PREFIX)) continue;
      const field = k.slice(ANNOTATION_PREFIX.length);
      if (field.startsWith('metadata.')) sla.metadata[field.slice('metadata.'.length)] = annotationField(v);
      else if (TOP_ANNOTATED.has(field)) sla[field] = annotationField(v);
    }
    sla.model = mine(slos[0], 'model') ?? mine(service, 'model') ?? serviceName;
    if (!sla.metadata.title && typeof service?.metadata?.displayName === 'string' && service.metadata.displayName !== sla.model) sla.metadata.title = service.metadata.displayName;

    const metrics: Record<string, any> = {};
    const objectives: Record<string, any>[] = [];
    let calendarSeen: { start?: string; timeZone?: string } | undefined;
    for (const slo of slos) {
      const spec = isObj(slo.spec) ? slo.spec : {};
      const sloName = typeof slo.metadata?.name === 'string' ? slo.metadata.name : `slo-${byKind('SLO').indexOf(slo) + 1}`;
      const sli = isObj(spec.indicator) ? spec.indicator : named('SLI', spec.indicatorRef);
      if (!sli) { notes.push(`SLO ${sloName}: no indicator (indicatorRef ${JSON.stringify(spec.indicatorRef)} names no SLI document): left out`); continue; }
      const sliSpec = isObj(sli.spec) ? sli.spec : {};
      const ratioMetric = isObj(sliSpec.ratioMetric) ? sliSpec.ratioMetric : undefined;
      const thresholdMetric = isObj(sliSpec.thresholdMetric) ? sliSpec.thresholdMetric : undefined;

      // The metric: from the DataSource (ours carry the metric's fields), else the SLI's queries.
      const sources = (ratioMetric ? [ratioMetric.good, ratioMetric.bad, ratioMetric.total, ratioMetric.raw] : [thresholdMetric]).filter(isObj).map((x) => (isObj(x.metricSource) ? x.metricSource : {}));
      const ref = sources.find((s) => typeof s.metricSourceRef === 'string')?.metricSourceRef;
      const dataSource = named('DataSource', ref);
      // Without our annotations a DataSource is a server, not a metric: the SLI (its queries) is the metric.
      let metricId = mine(slo, 'metric') ?? mine(dataSource, 'metric') ?? objectName(String(sli.metadata?.name ?? sloName));
      if (!metrics[metricId]) {
        const metric = metricFrom(metricId, dataSource, ratioMetric, thresholdMetric, sources, notes, servers);
        // SLIs that read the same series are one metric.
        const same = Object.keys(metrics).find((k) => JSON.stringify(metrics[k]) === JSON.stringify(metric));
        if (same) metricId = same; else metrics[metricId] = metric;
      }

      // The window.
      const tw = Array.isArray(spec.timeWindow) && isObj(spec.timeWindow[0]) ? spec.timeWindow[0] : undefined;
      let window: Record<string, any> | undefined;
      const exactWindow = mine(slo, 'window');
      if (exactWindow) window = annotationField(exactWindow) as Record<string, any>;
      else if (tw) {
        const d = parseShorthand(tw.duration);
        const rolling = tw.isRolling === true || (tw.isRolling === undefined && tw.calendar === undefined);
        if (rolling) {
          window = { rolling: String(tw.duration) };
          if (d && 'MQY'.includes(d.unit)) notes.push(`SLO ${sloName}: a rolling ${String(tw.duration)} is not a fixed duration: say \`rolling: 30d\` (or 90d, 365d), or a calendar window`);
        } else {
          window = { calendar: CALENDAR[String(tw.duration)] ?? String(tw.duration) };
          if (!CALENDAR[String(tw.duration)]) notes.push(`SLO ${sloName}: a calendar window of ${String(tw.duration)} is not a calendar day, week, month, quarter or year${tw.duration === '1m' ? ' (1m is one minute in OpenSLO; a month is 1M)' : ''}`);
          if (isObj(tw.calendar)) {
            const [date, time] = String(tw.calendar.startTime ?? '').split(' ');
            const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
            // Our own export (annotated) says period in an annotation, or had none: nothing derived.
            if (!mine(slo, 'sla')) calendarSeen ??= { start: day, timeZone: typeof tw.calendar.timeZone === 'string' ? tw.calendar.timeZone : undefined };
            if (time && time !== '00:00:00') notes.push(`SLO ${sloName}: the calendar starts at ${time}; an SLA's calendar windows start at midnight in period.timezone`);
            const unit = CALENDAR[String(tw.duration)] as 'day' | 'week' | 'month' | 'quarter' | 'year' | undefined;
            if (day && unit && calendarWindowStartDate(unit, day) !== day) notes.push(`SLO ${sloName}: the calendar starts on ${day}, within a ${unit}; an SLA's ${unit}s are calendar ${unit === 'week' ? 'ISO weeks (Monday to Sunday)' : `${unit}s`}, so its windows start on ${calendarWindowStartDate(unit, day)} and every ${unit} after`);
          }
        }
      } else notes.push(`SLO ${sloName}: no timeWindow`);

      const list = Array.isArray(spec.objectives) ? spec.objectives.filter(isObj) : [];
      list.forEach((ob: Record<string, any>, i: number) => {
        const id = list.length === 1 ? mine(slo, 'objective') ?? sloName.replace(new RegExp(`^${escapeRegExp(slaName)}-`), '') : objectName(`${sloName}-${ob.displayName ?? i + 1}`);
        const indicator = mine(slo, 'indicator') ?? (ratioMetric ? 'availability' : 'latency');
        if (!mine(slo, 'indicator') && thresholdMetric) notes.push(`SLO ${sloName}: a thresholdMetric taken as latency (say \`indicator: accuracy\` if it measures model quality)`);
        const objective: Record<string, any> = { id, indicator, metric: metricId };
        if (typeof spec.description === 'string') objective.description = spec.description;
        const share = typeof ob.target === 'number' ? ob.target : typeof ob.targetPercent === 'number' ? ob.targetPercent / 100 : undefined;
        const budgeting = spec.budgetingMethod;
        const perSlice = budgeting === 'Timeslices' ? ob.timeSliceTarget : undefined;
        // With timeslices, OpenSLO's target is the share of good slices (the SLA's sliceTarget) and
        // timeSliceTarget the per-slice criterion (the SLA's target).
        const criterion = budgeting === 'Timeslices' ? perSlice : share;
        if (ratioMetric) {
          if (indicator === 'availability' && budgeting === 'Occurrences') objective.method = 'request-based';
          // OpenSLO's `op` is for thresholdMetric only (its own examples write `op: gt` on ratios): a
          // ratio's target is "at least".
          objective.target = typeof criterion === 'number' ? `>= ${percent(criterion)}` : undefined;
        } else {
          const unit = mine(slo, 'unit') ?? '';
          objective.target = OPS[ob.op] !== undefined && typeof ob.value === 'number' ? `${OPS[ob.op]} ${ob.value}${unit}` : undefined;
          if (indicator === 'latency' && typeof criterion === 'number') objective.percentile = `p${Number((criterion * 100).toPrecision(12))}`;
        }
        objective.window = window;
        if (budgeting === 'Timeslices' || budgeting === 'RatioTimeslices') {
          objective.budgeting = budgeting === 'Timeslices' ? 'timeslices' : budgeting;
          const sw = ob.timeSliceWindow;
          objective.slice = typeof sw === 'number' ? `${sw}m` : sw;
          if (budgeting === 'Timeslices' && typeof share === 'number') objective.sliceTarget = `>= ${percent(share)}`;
          if (budgeting === 'RatioTimeslices') notes.push(`SLO ${sloName}: RatioTimeslices (the mean of every slice's ratio) has no equivalent: \`budgeting: occurrences\` weighs every request the same, \`timeslices\` counts good slices; choose one`);
        }
        // Fields carried by annotations win over what was derived.
        for (const [k, v] of Object.entries(ann(slo))) {
          if (!k.startsWith(ANNOTATION_PREFIX)) continue;
          const field = k.slice(ANNOTATION_PREFIX.length);
          if (NOT_OBJECTIVE_FIELDS.has(field) || TOP_ANNOTATED.has(field) || field.startsWith('metadata.')) continue;
          objective[field] = annotationField(v);
        }
        objectives.push(order(objective, OBJECTIVE_ORDER));
      });
    }
    if (!sla.period && calendarSeen) sla.period = { ...(calendarSeen.start ? { start: calendarSeen.start } : {}), ...(calendarSeen.timeZone ? { timezone: calendarSeen.timeZone } : {}) };
    sla.metrics = metrics;
    sla.objectives = objectives;
    if (!sla.breach) {
      const escalation = escalationFrom(slos, (name) => named('AlertPolicy', name), (name) => named('AlertNotificationTarget', name));
      if (escalation.length) sla.breach = { escalation };
    }
    for (const field of ['owner']) if (sla.metadata[field] === undefined) notes.push(`${slaName}: OpenSLO has no ${field}: add metadata.${field}`);
    if (sla.scope === undefined) notes.push(`${slaName}: OpenSLO does not say whether the SLA is internal or external: add scope`);
    slas.push(order(sla, TOP_ORDER));
  }
  return { slas, notes, problems, servers };
}

function metricFrom(id: string, dataSource: Record<string, any> | undefined, ratioMetric: Record<string, any> | undefined, thresholdMetric: Record<string, any> | undefined, sources: Record<string, any>[], notes: string[], servers: Map<string, string>): Record<string, any> {
  const cd = isObj(dataSource?.spec?.connectionDetails) ? dataSource!.spec.connectionDetails : {};
  const type = String(dataSource?.spec?.type ?? sources.find((s) => typeof s.type === 'string')?.type ?? '');
  const query = (x: unknown) => (isObj(x) && isObj(x.metricSource) && isObj(x.metricSource.spec) && typeof x.metricSource.spec.query === 'string' ? x.metricSource.spec.query : undefined);
  if (type === 'Prometheus') {
    const { url, unit, description: _d, ...fields } = cd;
    const prometheus: Record<string, any> = { server: fields.server ?? dataSource?.metadata?.name ?? 'prometheus' };
    for (const k of ['total', 'good', 'bad', 'histogram']) if (typeof fields[k] === 'string') prometheus[k] = fields[k];
    if (!prometheus.total && !prometheus.histogram) {
      if (ratioMetric) {
        if (query(ratioMetric.total)) prometheus.total = query(ratioMetric.total);
        if (query(ratioMetric.good)) prometheus.good = query(ratioMetric.good);
        if (query(ratioMetric.bad)) prometheus.bad = query(ratioMetric.bad);
      } else if (query(thresholdMetric)) prometheus.histogram = query(thresholdMetric);
    }
    if (typeof url === 'string') servers.set(String(prometheus.server), url);
    return { prometheus, ...(typeof unit === 'string' ? { unit } : {}), ...(typeof dataSource?.spec?.description === 'string' ? { description: dataSource.spec.description } : {}) };
  }
  if (type === 'File' && typeof cd.file === 'string') return { ...cd };
  notes.push(`metric ${id}: an OpenSLO source of type ${JSON.stringify(type || 'unknown')} cannot be read by model-sla (files and Prometheus): say where its data is`);
  const q = sources.map((s) => (isObj(s.spec) ? JSON.stringify(s.spec) : undefined)).filter(Boolean);
  return { description: `OpenSLO source ${type || '(no type)'}${q.length ? `: ${q.join('; ')}` : ''}` };
}

/** breach.escalation from the SLOs' alert policies: notify each policy's targets after its condition's alertAfter. */
function escalationFrom(slos: Record<string, any>[], policy: (name: string) => Record<string, any> | undefined, target: (name: string) => Record<string, any> | undefined): { after: string; notify: string }[] {
  const steps: { after: string; notify: string; minutes: number }[] = [];
  const seen = new Set<string>();
  for (const slo of slos) for (const p of Array.isArray(slo.spec?.alertPolicies) ? slo.spec.alertPolicies : []) {
    const doc = isObj(p) && typeof p.alertPolicyRef === 'string' ? policy(p.alertPolicyRef) : isObj(p) ? p : undefined;
    const spec = isObj(doc?.spec) ? doc!.spec : undefined;
    if (!spec) continue;
    const condition = Array.isArray(spec.conditions) && isObj(spec.conditions[0]) ? spec.conditions[0] : undefined;
    const after = String(condition?.spec?.condition?.alertAfter ?? '');
    const d = parseShorthand(after);
    for (const t of Array.isArray(spec.notificationTargets) ? spec.notificationTargets : []) {
      const who = isObj(t) && typeof t.targetRef === 'string' ? target(t.targetRef)?.spec?.target ?? t.targetRef : isObj(t) ? t.spec?.target : undefined;
      if (typeof who !== 'string' || !d || seen.has(`${who}@${after}`)) continue;
      seen.add(`${who}@${after}`);
      steps.push({ after, notify: who, minutes: d.n * ({ m: 1, h: 60, d: 1440, w: 10080 } as Record<string, number>)[d.unit] || Infinity });
    }
  }
  return steps.sort((a, b) => a.minutes - b.minutes).map(({ after, notify }) => ({ after, notify }));
}

function order(o: Record<string, any>, keys: string[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  for (const [k, v] of Object.entries(o)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An imported SLA as the text of an SLA file (`---` between several). */
export function slaYaml(slas: Record<string, any>[], source: string): string {
  return `# Imported by model-sla from the OpenSLO documents in ${source}. OpenSLO leaves some things open\n# (percentile method, timezone, …): \`model-sla check\` lists them; settle each one here.\n` +
    slas.map((s, i) => `${i ? '---\n' : ''}${stringify(s, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}

export interface OpenSloTextImport extends OpenSloImport {
  /** The SLA file's text; null when the input is not YAML or holds no SLO (`notes` says why). */
  text: string | null;
  /** YAML syntax errors of the input, "line:col message" (nothing is imported then). */
  yamlErrors: string[];
}

/** An OpenSLO file's text → the SLA file's text, with the notes and the input's OpenSLO problems. */
export function importOpenSloText(input: string, source: string): OpenSloTextImport {
  const parsed = parseAllDocuments(input, { prettyErrors: true });
  const list = Array.isArray(parsed) ? parsed : [];
  const yamlErrors = list.flatMap((d) => d.errors).map((e) => `${e.linePos?.[0].line ?? 0}:${e.linePos?.[0].col ?? 0} ${e.message.split('\n')[0]}`);
  if (yamlErrors.length) return { text: null, slas: [], notes: [], problems: [], servers: new Map(), yamlErrors };
  let documents: unknown[];
  try {
    documents = list.map((d) => d.toJS({ maxAliasCount: 100 })).filter((d) => d !== null && d !== undefined);
  } catch (error) {
    // An alias bomb (or an alias to nothing): a message, not a stack trace.
    return { text: null, slas: [], notes: [], problems: [], servers: new Map(), yamlErrors: [`1:1 ${(error as Error).message.split('\n')[0]}`] };
  }
  const result = importOpenSlo(documents);
  return { ...result, yamlErrors, text: result.slas.length ? slaYaml(result.slas, source) : null };
}
