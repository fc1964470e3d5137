/** Diagnostics of the service on in-memory documents: codes, exact ranges and messages. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brief, diagnose, lineOf, VALID_SLA } from '../helpers';
import { setDocsBase } from '../../server/src/service/diagnostics';
import { ruleDocsBase } from '../../server/src/io/ruleDocs';

/** VALID_SLA with `from` replaced by `to` (must occur). */
function variant(from: string, to: string): string {
  assert.ok(VALID_SLA.includes(from), `fixture lacks ${from}`);
  return VALID_SLA.replace(from, to);
}

describe('valid files', () => {
  test('the base SLA has no finding', () => {
    assert.deepEqual(diagnose(VALID_SLA), []);
  });
  test('an empty file and a comment-only file have none', () => {
    assert.deepEqual(diagnose(''), []);
    assert.deepEqual(diagnose('# nothing yet\n'), []);
  });
  test('every diagnostic carries source, code and a documentation link to a rule page that exists', () => {
    const text = variant('    target: "<= 300ms"', '    taget: "<= 300ms"');
    const base = ruleDocsBase(join(__dirname, '..', '..', 'dist'));
    assert.ok(base, 'docs/rules/ beside dist/');
    setDocsBase(base);
    try {
      const [d] = diagnose(text);
      assert.equal(d.source, 'model-sla');
      const href = String(d.codeDescription?.href);
      assert.match(href, /^file:.*docs\/rules\/SLA002\.md$/);
      assert.ok(existsSync(fileURLToPath(href)), href);
    } finally {
      setDocsBase(undefined);
    }
    // Without the pages (a host that did not find them): no link rather than a dead one.
    assert.equal(diagnose(text)[0].codeDescription, undefined);
  });
});

describe('SLA001 YAML syntax', () => {
  test('an unclosed flow mapping is reported where the parser stops', () => {
    const text = variant('    window: { calendar: month }', '    window: { calendar: month');
    const found = diagnose(text).filter((d) => d.code === 'SLA001');
    assert.ok(found.length >= 1, JSON.stringify(found));
    assert.match(found[0].message, /^YAML syntax: /);
    const line = lineOf(text, 'window: { calendar: month');
    assert.ok(found[0].range.start.line >= line, brief(found[0]));
  });
  test('a duplicate key is a syntax error on the second key', () => {
    const text = variant('    metric: latency\n', '    metric: latency\n    metric: latency\n');
    const dup = diagnose(text).find((d) => d.code === 'SLA001');
    assert.ok(dup);
    assert.equal(dup.range.start.line, lineOf(text, 'metric: latency') + 1);
    assert.match(dup.message, /unique/i);
  });
  test('tabs as indentation and an unclosed quote do not crash and give SLA001', () => {
    const tabs = 'apiVersion: modelsla/v1\nmetadata:\n\tname: x\n';
    assert.ok(diagnose(tabs).some((d) => d.code === 'SLA001'));
    const quote = 'apiVersion: "modelsla/v1\nkind: SLA\n';
    assert.ok(diagnose(quote).some((d) => d.code === 'SLA001'));
  });
  test('an alias bomb (billion laughs) is refused with one clear finding, quickly', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      rows.push(`${name}: &${name} [${Array(9).fill('*' + prev).join(',')}]`);
    }
    const found = diagnose(rows.join('\n') + '\n');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].code, 'SLA001');
    assert.match(found[0].message, /aliases expand/);
    assert.equal(found[0].range.start.line, 1, 'placed on the first alias');
  });
});

