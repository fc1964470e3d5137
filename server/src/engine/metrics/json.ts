/**
 * A validating JSON scanner for one JSON Lines record: checks that the line is exactly one JSON
 * object (RFC 8259 grammar: strings with valid escapes and no raw control characters, numbers,
 * literals, nesting up to 256 levels) and records where the wanted fields are, without building
 * objects or strings. Field names may be dotted (`a.b` is key `b` of the object under `a`); a
 * top-level key that is literally `a.b` wins over the nested path. For a duplicate key the last one
 * counts, as with JSON.parse — but a key that leads to a wanted field and appears twice in one
 * object is reported in `duplicate` (other readers take the first: the record is ambiguous).
 */
import { utf8Bytes, utf8Text } from './utf8';

export const J_MISSING = 0, J_STRING = 1, J_NUMBER = 2, J_TRUE = 3, J_FALSE = 4, J_NULL = 5, J_OBJECT = 6, J_ARRAY = 7;
const TYPE_NAMES = ['missing', 'a string', 'a number', 'true', 'false', 'null', 'an object', 'an array'];
/** `a string`, `a number`, `null`, ... for messages. */
export const jsonTypeName = (t: number): string => TYPE_NAMES[t] ?? 'unknown';

const MAX_DEPTH = 256;
const QUOTE = 34, BACKSLASH = 92;

class JsonSyntaxError {
  constructor(readonly message: string, readonly at: number) {}
}

interface Candidate { name: number; offset: number }
const NO_CANDIDATES: Candidate[] = [];

export class JsonFieldScanner {
  /** Per wanted name: the type found (J_MISSING if absent) and the value's bytes (a string's content without quotes). */
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Whether a string value contains escapes (then use `text()`). */
  readonly escaped: Uint8Array;
  /** After `scan` returned false: what is wrong. */
  error = '';
  /**
   * After `scan` returned true: '' or why the record is ambiguous — a key leading to a wanted field
   * appears twice in one object (JSON.parse keeps the last, other readers the first).
   */
  duplicate = '';

  private readonly names: Uint8Array[];
  private readonly depths: Int32Array;
  private readonly top: Candidate[];
  private b: Uint8Array = new Uint8Array(0);
  private e = 0;
  private lineStart = 0;
  private strEscaped = false;
  /** Per object depth: the wanted keys met in the current object, as (name << 20 | end in name, key offset) pairs. */
  private readonly met: Int32Array[] = [];

  constructor(names: string[]) {
    this.names = names.map((n) => utf8Bytes(n));
    const k = names.length;
    this.types = new Uint8Array(k);
    this.starts = new Int32Array(k);
    this.ends = new Int32Array(k);
    this.escaped = new Uint8Array(k);
    this.depths = new Int32Array(k);
    this.top = names.map((_, name) => ({ name, offset: 0 }));
  }

  /** Scans buf[start, end) (one line without its line break). True when it is one JSON object. */
  scan(buf: Uint8Array, start: number, end: number): boolean {
    this.b = buf;
    this.e = end;
    this.lineStart = start;
    this.duplicate = '';
    this.types.fill(0);
    try {
      let i = this.ws(start);
      if (i >= end || buf[i] !== 123) {
        // Valid JSON that is not an object, or not JSON at all?
        let j = -1, why = '';
        try { j = this.ws(this.value(i, 1)); } catch (err) {
          if (!(err instanceof JsonSyntaxError)) throw err;
          why = `${err.message} at character ${err.at - start + 1}`;
        }
        const t = buf[i] === QUOTE ? J_STRING : buf[i] === 91 ? J_ARRAY : buf[i] === 116 ? J_TRUE : buf[i] === 102 ? J_FALSE : buf[i] === 110 ? J_NULL : J_NUMBER;
        if (j === end) this.error = `not a JSON object but ${jsonTypeName(t)}`;
        else this.error = `not JSON (${why || `unexpected ${this.what(j)} at character ${j - start + 1}`})`;
        return false;
      }
      i = this.ws(this.object(i, this.top, 0));
      if (i !== end) throw new JsonSyntaxError(`unexpected ${this.what(i)} after the object`, i);
      return true;
    } catch (err) {
      if (!(err instanceof JsonSyntaxError)) throw err;
      this.error = `not a JSON object (${err.message} at character ${err.at - start + 1})`;
      return false;
    }
  }

