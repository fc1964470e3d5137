/**
 * The format of a metric source from its `format:` or its file's extension. Pure (no file system):
 * the reader and the language service (the quick fix that creates a missing metric file) agree on it.
 */
import { MetricFileError } from './errors';
import type { MetricSourceSpec } from './types';

/** The extension of the last path segment, with its dot (`.csv`), as node:path's `extname` gives it. */
function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

/** The format of a metric source: `format:`, else the extension; throws MetricFileError('format'). */
export function detectFormat(path: string, spec: Pick<MetricSourceSpec, 'format' | 'file'>): { format: 'csv' | 'jsonl'; tab: boolean } {
  const ext = extensionOf(path).toLowerCase();
  if (spec.format === 'csv' || spec.format === 'jsonl') return { format: spec.format, tab: spec.format === 'csv' && ext === '.tsv' };
  if (spec.format !== undefined) {
    throw new MetricFileError('format', `unknown metric format \`${String(spec.format)}\`; use \`csv\` or \`jsonl\``, path);
  }
  if (ext === '.csv') return { format: 'csv', tab: false };
  if (ext === '.tsv') return { format: 'csv', tab: true };
  if (ext === '.jsonl' || ext === '.ndjson') return { format: 'jsonl', tab: false };
  throw new MetricFileError('format', `cannot tell the format from the extension${ext ? ` \`${ext}\`` : ' (there is none)'}; name the file .csv, .tsv, .jsonl or .ndjson, or add \`format: csv\` or \`format: jsonl\``, path);
}
