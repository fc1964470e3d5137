/**
 * Mechanical fixes, carried in `diagnostic.data` and turned into text edits against the current
 * text when the editor asks for code actions. A fix names a path, not offsets, so it still applies
 * after unrelated edits.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { positionAt, rangeOf, type SlaDoc, type SlaFile } from '../parse';
import { locate, nodeSpan, type JsonPath } from '../yamlAst';

export type Fix =
  /** Add `key: value` (a YAML scalar or flow text) to the mapping at `path`, creating it if needed. */
  | { title: string; kind: 'setKey'; path: JsonPath; key: string; value: string; preferred?: boolean }
  /** Add `key:` with a block of lines below it (already relative to the key's indentation). */
  | { title: string; kind: 'insertBlock'; path: JsonPath; key: string; lines: string[]; preferred?: boolean }
  /** Add several `key: value` entries to the (existing or new block) mapping at `path`. */
  | { title: string; kind: 'setKeys'; path: JsonPath; entries: [string, string][]; preferred?: boolean }
  /** Replace the scalar at `path` with `value`. */
  | { title: string; kind: 'replaceValue'; path: JsonPath; value: string; preferred?: boolean };

export function fixEdits(file: SlaFile, doc: SlaDoc, fix: Fix): TextEdit[] {
  switch (fix.kind) {
    case 'replaceValue': {
      const span = nodeSpan(locate(doc.yaml, fix.path)?.node);
      return span ? [{ range: rangeOf(file, span[0], span[1]), newText: fix.value }] : [];
    }
    case 'setKey':
      return insertEntry(file, doc, fix.path, fix.key, ` ${fix.value}`, [], true);
    case 'insertBlock':
      return insertEntry(file, doc, fix.path, fix.key, '', fix.lines, false);
    case 'setKeys': {
      const [[key, value], ...rest] = fix.entries;
      return insertEntry(file, doc, fix.path, key, ` ${value}`, [], rest.length === 0, rest.map(([k, v]) => `${k}: ${v}`));
    }
  }
}

function lineEnd(file: SlaFile, offset: number): number {
  const next = file.text.indexOf('\n', offset);
  const end = next < 0 ? file.text.length : next;
  return end > 0 && file.text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * Insert `key:<inlineValue>` (then `block` lines indented below it, then `siblings` at the key's
 * own indentation) at the end of the mapping at `path`.
 */
function insertEntry(file: SlaFile, doc: SlaDoc, path: JsonPath, key: string, inlineValue: string, block: string[], flowOk: boolean, siblings: string[] = []): TextEdit[] {
  const located = path.length ? locate(doc.yaml, path) : { node: doc.yaml.contents };
  const node = located?.node;
  if (!isMap(node)) {
    // The mapping does not exist: add it to its parent, holding the new entry.
    if (path.length === 0 || typeof path[path.length - 1] === 'number') return [];
    const parentKey = String(path[path.length - 1]);
    if (block.length === 0 && siblings.length === 0 && flowOk) return insertEntry(file, doc, path.slice(0, -1), parentKey, ` { ${key}:${inlineValue} }`, [], true);
    return insertEntry(file, doc, path.slice(0, -1), parentKey, '', [`${key}:${inlineValue}`, ...block.map((l) => `  ${l}`), ...siblings], false);
  }
  const map = node as YAMLMap;
  const span = nodeSpan(map)!;
  if (map.flow) {
    if (block.length) return []; // a block cannot go into a flow mapping
    const entries = [`${key}:${inlineValue}`, ...siblings].join(', ');
    const close = file.text.lastIndexOf('}', span[1]);
    let at = close;
    while (at > span[0] && /\s/.test(file.text[at - 1])) at--;
    const empty = map.items.length === 0;
    return [{ range: rangeOf(file, at, at), newText: `${empty ? ' ' : ', '}${entries}${empty ? ' ' : ''}` }];
  }
  const first = map.items[0];
  const firstSpan = nodeSpan(first?.key);
  const column = firstSpan ? positionAt(file, firstSpan[0]).character : 0;
  const last = map.items[map.items.length - 1];
  const lastEnd = nodeSpan(last.value)?.[1] ?? nodeSpan(last.key)?.[1] ?? span[1];
  // After the last line of the mapping's content (a trailing comment on that line stays with it).
  let end = lineEnd(file, Math.max(lastEnd - 1, 0));
  if (isScalar(last.value) && (last.value.type === 'BLOCK_LITERAL' || last.value.type === 'BLOCK_FOLDED')) end = lineEnd(file, Math.max(lastEnd - 2, 0));
  const pad = ' '.repeat(column);
  const lines = [`${pad}${key}:${inlineValue}`, ...block.map((l) => `${pad}  ${l}`), ...siblings.map((l) => `${pad}${l}`)];
  return [{ range: rangeOf(file, end, end), newText: `\n${lines.join('\n')}` }];
}
