/**
 * Finding codes and how a finding becomes an LSP diagnostic. Every finding the service reports
 * has a stable code, the source `model-sla` and a link to its documentation page.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LINT_CODES } from './lint/codes';
import { rangeOf, type SlaFile } from './parse';

export const SOURCE = 'model-sla';
/**
 * Where the rule pages (docs/rules/SLAxxx.md) are, as a URI ending in `/`: set by the host that
 * knows (the server and the CLI: the file URL of the pages shipped next to their bundle,
 * io/ruleDocs.ts). Unset, findings carry no link — never one to a page that does not exist.
 */
let docsBase: string | undefined;

export function setDocsBase(base: string | undefined): void {
  docsBase = base === undefined || base.endsWith('/') ? base : `${base}/`;
}

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

export function docsUrl(code: string): string | undefined {
  return docsBase === undefined ? undefined : `${docsBase}${code}.md`;
}

export function makeDiagnostic(file: SlaFile, start: number, end: number, code: Code, message: string, severity?: DiagnosticSeverity): Diagnostic {
  const href = docsUrl(code);
  return {
    range: rangeOf(file, start, end),
    severity: severity ?? CODES[code].severity,
    code,
    ...(href ? { codeDescription: { href } } : {}),
    source: SOURCE,
    message,
  };
}
