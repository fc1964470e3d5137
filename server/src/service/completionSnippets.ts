/**
 * Completion's snippets: a whole new SLA file (linking the workspace's metric files and their
 * columns, named after the file) and a new objective per indicator (with an unused id), written as
 * block YAML at the cursor's column.
 */
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem } from 'vscode-languageserver-types';
import type { CursorContext } from './cursorContext';
import type { rangeOf } from './parse';
import type { SchemaObject } from './schema';
import type { CompletionWorkspace } from './completion';

/**
 * Multi-line insertions carry their absolute indentation (the mapping's column, which after `  - `
 * is right of the line's own indentation): they are inserted as they are (`insertTextMode: asIs`),
 * or VS Code would add the line's indentation to every line after the first a second time.
 */
export function asIsWhenMultiline(text: string): Pick<CompletionItem, 'insertTextMode'> {
  return text.includes('\n') ? { insertTextMode: InsertTextMode.asIs } : {};
}

/**
 * The new-SLA snippet linking a metric file that exists: a choice of the workspace's files (the
 * first one's columns for `timestamp` and `value`), never an invented path that starts the first
 * SLA with SLA115. Without metric files in the workspace the snippet is left as the schema has it.
 */
export function withWorkspaceFiles(snippet: Snippet, workspace: CompletionWorkspace): Snippet {
  const files = workspace.metricFiles;
  const body = snippet.body as Record<string, any> | undefined;
  const metrics = body?.metrics as Record<string, Record<string, string>> | undefined;
  if (!files?.length || !metrics || typeof metrics !== 'object') return snippet;
  const [id, source] = Object.entries(metrics)[0] ?? [];
  if (!id || !source) return snippet;
  const tabstop = (text: string) => /^\$\{(\d+):/.exec(text)?.[1];
  const choice = (text: string, options: string[]) => `\${${tabstop(text)}|${options.map(escapeChoice).join(',')}|}`;
  const ordered = newSlaFileOrder(files, id);
  const next: Record<string, string> = { ...source, file: choice(source.file, ordered) };
  const columns = workspace.columns ?? [];
  if (columns.length && tabstop(source.timestamp ?? '')) {
    const timestamp = columns.find((c) => /^(ts|time|timestamp|date|datetime|minute|at)$/i.test(c)) ?? columns.find((c) => /time|date/i.test(c)) ?? columns[0];
    next.timestamp = choice(source.timestamp, [timestamp, ...columns.filter((c) => c !== timestamp)]);
    if (tabstop(source.value ?? '')) {
      const rest = columns.filter((c) => c !== timestamp);
      // Only a column that reads as the metric's measure: a text column picked by position gives an
      // SLA that can never be evaluated (and says so only in the preview). Without one, the schema's
      // name stays first, so a missing column is an SLA115 the user sees at once.
      const value = rest.find((c) => /latency|duration|_ms$|ms$|value/i.test(c));
      const fallback = /^\$\{\d+:([^{}]*)\}$/.exec(source.value ?? '')?.[1];
      const options = value ? [value, ...rest.filter((c) => c !== value)] : [fallback ?? rest[0], ...rest.filter((c) => c !== fallback)];
      if (options[0]) next.value = choice(source.value, options);
    }
  }
  return { ...snippet, body: { ...body, metrics: { ...metrics, [id]: next } } };
}

/**
 * The order in which the new-SLA snippet offers metric files (its first is the default and gives the
 * columns): files named for the snippet's metric (`latency`), then CSV before JSON Lines.
 */
export function newSlaFileOrder(files: string[], metricId = 'latency'): string[] {
  const named = (f: string) => (f.toLowerCase().split('/').pop() ?? '').includes(metricId.toLowerCase());
  const rank = (f: string) => (named(f) ? 0 : 2) + (/\.csv$/i.test(f) ? 0 : 1);
  return [...files].sort((a, b) => rank(a) - rank(b));
}

/** The new SLA's `metadata.name` defaults to the file's name (`search.sla.yaml` → `search`), so two new files do not start with the same name (SLA004). */
export function withNameFrom(uri: string, snippet: Snippet): Snippet {
  const base = decodeURIComponent(uri.split('/').pop() ?? '').replace(/\.sla\.ya?ml$/i, '');
  const body = snippet.body as Record<string, any> | undefined;
  const metadata = body?.metadata as Record<string, string> | undefined;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(base) || /^untitled/i.test(base) || !metadata || typeof metadata.name !== 'string') return snippet;
  const name = metadata.name.replace(/^(\$\{\d+:)[^{}]*\}$/, `$1${base}}`);
  return { ...snippet, body: { ...body, metadata: { ...metadata, name } } };
}

export function objectiveIds(data: unknown): Set<string> {
  const objectives = (data as { objectives?: unknown } | undefined)?.objectives;
  const ids = new Set<string>();
  if (Array.isArray(objectives)) for (const o of objectives) if (o && typeof (o as { id?: unknown }).id === 'string') ids.add((o as { id: string }).id);
  return ids;
}

