/**
 * Lone CR line breaks. YAML 1.2 (like LSP) takes CR, LF and CRLF as line breaks, so an SLA saved
 * with classic Mac line ends is the same SLA as with LF: the same data, the same findings at the
 * same lines and columns, the same completions, quick fixes that keep the file's line break, and
 * an incremental parse that equals a full one.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-types';
import { computeLineStarts, offsetAt, ParseCache, parseSlaFile, type SlaFile } from '../../server/src/service/parse';
import { getLanguageService } from '../../server/src/service/languageService';
import { brief, lineOf, textDocument, VALID_SLA } from '../helpers';
import { edit } from './lint-support';

const cr = (text: string) => text.replace(/\n/g, '\r');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
/** Every third line break a lone CR, every third CRLF, the rest LF. */
const mixed = (text: string) => { let i = 0; return text.replace(/\n/g, () => ['\n', '\r', '\r\n'][i++ % 3]); };

function validate(text: string) {
  return getLanguageService().validate(textDocument(text)).map((d) => `${brief(d)} ${d.message}`);
}

/** Applies LSP edits to text with any line breaks (the test helper's `applyEdits` counts \n only). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const file = { text, lineStarts: computeLineStarts(text) };
  const sorted = edits.map((e) => ({ start: offsetAt(file, e.range.start), end: offsetAt(file, e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  for (const e of sorted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

describe('parsing and positions', () => {
  test('the base SLA with lone CRs, CRLFs or a mix is as clean as with LF, with the same data', () => {
    const lf = parseSlaFile('file:///a.sla.yaml', 1, VALID_SLA).docs[0].value;
    for (const [name, text] of [['CR', cr(VALID_SLA)], ['CRLF', crlf(VALID_SLA)], ['mixed', mixed(VALID_SLA)]]) {
      assert.deepEqual(validate(text), [], name);
      assert.deepEqual(parseSlaFile('file:///a.sla.yaml', 1, text).docs[0].value, lf, name);
    }
  });

  test('findings sit at the same line and column as in the LF file', () => {
    const broken = edit(edit(edit(VALID_SLA, 'percentile: p99', 'percentile: p0'), 'rolling: 28d', 'rolling: 0d'), '    percentileMethod: nearest-rank\n', '');
    const expected = validate(broken);
    assert.deepEqual(expected.map((d) => d.split(' ')[0]), ['SLA101@24:4-24:6', 'SLA002@28:16-28:18', 'SLA002@37:23-37:25']);
    assert.deepEqual(validate(cr(broken)), expected);
    assert.deepEqual(validate(mixed(broken)), expected);
  });

  test('multi-line scalars read the same: a folded description, a literal block, a quoted line break', () => {
    const text = edit(VALID_SLA, '    description: p99 server-side latency of /v1/predict\n',
      '    description: >-\n      p99 server-side latency\n      of /v1/predict\n    measurement: { point: server }\n'.replace('    measurement: { point: server }\n', ''))
      .replace('  title: Churn model — internal\n', '  title: "Churn model —\n    internal"\n  description: |\n    line one\n    line two\n');
    const lf = parseSlaFile('file:///a.sla.yaml', 1, text).docs[0].value as any;
    assert.equal(lf.objectives[0].description, 'p99 server-side latency of /v1/predict');
    assert.equal(lf.metadata.title, 'Churn model — internal');
    assert.deepEqual(parseSlaFile('file:///a.sla.yaml', 1, cr(text)).docs[0].value, lf);
    assert.deepEqual(parseSlaFile('file:///a.sla.yaml', 1, mixed(text)).docs[0].value, lf);
  });

  test('a comment does not hide nesting from the depth guard', () => {
    const deep = `# a comment\rkey: ${'['.repeat(150)}${']'.repeat(150)}\r`;
    const file = parseSlaFile('file:///d.sla.yaml', 1, deep);
    assert.ok(file.refused, 'refused as too deep');
    assert.equal(file.refused!.offset, deep.indexOf('[') + 100, 'at the 101st bracket');
  });

  test('a multi-document file separated by `---` on lone-CR lines: two SLAs, findings in the second', () => {
    const second = edit(edit(VALID_SLA, 'name: churn-internal', 'name: churn-other'), 'percentile: p99', 'percentile: p0');
    const text = `${VALID_SLA}---\n${second}`;
    const expected = validate(text);
    assert.equal(expected.length, 1);
    const line = lineOf(text, 'percentile: p0');
    assert.ok(line > 50, 'in the second document');
    assert.ok(expected[0].startsWith(`SLA002@${line}:16-${line}:18 `), expected[0]);
    assert.deepEqual(validate(cr(text)), expected);
  });
});

describe('what reads lines', () => {
  const points: [string, string][] = [
    ['a top-level key', 'scope: internal\n'],
    ['a key inside an objective', '    indicator: latency\n'],
    ['a key of a nested mapping', '  from: 2026-08-03\n'],
    ['a value', '    indicator: latency\n'],
    ['a flow mapping', '    window: { calendar: month }\n'],
  ];
  test('completion: the same items at the same place', () => {
    for (const [name, anchor] of points) {
      const insertAt = name === 'a value' ? VALID_SLA.indexOf(anchor) + '    indicator: '.length
        : name === 'a flow mapping' ? VALID_SLA.indexOf(anchor) + '    window: { '.length
        : VALID_SLA.indexOf(anchor) + anchor.length;
      const lf = VALID_SLA.slice(0, insertAt) + (name.startsWith('a key') || name === 'a top-level key' ? '\n' : '') + VALID_SLA.slice(insertAt);
      const before = lf.slice(0, insertAt).split('\n');
      const position = { line: before.length - 1, character: before[before.length - 1].length };
      const service = getLanguageService();
      const items = (text: string) => service.complete(textDocument(text), position).items.map((i) => [i.label, JSON.stringify(i.textEdit && 'range' in i.textEdit ? i.textEdit.range : null)]);
      const expected = items(lf);
      assert.ok(expected.length > 0, `${name}: completions in the LF file`);
      assert.deepEqual(items(cr(lf)), expected, name);
    }
  });

  test('completion of a half-typed key: the key on the next line still counts as present', () => {
    const lf = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '    perc\n');
    const position = { line: lineOf(lf, '    perc\n'), character: 8 };
    const service = getLanguageService();
    for (const text of [lf, cr(lf), crlf(lf)]) {
      const labels = service.complete(textDocument(text), position).items.map((i) => i.label);
      assert.ok(labels.includes('percentileMethod'), JSON.stringify(text.slice(0, 20)));
      assert.ok(!labels.includes('target'), '`target` (the next line) is present');
    }
  });

  test('hover, symbols and go-to-definition: the same ranges', () => {
    const service = getLanguageService();
    const position = { line: 27, character: 13 }; // `metric: latency` of latency-p99
    const lf = textDocument(VALID_SLA), crDoc = textDocument(cr(VALID_SLA));
    assert.deepEqual(service.documentSymbols(crDoc), service.documentSymbols(lf));
    assert.deepEqual(service.definition(crDoc, position)?.range, service.definition(lf, position)?.range);
    assert.ok(service.definition(lf, position));
    assert.deepEqual(service.hover(crDoc, { line: 29, character: 6 })?.range, service.hover(lf, { line: 29, character: 6 })?.range);
  });

  test('words found in descriptions (SLA108, SLA117) sit on the same word, also on a later line of a block scalar', () => {
    const text = edit(VALID_SLA, '    description: p99 server-side latency of /v1/predict\n',
      '    description: >-\n      The p99 latency is fast, and\n      monthly it is typically under 300 ms.\n')
      .replace('    window: { rolling: 28d }\n', '    window: { rolling: 28d }\n    description: |\n      Best effort\n      per calendar month.\n');
    const expected = validate(text);
    assert.deepEqual(expected.map((d) => d.split(' ')[0]), ['SLA108@26:25-26:29', 'SLA108@27:20-27:29', 'SLA108@42:6-42:17', 'SLA117@43:6-43:24']);
    assert.deepEqual(validate(cr(text)), expected);
    assert.deepEqual(validate(mixed(text)), expected);
  });

  test('a suppression comment reaches to the end of its own line, not to the next LF', () => {
    const text = edit(edit(VALID_SLA, '    percentileMethod: nearest-rank\n', ''), '  - id: latency-p99\n', '  # model-sla-disable-next-line SLA101\n  - id: latency-p99\n')
      .replace('breach:\n', '# SLA108 and SLA103 are discussed in the wiki\nbreach:\n');
    assert.deepEqual(validate(text), []);
    assert.deepEqual(validate(cr(text)), [], 'SLA108 and SLA103 on a later line are not taken as suppressed codes (no SLA100)');
  });

  test('a quick fix writes the file\'s own line break, and re-lints clean', () => {
    const service = getLanguageService();
    const lf = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '');
    const text = cr(lf);
    const document = textDocument(text);
    const [finding] = service.validate(document);
    assert.equal(finding.code, 'SLA101');
    const actions = service.codeActions(document, finding.range, [finding]);
    const fix = actions.find((a) => a.isPreferred)!;
    const fixed = applyEdits(text, fix.edit!.changes![document.uri]);
    assert.ok(!fixed.includes('\n'), 'no LF written into a CR file');
    assert.equal(fixed, cr(edit(lf, 'excludes: [client-network] }\n', 'excludes: [client-network] }\n    percentileMethod: nearest-rank\n')));
    assert.deepEqual(service.validate(textDocument(fixed)), []);
    const disable = actions.find((a) => a.title === 'Disable SLA101 for this line')!;
    const silenced = applyEdits(text, disable.edit!.changes![document.uri]);
    assert.ok(!silenced.includes('\n'));
    assert.deepEqual(service.validate(textDocument(silenced)), []);
  });

  test('SLA104 on a lone-CR file: on the objective\'s metric line, and the fix adds `good` to the metric', () => {
    const service = getLanguageService();
    const text = cr(edit(VALID_SLA, '    good: "status < 500"\n', '    total: requests\n'));
    const document = textDocument(text);
    const [finding] = service.validate(document);
    assert.equal(brief(finding), 'SLA104@35:12-35:20');
    const fixed = applyEdits(text, service.codeActions(document, finding.range, [finding]).find((a) => a.isPreferred)!.edit!.changes![document.uri]);
    assert.ok(fixed.includes('\r    total: requests\r    goodCount: ok_requests\robjectives:'), JSON.stringify(fixed.slice(400, 700)));
  });
});

describe('incremental parsing', () => {
  const shape = (file: SlaFile) => ({ lineStarts: file.lineStarts, docs: file.docs.map((d) => ({ value: d.value, range: d.yaml.range, errors: d.yaml.errors.length })) });

  test('edits of a lone-CR file equal a full parse (they take the full path)', () => {
    const cache = new ParseCache();
    let text = cr(VALID_SLA);
    cache.get('file:///c.sla.yaml', 1, text);
    for (let version = 2; version < 8; version++) {
      text = text.replace(/target: "<= (\d+)ms"/, (_m, n) => `target: "<= ${Number(n) + 1}ms"`);
      const spliced = cache.get('file:///c.sla.yaml', version, text);
      assert.deepEqual(shape(spliced), shape(parseSlaFile('file:///c.sla.yaml', version, text)));
      assert.equal((spliced.docs[0].value as any).objectives[0].target, `<= ${300 + version - 1}ms`);
    }
    assert.equal(cache.incrementalParses, 0);
  });

  test('a lone CR typed into an LF file, or a CRLF cut to a lone CR, is re-parsed in full', () => {
    const cache = new ParseCache();
    cache.get('file:///m.sla.yaml', 1, VALID_SLA);
    const withCr = VALID_SLA.replace('    indicator: latency\n', '    indicator: latency\r    metric2: x\n');
    const file = cache.get('file:///m.sla.yaml', 2, withCr);
    assert.deepEqual(shape(file), shape(parseSlaFile('file:///m.sla.yaml', 2, withCr)));
    assert.equal((file.docs[0].value as any).objectives[0].metric2, 'x');

    const cache2 = new ParseCache();
    const base = crlf(VALID_SLA);
    cache2.get('file:///n.sla.yaml', 1, base);
    const at = base.indexOf('\r\n', base.indexOf('indicator: latency')) + 1;
    const cut = base.slice(0, at) + base.slice(at + 1); // drop the LF of one CRLF
    assert.deepEqual(shape(cache2.get('file:///n.sla.yaml', 2, cut)), shape(parseSlaFile('file:///n.sla.yaml', 2, cut)));
    assert.deepEqual(validate(cut), []);
  });
});
