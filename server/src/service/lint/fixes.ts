/**
 * Mechanical fixes, carried in `diagnostic.data` and turned into text edits against the current
 * text when the editor asks for code actions. A fix names a path, not offsets, so it still applies
 * after unrelated edits.
 *
 * Every fix must leave the text valid YAML: entries go into block mappings as lines at the
 * mapping's indentation and into flow mappings before the closing brace; a missing mapping is
 * created in its parent, and a key that exists without a value (`measurement:`) gets the new
 * mapping as its value instead of a second, duplicate key.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { isMap, isScalar, isSeq } from '../yamlNodes';
import { eolOf as textEol, lineEndAt, lineStartAt, positionAt, rangeOf, type SlaDoc, type SlaFile } from '../parse';
import { locate, nodeSpan, type JsonPath } from '../yamlAst';

/** One `key: value` entry to add. */
export interface FixEntry {
  key: string;
  /** The value as one line of YAML (a scalar or flow text); required to go into a flow mapping. */
  value?: string;
  /** The value as lines below the key (relative to the key's indentation); preferred in block mappings. */
  block?: string[];
}

export type Fix =
  /** Add `key: value` (a YAML scalar or flow text) to the mapping at `path`, creating it if needed. */
  | { title: string; kind: 'setKey'; path: JsonPath; key: string; value: string; preferred?: boolean }
  /**
   * Add `key:` with a block of lines below it (already relative to the key's indentation); in a
   * flow mapping `flow` (one line of flow YAML) is written instead, and without it no edit is made.
   */
  | { title: string; kind: 'insertBlock'; path: JsonPath; key: string; lines: string[]; flow?: string; preferred?: boolean }
  /** Add several `key: value` entries to the (existing or new block) mapping at `path`. */
  | { title: string; kind: 'setKeys'; path: JsonPath; entries: [string, string][]; preferred?: boolean }
  /** Add several entries, each inline or as a block, to the (existing or new) mapping at `path`. */
  | { title: string; kind: 'setEntries'; path: JsonPath; entries: FixEntry[]; preferred?: boolean }
  /** Append `item` (one line of YAML) to the sequence at `path`; `comment` follows it in a block sequence. */
  | { title: string; kind: 'appendItem'; path: JsonPath; item: string; comment?: string; preferred?: boolean }
  /** Replace the scalar at `path` with `value`. */
  | { title: string; kind: 'replaceValue'; path: JsonPath; value: string; preferred?: boolean }
  /**
   * Replace `expect`, found at `offset` characters into the source of the scalar at `path`, with
   * `value` (a number inside a description); no edit when the text there is no longer `expect`.
   */
  | { title: string; kind: 'replaceInValue'; path: JsonPath; offset: number; expect: string; value: string; preferred?: boolean }
  /** Rename the key `from` of the mapping at `path` to `to` (its value stays). */
  | { title: string; kind: 'renameKey'; path: JsonPath; from: string; to: string; preferred?: boolean }
  /**
   * Create the metric file `file` (relative to the SLA's folder, linked at `path`) holding `contents`:
   * not a text edit of the SLA, so fixEdits gives none; see createMetricFile.ts.
   */
  | { title: string; kind: 'createFile'; path: JsonPath; file: string; contents: string; preferred?: boolean };

export function fixEdits(file: SlaFile, doc: SlaDoc, fix: Fix): TextEdit[] {
  switch (fix.kind) {
    case 'replaceValue': {
      const span = nodeSpan(locate(doc.yaml, fix.path)?.node);
      return span ? [{ range: rangeOf(file, span[0], span[1]), newText: fix.value }] : [];
    }
    case 'replaceInValue': {
      const span = nodeSpan(locate(doc.yaml, fix.path)?.node);
      if (!span) return [];
      const start = span[0] + fix.offset;
      if (start + fix.expect.length > span[1] || file.text.slice(start, start + fix.expect.length) !== fix.expect) return [];
      return [{ range: rangeOf(file, start, start + fix.expect.length), newText: fix.value }];
    }
    case 'renameKey': {
      const span = nodeSpan(locate(doc.yaml, [...fix.path, fix.from])?.pair?.key);
      return span ? [{ range: rangeOf(file, span[0], span[1]), newText: fix.to }] : [];
    }
    case 'setKey':
      return insertEntries(file, doc, fix.path, [{ key: fix.key, value: fix.value }]);
    case 'insertBlock':
      return insertEntries(file, doc, fix.path, [{ key: fix.key, block: fix.lines, value: fix.flow }]);
    case 'setKeys':
      return insertEntries(file, doc, fix.path, fix.entries.map(([key, value]) => ({ key, value })));
    case 'setEntries':
      return insertEntries(file, doc, fix.path, fix.entries);
    case 'appendItem':
      return appendItem(file, doc, fix.path, fix.item, fix.comment);
    case 'createFile':
      return [];
  }
}

