/**
 * Which reader for a metric spec: CSV or JSON Lines (from `format:` or the file's extension), with
 * the checks that refuse a spec before any byte is read (a bad `delimiter`, no `timestamp`).
 * Whoever has the bytes pushes them in (`reserve` + `commit`) and calls `end`: io/sources/
 * fileSource.ts for files, a test or a browser for bytes in memory.
 */
import { delimiterByte } from './csv';
import { CsvMetricReader } from './csvRows';
import { MetricFileError } from './errors';
import { detectFormat } from './format';
import { JsonlMetricReader } from './jsonlRows';
import { makePlan, type RowReader } from './rowReader';
import type { MetricSourceSpec, ReadMetricOptions } from './types';

export type { RowReader } from './rowReader';

/** @param path the file's path, named in a MetricFileError (and used to tell the format by extension) */
export function createRowReader(path: string, spec: MetricSourceSpec, options: ReadMetricOptions = {}): RowReader {
  const { format, tab } = detectFormat(path, spec);
  let delimiter: string | undefined;
  if (format === 'csv') {
    delimiter = spec.delimiter ?? (tab ? '\t' : ',');
    try { delimiterByte(delimiter); } catch (err) { throw new MetricFileError('format', `\`delimiter\`: ${(err as Error).message}`, path); }
  }
  if (typeof spec.timestamp !== 'string' || spec.timestamp === '') throw new MetricFileError('columns', 'no `timestamp` column named', path);
  const plan = makePlan(spec, options);
  return format === 'csv'
    ? new CsvMetricReader(path, spec, plan, options, delimiter)
    : new JsonlMetricReader(path, spec, plan, options);
}

