/**
 * A fast front end for the common subset of YAML that SLA files are written in: one document of
 * block maps and block sequences, single-line plain and quoted scalars, single-line flow
 * collections and comments. It builds the same tree `yaml` would (the same node classes, values,
 * scalar types and ranges) and the plain data, in one pass over the lines, without `yaml`'s lexer,
 * CST and composer — about a fifth of the time and of the garbage on a 1 MB file.
 *
 * Anything outside the subset — several documents, directives, anchors, aliases, tags, block
 * scalars, multi-line scalars or flow collections, explicit keys, empty values, escapes other than
 * `\"` and `\\`, tabs, CRs, numbers other than decimal ones, duplicate keys, and every error — gives
 * `undefined`, and the caller parses with `yaml`. Property tests compare the two on random files and
 * edits (test/unit/fast-yaml.test.ts).
 */
import type { Document as YamlDocument, Node, Scalar as YamlScalar, YAMLMap as YamlMap, YAMLSeq as YamlSeq } from 'yaml';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from './yamlNodes';
import { PARSE_OPTIONS } from './slaFile';

type Range3 = [number, number, number];

/** Thrown inside the parser to give up; caught in `fastParseDocument`. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();
function bail(): never {
  throw UNSUPPORTED;
}

interface Built {
  node: Node;
  value: unknown;
  /** The node's end (`range[2]`). */
  end: number;
}

const KEY = /[A-Za-z_][A-Za-z0-9_.\-/]*/y;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Plain scalars that resolve to something the subset leaves to `yaml` (hex, octal, infinities, NaN, other spellings of null and booleans). */
const SPECIAL = /^(?:[-+]?0[xo]|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$|(?:Null|NULL|~|True|TRUE|False|FALSE|null|true|false)$)/;
/** Characters a plain scalar may not start with (YAML indicators). */
const INDICATOR = new Set([...'?:,[]{}#&*!|>\'"%@`-']);

/** The plain data of a plain scalar under the core schema (strings, decimal numbers, null, booleans). */
function resolvePlain(source: string): unknown {
  const c = source.charCodeAt(0);
  // Letters other than n/t/f and N/T/F, and most other starts, are plain strings at once.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (INT.test(source)) {
      if (source.length > 15) bail();
      return Number(source);
    }
    if (FLOAT.test(source)) return parseFloat(source);
    if (SPECIAL.test(source)) bail();
    return source;
  }
  if (source === 'null') return null;
  if (source === 'true') return true;
  if (source === 'false') return false;
  if (SPECIAL.test(source)) bail();
  return source;
}

function scalar(value: unknown, type: YamlScalar.Type, range: Range3): YamlScalar {
  const node = new Scalar(value);
  node.type = type;
  node.range = range;
  return node;
}

export interface FastDocument {
  yaml: YamlDocument.Parsed;
  value: unknown;
}

/**
 * Parses `text` (already in the form `yamlText` gives: no lone CRs) when it is in the subset above;
 * `undefined` when it is not (the caller parses it with `yaml`).
 */