/** The file's own line break (CRLF, a lone CR or LF), so that a fix does not mix them. */
const eolOf = (file: SlaFile) => textEol(file.text);

/** Where the line holding `offset` ends, before its line break (\n, \r\n or a lone \r). */
function lineEnd(file: SlaFile, offset: number): number {
  return lineEndAt(file.text, offset);
}

/** The entry's lines relative to its key (block form when it has one). */
function relativeLines(entry: FixEntry): string[] {
  return entry.block ? [`${entry.key}:`, ...entry.block.map((l) => `  ${l}`)] : [`${entry.key}: ${entry.value}`];
}

const inline = (entries: FixEntry[]) => entries.map((e) => `${e.key}: ${e.value}`).join(', ');

/** The entries as the value of a new (or empty) mapping: flow when one inline entry, else block. */
function asMappingValue(entries: FixEntry[]): { value?: string; block?: string[] } {
  const allInline = entries.every((e) => e.value !== undefined);
  if (entries.length === 1 && !entries[0].block && allInline) return { value: `{ ${inline(entries)} }` };
  return { block: entries.flatMap(relativeLines), value: allInline ? `{ ${inline(entries)} }` : undefined };
}

/** A key with no value (`measurement:` or `measurement: ~`). */
function isEmptyValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** Add `entries` at the end of the mapping at `path`, creating the mapping if it does not exist. */
function insertEntries(file: SlaFile, doc: SlaDoc, path: JsonPath, entries: FixEntry[]): TextEdit[] {
  if (entries.length === 0) return [];
  const located = path.length ? locate(doc.yaml, path) : { node: doc.yaml.contents };
  const node = located?.node;
  if (isMap(node)) {
    // A key that is already there: fill it when it has no value, never write it twice.
    const present = entries.filter((e) => node.has(e.key));
    if (present.some((e) => !isEmptyValue(node.get(e.key, true)))) return [];
    const filled = present.flatMap((e) => fillEmptyValue(file, doc, [...path, e.key], e));
    if (filled.length < present.length) return [];
    const rest = entries.filter((e) => !present.includes(e));
    if (rest.length === 0) return filled;
    const added = node.flow ? intoFlowMap(file, node, rest) : intoBlockMap(file, node, rest);
    return added.length ? [...filled, ...added] : [];
  }
  if (path.length === 0 || typeof path[path.length - 1] === 'number') return [];
  const parentKey = String(path[path.length - 1]);
  const value = asMappingValue(entries);
  if (located?.pair) {
    // The key is there without a value: give it one (a second key would be a duplicate).
    return isEmptyValue(node) ? fillEmptyValue(file, doc, path, value) : [];
  }
  // The mapping does not exist: add it to its parent, holding the new entries.
  return insertEntries(file, doc, path.slice(0, -1), [{ key: parentKey, ...value }]);
}

function intoFlowMap(file: SlaFile, map: YAMLMap, entries: FixEntry[]): TextEdit[] {
  if (entries.some((e) => e.value === undefined)) return []; // a block cannot go into a flow mapping
  const text = inline(entries);
  const last = map.items[map.items.length - 1];
  if (!last) {
    const open = nodeSpan(map)![0];
    return [{ range: rangeOf(file, open + 1, open + 1), newText: ` ${text} ` }];
  }
  // Right after the last entry's value: before a trailing comma, a comment or the closing brace.
  const at = nodeSpan(last.value)?.[1] ?? nodeSpan(last.key)![1];
  return [{ range: rangeOf(file, at, at), newText: `, ${text}` }];
}

