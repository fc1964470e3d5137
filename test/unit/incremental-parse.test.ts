/**
 * Incremental re-parsing must be invisible: after every edit of a random sequence, the tree the
 * cache holds (spliced) must equal a full parse of the same text — same plain data, same node
 * types, values and ranges, same line starts — and validation must give the same diagnostics.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { ParseCache, parseSlaFile, type SlaFile } from '../../server/src/service/parse';
import { getLanguageService } from '../../server/src/service/languageService';
import { VALID_SLA } from '../helpers';
import { rng as random } from '../support/prng';

const root = join(__dirname, '..', '..');

/** Everything about a parse that the service reads, except comments. */
function shape(file: SlaFile): unknown {
  const nodes = (node: unknown, out: unknown[]): unknown[] => {
    if (!node) { out.push(null); return out; }
    if (isPair(node)) { nodes(node.key, out); nodes(node.value, out); return out; }
    const n = node as { range?: number[]; items?: unknown[] };
    const kind = isScalar(node) ? `scalar:${String(node.type)}:${JSON.stringify(node.value)}` : isMap(node) ? `map:${node.flow ? 'flow' : 'block'}` : isSeq(node) ? `seq:${node.flow ? 'flow' : 'block'}` : 'other';
    out.push([kind, n.range?.join(',')]);
    if (n.items) for (const item of n.items) nodes(item, out);
    return out;
  };
  return {
    text: file.text,
    lineStarts: file.lineStarts,
    docs: file.docs.map((d) => ({
      start: d.start, end: d.end, range: d.yaml.range.join(','),
      errors: d.yaml.errors.length, warnings: d.yaml.warnings.length,
      value: JSON.stringify(d.value), valueError: d.valueError,
      nodes: nodes(d.yaml.contents, []),
    })),
  };
}

// Mostly what typing inserts, and now and then what breaks YAML or defeats the incremental path.
const PIECES = ['a', 'e', 's', '7', '0', ' ', ' ', ':', '-', '#', '"', "'", '\n', '  ', 'x: 1\n', '    ', '\n  - id: new\n    indicator: latency\n', 'target: "<= 200ms"', '…',
  '%', '[', ']', '{', '}', ',', '&a ', '*a', '\t', '\r\n', '\r', '!!str ', '---\n', '\uFEFF'];

function randomEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const op = next();
  if (op < 0.45) {
    const piece = PIECES[Math.floor(next() * PIECES.length)]!;
    return text.slice(0, at) + piece + text.slice(at);
  }
  if (op < 0.8) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 6)));
  if (op < 0.9) {
    // Toggle a digit of a target, like the benchmark's edit.
    const m = /(target: "[<>=]+ ?)(\d)/g;
    const all = [...text.matchAll(m)];
    if (!all.length) return text;
    const hit = all[Math.floor(next() * all.length)]!;
    const pos = hit.index! + hit[1]!.length;
    return text.slice(0, pos) + String((Number(hit[2]) + 1) % 10) + text.slice(pos + 1);
  }
  // Duplicate or delete a whole line.
  const lines = text.split('\n');
  const i = Math.floor(next() * lines.length);
  if (op < 0.95) lines.splice(i, 0, lines[i] ?? '');
  else lines.splice(i, 1);
  return lines.join('\n');
}

function manyObjectives(n: number): string {
  const head = VALID_SLA.slice(0, VALID_SLA.indexOf('objectives:'));
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push(`  - id: latency-${i}
    description: p99 latency ${i}
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= ${200 + i}ms"     # comment ${i}
    window: { calendar: month }
    measurement: { point: server }
`);
  }
  return `${head}objectives:\n${items.join('')}`;
}

const SOURCES: Array<[string, string]> = [
  ['VALID_SLA', VALID_SLA],
  ['churn-external', readFileSync(join(root, 'examples', 'churn-external.sla.yaml'), 'utf8')],
  ['fraud (two documents)', readFileSync(join(root, 'examples', 'fraud.sla.yaml'), 'utf8')],
  ['40 objectives', manyObjectives(40)],
];

