/**
 * The parsed form of an SLA file (`SlaFile`, `SlaDoc`) and the limits and options every parse uses,
 * full (parse.ts) or incremental (incrementalParse.ts). Both import this file; neither imports the
 * other's internals, so the two parsers have no import cycle.
 */
import type { Document, ParseOptions, DocumentOptions, SchemaOptions } from 'yaml';

/** Aliases expanded when converting a document to plain data (billion-laughs guard). */
export const MAX_ALIAS_COUNT = 100;

export interface SlaDoc {
  /** 0-based index of the YAML document in the file (multi-document files hold one SLA each). */
  index: number;
  yaml: Document.Parsed;
  /** Plain data of the document (YAML 1.2 core schema); undefined when conversion failed. */
  value: unknown;
  /** Why conversion to plain data failed (e.g. an alias bomb), if it did. */
  valueError?: string;
  /** Offsets of the document's text, `[start, end)`. */
  start: number;
  end: number;
}

export interface SlaFile {
  uri: string;
  version: number;
  text: string;
  lineStarts: readonly number[];
  docs: SlaDoc[];
  /** The next version may be parsed incrementally (no anchors, aliases, tags, directives or tabs). */
  incrementalSafe?: boolean;
  /** The text was not parsed at all (nesting beyond MAX_NESTING): why, and where (SLA001). */
  refused?: { offset: number; message: string };
}

/**
 * Deepest nesting read at all. An SLA needs under ten levels; a YAML parser, a schema validator and
 * every tree walk recurse once per level, and at thousands of levels the process runs out of stack —
 * not always as a catchable RangeError (V8 aborts the process when it happens while compiling a
 * regular expression). So the text is measured before it is parsed.
 */
export const MAX_NESTING = 100;

/**
 * Where nesting first exceeds `limit`, estimated from the text alone and generously (never below the
 * real depth): open flow brackets outside quotes + list dashes at the start of the line + the
 * indentation in units of two spaces. -1 when it stays within the limit.
 *
 * A quote opens a quoted scalar only where one can begin — first on its line, after `[`, `{` or `,`,
 * after `: `, `- ` or `? `, or right after `:` inside brackets; elsewhere (`title: 5" model`, `it's`)
 * it is a character of a plain scalar. Taking every `"` for an opening one let a stray quote hide
 * the rest of the file, and a deep bracket nest after it overflowed the stack.
 */
export function nestingBeyond(text: string, limit = MAX_NESTING): number {
  let flow = 0;
  let quote = 0;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  /** The last character before this one on the line that is not a space (0 at the line's start), and whether spaces followed it. */
  let before = 0;
  let spaced = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) { lineStart = true; indent = 0; dashes = 0; before = 0; spaced = false; if (quote === 39) quote = 0; continue; }
    if (quote) { if (c === quote && text.charCodeAt(i - 1) !== 92) quote = 0; continue; }
    if (lineStart) {
      if (c === 32 || c === 9) { indent++; continue; }
      if (c === 45 /* - */ && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10)) { dashes++; i++; continue; }
      lineStart = false;
      if ((indent >> 1) + dashes + flow > limit) return i;
    }
    if (c === 32 || c === 9) { spaced = true; continue; }
    if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) === 32)) { while (i + 1 < text.length && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++; continue; }
    if (c === 34 || c === 39) {
      const opens = before === 0 || before === 91 || before === 123 || before === 44
        || (spaced && (before === 58 || before === 45 || before === 63)) || (before === 58 && flow > 0);
      if (opens) { quote = c; continue; }
    } else if (c === 91 || c === 123) { if (++flow + (indent >> 1) + dashes > limit) return i; }
    else if ((c === 93 || c === 125) && flow > 0) flow--;
    before = c;
    spaced = false;
  }
  return -1;
}

/** The one set of options for every parse, full or incremental (YAML 1.2 core schema). */
export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  prettyErrors: false,
  uniqueKeys: true,
  keepSourceTokens: false,
  logLevel: 'error', // warnings would go to the console; the server's stdout is the protocol
};
