/**
 * Completion: keys for the cursor's mapping (only those not yet present), enum values with their
 * descriptions, metric ids after `metric:`, objective ids in service credits, units after a
 * number, operators at the start of a target, percentiles, time zones, and snippets for a new
 * objective per indicator and for a whole new SLA file.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver-types';
import { isMap } from './yamlNodes';
import { cursorContext, type CursorContext } from './cursorContext';
import { docAt, lineText, offsetAt, positionAt, rangeOf, type SlaDoc, type SlaFile } from './parse';
import { namesRequest, selectorItems, selectorSpot, type NamesRequest, type SelectorSpot } from './selectorCompletion';
import { DURATION_UNITS, OPERATORS, RATE_UNITS, type QuantityKind } from '../facts/quantities';
import { describe, enumValues, quantityKind, type SchemaObject, type SchemaService } from './schema';
import { expectedKinds } from './validation/quantityChecks';
import { keyName, locate, type JsonPath } from './yamlAst';
import { asIsWhenMultiline, escapeChoice, objectiveIds, snippetItem, snippetsOf, withNameFrom, withUnusedId, withWorkspaceFiles } from './completionSnippets';

const PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'p99.5', 'p99.9', 'p99.99'];
const COMMON_ZONES = ['UTC', 'Europe/Berlin', 'Europe/London', 'Europe/Paris', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Singapore', 'Asia/Kolkata', 'Australia/Sydney'];
const UNIT_DOCS: Record<string, string> = {
  ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours', d: 'days (24 h of elapsed time)', w: 'weeks (7 d)',
  '%': 'percent', rps: 'requests per second', rpm: 'requests per minute', rph: 'requests per hour',
};

/**
 * What completion knows of the workspace (read by the host through MetricAccess, see
 * languageService.ts): the metric files that exist and the columns of the one the cursor's metric
 * source links. Without it, completion offers the schema's examples.
 */
export interface CompletionWorkspace {
  /** Metric files as paths relative to the SLA's folder, nearest first. */
  metricFiles?: string[];
  /** Columns of the file linked by the metric source at the cursor (or of `metricFiles[0]` for a new SLA). */
  columns?: string[];
  /** Inside a Prometheus selector: the names the server gave for the spot (completionNeeds' `prometheus`). */
  selectorNames?: string[];
}

const SELECTOR_KEYS = new Set(['total', 'good', 'bad', 'histogram']);

/**
 * The Prometheus selector at the cursor: the server named beside it, the spot in the selector and
 * the document offset where the selector's text starts. Read from the line (the selector may be
 * half-typed: no YAML node yet), in block or flow style.
 */
export function selectorAt(file: SlaFile, position: Position): { server: string; spot: SelectorSpot; start: number; histogram: boolean; after: string } | undefined {
  const { doc, context } = located(file, position);
  if (!context) return undefined;
  const line = lineText(file, position.line);
  const upto = line.slice(0, position.character);
  // A plain (unquoted) selector with `{`, `,` looks like a flow mapping to the indentation reader:
  // then the key is the one the line starts with.
  const key = context.kind === 'value' ? context.key : /^\s*(total|good|bad|histogram):\s/.exec(upto)?.[1];
  const mapping = context.kind === 'value' ? context.path.slice(0, -1) : context.path;
  if (!key || !SELECTOR_KEYS.has(key)) return undefined;
  if (mapping.length !== 3 || mapping[0] !== 'metrics' || mapping[2] !== 'prometheus') return undefined;
  const server = (getAt(doc?.value, mapping) as Record<string, unknown> | undefined)?.server;
  if (typeof server !== 'string') return undefined;
  const keyAt = upto.lastIndexOf(`${key}:`);
  if (keyAt < 0) return undefined;
  let at = keyAt + key.length + 1;
  while (upto[at] === ' ' || upto[at] === '\t') at++;
  if (upto[at] === '"' || upto[at] === "'") at++;
  const spot = selectorSpot(upto.slice(at));
  if (!spot) return undefined;
  return { server, spot, start: file.lineStarts[position.line] + at, histogram: key === 'histogram', after: line.slice(position.character) };
}

