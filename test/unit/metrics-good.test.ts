/** `good` expressions (server/src/engine/metrics/goodExpression.ts): parsing, messages, evaluation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoodEvaluator, compileGoodExpression, parseGoodExpression } from '../../server/src/engine/metrics/goodExpression';
import { J_FALSE, J_NULL, J_NUMBER, J_STRING, J_TRUE } from '../../server/src/engine/metrics/json';
import { compareDecimalText, parseDecimal } from '../../server/src/engine/metrics/numbers';

const parsed = (text: string) => {
  const r = parseGoodExpression(text);
  if (!r.ok) throw new Error(r.message);
  return r.expression;
};
const message = (text: string): string => {
  const r = parseGoodExpression(text);
  if (r.ok) throw new Error(`parsed ${JSON.stringify(r.expression)}`);
  return r.message;
};
/** Evaluates a CSV cell: 1 / 0 / the problem text. */
const csv = (ev: GoodEvaluator, cell: string): number | string => {
  const b = Buffer.from(cell);
  const r = ev.csv(b, 0, b.length);
  return r < 0 ? ev.problem : r;
};
/** Evaluates a JSON value (as JSON text): 1 / 0 / the problem text. */
const json = (ev: GoodEvaluator, valueJson: string): number | string => {
  const v: unknown = JSON.parse(valueJson);
  const r = ev.value(v);
  return r < 0 ? ev.problem : r;
};

test('the grammar: field, operator, literal of each kind', () => {
  assert.deepEqual(parsed('status < 500'), { field: 'status', op: '<', literal: { kind: 'number', value: 500, text: '500' }, source: 'status < 500' });
  assert.deepEqual(parsed('status<500').literal, { kind: 'number', value: 500, text: '500' });
  assert.deepEqual(parsed('  latency_ms <= 0.25 ').op, '<=');
  assert.deepEqual(parsed('x >= -1.5e3').literal, { kind: 'number', value: -1500, text: '-1.5e3' });
  assert.deepEqual(parsed('outcome == "ok"').literal, { kind: 'string', value: 'ok' });
  assert.deepEqual(parsed("outcome != 'it''s'".replace("''", "\\'")).literal, { kind: 'string', value: "it's" });
  assert.deepEqual(parsed('outcome == "say \\"hi\\""').literal, { kind: 'string', value: 'say "hi"' });
  assert.deepEqual(parsed('cached == false').literal, { kind: 'boolean', value: false });
  assert.deepEqual(parsed('error != null').literal, { kind: 'null' });
  assert.equal(parsed('meta.http-status > 1').field, 'meta.http-status');
  assert.equal(parsed('`http status` < 500').field, 'http status');
});

test('malformed expressions have messages the linter can show', () => {
  assert.equal(message(''), 'empty expression; a good expression is `<field> <op> <literal>`, e.g. `status < 500` or `outcome == "ok"`');
  assert.equal(message('status = 200'), '`=` is not an operator; use `==`');
  assert.equal(message('status === 200'), '`===` is not an operator; use one of < <= > >= == !=');
  assert.equal(message('status <> 200'), '`<>` is not an operator; use `!=`');
  assert.equal(message('status =< 200'), '`=<` is not an operator; use `<=`');
  assert.equal(message('status'), '`status` needs an operator and a literal: one of < <= > >= == !=, e.g. `status < 500` or `outcome == "ok"`');
  assert.equal(message('status <'), '`status <` needs a literal: a number, a quoted string, true, false or null');
  assert.equal(message('outcome == ok'), '`ok` is not a literal: use a number, a quoted string ("ok"), true, false or null');
  assert.equal(message('latency < 300ms'), '`300ms` is not a literal: use a number, a quoted string ("300ms"), true, false or null');
  assert.equal(message('outcome == "ok'), 'unterminated string: no closing "');
  assert.equal(message('status < 500 && status >= 200'), 'unexpected `&& status >= 200` after the comparison; a good expression is one comparison `<field> <op> <literal>`');
  assert.equal(message('cached < true'), '`true` can only be compared with == or !=');
  assert.equal(message('x >= null'), '`null` can only be compared with == or !=');
  assert.equal(message('cached == True'), 'write `true` in lower case');
  assert.equal(message('500 > status'), 'expected a field name at the start, found `5`; a good expression is `<field> <op> <literal>`, e.g. `status < 500` or `outcome == "ok"`');
  assert.equal(message('true == cached'), '`true` is a literal, not a field; the field comes first: `<field> <op> <literal>`');
  const r = parseGoodExpression('status = 200');
  assert.ok(!r.ok && r.offset === 7);
  assert.throws(() => compileGoodExpression('status ='), /`=` is not an operator/);
});

