/** `model-sla check`: validate and lint SLA files; findings as text, JSON or SARIF. */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { expandPaths } from '../io/findSlaFiles';
import { readProjectConfig } from '../io/projectConfig';
import { NodeMetricAccess, tokenFromEnvironment } from '../io/metricAccess';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { escapeControl } from '../engine/render/escape';
import { getLanguageService } from '../service/languageService';
import { parseSlaFile } from '../service/parse';
import { staticIndex, summarize, type SlaSummary } from '../service/lint/workspaceIndex';

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

export interface CheckResult {
  findings: Finding[];
  ioErrors: { file: string; message: string }[];
  /** Problems in `.model-sla.yaml` (reported on stderr). */
  configProblems: string[];
  /** `.model-sla.yaml` cannot be used as a whole (io/projectConfig.ts): nothing was checked (exit 2). */
  configBroken?: string;
  filesChecked: number;
}

const SEVERITY: Record<number, Finding['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export interface CheckOptions {
  cwd?: string;
  /** The workspace: `.model-sla.yaml` is read here, and every SLA under it counts for cross-file rules. */
  root?: string;
  /**
   * Lint without the data: no metric file is read and no server contacted, so no findings from data
   * (spec §11: import never contacts a server).
   */
  offline?: boolean;
}

export { MAX_SLA_FILE_BYTES };

/** An SLA file's text, or why it is not checked (a FIFO, a device, too large, UTF-16 …: io/readTextFile.ts). */
function readText(path: string): { text?: string; notUtf8?: { line: number; column: number; message: string }; error?: string } {
  const read = readTextFile(path, { maxBytes: MAX_SLA_FILE_BYTES, what: 'SLA files' });
  if (read.ok) return { text: read.text, notUtf8: read.notUtf8 };
  return { error: read.reason === 'missing' || read.reason === 'unreadable' ? read.message : `${read.message}; not checked` };
}

export async function checkPaths(paths: string[], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root ?? '.');
  const config = readProjectConfig(root);
  // Checking with the defaults would silently drop the workspace's severities (an `off` turned
  // back on, an `error` demoted): a broken configuration checks nothing.
  if (config.broken) return { findings: [], ioErrors: [], configProblems: [], configBroken: `${relative(cwd, config.path!) || config.path!}: ${config.broken}`, filesChecked: 0 };
  const { files, errors } = expandPaths(paths.map((p) => resolve(cwd, p)));
  const ioErrors = errors.map((e) => ({ file: relative(cwd, e.path) || e.path, message: e.message }));

  // The workspace index: every SLA under the root, plus the files named (read once).
  const texts = new Map<string, ReturnType<typeof readText>>();
  const summaries: SlaSummary[] = [];
  const workspaceFiles = new Set([...expandPaths([root]).files, ...files]);
  for (const path of workspaceFiles) {
    const read = readText(path);
    if (read.text === undefined) continue;
    texts.set(path, read);
    summaries.push(...summarize(parseSlaFile(pathToFileURL(path).href, 0, read.text)));
  }
  const service = getLanguageService({ severity: config.severity, workspace: staticIndex(summaries), metrics: options.offline ? undefined : new NodeMetricAccess(() => [root], 32, { servers: () => config.servers, refused: () => config.refusedServers ?? new Map(), token: tokenFromEnvironment }) });

  const findings: Finding[] = [];
  let filesChecked = 0;
  for (const path of files) {
    const file = relative(cwd, path) || path;
    const read = texts.get(path) ?? readText(path);
    if (read.text === undefined) {
      ioErrors.push({ file, message: read.error ?? 'unreadable' });
      continue;
    }
    const text = read.text;
    filesChecked++;
    const uri = pathToFileURL(path).href;
    const document = { uri, version: 1, getText: () => text };
    await service.lintData(document);
    const diagnostics = service.validate(document);
    service.close(uri);
    // Bytes that are not UTF-8: the text has U+FFFD there; say where, and how to fix it.
    if (read.notUtf8) {
      const { line, column, message } = read.notUtf8;
      findings.push({ file, line, column, endLine: line, endColumn: column + 1, severity: 'error', code: 'SLA001', message });
    }
    for (const d of diagnostics) {
      findings.push({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
        code: String(d.code ?? ''),
        message: typeof d.message === 'string' ? d.message : d.message.value,
      });
    }
  }
  return { findings, ioErrors, configProblems: config.problems, filesChecked };
}

/** One line per finding; control characters from the SLA (ESC, CR, newlines …) printed as escapes. */
export function formatText(result: CheckResult): string {
  return result.findings.map((f) => escapeControl(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`)).join('\n');
}

export function summary(result: CheckResult): string {
  const count = (s: Finding['severity']) => result.findings.filter((f) => f.severity === s).length;
  const parts = [`${result.filesChecked} file${result.filesChecked === 1 ? '' : 's'} checked`, `${count('error')} errors`, `${count('warning')} warnings`, `${count('info') + count('hint')} infos`];
  return parts.join(', ');
}
