/**
 * SLA002 checks a JSON schema cannot express. The rule behind all of them: whatever `check`
 * accepts, `report` computes — a value the engine would refuse or silently ignore (and so turn
 * into `no-data` everywhere, with exit 0) is refused here, at the value, with a message.
 *
 * - Targets (`target`, `threshold`, `sliceTarget`, `sliceGood`): the unit fits the indicator (a
 *   latency percentile compares durations, availability percentages, throughput rates); the value
 *   lies in what is measured (a percentage in [0, 100], an accuracy ratio in [0, 1], a duration or
 *   a rate never negative); and the comparison can be met at all: `> 100%` or `< 0ms` never can.
 *   A target that can never *fail* (`>= 0%`, `<= 100%`) is the linter's SLA124 (a warning, see
 *   `targetVerdicts`, shared with lint/rules/vacuousTargets.ts).
 * - Durations: `rolling`, `slice`, `evaluation.cadence` and `repeated.within` are longer than zero
 *   (a zero-length window or slice holds nothing); every duration is a whole number of
 *   milliseconds (timestamps are) and spans less than 100,000,000 days (what a timestamp spans);
 *   a `slice` is no longer than its window (else no window holds a whole slice).
 *   `escalation[].after` and `remediation.deadline` may be `0` (at once).
 * - Dates (`period`, `baseline`, exclusions): a real calendar day (`2026-02-30` is not), and
 *   ordered (`end` not before `start`; an exclusion's `to` after its `from`).
 * - Numbers: a YAML number out of the range of a double (`1e309`, `.inf`) or `.nan` anywhere.
 * - Service credits: tiers compare a percentage with the objective's window value, so they apply
 *   only to objectives whose value is a ratio (not a latency percentile in ms, not a rate).
 * - `period.timezone` is a real IANA zone.
 * - A metric's `good` / `filter` expression parses (the schema's pattern only checks its shape).
 * Values whose syntax is already wrong are left to the schema's messages; where both speak about
 * the same value, this module's message is kept (validation/index.ts). The checks of an objective
 * are cached by its identity (see `objectiveChecks`): after a keystroke only the edited one runs.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import type { SlaDoc, SlaFile } from '../parse';
import { kindWord, parseQuantity, parseTarget, type QuantityKind } from '../../facts/quantities';
import { closest } from '../suggest';
import { lowerIsBetterMeasure, unitRangeMeasure } from '../../facts/measures';
import { parseGoodExpression } from '../../engine/metrics/goodExpression';
import { ambiguousValueUnit } from '../../engine/metrics/valueUnit';
import { SLA_SCHEMA } from '../schema';
import { locate, nodeSpan, type JsonPath } from '../yamlAst';
import { credits, domainOf, objectiveLabel, TARGET_FIELDS, tiersOf, verdictOf, type TargetVerdict } from './targetChecks';
import { breachDurations, durationProblem, impossibleDate, MAX_DURATION_MS, objectiveDurations, sliceLongerThanWindow } from './dateChecks';

export { impossibleDate } from './dateChecks';
export type { TargetVerdict } from './targetChecks';

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
    case 'accuracy': return lowerIsBetterMeasure(objective.measure) ? ['number', 'percent', 'duration'] : ['number', 'percent'];
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

// ---------------------------------------------------------------------------------------------
// Names for messages

function pathName(value: unknown, path: JsonPath): string {
  const last = path[path.length - 1];
  const name = typeof last === 'number' ? `item ${last + 1}` : `\`${String(last)}\``;
  if (path[0] === 'objectives' && typeof path[1] === 'number') {
    const id = (value as any)?.objectives?.[path[1]]?.id;
    const label = typeof id === 'string' ? `objective \`${id}\`` : `objective ${path[1] + 1}`;
    if (path.length === 2) return label;
    const inner = path.slice(2, -1).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
    return `${name}${inner ? ` in \`${inner}\`` : ''} of ${label}`;
  }
  const parent = path.slice(0, -1).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
  return parent ? `${name} in \`${parent}\`` : name;
}

/** JSON paths (below `base`) of every number in `value` that is not finite (∞, −∞, NaN). */
function nonFinitePaths(value: unknown, base: JsonPath): JsonPath[] {
  const out: JsonPath[] = [];
  const path: JsonPath = base.slice();
  const walk = (v: unknown): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v) && path.length) out.push(path.slice());
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) { path.push(i); walk(v[i]); path.pop(); }
    } else if (v && typeof v === 'object') {
      for (const key in v) { path.push(key); walk((v as Record<string, unknown>)[key]); path.pop(); }
    }
  };
  walk(value);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per objective, cached

