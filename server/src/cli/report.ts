/**
 * `model-sla report`: the compliance report (spec §8) of SLA files as JSON, text, Markdown or HTML.
 *
 * Per file: read (an I/O error is reported and the next file follows), refuse when the file has
 * YAML syntax, schema or reference errors (SLA001–SLA003 at error severity; findings on stderr),
 * read the linked metric files (workspace containment as in the editor: never outside `--root`),
 * then `buildReport` per YAML document. A metric that cannot be read is reported on stderr; the
 * objectives using it are `no-data` and the report still prints.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { MetricFileError } from '../engine/metrics/errors';
import { readMetric } from '../engine/metrics/readMetric';
import type { MetricSourceSpec } from '../engine/metrics/types';
import { valuesAreDurations } from '../engine/metrics/valueUnit';
import { buildReport, type MetricInput, type SlaReport } from '../engine/report';
import { zoneResolver } from '../engine/windows';
import { resolveMetricPath } from '../io/workspacePaths';
import { getLanguageService } from '../service/languageService';
import { parseSlaFile, positionAt } from '../service/parse';

export interface ReportRunOptions {
  cwd?: string;
  root?: string;
  asOf?: number;
  /** Progress sink (the CLI passes one only when stderr is a TTY). */
  progress?: (text: string) => void;
}

export interface ReportRunResult {
  reports: SlaReport[];
  /** One entry per input file that gave reports (multi-document files give several). */
  perFile: { file: string; reports: SlaReport[] }[];
  /** Lines for stderr: I/O errors, refused files, unreadable metrics. */
  messages: string[];
  /** Usage/I-O error or a refused SLA file: exit 2. */
  failed: boolean;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `--as-of`: an ISO-8601 instant with `Z` or an offset, or a date (UTC midnight). */
export function parseAsOf(text: string): number | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const v = Date.parse(`${t}T00:00:00Z`);
    return Number.isNaN(v) ? undefined : v;
  }
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/.test(t)) return undefined;
  const v = Date.parse(t.replace(' ', 'T'));
  return Number.isNaN(v) ? undefined : v;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

type Cache = Map<string, Promise<MetricInput>>;

async function loadMetric(slaPath: string, spec: unknown, zone: string | undefined, durations: boolean, root: string, cache: Cache, progress?: (text: string) => void): Promise<MetricInput> {
  if (!isObj(spec) || typeof spec.file !== 'string' || typeof spec.timestamp !== 'string') {
    return { ok: false, reason: 'invalid', message: 'the metric source has no `file` or `timestamp`' };
  }
  const source = spec as unknown as MetricSourceSpec;
  const resolved = resolveMetricPath(slaPath, source.file, [root]);
  if (!resolved.ok) return { ok: false, reason: resolved.reason, message: resolved.message };
  let size = 0;
  try {
    size = statSync(resolved.path).size;
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: `\`${source.file}\` cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  // The documents of a multi-document file often link the same files: read each once per run.
  const key = JSON.stringify([resolved.path, source, zone ?? 'UTC', durations]);
  const cached = cache.get(key);
  if (cached) return cached;
  const load = readOnce(resolved.path, source, zone, durations, size, progress);
  cache.set(key, load);
  return load;
}

async function readOnce(path: string, source: MetricSourceSpec, zone: string | undefined, durations: boolean, size: number, progress?: (text: string) => void): Promise<MetricInput> {
  try {
    const onProgress = progress ? (read: number, total: number) => progress(`reading ${source.file}: ${megabytes(read)} of ${megabytes(total || size)}`) : undefined;
    return { ok: true, data: await readMetric(path, source, { timezone: zone, onProgress, valuesAreDurations: durations }) };
  } catch (error) {
    if (error instanceof MetricFileError) return { ok: false, reason: error.reason, message: `\`${source.file}\`: ${error.message}` };
    return { ok: false, reason: 'unreadable', message: `\`${source.file}\` cannot be read: ${(error as Error).message}` };
  }
}

const REFUSING = new Set(['SLA001', 'SLA002', 'SLA003']);

export async function reportFiles(paths: string[], options: ReportRunOptions = {}): Promise<ReportRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root ?? '.');
  const service = getLanguageService();
  const result: ReportRunResult = { reports: [], perFile: [], messages: [], failed: false };
  const cache: Cache = new Map();
  for (const p of paths) {
    const path = resolve(cwd, p);
    const file = relative(cwd, path) || path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      result.messages.push(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      result.failed = true;
      continue;
    }
    const uri = pathToFileURL(path).href;
    const document = { uri, version: 1, getText: () => text };
    const errors = service.validate(document).filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error && REFUSING.has(String(d.code)));
    const parsed = parseSlaFile(uri, 1, text);
    service.close(uri);
    if (errors.length) {
      for (const d of errors) result.messages.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
      result.messages.push(`${file}: not reported: fix the errors above first (model-sla check ${file})`);
      result.failed = true;
      continue;
    }
    const reports: SlaReport[] = [];
    for (const doc of parsed.docs) {
      const sla = doc.value;
      if (!isObj(sla)) {
        if (doc.valueError) {
          const pos = positionAt(parsed, doc.start);
          result.messages.push(`${file}:${pos.line + 1}: document cannot be read: ${doc.valueError}`);
          result.failed = true;
        }
        continue;
      }
      let zone: string | undefined = isObj(sla.period) && typeof sla.period.timezone === 'string' ? sla.period.timezone : undefined;
      try { if (zone) zoneResolver(zone); } catch { zone = undefined; }
      const metrics: Record<string, MetricInput> = {};
      for (const [id, spec] of Object.entries(isObj(sla.metrics) ? sla.metrics : {})) {
        const load = await loadMetric(path, spec, zone, valuesAreDurations(sla, id), root, cache, options.progress);
        options.progress?.('');
        metrics[id] = load;
        if (!load.ok) result.messages.push(`${file}: metric ${id}: ${load.message} (its objectives are reported as no-data)`);
      }
      reports.push(buildReport(sla, { file, metrics, asOf: options.asOf }));
    }
    result.perFile.push({ file, reports });
    result.reports.push(...reports);
  }
  return result;
}

/** A progress line on a TTY: rewritten in place, cleared with an empty text. */
export function ttyProgress(stream: NodeJS.WriteStream): (text: string) => void {
  let last = 0;
  let shown = false;
  return (text: string) => {
    if (text === '') {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
      return;
    }
    const now = Date.now();
    if (shown && now - last < 100) return;
    last = now;
    shown = true;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns || 80) - 1)}`);
  };
}
