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
import { kindWord, parseQuantity, parseTarget, type Operator, type Quantity, type QuantityKind } from '../../facts/quantities';
import { closest } from '../suggest';
import { lowerIsBetterMeasure, unitRangeMeasure } from '../../facts/measures';
import { parseGoodExpression } from '../../engine/metrics/goodExpression';
import { ambiguousValueUnit } from '../../engine/metrics/valueUnit';
import { SLA_SCHEMA } from '../schema';
import { locate, nodeSpan, type JsonPath } from '../yamlAst';

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
// Targets: what is measured, and whether a comparison can be met or can fail

/** The values a compared quantity can take: [0, hi] (hi undefined: unbounded), in the quantity's unit. */
interface Domain {
  hi?: number;
  /** What is compared, for messages: "a share of requests", "a latency". */
  noun: string;
}

const FIELD_NOUN: Record<string, string> = {
  sliceTarget: 'the share of good slices',
  sliceGood: "a slice's share of good events",
  threshold: 'a latency observation',
};

function domainOf(o: Record<string, unknown>, field: string, q: Quantity): Domain {
  let noun = FIELD_NOUN[field];
  if (!noun) {
    const slice = o.budgeting === 'timeslices';
    switch (o.indicator) {
      case 'latency':
        noun = o.threshold !== undefined
          ? `${slice ? "a slice's" : 'the'} share of requests under \`threshold\``
          : slice ? "a slice's latency percentile" : 'a latency percentile';
        break;
      case 'availability': noun = slice ? "a slice's availability" : 'availability'; break;
      case 'throughput': noun = 'throughput'; break;
      case 'accuracy': noun = typeof o.measure === 'string' ? `\`${o.measure}\`` : 'the measure'; break;
      default: noun = 'the value';
    }
  }
  if (q.kind === 'percent') return { hi: 100, noun };
  if (q.kind === 'number' && o.indicator === 'accuracy' && unitRangeMeasure(o.measure)) return { hi: 1, noun };
  return { noun };
}

export interface TargetVerdict {
  /** `impossible`: no value can meet it (SLA002). `vacuous`: every value meets it; `boundary`: only 0 meets it (SLA124). */
  kind: 'impossible' | 'vacuous' | 'boundary';
  path: JsonPath;
  message: string;
}

const TARGET_FIELDS = ['target', 'threshold', 'sliceTarget', 'sliceGood'] as const;

function objectiveLabel(o: Record<string, unknown>, index: number): string {
  return typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}`;
}

/** What a comparison promises, given the range of what it compares (see the header). */
function verdictOf(field: string, raw: string, op: Operator, q: Quantity, d: Domain, label: string): Omit<TargetVerdict, 'path'> | undefined {
  const v = q.value;
  const at = `\`${field}: "${raw.trim()}"\` of ${label}`;
  const zero = `0${q.unit === '%' ? '%' : q.unit ? ` ${q.unit}` : ''}`;
  const top = d.hi === undefined ? '' : q.unit === '%' ? `${d.hi}%` : String(d.hi);
  // What failing / never failing means for each field.
  const never = field === 'threshold' ? 'no observation can meet it, so the share under `threshold` is always 0%'
    : field === 'sliceGood' ? 'no slice can be up' : 'no window can meet it';
  const always = field === 'threshold' ? 'every observation meets it: the share under `threshold` is always 100% and the objective can never be breached'
    : field === 'sliceGood' ? 'every slice with data is up: the objective can never be breached'
    : field === 'sliceTarget' ? 'every window meets it, whatever its slices' : 'every window meets it: the objective can never be breached and promises nothing';
  if (d.hi !== undefined && (v < 0 || v > d.hi)) return undefined; // out of [0, hi]: the range message says so
  if (v < 0) {
    return op === '<' || op === '<='
      ? { kind: 'impossible', message: `${at} can never be met: ${d.noun} is never negative` }
      : { kind: 'impossible', message: `${at} compares ${d.noun} with a negative quantity; it is never negative, so write a bound of 0 or more` };
  }
  if (op === '<' && v === 0) return { kind: 'impossible', message: `${at} can never be met: ${d.noun} is never below ${zero}; ${never}` };
  if (op === '>' && d.hi !== undefined && v === d.hi) return { kind: 'impossible', message: `${at} can never be met: ${d.noun} is at most ${top}; ${never}` };
  if (op === '>=' && v === 0) return { kind: 'vacuous', message: `${at} cannot fail: ${d.noun} is never below ${zero}, so ${always}` };
  if (op === '<=' && d.hi !== undefined && v === d.hi) return { kind: 'vacuous', message: `${at} cannot fail: ${d.noun} is at most ${top}, so ${always}` };
  if (op === '<=' && v === 0) return { kind: 'boundary', message: `${at} is met only when ${d.noun} is exactly ${zero}; in practice it is always breached` };
  return undefined;
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

function credits(sla: Record<string, any> | undefined): { entry: Record<string, any>; i: number }[] {
  const list: unknown[] = Array.isArray(sla?.breach?.external?.serviceCredits) ? sla!.breach.external.serviceCredits : [];
  return list.flatMap((entry, i) => (entry && typeof entry === 'object' && !Array.isArray(entry) ? [{ entry: entry as Record<string, any>, i }] : []));
}

