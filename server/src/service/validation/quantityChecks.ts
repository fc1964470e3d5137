/**
 * SLA002 checks a JSON schema cannot express: that a target's unit fits its indicator (a
 * latency percentile compares durations, availability percentages, throughput rates), that
 * percentages lie in [0, 100], that dates are ordered, that the timezone is a real IANA zone, and
 * that a metric's `good` / `filter` expression parses (the schema's pattern only checks its shape).
 * Values whose syntax is already wrong are left to the schema's messages.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import type { SlaDoc, SlaFile } from '../parse';
import { kindWord, parseQuantity, parseTarget, type QuantityKind } from '../quantities';
import { closest } from '../suggest';
import { parseGoodExpression } from '../../engine/metrics/goodExpression';
import { SLA_SCHEMA } from '../schema';
import { locate, nodeSpan, type JsonPath } from '../yamlAst';

const HIGHER_IS_WORSE = new Set(['rmse', 'mae', 'log-loss', 'mape']);
/** The schema's pattern for `good` and `filter` (values it refuses get the schema's message). */
const EXPRESSION_SHAPE = new RegExp(SLA_SCHEMA.definitions.metricSource.properties.good.pattern as string);

/** The quantity kinds a field of an objective may compare, or undefined when unknown. */
export function expectedKinds(objective: Record<string, unknown>, field: string): QuantityKind[] | undefined {
  if (field === 'sliceTarget' || field === 'sliceGood') return ['percent'];
  if (field === 'threshold') return ['duration'];
  if (field !== 'target') return undefined;
  switch (objective.indicator) {
    case 'latency': return objective.threshold !== undefined ? ['percent'] : ['duration'];
    case 'availability': return ['percent'];
    case 'throughput': return ['rate'];
    case 'accuracy': return HIGHER_IS_WORSE.has(String(objective.measure)) ? ['number', 'percent', 'duration'] : ['number', 'percent'];
    default: return undefined;
  }
}

/** Called only for an invalid zone, to suggest a close one. */
function timeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