function intoBlockMap(file: SlaFile, map: YAMLMap, entries: FixEntry[]): TextEdit[] {
  const first = map.items[0];
  const firstSpan = nodeSpan(first?.key);
  const column = firstSpan ? positionAt(file, firstSpan[0]).character : 0;
  const last = map.items[map.items.length - 1];
  const span = nodeSpan(map)!;
  const lastEnd = nodeSpan(last?.value)?.[1] ?? nodeSpan(last?.key)?.[1] ?? span[1];
  // After the last line of the mapping's content (a trailing comment on that line stays with it).
  let end = lineEnd(file, Math.max(lastEnd - 1, 0));
  if (isScalar(last?.value) && (last.value.type === 'BLOCK_LITERAL' || last.value.type === 'BLOCK_FOLDED')) end = lineEnd(file, Math.max(lastEnd - 2, 0));
  const pad = ' '.repeat(column);
  const eol = eolOf(file);
  const lines = entries.flatMap(relativeLines).map((l) => `${pad}${l}`);
  return [{ range: rangeOf(file, end, end), newText: `${eol}${lines.join(eol)}` }];
}

/** Write `value` after the colon of the value-less key at `path`. */
function fillEmptyValue(file: SlaFile, doc: SlaDoc, path: JsonPath, value: { value?: string; block?: string[] }): TextEdit[] {
  const located = locate(doc.yaml, path)!;
  const keySpan = nodeSpan(located.pair!.key);
  if (!keySpan) return [];
  const colon = file.text.indexOf(':', keySpan[1]);
  if (colon < 0) return [];
  const valueSpan = nodeSpan(located.node);
  const end = valueSpan && valueSpan[0] > colon && /^\s*(~|null|Null|NULL)?$/.test(file.text.slice(colon + 1, valueSpan[1])) ? valueSpan[1] : colon + 1;
  const parent = locate(doc.yaml, path.slice(0, -1))?.node ?? (path.length === 1 ? doc.yaml.contents : undefined);
  const inFlow = isMap(parent) && parent.flow;
  if (inFlow || !value.block) {
    if (value.value === undefined) return [];
    return [{ range: rangeOf(file, colon + 1, end), newText: ` ${value.value}` }];
  }
  const eol = eolOf(file);
  const pad = ' '.repeat(positionAt(file, keySpan[0]).character + 2);
  return [{ range: rangeOf(file, colon + 1, end), newText: value.block.map((l) => `${eol}${pad}${l}`).join('') }];
}

function appendItem(file: SlaFile, doc: SlaDoc, path: JsonPath, item: string, comment?: string): TextEdit[] {
  const node = locate(doc.yaml, path)?.node as Node | undefined;
  if (!isSeq(node)) return [];
  const seq = node as YAMLSeq;
  const span = nodeSpan(seq)!;
  const last = seq.items[seq.items.length - 1];
  if (seq.flow) {
    if (!last) return [{ range: rangeOf(file, span[0] + 1, span[0] + 1), newText: ` ${item} ` }];
    const at = nodeSpan(last)![1];
    return [{ range: rangeOf(file, at, at), newText: `, ${item}` }];
  }
  const firstStart = nodeSpan(seq.items[0])?.[0] ?? span[0];
  // The dash of the first item: the last `-` before the item on its line.
  const lineStart = lineStartAt(file.text, firstStart);
  const dash = file.text.lastIndexOf('-', firstStart - 1);
  const column = dash >= lineStart ? dash - lineStart : positionAt(file, span[0]).character;
  const lastEnd = nodeSpan(last)?.[1] ?? span[1];
  const end = lineEnd(file, Math.max(lastEnd - 1, 0));
  return [{ range: rangeOf(file, end, end), newText: `${eolOf(file)}${' '.repeat(column)}- ${item}${comment ? `  # ${comment}` : ''}` }];
}
