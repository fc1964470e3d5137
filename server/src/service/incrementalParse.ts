/**
 * Incremental re-parsing: after an edit, parse only the part of the file that changed.
 *
 * A keystroke changes one line of one objective, but parsing a 2,000-objective file (1 MB) takes
 * ~0.3–0.5 s — that is the whole cost of validation. So when the changed text lies inside one item
 * of a top-level block sequence (an objective, an exclusion, …) or inside one top-level key, that
 * unit alone — whole lines, from its first line to the next unit's — is parsed on its own with the
 * same options, and its node is spliced into the previous tree; every position after it moves by
 * the length difference. The result equals a full parse (same plain data, same node ranges — tested
 * against full parses of random edits), except where comments attach, which nothing reads.
 *
 * Whenever that equivalence is not certain the answer is `undefined` and the caller parses the whole
 * file: errors or warnings anywhere in the document (or, for an edit that moves them, in a later
 * one), anchors, aliases, tags or directives, flow
 * collections at the unit's level, a unit that no longer parses to exactly one item or the same key,
 * multi-line edits that cross units, and anything else unusual.
 *
 * The previous `SlaFile` is updated in place (its unchanged subtrees are re-used, not copied) and
 * must not be used afterwards: the parse cache holds the latest version of each document only.
 */
import { parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from './yamlNodes';
import { fastParseDocument } from './fastYaml';
import { MAX_ALIAS_COUNT, PARSE_OPTIONS, nestingBeyond, type SlaDoc, type SlaFile } from './slaFile';

type Range3 = [number, number, number];

/** Text features after which only a full parse is trustworthy (anchors, aliases, tags, directives, tabs, flow-context braces at a line start, and lone CR line breaks, which the full parse reads as LF: see `yamlText` in parse.ts). */
const UNSAFE = /(^|[\s[{,])[&*!][^\s]|^%|\t|\r(?!\n)/m;

export function isIncrementalSafe(text: string): boolean {
  return !UNSAFE.test(text);
}

export function reparseIncrementally(prev: SlaFile, version: number, text: string): SlaFile | undefined {
  if (!prev.incrementalSafe) return undefined;
  const old = prev.text;
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  const oldEditEnd = old.length - suffix;
  const delta = text.length - old.length;
  if (prefix === old.length && delta === 0) return undefined; // same text: nothing to splice

  // The one document holding the edit; it must be clean.
  const docIndex = prev.docs.findIndex((d) => d.start <= prefix && oldEditEnd < d.end);
  const doc = prev.docs[docIndex];
  if (!doc || doc.valueError !== undefined || doc.yaml.errors.length || doc.yaml.warnings.length) return undefined;
  // The documents after it move by `delta`, and their errors and warnings hold offsets the splice
  // does not shift: a full parse places them.
  if (delta !== 0 && prev.docs.some((d, i) => i > docIndex && (d.valueError !== undefined || d.yaml.errors.length || d.yaml.warnings.length))) return undefined;
  const root = doc.yaml.contents;
  if (!isMap(root) || root.flow || !isPlainObject(doc.value)) return undefined;

  const unit = findUnit(prev, root, prefix, oldEditEnd);
  if (!unit) return undefined;
  const snippetText = text.slice(unit.start, unit.end + delta);
  // Anchors & co., and nesting the full parse would refuse (it says so; see MAX_NESTING).
  if (!isIncrementalSafe(snippetText) || nestingBeyond(snippetText) >= 0) return undefined;
  // The fast front end reads most units (and gives their plain data); `yaml` the rest.
  const fast = fastParseDocument(snippetText);
  const snippet = fast?.yaml ?? parseDocument(snippetText, PARSE_OPTIONS);
  if (snippet.errors.length || snippet.warnings.length) return undefined;
  const replacement = unit.kind === 'item' ? singleItem(snippet, snippetText, unit.indent) : samePair(snippet, unit.key);
  if (!replacement) return undefined;
  let replacementValue: unknown;
  if (fast) {
    replacementValue = unit.kind === 'item' ? (fast.value as unknown[])[0] : (fast.value as Record<string, unknown>)[unit.key];
  } else {
    try {
      const node = unit.kind === 'item' ? (replacement as Node) : ((replacement as Pair).value as Node | null);
      replacementValue = node ? node.toJS(snippet, { maxAliasCount: MAX_ALIAS_COUNT }) : null;
    } catch {
      return undefined;
    }
  }
  // Boundaries of the ancestors (document, root map, sequence) that fall inside the unit — the dash
  // of a first item, the end of a last one — are the boundaries of the unit parsed on its own: map
  // them through the old unit's snippet onto the new one's, or give up if one does not match.
  const oldText = prev.text.slice(unit.start, unit.end);
  const oldSnippet = fastParseDocument(oldText)?.yaml ?? parseDocument(oldText, PARSE_OPTIONS);
  const oldReplacement = unit.kind === 'item' ? singleItem(oldSnippet, prev.text.slice(unit.start, unit.end), unit.indent) : samePair(oldSnippet, unit.key);
  if (!oldReplacement) return undefined;
  const pairs: Array<[Range3 | undefined, Range3 | undefined]> = [
    [spanOf(oldReplacement), spanOf(replacement)],
    [(oldSnippet.contents as Node | null)?.range as Range3 | undefined, (snippet.contents as Node | null)?.range as Range3 | undefined],
    [oldSnippet.range as Range3, snippet.range as Range3],
  ];
  const mapInside = (offset: number): number | undefined => {
    for (const [from, to] of pairs) {
      if (!from || !to) continue;
      for (let j = 0; j < 3; j++) if (unit.start + from[j]! === offset) return unit.start + to[j]!;
    }
    return undefined;
  };
  const ancestors = [doc.yaml.range as Range3, root.range as Range3, ...(unit.kind === 'item' ? [unit.seq.range as Range3] : [])];
  for (const range of ancestors) {
    for (const v of range ?? []) if (v >= unit.start && v < unit.end && mapInside(v) === undefined) return undefined;
  }

  // Commit: shift everything after the unit, map the ancestors' boundaries inside it, splice.
  // (Every node has its own range array — the equivalence tests would see a shared one shifted twice.)
  const shiftAfter = (range: Range3 | undefined | null) => {
    if (!range) return;
    for (let j = 0; j < 3; j++) {
      if (range[j]! >= unit.end) range[j]! += delta;
      else if (range[j]! >= unit.start) range[j] = mapInside(range[j]!) ?? range[j]!;
    }
  };
  // An edit that keeps the length moves nothing after the unit: those subtrees are not walked.
  shiftTree(doc.yaml.contents, shiftAfter, unit.node, unit.start, delta === 0 ? unit.end : Infinity);
  shiftAfter(doc.yaml.range as Range3);
  offsetTree(replacement as Node, unit.start);
  if (unit.kind === 'item') {
    unit.seq.items[unit.index] = replacement;
  } else {
    (root.items as Pair[])[unit.index] = replacement as Pair;
  }
  for (let i = docIndex + 1; i < prev.docs.length; i++) {
    const later = prev.docs[i]!;
    if (delta !== 0) shiftTree(later.yaml.contents, shiftAfter);
    shiftAfter(later.yaml.range as Range3);
  }

  // The plain data: a new root object and a new array for an item, so that caches keyed by the
  // identity of unchanged objectives stay valid and the changed one is seen as new.
  const value = { ...(doc.value as Record<string, unknown>) };
  if (unit.kind === 'item') {
    const list = value[unit.key];
    if (!Array.isArray(list) || list.length !== unit.seq.items.length) return undefined;
    const copy = list.slice();
    copy[unit.index] = replacementValue;
    value[unit.key] = copy;
  } else {
    value[unit.key] = replacementValue;
  }

  const docs: SlaDoc[] = prev.docs.map((d, i) => {
    if (i < docIndex) return d;
    const [start, , end] = d.yaml.range;
    return i === docIndex ? { ...d, value, start, end } : { ...d, start, end };
  });
  return { uri: prev.uri, version, text, lineStarts: spliceLineStarts(prev, text, unit.start, unit.end, delta), docs, incrementalSafe: true };
}

/** Length of the common prefix; whole 4 KB blocks are compared natively first. */
function commonPrefix(a: string, b: string): number {
  const min = Math.min(a.length, b.length);
  let i = 0;
  for (const block of [65536, 4096, 256]) {
    while (i + block <= min && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  while (i < min && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix, at most `max` (so that it does not overlap the prefix). */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  for (const block of [65536, 4096, 256]) {
    while (n + block <= max && a.slice(a.length - n - block, a.length - n) === b.slice(b.length - n - block, b.length - n)) n += block;
  }
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** Line starts of the new text: the old ones before the unit, re-scanned inside it, shifted after it. */
function spliceLineStarts(prev: SlaFile, text: string, start: number, end: number, delta: number): number[] {
  const old = prev.lineStarts;
  let low = 0;
  let high = old.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (old[mid]! <= start) low = mid + 1;
    else high = mid;
  }
  const starts = old.slice(0, low);
  const newEnd = end + delta;
  const last = end === prev.text.length;
  for (let i = text.indexOf('\n', start); i !== -1 && i < newEnd; i = text.indexOf('\n', i + 1)) {
    if (i + 1 < newEnd || last) starts.push(i + 1);
  }
  if (!last) {
    let k = low;
    while (k < old.length && old[k]! < end) k++;
    for (; k < old.length; k++) starts.push(old[k]! + delta);
  }
  return starts;
}

interface ItemUnit { kind: 'item'; start: number; end: number; node: Node; seq: YAMLSeq; index: number; key: string; indent: number }
interface PairUnit { kind: 'pair'; start: number; end: number; node: Pair; index: number; key: string }
type Unit = ItemUnit | PairUnit;

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The smallest unit (whole lines) that holds the edit `[from, to)` of the old text. */
function findUnit(prev: SlaFile, root: YAMLMap, from: number, to: number): Unit | undefined {
  const text = prev.text;
  const pairs = root.items;
  for (let k = 0; k < pairs.length; k++) {
    const pair = pairs[k]!;
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) return undefined;
    const pairStart = pair.key.range[0];
    if (lineStartOf(text, pairStart) !== pairStart) return undefined; // the root map is indented
    const next = pairs[k + 1];
    const pairEnd = next ? (isScalar(next.key) && next.key.range ? lineStartOf(text, next.key.range[0]) : -1) : -1;
    if (pairEnd === -1 && next) return undefined;
    // The last key runs to the end of the document's contents; only a single-document file is simple there.
    const end = pairEnd === -1 ? (prev.docs.length === 1 && !/^(---|\.\.\.)/m.test(text.slice(pairStart)) ? text.length : -1) : pairEnd;
    if (end === -1) return undefined;
    if (from < pairStart) return undefined; // before the first key (header comments): full parse
    if (to >= end) continue;
    const key = pair.key.value;
    const value = pair.value;
    if (isSeq(value) && !value.flow && value.items.length) {
      const items = value.items as Node[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        if (!item?.range) return undefined;
        const dashLine = lineStartOf(text, item.range[0]);
        const lead = /^( *)- +$/.exec(text.slice(dashLine, item.range[0]));
        if (!lead) return undefined; // an item that starts below its dash, or unusual layout
        const nextItem = items[i + 1];
        const itemEnd = nextItem?.range ? lineStartOf(text, nextItem.range[0]) : end;
        if (from >= dashLine && to < itemEnd) {
          if (item.range[2] > itemEnd) return undefined;
          return { kind: 'item', start: dashLine, end: itemEnd, node: item, seq: value, index: i, key, indent: lead[1]!.length };
        }
        if (from < dashLine && i === 0) break; // on the key's line or between the key and the first item
      }
    }
    if (isPair(pair) && pair.value && (pair.value as Node).range && (pair.value as Node).range![2] > end) return undefined;
    return { kind: 'pair', start: pairStart, end, node: pair as Pair, index: k, key };
  }
  return undefined;
}

/** The snippet of an item unit must be a block sequence of exactly one item at the same indentation. */
function singleItem(snippet: Document.Parsed, source: string, indent: number): Node | undefined {
  const seq = snippet.contents;
  if (!isSeq(seq) || seq.flow || seq.items.length !== 1) return undefined;
  const item = seq.items[0] as Node | null;
  if (!item?.range) return undefined;
  const lead = /^( *)- +$/.exec(source.slice(lineStartOf(source, item.range[0]), item.range[0]));
  if (!lead || lead[1]!.length !== indent) return undefined;
  return item;
}

/** The snippet of a key unit must be a block map of exactly that one key, at its start. */
function samePair(snippet: Document.Parsed, key: string): Pair | undefined {
  const map = snippet.contents;
  if (!isMap(map) || map.flow || map.items.length !== 1) return undefined;
  const pair = map.items[0]!;
  if (!isScalar(pair.key) || pair.key.value !== key || pair.key.range?.[0] !== 0) return undefined;
  return pair as Pair;
}

/** A node's range, or for a pair the span from its key to the end of its value. */
function spanOf(unit: Node | Pair): Range3 | undefined {
  if (!isPair(unit)) return (unit as Node).range as Range3 | undefined;
  const key = unit.key as Node | null;
  const value = unit.value as Node | null;
  if (!key?.range) return undefined;
  return [key.range[0], value?.range?.[1] ?? key.range[1], value?.range?.[2] ?? key.range[2]];
}

/**
 * Calls `shift` on the range of every node under `node`, skipping the subtree `skip`, every subtree
 * that ends before `from` and every subtree that starts at or after `unchangedFrom` (nothing in
 * them moves).
 */
function shiftTree(node: unknown, shift: (range: Range3 | undefined) => void, skip?: unknown, from = -1, unchangedFrom = Infinity): void {
  if (!node || node === skip) return;
  if (isPair(node)) {
    shiftTree(node.key, shift, skip, from, unchangedFrom);
    shiftTree(node.value, shift, skip, from, unchangedFrom);
    return;
  }
  const n = node as { range?: Range3; items?: unknown[] };
  if (n.range && (n.range[2] < from || n.range[0] >= unchangedFrom)) return;
  shift(n.range);
  if (Array.isArray(n.items)) for (const item of n.items) shiftTree(item, shift, skip, from, unchangedFrom);
}

/** Moves a snippet's subtree to where the snippet sits in the file. */
function offsetTree(node: unknown, by: number): void {
  shiftTree(node, (range) => {
    if (!range) return;
    range[0] += by;
    range[1] += by;
    range[2] += by;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
