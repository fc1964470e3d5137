/**
 * Where the cursor is, in terms of the SLA: which mapping it is in (a JSON path), and whether it
 * types a key, a value or a new list item. Read from the text around the cursor by indentation, so
 * that it works on half-typed lines the YAML parser cannot make sense of; the cached tree is only
 * used for what is already there (present keys, metric ids).
 */
import { lineText, offsetAt, type SlaFile } from './parse';
import type { JsonPath } from './yamlAst';
import type { Position } from 'vscode-languageserver-types';

export interface CursorContext {
  kind: 'key' | 'value';
  /** For `key`: path of the mapping the key goes into. For `value`: path of the value itself. */
  path: JsonPath;
  /** The key whose value is typed (kind `value`). */
  key?: string;
  /** What is typed so far (without an opening quote). */
  prefix: string;
  /** Offsets of the text a completion replaces: `[start, cursor)`, extended over the rest of the word. */
  replaceStart: number;
  replaceEnd: number;
  /** The value is inside a quoted scalar. */
  quote?: '"' | "'";
  /** Inside a flow mapping `{ ... }` (insert `key: value` without line breaks). */
  inFlow: boolean;
  /** The key is the first one of a new list item (`- |`). */
  newItem: boolean;
  /** Column where keys of this mapping start (for multi-line snippets). */
  column: number;
  offset: number;
}

interface LineShape {
  indent: number;
  /** Columns of the `- ` markers, outermost first. */
  dashes: number[];
  /** Column where the content after the dashes starts. */
  contentCol: number;
  key?: string;
  /** Text after `key:` (trimmed, without a comment), '' for a block opener. */
  inlineValue?: string;
  blank: boolean;
}

const KEY_LINE = /^((?:"[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?))\s*:(?:\s+(.*))?$/;

export function shapeOf(text: string): LineShape {
  const indent = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { indent, dashes: [], contentCol: indent, blank: true };
  const dashes: number[] = [];
  let col = indent;
  while (text[col] === '-' && (col + 1 === text.length || text[col + 1] === ' ' || text[col + 1] === '\t')) {
    dashes.push(col);
    col++;
    while (text[col] === ' ' || text[col] === '\t') col++;
  }
  const content = text.slice(col).replace(/\s+#.*$/, '');
  const match = KEY_LINE.exec(content.trimEnd());
  if (match) {
    const key = match[1].replace(/^["']|["']$/g, '');
    return { indent, dashes, contentCol: col, key, inlineValue: (match[2] ?? '').trim(), blank: false };
  }
  return { indent, dashes, contentCol: col, blank: content.trim() === '' && dashes.length === 0 };
}

/**
 * Indentation of a line read straight from the text (no slicing, no regular expression): -1 for a
 * blank or comment-only line, which every upward scan below skips. The scans walk thousands of
 * lines in a large file, and most of them are deeper than the level looked for, so this cheap
 * test decides them; only lines at or left of that level get a full `shapeOf`.
 */
function indentOf(file: SlaFile, line: number): number {
  const text = file.text;
  const start = file.lineStarts[line] ?? text.length;
  let i = start;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  const c = text.charCodeAt(i);
  if (i >= text.length || c === 10 || c === 13 || c === 35 /* # */) return -1;
  return i - start;
}

/** Number of sibling items above `line` in the block sequence whose dashes sit at column `dashCol`. */
function itemIndex(file: SlaFile, line: number, dashCol: number, firstLine: number): number {
  let index = 0;
  for (let l = line - 1; l >= firstLine; l--) {
    const indent = indentOf(file, l);
    if (indent === -1 || indent > dashCol) continue;
    if (indent < dashCol) break;
    // At the dash column: another item (`- ` or a lone `-`) or the end of the sequence.
    const at = file.lineStarts[l]! + indent;
    const next = file.text.charCodeAt(at + 1);
    if (file.text.charCodeAt(at) === 45 /* - */ && (Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13)) index++;
    else break;
  }
  return index;
}

/**
 * The path of the block mapping whose keys start at `column`, for a key on `line`. `ownDashes`
 * are the dash columns on `line` itself (a key right after `- ` starts a list item).
 */
export function blockPath(file: SlaFile, line: number, column: number, ownDashes: number[], firstLine = 0): JsonPath {
  const steps: JsonPath = [];
  let col = column;
  let afterSequence = false;
  for (let i = ownDashes.length - 1; i >= 0; i--) {
    steps.unshift(itemIndex(file, line, ownDashes[i], firstLine));
    col = ownDashes[i];
    afterSequence = true;
  }
  for (let l = line - 1; l >= firstLine && (col > 0 || afterSequence); l--) {
    // Blank, comment and deeper lines never change the path (see the branches below).
    const indent = indentOf(file, l);
    if (indent === -1 || indent > col) continue;
    const s = shapeOf(lineText(file, l));
    if (s.blank) continue;
    if (s.dashes.length > 0 && s.contentCol === col && !afterSequence) {
      // The first entry of the list item we are in: `- id: x` above `  indicator: …`.
      for (let i = s.dashes.length - 1; i >= 0; i--) {
        steps.unshift(itemIndex(file, l, s.dashes[i], firstLine));
        col = s.dashes[i];
      }
      afterSequence = true;
      continue;
    }
    if (s.key === undefined) {
      if (s.indent < col) break;
      continue;
    }
    const parentKey = s.contentCol < col || (afterSequence && s.contentCol === col && s.dashes.length === 0);
    if (!parentKey || (s.inlineValue !== '' && !s.inlineValue?.startsWith('&'))) {
      if (s.indent < col && s.dashes.length === 0) break; // a scalar entry at a lower level: give up here
      continue;
    }
    steps.unshift(s.key);
    col = s.contentCol;
    afterSequence = false;
    for (let i = s.dashes.length - 1; i >= 0; i--) {
      steps.unshift(itemIndex(file, l, s.dashes[i], firstLine));
      col = s.dashes[i];
      afterSequence = true;
    }
  }
  return steps;
}

/** Unclosed `{` / `[` before the cursor on this line, ignoring quoted text. */
function openFlow(before: string): { char: '{' | '['; at: number }[] {
  const stack: { char: '{' | '['; at: number }[] = [];
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) { if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') stack.push({ char: c, at: i });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
    else if (c === '#' && (i === 0 || before[i - 1] === ' ')) return [];
  }
  return stack;
}

function inComment(before: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) { if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(before[i - 1]))) return true;
  }
  return false;
}

const WORD_END = /^[^\s,}\]"':#]*/;

