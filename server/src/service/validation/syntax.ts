/** SLA001: YAML syntax errors and documents that cannot be read as data (e.g. alias bombs). */
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { visit } from 'yaml';
import { isAlias, isScalar } from '../yamlNodes';
import { makeDiagnostic } from '../diagnostics';
import { SLA_SCHEMA } from '../schema';
import { MAX_ALIAS_COUNT, lineText, positionAt, type SlaDoc, type SlaFile } from '../parse';

/** The keys an SLA has at the top level (a line at column 0 with another key is out of place). */
export const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(Object.keys((SLA_SCHEMA.properties ?? {}) as Record<string, unknown>));

/**
 * At most this many SLA001 per YAML document. One misplaced line makes the parser report every
 * token after it (a stray line above `apiVersion` gave 367 errors); the first is the one to fix,
 * and a few more show whether others are independent.
 */
export const MAX_SYNTAX_FINDINGS = 3;

export function syntaxDiagnostics(file: SlaFile, doc: SlaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  // An error at the very end (an unclosed quote or bracket) goes on the last character of text,
  // not on an empty line after it.
  const lastText = file.text.trimEnd().length;
  const errors = [...doc.yaml.errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const lines = new Set<number>();
  let kept = 0;
  let left = 0;
  let streamReported = false;
  for (const error of errors) {
    let [start, end] = error.pos;
    if (start >= lastText && lastText > 0) [start, end] = [lastText - 1, lastText];
    let message = `YAML syntax: ${tidy(error.message)}`;
    // "Unexpected … token in YAML stream": the document ended before this token, so nothing from
    // here to the next `---` is read. One finding says so; the rest of the tokens are the same fact.
    const stream = /in YAML stream/.test(error.message);
    if (stream) {
      if (streamReported) continue;
      streamReported = true;
      const stray = strayScalar(file, doc, start);
      if (stray) {
        [start, end] = stray.span;
        message = `YAML syntax: \`${stray.text}\` is not a \`key: value\` line, so YAML reads the document as this text and cannot read the lines after it (from line ${positionAt(file, error.pos[0]).line + 1}). Remove the line or make it a comment (\`# …\`).`;
      } else {
        message += ': the document cannot continue here, so nothing from this line to the next `---` is read';
      }
    }
    if (kept === 0 && !stream) {
      const errorLine = positionAt(file, start).line;
      const outlier = strayTopLevel(file, errorLine) ?? (error.code === 'BAD_INDENT' ? outlierLine(file, errorLine) : undefined);
      if (outlier) {
        [start, end] = outlier.span;
        message = `YAML syntax: this line starts at column ${outlier.column + 1} while the lines around it start at column ${outlier.around + 1}, so YAML cannot read the lines after it where they stand (${tidy(error.message)} on line ${positionAt(file, error.pos[0]).line + 1}). Look for a stray character at the start of the line.`;
      }
    }
    const line = positionAt(file, start).line;
    if (lines.has(line)) continue;
    if (kept >= MAX_SYNTAX_FINDINGS) { left++; continue; }
    lines.add(line);
    kept++;
    out.push(makeDiagnostic(file, start, Math.max(end, start + 1), 'SLA001', message));
  }
  if (left > 0 && out.length) {
    const first = out[0];
    first.message = `${String(first.message)} (fix this first: ${left} more YAML error${left === 1 ? '' : 's'} further down ${left === 1 ? 'is' : 'are'} not listed, most likely caused by it)`;
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

/**
 * The document's whole content is one plain scalar ending before `errorAt` (a stray line above the
 * SLA's keys, e.g. `stray line` then `apiVersion: …`): that line is the mistake, not the keys after it.
 */
function strayScalar(file: SlaFile, doc: SlaDoc, errorAt: number): { span: [number, number]; text: string } | undefined {
  const contents = doc.yaml.contents;
  if (!isScalar(contents) || !contents.range || contents.range[1] > errorAt) return undefined;
  const [start, end] = contents.range;
  const raw = file.text.slice(start, end).replace(/\s+/g, ' ').trim();
  return { span: [start, end], text: raw.length > 60 ? `${raw.slice(0, 57)}…` : raw };
}

/**
 * `errorLine` or the content line before it starts at column 0 with a key the SLA does not have at
 * the top level (`x  - id: …`, `x    percentile: p95`), while the content lines around it are
 * indented: a character typed at the start of a nested line.
 */
function strayTopLevel(file: SlaFile, errorLine: number): { span: [number, number]; column: number; around: number } | undefined {
  const previous = (from: number) => { for (let l = from - 1; l >= 0; l--) if (isContent(lineText(file, l))) return l; return -1; };
  const next = (from: number) => { for (let l = from + 1; l < file.lineStarts.length; l++) if (isContent(lineText(file, l))) return l; return -1; };
  for (const candidate of [errorLine, previous(errorLine)]) {
    if (candidate < 0) continue;
    const text = lineText(file, candidate);
    const key = /^([^\s#][^:#]*?)\s*:(\s|$)/.exec(text)?.[1];
    if (key === undefined || TOP_LEVEL_KEYS.has(key)) continue;
    const [p, n] = [previous(candidate), next(candidate)];
    if (p < 0 || n < 0) continue;
    const around = indentOf(lineText(file, n));
    if (indentOf(lineText(file, p)) === 0 || around === 0) continue;
    return { span: [file.lineStarts[candidate], file.lineStarts[candidate] + text.trimEnd().length], column: 0, around };
  }
  return undefined;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isContent = (line: string) => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * The line before `errorLine` when it is the one out of place: a `key: value` line (it opens no
 * block) indented differently from both the content line before it and `errorLine`, which agree —
 * e.g. a stray `x` typed at the start of `    percentile: p95`. The parser then blames every line
 * after it; the person fixes this one.
 */
function outlierLine(file: SlaFile, errorLine: number): { span: [number, number]; column: number; around: number } | undefined {
  const previous = (from: number) => { for (let l = from - 1; l >= 0; l--) if (isContent(lineText(file, l))) return l; return -1; };
  const p = previous(errorLine);
  const q = p >= 0 ? previous(p) : -1;
  if (q < 0) return undefined;
  const [e, pt, qt] = [lineText(file, errorLine), lineText(file, p), lineText(file, q)];
  if (indentOf(pt) === indentOf(e) || indentOf(qt) !== indentOf(e) || !/^[^#:]+:\s+\S/.test(pt.trim())) return undefined;
  const start = file.lineStarts[p] + indentOf(pt);
  return { span: [start, file.lineStarts[p] + pt.trimEnd().length], column: indentOf(pt), around: indentOf(e) };
}
