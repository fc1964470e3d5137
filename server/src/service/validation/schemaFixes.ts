/**
 * Quick fixes for schema findings (SLA002) whose message already names the fix: an unknown key
 * with a "did you mean" gets the rename, a target without an operator gets the operator its
 * message proposes, a calendar written as a duration (`1m`, `1M`) gets the calendar period's name. Carried in `diagnostic.data` like the linter's fixes (../codeActions.ts).
 */
import type { ErrorObject } from 'ajv';
import type { Fix } from '../lint/fixes';
import type { SlaDoc } from '../parse';
import { impliedOperator } from '../../facts/quantities';
import type { SchemaObject } from '../schema';
import { closest } from '../suggest';
import type { JsonPath } from '../yamlAst';
import { expectedKinds } from './quantityChecks';

export function schemaFixes(doc: SlaDoc, error: ErrorObject, path: JsonPath): Fix[] {
  const params = error.params as Record<string, any>;
  const schema = (error.parentSchema ?? {}) as SchemaObject;
  if (error.keyword === 'additionalProperties') {
    const name: string = params.additionalProperty;
    const present = new Set(Object.keys(valueAt(doc.value, path) ?? {}));
    const match = closest(name, Object.keys(schema.properties ?? {}).filter((k) => !present.has(k)));
    return match ? [{ title: `Rename \`${name}\` to \`${match}\``, kind: 'renameKey', path, from: name, to: match, preferred: true }] : [];
  }
  if (error.keyword === 'pattern' && schema['x-quantity'] === 'target' && typeof error.data === 'string') {
    const objective = path.length === 3 && path[0] === 'objectives' ? valueAt(doc.value, path.slice(0, 2)) : undefined;
    const expected = objective ? expectedKinds(objective, String(path[2])) : undefined;
    const op = impliedOperator(error.data, expected);
    if (!op) return [];
    const target = `${op} ${error.data.trim()}`;
    return [{ title: `Change the target to \`${target}\``, kind: 'replaceValue', path, value: `"${target}"`, preferred: true }];
  }
  if (error.keyword === 'enum' && typeof error.data === 'string') {
    // `calendar: 1m` (OpenSLO's duration shorthand): the calendar period it stands for.
    const hint = calendarHint(error.data, path);
    if (hint) return [{ title: `Change the calendar to \`${hint.calendar}\``, kind: 'replaceValue', path, value: hint.calendar, preferred: true }];
  }
  return [];
}

function valueAt(value: unknown, path: JsonPath): Record<string, any> | undefined {
  let current: any = value;
  for (const step of path) current = current?.[step];
  return current && typeof current === 'object' && !Array.isArray(current) ? current : undefined;
}

/**
 * A calendar written as a duration (OpenSLO's `1M`, `1m`, `1w`): which calendar period it would be,
 * in words, and that period's name (schemaErrors.ts words the message with it; the quick fix writes the name).
 */
export function calendarHint(text: string, path: readonly (string | number)[]): { message: string; calendar: string } | undefined {
  if (path[path.length - 1] !== 'calendar') return undefined;
  const m = /^1\s*(m|M|mo|month|d|w|Q|q|quarter|y|Y|year)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = m[1]!;
  if (unit === 'm') return { message: `\`${text.trim()}\` is one minute, not a month: a calendar month is \`month\``, calendar: 'month' };
  const name = ({ M: 'month', mo: 'month', month: 'month', d: 'day', w: 'week', Q: 'quarter', q: 'quarter', quarter: 'quarter', y: 'year', Y: 'year', year: 'year' } as Record<string, string>)[unit]!;
  return { message: `a calendar ${name} is \`${name}\`, not \`${text.trim()}\``, calendar: name };
}