describe('SLA002 schema', () => {
  test('an unknown property is flagged on its key, with did-you-mean', () => {
    const text = variant('    target: "<= 300ms"', '    taget: "<= 300ms"');
    const found = diagnose(text);
    const unknown = found.find((d) => /unknown field `taget`/.test(d.message));
    assert.ok(unknown, JSON.stringify(found.map((d) => d.message)));
    const line = lineOf(text, 'taget:');
    assert.equal(brief(unknown), `SLA002@${line}:4-${line}:9`);
    assert.match(unknown.message, /did you mean `target`\?/);
    assert.match(unknown.message, /objective `latency-p99`/);
    // …and the now-missing target on the objective's id key
    const missing = found.find((d) => /missing required field `target`/.test(d.message));
    assert.ok(missing);
    const idLine = lineOf(text, 'id: latency-p99');
    assert.equal(brief(missing), `SLA002@${idLine}:4-${idLine}:6`);
  });
  test('a missing top-level property is placed on the first key', () => {
    const text = variant('model: churn-xgb\n', '');
    const [d] = diagnose(text);
    assert.equal(brief(d), 'SLA002@0:0-0:10');
    assert.match(d.message, /missing required field `model`/);
  });
  test('a missing nested property is placed on its parent key', () => {
    const text = variant('  owner: ml-platform@example.com\n', '');
    const [d] = diagnose(text);
    const line = lineOf(text, 'metadata:');
    assert.equal(brief(d), `SLA002@${line}:0-${line}:8`);
    assert.match(d.message, /missing required field `owner` in `metadata`/);
  });
  test('an enum value with a typo names the choices and the closest one', () => {
    const text = variant('    indicator: latency', '    indicator: latancy');
    const found = diagnose(text);
    const d = found.find((x) => /must be one of/.test(x.message));
    assert.ok(d, JSON.stringify(found.map((x) => x.message)));
    const line = lineOf(text, 'indicator: latancy');
    assert.equal(brief(d), `SLA002@${line}:15-${line}:22`);
    assert.match(d.message, /did you mean `latency`\?/);
  });
  test('a wrong type names what was expected and what was found', () => {
    const text = variant('  repeated: { count: 3,', '  repeated: { count: lots,');
    const d = diagnose(text).find((x) => /count/.test(x.message));
    assert.ok(d);
    assert.match(d.message, /must be an integer; found `lots` \(text\)/);
    const line = lineOf(text, 'count: lots');
    assert.equal(d.range.start.line, line);
  });
  test('oneOf: the deepest failing branch, not the first (window with a bad rolling duration)', () => {
    const text = variant('    window: { rolling: 28d }', '    window: { rolling: 28days }');
    const found = diagnose(text);
    assert.equal(found.length, 1, JSON.stringify(found.map((x) => x.message)));
    const line = lineOf(text, 'rolling: 28days');
    assert.equal(brief(found[0]), `SLA002@${line}:23-${line}:29`);
    assert.match(found[0].message, /unknown unit `days`; durations use ms, s, m, h, d, w/);
  });
  test('oneOf: neither alternative present gives one message on the parent key', () => {
    const text = variant('    window: { rolling: 28d }', '    window: { }');
    const found = diagnose(text);
    assert.equal(found.length, 1, JSON.stringify(found.map((x) => x.message)));
    const line = lineOf(text, 'window: { }');
    assert.equal(brief(found[0]), `SLA002@${line}:4-${line}:10`);
    assert.match(found[0].message, /needs exactly one of `rolling` or `calendar`/);
  });
  test('a latency objective without percentile or threshold: one message on its id', () => {
    const text = variant('    percentile: p99\n    percentileMethod: nearest-rank\n', '');
    const found = diagnose(text);
    assert.equal(found.length, 1, JSON.stringify(found.map((x) => x.message)));
    const line = lineOf(text, 'id: latency-p99');
    assert.equal(brief(found[0]), `SLA002@${line}:4-${line}:6`);
    assert.match(found[0].message, /`percentile` or `threshold`/);
  });
  test('a target without an operator: "a target needs an operator"', () => {
    const text = variant('    target: "<= 300ms"', '    target: "300ms"');
    const [d] = diagnose(text);
    const line = lineOf(text, 'target: "300ms"');
    assert.equal(brief(d), `SLA002@${line}:12-${line}:19`);
    assert.match(d.message, /a target needs an operator: `<= 300ms`/);
  });
  test('months are not a fixed duration', () => {
    const text = variant('    window: { rolling: 28d }', '    window: { rolling: 1M }');
    const [d] = diagnose(text);
    assert.match(d.message, /months are not a fixed duration/);
    assert.match(d.message, /calendar: month/);
    assert.match(d.message, /rolling: 30d/);
  });
  test('an unknown duration unit in a target names the allowed units', () => {
    const text = variant('    target: "<= 300ms"', '    target: "<= 300msec"');
    const [d] = diagnose(text);
    assert.match(d.message, /unknown unit `msec`; durations use ms, s, m, h, d, w/);
    assert.doesNotMatch(d.message, /rates use/, 'a percentile latency target only takes durations');
  });
  test('a target of the wrong kind for its indicator', () => {
    const text = variant('    target: "<= 300ms"', '    target: ">= 99%"');
    const [d] = diagnose(text);
    const line = lineOf(text, 'target: ">= 99%"');
    assert.equal(brief(d), `SLA002@${line}:12-${line}:20`);
    assert.match(d.message, /compares a duration .*found `>= 99%`, a percentage/);
  });
  test('a field of another indicator is flagged on its key', () => {
    const text = variant('    method: request-based\n', '    method: request-based\n    percentile: p99\n');
    const d = diagnose(text).find((x) => /does not apply/.test(x.message));
    assert.ok(d);
    const line = lineOf(text, 'percentile: p99', text.indexOf('id: availability'));
    assert.equal(brief(d), `SLA002@${line}:4-${line}:14`);
    assert.match(d.message, /does not apply to a availability objective|does not apply to an availability objective/);
  });
  test('an unknown IANA timezone suggests the closest one', () => {
    const text = variant('timezone: Europe/Berlin', 'timezone: Europe/Berln');
    const d = diagnose(text).find((x) => /timezone/.test(x.message));
    assert.ok(d);
    assert.match(d.message, /did you mean `Europe\/Berlin`\?/);
  });
  test('YAML 1.2: `2026-01-01` is a date string, `yes` is not a boolean', () => {
    assert.deepEqual(diagnose(variant('title: Churn model — internal', 'title: yes')), []);
  });
});