export function isTimeZone(name: string): boolean {
  if (name === 'UTC' || name === 'Etc/UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function quantityDiagnostics(file: SlaFile, doc: SlaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const value = doc.value as Record<string, any> | undefined;
  if (!value || typeof value !== 'object') return out;
  const report = (path: JsonPath, message: string) => {
    const span = nodeSpan(locate(doc.yaml, path)?.node);
    if (span) out.push(makeDiagnostic(file, span[0], span[1], 'SLA002', message));
  };

  const objectives: unknown[] = Array.isArray(value.objectives) ? value.objectives : [];
  objectives.forEach((objective, index) => {
    if (!objective || typeof objective !== 'object') return;
    const o = objective as Record<string, unknown>;
    const label = typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}`;
    for (const field of ['target', 'threshold', 'sliceTarget', 'sliceGood']) {
      const raw = o[field];
      if (typeof raw !== 'string') continue;
      const expected = expectedKinds(o, field);
      if (!expected) continue;
      const any = parseTarget(raw);
      if (!any.ok) continue; // syntax: the schema's message covers it
      const { quantity } = any.value;
      const path = ['objectives', index, field];
      if (!expected.includes(quantity.kind)) {
        const form = o.indicator === 'latency' && field === 'target' ? (o.threshold !== undefined ? ' (ratio form: the share of requests under `threshold`)' : ' (percentile form)') : '';
        report(path, `\`${field}\` of ${label}${form} compares ${expected.map(kindWord).join(' or ')}; found \`${raw.trim()}\`, ${kindWord(quantity.kind)}`);
        continue;
      }
      if (quantity.kind === 'percent' && (quantity.value < 0 || quantity.value > 100)) {
        report(path, `\`${field}\` of ${label} is a percentage and must lie between 0% and 100%; found \`${raw.trim()}\``);
      }
      if (quantity.kind === 'number' && o.indicator === 'accuracy' && !HIGHER_IS_WORSE.has(String(o.measure)) && (quantity.value < 0 || quantity.value > 1)) {
        report(path, `\`${field}\` of ${label} compares ${String(o.measure ?? 'the measure')}, a ratio in [0, 1]; found \`${raw.trim()}\` (write \`${quantity.value}%\` for a percentage)`);
      }
    }
  });

  // `good` and `filter` expressions of the metric sources: the reader's own grammar decides.
  const metrics = value.metrics && typeof value.metrics === 'object' && !Array.isArray(value.metrics) ? value.metrics : {};
  for (const [id, source] of Object.entries<any>(metrics)) {
    if (!source || typeof source !== 'object') continue;
    for (const field of ['good', 'filter'] as const) {
      const raw = source[field];
      if (typeof raw !== 'string' || !EXPRESSION_SHAPE.test(raw)) continue; // the schema's message covers it
      const parsed = parseGoodExpression(raw);
      if (!parsed.ok) report(['metrics', id, field], `\`${field}\` in \`metrics.${id}\`: ${parsed.message}`);
    }
  }

  // Percentages in the breach policy and the baseline margin.
  const percentField = (path: JsonPath, raw: unknown) => {
    if (typeof raw !== 'string') return;
    const q = parseQuantity(raw, ['percent']);
    if (q.ok && (q.value.value < 0 || q.value.value > 100)) report(path, `${String(path[path.length - 1])} must lie between 0% and 100%; found \`${raw}\``);
  };
  percentField(['baseline', 'margin'], value.baseline?.margin);
  const credits: unknown[] = Array.isArray(value.breach?.external?.serviceCredits) ? value.breach.external.serviceCredits : [];
  credits.forEach((credit: any, i) => {
    (Array.isArray(credit?.tiers) ? credit.tiers : []).forEach((tier: any, j: number) => {
      percentField(['breach', 'external', 'serviceCredits', i, 'tiers', j, 'below'], tier?.below);
      percentField(['breach', 'external', 'serviceCredits', i, 'tiers', j, 'credit'], tier?.credit);
    });
  });

  // Timezone and date order.
  const zone = value.period?.timezone;
  if (typeof zone === 'string' && zone !== '' && !isTimeZone(zone)) {
    const hint = closest(zone, timeZones());
    report(['period', 'timezone'], `\`timezone\` must be an IANA time zone such as \`Europe/Berlin\` or \`UTC\`; found \`${zone}\`${hint ? `; did you mean \`${hint}\`?` : ''}`);
  }
  const ordered = (fromPath: JsonPath, toPath: JsonPath, from: unknown, to: unknown, what: string) => {
    if (typeof from === 'string' && typeof to === 'string' && /^\d{4}-\d{2}-\d{2}/.test(from) && /^\d{4}-\d{2}-\d{2}/.test(to) && to.slice(0, 10) < from.slice(0, 10)) {
      report(toPath, `${what} ends (\`${to}\`) before it starts (\`${from}\`)`);
    }
    void fromPath;
  };
  ordered(['period', 'start'], ['period', 'end'], value.period?.start, value.period?.end, 'the period');
  ordered(['baseline', 'from'], ['baseline', 'to'], value.baseline?.from, value.baseline?.to, 'the baseline');
  objectives.forEach((objective: any, i) => {
    (Array.isArray(objective?.exclusions) ? objective.exclusions : []).forEach((ex: any, j: number) => {
      if (typeof ex?.from === 'string' && typeof ex?.to === 'string') {
        const from = Date.parse(ex.from);
        const to = Date.parse(ex.to);
        if (Number.isFinite(from) && Number.isFinite(to) && to <= from) report(['objectives', i, 'exclusions', j, 'to'], `an exclusion ends (\`${ex.to}\`) at or before it starts (\`${ex.from}\`); exclusions are half-open [from, to)`);
      }
    });
  });
  return out;
}