/** An objective snippet whose default `id` is taken gets `-2`, `-3`, … (accepting the default must not give SLA004). */
export function withUnusedId(snippet: Snippet, used: Set<string>): Snippet {
  const body = snippet.body as Record<string, any> | undefined;
  const m = typeof body?.id === 'string' ? /^(\$\{\d+:)([^{}]*)\}$/.exec(body.id) : null;
  if (!m || !used.has(m[2])) return snippet;
  let n = 2;
  while (used.has(`${m[2]}-${n}`)) n++;
  return { ...snippet, body: { ...body, id: `${m[1]}${m[2]}-${n}}` } };
}

export function escapeChoice(value: string): string {
  return value.replace(/[,|\\$}]/g, (c) => `\\${c}`);
}

export interface Snippet { label: string; description?: string; body: unknown }

export function snippetsOf(schemas: SchemaObject[]): Snippet[] {
  const out: Snippet[] = [];
  for (const s of schemas) for (const snippet of s.defaultSnippets ?? []) if (snippet && typeof snippet.label === 'string') out.push(snippet);
  return out;
}

export function snippetItem(snippet: Snippet, context: CursorContext, range: ReturnType<typeof rangeOf>, whole: boolean): CompletionItem {
  const body = toYamlSnippet(snippet.body, context.column);
  const matchesPrefix = context.prefix !== '' && snippet.label.toLowerCase().startsWith(context.prefix.toLowerCase());
  return {
    label: snippet.label,
    kind: CompletionItemKind.Snippet,
    detail: snippet.description ?? (whole ? 'a complete SLA' : 'a complete objective'),
    documentation: { kind: 'markdown', value: '```yaml\n' + body.replace(/\$\{\d+\|((?:\\.|[^,|\\])*)[^}]*\}/g, (_m, first: string) => first.replace(/\\(.)/g, '$1')).replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') + '\n```' },
    textEdit: { range, newText: body },
    insertTextFormat: InsertTextFormat.Snippet,
    ...asIsWhenMultiline(body),
    // Filtered by its own name: `- lat` must find the latency objective, not every snippet alike.
    // A whole SLA in an empty file is what its user came for: first and selected.
    sortText: `${whole ? '!' : matchesPrefix ? '0' : '2'}${snippet.label}`,
    filterText: snippet.label,
    preselect: whole || matchesPrefix || undefined,
  };
}

/** A defaultSnippets body (JSON with `${n:…}` placeholders) as block YAML at `column`. */
export function toYamlSnippet(body: unknown, column: number): string {
  const lines: string[] = [];
  // Strings are pasted as they are (as yaml-language-server does): the schema's snippets carry
  // their own quotes where YAML needs them (e.g. "\"<= 300ms\"").
  const scalar = (v: unknown) => String(v);
  const emit = (value: unknown, indent: number, firstPrefix: string | undefined) => {
    const pad = ' '.repeat(indent);
    if (Array.isArray(value)) {
      if (value.length === 0 || value.every((v) => typeof v !== 'object' || v === null)) {
        lines.push(`${firstPrefix ?? pad}[${value.map(scalar).join(', ')}]`);
        return;
      }
      value.forEach((item) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) emitMap(item as Record<string, unknown>, indent + 2, `${pad}- `);
        else lines.push(`${pad}- ${scalar(item)}`);
      });
      return;
    }
    lines.push(`${firstPrefix ?? pad}${scalar(value)}`);
  };
  const emitMap = (map: Record<string, unknown>, indent: number, firstPrefix?: string) => {
    const pad = ' '.repeat(indent);
    Object.entries(map).forEach(([key, value], i) => {
      const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : pad;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length <= 2 && entries.every(([, v]) => typeof v !== 'object' || v === null) && (key === 'window' || key === 'parties' || key === 'period')) {
          lines.push(`${lead}${key}: { ${entries.map(([k, v]) => `${k}: ${scalar(v)}`).join(', ')} }`);
        } else {
          lines.push(`${lead}${key}:`);
          emitMap(value as Record<string, unknown>, indent + 2);
        }
      } else if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
        lines.push(`${lead}${key}:`);
        emit(value, indent + 2, undefined);
      } else if (Array.isArray(value)) {
        lines.push(`${lead}${key}: [${value.map(scalar).join(', ')}]`);
      } else {
        lines.push(`${lead}${key}: ${scalar(value)}`);
      }
    });
  };
  if (body && typeof body === 'object' && !Array.isArray(body)) emitMap(body as Record<string, unknown>, column);
  else emit(body, column, undefined);
  // The first line replaces the typed prefix at the cursor: drop its indentation.
  if (lines.length) lines[0] = lines[0].slice(column);
  return lines.join('\n');
}
