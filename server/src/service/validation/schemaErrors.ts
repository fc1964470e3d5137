/**
 * SLA002: ajv errors → diagnostics on the exact key or value they concern.
 *
 * - an unknown property: on that property's key, with "did you mean";
 * - a missing required property: on the key of its parent (for a list item, its `id` key);
 * - `oneOf`/`anyOf`: only the errors of the deepest failing branch (never simply the first), or one
 *   combined message when no branch got anywhere;
 * - quantities (`x-quantity` in the schema): the message of the quantity parser.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isMap, isSeq } from '../yamlNodes';
import { makeDiagnostic } from '../diagnostics';
import type { SlaDoc, SlaFile } from '../parse';
import { parseDuration, parsePercent, parsePercentile, parseTarget } from '../../facts/quantities';
import type { SchemaObject, SchemaService } from '../schema';
import { didYouMean } from '../suggest';
import { expectedKinds } from './quantityChecks';
import { calendarHint, schemaFixes } from './schemaFixes';
import { parseGoodExpression } from '../../engine/metrics/goodExpression';
import { keySpan, locate, valueSpan, type JsonPath } from '../yamlAst';

/**
 * Problems the linter reports under its own code, with a better message and a fix: a timeslices
 * objective without `slice`/`sliceTarget` is SLA107 (spec §7), not a plain schema violation.
 */
function ownedByLinter(doc: SlaDoc, error: ErrorObject): boolean {
  if (error.keyword !== 'required') return false;
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  if (missing !== 'slice' && missing !== 'sliceTarget') return false;
  const path = toPath(error.instancePath);
  let value: any = doc.value;
  for (const step of path) value = value?.[step];
  return value?.budgeting === 'timeslices';
}

export function schemaDiagnostics(file: SlaFile, doc: SlaDoc, schema: SchemaService): Diagnostic[] {
  const errors = selectErrors(schema.validate(doc.value)).filter((e) => !ownedByLinter(doc, e));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const placed = place(file, doc, error);
    const message = messageFor(doc, error);
    if (!message) continue;
    const key = `${placed[0]}:${placed[1]}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostic = makeDiagnostic(file, placed[0], placed[1], 'SLA002', message);
    const fixes = schemaFixes(doc, error, toPath(error.instancePath));
    if (fixes.length) diagnostic.data = { fixes, doc: doc.index };
    out.push(diagnostic);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Choosing errors

type Err = ErrorObject & { __combined?: string };

function branchOf(error: ErrorObject, parent: ErrorObject): number | undefined {
  const prefix = parent.schemaPath + '/';
  if (!error.schemaPath.startsWith(prefix)) return undefined;
  if (!(error.instancePath === parent.instancePath || error.instancePath.startsWith(parent.instancePath + '/'))) return undefined;
  const index = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
  return Number.isInteger(index) ? index : undefined;
}

const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1);

/** Drops `if` echoes and the errors of losing `oneOf`/`anyOf` branches. */
export function selectErrors(all: ErrorObject[]): Err[] {
  const removed = new Set<ErrorObject>();
  const combined = new Map<ErrorObject, string>();
  const alternatives = all
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const alt of alternatives) {
    if (removed.has(alt)) continue;
    const branches = new Map<number, ErrorObject[]>();
    for (const e of all) {
      if (e === alt || removed.has(e)) continue;
      const b = branchOf(e, alt);
      if (b !== undefined) branches.set(b, [...(branches.get(b) ?? []), e]);
    }
    if (branches.size === 0) continue; // "matches more than one": keep the oneOf error itself
    const groups = [...branches.values()];
    const branchErrors = groups.flat();
    const allShallow = branchErrors.every((e) => e.instancePath === alt.instancePath);
    removed.add(alt);
    if (allShallow) {
      // No branch got past the value itself: one message listing the alternatives.
      for (const e of branchErrors) removed.add(e);
      combined.set(alt, combineAlternatives(branchErrors, alt.keyword));
      continue;
    }
    const score = (errs: ErrorObject[]) => Math.max(...errs.map(depth));
    groups.sort((a, b) => score(b) - score(a) || a.length - b.length);
    for (const group of groups.slice(1)) for (const e of group) removed.add(e);
  }
  const out: Err[] = [];
  for (const e of all) {
    if (e.keyword === 'if') continue;
    if (combined.has(e)) out.push({ ...e, __combined: combined.get(e) });
    else if (!removed.has(e)) out.push(e);
  }
  // `propertyNames` repeats its inner `pattern` error; keep the inner one.
  return out.filter((e) => e.keyword !== 'propertyNames');
}

function combineAlternatives(errors: ErrorObject[], keyword: string): string {
  const missing = errors.filter((e) => e.keyword === 'required').map((e) => `\`${(e.params as any).missingProperty}\``);
  if (missing.length === errors.length && missing.length > 0) {
    // Alternatives of several keys each (`from` + `to`, or `rrule` + `duration`): name each whole,
    // and what is missing from one already begun.
    const branches = [...new Set(errors.map((e) => e.parentSchema as SchemaObject | undefined))]
      .map((b) => (Array.isArray(b?.required) ? (b!.required as string[]) : []))
      .filter((r) => r.length > 0);
    if (branches.some((r) => r.length > 1)) {
      const missingKeys = new Set(errors.map((e) => String((e.params as any).missingProperty)));
      const begun = branches.find((r) => r.some((k) => !missingKeys.has(k)));
      const alternatives = branches.map((r) => r.map((k) => `\`${k}\``).join(' + ')).join(', or ');
      return begun
        ? `needs ${alternatives}: ${begun.filter((k) => missingKeys.has(k)).map((k) => `\`${k}\``).join(' and ')} is missing`
        : `needs ${alternatives}`;
    }
    // oneOf: exactly one branch may hold; anyOf: at least one must.
    return `needs ${keyword === 'anyOf' ? 'at least' : 'exactly'} one of ${[...new Set(missing)].join(' or ')}`;
  }
  const described = [...new Set(errors.map(describeExpectation).filter(Boolean))];
  return `expected ${described.join(', or ')}`;
}

function describeExpectation(e: ErrorObject): string {
  const s = (e.parentSchema ?? {}) as SchemaObject;
  if (e.keyword === 'enum') return `one of ${(e.params as any).allowedValues.map((v: unknown) => `\`${v}\``).join(', ')}`;
  if (e.keyword === 'const') return `\`${(e.params as any).allowedValue}\``;
  if (s['x-quantity']) return quantityWords(s['x-quantity']);
  if (e.keyword === 'type') return `${article((e.params as any).type)}`;
  if (e.keyword === 'pattern') return `text matching \`${(e.params as any).pattern}\``;
  return e.message ?? '';
}