/** Fields of a metric source whose value is a column name; `good` and `filter` start with one. */
const COLUMN_KEYS = new Set(['timestamp', 'value', 'total', 'goodCount', 'samples', 'dataset']);
const EXPRESSION_KEYS = new Set(['good', 'filter']);

function located(file: SlaFile, position: Position): { doc: SlaDoc | undefined; context: CursorContext | undefined } {
  const doc = docAt(file, file.lineStarts[Math.min(position.line, file.lineStarts.length - 1)] ?? 0);
  const firstLine = doc ? positionAt(file, doc.start).line : 0;
  return { doc, context: cursorContext(file, position, firstLine) };
}

/**
 * What of the workspace completion at `position` would use: the list of metric files (a `file:`
 * value, a new SLA) and the columns of a linked file (`columnsOf`: the metric source's spec).
 */
/** At `objectives[i].segments.by`: the objective's metric file source (spec §12), when it is one. */
function segmentsByMetric(sla: unknown, path: (string | number)[]): Record<string, unknown> | undefined {
  if (path.length !== 4 || path[0] !== 'objectives' || path[2] !== 'segments' || path[3] !== 'by') return undefined;
  const objective = getAt(sla, path.slice(0, 2)) as Record<string, unknown> | undefined;
  const metrics = (sla as { metrics?: Record<string, unknown> } | undefined)?.metrics;
  const source = typeof objective?.metric === 'string' && metrics && typeof metrics === 'object' ? metrics[objective.metric] as Record<string, unknown> | undefined : undefined;
  return source && typeof source.file === 'string' ? source : undefined;
}

/**
 * At `objectives[i].segments.by` of a Prometheus metric (spec §10, §12): the server and the selector
 * whose series' label names are the choices (`total`, or a histogram's `_bucket` series).
 */
function segmentsBySeries(sla: unknown, path: (string | number)[]): { server: string; match: string } | undefined {
  if (path.length !== 4 || path[0] !== 'objectives' || path[2] !== 'segments' || path[3] !== 'by') return undefined;
  const objective = getAt(sla, path.slice(0, 2)) as Record<string, unknown> | undefined;
  const metrics = (sla as { metrics?: Record<string, unknown> } | undefined)?.metrics;
  const source = typeof objective?.metric === 'string' && metrics && typeof metrics === 'object' ? metrics[objective.metric] as Record<string, unknown> | undefined : undefined;
  const p = source && typeof source.prometheus === 'object' && source.prometheus ? source.prometheus as Record<string, unknown> : undefined;
  if (!p || typeof p.server !== 'string') return undefined;
  if (typeof p.total === 'string') return { server: p.server, match: p.total };
  if (typeof p.histogram !== 'string') return undefined;
  // `name{…}` → `name_bucket{…}` (a bare name too).
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)(.*)$/s.exec(p.histogram);
  return m ? { server: p.server, match: `${m[1]}_bucket${m[2]}` } : undefined;
}

export function completionNeeds(file: SlaFile, position: Position): { metricFiles: boolean; columnsOf?: { file: string; format?: 'csv' | 'jsonl'; delimiter?: string }; columnsOfFirstFile?: boolean; prometheus?: { server: string; request: NamesRequest } } {
  const { doc, context } = located(file, position);
  if (!context) return { metricFiles: false };
  const selector = selectorAt(file, position);
  if (selector) return { metricFiles: false, prometheus: { server: selector.server, request: namesRequest(selector.spot, selector.histogram) } };
  if (context.kind === 'key') {
    const newSla = context.path.length === 0 && (!doc || !isMap(doc.yaml.contents) || presentKeys(file.text, doc, [], context.replaceStart).size === 0);
    return newSla ? { metricFiles: true, columnsOfFirstFile: true } : { metricFiles: false };
  }
  const parent = context.path.slice(0, -1);
  // `segments.by` (spec §12): the columns of the objective's metric file.
  const segmentSeries = segmentsBySeries(doc?.value, context.path);
  if (segmentSeries) return { metricFiles: false, prometheus: { server: segmentSeries.server, request: { kind: 'label', match: segmentSeries.match } } };
  const segmentSource = segmentsByMetric(doc?.value, context.path);
  if (segmentSource) {
    const format = segmentSource.format === 'csv' || segmentSource.format === 'jsonl' ? segmentSource.format : undefined;
    return { metricFiles: false, columnsOf: { file: segmentSource.file as string, format, delimiter: typeof segmentSource.delimiter === 'string' ? segmentSource.delimiter : undefined } };
  }
  if (parent.length !== 2 || parent[0] !== 'metrics') return { metricFiles: false };
  if (context.key === 'file') return { metricFiles: true };
  if (!COLUMN_KEYS.has(context.key ?? '') && !EXPRESSION_KEYS.has(context.key ?? '')) return { metricFiles: false };
  const source = getAt(doc?.value, parent) as Record<string, unknown> | undefined;
  if (!source || typeof source.file !== 'string') return { metricFiles: false };
  const format = source.format === 'csv' || source.format === 'jsonl' ? source.format : undefined;
  return { metricFiles: false, columnsOf: { file: source.file, format, delimiter: typeof source.delimiter === 'string' ? source.delimiter : undefined } };
}

