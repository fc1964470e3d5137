/** `model-sla check`: validate SLA files and print findings as text or JSON. */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService } from '../service/languageService';
import { expandPaths } from './findFiles';

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
  filesChecked: number;
}

const SEVERITY: Record<number, Finding['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function checkPaths(paths: string[], cwd = process.cwd()): CheckResult {
  const service = getLanguageService();
  const { files, errors } = expandPaths(paths.map((p) => resolve(cwd, p)));
  const findings: Finding[] = [];
  const ioErrors = errors.map((e) => ({ file: relative(cwd, e.path) || e.path, message: e.message }));
  let filesChecked = 0;
  for (const path of files) {
    const file = relative(cwd, path) || path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      ioErrors.push({ file, message: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      continue;
    }
    filesChecked++;
    const uri = pathToFileURL(path).href;
    const diagnostics = service.validate({ uri, version: 1, getText: () => text });
    service.close(uri);
    for (const d of diagnostics) {
      findings.push({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
        code: String(d.code ?? ''),
        message: typeof d.message === "string" ? d.message : d.message.value,
      });
    }
  }
  return { findings, ioErrors, filesChecked };
}

export function formatText(result: CheckResult): string {
  return result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`).join('\n');
}

export function summary(result: CheckResult): string {
  const count = (s: Finding['severity']) => result.findings.filter((f) => f.severity === s).length;
  const parts = [`${result.filesChecked} file${result.filesChecked === 1 ? '' : 's'} checked`, `${count('error')} errors`, `${count('warning')} warnings`, `${count('info') + count('hint')} infos`];
  return parts.join(', ');
}
