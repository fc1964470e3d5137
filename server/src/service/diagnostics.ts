/**
 * Finding codes and how a finding becomes an LSP diagnostic. Every finding the service reports
 * has a stable code, the source `model-sla` and a link to its documentation page.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LINT_CODES } from './lint/codes';
import { rangeOf, type SlaFile } from './parse';

export const SOURCE = 'model-sla';
export const DOCS_BASE = 'https://github.com/model-sla/model-sla/blob/main/docs/rules/';

export interface CodeInfo {
  title: string;
  severity: DiagnosticSeverity;
}

export const CODES = {
  SLA001: { title: 'YAML syntax error', severity: DiagnosticSeverity.Error },
  SLA002: { title: 'Schema violation', severity: DiagnosticSeverity.Error },
  SLA003: { title: 'Unknown reference', severity: DiagnosticSeverity.Error },
  SLA004: { title: 'Duplicate id or name', severity: DiagnosticSeverity.Error },
  ...LINT_CODES,
} satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function docsUrl(code: string): string {
  return `${DOCS_BASE}${code}.md`;
}

export function makeDiagnostic(file: SlaFile, start: number, end: number, code: Code, message: string, severity?: DiagnosticSeverity): Diagnostic {
  return {
    range: rangeOf(file, start, end),
    severity: severity ?? CODES[code].severity,
    code,
    codeDescription: { href: docsUrl(code) },
    source: SOURCE,
    message,
  };
}
