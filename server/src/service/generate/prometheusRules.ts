/**
 * Prometheus rules from an SLA (spec §11, issue 16): for every ratio objective on a Prometheus
 * metric (request-based availability, ratio-form latency), recording rules of its error ratio over
 * 5m … 3d and the Google SRE workbook's multi-window, multi-burn-rate alerts, plus one `absent()`
 * alert per selector. Pure: reads the parsed SLA only, never a server (it runs offline in CI).
 *
 * With budget B = 1 − target and the objective's window length P, the factor for "a share s of the
 * budget spent within the long window L" is s · P / L, and a tier fires when both its windows' error
 * ratio exceed factor · B. Expressions are aggregated with `sum` (one series, no labels), so every
 * identifying label is a rule label.
 */
import { stringify } from 'yaml';
import { parseDuration, parseTarget } from '../../facts/quantities';
import { isPrometheusSpec, type PrometheusMetricSpec } from '../../engine/metrics/types';
import { parseSelector, selectorText } from '../../engine/prometheus/selector';
import { describeObjective } from '../describeObjective';

const MINUTE = 60_000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
/** The recording windows (spec §11). */
export const RATE_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
/** The alert tiers (spec §11): long / short window, budget share, severity. */
export const TIERS = [
  { tier: 'fast', long: '1h', short: '5m', share: 0.02, severity: 'page' },
  { tier: 'medium', long: '6h', short: '30m', share: 0.05, severity: 'page' },
  { tier: 'slow', long: '1d', short: '2h', share: 0.1, severity: 'ticket' },
  { tier: 'steady', long: '3d', short: '6h', share: 0.1, severity: 'ticket' },
] as const;
const CALENDAR_LENGTH: Record<string, number> = { day: DAY, week: 7 * DAY, month: 30 * DAY, quarter: 90 * DAY, year: 365 * DAY };
const WINDOW_MS: Record<string, number> = { '5m': 5 * MINUTE, '30m': 30 * MINUTE, '1h': HOUR, '2h': 2 * HOUR, '6h': 6 * HOUR, '1d': DAY, '3d': 3 * DAY };

