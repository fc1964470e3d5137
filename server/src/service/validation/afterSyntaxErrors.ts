/**
 * What else a document with YAML syntax errors may report. A syntax error moves the lines after
 * it: keys land in the wrong mapping, an objective loses its `target`, a block becomes a key whose
 * "name" is a dump of the whole list. Findings about that broken tree only repeat the syntax error
 * in misleading words (a missing `target` that is there, an unknown field anchored at
 * `apiVersion`). So beside SLA001 a document keeps only the findings in the top-level sections
 * before the one holding the first syntax error, which parsed as written — and none placed on the
 * document's first key, where findings about a missing section go (the section may be below the
 * error).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { lineText, positionAt, type SlaDoc, type SlaFile } from '../parse';
import { TOP_LEVEL_KEYS } from './syntax';

/** Errors that leave every line where it stands (the tree is what the text says). */
const IN_PLACE = new Set<string>(['DUPLICATE_KEY', 'TAG_RESOLVE_FAILED', 'BAD_DQ_ESCAPE', 'BAD_ALIAS', 'ALIAS_PROPS']);

/** A filter for the non-syntax findings of `doc`, given its SLA001 findings (undefined: keep all). */
export function besideSyntaxErrors(file: SlaFile, doc: SlaDoc, syntax: Diagnostic[]): ((d: Diagnostic) => boolean) | undefined {
  if (!doc.yaml.errors.some((e) => !IN_PLACE.has(e.code)) || !syntax.length) return undefined;
  const firstError = Math.min(...syntax.map((d) => d.range.start.line));
  const docStart = positionAt(file, doc.start).line;
  // The known top-level key at column 0 whose section holds the first error (the document's start if none).
  let section = docStart;
  for (let line = firstError; line >= docStart; line--) {
    const key = /^([A-Za-z_][\w-]*)\s*:/.exec(lineText(file, line))?.[1];
    if (key && TOP_LEVEL_KEYS.has(key)) { section = line; break; }
  }
  let firstKey = -1;
  for (let line = docStart; line < section; line++) {
    if (/^[A-Za-z_][\w-]*\s*:/.test(lineText(file, line))) { firstKey = line; break; }
  }
  return (d) => d.range.start.line < section && !(d.range.start.line === firstKey && d.range.start.character === 0);
}
