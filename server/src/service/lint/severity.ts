/**
 * Per-code severity overrides (`off | info | warning | error`), from the VS Code setting
 * `modelSla.lint.severity` and the workspace file `.model-sla.yaml` (which the CLI reads too).
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

export type SeverityLevel = 'off' | 'info' | 'warning' | 'error' | 'hint';
export type SeverityOverrides = Record<string, SeverityLevel>;

const LEVELS: Record<Exclude<SeverityLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Keeps only well-formed entries (`SLA123: level`); the rest are reported by the caller. */
export function parseOverrides(raw: unknown): { overrides: SeverityOverrides; problems: string[] } {
  const overrides: SeverityOverrides = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { overrides, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { overrides, problems: ['`severity` must map codes to off, info, warning or error'] };
  for (const [code, level] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^SLA\d{3}$/.test(code)) { problems.push(`\`${code}\` is not a finding code (SLA001 … SLA124)`); continue; }
    if (typeof level !== 'string' || !(level in LEVELS || level === 'off')) { problems.push(`${code}: \`${String(level)}\` is not one of off, info, warning, error`); continue; }
    overrides[code] = level as SeverityLevel;
  }
  return { overrides, problems };
}

/** SLA001 (the file cannot be read) keeps its severity; every other code follows the overrides. */
export function applySeverity(diagnostics: Diagnostic[], overrides: SeverityOverrides): Diagnostic[] {
  if (Object.keys(overrides).length === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const level = typeof d.code === 'string' && d.code !== 'SLA001' ? overrides[d.code] : undefined;
    if (level === 'off') continue;
    out.push(level ? { ...d, severity: LEVELS[level] } : d);
  }
  return out;
}
