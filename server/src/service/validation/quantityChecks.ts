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
 *   milliseconds (timestamps are) and spans less than 100,000,000 days (what a timestamp spans).
 *   `escalation[].after` and `remediation.deadline` may be `0` (at once).
 * - Dates (`period`, `baseline`, exclusions): a real calendar day (`2026-02-30` is not), and
 *   ordered (`end` not before `start`; an exclusion's `to` after its `from`).
 * - Numbers: a YAML number out of the range of a double (`1e309`, `.inf`) or `.nan` anywhere.
 * - Service credits: tiers compare a percentage with the objective's window value, so they apply
 *   only to objectives whose value is a ratio (not a latency percentile in ms, not a rate).
 * - `period.timezone` is a real IANA zone.
 * Values whose syntax is already wrong are left to the schema's messages; where both speak about
 * the same value, this module's message is kept (validation/index.ts).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { isPair, isSeq, visit } from 'yaml';
import { makeDiagnostic } from '../diagnostics';
import type { SlaDoc, SlaFile } from '../parse';
import { kindWord, parseQuantity, parseTarget, type Operator, type Quantity, type QuantityKind } from '../quantities';
import { closest } from '../suggest';
import { keyName, locate, nodeSpan, type JsonPath } from '../yamlAst';

const HIGHER_IS_WORSE = new Set(['rmse', 'mae', 'log-loss', 'mape']);

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
  if (q.kind === 'number' && o.indicator === 'accuracy' && !HIGHER_IS_WORSE.has(String(o.measure))) return { hi: 1, noun };
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
  if (v < 0) {
    return op === '<' || op === '<='
      ? { kind: 'impossible', message: `${at} can never be met: ${d.noun} is never negative` }
      : { kind: 'impossible', message: `${at} compares ${d.noun} with a negative quantity; it is never negative, so write a bound of 0 or more` };
  }
  if (d.hi !== undefined && v > d.hi) return undefined; // out of [0, hi]: the range messages below say so
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
    const o = objective as Record<string, unknown>;
    for (const field of TARGET_FIELDS) {
      const raw = o[field];
      if (typeof raw !== 'string') continue;
      const expected = expectedKinds(o, field);
      const t = parseTarget(raw);
      if (!expected || !t.ok || !expected.includes(t.value.quantity.kind)) continue;
      const verdict = verdictOf(field, raw, t.value.op, t.value.quantity, domainOf(o, field, t.value.quantity), objectiveLabel(o, index));
      if (verdict) out.push({ ...verdict, path: ['objectives', index, field] });
    }
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
function durationFields(sla: Record<string, any>): { path: JsonPath; raw: unknown; zero: boolean; what: string }[] {
  const out: { path: JsonPath; raw: unknown; zero: boolean; what: string }[] = [];
  const objectives: unknown[] = Array.isArray(sla.objectives) ? sla.objectives : [];
  objectives.forEach((objective, i) => {
    if (!objective || typeof objective !== 'object') return;
    const o = objective as Record<string, any>;
    out.push({ path: ['objectives', i, 'window', 'rolling'], raw: o.window?.rolling, zero: false, what: 'a rolling window of zero length holds no observation' });
    out.push({ path: ['objectives', i, 'slice'], raw: o.slice, zero: false, what: 'a slice of zero length holds no observation' });
    const cadence = o.evaluation?.cadence;
    if (!['daily', 'weekly', 'monthly'].includes(cadence)) out.push({ path: ['objectives', i, 'evaluation', 'cadence'], raw: cadence, zero: false, what: 'a cadence of zero length has no period for a run to fall in' });
  });
  const breach = sla.breach && typeof sla.breach === 'object' ? sla.breach : {};
  (Array.isArray(breach.escalation) ? breach.escalation : []).forEach((step: any, i: number) => {
    out.push({ path: ['breach', 'escalation', i, 'after'], raw: step?.after, zero: true, what: '' });
  });
  out.push({ path: ['breach', 'external', 'remediation', 'deadline'], raw: breach.external?.remediation?.deadline, zero: true, what: '' });
  out.push({ path: ['breach', 'repeated', 'within'], raw: breach.repeated?.within, zero: false, what: 'breaches within zero time of each other are never counted together' });
  return out;
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

function pathName(doc: SlaDoc, path: JsonPath): string {
  const last = path[path.length - 1];
  const name = typeof last === 'number' ? `item ${last + 1}` : `\`${String(last)}\``;
  if (path[0] === 'objectives' && typeof path[1] === 'number') {
    const id = (doc.value as any)?.objectives?.[path[1]]?.id;
    const label = typeof id === 'string' ? `objective \`${id}\`` : `objective ${path[1] + 1}`;
    if (path.length === 2) return label;
    const inner = path.slice(2, -1).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
    return `${name}${inner ? ` in \`${inner}\`` : ''} of ${label}`;
  }
  const parent = path.slice(0, -1).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
  return parent ? `${name} in \`${parent}\`` : name;
}

/** The JSON path of `node` from the ancestors `visit` passes (document first). */
function jsonPathOf(ancestors: readonly unknown[], node: unknown): JsonPath {
  const path: JsonPath = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const here = chain[i];
    if (isPair(here)) path.push(keyName(here.key) ?? '?');
    else if (isSeq(here)) path.push(here.items.indexOf(chain[i + 1] as never));
  }
  return path;
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
  visit(doc.yaml, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'number' || Number.isFinite(node.value) || !node.range) return;
      const source = file.text.slice(node.range[0], node.range[1]).trim();
      const problem = Number.isNaN(node.value) ? `\`${source}\` is not a number`
        : /inf/i.test(source) ? `\`${source}\` is infinite; write a finite number`
        : `\`${source}\` is out of range: the number is larger than any the tool computes with`;
      const path = jsonPathOf(ancestors, node);
      out.push(makeDiagnostic(file, node.range[0], node.range[1], 'SLA002', path.length ? `${pathName(doc, path)}: ${problem}` : problem));
    },
  });

  const objectives: unknown[] = Array.isArray(value.objectives) ? value.objectives : [];
  objectives.forEach((objective, index) => {
    if (!objective || typeof objective !== 'object') return;
    const o = objective as Record<string, unknown>;
    const label = objectiveLabel(o, index);
    for (const field of TARGET_FIELDS) {
      const raw = o[field];
      if (typeof raw !== 'string') continue;
      const expected = expectedKinds(o, field);
      if (!expected) continue;
      const path = ['objectives', index, field];
      const any = parseTarget(raw);
      if (!any.ok) {
        // Syntax is the schema's, except a number out of range, which its pattern lets through.
        if (/out of range/.test(any.message)) report(path, `\`${field}\` of ${label}: ${any.message}`);
        continue;
      }
      const { quantity } = any.value;
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
  for (const verdict of targetVerdicts(value)) if (verdict.kind === 'impossible') report(verdict.path, verdict.message);

  // Durations.
  for (const { path, raw, zero, what } of durationFields(value)) {
    if (typeof raw !== 'string') continue;
    const problem = durationProblem(raw, zero, what);
    if (problem) report(path, `${pathName(doc, path)}: ${problem}`);
  }

  // Percentages in the breach policy and the baseline margin.
  const percentField = (path: JsonPath, raw: unknown) => {
    if (typeof raw !== 'string') return;
    const q = parseQuantity(raw, ['percent']);
    if (q.ok && (q.value.value < 0 || q.value.value > 100)) report(path, `${String(path[path.length - 1])} must lie between 0% and 100%; found \`${raw}\``);
    else if (!q.ok && /out of range/.test(q.message)) report(path, `${pathName(doc, path)}: ${q.message}`);
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
  const bad = new Set<string>();
  const realDate = (path: JsonPath, raw: unknown) => {
    if (typeof raw !== 'string') return;
    const problem = impossibleDate(raw);
    if (problem) {
      bad.add(path.join('/'));
      report(path, `${pathName(doc, path)}: ${problem}`);
    }
  };
  realDate(['period', 'start'], value.period?.start);
  realDate(['period', 'end'], value.period?.end);
  realDate(['baseline', 'from'], value.baseline?.from);
  realDate(['baseline', 'to'], value.baseline?.to);
  objectives.forEach((objective: any, i) => {
    (Array.isArray(objective?.exclusions) ? objective.exclusions : []).forEach((ex: any, j: number) => {
      realDate(['objectives', i, 'exclusions', j, 'from'], ex?.from);
      realDate(['objectives', i, 'exclusions', j, 'to'], ex?.to);
    });
  });
  const ordered = (fromPath: JsonPath, toPath: JsonPath, from: unknown, to: unknown, what: string) => {
    if (bad.has(fromPath.join('/')) || bad.has(toPath.join('/'))) return;
    if (typeof from === 'string' && typeof to === 'string' && /^\d{4}-\d{2}-\d{2}/.test(from) && /^\d{4}-\d{2}-\d{2}/.test(to) && to.slice(0, 10) < from.slice(0, 10)) {
      report(toPath, `${what} ends (\`${to}\`) before it starts (\`${from}\`)`);
    }
  };
  ordered(['period', 'start'], ['period', 'end'], value.period?.start, value.period?.end, 'the period');
  ordered(['baseline', 'from'], ['baseline', 'to'], value.baseline?.from, value.baseline?.to, 'the baseline');
  objectives.forEach((objective: any, i) => {
    (Array.isArray(objective?.exclusions) ? objective.exclusions : []).forEach((ex: any, j: number) => {
      const fromPath = ['objectives', i, 'exclusions', j, 'from'], toPath = ['objectives', i, 'exclusions', j, 'to'];
      if (bad.has(fromPath.join('/')) || bad.has(toPath.join('/'))) return;
      if (typeof ex?.from === 'string' && typeof ex?.to === 'string') {
        const from = Date.parse(ex.from);
        const to = Date.parse(ex.to);
        if (Number.isFinite(from) && Number.isFinite(to) && to <= from) report(toPath, `an exclusion ends (\`${ex.to}\`) at or before it starts (\`${ex.from}\`); exclusions are half-open [from, to)`);
      }
    });
  });
  return out;
}

