/**
 * Quick fixes for schema findings (SLA002) whose message already names the fix: an unknown key
 * with a "did you mean" gets the rename, a target without an operator gets the operator its
 * message proposes. Carried in `diagnostic.data` like the linter's fixes (../codeActions.ts).
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
  return [];
}

function valueAt(value: unknown, path: JsonPath): Record<string, any> | undefined {
  let current: any = value;
  for (const step of path) current = current?.[step];
  return current && typeof current === 'object' && !Array.isArray(current) ? current : undefined;
}