describe('SLA003 unknown references', () => {
  test('a metric that is not a key of metrics, on the value, with did-you-mean', () => {
    const text = variant('    metric: latency\n', '    metric: latncy\n');
    const [d] = diagnose(text);
    const line = lineOf(text, 'metric: latncy');
    assert.equal(brief(d), `SLA003@${line}:12-${line}:18`);
    assert.match(d.message, /unknown metric `latncy`.*did you mean `latency`\?/);
  });
  test('a service credit naming no objective', () => {
    const text = VALID_SLA.replace('breach:\n', 'breach:\n  external:\n    serviceCredits:\n      - objective: availabilty\n        tiers: [{ below: 99.9%, credit: 10% }]\n');
    const found = diagnose(text).filter((d) => d.code === 'SLA003');
    assert.equal(found.length, 1);
    const line = lineOf(text, 'objective: availabilty');
    assert.equal(brief(found[0]), `SLA003@${line}:19-${line}:30`);
    assert.match(found[0].message, /did you mean `availability`\?/);
  });
});

describe('SLA004 duplicates', () => {
  test('a duplicate objective id is flagged on the second one, naming the first line', () => {
    const text = variant('  - id: availability', '  - id: latency-p99');
    const [d] = diagnose(text);
    const first = lineOf(text, 'id: latency-p99');
    const second = lineOf(text, 'id: latency-p99', text.indexOf('id: latency-p99') + 5);
    assert.equal(brief(d), `SLA004@${second}:8-${second}:19`);
    assert.match(d.message, new RegExp(`already used on line ${first + 1}`));
  });
  test('multi-document files: each document is its own SLA, names must differ', () => {
    const second = VALID_SLA.replace('objectives:\n  - id: latency-p99', 'objectives:\n  - id: other');
    const clean = `${VALID_SLA}---\n${second.replace('name: churn-internal', 'name: churn-internal-2')}`;
    assert.deepEqual(diagnose(clean), []);
    const dup = `${VALID_SLA}---\n${second}`;
    const found = diagnose(dup);
    assert.equal(found.length, 1, JSON.stringify(found.map((x) => x.message)));
    assert.equal(found[0].code, 'SLA004');
    assert.equal(found[0].range.start.line, VALID_SLA.split('\n').length + lineOf(second, 'name: churn-internal'));
  });
  test('an error in the second document is placed in the second document', () => {
    const text = `${VALID_SLA}---\n${VALID_SLA.replace('name: churn-internal', 'name: second').replace('    metric: latency\n', '    metric: nope\n')}`;
    const [d] = diagnose(text);
    assert.equal(d.code, 'SLA003');
    assert.equal(d.range.start.line, lineOf(text, 'metric: nope'));
  });
});

describe('bad input', () => {
  test('a 5 MB file is validated without a crash', () => {
    const objective = VALID_SLA.slice(VALID_SLA.indexOf('  - id: availability'), VALID_SLA.indexOf('breach:'));
    const many: string[] = [];
    let size = 0;
    for (let i = 0; size < 5_000_000; i++) {
      many.push(objective.replace('id: availability', `id: availability-${i}`));
      size += many[many.length - 1].length;
    }
    const text = VALID_SLA.replace('breach:', `${many.join('')}breach:`);
    assert.deepEqual(diagnose(text), []);
  });
  test('a scalar document, a list document and binary junk give findings, not exceptions', () => {
    assert.ok(diagnose('just a string\n').length > 0);
    assert.ok(diagnose('- a\n- b\n').length > 0);
    assert.ok(diagnose('\u0000\u0001\u0002 : : [\n').length > 0);
  });
  test('every prefix of a valid file is handled (typing it from scratch)', () => {
    for (let i = 0; i <= VALID_SLA.length; i += 7) diagnose(VALID_SLA.slice(0, i));
  });
});