export function doComplete(file: SlaFile, position: Position, schema: SchemaService, workspace: CompletionWorkspace = {}): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const { doc, context } = located(file, position);
  if (!context) return empty;
  const selector = selectorAt(file, position);
  if (selector) {
    if (!workspace.selectorNames) return empty;
    const range = rangeOf(file, selector.start + selector.spot.from, offsetAt(file, position));
    // A value's closing quote is written unless it is already there.
    const closeQuote = selector.spot.kind === 'value' && !selector.after.startsWith(selector.spot.quote);
    return { isIncomplete: false, items: selectorItems(selector.spot, workspace.selectorNames, range, selector.server, { histogram: selector.histogram, closeQuote }) };
  }
  const data = doc?.value;
  const items = context.kind === 'key' ? keyItems(file, doc, context, schema, data, workspace) : valueItems(file, doc, context, schema, data, workspace);
  return { isIncomplete: false, items };
}

// ---------------------------------------------------------------------------------------------
// Keys

function presentKeys(text: string, doc: SlaDoc | undefined, path: JsonPath, typedKeyOffset: number): Set<string> {
  const keys = new Set<string>();
  if (!doc) return keys;
  const node = path.length ? locate(doc.yaml, path)?.node : doc.yaml.contents;
  if (isMap(node)) {
    for (const pair of node.items) {
      const range = (pair.key as { range?: number[] } | null)?.range;
      if (range && range[0] <= typedKeyOffset && typedKeyOffset <= range[1]) {
        // The key being typed. A half-typed `perc` above `target: …` parses as one key
        // `perc target`: the part on the next line is an existing key.
        const source = text.slice(range[0], range[1]);
        const lineBreak = /[\r\n]/.test(source) ? source.split(/\r\n?|\n/).pop()!.trim() : undefined;
        if (lineBreak) keys.add(lineBreak);
        continue;
      }
      const name = keyName(pair.key);
      if (name) keys.add(name);
    }
  }
  return keys;
}

