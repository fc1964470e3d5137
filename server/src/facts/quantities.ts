/**
 * Quantities and targets (spec §3): `300ms`, `28d`, `99.9%`, `20rps`, `0.82`, `"<= 300ms"`.
 * Parsing returns either the value or a message written for the person who typed it.
 */

export const DURATION_UNITS = ['ms', 's', 'm', 'h', 'd', 'w'] as const;
export const RATE_UNITS = ['rps', 'rpm', 'rph'] as const;
export const OPERATORS = ['<=', '>=', '<', '>'] as const;

export type DurationUnit = (typeof DURATION_UNITS)[number];
export type RateUnit = (typeof RATE_UNITS)[number];
export type Operator = (typeof OPERATORS)[number];
export type QuantityKind = 'duration' | 'percent' | 'rate' | 'number';

const MS_PER: Record<DurationUnit, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export interface Quantity {
  kind: QuantityKind;
  /** The number as written (decimal text, kept for exact comparisons). */
  number: string;
  value: number;
  unit: string;
  /** Durations in milliseconds, percents as written (99.9), rates per second, plain numbers as is. */
  normalized: number;
}

export interface Target {
  op: Operator;
  quantity: Quantity;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const MONTH_UNITS = new Set(['M', 'mo', 'mon', 'month', 'months', 'mth', 'mths']);
const UNIT_ALIASES: Record<string, string> = {
  sec: 's', secs: 's', second: 's', seconds: 's', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  hr: 'h', hrs: 'h', hour: 'h', hours: 'h', day: 'd', days: 'd', week: 'w', weeks: 'w',
  msec: 'ms', millis: 'ms', milliseconds: 'ms', millisecond: 'ms', percent: '%', pct: '%',
  'req/s': 'rps', 'r/s': 'rps', qps: 'rps', 'req/min': 'rpm', 'req/h': 'rph',
};

const MONTH_MESSAGE = (text: string) =>
  `\`${text}\`: months are not a fixed duration (28–31 days); use \`window: { calendar: month }\` for calendar months, or an explicit \`rolling: 30d\``;

function unknownUnit(unit: string, expected: QuantityKind[]): string {
  const alias = UNIT_ALIASES[unit] ?? UNIT_ALIASES[unit.toLowerCase()];
  const hint = alias ? ` (did you mean \`${alias}\`?)` : '';
  if (expected.length === 1 && expected[0] === 'duration') return `unknown unit \`${unit}\`; durations use ms, s, m, h, d, w${hint}`;
  const parts: string[] = [];
  if (expected.includes('duration')) parts.push('durations use ms, s, m, h, d, w');
  if (expected.includes('percent')) parts.push('ratios use %');
  if (expected.includes('rate')) parts.push('rates use rps, rpm, rph');
  return `unknown unit \`${unit}\`; ${parts.join('; ')}${hint}`;
}

/** A number followed by a unit (optional space): the unit decides the kind. */
export function parseQuantity(raw: string, expected: QuantityKind[] = ['duration', 'percent', 'rate', 'number']): Parsed<Quantity> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'a quantity is empty' };
  const match = NUMBER.exec(text);
  if (!match) return { ok: false, message: `\`${text}\` is not a number with a unit (e.g. \`300ms\`, \`99.9%\`, \`20rps\`)` };
  const number = match[0];
  const value = Number(number);
  const unit = text.slice(number.length).trim();
  if (!Number.isFinite(value)) return { ok: false, message: `\`${text}\` is out of range (a number beyond ±1.8e308, too large for a double)` };
  if (unit === '') {
    if (!expected.includes('number')) {
      const units = expected.map((k) => (k === 'duration' ? 'ms, s, m, h, d, w' : k === 'percent' ? '%' : k === 'rate' ? 'rps, rpm, rph' : '')).filter(Boolean);
      return { ok: false, message: `\`${text}\` has no unit; expected one of ${units.join(' or ')}` };
    }
    return { ok: true, value: { kind: 'number', number, value, unit: '', normalized: value } };
  }
  if (MONTH_UNITS.has(unit) || /^months?$/i.test(unit)) return { ok: false, message: MONTH_MESSAGE(text) };
  if ((DURATION_UNITS as readonly string[]).includes(unit)) {
    if (!expected.includes('duration')) return { ok: false, message: wrongKind(text, 'duration', expected) };
    return { ok: true, value: { kind: 'duration', number, value, unit, normalized: value * MS_PER[unit as DurationUnit] } };
  }
  if (unit === '%') {
    if (!expected.includes('percent')) return { ok: false, message: wrongKind(text, 'percent', expected) };
    return { ok: true, value: { kind: 'percent', number, value, unit, normalized: value } };
  }
  if ((RATE_UNITS as readonly string[]).includes(unit)) {
    if (!expected.includes('rate')) return { ok: false, message: wrongKind(text, 'rate', expected) };
    const perSecond = unit === 'rps' ? value : unit === 'rpm' ? value / 60 : value / 3600;
    return { ok: true, value: { kind: 'rate', number, value, unit, normalized: perSecond } };
  }
  return { ok: false, message: unknownUnit(unit, expected) };
}

