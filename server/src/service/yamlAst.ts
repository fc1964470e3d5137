/**
 * Navigation in the YAML syntax tree: from a JSON path to the node (and key) it names, and from
 * an offset to the path under it. Aliases are not followed: a position always stays in the text.
 */
import type { Node, Pair, Document } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from './yamlNodes';

export type JsonPath = (string | number)[];

export interface Located {
  /** The value node at the path (undefined when the key exists with no value). */
  node: Node | null | undefined;
  /** The pair whose value it is, when the last step was a map key. */
  pair?: Pair<unknown, unknown>;
}

export function keyName(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

export function findPair(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    const k = item.key;
    // Keys are nearly always strings: compare directly, convert only the others (same as keyName).
    if (isScalar(k) && (k.value === key || (typeof k.value !== 'string' && keyName(k) === key))) return item;
  }
  return undefined;
}

/** The node at a JSON path, or undefined when the path leaves the tree. */
export function locate(doc: Document.Parsed, path: JsonPath): Located | undefined {
  let node: unknown = doc.contents;
  let pair: Pair<unknown, unknown> | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!isSeq(node) || step >= node.items.length) return undefined;
      node = node.items[step];
      pair = undefined;
    } else {
      const found = findPair(node, step);
      if (!found) return undefined;
      pair = found;
      node = found.value;
    }
  }
  return { node: node as Node | null | undefined, pair };
}

/** `[start, end)` of a node's own text (without trailing comments). */
export function nodeSpan(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Scalar string value of a node, or undefined. */
export function scalarText(node: unknown): string | undefined {
  if (isScalar(node) && node.value !== null && node.value !== undefined) return String(node.value);
  return undefined;
}

export interface PathStep {
  path: JsonPath;
  /** Whether the offset is on the key of the last map entry (vs. its value). */
  onKey: boolean;
  /** The innermost node whose span holds the offset. */
  node: unknown;
  pair?: Pair<unknown, unknown>;
}

/**
 * The JSON path of the innermost key or value whose span holds `offset`. Used by hover and go
 * to definition on the cached tree; completion, which must work on half-typed text, adds an
 * indentation-based reading on top (see cursorContext.ts).
 */
export function pathAtOffset(doc: Document.Parsed, offset: number): PathStep | undefined {
  const path: JsonPath = [];
  let node: unknown = doc.contents;
  let pair: Pair<unknown, unknown> | undefined;
  const inside = (n: unknown, inclusiveEnd = true) => {
    const span = nodeSpan(n);
    return !!span && span[0] <= offset && (inclusiveEnd ? offset <= span[1] : offset < span[1]);
  };
  if (!inside(node)) return undefined;
  for (;;) {
    if (isMap(node)) {
      let next: Pair<unknown, unknown> | undefined;
      for (const item of node.items) {
        if (inside(item.key)) return { path: [...path, keyName(item.key) ?? ''], onKey: true, node: item.key, pair: item };
        if (inside(item.value)) { next = item; break; }
      }
      if (!next) return { path, onKey: false, node, pair };
      path.push(keyName(next.key) ?? '');
      pair = next;
      node = next.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => inside(item));
      if (index < 0) return { path, onKey: false, node, pair };
      path.push(index);
      pair = undefined;
      node = node.items[index];
    } else if (isPair(node)) {
      return { path, onKey: false, node, pair };
    } else {
      return { path, onKey: false, node: isAlias(node) ? node : node, pair };
    }
  }
}

/**
 * Where a finding about the entry at `path` goes: the key of that entry; for a list item its `id`
 * key (else its first key); for the document root its first key; for a path that does not exist,
 * the key of its nearest existing parent (spec §9: a missing key is reported on its parent).
 */
export function keySpan(doc: Document.Parsed, path: JsonPath): [number, number] | undefined {
  if (path.length === 0) {
    const contents = doc.contents;
    if (isMap(contents) && contents.items.length > 0) return nodeSpan(contents.items[0].key);
    return nodeSpan(contents) ?? [doc.range[0], doc.range[0]];
  }
  const located = locate(doc, path);
  if (!located) return keySpan(doc, path.slice(0, -1));
  if (typeof path[path.length - 1] === 'number') {
    const item = located.node;
    if (isMap(item)) {
      const idPair = item.items.find((p) => keyName(p.key) === 'id') ?? item.items[0];
      if (idPair) return nodeSpan(idPair.key);
    }
    return nodeSpan(item);
  }
  return nodeSpan(located.pair?.key) ?? nodeSpan(located.node);
}

/** The value node's span at `path`, else its key's, else the nearest existing parent's key. */
export function valueSpan(doc: Document.Parsed, path: JsonPath): [number, number] | undefined {
  const located = locate(doc, path);
  if (!located) return keySpan(doc, path);
  return nodeSpan(located.node) ?? nodeSpan(located.pair?.key) ?? keySpan(doc, path);
}

/**
 * The offset of a scalar's first character of `value` when its source text is the value itself
 * (plain, or quoted without escapes): a finding inside the string can then point at a column.
 */
export function scalarValueStart(text: string, doc: Document.Parsed, path: JsonPath, value: string): number | undefined {
  const node = locate(doc, path)?.node;
  if (!isScalar(node)) return undefined;
  const span = nodeSpan(node);
  if (!span) return undefined;
  const source = text.slice(span[0], span[1]);
  if (source === value) return span[0];
  if ((source.startsWith("'") || source.startsWith('"')) && source.slice(1, -1) === value) return span[0] + 1;
  return undefined;
}