function keyItems(file: SlaFile, doc: SlaDoc | undefined, context: CursorContext, schema: SchemaService, data: unknown, workspace: CompletionWorkspace): CompletionItem[] {
  const items: CompletionItem[] = [];
  const range = rangeOf(file, context.replaceStart, context.replaceEnd);
  const present = presentKeys(file.text, doc, context.path, context.replaceStart);
  const containers = schema.schemasAt(context.path, data);
  const required = new Set<string>(containers.flatMap((s) => (Array.isArray(s.required) ? s.required : [])));
  const indentUnit = '  ';
  let order = 0;
  for (const [name, schemas] of schema.propertiesAt(context.path, data)) {
    order++;
    if (present.has(name)) continue;
    const insert = keySnippet(name, schemas, context, indentUnit);
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: required.has(name) ? 'required' : undefined,
      documentation: docOf(schemas),
      textEdit: { range, newText: insert },
      insertTextFormat: InsertTextFormat.Snippet,
      // Required keys first, each group in the schema's order (`start` before `end`), not alphabetical.
      sortText: `${required.has(name) ? '0' : '1'}${String(order).padStart(3, '0')}${name}`,
      filterText: name,
      ...asIsWhenMultiline(insert),
      // After `key: ` or inside a target's `"…"`: open the value's suggestions (enum, operators).
      command: insert.endsWith(': ') || insert.endsWith('"$1"') ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    });
  }
  // Snippets: a new objective inside `objectives`, a whole SLA in an empty document.
  const inObjectiveItem = context.path.length === 2 && context.path[0] === 'objectives' && typeof context.path[1] === 'number';
  const objectiveEmpty = inObjectiveItem && presentKeys(file.text, doc, context.path, context.replaceStart).size === 0;
  if (inObjectiveItem && objectiveEmpty && !context.inFlow) {
    const used = objectiveIds(data);
    for (const snippet of snippetsOf(schema.schemasAt(['objectives', 0], undefined))) {
      items.push(snippetItem(withUnusedId(snippet, used), context, range, false));
    }
  }
  const rootEmpty = context.path.length === 0 && (!doc || !isMap(doc.yaml.contents) || presentKeys(file.text, doc, [], context.replaceStart).size === 0);
  if (rootEmpty && !context.inFlow) {
    for (const snippet of snippetsOf([schema.root])) items.push(snippetItem(withNameFrom(file.uri, withWorkspaceFiles(snippet, workspace)), context, range, true));
  }
  return items;
}

function keySnippet(name: string, schemas: SchemaObject[], context: CursorContext, indentUnit: string): string {
  if (context.inFlow) return `${name}: `;
  const types = new Set(schemas.flatMap((s) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : [])));
  const hasProps = schemas.some((s) => s.properties || s.additionalProperties);
  if (name === 'window') return `window: { \${1|rolling: 28d,calendar: month|} }`;
  if (types.has('object') || (hasProps && !types.has('string'))) return `${name}:\n${' '.repeat(context.column)}${indentUnit}$0`;
  if (types.has('array') && !types.has('string')) {
    const itemsSchema = schemas.find((s) => s.items)?.items;
    const itemIsObject = itemsSchema && (itemsSchema.$ref || itemsSchema.type === 'object' || itemsSchema.properties);
    return itemIsObject ? `${name}:\n${' '.repeat(context.column)}${indentUnit}- $0` : `${name}: [$0]`;
  }
  const values = enumValues(schemas).map((v) => String(v.value));
  if (values.length > 0 && values.length <= 12) return `${name}: \${1|${values.map(escapeChoice).join(',')}|}`;
  const kind = quantityKind(schemas);
  if (kind === 'target') return `${name}: "$1"`;
  return `${name}: `;
}

// ---------------------------------------------------------------------------------------------
// Values

