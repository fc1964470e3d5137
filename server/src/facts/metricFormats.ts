/**
 * Metric file formats (spec §4): the extensions that name a format without `format:`. One table for
 * the reader, completion's list of metric files and the extension's file watchers.
 */

export type MetricFormat = 'csv' | 'jsonl';

export interface FormatByExtension {
  format: MetricFormat;
  /** A tab-separated CSV (`.tsv`). */
  tab: boolean;
}

export const METRIC_FILE_EXTENSIONS: Readonly<Record<string, FormatByExtension>> = {
  '.csv': { format: 'csv', tab: false },
  '.tsv': { format: 'csv', tab: true },
  '.jsonl': { format: 'jsonl', tab: false },
  '.ndjson': { format: 'jsonl', tab: false },
};

export const METRIC_FORMATS: readonly MetricFormat[] = ['csv', 'jsonl'];

/** The glob of files whose extension names a metric format (`**\/*.{csv,tsv,jsonl,ndjson}`). */
export const METRIC_FILE_GLOB = `**/*.{${Object.keys(METRIC_FILE_EXTENSIONS).map((e) => e.slice(1)).join(',')}}`;

/** The extensions in words, for messages: `.csv, .tsv, .jsonl or .ndjson`. */
export const METRIC_EXTENSIONS_TEXT = (() => {
  const list = Object.keys(METRIC_FILE_EXTENSIONS);
  return `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
})();

/** The extension of the last path segment, with its dot (`.csv`; `''` for none or a dotfile). */
export function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

/** The format a file's extension names (case-insensitive), or undefined. */
export function formatOfExtension(path: string): FormatByExtension | undefined {
  return METRIC_FILE_EXTENSIONS[extensionOf(path).toLowerCase()];
}