/** An SLA002 finding before it is placed: at a path, or at a non-finite number (placed on its node). */
interface Problem { path: JsonPath; message: string; nonFinite?: boolean }

interface ObjectiveChecks { index: number; problems: Problem[]; verdicts: TargetVerdict[] }

/**
 * The checks of one objective depend on that objective alone, and the incremental parse keeps an
 * unchanged objective the same object: after a keystroke only the edited objective is checked
 * again (a 2,000-objective file would otherwise spend milliseconds per keystroke here).
 */
const objectiveCache = new WeakMap<object, ObjectiveChecks>();

function objectiveChecks(o: Record<string, unknown>, index: number): ObjectiveChecks {
  const cached = objectiveCache.get(o);
  if (cached && cached.index === index) return cached;
  const problems: Problem[] = [];
  const verdicts: TargetVerdict[] = [];
  const value = { objectives: { [index]: o } }; // for pathName: this objective's id
  const label = objectiveLabel(o, index);
  for (const path of nonFinitePaths(o, ['objectives', index])) problems.push({ path, message: '', nonFinite: true });
  for (const field of TARGET_FIELDS) {
    const raw = o[field];
    if (typeof raw !== 'string') continue;
    const expected = expectedKinds(o, field);
    if (!expected) continue;
    const path = ['objectives', index, field];
    const any = parseTarget(raw);
    if (!any.ok) {
      // Syntax is the schema's, except a number out of range, which its pattern lets through.
      if (/out of range/.test(any.message)) problems.push({ path, message: `\`${field}\` of ${label}: ${any.message}` });
      continue;
    }
    const { quantity } = any.value;
    // `-0%`: the schema refuses the sign, the value is zero: one finding (this one replaces the
    // schema's at the same place), not also "cannot fail" for `>= 0%`.
    if (quantity.value === 0 && quantity.number.startsWith('-')) {
      problems.push({ path, message: `\`${field}\` of ${label}: \`${raw.trim()}\` has a minus sign; a target's quantity is never negative, write \`${any.value.op} ${quantity.number.slice(1)}${quantity.unit}\`` });
      continue;
    }
    // A duration no timestamp difference reaches (`1e308ms`) is out of range, as `1e309ms` is.
    if (quantity.kind === 'duration' && !(Math.abs(quantity.normalized) <= MAX_DURATION_MS)) {
      problems.push({ path, message: `\`${field}\` of ${label}: \`${quantity.number}${quantity.unit}\` is out of range: a duration spans at most 100,000,000 days (what a timestamp spans)` });
      continue;
    }
    if (!expected.includes(quantity.kind)) {
      const form = o.indicator === 'latency' && field === 'target' ? (o.threshold !== undefined ? ' (ratio form: the share of requests under `threshold`)' : ' (percentile form)') : '';
      problems.push({ path, message: `\`${field}\` of ${label}${form} compares ${expected.map(kindWord).join(' or ')}; found \`${raw.trim()}\`, ${kindWord(quantity.kind)}` });
      continue;
    }
    if (quantity.kind === 'percent' && (quantity.value < 0 || quantity.value > 100)) {
      problems.push({ path, message: `\`${field}\` of ${label} is a percentage and must lie between 0% and 100%; found \`${raw.trim()}\`` });
    }
    if (quantity.kind === 'number' && o.indicator === 'accuracy' && unitRangeMeasure(o.measure) && (quantity.value < 0 || quantity.value > 1)) {
      problems.push({ path, message: `\`${field}\` of ${label} compares ${String(o.measure ?? 'the measure')}, a ratio in [0, 1]; found \`${raw.trim()}\` (write \`${quantity.value}%\` for a percentage)` });
    }
    const verdict = verdictOf(field, raw, any.value.op, quantity, domainOf(o, field, quantity), label);
    if (!verdict) continue;
    verdicts.push({ ...verdict, path });
    if (verdict.kind === 'impossible') problems.push({ path, message: verdict.message });
  }
  for (const { path, raw, zero, what } of objectiveDurations(o as Record<string, any>, index)) {
    if (typeof raw !== 'string') continue;
    const problem = durationProblem(raw, zero, what);
    if (problem) problems.push({ path, message: `${pathName(value, path)}: ${problem}` });
  }
  // A slice longer than the window: no window holds a whole slice, so every verdict rests on a cut one.
  const sliceProblem = sliceLongerThanWindow(o as Record<string, any>);
  if (sliceProblem) problems.push({ path: ['objectives', index, 'slice'], message: `\`slice\` of ${label}: ${sliceProblem}` });
  // Exclusions: real dates, and `to` after `from` (half-open).
  (Array.isArray(o.exclusions) ? o.exclusions : []).forEach((ex: any, j: number) => {
    const fromPath = ['objectives', index, 'exclusions', j, 'from'], toPath = ['objectives', index, 'exclusions', j, 'to'];
    let real = true;
    for (const path of [fromPath, toPath]) {
      const raw = ex?.[path[4]!];
      const problem = typeof raw === 'string' ? impossibleDate(raw) : undefined;
      if (problem) { real = false; problems.push({ path, message: `${pathName(value, path)}: ${problem}` }); }
    }
    if (real && typeof ex?.from === 'string' && typeof ex?.to === 'string') {
      const from = Date.parse(ex.from);
      const to = Date.parse(ex.to);
      if (Number.isFinite(from) && Number.isFinite(to) && to <= from) problems.push({ path: toPath, message: `an exclusion ends (\`${ex.to}\`) at or before it starts (\`${ex.from}\`); exclusions are half-open [from, to)` });
    }
  });
  const checks = { index, problems, verdicts };
  objectiveCache.set(o, checks);
  return checks;
}

