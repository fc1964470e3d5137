/** SARIF 2.1.0 output, so CI code scanning shows findings inline (written by toJson, render/escape.ts). */
import { CODES, docsUrl } from '../service/diagnostics';
import { sep } from 'node:path';
import type { CheckResult, Finding } from './check';
import { escapeControl } from '../engine/render/escape';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function toSarif(result: CheckResult, version: string): object {
  const codes = Object.keys(CODES).sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'model-sla',
          version,
          informationUri: 'https://github.com/model-sla/model-sla',
          rules: codes.map((code) => ({
            id: code,
            name: CODES[code as keyof typeof CODES].title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
            shortDescription: { text: CODES[code as keyof typeof CODES].title },
            helpUri: docsUrl(code),
            defaultConfiguration: { level: levelOf(CODES[code as keyof typeof CODES].severity) },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      // Files that could not be checked (a FIFO, a device, a symlink loop, UTF-16 …): the run says so,
      // with the file, instead of looking like a clean result.
      invocations: [{
        executionSuccessful: result.ioErrors.length === 0,
        toolExecutionNotifications: result.ioErrors.map((e) => ({
          level: 'error',
          message: { text: escapeControl(`${e.file}: ${e.message}`) },
          locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(e.file) } } }],
        })),
      }],
      results: result.findings.map((f) => ({
        ruleId: f.code,
        ruleIndex: index.get(f.code),
        level: LEVEL[f.severity],
        // Shown as text by code-scanning UIs: control characters as visible escapes, as in `check` text.
        message: { text: escapeControl(f.message) },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: fileUri(f.file) },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column + 1 : 1) },
          },
        }],
      })),
    }],
  };
}

/**
 * A file path relative to the current folder as a relative URI: each segment percent-encoded (a `#`,
 * `%`, `?`, space or control character is part of the name). Only the platform's separators split
 * (on POSIX a `\` is a character of the file name, not a folder).
 */
function fileUri(file: string): string {
  return file.split(sep === '\\' ? /[\\/]/ : '/').map(encodeURIComponent).join('/');
}

function levelOf(severity: number): 'error' | 'warning' | 'note' {
  return severity === 1 ? 'error' : severity === 2 ? 'warning' : 'note';
}