test('CSV: compared with a number, the cell is a decimal number; otherwise a data issue', () => {
  const ev = compileGoodExpression('status < 500');
  assert.deepEqual(['200', '404', '499', '500', '503', ' 200 ', '499.9', '5e2', '-1'].map((c) => csv(ev, c)), [1, 1, 1, 0, 0, 1, 1, 0, 1]);
  assert.equal(csv(ev, 'OK'), '`OK` in `status` (good: status < 500) is not a number');
  assert.equal(csv(ev, ''), 'empty `status` (good: status < 500), expected a number');
  assert.equal(csv(ev, 'NaN'), '`NaN` in `status` (good: status < 500) is not a number');
  assert.equal(csv(ev, 'Infinity'), '`Infinity` in `status` (good: status < 500) is not a number');
  assert.equal(csv(ev, '0x1F4'), '`0x1F4` in `status` (good: status < 500) is not a number');
  for (const [op, expect] of [['<', [1, 0, 0]], ['<=', [1, 1, 0]], ['>', [0, 0, 1]], ['>=', [0, 1, 1]], ['==', [0, 1, 0]], ['!=', [1, 0, 1]]] as const) {
    const e = compileGoodExpression(`v ${op} 10`);
    assert.deepEqual(['9.99', '10.0', '10.01'].map((c) => csv(e, c)), expect, op);
  }
});

test('number comparisons are exact decimals, not binary doubles (spec §9)', () => {
  const le = compileGoodExpression('latency <= 0.1');
  assert.equal(csv(le, '0.1'), 1);
  assert.equal(csv(le, '0.10000000000000000001'), 0); // the same double as 0.1, but larger
  assert.equal(csv(le, '0.09999999999999999999'), 1);
  const eq = compileGoodExpression('x == 0.30000000000000000001');
  assert.equal(csv(eq, '0.3'), 0);
  assert.equal(csv(eq, '0.300000000000000000010'), 1);
  assert.equal(compareDecimalText('0.10000000000000000001', '0.1'), 1);
  assert.equal(compareDecimalText('1e-1', '0.100'), 0);
  assert.equal(compareDecimalText('-2', '-10'), 1);
  assert.equal(compareDecimalText('0.0588', '58.8', 3), 0); // seconds against milliseconds
  assert.equal(parseDecimal('12.5'), 12.5);
  assert.ok(Number.isNaN(parseDecimal('1,5')));
});

test('CSV: compared with a string, as text; booleans; null is an empty cell', () => {
  const ok = compileGoodExpression('outcome == "ok"');
  assert.deepEqual(['ok', 'OK', ' ok', '', 'ok '].map((c) => csv(ok, c)), [1, 0, 0, 0, 0]);
  const num = compileGoodExpression('code == "200"');
  assert.deepEqual(['200', '200.0', 'abc'].map((c) => csv(num, c)), [1, 0, 0]); // text, not numbers
  const lt = compileGoodExpression('tier < "b"');
  assert.deepEqual(['a', 'b', 'ab', 'B', 'é'].map((c) => csv(lt, c)), [1, 0, 1, 1, 0]);
  const b = compileGoodExpression('cached == true');
  assert.deepEqual(['true', 'TRUE', 'True', 'false', ' true '].map((c) => csv(b, c)), [1, 1, 1, 0, 1]);
  assert.equal(csv(b, 'yes'), '`yes` in `cached` (good: cached == true) is not true or false');
  const n = compileGoodExpression('error == null');
  assert.deepEqual(['', '  ', 'boom', 'null'].map((c) => csv(n, c)), [1, 1, 0, 0]);
});

test('JSON: the value must have the literal type; null compares with anything', () => {
  const ev = compileGoodExpression('status < 500');
  assert.deepEqual(['200', '500', '499.5', '-3'].map((v) => json(ev, v)), [1, 0, 1, 1]);
  assert.equal(json(ev, '"200"'), '`status` (good: status < 500) is a string, expected a number');
  assert.equal(json(ev, 'null'), '`status` (good: status < 500) is null, expected a number');
  assert.equal(json(ev, 'true'), '`status` (good: status < 500) is true, expected a number');
  assert.equal(json(ev, '[1]'), '`status` (good: status < 500) is an array, expected a number');
  assert.equal(ev.value(undefined), -1);
  assert.equal(ev.problem, 'missing `status` (good: status < 500)');
  const s = compileGoodExpression("outcome != 'error'");
  assert.deepEqual(['"ok"', '"error"', '"Error"'].map((v) => json(s, v)), [1, 0, 1]);
  assert.equal(json(s, '1'), "`outcome` (good: outcome != 'error') is a number, expected a string");
  const b = compileGoodExpression('cached == false');
  assert.deepEqual(['false', 'true'].map((v) => json(b, v)), [1, 0]);
  assert.equal(json(b, '"false"'), '`cached` (good: cached == false) is a string, expected true or false');
  const n = compileGoodExpression('error == null');
  assert.deepEqual(['null', '"x"', '0', 'false', '{}'].map((v) => json(n, v)), [1, 0, 0, 0, 0]);
  // byte-level entry used by the reader
  const raw = Buffer.from('499.99999999999999999');
  assert.equal(ev.json(J_NUMBER, raw, 0, raw.length), 1);
  assert.equal(compileGoodExpression('x <= 500').json(J_NUMBER, Buffer.from('500.00000000000000001'), 0, 21), 0);
  assert.equal(s.json(J_STRING, Buffer.from('error'), 0, 5), 0);
  assert.equal(s.json(J_STRING, Buffer.from(''), 0, 0, 'error'), 0);
  assert.equal(b.json(J_FALSE, Buffer.alloc(0), 0, 0), 1);
  assert.equal(b.json(J_TRUE, Buffer.alloc(0), 0, 0), 0);
  assert.equal(n.json(J_NULL, Buffer.alloc(0), 0, 0), 1);
});