  /** The decoded text of a string field. */
  text(k: number): string {
    const s = this.starts[k], e = this.ends[k];
    const raw = utf8Text(this.b, s, e);
    return this.escaped[k] ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private what(i: number): string {
    if (i >= this.e) return 'end of line';
    const c = this.b[i];
    return c >= 33 && c < 127 ? `\`${String.fromCharCode(c)}\`` : `byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  private ws(i: number): number {
    const b = this.b, e = this.e;
    while (i < e) {
      const c = b[i];
      if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
      i++;
    }
    return i;
  }

  private object(i: number, cands: Candidate[], depth: number): number {
    if (depth >= MAX_DEPTH) throw new JsonSyntaxError('nesting too deep', i);
    const b = this.b;
    i = this.ws(i + 1);
    if (i < this.e && b[i] === 125) return i + 1;
    let metCount = 0;
    for (;;) {
      if (i >= this.e || b[i] !== QUOTE) throw new JsonSyntaxError(`expected a key in double quotes, found ${this.what(i)}`, i);
      const keyAt = i;
      const ks = i + 1;
      i = this.string(i);
      const ke = i - 1;
      const keyEscaped = this.strEscaped;
      i = this.ws(i);
      if (i >= this.e || b[i] !== 58) throw new JsonSyntaxError(`expected \`:\`, found ${this.what(i)}`, i);
      i = this.ws(i + 1);
      let children: Candidate[] | undefined;
      // Names are distinct, so a key is the rest of at most one candidate name.
      let matched = -1;
      const klen = ke - ks;
      for (let c = 0; c < cands.length; c++) {
        const cand = cands[c];
        let r: number;
        if (keyEscaped) r = this.matchDecoded(ks, ke, cand);
        else {
          const nb = this.names[cand.name], off = cand.offset, rem = nb.length - off;
          if (rem < klen || (rem > klen && nb[off + klen] !== 46)) continue;
          r = rem === klen ? 1 : 2;
          for (let j = 0; j < klen; j++) if (b[ks + j] !== nb[off + j]) { r = 0; break; }
        }
        if (r === 0) continue;
        const keyEnd = r === 1 ? this.names[cand.name].length : cand.offset + (keyEscaped ? utf8Bytes(this.decodeKey(ks, ke)).length : klen);
        if (r === 1) matched = cand.name;
        else (children ??= []).push({ name: cand.name, offset: keyEnd + 1 });
        metCount = this.meet(depth, metCount, cand, keyEnd, keyAt);
      }
      const vs = i;
      if (children && b[i] === 123) i = this.object(i, children, depth + 1);
      else i = this.value(i, depth + 1);
      if (matched >= 0) this.record(matched, vs, i, depth, this.strEscaped);
      i = this.ws(i);
      if (i < this.e && b[i] === 44) { i = this.ws(i + 1); continue; }
      if (i < this.e && b[i] === 125) return i + 1;
      throw new JsonSyntaxError(`expected \`,\` or \`}\`, found ${this.what(i)}`, i);
    }
  }

  /**
   * Notes that the key at `keyAt` is the part of wanted name `cand.name` ending at `keyEnd`; the same
   * key met before in this object makes the record ambiguous (`duplicate`). Returns the new count.
   */
  private meet(depth: number, count: number, cand: Candidate, keyEnd: number, keyAt: number): number {
    let met = this.met[depth];
    if (!met) met = this.met[depth] = new Int32Array(16);
    const code = (cand.name << 20) | keyEnd;
    for (let j = 0; j < count; j += 2) {
      if (met[j] !== code) continue;
      if (this.duplicate === '') {
        const name = this.names[cand.name];
        const key = utf8Text(name, cand.offset, keyEnd);
        const whole = utf8Text(name);
        this.duplicate = `key \`${key}\` appears twice in one object (characters ${met[j + 1] - this.lineStart + 1} and ${keyAt - this.lineStart + 1})${key === whole ? '' : `, so \`${whole}\` is ambiguous`}: JSON.parse keeps the last, other readers the first`;
      }
      return count;
    }
    if (count + 2 > met.length) {
      const grown = new Int32Array(met.length * 2);
      grown.set(met);
      met = this.met[depth] = grown;
    }
    met[count] = code;
    met[count + 1] = keyAt;
    return count + 2;
  }

  private record(k: number, vs: number, ve: number, depth: number, strEscaped: boolean): void {
    if (this.types[k] !== J_MISSING && this.depths[k] < depth) return; // a shallower literal key wins
    const c = this.b[vs];
    let t: number;
    if (c === QUOTE) { t = J_STRING; this.starts[k] = vs + 1; this.ends[k] = ve - 1; this.escaped[k] = strEscaped ? 1 : 0; }
    else {
      t = c === 123 ? J_OBJECT : c === 91 ? J_ARRAY : c === 116 ? J_TRUE : c === 102 ? J_FALSE : c === 110 ? J_NULL : J_NUMBER;
      this.starts[k] = vs; this.ends[k] = ve; this.escaped[k] = 0;
    }
    this.types[k] = t;
    this.depths[k] = depth;
  }

  private decodeKey(ks: number, ke: number): string {
    return JSON.parse(`"${utf8Text(this.b, ks, ke)}"`) as string;
  }

  /** 1: the (escaped) key is the rest of the name; 2: a dotted prefix of it; 0: neither. */
  private matchDecoded(ks: number, ke: number, cand: Candidate): number {
    const key = utf8Bytes(this.decodeKey(ks, ke));
    const nb = this.names[cand.name], off = cand.offset;
    if (nb.length - off < key.length) return 0;
    for (let j = 0; j < key.length; j++) if (key[j] !== nb[off + j]) return 0;
    if (nb.length - off === key.length) return 1;
    return nb[off + key.length] === 46 ? 2 : 0;
  }

  private value(i: number, depth: number): number {
    const b = this.b, e = this.e;
    if (i >= e) throw new JsonSyntaxError('unexpected end of line, expected a value', i);
    const c = b[i];
    if (c === QUOTE) return this.string(i);
    if (c === 123) return this.object(i, NO_CANDIDATES, depth);
    if (c === 91) return this.array(i, depth);
    if (c === 116) return this.literal(i, 'true');
    if (c === 102) return this.literal(i, 'false');
    if (c === 110) return this.literal(i, 'null');
    if (c === 45 || (c >= 48 && c <= 57)) return this.number(i);
    throw new JsonSyntaxError(`unexpected ${this.what(i)}, expected a value`, i);
  }

  private array(i: number, depth: number): number {
    if (depth >= MAX_DEPTH) throw new JsonSyntaxError('nesting too deep', i);
    const b = this.b;
    i = this.ws(i + 1);
    if (i < this.e && b[i] === 93) return i + 1;
    for (;;) {
      i = this.ws(this.value(i, depth + 1));
      if (i < this.e && b[i] === 44) { i = this.ws(i + 1); continue; }
      if (i < this.e && b[i] === 93) return i + 1;
      throw new JsonSyntaxError(`expected \`,\` or \`]\`, found ${this.what(i)}`, i);
    }
  }

  private literal(i: number, word: string): number {
    const b = this.b;
    for (let k = 0; k < word.length; k++) {
      if (i + k >= this.e || b[i + k] !== word.charCodeAt(k)) throw new JsonSyntaxError(`unexpected ${this.what(i + k)} in \`${word}\``, i + k);
    }
    return i + word.length;
  }

  private number(i: number): number {
    const b = this.b, e = this.e;
    const start = i;
    if (b[i] === 45) i++;
    if (i < e && b[i] === 48) i++;
    else if (i < e && b[i] >= 49 && b[i] <= 57) { i++; while (i < e && b[i] >= 48 && b[i] <= 57) i++; }
    else throw new JsonSyntaxError('invalid number', start);
    if (i < e && b[i] === 46) {
      i++;
      const f = i;
      while (i < e && b[i] >= 48 && b[i] <= 57) i++;
      if (i === f) throw new JsonSyntaxError('invalid number', start);
    }
    if (i < e && (b[i] === 101 || b[i] === 69)) {
      i++;
      if (i < e && (b[i] === 43 || b[i] === 45)) i++;
      const x = i;
      while (i < e && b[i] >= 48 && b[i] <= 57) i++;
      if (i === x) throw new JsonSyntaxError('invalid number', start);
    }
    return i;
  }

  /** i at the opening quote; returns the index after the closing quote. Sets strEscaped. */
  private string(i: number): number {
    const b = this.b, e = this.e;
    const start = i;
    i++;
    this.strEscaped = false;
    while (i < e) {
      const c = b[i];
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) {
        this.strEscaped = true;
        const x = i + 1 < e ? b[i + 1] : -1;
        if (x === 117) { // \uXXXX
          for (let k = 2; k < 6; k++) {
            const h = i + k < e ? b[i + k] : -1;
            if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) throw new JsonSyntaxError('invalid \\u escape', i);
          }
          i += 6;
          continue;
        }
        if (x === QUOTE || x === BACKSLASH || x === 47 || x === 98 || x === 102 || x === 110 || x === 114 || x === 116) { i += 2; continue; }
        throw new JsonSyntaxError('invalid escape in a string', i);
      }
      if (c < 32) throw new JsonSyntaxError('control character in a string', i);
      i++;
    }
    throw new JsonSyntaxError('unterminated string', start);
  }
}