const KIND_WORDS: Record<QuantityKind, string> = {
  duration: 'a duration (ms, s, m, h, d, w)',
  percent: 'a percentage (%)',
  rate: 'a rate (rps, rpm, rph)',
  number: 'a plain number',
};

export function kindWord(kind: QuantityKind): string {
  return KIND_WORDS[kind];
}

function wrongKind(text: string, found: QuantityKind, expected: QuantityKind[]): string {
  return `expected ${expected.map(kindWord).join(' or ')}, found \`${text}\`, ${kindWord(found)}`;
}

export function parseDuration(raw: string): Parsed<Quantity> {
  const result = parseQuantity(raw, ['duration']);
  if (result.ok && result.value.value <= 0) return { ok: false, message: `a duration must be positive, found \`${raw.trim()}\`` };
  return result;
}

export function parsePercent(raw: string): Parsed<Quantity> {
  return parseQuantity(raw, ['percent']);
}

/**
 * The operator a target without one most likely means (the one its message proposes): `<=` for a
 * duration (latency), `>=` for the rest; undefined when the text is not a bare quantity.
 */
export function impliedOperator(raw: string, expected?: QuantityKind[]): Operator | undefined {
  const text = raw.trim();
  if (/^(<=|>=|=<|=>|==|=|<|>|≤|≥)/.test(text)) return undefined;
  const quantity = parseQuantity(text, expected);
  return quantity.ok ? (quantity.value.kind === 'duration' ? '<=' : '>=') : undefined;
}

/** `"<= 300ms"`: the operator is required (spec §3). */
export function parseTarget(raw: string, expected?: QuantityKind[]): Parsed<Target> {
  const text = raw.trim();
  const match = /^(<=|>=|=<|=>|==|=|<|>|≤|≥)?\s*(.*)$/s.exec(text)!;
  const opText = match[1];
  const rest = match[2];
  if (!opText) {
    const quantity = parseQuantity(rest, expected);
    if (!quantity.ok) return { ok: false, message: `a target is an operator and a quantity, e.g. \`<= 300ms\` or \`>= 99.9%\`; found \`${text}\`` };
    const op = impliedOperator(text, expected)!;
    return { ok: false, message: `a target needs an operator: \`${op} ${text}\` (one of <, <=, >, >=); \`${text}\` leaves the direction implicit` };
  }
  const normalizedOp: Record<string, Operator | undefined> = { '<=': '<=', '>=': '>=', '<': '<', '>': '>', '≤': '<=', '≥': '>=', '=<': '<=', '=>': '>=' };
  const op = normalizedOp[opText];
  if (!op) return { ok: false, message: `\`${opText}\` is not a target operator; use one of <, <=, >, >= (an SLA target is a bound, not an exact value)` };
  if (opText !== op) return { ok: false, message: `write \`${op}\` instead of \`${opText}\`` };
  if (rest.trim() === '') return { ok: false, message: `the target \`${text}\` has an operator but no quantity, e.g. \`${op} 300ms\`` };
  const quantity = parseQuantity(rest, expected);
  if (!quantity.ok) return quantity;
  return { ok: true, value: { op, quantity: quantity.value } };
}

/**
 * `p99`, `p99.9` → 99.9 (kept as decimal text too). A percentile lies strictly between p0 and p100,
 * as the engine's `isPercentileText` requires (p in (0, 100]) and the schema's pattern allows (two
 * digits, up to two decimals, not all zero): p0 would be the smallest observation and p100 the
 * largest — neither is a percentile a service level is promised on.
 */
export function parsePercentile(raw: string): Parsed<{ p: number; text: string }> {
  const text = raw.trim();
  const match = /^[pP](\d+(?:\.\d+)?)$/.exec(text);
  if (!match) return { ok: false, message: `a percentile is written \`p50\` … \`p99.99\`; found \`${text}\`` };
  const p = Number(match[1]);
  if (p <= 0) return { ok: false, message: `\`${text}\` is not a percentile: a percentile lies between p0 and p100 (exclusive), and p0 would be the smallest observation; write \`p50\` … \`p99.99\`` };
  if (p >= 100) return { ok: false, message: `\`${text}\` is not a percentile: a percentile lies between p0 and p100 (exclusive), and p100 would be the largest observation; write \`p50\` … \`p99.99\`` };
  if (!/^\d{1,2}(\.|$)/.test(match[1])) return { ok: false, message: `a percentile is written \`p50\` … \`p99.99\`; found \`${text}\`` };
  return { ok: true, value: { p, text: match[1] } };
}

export function formatQuantity(q: Quantity): string {
  if (q.kind === 'number') return q.number;
  if (q.kind === 'percent') return `${q.number}%`;
  return `${q.number} ${q.unit}`;
}

export const OPERATOR_WORDS: Record<Operator, string> = { '<=': '≤', '>=': '≥', '<': '<', '>': '>' };
