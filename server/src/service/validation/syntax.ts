/** SLA001: YAML syntax errors and documents that cannot be read as data (e.g. alias bombs). */
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { visit, isAlias } from 'yaml';
import { makeDiagnostic } from '../diagnostics';
import { MAX_ALIAS_COUNT, type SlaDoc, type SlaFile } from '../parse';

export function syntaxDiagnostics(file: SlaFile, doc: SlaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  // An error at the very end (an unclosed quote or bracket) goes on the last character of text,
  // not on an empty line after it.
  const lastText = file.text.trimEnd().length;
  for (const error of doc.yaml.errors) {
    let [start, end] = error.pos;
    if (start >= lastText && lastText > 0) [start, end] = [lastText - 1, lastText];
    out.push(makeDiagnostic(file, start, Math.max(end, start + 1), 'SLA001', `YAML syntax: ${tidy(error.message)}`));
  }
  for (const warning of doc.yaml.warnings) {
    const [start, end] = warning.pos;
    out.push(makeDiagnostic(file, start, Math.max(end, start + 1), 'SLA001', `YAML: ${tidy(warning.message)}`, DiagnosticSeverity.Warning));
  }
  if (doc.valueError) {
    let span: [number, number] = [doc.start, doc.start + 1];
    visit(doc.yaml, { Alias(_key, node) { if (node.range) span = [node.range[0], node.range[1]]; return visit.BREAK; } });
    const message = /alias/i.test(doc.valueError)
      ? `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (a "billion laughs" pattern); the document is not read. Write the values out instead of nesting aliases.`
      : `YAML: the document cannot be read as data: ${doc.valueError}`;
    out.push(makeDiagnostic(file, span[0], span[1], 'SLA001', message));
  }
  return out;
}

export function hasAliases(doc: SlaDoc): boolean {
  let found = false;
  visit(doc.yaml, { Alias(_k, n) { if (isAlias(n)) found = true; return visit.BREAK; } });
  return found;
}

function tidy(message: string): string {
  // yaml's messages end with a source excerpt after a colon on later lines; keep the first line.
  return message.split('\n')[0].replace(/ at line \d+, column \d+$/, '');
}
