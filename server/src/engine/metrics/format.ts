/**
 * The format of a metric source from its `format:` or its file's extension. Pure (no file system):
 * the reader and the language service (the quick fix that creates a missing metric file) agree on it.
 */
import { MetricFileError } from './errors';
import type { MetricSourceSpec } from './types';
import { extensionOf, formatOfExtension, METRIC_EXTENSIONS_TEXT } from '../../facts/metricFormats';

/** The format of a metric source: `format:`, else the extension; throws MetricFileError('format'). */
export function detectFormat(path: string, spec: Pick<MetricSourceSpec, 'format' | 'file'>): { format: 'csv' | 'jsonl'; tab: boolean } {
  const ext = extensionOf(path).toLowerCase();
  if (spec.format === 'csv' || spec.format === 'jsonl') return { format: spec.format, tab: spec.format === 'csv' && ext === '.tsv' };
  if (spec.format !== undefined) {
    throw new MetricFileError('format', `unknown metric format \`${String(spec.format)}\`; use \`csv\` or \`jsonl\``, path);
  }
  const byExtension = formatOfExtension(path);
  if (byExtension) return { ...byExtension };
  throw new MetricFileError('format', `cannot tell the format from the extension${ext ? ` \`${ext}\`` : ' (there is none)'}; name the file ${METRIC_EXTENSIONS_TEXT}, or add \`format: csv\` or \`format: jsonl\``, path);
}
