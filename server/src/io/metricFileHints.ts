/**
 * What completion offers from the workspace: the metric files that exist (paths relative to the
 * SLA's folder) and the columns of a linked one (a CSV's header, the keys of a JSONL file's first
 * records). Bounded work on the request path: a walk of at most MAX_ENTRIES directory entries, and
 * the first HEAD_BYTES of a file; the same containment as every metric read (workspacePaths.ts).
 */
import { open, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { parseCsvText } from '../engine/metrics/csv';
import { detectFormat } from '../engine/metrics/format';
import type { MetricSourceSpec } from '../engine/metrics/types';
import { resolveMetricPath } from './workspacePaths';
import { formatOfExtension } from '../facts/metricFormats';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'build', 'target', '__pycache__']);
const MAX_ENTRIES = 5000;
const MAX_DEPTH = 6;
const MAX_FILES = 200;
const HEAD_BYTES = 64 * 1024;
const JSONL_RECORDS = 20;

/**
 * Metric files below the workspace folder holding `slaPath` (or below the SLA's folder when none
 * does), relative to the SLA's folder with `/` separators, nearest first.
 */
export async function listMetricFiles(slaPath: string, roots: string[]): Promise<string[]> {
  const slaDir = dirname(slaPath);
  const root = roots.find((r) => slaPath.startsWith(r.endsWith(sep) ? r : r + sep)) ?? slaDir;
  const found: string[] = [];
  let entries = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES || entries >= MAX_ENTRIES) return;
    let list;
    try { list = await readdir(dir, { withFileTypes: true }); } catch { return; }
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of list) {
      if (++entries > MAX_ENTRIES || found.length >= MAX_FILES) return;
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { if (!SKIPPED_DIRS.has(entry.name)) await walk(path, depth + 1); }
      else if (entry.isFile() && formatOfExtension(entry.name)) found.push(relative(slaDir, path).split(sep).join('/'));
    }
  };
  await walk(root, 0);
  const ups = (p: string) => p.split('/').filter((s) => s === '..').length;
  return found.sort((a, b) => ups(a) - ups(b) || a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/**
 * The column names of the metric file `spec.file` links from `slaPath` (inside the workspace only):
 * a CSV's header, or the keys of a JSONL file's first records in order of appearance; undefined
 * when the file cannot be read or its format told.
 */
export async function readMetricColumns(slaPath: string, spec: Pick<MetricSourceSpec, 'file' | 'format' | 'delimiter'>, roots: string[]): Promise<string[] | undefined> {
  const resolved = resolveMetricPath(slaPath, spec.file, roots);
  if (!resolved.ok) return undefined;
  let format;
  try { format = detectFormat(resolved.path, spec); } catch { return undefined; }
  let head: string;
  try {
    const handle = await open(resolved.path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  // Only whole lines: the last one may be cut by the read.
  const whole = head.length === HEAD_BYTES ? head.slice(0, Math.max(0, head.lastIndexOf('\n'))) : head;
  if (format.format === 'csv') {
    try {
      const firstLines = whole.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 1).join('\n');
      const { header } = parseCsvText(firstLines, { delimiter: spec.delimiter ?? (format.tab ? 'tab' : undefined) });
      return header?.map((h) => h.trim()).filter((h) => h !== '');
    } catch {
      return undefined;
    }
  }
  const keys = new Set<string>();
  let records = 0;
  for (const line of whole.split(/\r?\n/)) {
    if (records >= JSONL_RECORDS) break;
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as unknown;
      records++;
      if (record && typeof record === 'object' && !Array.isArray(record)) for (const key of Object.keys(record)) keys.add(key);
    } catch { /* a broken record: the reader reports it */ }
  }
  return records ? [...keys] : undefined;
}
