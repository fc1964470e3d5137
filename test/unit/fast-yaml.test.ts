/**
 * The fast YAML front end (server/src/service/fastYaml.ts) must be invisible: whenever it accepts a
 * text, its tree equals `yaml`'s (node classes, scalar types, values, ranges), its plain data equals
 * `yaml`'s, `yaml` finds no error or warning in it, and validation gives the same diagnostics. Checked
 * on every SLA file in the repository, on hand-written corner cases and after random edits.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { fastParseDocument } from '../../server/src/service/fastYaml';
import { PARSE_OPTIONS } from '../../server/src/service/slaFile';
import { parseSlaFile } from '../../server/src/service/parse';
import { SchemaService } from '../../server/src/service/schema';
import { validateFile } from '../../server/src/service/validation';
import { VALID_SLA } from '../helpers';
import { rng as random } from '../support/prng';

const root = join(__dirname, '..', '..');

function nodes(node: unknown, out: unknown[]): unknown[] {
  if (!node) { out.push(null); return out; }
  if (isPair(node)) { out.push('pair'); nodes(node.key, out); nodes(node.value, out); return out; }
  const n = node as { range?: number[]; items?: unknown[]; constructor: { name: string } };
  const kind = isScalar(node) ? `scalar:${String(node.type)}:${typeof node.value}:${JSON.stringify(node.value)}` : isMap(node) ? `map:${node.flow ? 'flow' : 'block'}` : isSeq(node) ? `seq:${node.flow ? 'flow' : 'block'}` : 'other';
  out.push([kind, n.constructor.name, n.range?.join(',')]);
  if (n.items) for (const item of n.items) nodes(item, out);
  return out;
}

/** Compares the fast parse with `yaml`'s when the fast one accepts; returns whether it did. */
function agrees(text: string, what: string): boolean {
  const fast = fastParseDocument(text);
  if (!fast) return false;
  const reference = parseDocument(text, PARSE_OPTIONS);
  assert.equal(reference.errors.length + reference.warnings.length, 0, `${what}: accepted a text yaml finds problems in: ${reference.errors.map((e) => e.message).join('; ')}\n${text}`);
  assert.deepEqual(nodes(fast.yaml.contents, []), nodes(reference.contents, []), `${what}: trees differ\n${text}`);
  assert.deepEqual(fast.yaml.range, reference.range, `${what}: document ranges differ\n${text}`);
  assert.deepEqual(fast.value, reference.toJS(), `${what}: data differs\n${text}`);
  assert.deepEqual(JSON.stringify(fast.value), JSON.stringify(reference.toJS()), `${what}: data (key order) differs`);
  return true;
}

function slaFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) slaFiles(path, out);
    else if (/\.sla\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

function manyObjectives(n: number): string {
  const head = VALID_SLA.slice(0, VALID_SLA.indexOf('objectives:'));
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push(`  # --- objective ${i} ---
  - id: latency-${i}
    description: p99 latency ${i}, see https://example.com/a#b
    indicator: latency
    metric: latency
    percentile: p99
    target: "<= ${200 + i}ms"     # comment ${i}
    window: { calendar: month }
    exclusions:
      - { reason: 'maintenance ''${i}''', from: 2026-03-01T02:00:00Z, to: "2026-03-01T04:00:00Z" }
    measurement:
      point: server
      includes: [ model-inference , serialization]
      minimum: -1.50
      count: 007
      flag: true
      nothing: null
`);
  }
  return `${head}objectives:\n${items.join('')}breach:\n  # the end\n  notify: [a, b]\n`;
}

const CASES = [
  'a: 1\n# t\n\n',
  'a:\n  b: 1\n  # x\n\n# y\n  c: 2\n  # z\n# w\n\nd: 3\n',
  'l:\n  # hd\n  - a: 1\n    # in\n  # out\n  - 2\n  # end\nm: 1\n',
  'a:\n  b: 1\n  # x\n# y\n',
  'a:\n  - b: 1\n\n',
  'l:\n  - m:\n      p: 1\n  # between\n  - 2\n',
  'l:\n  - m:\n      p: 1\n      # deep\n  # between\n  - 2\n',
  'x: {a: [1, 2], b: c}\ny: [ a, {b: c} ]   \nz: { }\nw: []\n',
  'y: [ a , b ]\nz: { a: b , c: [x] }\n',
  'k:   # c\n  a: 1\nl:\n- x\n- y: 1\n  # c\nm: 1\n',
  "q: 'it''s'\nd: \"a\\\"b\\\\c\"\nt: true\nf: false\nn: null\ne: 1e5\nh: .5\ni: -3\np: +4\ns: 2026-01-01\nu: 12:30\n",
  'a: b#c\nd: e # f\ng: h:i\nj: [k:l, m]\n',
  'top:\n    deep: 1\n    deeper:\n        - x\n        - y\n',
  '  a: 1\n  b: 2\n',
  '  - a: 1\n    b: 2\n  - c\n',
  'a: [b, c]  # x\nb: { c: d }  # y\n# tail\n',
  'a: 1',
  'a:\n  - x\n  - y',
];

