/**
 * SLA115's quick fix for a linked metric file that does not exist yet: a first SLA written with the
 * new-SLA snippet links `metrics/latency.csv` before any data has been exported, and starts with an
 * error. "Create `metrics/latency.csv` with its header" creates the file with a CSV header naming
 * the columns the metric reads (the timestamp first), so the error goes and whoever writes the
 * exporter sees the columns the SLA expects. A JSON Lines file has no header: it is created empty.
 *
 * The service never touches the file system: the fix is a WorkspaceEdit (a CreateFile, then a text
 * edit holding the header) that the editor applies, offered only to a client that can create files
 * (`workspace.workspaceEdit.resourceOperations` with `create`). The linter attaches it only when the
 * host found the path legal and inside the workspace, and the file missing (reason `missing`).
 */
import { CreateFile, TextDocumentEdit, TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { isScalar } from '../yamlNodes';
import { delimiterByte } from '../../engine/metrics/csv';
import { detectFormat } from '../../engine/metrics/format';
import type { MetricSourceSpec } from '../../engine/metrics/types';
import { namedColumns } from '../metricColumns';
import type { SlaDoc, SlaFile } from '../parse';
import { locate, type JsonPath } from '../yamlAst';
import type { Fix } from './fixes';

export type CreateFileFix = Extract<Fix, { kind: 'createFile' }>;

/** One CSV field, quoted (RFC 4180) when it holds the delimiter, a quote or a line break. */
function csvField(name: string, delimiter: string): string {
  return name.includes(delimiter) || /["\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/**
 * What the new file holds: for CSV the header line (the metric's columns, then a line break), for
 * JSON Lines nothing. Undefined when the format or the delimiter cannot be told (then SLA115 or
 * SLA002 says so, and creating a file would not help).
 */
export function newMetricFileContents(spec: Pick<MetricSourceSpec, 'file' | 'format' | 'delimiter'> & Partial<MetricSourceSpec>): string | undefined {
  let format: { format: 'csv' | 'jsonl'; tab: boolean };
  let delimiter: string;
  try {
    format = detectFormat(spec.file, spec);
    if (format.format === 'jsonl') return '';
    delimiter = String.fromCharCode(delimiterByte(spec.delimiter ?? (format.tab ? 'tab' : undefined)));
  } catch {
    return undefined;
  }
  const columns = namedColumns(spec);
  if (columns.length === 0) return undefined;
  return `${columns.map((c) => csvField(c, delimiter)).join(delimiter)}\n`;
}

/** The fix for metric `id` whose file `spec.file` does not exist; undefined when no contents can be told. */
export function createMetricFileFix(id: string, spec: MetricSourceSpec): CreateFileFix | undefined {
  const contents = newMetricFileContents(spec);
  if (contents === undefined) return undefined;
  const title = contents ? `Create \`${spec.file}\` with its header` : `Create \`${spec.file}\` (empty)`;
  return { title, kind: 'createFile', path: ['metrics', id, 'file'] as JsonPath, file: spec.file, contents };
}

/**
 * The URI of `reference` (a relative path with `/` separators, as the SLA writes it) resolved
 * against the SLA's folder. Each segment is percent-encoded, so `#`, `?` or `%` stay in the name.
 */
export function metricFileUri(slaUri: string, reference: string): string | undefined {
  try {
    const path = reference.split('/').map((s) => (s === '.' || s === '..' ? s : encodeURIComponent(s))).join('/');
    return new URL(path, slaUri).href;
  } catch {
    return undefined;
  }
}

/**
 * The edit that creates the file (and writes its header); undefined when the SLA no longer links
 * that file at the fix's path (the text changed since the diagnostic).
 */
export function createMetricFileEdit(file: SlaFile, doc: SlaDoc, fix: CreateFileFix): WorkspaceEdit | undefined {
  const node = locate(doc.yaml, fix.path)?.node;
  if (!isScalar(node) || node.value !== fix.file) return undefined;
  const uri = metricFileUri(file.uri, fix.file);
  if (!uri) return undefined;
  // Neither overwrite nor ignoreIfExists: a file that appeared since the diagnostic makes the client
  // refuse the whole edit, so a header is never written on top of someone's data.
  const changes: (CreateFile | TextDocumentEdit)[] = [CreateFile.create(uri, { overwrite: false, ignoreIfExists: false })];
  if (fix.contents) changes.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, fix.contents)]));
  return { documentChanges: changes };
}
