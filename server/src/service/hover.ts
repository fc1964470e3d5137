/**
 * Hover: the schema's explanation of every key and enum value, and on an objective's `target` the
 * objective in plain words (see describeObjective.ts). Reads the cached tree; never re-parses.
 */
import type { Hover, Position } from 'vscode-languageserver-types';
import { describeObjective } from './describeObjective';
import { docAt, offsetAt, rangeOf, type SlaFile } from './parse';
import { describe, enumValues, type SchemaService } from './schema';
import { nodeSpan, pathAtOffset, scalarText } from './yamlAst';
import { scheduleHover } from './scheduleHover';

export function doHover(file: SlaFile, position: Position, schema: SchemaService, now = Date.now()): Hover | null {
  const offset = offsetAt(file, position);
  const doc = docAt(file, offset);
  if (!doc) return null;
  const at = pathAtOffset(doc.yaml, offset);
  if (!at || at.path.length === 0) return null;
  const path = at.path;
  const key = path[path.length - 1];
  const data = doc.value as Record<string, any> | undefined;
  const schemas = schema.schemasAt(path, data);
  const span = nodeSpan(at.node);
  const range = span ? rangeOf(file, span[0], span[1]) : undefined;
  const parts: string[] = [];

  const objective = path[0] === 'objectives' && typeof path[1] === 'number' ? data?.objectives?.[path[1]] : undefined;
  if (objective && path.length === 3 && key === 'target') {
    parts.push(`**Objective \`${objective.id ?? path[1]}\`**: ${describeObjective(objective, data?.period?.timezone)}`);
  }
  if (at.onKey) {
    const text = describe(schemas);
    if (text) parts.push(`**${String(key)}**\n\n${text}`);
  } else {
    const value = scalarText(at.node);
    const enumEntry = value !== undefined ? enumValues(schemas).find((v) => String(v.value) === value) : undefined;
    if (enumEntry?.description) parts.push(`**${value}**: ${enumEntry.description}`);
    if (key === 'metric' && objective && value !== undefined) {
      const source = data?.metrics?.[value];
      if (source && typeof source === 'object') parts.push(`**metric \`${value}\`**: \`${source.file ?? '?'}\`${source.value ? `, column \`${source.value}\`${source.unit ? ` (${source.unit})` : ''}` : ''}${source.good ? `, good when \`${source.good}\`` : ''}${source.filter ? `, rows where \`${source.filter}\`` : ''}`);
    }
    if (key === 'rrule' && objective && path[2] === 'exclusions' && value !== undefined) {
      const entry = objective.exclusions?.[path[3] as number];
      const words = scheduleHover(value, entry?.duration, data?.period, now);
      if (words) parts.push(words);
    }
    if (parts.length === 0) {
      const text = describe(schemas);
      if (text) parts.push(`**${String(key)}**\n\n${text}`);
    }
  }
  if (parts.length === 0) return null;
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range };
}
