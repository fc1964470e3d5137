/**
 * Parsing: text → YAML documents with positions, once per document version.
 *
 * Everything else in the service (validation, completion, hover, symbols) reads the `SlaFile`
 * produced here, so a document is parsed once per version however many requests ask about it.
 */
import { parseAllDocuments } from 'yaml';
import { fastParseDocument } from './fastYaml';
import { isIncrementalSafe, reparseIncrementally } from './incrementalParse';
import type { Position, Range } from 'vscode-languageserver-types';

export { MAX_ALIAS_COUNT, MAX_NESTING, PARSE_OPTIONS, nestingBeyond, type SlaDoc, type SlaFile } from './slaFile';
import { MAX_ALIAS_COUNT, MAX_NESTING, PARSE_OPTIONS, nestingBeyond, type SlaDoc, type SlaFile } from './slaFile';

/** Offsets at which lines start; line breaks as LSP counts them: \n, \r\n and a lone \r. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The text the YAML parser reads. YAML 1.2 (like LSP) takes CR, LF and CRLF as line breaks; the
 * `yaml` package reads only LF and CRLF, and a file with lone CRs (classic Mac line ends) would be
 * one long line to it. So each lone CR is read as LF: the same length, so every node range, every
 * offset and the line index (`computeLineStarts` counts a lone CR) stay those of the text as given.
 * `SlaFile.text` keeps the text as given; code that looks for line breaks in it counts all three
 * (see `lineText`, `lineEndAt`, `lineStartAt`, `eolOf`).
 */
export function yamlText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Offset where the line holding `offset` starts (after a \n, a \r\n or a lone \r). */
export function lineStartAt(text: string, offset: number): number {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return 0;
}

/** Offset of the line break that ends the line holding `offset` (\r of a \r\n), or the text's length. */
export function lineEndAt(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** The text's own line break, for text inserted into it: CRLF if it has any, else a lone CR if it has any, else LF. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : text.includes('\r') ? '\r' : '\n';
}

/**
 * `fast: false` parses with `yaml` alone (the tests' reference); by default the common subset is
 * read by the fast front end (fastYaml.ts) and everything else by `yaml`.
 */
export function parseSlaFile(uri: string, version: number, text: string, options: { fast?: boolean } = {}): SlaFile {
  const source = yamlText(text);
  const deep = nestingBeyond(source);
  if (deep >= 0) {
    return {
      uri, version, text, lineStarts: computeLineStarts(text), docs: [],
      refused: { offset: deep, message: `YAML: the document nests more than ${MAX_NESTING} levels deep here (brackets, list dashes and indentation), so it is not read. An SLA needs fewer than ten.` },
    };
  }
  const fast = options.fast === false ? undefined : fastParseDocument(source);
  if (fast) {
    const [start, , end] = fast.yaml.range;
    const docs: SlaDoc[] = [{ index: 0, yaml: fast.yaml, value: fast.value, start, end }];
    return { uri, version, text, lineStarts: computeLineStarts(text), docs, incrementalSafe: isIncrementalSafe(text) };
  }
  const parsed = parseAllDocuments(source, PARSE_OPTIONS);
  // parseAllDocuments returns an EmptyStream (an array with `empty: true`) for a file without documents.
  const list = Array.isArray(parsed) ? parsed : [];
  const docs: SlaDoc[] = list.map((yaml, index) => {
    let value: unknown;
    let valueError: string | undefined;
    try {
      value = yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      valueError = error instanceof Error ? error.message : String(error);
    }
    const [start, , end] = yaml.range;
    return { index, yaml, value, valueError, start, end };
  });
  return { uri, version, text, lineStarts: computeLineStarts(text), docs, incrementalSafe: isIncrementalSafe(text) };
}

/** 0-based LSP position of a UTF-16 offset. */
export function positionAt(file: Pick<SlaFile, 'lineStarts' | 'text'>, offset: number): Position {
  const starts = file.lineStarts;
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: clamped - starts[low] };
}

