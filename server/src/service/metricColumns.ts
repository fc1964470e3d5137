/**
 * A metric file without a column the SLA names (spec §4: SLA115): one message, from one place, for
 * the linter's SLA115 finding (`model-sla check`, the editor) and for the report's `problem` and
 * stderr line (`model-sla report`, the preview). A metric with a missing column is not used at all:
 * the objectives on it cannot be checked (docs/rules/SLA115.md).
 */
import { parseGoodExpression } from '../engine/metrics/goodExpression';
import type { MetricData, MetricSourceSpec } from '../engine/metrics/types';

export const COLUMN_FIELDS = ['timestamp', 'value', 'total', 'goodCount', 'samples', 'dataset'] as const;

export interface MissingColumn {
  column: string;
  /** The metric source's key naming the column (`good` / `filter` for the field in the expression); undefined if none is found. */
  field: (typeof COLUMN_FIELDS)[number] | 'good' | 'filter' | undefined;
  /** "column `ok` is not in `metrics/requests.csv` (columns: ts, total)" */
  message: string;
}

export function missingColumns(spec: MetricSourceSpec, data: Pick<MetricData, 'missingColumns' | 'header'>): MissingColumn[] {
  return data.missingColumns.map((column) => {
    const field = fieldNaming(spec, column);
    const header = data.header ? ` (columns: ${data.header.slice(0, 8).join(', ')}${data.header.length > 8 ? ', …' : ''})` : '';
    return { column, field, message: `column \`${column}\` is not in \`${spec.file}\`${header}` };
  });
}

/** The field of a metric source that names `column`: a column field, or `good` / `filter` by their expression's field. */
export function fieldNaming(spec: MetricSourceSpec, column: string): MissingColumn['field'] {
  const plain = COLUMN_FIELDS.find((f) => spec[f] === column);
  if (plain) return plain;
  for (const f of ['good', 'filter'] as const) {
    const text = spec[f];
    if (typeof text !== 'string') continue;
    const parsed = parseGoodExpression(text);
    if (parsed.ok && parsed.expression.field === column) return f;
  }
  return undefined;
}

/**
 * Every column the metric source names, in the order of its fields (`timestamp`, `value`, `total`,
 * `goodCount`, `samples`, `dataset`, then the fields of `good` and `filter`), each once.
 */
export function namedColumns(spec: Partial<MetricSourceSpec>): string[] {
  const out: string[] = [];
  const add = (name: unknown) => { if (typeof name === 'string' && name !== '' && !out.includes(name)) out.push(name); };
  for (const f of COLUMN_FIELDS) add(spec[f]);
  for (const f of ['good', 'filter'] as const) {
    const text = spec[f];
    if (typeof text !== 'string') continue;
    const parsed = parseGoodExpression(text);
    if (parsed.ok) add(parsed.expression.field);
  }
  return out;
}
