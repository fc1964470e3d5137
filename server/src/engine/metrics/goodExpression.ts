/**
 * `good` expressions and `filter`s (spec §4, §9): `<field> <op> <literal>`, op one of < <= > >= == !=, literal a
 * number, a "double" or 'single' quoted string, true, false or null. Parsed once
 * (`parseGoodExpression`, whose messages the linter shows), then evaluated per row without
 * allocating:
 * - CSV: compared with a number, the cell is read as a decimal number (a cell that is not one is a
 *   data issue), and compared exactly (spec §9: no rounding); compared with a string, as text
 *   (byte-wise UTF-8, which orders like code points); with true/false the cell must be `true` or
 *   `false` (any letter case); with null, an empty cell is null and any other cell is not.
 * - JSON Lines: the value must have the literal's type (a number for a number, a string for a
 *   string, a boolean for true/false) or it is a data issue; `== null` / `!= null` accept any type.
 *   A missing key is a data issue (handled by the reader).
 * Ordering operators (< <= > >=) are for numbers and strings only.
 */
import { DecimalReader, compareDecimalParts, decimalParts, type DecimalParts } from './numbers';
import { excerpt } from './timestamps';
import { J_FALSE, J_NULL, J_NUMBER, J_STRING, J_TRUE, jsonTypeName } from './json';
import { utf8Bytes, utf8Text } from './utf8';

export type GoodOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type GoodLiteral =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export interface GoodExpression {
  field: string;
  op: GoodOp;
  literal: GoodLiteral;
  /** The expression as written. */
  source: string;
}

export type GoodParseResult =
  | { ok: true; expression: GoodExpression }
  | { ok: false; message: string; /** 0-based offset in the expression text */ offset: number };

const EXAMPLE = 'e.g. `status < 500` or `outcome == "ok"`';
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.\-/]/;
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

/** Parses a `good` expression; on failure a message for the linter and the offset it is about. */
export function parseGoodExpression(text: string): GoodParseResult {
  const src = text;
  let i = 0;
  const n = src.length;
  const skipWs = () => { while (i < n && (src[i] === ' ' || src[i] === '\t')) i++; };
  const fail = (message: string, at = i): GoodParseResult => ({ ok: false, message, offset: at });
  skipWs();
  if (i === n) return fail(`empty expression; a good expression is \`<field> <op> <literal>\`, ${EXAMPLE}`);
  // field
  let field: string;
  const fieldAt = i;
  if (src[i] === '`') {
    const close = src.indexOf('`', i + 1);
    if (close < 0) return fail('unterminated `` ` `` around the field name');
    field = src.slice(i + 1, close);
    if (field === '') return fail('empty field name');
    i = close + 1;
  } else if (IDENT_START.test(src[i])) {
    const st = i;
    while (i < n && IDENT_PART.test(src[i])) i++;
    field = src.slice(st, i);
  } else {
    return fail(`expected a field name at the start, found \`${src[i]}\`; a good expression is \`<field> <op> <literal>\`, ${EXAMPLE}`);
  }
  if (field === 'true' || field === 'false' || field === 'null') {
    return fail(`\`${field}\` is a literal, not a field; the field comes first: \`<field> <op> <literal>\``, fieldAt);
  }
  skipWs();
  // operator
  const opAt = i;
  let op: GoodOp;
  const two = src.slice(i, i + 2);
  if (two === '<>') return fail('`<>` is not an operator; use `!=`');
  if (two === '=<' || two === '=>') return fail(`\`${two}\` is not an operator; use \`${two[1]}=\``);
  if (two === '<=' || two === '>=' || two === '==' || two === '!=') { op = two; i += 2; }
  else if (src[i] === '<' || src[i] === '>') { op = src[i] as GoodOp; i++; }
  else if (src[i] === '=') return fail('`=` is not an operator; use `==`');
  else if (i === n) return fail(`\`${field}\` needs an operator and a literal: one of < <= > >= == !=, ${EXAMPLE}`);
  else return fail(`expected an operator (< <= > >= == !=) after \`${field}\`, found \`${src.slice(i).split(/\s/)[0]}\``);
  if (src[i] === '=') return fail(`\`${op}=\` is not an operator; use one of < <= > >= == !=`, opAt);
  skipWs();
  // literal
  const litAt = i;
  let literal: GoodLiteral;
  if (i === n) return fail(`\`${field} ${op}\` needs a literal: a number, a quoted string, true, false or null`);
  const c = src[i];
  if (c === '"' || c === "'") {
    let value = '';
    i++;
    let closed = false;
    while (i < n) {
      const ch = src[i];
      if (ch === '\\' && i + 1 < n) { value += src[i + 1]; i += 2; continue; }
      if (ch === c) { closed = true; i++; break; }
      value += ch;
      i++;
    }
    if (!closed) return fail(`unterminated string: no closing ${c}`, litAt);
    literal = { kind: 'string', value };
  } else {
    const m = NUMBER_RE.exec(src.slice(i));
    const word = /^[A-Za-z_][A-Za-z0-9_.\-]*/.exec(src.slice(i))?.[0];
    if (m && !(i + m[0].length < n && /[A-Za-z0-9_]/.test(src[i + m[0].length]))) {
      const value = Number(m[0]);
      if (!Number.isFinite(value)) return fail(`\`${m[0]}\` is out of range`, litAt);
      literal = { kind: 'number', value, text: m[0] };
      i += m[0].length;
    } else if (word === 'true' || word === 'false') {
      literal = { kind: 'boolean', value: word === 'true' };
      i += word.length;
    } else if (word === 'null') {
      literal = { kind: 'null' };
      i += 4;
    } else if (word !== undefined && /^(true|false|null)$/i.test(word)) {
      return fail(`write \`${word.toLowerCase()}\` in lower case`, litAt);
    } else {
      const bad = word ?? src.slice(i).split(/\s/)[0];
      return fail(`\`${bad}\` is not a literal: use a number, a quoted string ("${bad}"), true, false or null`, litAt);
    }
  }
  skipWs();
  if (i < n) return fail(`unexpected \`${src.slice(i)}\` after the comparison; a good expression is one comparison \`<field> <op> <literal>\``);
  if ((literal.kind === 'boolean' || literal.kind === 'null') && op !== '==' && op !== '!=') {
    return fail(`\`${literal.kind === 'null' ? 'null' : String(literal.value)}\` can only be compared with == or !=`, opAt);
  }
  return { ok: true, expression: { field, op, literal, source: text } };
}