function quantityWords(kind: string): string {
  switch (kind) {
    case 'duration': return 'a duration such as `28d` or `300ms` (units ms, s, m, h, d, w)';
    case 'target': return 'a target such as `<= 300ms` or `>= 99.9%`';
    case 'percent': return 'a percentage such as `99.9%`';
    case 'percentile': return 'a percentile such as `p99` or `p99.9`';
    default: return kind;
  }
}

function article(type: string): string {
  const t = String(type).split(',')[0];
  return t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`;
}

// ---------------------------------------------------------------------------------------------
// Placing errors

function toPath(instancePath: string): JsonPath {
  if (instancePath === '') return [];
  return instancePath.slice(1).split('/').map((part) => {
    const text = part.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(text) ? Number(text) : text;
  });
}

function place(file: SlaFile, doc: SlaDoc, error: ErrorObject): [number, number] {
  const path = toPath(error.instancePath);
  const params = error.params as Record<string, any>;
  let span: [number, number] | undefined;
  switch (error.keyword) {
    case 'required':
    case 'oneOf':
    case 'anyOf':
    case 'dependencies':
    case 'dependentRequired':
      span = keySpan(doc.yaml, path);
      break;
    case 'additionalProperties':
      span = keySpan(doc.yaml, [...path, params.additionalProperty]);
      break;
    case 'false schema':
      span = keySpan(doc.yaml, path);
      break;
    case 'pattern':
      span = params.propertyName !== undefined ? keySpan(doc.yaml, [...path, params.propertyName]) : valueSpan(doc.yaml, path);
      break;
    default:
      if ((error as Err).__combined && (isMap(locate(doc.yaml, path)?.node) || isSeq(locate(doc.yaml, path)?.node))) span = keySpan(doc.yaml, path);
      else span = valueSpan(doc.yaml, path);
  }
  return span ?? [doc.start, Math.min(file.text.length, doc.start + 1)];
}

// ---------------------------------------------------------------------------------------------
// Messages

/** `objectives[2].window` style name for a path, with the objective id when there is one. */
function fieldName(path: JsonPath): string {
  if (path.length === 0) return 'the SLA';
  let name = '';
  for (const step of path) name += typeof step === 'number' ? `[${step}]` : name ? `.${step}` : step;
  return `\`${name}\``;
}

function where(doc: SlaDoc, path: JsonPath): string {
  if (path.length === 0) return 'at the top level';
  if (path[0] === 'objectives' && typeof path[1] === 'number') {
    const id = (doc.value as any)?.objectives?.[path[1]]?.id;
    const inner = path.slice(2);
    const label = typeof id === 'string' ? `objective \`${id}\`` : `objective ${path[1] + 1}`;
    return inner.length ? `in ${fieldName(inner)} of ${label}` : `in ${label}`;
  }
  return `in ${fieldName(path)}`;
}