describe('incremental parsing', () => {
  for (const [name, source] of SOURCES) {
    test(`equals a full parse after each of 600 random edits: ${name}`, () => {
      const next = random(name.length * 7919);
      const cache = new ParseCache();
      let text = source;
      let version = 1;
      cache.get('file:///x.sla.yaml', version, text);
      for (let step = 0; step < 600; step++) {
        // Small edits on the current text; once it is broken, usually back to the clean source
        // (only a clean previous tree is spliced, so a broken one would end the incremental path).
        const previous = cache.get('file:///x.sla.yaml', version, text);
        const broken = previous.docs.some((d) => d.yaml.errors.length > 0);
        text = broken && next() < 0.7 ? source : randomEdit(text, next);
        const spliced = cache.get('file:///x.sla.yaml', ++version, text);
        const full = parseSlaFile('file:///x.sla.yaml', version, text, { fast: false }); // yaml alone: the reference
        assert.deepEqual(shape(spliced), shape(full), `step ${step} (${name}) diverged`);
      }
      // The incremental path was really taken (not everything fell back to full parses).
      assert.ok(cache.incrementalParses > 100, `incremental parses: ${cache.incrementalParses} of ${cache.parses}`);
    });
  }

  test('validation of a spliced tree equals validation of a fresh open', () => {
    const next = random(42);
    const service = getLanguageService();
    const fresh = getLanguageService();
    const source = manyObjectives(30);
    let text = source;
    let diagnostics = 0;
    for (let version = 1; version <= 150; version++) {
      text = version % 10 === 0 ? source : randomEdit(text, next);
      const edited = service.validate({ uri: 'file:///ws/edited.sla.yaml', version, getText: () => text });
      const opened = fresh.validate({ uri: 'file:///ws/edited.sla.yaml', version: 1, getText: () => text });
      fresh.close('file:///ws/edited.sla.yaml');
      assert.deepEqual(edited, opened, `version ${version}`);
      diagnostics += edited.length;
    }
    assert.ok(diagnostics > 0, 'the random edits raised findings to compare');
  });

  test('a one-digit edit of a target re-parses only its objective', () => {
    const cache = new ParseCache();
    const text = manyObjectives(200);
    cache.get('file:///y.sla.yaml', 1, text);
    const edited = text.replace('"<= 300ms"', '"<= 301ms"');
    const file = cache.get('file:///y.sla.yaml', 2, edited);
    assert.equal(cache.incrementalParses, 1);
    const objectives = (file.docs[0]!.value as { objectives: Array<{ target: string }> }).objectives;
    assert.equal(objectives[100]!.target, '<= 301ms');
    assert.equal(objectives.length, 200);
  });

  test('nesting typed into one objective is refused like in a full parse, not spliced', () => {
    const cache = new ParseCache();
    const text = manyObjectives(5);
    cache.get('file:///n.sla.yaml', 1, text);
    const deep = text.replace('window: { calendar: month }', `window: ${'['.repeat(150)}${']'.repeat(150)}`);
    const file = cache.get('file:///n.sla.yaml', 2, deep);
    assert.equal(cache.incrementalParses, 0);
    assert.ok(file.refused, 'refused as too deep');
  });

  test('line starts count \\r\\n, \\n and a lone \\r as LSP does', () => {
    const file = parseSlaFile('file:///z.sla.yaml', 1, 'a: 1\r\nb: 2\rc: 3\nd: 4');
    assert.deepEqual(file.lineStarts, [0, 6, 11, 16]);
  });
});

// Found by an adversarial pass (two services compared after edit sequences): each case once
// differed between an edited service and a fresh one.
describe('an edited service equals a fresh one', () => {
  const validate = (service: ReturnType<typeof getLanguageService>, version: number, text: string) =>
    service.validate({ uri: 'file:///adv.sla.yaml', version, getText: () => text });

  test('a YAML error in a later document stays on its text after an edit above moves it', () => {
    const before = 'apiVersion: modelsla/v1\nkind: SLA\n---\nkind: SLA\nx: a\n  b: c\n';
    const after = before.replace('modelsla/v1', 'modelsla/v1x');
    const edited = getLanguageService();
    validate(edited, 1, before);
    const diagnostics = validate(edited, 2, after);
    assert.deepEqual(diagnostics, validate(getLanguageService(), 1, after));
    const syntax = diagnostics.find((d) => d.code === 'SLA001');
    assert.deepEqual(syntax?.range.start, { line: 4, character: 3 }, JSON.stringify(syntax));
  });

  test('a stray quote in a plain scalar hides no nesting from the limit, whole or spliced', () => {
    const deep = `${'['.repeat(101)}1${']'.repeat(101)}`;
    const before = 'kind: SLA\ntitle: 5" model\nobjectives:\n  - id: a\n    note: a" b\n    x: 1\n  - id: b\n';
    const after = before.replace('x: 1', `x: ${deep}`);
    const edited = getLanguageService();
    validate(edited, 1, before);
    const diagnostics = validate(edited, 2, after);
    assert.deepEqual(diagnostics, validate(getLanguageService(), 1, after));
    assert.ok(diagnostics.some((d) => d.code === 'SLA001' && /nests more than 100 levels/.test(String(d.message))), JSON.stringify(diagnostics.map((d) => d.message)));
    // 20,000 levels after a stray quote: refused, not a stack overflow.
    const deeper = before.replace('x: 1', `x: ${'['.repeat(20_000)}1${']'.repeat(20_000)}`);
    assert.ok(validate(getLanguageService(), 1, deeper).some((d) => d.code === 'SLA001' && /nests more than 100 levels/.test(String(d.message))));
  });

  test('quotes still open quoted scalars where they can begin (brackets inside them do not count)', () => {
    const inside = `${'['.repeat(150)}`;
    for (const text of [
      `kind: SLA\ndescription: "${inside}"\n`,
      `kind: SLA\ndescription: '${inside}'\n`,
      `kind: SLA\nlist:\n  - "${inside}"\n`,
      `kind: SLA\nflow: ["${inside}", '${inside}']\n`,
      `kind: SLA\nflow: {"a":"${inside}"}\n`,
      `"${inside}": 1\n`,
    ]) {
      const diagnostics = validate(getLanguageService(), 1, text);
      assert.ok(!diagnostics.some((d) => /nests more than/.test(String(d.message))), `${text.slice(0, 40)}: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
    }
  });
});