export function cursorContext(file: SlaFile, position: Position, docFirstLine = 0): CursorContext | undefined {
  const offset = offsetAt(file, position);
  const text = lineText(file, position.line);
  const before = text.slice(0, position.character);
  if (inComment(before)) return undefined;
  if (/^(---|\.\.\.)/.test(before)) return undefined;
  const lineStart = offset - before.length;
  const wordEnd = (from: number) => lineStart + from + (WORD_END.exec(text.slice(from))?.[0].length ?? 0);
  const shape = shapeOf(before);

  // Flow mapping on this line: `window: { rolling: 28d, cal| }`
  const flows = openFlow(before);
  const innermost = flows[flows.length - 1];
  if (innermost?.char === '{') {
    const head = shapeOf(before.slice(0, innermost.at).replace(/\s*$/, ' x'));
    const ownerKey = /([^\s{,:][^:{,]*?)\s*:\s*$/.exec(before.slice(0, innermost.at))?.[1]?.trim();
    const ownerCol = head.contentCol;
    const basePath = blockPath(file, position.line, ownerCol, head.dashes, docFirstLine);
    const path: JsonPath = ownerKey ? [...basePath, ownerKey] : basePath;
    const segment = before.slice(Math.max(before.lastIndexOf(',') + 1, innermost.at + 1));
    const colon = /^\s*([^:]+?)\s*:\s*(.*)$/.exec(segment);
    if (colon) {
      const raw = colon[2];
      const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : undefined;
      const prefix = quote ? raw.slice(1) : raw;
      const start = offset - prefix.length;
      return { kind: 'value', path: [...path, colon[1]], key: colon[1], prefix, replaceStart: start, replaceEnd: wordEnd(position.character), quote, inFlow: true, newItem: false, column: ownerCol, offset };
    }
    const prefix = segment.trimStart();
    return { kind: 'key', path, prefix, replaceStart: offset - prefix.length, replaceEnd: wordEnd(position.character), inFlow: true, newItem: false, column: ownerCol, offset };
  }
  if (innermost?.char === '[') return undefined;

  // Block context.
  if (shape.key !== undefined && before.slice(shape.contentCol).includes(':')) {
    const afterColon = before.slice(before.indexOf(':', shape.contentCol) + 1);
    if (afterColon !== '' && !/^\s/.test(afterColon)) return undefined; // `a:b` is a plain scalar, not a key
    const raw = afterColon.trimStart();
    const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : undefined;
    const prefix = quote ? raw.slice(1) : raw;
    const path = [...blockPath(file, position.line, shape.contentCol, shape.dashes, docFirstLine), shape.key];
    return { kind: 'value', path, key: shape.key, prefix, replaceStart: offset - prefix.length, replaceEnd: quote ? offset + (/^[^"']*/.exec(text.slice(position.character))?.[0].length ?? 0) : wordEnd(position.character), quote, inFlow: false, newItem: false, column: shape.contentCol, offset };
  }
  // A key being typed (or an empty line / new list item).
  const typed = before.slice(shape.contentCol);
  if (/[\s]/.test(typed.trim()) && !/^[-\w.]*$/.test(typed.trim())) return undefined; // free text, not a key
  let column = shape.contentCol;
  let dashes = shape.dashes;
  if (before.trim() === '') {
    // Blank line: the cursor column decides the level.
    column = position.character;
    dashes = [];
  }
  const path = blockPath(file, position.line, column, dashes, docFirstLine);
  const prefix = typed.trim();
  return { kind: 'key', path, prefix, replaceStart: offset - prefix.length, replaceEnd: wordEnd(position.character), inFlow: false, newItem: dashes.length > 0 && prefix === '' && typed.trim() === '', column, offset };
}