function lastName(path: JsonPath): string {
  const last = path[path.length - 1];
  return typeof last === 'number' ? `item ${last + 1}` : `\`${String(last)}\``;
}

function found(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `\`${value}\` (text)`;
  if (typeof value === 'number') return `\`${value}\` (a number)`;
  if (typeof value === 'boolean') return `\`${value}\` (a boolean)`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

function quantityMessage(doc: SlaDoc, path: JsonPath, kind: string, value: string): string | undefined {
  const objective = path.length === 3 && path[0] === 'objectives' ? (doc.value as any)?.objectives?.[path[1]] : undefined;
  const expected = objective && typeof objective === 'object' ? expectedKinds(objective, String(path[2])) : undefined;
  const result =
    kind === 'duration' ? parseDuration(value)
    : kind === 'target' ? parseTarget(value, expected)
    : kind === 'percent' ? parsePercent(value)
    : kind === 'percentile' ? parsePercentile(value)
    : undefined;
  return result && !result.ok ? result.message : undefined;
}

function messageFor(doc: SlaDoc, error: Err): string | undefined {
  const path = toPath(error.instancePath);
  const params = error.params as Record<string, any>;
  const schema = (error.parentSchema ?? {}) as SchemaObject;
  const data = error.data;
  if (error.__combined) return `${subject(doc, path)}: ${error.__combined}; found ${found(data)}`;
  switch (error.keyword) {
    case 'required': {
      const missing: string = params.missingProperty;
      const child = schema.properties?.[missing];
      const about = typeof child?.description === 'string' ? ` (${child.description.replace(/\.$/, '')})` : '';
      return `missing required field \`${missing}\` ${where(doc, path)}${about}`;
    }
    case 'additionalProperties': {
      const name: string = params.additionalProperty;
      const allowed = Object.keys(schema.properties ?? {});
      const hint = didYouMean(name, allowed);
      const list = hint ? hint : allowed.length && allowed.length <= 12 ? `; expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}` : '';
      return `unknown field \`${name}\` ${where(doc, path)}${list}`;
    }
    case 'false schema':
      return notApplicable(doc, path);
    case 'enum': {
      const allowed: unknown[] = params.allowedValues;
      const list = allowed.map((v) => `\`${v}\``).join(', ');
      // A duration where a calendar period was meant: the hint is the message, the list follows.
      const calendar = typeof data === 'string' ? calendarHint(data, path) : undefined;
      if (calendar) return `${subject(doc, path)}: ${calendar.message} (one of ${list})`;
      const hint = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : '';
      return `${subject(doc, path)} must be one of ${list}; found ${found(data)}${hint}`;
    }
    case 'const':
      return `${lastNameOrSla(path)} must be \`${params.allowedValue}\`; found ${found(data)}`;
    case 'type':
      return `${subject(doc, path)} must be ${article(params.type)}; found ${found(data)}`;
    case 'pattern': {
      if (params.propertyName !== undefined) return `the name \`${params.propertyName}\` ${where(doc, path)} is not valid: ${patternWords(schema, params.pattern)}`;
      const kind = schema['x-quantity'];
      const special = kind && typeof data === 'string' ? quantityMessage(doc, path, kind, data) : undefined;
      if (special) return `${subject(doc, path)}: ${special}`;
      if (path.length === 3 && path[0] === 'metrics' && (path[2] === 'good' || path[2] === 'filter') && typeof data === 'string') {
        // The parser's message says what is wrong where; the pattern only says it is wrong.
        const parsed = parseGoodExpression(data);
        if (!parsed.ok) return `${subject(doc, path)}: ${parsed.message}`;
      }
      return `${subject(doc, path)} is not valid: ${patternWords(schema, params.pattern)}; found ${found(data)}`;
    }
    case 'minItems':
      return `${subject(doc, path)} needs at least ${params.limit} item${params.limit === 1 ? '' : 's'}; found ${Array.isArray(data) ? data.length : 0}`;
    case 'maxItems':
      return `${subject(doc, path)} allows at most ${params.limit} items; found ${Array.isArray(data) ? data.length : 0}`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const words: Record<string, string> = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' };
      return `${subject(doc, path)} must be ${words[error.keyword]} ${params.limit}; found ${found(data)}`;
    }
    case 'minLength':
      return `${subject(doc, path)} must not be empty`;
    case 'maxLength':
      return `${subject(doc, path)} must be at most ${params.limit} characters long`;
    case 'uniqueItems':
      return `${subject(doc, path)} lists the same value twice (items ${params.j + 1} and ${params.i + 1})`;
    case 'oneOf': {
      // Reached only when the value matched more than one alternative.
      const alternatives = (schema.oneOf ?? []).map((b: SchemaObject) => (b.required ?? []).map((r: string) => `\`${r}\``).join(' + ')).filter(Boolean);
      return alternatives.length
        ? `${where(doc, path).replace(/^in /, '')}: use exactly one of ${alternatives.join(' or ')}, not several`
        : `${subject(doc, path)} matches more than one of its alternatives`;
    }
    case 'dependencies':
    case 'dependentRequired':
      return `${subject(doc, path)}: \`${params.property}\` needs \`${params.missingProperty}\` as well`;
    case 'format':
      return `${subject(doc, path)} must be ${params.format}; found ${found(data)}`;
    default:
      return `${subject(doc, path)}: ${error.message ?? 'is not valid'}`;
  }
}