function valueItems(file: SlaFile, doc: SlaDoc | undefined, context: CursorContext, schema: SchemaService, data: unknown, workspace: CompletionWorkspace): CompletionItem[] {
  const key = context.key ?? '';
  const parentPath = context.path.slice(0, -1);
  const range = rangeOf(file, context.replaceStart, context.replaceEnd);
  const schemas = schema.schemasAt(context.path, data);
  const parentValue = getAt(data, parentPath) as Record<string, unknown> | undefined;
  const root = (doc?.value ?? {}) as Record<string, any>;

  // The workspace: metric files that exist, the columns of the linked one.
  const inMetricSource = parentPath.length === 2 && parentPath[0] === 'metrics';
  if (inMetricSource && key === 'file' && workspace.metricFiles) {
    return workspace.metricFiles.map((path, i) => ({
      label: path,
      kind: CompletionItemKind.File,
      detail: 'metric file in the workspace',
      textEdit: { range, newText: context.quote || !/[\s:#,{}[\]&*!|>'"%@`]/.test(path) ? path : `"${path}"` },
      sortText: String(i).padStart(4, '0'),
    }));
  }
  if (inMetricSource && workspace.columns && (COLUMN_KEYS.has(key) || (EXPRESSION_KEYS.has(key) && !/\s/.test(context.prefix)))) {
    const spec = parentValue as Record<string, unknown> | undefined;
    return workspace.columns.map((column, i) => ({
      label: column,
      kind: CompletionItemKind.Field,
      detail: `column of ${typeof spec?.file === 'string' ? spec.file : 'the metric file'}`,
      textEdit: { range, newText: EXPRESSION_KEYS.has(key) ? `${column} ` : column },
      sortText: String(i).padStart(4, '0'),
      ...(EXPRESSION_KEYS.has(key) ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    }));
  }

  const segmentSeries = segmentsBySeries(root, context.path);
  if (segmentSeries && workspace.selectorNames) {
    return workspace.selectorNames.filter((n) => n !== '__name__' && n !== 'le').map((name, i) => ({
      label: name,
      kind: CompletionItemKind.Field,
      detail: `label of ${segmentSeries.match} on ${segmentSeries.server}: one segment per value`,
      textEdit: { range, newText: name },
      sortText: String(i).padStart(4, '0'),
    }));
  }
  const segmentSource = segmentsByMetric(root, context.path);
  if (segmentSource && workspace.columns) {
    // Columns the metric already reads (the timestamp, values, counts) segment nothing: the others first, the timestamp not at all.
    // (`good` may be an expression: its field is the first word.)
    const used = new Set(['value', 'good', 'total', 'goodCount', 'samples', 'dataset'].map((k) => segmentSource[k]).filter((v): v is string => typeof v === 'string').map((v) => v.trim().split(/\s/)[0]));
    const columns = workspace.columns.filter((c) => c !== segmentSource.timestamp);
    return [...columns.filter((c) => !used.has(c)), ...columns.filter((c) => used.has(c))].map((column, i) => ({
      label: column,
      kind: CompletionItemKind.Field,
      detail: `column of ${String(segmentSource.file)}: one segment per value`,
      textEdit: { range, newText: column },
      sortText: String(i).padStart(4, '0'),
    }));
  }

  // References.
  if (key === 'metric' && parentPath[0] === 'objectives') {
    const metrics = root.metrics && typeof root.metrics === 'object' ? Object.entries(root.metrics as Record<string, any>) : [];
    return metrics.map(([id, source]) => ({
      label: id,
      kind: CompletionItemKind.Reference,
      detail: typeof source?.file === 'string' ? source.file : 'metric source',
      documentation: { kind: 'markdown', value: metricSummary(id, source) },
      textEdit: { range, newText: id },
    }));
  }
  if (key === 'objective' && parentPath.includes('serviceCredits')) {
    const objectives: any[] = Array.isArray(root.objectives) ? root.objectives : [];
    return objectives.filter((o) => typeof o?.id === 'string').map((o) => ({
      label: o.id,
      kind: CompletionItemKind.Reference,
      detail: `${o.indicator ?? 'objective'} ${o.target ?? ''}`.trim(),
      documentation: typeof o.description === 'string' ? o.description : undefined,
      textEdit: { range, newText: o.id },
    }));
  }
  if (key === 'timezone') {
    const zones = [...COMMON_ZONES, ...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [])];
    return [...new Set(zones)].map((zone, i) => ({
      label: zone, kind: CompletionItemKind.Value, textEdit: { range, newText: zone }, sortText: String(i).padStart(4, '0'),
      documentation: i < COMMON_ZONES.length ? 'IANA time zone: calendar windows start at midnight in this zone, across DST changes' : undefined,
    }));
  }
  if (key === 'percentile') {
    return PERCENTILES.map((p, i) => ({
      label: p, kind: CompletionItemKind.Value, sortText: String(i), textEdit: { range, newText: p },
      documentation: `${p.slice(1)}th percentile: ${percentileNote(Number(p.slice(1)))}`,
    }));
  }

  // Enum values.
  const values = enumValues(schemas);
  const kind = quantityKind(schemas);
  const items: CompletionItem[] = values.map((v, i) => ({
    label: String(v.value),
    kind: CompletionItemKind.EnumMember,
    documentation: v.description ? { kind: 'markdown', value: v.description } : undefined,
    textEdit: { range, newText: String(v.value) },
    sortText: String(i).padStart(3, '0'),
  }));

  // Quantities: operators at the start of a target, units after a number.
  const expected: QuantityKind[] | undefined =
    parentValue && typeof parentValue === 'object' && parentPath[0] === 'objectives' && parentPath.length === 2
      ? expectedKinds(parentValue, key)
      : undefined;
  if (kind === 'target' || kind === 'duration' || kind === 'percent') {
    const prefix = context.prefix;
    const afterOp = /^(<=|>=|<|>)?\s*/.exec(prefix)![0];
    const numberPart = prefix.slice(afterOp.length);
    if (kind === 'target' && afterOp === '' && !/\d/.test(prefix)) {
      const direction = expected?.includes('duration') && !expected.includes('percent') ? ['<=', '<', '>=', '>'] : ['>=', '>', '<=', '<'];
      direction.forEach((op, i) => items.push({
        label: op,
        kind: CompletionItemKind.Operator,
        detail: op.startsWith('<') ? 'at most / below' : 'at least / above',
        documentation: `A target is \`<op> <quantity>\`; the operator says which direction meets the objective (spec §3).`,
        textEdit: { range, newText: context.quote ? `${op} ` : `"${op} $0"` },
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: `0${i}`,
        command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
      }));
      void OPERATORS;
    } else if (/^\d+(\.\d+)?\s*$/.test(numberPart)) {
      const kinds: QuantityKind[] = kind === 'duration' ? ['duration'] : kind === 'percent' ? ['percent'] : expected ?? ['duration', 'percent', 'rate'];
      const units = [...(kinds.includes('duration') ? DURATION_UNITS : []), ...(kinds.includes('percent') ? ['%'] : []), ...(kinds.includes('rate') ? RATE_UNITS : [])];
      const at = rangeOf(file, context.offset, context.offset);
      units.forEach((unit, i) => items.push({
        label: `${numberPart.trim()}${unit}`,
        kind: CompletionItemKind.Unit,
        detail: UNIT_DOCS[unit],
        textEdit: { range: at, newText: unit },
        filterText: `${prefix}${unit}`,
        sortText: String(i).padStart(2, '0'),
      }));
    } else if (kind === 'duration' && prefix === '') {
      for (const example of ['28d', '7d', '30d', '1h', '5m', '1m']) items.push({ label: example, kind: CompletionItemKind.Value, textEdit: { range, newText: example } });
    }
  }
  // A link (a runbook): the scheme and the cursor after it — never someone's example address.
  if (items.length === 0 && schemas.some((s) => typeof s.pattern === 'string' && s.pattern.startsWith('^https?://')) && !context.prefix.includes('://')) {
    items.push({
      label: 'https://',
      kind: CompletionItemKind.Value,
      detail: 'a link (http or https)',
      textEdit: { range, newText: 'https://${1}' },
      insertTextFormat: InsertTextFormat.Snippet,
    });
  }
  if (items.length === 0) {
    const examples: unknown[] = schemas.flatMap((s) => (Array.isArray(s.examples) ? s.examples : []));
    for (const example of [...new Set(examples)]) {
      if (typeof example !== 'string' && typeof example !== 'number') continue;
      items.push({ label: String(example), kind: CompletionItemKind.Value, detail: 'example', textEdit: { range, newText: String(example) } });
    }
  }
  return items;
}

function percentileNote(p: number): string {
  const needed = Math.ceil(100 / (100 - p) - 1e-9);
  return `needs at least ${needed} observations per window to be more than the maximum`;
}

function metricSummary(id: string, source: any): string {
  if (!source || typeof source !== 'object') return `metric \`${id}\``;
  const parts = [`**${id}**`];
  if (source.file) parts.push(`file: \`${source.file}\``);
  if (source.value) parts.push(`value column: \`${source.value}\`${source.unit ? ` (${source.unit})` : ''}`);
  if (source.good) parts.push(`good when \`${source.good}\``);
  if (source.total) parts.push(`pre-aggregated: \`${source.total}\` / \`${source.goodCount ?? '?'}\``);
  if (!source.value && !source.good && !source.total) parts.push('event log: one event per row');
  if (source.filter) parts.push(`rows where \`${source.filter}\``);
  return parts.join('  \n');
}

function docOf(schemas: SchemaObject[]) {
  const text = describe(schemas);
  return text ? { kind: 'markdown' as const, value: text } : undefined;
}

function getAt(value: unknown, path: JsonPath): unknown {
  let current: any = value;
  for (const step of path) current = current?.[step];
  return current;
}