const OP_LT = 0, OP_LE = 1, OP_GT = 2, OP_GE = 3, OP_EQ = 4; // 5: !=
const OPS: GoodOp[] = ['<', '<=', '>', '>=', '==', '!='];

function applyOp(op: number, cmp: number): number {
  switch (op) {
    case OP_LT: return cmp < 0 ? 1 : 0;
    case OP_LE: return cmp <= 0 ? 1 : 0;
    case OP_GT: return cmp > 0 ? 1 : 0;
    case OP_GE: return cmp >= 0 ? 1 : 0;
    case OP_EQ: return cmp === 0 ? 1 : 0;
    default: return cmp !== 0 ? 1 : 0;
  }
}

function compareBytes(a: Uint8Array, s: number, e: number, b: Uint8Array): number {
  const la = e - s, lb = b.length, l = la < lb ? la : lb;
  for (let k = 0; k < l; k++) {
    const x = a[s + k], y = b[k];
    if (x !== y) return x < y ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

function bytesToString(buf: Uint8Array, s: number, e: number): string {
  return utf8Text(buf, s, e);
}


/**
 * A compiled expression. Each evaluation returns 1 (good), 0 (bad) or -1 (a data issue; `problem`
 * says what).
 */
export class GoodEvaluator {
  readonly expression: GoodExpression;
  problem = '';
  private readonly op: number;
  private readonly kind: GoodLiteral['kind'];
  private readonly num: number;
  private readonly numParts: DecimalParts | undefined;
  private readonly numLong: boolean;
  private readonly strBytes: Uint8Array;
  private readonly bool: boolean;
  private readonly reader = new DecimalReader();
  /** `good` or `filter`: the same grammar serves both (spec §4); messages name which one. */
  readonly role: 'good' | 'filter';

  constructor(expression: GoodExpression, role: 'good' | 'filter' = 'good') {
    this.expression = expression;
    this.role = role;
    this.op = OPS.indexOf(expression.op);
    const lit = expression.literal;
    this.kind = lit.kind;
    this.num = lit.kind === 'number' ? lit.value : NaN;
    this.numParts = lit.kind === 'number' ? decimalParts(lit.text) : undefined;
    this.numLong = this.numParts !== undefined && this.numParts.digits.length > 15;
    this.strBytes = utf8Bytes(lit.kind === 'string' ? lit.value : '');
    this.bool = lit.kind === 'boolean' && lit.value;
  }

  /** The field the expression reads. */
  get field(): string { return this.expression.field; }

  private where(): string {
    return `\`${this.expression.field}\` (${this.role}: ${this.expression.source.trim()})`;
  }

  /** A CSV cell buf[s, e) (quotes already removed). */
  csv(buf: Uint8Array, s: number, e: number): number {
    switch (this.kind) {
      case 'number': {
        const v = this.reader.read(buf, s, e);
        if (Number.isNaN(v)) {
          this.problem = s === e || isBlank(buf, s, e) ? `empty ${this.where()}, expected a number`
            : this.reader.outOfRange ? `${excerpt(bytesToString(buf, s, e))} in ${this.where()} is out of range (a number beyond ±1.8e308, too large for a double)`
            : `${excerpt(bytesToString(buf, s, e))} in ${this.where()} is not a number`;
          return -1;
        }
        return applyOp(this.op, this.compareNumber(v, buf, s, e));
      }
      case 'string':
        return applyOp(this.op, compareBytes(buf, s, e, this.strBytes));
      case 'boolean': {
        const b = readBoolean(buf, s, e);
        if (b < 0) {
          this.problem = `${excerpt(bytesToString(buf, s, e))} in ${this.where()} is not true or false`;
          return -1;
        }
        return applyOp(this.op, (b === 1) === this.bool ? 0 : 1);
      }
      default: // null: an empty cell is null
        return applyOp(this.op, isBlank(buf, s, e) ? 0 : 1);
    }
  }

  /** A JSON value of type `type` (J_*): a number's text or a string's content at buf[s, e); `text` is the decoded string when it had escapes. */
  json(type: number, buf: Uint8Array, s: number, e: number, text?: string): number {
    if (this.kind === 'null') return applyOp(this.op, type === J_NULL ? 0 : 1);
    if (this.kind === 'number') {
      if (type !== J_NUMBER) return this.mismatch(type, 'a number');
      const v = this.reader.read(buf, s, e);
      if (Number.isNaN(v)) { // valid JSON, but beyond a double (the CSV path refuses it too)
        this.problem = `${excerpt(bytesToString(buf, s, e))} in ${this.where()} is out of range (a number beyond ±1.8e308, too large for a double)`;
        return -1;
      }
      return applyOp(this.op, this.compareNumber(v, buf, s, e));
    }
    if (this.kind === 'string') {
      if (type !== J_STRING) return this.mismatch(type, 'a string');
      if (text !== undefined) {
        const t = utf8Bytes(text);
        return applyOp(this.op, compareBytes(t, 0, t.length, this.strBytes));
      }
      return applyOp(this.op, compareBytes(buf, s, e, this.strBytes));
    }
    if (type !== J_TRUE && type !== J_FALSE) return this.mismatch(type, 'true or false');
    return applyOp(this.op, (type === J_TRUE) === this.bool ? 0 : 1);
  }

  /** A plain JS value (undefined: missing). */
  value(v: unknown): number {
    if (v === undefined) { this.problem = `missing ${this.where()}`; return -1; }
    if (typeof v === 'number') {
      const b = utf8Bytes(String(v));
      return this.json(J_NUMBER, b, 0, b.length);
    }
    if (typeof v === 'string') return this.json(J_STRING, new Uint8Array(0), 0, 0, v);
    if (typeof v === 'boolean') return this.json(v ? J_TRUE : J_FALSE, new Uint8Array(0), 0, 0);
    if (v === null) return this.json(J_NULL, new Uint8Array(0), 0, 0);
    return this.json(Array.isArray(v) ? 7 : 6, new Uint8Array(0), 0, 0);
  }

  private mismatch(type: number, expected: string): number {
    this.problem = `${this.where()} is ${jsonTypeName(type)}, expected ${expected}`;
    return -1;
  }

  /** Compares a cell's number with the literal, exactly: doubles decide unless they tie on long decimals. */
  private compareNumber(v: number, buf: Uint8Array, s: number, e: number): number {
    if (v < this.num) return -1;
    if (v > this.num) return 1;
    if (!this.reader.long && !this.numLong) return 0; // ≤ 15 digits each: equal doubles are equal decimals
    const parts = decimalParts(bytesToString(buf, s, e));
    return parts && this.numParts ? compareDecimalParts(parts, this.numParts) : 0;
  }
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}

/** 1 true, 0 false, -1 neither (letter case ignored, spaces around ignored). */
function readBoolean(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
  while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  const t = bytesToString(buf, s, e).toLowerCase();
  return t === 'true' ? 1 : t === 'false' ? 0 : -1;
}

/** Compiles an expression (throws with the parse message when it is malformed). */
export function compileGoodExpression(text: string): GoodEvaluator {
  const r = parseGoodExpression(text);
  if (!r.ok) throw new Error(r.message);
  return new GoodEvaluator(r.expression);
}