export interface Rule { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
export interface RuleGroup { name: string; rules: Rule[] }
export interface RulesResult {
  groups: RuleGroup[];
  /** Objectives without rules, and why. */
  skipped: { objective: string; why: string }[];
  /** Objectives with rules, but not every tier, and why. */
  notes: { objective: string; note: string }[];
}

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The good/total (or bad/total) rates of an objective's metric, as PromQL over a range `w`, and its selectors by role (total/good/bad, count/bucket); or why there are none. Shared with the OpenSLO export. */
export function ratioSli(o: Record<string, any>, spec: PrometheusMetricSpec, unit: string | undefined): { errorRatio: (w: string) => string; total: string; selectors: [string, string][] } | { why: string } {
  const p = spec.prometheus;
  const rate = (selector: string, w: string) => `sum(rate(${selector}[${w}]))`;
  if (o.indicator === 'availability') {
    if (o.method === 'time-based') return { why: 'time-based availability counts slices, not requests: no ratio of rates expresses it' };
    const total = typeof p.total === 'string' ? parseSelector(p.total) : undefined;
    const other = typeof p.good === 'string' ? parseSelector(p.good) : typeof p.bad === 'string' ? parseSelector(p.bad) : undefined;
    if (!total?.ok || !other?.ok) return { why: 'the metric needs `total` and `good` (or `bad`) selectors' };
    const t = selectorText(total.selector), g = selectorText(other.selector);
    // No good series yet (a new deployment that has failed every request) is a ratio of 0 good, not
    // no ratio; no bad series is no error: both through `or vector(0)`, so a total outage pages.
    const orZero = (selector: string, w: string) => `(${rate(selector, w)} or vector(0))`;
    return {
      errorRatio: (w) => (typeof p.bad === 'string' ? `${orZero(g, w)} / ${rate(t, w)}` : `1 - (${orZero(g, w)} / ${rate(t, w)})`),
      total: t, selectors: [['total', t], [typeof p.bad === 'string' ? 'bad' : 'good', g]],
    };
  }
  if (o.indicator === 'latency') {
    if (typeof o.threshold !== 'string') return { why: 'a percentile objective is not a ratio of counters (only the ratio form, `threshold`, is)' };
    if (typeof p.histogram !== 'string') return { why: 'ratio-form latency needs a `histogram` selector' };
    const base = parseSelector(p.histogram, ['le']);
    const threshold = parseTarget(o.threshold, ['duration', 'number']);
    if (!base.ok || !threshold.ok) return { why: 'the histogram selector or the threshold cannot be read' };
    if (threshold.value.op !== '<=') return { why: `a histogram's bucket \`le\` counts observations ≤ its bound, so only a \`<=\` threshold is a bucket: write \`threshold: "<= ${threshold.value.quantity.number}${threshold.value.quantity.unit ?? ''}"\`` };
    const q = threshold.value.quantity;
    const factor = q.unit && unit && q.unit !== unit ? ({ ms: { s: 0.001 }, s: { ms: 1000 } } as Record<string, Record<string, number>>)[q.unit]?.[unit] : 1;
    if (factor === undefined) return { why: `the threshold's unit (${q.unit}) cannot be converted to the histogram's (${unit})` };
    const le = round(Number(q.number) * factor);
    // Prometheus 3 writes a whole bound as `1.0`, client libraries and Prometheus 2 as `1`: match both.
    const leMatcher = /^-?\d+$/.test(le) ? { name: 'le', op: '=~' as const, value: `${le}|${le}\\.0` } : { name: 'le', op: '=' as const, value: le };
    const bucket = selectorText(base.selector, `${base.selector.metric}_bucket`, [leMatcher]);
    const count = selectorText(base.selector, `${base.selector.metric}_count`);
    return { errorRatio: (w) => `1 - (${rate(bucket, w)} / ${rate(count, w)})`, total: count, selectors: [['count', count], ['bucket', bucket]] };
  }
  return { why: `${String(o.indicator)} objectives are not a ratio of request counters` };
}

/** The objective's window length P (spec §11), or undefined. */
function windowLength(o: Record<string, any>): number | undefined {
  const w = isObj(o.window) ? o.window : undefined;
  if (w && typeof w.calendar === 'string') return CALENDAR_LENGTH[w.calendar];
  if (w && typeof w.rolling === 'string') { const d = parseDuration(w.rolling); return d.ok ? d.value.normalized : undefined; }
  return undefined;
}

/** The rules of every ratio objective of an SLA on Prometheus metrics, and the objectives left out with why. */
export function prometheusRules(slaValue: unknown): RulesResult {
  const sla = isObj(slaValue) ? slaValue : {};
  const name = String(sla.metadata?.name ?? 'sla');
  const model = typeof sla.model === 'string' ? sla.model : '';
  const timezone = typeof sla.period?.timezone === 'string' ? sla.period.timezone : undefined;
  const escalation = Array.isArray(sla.breach?.escalation) ? sla.breach.escalation.filter(isObj).map((e: Record<string, any>) => `after ${String(e.after)}: ${String(e.notify)}`).join('; ') : '';
  const groups: RuleGroup[] = [];
  const skipped: RulesResult['skipped'] = [];
  const notes: RulesResult['notes'] = [];
  for (const o of (Array.isArray(sla.objectives) ? sla.objectives : []).filter(isObj)) {
    const id = String(o.id ?? '');
    const spec = isObj(sla.metrics) ? sla.metrics[o.metric] : undefined;
    if (!isObj(spec) || !isPrometheusSpec(spec as never)) { skipped.push({ objective: id, why: 'its metric is not a Prometheus metric (a file cannot be watched by Prometheus)' }); continue; }
    if (o.budgeting === 'timeslices') { skipped.push({ objective: id, why: 'its budget counts bad time slices, not failed requests: a burn rate of requests would page on a budget the SLA does not spend' }); continue; }
    const s = ratioSli(o, spec as PrometheusMetricSpec, typeof spec.unit === 'string' ? spec.unit : undefined);
    if ('why' in s) { skipped.push({ objective: id, why: s.why }); continue; }
    const target = typeof o.target === 'string' ? parseTarget(o.target, ['percent', 'number']) : undefined;
    if (!target?.ok || (target.value.op !== '>=' && target.value.op !== '>')) { skipped.push({ objective: id, why: 'its target is not a `>=` share' }); continue; }
    const ratio = target.value.quantity.unit === '%' ? Number(target.value.quantity.number) / 100 : Number(target.value.quantity.number);
    const budget = 1 - ratio;
    const period = windowLength(o);
    if (!(budget > 0) || period === undefined) { skipped.push({ objective: id, why: !(budget > 0) ? 'a 100 % target has no error budget to burn' : 'its window cannot be read' }); continue; }
    const labels = { sla: name, objective: id };
    const matcher = `{sla="${name}", objective="${id}"}`;
    const rules: Rule[] = RATE_WINDOWS.map((w) => ({ record: `modelsla:error_ratio:rate${w}`, expr: s.errorRatio(w), labels: { ...labels } }));
    const minObservations = typeof o.minObservations === 'number' ? o.minObservations : undefined;
    const runbook = typeof o.runbook === 'string' ? o.runbook : typeof sla.breach?.runbook === 'string' ? sla.breach.runbook : undefined;
    for (const t of TIERS) {
      const factor = (t.share * period) / WINDOW_MS[t.long];
      const bound = factor * budget;
      // A tier that cannot fire (an error ratio is at most 1) or that looks back further than the
      // window itself says nothing true: left out, and said.
      if (WINDOW_MS[t.long] > period) { notes.push({ objective: id, note: `the ${t.tier} burn tier left out: its ${t.long} window is longer than the objective's window` }); continue; }
      if (bound >= 1) { notes.push({ objective: id, note: `the ${t.tier} burn tier left out: spending ${Math.round(t.share * 100)} % of a ${fmtPercent(budget)} budget within ${t.long} needs an error ratio above ${round(bound)}, which cannot happen` }); continue; }
      const enough = minObservations ? ` and sum(increase(${s.total}[${t.long}])) >= ${minObservations}` : '';
      rules.push({
        alert: `ModelSlaErrorBudgetBurn`,
        expr: `sum(modelsla:error_ratio:rate${t.long}${matcher}) > ${round(bound)} and sum(modelsla:error_ratio:rate${t.short}${matcher}) > ${round(bound)}${enough}`,
        labels: { severity: t.severity, burnrate_tier: t.tier, sla: name, objective: id, model },
        annotations: literal({
          summary: `${name} / ${id}: ${Math.round(t.share * 100)} % of the error budget (${fmtPercent(budget)} of requests) spent within ${t.long} (burn rate above ${round(factor)})`,
          description: `Objective ${id}: ${describeObjective(o, timezone)}.${typeof o.description === 'string' ? ` ${o.description.trim()}` : ''}${escalation ? ` Escalation: ${escalation}.` : ''}`,
          ...(runbook ? { runbook_url: runbook } : {}),
        }),
      });
    }
    // A missing bad series is no error yet, not a missing SLI: no absent alert for it.
    for (const [role, selector] of s.selectors) {
      if (role === 'bad') continue;
      rules.push({
        alert: 'ModelSlaSliAbsent', expr: `absent(${selector})`, for: '10m',
        labels: { severity: 'ticket', sla: name, objective: id, model, sli: role },
        annotations: literal({ summary: `${name} / ${id}: no series match ${selector}: the objective cannot be watched`, ...(runbook ? { runbook_url: runbook } : {}) }),
      });
    }
    // `/` is in neither an SLA name nor an objective id: one group per objective, never two alike.
    groups.push({ name: `modelsla/${name}/${id}`, rules });
  }
  return { groups, skipped, notes };
}

/** A number as PromQL writes it, without float noise (0.0144, not 0.014400000000000001). */
const round = (x: number): string => String(Number(x.toPrecision(12)));
const fmtPercent = (x: number): string => `${Number((x * 100).toPrecision(6))} %`;

/**
 * Annotations are Go templates in Prometheus: text from the SLA that holds `{{` is written as the
 * template of that text, so it reads as written and never breaks the rule file.
 */
function literal(annotations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, v.replace(/\{\{/g, '{{ "{{" }}')]));
}

/** What an SLA's rules leave out, as lines naming the SLA and the objective. */
export function rulesNotes(slaName: string, result: RulesResult): string[] {
  return [
    ...result.skipped.map((s) => `${slaName} / objective ${s.objective}: no rules: ${s.why}`),
    ...result.notes.map((n) => `${slaName} / objective ${n.objective}: ${n.note}`),
  ];
}

/** The rule file's text. */
export function prometheusRulesYaml(groups: RuleGroup[], source: string): string {
  return `# Generated by model-sla from ${source}: do not edit, generate again.\n${stringify({ groups }, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