describe('fast YAML front end', () => {
  test('agrees with yaml on every SLA file in the repository', () => {
    let accepted = 0;
    const files = slaFiles(root);
    for (const file of files) if (agrees(readFileSync(file, 'utf8'), file)) accepted++;
    assert.ok(accepted > files.length / 3, `accepted ${accepted} of ${files.length}`);
  });

  test('agrees with yaml on corner cases of ranges, comments, flow collections and scalars', () => {
    for (const [i, text] of CASES.entries()) assert.ok(agrees(text, `case ${i}`), `case ${i} accepted:\n${text}`);
    assert.ok(agrees(manyObjectives(30), 'many objectives'));
  });

  test('refuses what it does not read (yaml reads it)', () => {
    // The adversary's: a lone dash as a value (yaml: an error), comment lines deeper than the first of
    // their gap, a comment at or left of the dashes of a sequence at its key's column.
    const adversary = ['apiVersion: modelsla/v1\nkind: -\n', 'a: -', '- a: -\n', 'a: [-]\n', 'a: [x, -]\n', 'a: [-,a]\n', 'a: {k: -}\n', 'a: {k: -, j: 1}\n',
      'l:\n  - a: 1\n# c\n    # d\nm: 1\n', 'a:\n  b:\n    c: 1\n  # c\n      # d\nm: 1\n', 's:\n- 1\n# c\nh: 1\n', 'e:\n- 1\n#'];
    for (const text of adversary) assert.equal(fastParseDocument(text), undefined, text);
    for (const text of ['a: |\n  x\n', 'a: &x 1\nb: *x\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n', 'a:\n', 'a: "x\n  y"\n', 'a: x\n  y\n', 'a: 1\na: 2\n', 'a: 0x1F\n', '? a\n: b\n', 'a: !!str 1\n', '"a": 1\n', 'a:\tb\n', 'a: "\\u00e9"\n', 'a: [b,\n  c]\n', 'a: b: c\n']) {
      assert.equal(fastParseDocument(text), undefined, text);
    }
  });

  test('agrees with yaml after 3,000 random edits', () => {
    const next = random(4242);
    const pieces = ['a', '7', ' ', ' ', ':', '-', '#', '"', "'", '\n', '  ', '    ', ',', '[', ']', '{', '}', 'x: 1\n', '- y\n', '  # c\n', '\n\n', '.', '0', 'true', '~', '\\', '%', '&a ', '*a', '!t '];
    const base = manyObjectives(6);
    let text = base;
    let accepted = 0;
    for (let step = 0; step < 3000; step++) {
      if (next() < 0.3) text = base;
      const at = Math.floor(next() * (text.length + 1));
      const op = next();
      if (op < 0.5) text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)]! + text.slice(at);
      else if (op < 0.85) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 4)));
      else {
        const lines = text.split('\n');
        const i = Math.floor(next() * lines.length);
        if (op < 0.93) lines.splice(i, 0, lines[i] ?? ''); else lines.splice(i, 1);
        text = lines.join('\n');
      }
      if (agrees(text, `step ${step}`)) accepted++;
    }
    assert.ok(accepted > 300, `accepted ${accepted} of 3000 edited texts`);
  });

  test('validation of a fast parse equals validation of a yaml parse, after random edits', () => {
    const next = random(77);
    const schema = new SchemaService();
    const base = manyObjectives(8);
    let text = base;
    let compared = 0;
    for (let step = 0; step < 300; step++) {
      if (step % 4 === 0) text = base;
      const at = Math.floor(next() * (text.length + 1));
      text = next() < 0.5 ? text.slice(0, at) + ['1', 'x', '%', ' ', '"'][Math.floor(next() * 5)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      const fast = parseSlaFile('file:///ws/a.sla.yaml', step, text);
      const plain = parseSlaFile('file:///ws/a.sla.yaml', step, text, { fast: false });
      assert.deepEqual(validateFile(fast, schema), validateFile(plain, schema), `step ${step}`);
      if (fastParseDocument(text)) compared++;
    }
    assert.ok(compared > 50, `compared ${compared}`);
  });
});