function tiersOf(entry: Record<string, any>): { tier: Record<string, any>; j: number }[] {
  const list: unknown[] = Array.isArray(entry.tiers) ? entry.tiers : [];
  return list.flatMap((tier, j) => (tier && typeof tier === 'object' && !Array.isArray(tier) ? [{ tier: tier as Record<string, any>, j }] : []));
}

// ---------------------------------------------------------------------------------------------
// Dates and durations

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why the date at the start of `text` (`YYYY-MM-DD…`) is not a calendar day, or undefined. */
export function impossibleDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined; // the schema's pattern says so
  const days = daysInMonth(year, month);
  if (day <= days) return undefined;
  return `\`${m[0]}\` is not a date: ${MONTHS[month - 1]} ${year} has ${days} days`;
}

/** The longest duration: a timestamp spans ±100,000,000 days (8.64e15 ms). */
const MAX_DURATION_MS = 8.64e15;

/**
 * Durations and whether zero is allowed. A zero `rolling` window, `slice` or cadence holds nothing
 * (the report would show no-data everywhere), a zero `within` never holds two breaches; an
 * escalation `after: 0m` notifies at once and a `deadline: 0d` is due at once, both meaningful.
 */
function breachDurations(sla: Record<string, any>): { path: JsonPath; raw: unknown; zero: boolean; what: string }[] {
  const out: { path: JsonPath; raw: unknown; zero: boolean; what: string }[] = [];
  const breach = sla.breach && typeof sla.breach === 'object' ? sla.breach : {};
  (Array.isArray(breach.escalation) ? breach.escalation : []).forEach((step: any, i: number) => {
    out.push({ path: ['breach', 'escalation', i, 'after'], raw: step?.after, zero: true, what: '' });
  });
  out.push({ path: ['breach', 'external', 'remediation', 'deadline'], raw: breach.external?.remediation?.deadline, zero: true, what: '' });
  out.push({ path: ['breach', 'repeated', 'within'], raw: breach.repeated?.within, zero: false, what: 'breaches within zero time of each other are never counted together' });
  return out;
}

/** An objective's durations: none may be zero (see the header). */
function objectiveDurations(o: Record<string, any>, i: number): { path: JsonPath; raw: unknown; zero: boolean; what: string }[] {
  const out = [
    { path: ['objectives', i, 'window', 'rolling'], raw: o.window?.rolling, zero: false, what: 'a rolling window of zero length holds no observation' },
    { path: ['objectives', i, 'slice'], raw: o.slice, zero: false, what: 'a slice of zero length holds no observation' },
  ];
  const cadence = o.evaluation?.cadence;
  if (!['daily', 'weekly', 'monthly'].includes(cadence)) out.push({ path: ['objectives', i, 'evaluation', 'cadence'], raw: cadence, zero: false, what: 'a cadence of zero length has no period for a run to fall in' });
  return out;
}

/** The shortest nominal length of a calendar window (February has 28 days, Q1 90); a DST change's hour is not counted. */
const SHORTEST_CALENDAR_MS: Record<string, number> = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000, quarter: 90 * 86_400_000, year: 365 * 86_400_000 };

/** `slice` longer than the window that holds the slices: every window would be a part of one slice. */
function sliceLongerThanWindow(o: Record<string, any>): string | undefined {
  if (typeof o.slice !== 'string') return undefined;
  const slice = parseQuantity(o.slice, ['duration']);
  if (!slice.ok || !(slice.value.normalized > 0)) return undefined;
  const rolling = typeof o.window?.rolling === 'string' ? parseQuantity(o.window.rolling, ['duration']) : undefined;
  const calendar = typeof o.window?.calendar === 'string' ? SHORTEST_CALENDAR_MS[o.window.calendar] : undefined;
  const windowMs = rolling ? (rolling.ok ? rolling.value.normalized : undefined) : calendar;
  if (windowMs === undefined || !(windowMs > 0) || slice.value.normalized <= windowMs) return undefined;
  const windowText = rolling ? `the rolling window (\`${String(o.window.rolling).trim()}\`)` : `a calendar ${o.window.calendar}${o.window.calendar === 'month' ? ' (28 days in February)' : ''}`;
  return `\`${o.slice.trim()}\` is longer than ${windowText}: no window holds a whole slice, so every verdict would rest on a cut slice. Make the slice shorter than the window`;
}

function durationProblem(raw: string, zero: boolean, what: string): string | undefined {
  const q = parseQuantity(raw, ['duration']);
  if (!q.ok) return /out of range/.test(q.message) ? q.message : undefined; // other syntax: the schema's message
  const ms = q.value.normalized;
  if (ms < 0) return undefined; // the schema's pattern has no sign
  if (ms === 0 && !zero) return `a duration must be positive, found \`${raw.trim()}\`: ${what}`;
  if (ms > MAX_DURATION_MS) return `\`${raw.trim()}\` is out of range: a duration spans at most 100,000,000 days (what a timestamp spans)`;
  if (!Number.isInteger(ms)) return `\`${raw.trim()}\` is not a whole number of milliseconds; timestamps have millisecond resolution, so write it in whole ms`;
  return undefined;
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
