/**
 * `model-sla report`: the compliance report (spec §8) of SLA files as JSON, text, Markdown or HTML.
 *
 * Folders are searched for SLA files as `check` searches them. Per file: read (io/readTextFile.ts: a regular file of at most 20 MB; an I/O error is reported and
 * the next file follows), refuse when the file has YAML syntax, schema or reference errors
 * (SLA001–SLA003 at error severity; findings on stderr), then the same computation as the editor's
 * preview: `complianceReports` (service/compliance.ts, without the chart series) over
 * `NodeMetricAccess` (io/metricAccess.ts: workspace containment — never outside `--root` —, only
 * regular files, each file read once per run). The SLA text is parsed once. A metric that cannot be
 * used (missing, unreadable, a FIFO, a column the SLA names absent …) is reported on stderr in the
 * words of its SLA115 finding; the objectives using it are `no-data` with that `problem`, and the
 * report still prints.
 */
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SlaReport } from '../engine/report';
import { parseInstant } from '../engine/metrics/timestamps';
import { NodeMetricAccess, tokenFromEnvironment } from '../io/metricAccess';
import { readProjectConfig } from '../io/projectConfig';
import { expandPaths } from '../io/findSlaFiles';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { getLanguageService } from '../service/languageService';
import { reportRefusals } from '../service/compliance';
import { StreamPlans } from '../service/streamPlans';
import { positionAt } from '../service/parse';
import { escapeControl } from '../engine/render/escape';

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