/**
 * Targets of the document's objectives that can never be met (`impossible`), never fail
 * (`vacuous`) or hold only at zero (`boundary`). Targets of the wrong kind or out of range are not
 * judged here (quantityDiagnostics reports them).
 */
export function targetVerdicts(value: unknown): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  const sla = value as Record<string, any> | undefined;
  const objectives: unknown[] = sla && typeof sla === 'object' && Array.isArray(sla.objectives) ? sla.objectives : [];
  objectives.forEach((objective, index) => {
    if (!objective || typeof objective !== 'object' || Array.isArray(objective)) return;
    out.push(...objectiveChecks(objective as Record<string, unknown>, index).verdicts);
  });
  // A service credit tier applies when the window value is strictly below `below`: below 0% never.
  credits(sla).forEach(({ entry, i }) => {
    tiersOf(entry).forEach(({ tier, j }) => {
      const q = typeof tier.below === 'string' ? parseQuantity(tier.below, ['percent']) : undefined;
      if (q?.ok && q.value.value === 0) {
        out.push({
          kind: 'vacuous', path: ['breach', 'external', 'serviceCredits', i, 'tiers', j, 'below'],
          message: `the credit tier \`below: ${tier.below}\` can never apply: a window's value is never below 0%, so its credit of ${String(tier.credit ?? 'nothing')} is never owed`,
        });
      }
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------

export function quantityDiagnostics(file: SlaFile, doc: SlaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const value = doc.value as Record<string, any> | undefined;
  if (!value || typeof value !== 'object') return out;
  const report = (path: JsonPath, message: string) => {
    const span = nodeSpan(locate(doc.yaml, path)?.node);
    if (span) out.push(makeDiagnostic(file, span[0], span[1], 'SLA002', message));
  };
  // Numbers a double cannot hold (`1e309` is Infinity to YAML), infinities and NaN: never computable.
  // Found in the plain data (a walk of the YAML tree costs far more on a large file), placed on the node.
  const nonFinite = (path: JsonPath) => {
    const node = locate(doc.yaml, path)?.node as { value?: unknown; range?: [number, number, number] } | undefined;
    if (!node?.range || typeof node.value !== 'number') return;
    const source = file.text.slice(node.range[0], node.range[1]).trim();
    const problem = Number.isNaN(node.value) ? `\`${source}\` is not a number`
      : /inf/i.test(source) ? `\`${source}\` is infinite; write a finite number`
      : `\`${source}\` is out of range: the number is larger than any the tool computes with`;
    out.push(makeDiagnostic(file, node.range[0], node.range[1], 'SLA002', `${pathName(value, path)}: ${problem}`));
  };
  for (const key of Object.keys(value)) if (key !== 'objectives') for (const path of nonFinitePaths(value[key], [key])) nonFinite(path);

  const objectives: unknown[] = Array.isArray(value.objectives) ? value.objectives : [];
  objectives.forEach((objective, index) => {
    if (!objective || typeof objective !== 'object') return;
    if (Array.isArray(objective)) { for (const path of nonFinitePaths(objective, ['objectives', index])) nonFinite(path); return; }
    for (const p of objectiveChecks(objective as Record<string, unknown>, index).problems) {
      if (p.nonFinite) nonFinite(p.path);
      else report(p.path, p.message);
    }
  });

  // `good` and `filter` expressions of the metric sources: the reader's own grammar decides.
  const metrics = value.metrics && typeof value.metrics === 'object' && !Array.isArray(value.metrics) ? value.metrics : {};
  for (const [id, source] of Object.entries<any>(metrics)) {
    if (!source || typeof source !== 'object') continue;
    // A row is one event (`good` classifies it) or a count of events (`total`, `goodCount`), not
    // both: the engine would use the counts and silently ignore `good`, another reader the reverse.
    if (source.good !== undefined && (source.total !== undefined || source.goodCount !== undefined)) {
      const counts = ['total', 'goodCount'].filter((k) => source[k] !== undefined).map((k) => `\`${k}\``).join(' and ');
      report(['metrics', id, 'good'], `\`metrics.${id}\` has both \`good\` (each row is one event, classified good or bad) and ${counts} (each row counts many events): which rows are good would depend on the reader. Keep \`good\` for one row per event, or \`total\` with \`goodCount\` for pre-aggregated rows.`);
    }
    // No `unit`: the column is in its target's unit (spec §9), and two objectives disagree on it.
    const readings = ambiguousValueUnit(value, id);
    if (readings) {
      const words = readings.map((r) => `\`${r.objective}\` in ${r.unit === '' ? 'plain numbers' : r.unit} (\`${r.field}: "${r.bound}"\`)`);
      const units = readings.map((r) => (r.unit === '' ? '`unit: ratio`' : `\`unit: ${r.unit}\``));
      report(['metrics', id, 'value'], `\`metrics.${id}\` has no \`unit\`, so its \`value\` column is read in each objective's target unit (spec §9), and they differ: ${words.join(' and ')}; the same number cannot be both. State the column's unit (${units.join(' or ')}).`);
    }
    for (const field of ['good', 'filter'] as const) {
      const raw = source[field];
      if (typeof raw !== 'string' || !EXPRESSION_SHAPE.test(raw)) continue; // the schema's message covers it
      const parsed = parseGoodExpression(raw);
      if (!parsed.ok) report(['metrics', id, field], `\`${field}\` in \`metrics.${id}\`: ${parsed.message}`);
    }
  }

  // Durations of the breach policy.
  for (const { path, raw, zero, what } of breachDurations(value)) {
    if (typeof raw !== 'string') continue;
    const problem = durationProblem(raw, zero, what);
    if (problem) report(path, `${pathName(value, path)}: ${problem}`);
  }

  // Percentages in the breach policy and the baseline margin.
  const percentField = (path: JsonPath, raw: unknown) => {
    if (typeof raw !== 'string') return;
    const q = parseQuantity(raw, ['percent']);
    if (q.ok && (q.value.value < 0 || q.value.value > 100)) report(path, `${String(path[path.length - 1])} must lie between 0% and 100%; found \`${raw}\``);
    else if (!q.ok && /out of range/.test(q.message)) report(path, `${pathName(value, path)}: ${q.message}`);
  };
  percentField(['baseline', 'margin'], value.baseline?.margin);
  for (const { entry, i } of credits(value)) {
    for (const { tier, j } of tiersOf(entry)) {
      percentField(['breach', 'external', 'serviceCredits', i, 'tiers', j, 'below'], tier.below);
      percentField(['breach', 'external', 'serviceCredits', i, 'tiers', j, 'credit'], tier.credit);
    }
    // Tiers compare a percentage with the window value: a duration or a rate is never below one.
    const o = objectives.find((x: any) => x && typeof x === 'object' && x.id === entry.objective) as Record<string, unknown> | undefined;
    const t = o && o.budgeting !== 'timeslices' && typeof o.target === 'string' ? parseTarget(o.target) : undefined;
    if (t?.ok && (t.value.quantity.kind === 'duration' || t.value.quantity.kind === 'rate') && tiersOf(entry).length) {
      report(['breach', 'external', 'serviceCredits', i, 'objective'], `service credits for objective \`${String(entry.objective)}\` can never apply: its window value is a ${t.value.quantity.kind} (target \`${o!.target}\`), and a tier's \`below\` is a percentage. Credit tiers go on ratio objectives (availability, ratio-form latency with \`threshold\`, timeslices, accuracy)`);
    }
  }

  // Timezone, real dates, and date order.
  const zone = value.period?.timezone;
  if (typeof zone === 'string' && zone !== '' && !isTimeZone(zone)) {
    const hint = closest(zone, timeZones());
    report(['period', 'timezone'], `\`timezone\` must be an IANA time zone such as \`Europe/Berlin\` or \`UTC\`; found \`${zone}\`${hint ? `; did you mean \`${hint}\`?` : ''}`);
  }
  const ordered = (fromPath: JsonPath, toPath: JsonPath, from: unknown, to: unknown, what: string) => {
    let real = true;
    for (const [path, raw] of [[fromPath, from], [toPath, to]] as const) {
      const problem = typeof raw === 'string' ? impossibleDate(raw) : undefined;
      if (problem) { real = false; report(path, `${pathName(value, path)}: ${problem}`); }
    }
    if (real && typeof from === 'string' && typeof to === 'string' && /^\d{4}-\d{2}-\d{2}/.test(from) && /^\d{4}-\d{2}-\d{2}/.test(to) && to.slice(0, 10) < from.slice(0, 10)) {
      report(toPath, `${what} ends (\`${to}\`) before it starts (\`${from}\`)`);
    }
  };
  ordered(['period', 'start'], ['period', 'end'], value.period?.start, value.period?.end, 'the period');
  ordered(['baseline', 'from'], ['baseline', 'to'], value.baseline?.from, value.baseline?.to, 'the baseline');
  return out;
}