export function fastParseDocument(text: string): FastDocument | undefined {
  if (text.length === 0 || text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new FastParser(text).parse();
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

/**
 * Whether a dash followed by `next` starts a plain scalar (`-1`, `-x`, `-.5`). A dash before a space,
 * the line's end, a flow indicator or anything else is an indicator or a `yaml` error: left to `yaml`.
 */
function plainAfterDash(next: number, onLine: boolean): boolean {
  return onLine && ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 46 || next === 95);
}

class FastParser {
  /** Content lines (not blank, not only a comment): where each starts, its first non-space character, its end (before the line break), where the next line starts, and whether a comment line comes between it and the previous content line. */
  private readonly starts: number[] = [];
  private readonly firsts: number[] = [];
  private readonly ends: number[] = [];
  private readonly nexts: number[] = [];
  private readonly commentBefore: number[] = [];
  /** The indentation of the first comment line after the last content line (-1: none). */
  private commentAfterLast = -1;
  private k = 0;

  constructor(private readonly text: string) {
    const t = text;
    let comment = -1;
    for (let s = 0; s < t.length;) {
      let e = t.indexOf('\n', s);
      const next = e === -1 ? t.length : e + 1;
      if (e === -1) e = t.length;
      let i = s;
      while (i < e && t.charCodeAt(i) === 32) i++;
      if (i === e) { s = next; continue; }
      const c = t.charCodeAt(i);
      if (c === 35 /* # */) {
        // Comment lines of one gap indented deeper than its first: yaml gives them to the node they
        // sit under, which the ranges here do not follow.
        if (comment < 0) comment = i - s;
        else if (i - s > comment) bail();
        s = next;
        continue;
      }
      if (i === s && (c === 37 /* % */ || ((c === 45 || c === 46) && (t.startsWith('---', s) || t.startsWith('...', s))))) bail();
      this.starts.push(s);
      this.firsts.push(i);
      this.ends.push(e);
      this.nexts.push(next);
      this.commentBefore.push(comment);
      comment = -1;
      s = next;
    }
    this.commentAfterLast = comment;
  }

  parse(): FastDocument {
    if (this.starts.length === 0) bail();
    const indent = this.firsts[0]! - this.starts[0]!;
    const root = this.isDash(this.firsts[0]!) ? this.blockSeq(indent, true) : this.blockMap(indent, this.firsts[0]!, true);
    if (this.k !== this.starts.length) bail(); // something left at a lower indentation than the root
    const doc = new Document(undefined, PARSE_OPTIONS) as unknown as YamlDocument.Parsed;
    doc.contents = root.node as YamlDocument.Parsed['contents'];
    doc.range = [this.starts[0]!, root.end, this.text.length]; // from the first content line's start (its indentation included)
    return { yaml: doc, value: root.value };
  }

  private indentOf(k: number): number {
    return this.firsts[k]! - this.starts[k]!;
  }

  /** A block sequence entry indicator at `at`: a dash followed by a space (a dash alone on its line is left to `yaml`). */
  private isDash(at: number): boolean {
    if (this.text.charCodeAt(at) !== 45) return false;
    const next = this.text.charCodeAt(at + 1);
    if (next === 32) return true;
    if (at + 1 >= this.ends[this.k]!) bail();
    return false;
  }

  /** The indentation of the first comment line before the current content line (or after the last one); -1 when there is none. */
  private commentIndentBefore(): number {
    return this.k < this.starts.length ? this.commentBefore[this.k]! : this.commentAfterLast;
  }

  /**
   * Where a block collection at column `indent` that ended before content line `k` ends
   * (`range[2]`): when the first comment line after it is indented at least as deep, the comment
   * lines are its own, up to the next token; a root collection leaves them to the document.
   */
  private collectionEnd(valueEnd: number, indent: number, root: boolean): number {
    if (root) return valueEnd;
    const k = this.k;
    const comment = k < this.starts.length ? this.commentBefore[k]! : this.commentAfterLast;
    if (comment < indent) return valueEnd;
    return k < this.starts.length ? this.firsts[k]! : this.text.length;
  }

  /** A block map whose first key is at `first` on the current line; its keys sit at column `indent`. */
  private blockMap(indent: number, first: number, root = false): Built {
    const map = new YAMLMap();
    const value: Record<string, unknown> = {};
    let at = first;
    let last = 0;
    for (;;) {
      const line = this.k;
      const lineEnd = this.ends[line]!;
      const t = this.text;
      KEY.lastIndex = at;
      if (!KEY.test(t)) bail();
      const keyEnd = KEY.lastIndex;
      if (t.charCodeAt(keyEnd) !== 58 /* : */) bail();
      const keyText = t.slice(at, keyEnd);
      const afterColon = keyEnd + 1;
      if (afterColon < lineEnd && t.charCodeAt(afterColon) !== 32) bail();
      const keyValue = resolvePlain(keyText);
      if (typeof keyValue !== 'string' || keyText === '__proto__' || Object.prototype.hasOwnProperty.call(value, keyText)) bail();
      const key = scalar(keyValue, 'PLAIN', [at, keyEnd, keyEnd]);
      let p = afterColon;
      while (p < lineEnd && t.charCodeAt(p) === 32) p++;
      let built: Built;
      if (p === lineEnd || t.charCodeAt(p) === 35 /* # */) {
        // The value is a block collection on the following lines.
        this.k++;
        if (this.k >= this.starts.length) bail();
        const nextIndent = this.indentOf(this.k);
        const nextFirst = this.firsts[this.k]!;
        if (nextIndent > indent) built = this.isDash(nextFirst) ? this.blockSeq(nextIndent) : this.blockMap(nextIndent, nextFirst);
        else if (nextIndent === indent && this.isDash(nextFirst)) built = this.blockSeq(nextIndent, false, true);
        else bail(); // an empty value
      } else {
        built = this.inlineValue(p, lineEnd, this.nexts[line]!);
        this.k++;
        if (this.commentIndentBefore() > indent) bail(); // a comment indented under the value: yaml gives it to the value
      }
      map.items.push(new Pair(key, built.node));
      value[keyText] = built.value;
      last = built.end;
      if (this.k >= this.starts.length) break;
      const nextIndent = this.indentOf(this.k);
      if (nextIndent < indent) break;
      if (nextIndent > indent) bail();
      at = this.firsts[this.k]!;
      if (this.isDash(at)) bail(); // a sequence at the keys' column after an inline value
    }
    map.range = [first, last, this.collectionEnd(last, indent, root)];
    return { node: map, value, end: map.range[2] };
  }

  /**
   * A block sequence whose dashes sit at column `indent`, starting on the current line;
   * `atKeyColumn`: the value of a key at that same column.
   */
  private blockSeq(indent: number, root = false, atKeyColumn = false): Built {
    const seq = new YAMLSeq();
    const value: unknown[] = [];
    const start = this.firsts[this.k]!;
    let last = 0;
    const t = this.text;
    for (;;) {
      const line = this.k;
      const lineEnd = this.ends[line]!;
      let p = this.firsts[line]! + 2;
      while (p < lineEnd && t.charCodeAt(p) === 32) p++;
      if (p === lineEnd || t.charCodeAt(p) === 35) bail(); // an item below its dash
      let built: Built;
      if (this.isDash(p)) bail(); // a sequence in a sequence on one line
      KEY.lastIndex = p;
      if (KEY.test(t) && t.charCodeAt(KEY.lastIndex) === 58 && (KEY.lastIndex + 1 === lineEnd || t.charCodeAt(KEY.lastIndex + 1) === 32)) {
        built = this.blockMap(p - this.starts[line]!, p);
      } else {
        built = this.inlineValue(p, lineEnd, this.nexts[line]!);
        this.k++;
        if (this.commentIndentBefore() > indent) bail();
      }
      seq.items.push(built.node);
      value.push(built.value);
      last = built.end;
      if (this.k >= this.starts.length) break;
      const nextIndent = this.indentOf(this.k);
      if (nextIndent < indent) break;
      if (nextIndent > indent) bail();
      if (!this.isDash(this.firsts[this.k]!)) break; // a key of the map this sequence is the value of
    }
    // A comment after a sequence at its key's column, left of where its items' content starts: yaml
    // leaves it out of the sequence (the adversary's fuzz: at or left of the dashes, or at the end of
    // the file), which the ranges here do not follow.
    if (atKeyColumn) { const c = this.commentIndentBefore(); if (c >= 0 && c < indent + 2) bail(); }
    seq.range = [start, last, this.collectionEnd(last, indent, root)];
    return { node: seq, value, end: seq.range[2] };
  }

  /** A value that fills the rest of its line from `p` (a trailing comment allowed); it ends at `nodeEnd`, the next line's start. */
  private inlineValue(p: number, lineEnd: number, nodeEnd: number): Built {
    const t = this.text;
    const c = t.charCodeAt(p);
    let built: Built;
    let after: number;
    if (c === 34 || c === 39) {
      const q = this.quoted(p, lineEnd);
      after = q.close;
      built = { node: scalar(q.value, c === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', [p, after, nodeEnd]), value: q.value, end: nodeEnd };
    } else if (c === 91 || c === 123) {
      const f = this.flow(p, lineEnd);
      after = f.close;
      f.node.range = [p, after, nodeEnd];
      built = { node: f.node, value: f.value, end: nodeEnd };
    } else {
      if (INDICATOR.has(t[p]!)) {
        if (c !== 45 || !plainAfterDash(t.charCodeAt(p + 1), p + 1 < lineEnd)) bail(); // "-1" is a number; "- " and a lone "-" are not values here
      }
      let e = p;
      // A plain scalar ends at " #" or the line's end; ": " inside it would make it a key.
      for (; e < lineEnd; e++) {
        const ch = t.charCodeAt(e);
        if (ch === 32 && t.charCodeAt(e + 1) === 35) break;
        if (ch === 58 && (e + 1 === lineEnd || t.charCodeAt(e + 1) === 32)) bail();
      }
      while (e > p && t.charCodeAt(e - 1) === 32) e--;
      const source = t.slice(p, e);
      const value = resolvePlain(source);
      after = e;
      built = { node: scalar(value, 'PLAIN', [p, e, nodeEnd]), value, end: nodeEnd };
    }
    this.rest(after, lineEnd);
    return built;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private rest(at: number, lineEnd: number): void {
    const t = this.text;
    let i = at;
    while (i < lineEnd && t.charCodeAt(i) === 32) i++;
    if (i < lineEnd && !(t.charCodeAt(i) === 35 && i > at)) bail();
  }

  /** A quoted scalar opening at `p` and closing on the same line: its value and the offset after the closing quote. */
  private quoted(p: number, lineEnd: number): { value: string; close: number } {
    const t = this.text;
    const quote = t.charCodeAt(p);
    let out = '';
    let from = p + 1;
    for (let i = p + 1; i < lineEnd; i++) {
      const ch = t.charCodeAt(i);
      if (quote === 39) {
        if (ch === 39) {
          if (t.charCodeAt(i + 1) === 39 && i + 1 < lineEnd) { out += t.slice(from, i + 1); i++; from = i + 1; continue; }
          return { value: out + t.slice(from, i), close: i + 1 };
        }
      } else if (ch === 92 /* \ */) {
        const next = t.charCodeAt(i + 1);
        if ((next !== 34 && next !== 92) || i + 1 >= lineEnd) bail();
        out += t.slice(from, i) + t[i + 1];
        i++;
        from = i + 1;
      } else if (ch === 34) {
        return { value: out + t.slice(from, i), close: i + 1 };
      }
    }
    return bail(); // not closed on this line
  }

  /** A flow collection opening at `p` and closing on the same line. */
  private flow(p: number, lineEnd: number): { node: YamlMap | YamlSeq; value: unknown; close: number } {
    const t = this.text;
    const isMap = t.charCodeAt(p) === 123;
    const closer = isMap ? 125 : 93;
    const node = isMap ? new YAMLMap() : new YAMLSeq();
    node.flow = true;
    const value: Record<string, unknown> | unknown[] = isMap ? {} : [];
    let i = p + 1;
    const skip = () => { while (i < lineEnd && t.charCodeAt(i) === 32) i++; };
    skip();
    if (t.charCodeAt(i) === closer) return { node, value, close: i + 1 };
    for (;;) {
      if (i >= lineEnd) bail();
      let keyText: string | undefined;
      let key: YamlScalar | undefined;
      if (isMap) {
        KEY.lastIndex = i;
        if (!KEY.test(t)) bail();
        const keyEnd = KEY.lastIndex;
        if (t.charCodeAt(keyEnd) !== 58 || t.charCodeAt(keyEnd + 1) !== 32) bail();
        keyText = t.slice(i, keyEnd);
        const keyValue = resolvePlain(keyText);
        if (typeof keyValue !== 'string' || keyText === '__proto__' || Object.prototype.hasOwnProperty.call(value, keyText)) bail();
        key = scalar(keyValue, 'PLAIN', [i, keyEnd, keyEnd]);
        i = keyEnd + 1;
        skip();
      }
      const start = i;
      const c = t.charCodeAt(i);
      let itemNode: Node;
      let itemValue: unknown;
      let valueEnd: number;
      if (c === 34 || c === 39) {
        const q = this.quoted(i, lineEnd);
        valueEnd = q.close;
        itemValue = q.value;
        itemNode = scalar(q.value, c === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', [start, valueEnd, valueEnd]);
      } else if (c === 91 || c === 123) {
        const f = this.flow(i, lineEnd);
        valueEnd = f.close;
        itemValue = f.value;
        itemNode = f.node;
        itemNode.range = [start, valueEnd, valueEnd];
      } else {
        if (INDICATOR.has(t[i]!) && (c !== 45 || !plainAfterDash(t.charCodeAt(i + 1), i + 1 < lineEnd))) bail();
        let e = i;
        for (; e < lineEnd; e++) {
          const ch = t.charCodeAt(e);
          if (ch === 44 || ch === 93 || ch === 125) break;
          if (ch === 91 || ch === 123 || (ch === 35 && t.charCodeAt(e - 1) === 32)) bail();
          // ':' inside a flow plain scalar (`02:00:00Z`) only before a character that cannot follow a key's colon.
          if (ch === 58) {
            const next = t.charCodeAt(e + 1);
            if (e + 1 >= lineEnd || next === 32 || next === 44 || next === 91 || next === 93 || next === 123 || next === 125) bail();
          }
        }
        while (e > i && t.charCodeAt(e - 1) === 32) e--;
        if (e === i) bail();
        const source = t.slice(i, e);
        valueEnd = e;
        itemValue = resolvePlain(source);
        itemNode = scalar(itemValue, 'PLAIN', [start, e, e]);
      }
      i = valueEnd;
      skip();
      // A value's node runs to the next indicator (spaces before it included).
      itemNode.range![2] = i;
      if (key) {
        (node as YamlMap).items.push(new Pair(key, itemNode));
        (value as Record<string, unknown>)[keyText!] = itemValue;
      } else {
        (node as YamlSeq).items.push(itemNode);
        (value as unknown[]).push(itemValue);
      }
      const ch = t.charCodeAt(i);
      if (ch === closer) return { node, value, close: i + 1 };
      if (ch !== 44) bail();
      i++;
      skip();
      if (t.charCodeAt(i) === closer || t.charCodeAt(i) === 44) bail(); // a trailing or doubled comma
    }
  }
}
