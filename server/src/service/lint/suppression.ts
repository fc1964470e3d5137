/**
 * Inline suppression: `# model-sla-disable-next-line SLA108` (the next line) and
 * `# model-sla-disable SLA108` (the whole file), honoured by the editor and the CLI alike. A
 * suppression that suppresses nothing is reported itself (SLA100, info) — except while the file has
 * a syntax error (SLA001), when the findings it would suppress may just not be computed.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import { positionAt, type SlaFile } from '../parse';

interface Suppression {
  scope: 'next-line' | 'file';
  code: string;
  /** 0-based line the suppression applies to (next-line only). */
  line: number;
  span: [number, number];
  used: boolean;
}

/** To the end of the comment's line: a line ends at \n, \r\n or a lone \r. */
const DIRECTIVE = /#[ \t]*model-sla-disable(-next-line)?\b([^\r\n]*)/g;

export function findSuppressions(file: SlaFile): Suppression[] {
  const out: Suppression[] = [];
  if (!file.text.includes('model-sla-disable')) return out;
  for (const match of file.text.matchAll(DIRECTIVE)) {
    const start = match.index!;
    // Only a comment: the `#` starts the line or follows white space.
    if (start > 0 && !/\s/.test(file.text[start - 1])) continue;
    const line = positionAt(file, start).line;
    const codesStart = start + match[0].length - match[2].length;
    for (const code of match[2].matchAll(/SLA\d{3}/g)) {
      const at = codesStart + code.index!;
      out.push({ scope: match[1] ? 'next-line' : 'file', code: code[0], line: line + 1, span: [at, at + code[0].length], used: false });
    }
  }
  return out;
}

/** Drops suppressed diagnostics and adds SLA100 for suppressions that matched nothing. */
export function applySuppressions(file: SlaFile, diagnostics: Diagnostic[]): Diagnostic[] {
  const suppressions = findSuppressions(file);
  if (suppressions.length === 0) return diagnostics;
  const kept = diagnostics.filter((d) => {
    let suppressed = false;
    for (const s of suppressions) {
      if (s.code !== d.code) continue;
      if (s.scope === 'file' || s.line === d.range.start.line) {
        s.used = true;
        suppressed = true;
      }
    }
    return !suppressed;
  });
  // While the file has a syntax error (SLA001) the linter does not run on all of it, so a suppression
  // may match nothing only for now: not reported until the syntax is fixed.
  if (diagnostics.some((d) => d.code === 'SLA001')) return kept;
  for (const s of suppressions) {
    if (s.used) continue;
    kept.push(makeDiagnostic(file, s.span[0], s.span[1], 'SLA100', s.scope === 'file'
      ? `\`model-sla-disable ${s.code}\` suppresses nothing: no ${s.code} finding in this file. Remove it, so that a future ${s.code} is not hidden.`
      : `\`model-sla-disable-next-line ${s.code}\` suppresses nothing: the next line has no ${s.code} finding. Remove it.`));
  }
  return kept;
}
