/**
 * Error cascades (issue 13.6): one misplaced line gives one clear SLA001 where it is and at most a
 * few findings, never one per token; findings about the tree the error broke are not reported.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brief, diagnose, lineOf, VALID_SLA } from '../helpers';
import { MAX_SYNTAX_FINDINGS } from '../../server/src/service/validation/syntax';

const FRAUD = readFileSync(join(__dirname, '..', '..', 'examples', 'fraud.sla.yaml'), 'utf8');
const summary = (ds: { code?: unknown; range: { start: { line: number } }; message: string }[]) => ds.map((d) => `${String(d.code)}@${d.range.start.line + 1} ${d.message.slice(0, 120)}`).join('\n');

/** The text with `insert` put at the start of the 0-based line `line`. */
function insertAt(text: string, line: number, insert: string): string {
  const lines = text.split('\n');
  lines[line] = insert + lines[line];
  return lines.join('\n');
}

describe('syntax error cascades', () => {
  test('a stray line above the SLA: one SLA001 on that line, not one per token', () => {
    const text = 'stray line\n' + FRAUD;
    const found = diagnose(text);
    assert.ok(found.length <= 3, summary(found));
    assert.equal(found[0].code, 'SLA001', summary(found));
    assert.equal(found[0].range.start.line, 0);
    assert.match(found[0].message, /`stray line` is not a `key: value` line/);
    assert.equal(found.filter((d) => d.code === 'SLA001' && d.range.start.line === 0).length, 1, summary(found));
  });

  test('a stray `x` at the start of an objective line: SLA001 on that line, no dump of the list as a field name', () => {
    const line = lineOf(FRAUD, '  - id: availability-minutes');
    const found = diagnose(insertAt(FRAUD, line, 'x'));
    assert.ok(found.length <= MAX_SYNTAX_FINDINGS, summary(found));
    assert.equal(found[0].code, 'SLA001');
    assert.equal(found[0].range.start.line, line, summary(found));
    assert.match(found[0].message, /starts at column 1 while the lines around it start at column 5/);
    assert.ok(!found.some((d) => /unknown field `\[/.test(d.message)), summary(found));
  });

  test('a stray `x` at the start of a nested key line: the stray line is blamed, not the next one', () => {
    const line = lineOf(FRAUD, '    percentileMethod: linear');
    const found = diagnose(insertAt(FRAUD, line, 'x'));
    assert.ok(found.length <= MAX_SYNTAX_FINDINGS, summary(found));
    assert.equal(found[0].code, 'SLA001');
    assert.equal(found[0].range.start.line, line, summary(found));
    // Without the cap: `unknown field \`[ { id: availability-minutes, …\`` at `apiVersion`, missing
    // target/window in latency-p95 (they moved to the top level), SLA101 for the moved percentileMethod.
    assert.ok(!found.some((d) => d.code !== 'SLA001'), summary(found));
  });

  test('many independent errors: at most a few SLA001, the first says how many more there are', () => {
    const text = VALID_SLA + Array.from({ length: 20 }, (_, i) => `bad${i}: [unclosed\n`).join('');
    const syntax = diagnose(text).filter((d) => d.code === 'SLA001');
    assert.ok(syntax.length <= MAX_SYNTAX_FINDINGS, summary(syntax));
    assert.match(syntax[0].message, /more YAML errors? further down/);
  });

  test('one SLA001 per line', () => {
    const text = VALID_SLA.replace('kind: SLA', 'kind: SLA: x: y');
    const syntax = diagnose(text).filter((d) => d.code === 'SLA001');
    const lines = syntax.map((d) => d.range.start.line);
    assert.deepEqual(lines, [...new Set(lines)], syntax.map(brief).join(' '));
  });

  test('findings in sections before the syntax error are kept; a duplicate key hides nothing', () => {
    // A vague word in the first objective's description (SLA108) and a broken line further down.
    const withVague = VALID_SLA.replace(/description: .*/, (m) => `${m} fast`);
    assert.ok(diagnose(withVague).some((d) => d.code === 'SLA108'), 'the fixture gives SLA108');
    const broken = withVague + 'breach2: [unclosed\n';
    const found = diagnose(broken);
    assert.ok(found.some((d) => d.code === 'SLA001'));
    assert.ok(found.some((d) => d.code === 'SLA108'), summary(found));
    const duplicate = withVague.replace('kind: SLA\n', 'kind: SLA\nkind: SLA\n');
    const dupFound = diagnose(duplicate);
    assert.ok(dupFound.some((d) => d.code === 'SLA001' && /unique/i.test(d.message)), summary(dupFound));
    assert.ok(dupFound.some((d) => d.code === 'SLA108'), summary(dupFound));
  });
});