/** UTF-16 offset of a 0-based LSP position (clamped to the line and the text). */
export function offsetAt(file: Pick<SlaFile, 'lineStarts' | 'text'>, position: Position): number {
  const starts = file.lineStarts;
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return file.text.length;
  const lineStart = starts[position.line];
  const nextStart = position.line + 1 < starts.length ? starts[position.line + 1] : file.text.length;
  let lineEnd = nextStart;
  if (lineEnd > lineStart && file.text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
  if (lineEnd > lineStart && file.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  return Math.min(lineStart + Math.max(0, position.character), lineEnd);
}

export function rangeOf(file: Pick<SlaFile, 'lineStarts' | 'text'>, start: number, end: number): Range {
  return { start: positionAt(file, start), end: positionAt(file, Math.max(start, end)) };
}

/** The document that holds an offset (the last one starting at or before it). */
export function docAt(file: SlaFile, offset: number): SlaDoc | undefined {
  let found: SlaDoc | undefined;
  for (const doc of file.docs) {
    if (doc.start <= offset) found = doc;
    else break;
  }
  return found ?? file.docs[0];
}

/** The text of one line, without its line break. */
export function lineText(file: Pick<SlaFile, 'lineStarts' | 'text'>, line: number): string {
  const starts = file.lineStarts;
  if (line < 0 || line >= starts.length) return '';
  const end = line + 1 < starts.length ? starts[line + 1] : file.text.length;
  return file.text.slice(starts[line], end).replace(/\r?\n$|\r$/, '');
}

/** At most this much text (UTF-16 units) of scanned files is kept parsed for a first open: ~2 MB of YAML, ~80 MB of trees. */
export const SCANNED_MAX_CHARS = 2_000_000;

/**
 * Parse results keyed by document URI, holding the latest version only. An object, not module
 * state: the server owns one, tests make their own.
 */
export class ParseCache {
  private readonly files = new Map<string, SlaFile>();
  parses = 0;
  /** Of `parses`, how many re-parsed only the changed part (see incrementalParse.ts). */
  incrementalParses = 0;

  /**
   * The parse of the document closed last, for a re-open of the same text (editors close and re-open
   * documents as tabs are switched): re-used instead of parsed again, and no second tree of the file
   * is built while the first awaits the garbage collector. One document at most.
   */
  private retired: SlaFile | undefined;

  /**
   * Parses of files read from disk (the server's start-up scan of the workspace), for their first
   * open with the same text: the editor opens the file that started the server, and restores others,
   * right after the scan read them. Bounded by their text's total length; dropped by `dropScanned`.
   */
  private readonly scanned = new Map<string, SlaFile>();
  private scannedChars = 0;

  get(uri: string, version: number, text: string): SlaFile {
    const cached = this.files.get(uri);
    if (!cached) {
      const earlier = this.retired?.uri === uri ? this.retired : this.scanned.get(uri);
      if (earlier === this.retired) this.retired = undefined;
      else if (earlier) { this.scanned.delete(uri); this.scannedChars -= earlier.text.length; }
      if (earlier && earlier.text.length === text.length && earlier.text === text) {
        const file = { ...earlier, version };
        this.files.set(uri, file);
        return file;
      }
    }
    if (cached && cached.version === version && cached.text.length === text.length && cached.text === text) return cached;
    let file = cached && !cached.refused && version > cached.version ? reparseIncrementally(cached, version, text) : undefined;
    if (file) this.incrementalParses++;
    else file = parseSlaFile(uri, version, text);
    this.parses++;
    this.files.set(uri, file);
    return file;
  }

  /** A closed document: its parse is kept for a re-open of the same text until another document is closed or `dropRetired`. */
  delete(uri: string): void {
    const file = this.files.get(uri);
    this.files.delete(uri);
    this.retired = file;
  }

  /** A parse of a file on disk (version 0), kept for its first open while the total stays within `SCANNED_MAX_CHARS`. */
  offer(file: SlaFile): void {
    if (this.files.has(file.uri) || this.scanned.has(file.uri) || this.scannedChars + file.text.length > SCANNED_MAX_CHARS) return;
    this.scanned.set(file.uri, file);
    this.scannedChars += file.text.length;
  }

  /** Forget the parses of files on disk that were not opened (the server does so a while after its scan). */
  dropScanned(): void {
    this.scanned.clear();
    this.scannedChars = 0;
  }

  /** Forget the closed document's parse (the server does so a while after the close). */
  dropRetired(uri?: string): void {
    if (uri === undefined || this.retired?.uri === uri) this.retired = undefined;
  }
}