export const isFolder = (path: string): boolean => { try { return statSync(path).isDirectory(); } catch { return false; } };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function parseAsOf(text: string): number | undefined {
  const r = parseInstant(text);
  return r.ok ? r.ms : undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * The objectives whose latest window has no data, each with why: its metric could not be read (the
 * SLA115 words), the window's own reason (too few observations, excluded), or no rows in it at all —
 * a stopped export, or timestamps read in the wrong unit (then a data issue says so). What
 * `report --fail-on-no-data` fails on (exit 3): CI notices the verdict it cannot get.
 */
export function noDataObjectives(reports: SlaReport[]): string[] {
  const out: string[] = [];
  for (const r of reports) {
    const failed = new Map((r.metricErrors ?? []).map((e) => [e.metric, e.message]));
    for (const o of r.objectives) {
      const w = o.windows.at(-1);
      if (w && w.status !== 'no-data') continue;
      const seeIssues = r.dataIssues.length ? ' (see the data issues)' : '';
      const why = (o.metric !== undefined ? failed.get(o.metric) : undefined) ?? o.problem ?? w?.problem
        ?? (!w ? 'the objective has no windows'
          : w.reason === 'min-observations' ? `${w.observations} observation${w.observations === 1 ? '' : 's'} in ${w.label}, fewer than its \`minObservations\``
          : w.reason === 'gaps' ? `gaps in ${w.label}`
          : `no observations in ${w.label}${seeIssues}`);
      out.push(`${r.file}: objective ${o.id}: the latest window has no data: ${why}`);
    }
  }
  return out;
}

export async function reportFiles(paths: string[], options: ReportRunOptions = {}): Promise<ReportRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root ?? '.');
  // One access for the run: the documents of a multi-document file (and several files) often link
  // the same metric files; each is read once.
  // Prometheus metrics (spec §10): the servers of the root's .model-sla.yaml, the token from the
  // environment variable a server's `tokenEnv` names.
  const config = readProjectConfig(root);
  // A report reads once: samples by remote read where a server answers it (io/prometheus/remoteRead.ts).
  const access = new NodeMetricAccess(() => [root], 256, { servers: () => config.servers, refused: () => config.refusedServers ?? new Map(), token: tokenFromEnvironment, source: { remoteRead: true } });
  const service = getLanguageService({ metrics: access });
  const result: ReportRunResult = { reports: [], perFile: [], messages: config.problems.filter((p) => p.includes('server `') || p.includes('`servers`')), failed: false };
  // Folders, as `check` takes them: every *.sla.yaml / *.sla.yml under them (sorted); files as given
  // (read below, so a missing or hostile one is reported in the words of readTextFile).
  const files: string[] = [];
  for (const p of paths.map((x) => resolve(cwd, x))) {
    if (!isFolder(p)) { files.push(p); continue; }
    const expanded = expandPaths([p]);
    for (const e of expanded.errors) { result.messages.push(`${relative(cwd, e.path) || e.path}: ${e.message}`); result.failed = true; }
    if (expanded.files.length === 0 && expanded.errors.length === 0) result.messages.push(`${relative(cwd, p) || '.'}: no *.sla.yaml files found`);
    files.push(...expanded.files);
  }
  // First every file is read and checked; then the reports, in the same order. In between, the
  // streamed-read plans of all documents are united per metric file (StreamPlans), so that SLAs
  // sharing a large file (an internal and an external one) read it once.
  const checked: { file: string; uri: string; document: { uri: string; version: number; getText: () => string }; messages: string[]; ok: boolean }[] = [];
  const plans = new StreamPlans(options.asOf);
  for (const path of files) {
    const file = relative(cwd, path) || path;
    const read = readTextFile(path, { maxBytes: MAX_SLA_FILE_BYTES, what: 'SLA files' });
    if (!read.ok) {
      checked.push({ file, uri: '', document: { uri: '', version: 1, getText: () => '' }, ok: false, messages: [`${file}: ${read.reason === 'missing' || read.reason === 'unreadable' ? read.message : `${read.message}; not reported`}`] });
      result.failed = true;
      continue;
    }
    const text = read.text;
    const uri = pathToFileURL(path).href;
    const document = { uri, version: 1, getText: () => text };
    const messages: string[] = [];
    const errors = reportRefusals(service.validate(document));
    if (read.notUtf8) messages.push(`${file}:${read.notUtf8.line}:${read.notUtf8.column} error SLA001 ${read.notUtf8.message}`);
    if (errors.length || read.notUtf8) {
      for (const d of errors) messages.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
      messages.push(`${file}: not reported: fix the errors above first (model-sla check ${file})`);
      result.failed = true;
      service.close(uri);
      checked.push({ file, uri, document, messages, ok: false });
      continue;
    }
    const parsed = service.parse(document); // the parse validate made (cached per uri and version)
    for (const doc of parsed.docs) {
      if (!isObj(doc.value) && doc.valueError) {
        const pos = positionAt(parsed, doc.start);
        messages.push(`${file}:${pos.line + 1}: document cannot be read: ${doc.valueError}`);
        result.failed = true;
      } else if (isObj(doc.value)) plans.add(doc.value, uri);
    }
    checked.push({ file, uri, document, messages, ok: true });
  }
  for (const { file, uri, document, messages, ok } of checked) {
    result.messages.push(...messages);
    if (!ok) continue;
    try {
      const onProgress = options.progress && ((_metric: string, bytes: number, total: number, metricFile: string) => options.progress!(metricFile.startsWith('prometheus ') ? `reading ${metricFile}: request ${bytes} of ${total}` : `reading ${metricFile}: ${megabytes(bytes)} of ${megabytes(total)}`));
      // Large metric files are aggregated as they are read, not kept (engine/stream), where the SLA allows it.
      const reports = await service.compliance(document, { file, asOf: options.asOf, series: false, stream: plans, onProgress });
      options.progress?.('');
      for (const report of reports) {
        for (const e of report.metricErrors ?? []) result.messages.push(`${file}: metric ${e.metric}: ${e.message} (its objectives are reported as no-data)`);
      }
      result.perFile.push({ file, reports });
      result.reports.push(...reports);
    } finally {
      service.close(uri);
    }
  }
  // Names are unique in a workspace (SLA004): two SLAs of one name cannot be told apart in a summary.
  const byName = new Map<string, string[]>();
  for (const { file, reports } of result.perFile) for (const r of reports) byName.set(r.sla, [...(byName.get(r.sla) ?? []), file]);
  for (const [name, where] of byName) if (where.length > 1) result.messages.push(`warning SLA004: ${where.length} SLAs are named \`${name}\` (${where.join(', ')}): rename all but one (model-sla check)`);
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
    stream.write(`\r\x1b[2K${escapeControl(text).slice(0, (stream.columns || 80) - 1)}`);
  };
}