function lastNameOrSla(path: JsonPath): string {
  return path.length === 0 ? 'The SLA' : lastName(path);
}

/** A phrase naming the value at `path`: "objective `p99`", "`window` in objective `p99`", "`kind`". */
function subject(doc: SlaDoc, path: JsonPath): string {
  if (path.length === 0) return 'The SLA';
  if (path.length === 2 && path[0] === 'objectives' && typeof path[1] === 'number') return where(doc, path).replace(/^in /, '');
  if (path.length === 1) return lastName(path);
  return `${lastName(path)} ${where(doc, path.slice(0, -1))}`;
}

function patternWords(schema: SchemaObject, pattern: string): string {
  if (typeof schema.patternDescription === 'string') return schema.patternDescription;
  // The words the schema gives editors for this pattern (yaml-language-server shows them too).
  if (typeof schema.patternErrorMessage === 'string') return schema.patternErrorMessage.replace(/\.$/, '');
  if (typeof schema.description === 'string') return `${schema.description.replace(/\.$/, '')} (pattern \`${pattern}\`)`;
  return `expected text matching \`${pattern}\``;
}

function getAt(value: unknown, path: JsonPath): any {
  let current: any = value;
  for (const step of path) current = current?.[step];
  return current;
}

/** Which indicator a field of an objective belongs to. */
const FIELD_OWNER: Record<string, string> = {
  percentile: 'latency', percentileMethod: 'latency', threshold: 'latency',
  method: 'availability', sliceGood: 'availability',
  measure: 'accuracy', evaluation: 'accuracy',
  statistic: 'throughput',
};

function notApplicable(doc: SlaDoc, path: JsonPath): string {
  const field = String(path[path.length - 1]);
  const parentPath = path.slice(0, -1);
  const parent = getAt(doc.value, parentPath);
  const indicator = parent && typeof parent.indicator === 'string' ? parent.indicator : undefined;
  const at = where(doc, parentPath);
  if (parentPath[0] === 'objectives' && parentPath.length === 2 && indicator) {
    const owner = FIELD_OWNER[field];
    if (owner && owner !== indicator) return `\`${field}\` does not apply to a ${indicator} objective (it belongs to ${owner} objectives) ${at}; remove it or change \`indicator\``;
    if (field === 'percentileMethod' && parent.threshold !== undefined) return `\`percentileMethod\` applies only to the percentile form; ${at.replace(/^in /, '')} uses \`threshold\` (ratio form), which counts the share of observations under it`;
    if (field === 'sliceGood') return `\`sliceGood\` applies only to \`method: time-based\` availability ${at}; request-based availability counts good events directly`;
    if (indicator === 'accuracy' && ['budgeting', 'slice', 'sliceTarget', 'emptySlices'].includes(field)) return `\`${field}\` does not apply to an accuracy objective ${at}: accuracy is judged per evaluation run (\`evaluation.cadence\`, \`aggregate\`), not in time slices`;
    if (field === 'sliceTarget' || field === 'slice') return `\`${field}\` applies only with \`budgeting: timeslices\` ${at}; add \`budgeting: timeslices\` or remove it`;
    return `\`${field}\` does not apply to a ${indicator} objective ${at}; remove it`;
  }
  if (field === 'delimiter' && !(parent && typeof parent === 'object' && 'prometheus' in parent)) return `\`delimiter\` applies only to CSV files ${at}; JSON Lines have no delimiter`;
  if (parent && typeof parent === 'object' && 'prometheus' in parent && parentPath[0] === 'metrics') {
    return `\`${field}\` is a field of a metric file; ${at.replace(/^in /, '')} reads \`prometheus:\` series — remove \`${field}\`, or remove \`prometheus\` to read a file (for counters, \`total\`/\`good\` go inside \`prometheus:\`)`;
  }
  return `\`${field}\` is not allowed ${at}`;
}
