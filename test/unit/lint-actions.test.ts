/**
 * Around the rules: fix-all, "disable for this line", suppression comments and SLA100, severity
 * overrides, and rule isolation in the runner.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import { lintDocument } from '../../server/src/service/lint';
import type { Rule } from '../../server/src/service/lint/rule';
import { percentileMethod } from '../../server/src/service/lint/rules/percentileMethod';
import { brief, lineOf, positionOf, service, textDocument } from '../helpers';
import { actionsFor, applyEdits, edit, EXTERNAL_SLA, lint, one, only, TIMESLICES_SLA, VALID_SLA } from './lint-support';

const at = (d: { range: { start: { line: number; character: number } } }) => [d.range.start.line, d.range.start.character];

/** VALID_SLA with a second percentile objective; neither states its percentileMethod. */
const TWO_P99 = edit(edit(VALID_SLA, '    percentileMethod: nearest-rank\n', ''), 'breach:\n', `  - id: latency-p95
    indicator: latency
    metric: latency
    percentile: p95
    target: "<= 200ms"
    window: { calendar: month }
    measurement: { point: server }
breach:
`);

function fixAll(text: string, code: string, expected: number): string {
  const found = only(text, code);
  assert.equal(found.length, expected, found.map(brief).join(', '));
  const { actions, uri } = actionsFor(text, found[0]);
  const all = actions.find((a) => a.title === `Fix all ${code} in this file (${expected})`);
  assert.ok(all, actions.map((a) => a.title).join(' | '));
  return applyEdits(text, all.edit!.changes![uri]);
}

describe('fix all', () => {
  test('"Fix all SLA101 in this file (2)" fixes both objectives, re-linted clean', () => {
    const fixed = fixAll(TWO_P99, 'SLA101', 2);
    assert.deepEqual(lint(fixed).map(brief), []);
    assert.equal(fixed.match(/percentileMethod: nearest-rank/g)?.length, 2);
  });
  test('across the documents of a multi-document file', () => {
    const doc = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '');
    const text = `${doc}---\n${edit(doc, 'name: churn-internal', 'name: churn-batch')}`;
    const fixed = fixAll(text, 'SLA101', 2);
    assert.deepEqual(lint(fixed).map(brief), []);
  });
  test('two findings of one code on one objective (same insertion point) are both fixed', () => {
    const text = edit(TIMESLICES_SLA, '    emptySlices: ignore\n    minObservations: 1000\n', '');
    const fixed = fixAll(text, 'SLA116', 2);
    assert.deepEqual(lint(fixed).map(brief), []);
  });
  test('SLA112 without `external`: the shared fix is applied once', () => {
    const text = edit(VALID_SLA, 'scope: internal', 'scope: external');
    const fixed = fixAll(text, 'SLA112', 3);
    assert.deepEqual(lint(fixed).map(brief), []);
    assert.equal(fixed.match(/^ {2}external:/gm)?.length, 1);
  });
  test('SLA112 without `external` and without escalation', () => {
    const text = edit(edit(VALID_SLA, 'scope: internal', 'scope: external'), '  escalation:\n    - { after: 1h, notify: on-call }\n', '');
    const fixed = fixAll(text, 'SLA112', 4);
    assert.deepEqual(lint(fixed).map(brief), []);
  });
  test('no fix-all for a single finding', () => {
    const text = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '');
    const { actions } = actionsFor(text, one(text, 'SLA101'));
    assert.ok(!actions.some((a) => a.title.startsWith('Fix all')));
  });
});

describe('disable for this line', () => {
  function disable(text: string, code: string): string {
    const d = one(text, code);
    const { actions, uri } = actionsFor(text, d);
    const action = actions.find((a) => a.title === `Disable ${code} for this line`);
    assert.ok(action, actions.map((a) => a.title).join(' | '));
    return applyEdits(text, action.edit!.changes![uri]);
  }
  test('inserts the comment with the line\'s indentation; the finding is gone', () => {
    const text = edit(VALID_SLA, 'p99 server-side latency of /v1/predict', 'fast p99 scoring');
    const fixed = disable(text, 'SLA108');
    assert.ok(fixed.includes('    # model-sla-disable-next-line SLA108\n    description: fast p99 scoring\n'), fixed);
    assert.deepEqual(lint(fixed).map(brief), []);
  });
  test('on a sequence item\'s id line', () => {
    const text = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '');
    const fixed = disable(text, 'SLA101');
    assert.ok(fixed.includes('  # model-sla-disable-next-line SLA101\n  - id: latency-p99\n'), fixed);
    assert.deepEqual(lint(fixed).map(brief), []);
  });
  test('at the top level', () => {
    const text = edit(VALID_SLA, ', timezone: Europe/Berlin', '');
    const fixed = disable(text, 'SLA102');
    assert.ok(fixed.includes('\n# model-sla-disable-next-line SLA102\nperiod: {'), fixed);
    assert.deepEqual(lint(fixed).map(brief), []);
  });
});

describe('suppression comments', () => {
  test('`# model-sla-disable SLA108` suppresses every SLA108 in the file, in every document', () => {
    const vague = edit(edit(VALID_SLA, 'title: Churn model — internal', 'title: Fast churn model'), 'p99 server-side latency of /v1/predict', 'typically fast');
    assert.equal(only(vague, 'SLA108').length, 3);
    const text = `# model-sla-disable SLA108\n${vague}---\n${edit(vague, 'name: churn-internal', 'name: churn-batch')}`;
    assert.deepEqual(lint(text).map(brief), []);
  });
  test('an unused file-wide suppression is SLA100 (info) on the code in the comment', () => {
    const text = `# model-sla-disable SLA108\n${VALID_SLA}`;
    const d = one(text, 'SLA100');
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.deepEqual([...at(d), d.range.end.character], [0, 20, 26]);
    assert.match(d.message, /SLA108/);
  });
  test('an unused next-line suppression is SLA100, once per unused code', () => {
    const text = edit(VALID_SLA, '  - id: availability', '  # model-sla-disable-next-line SLA101, SLA108\n  - id: availability');
    const found = only(text, 'SLA100');
    const line = lineOf(text, '# model-sla-disable-next-line');
    assert.deepEqual(found.map(at), [[line, positionOf(text, 'SLA101').character], [line, positionOf(text, 'SLA108').character]]);
    assert.deepEqual(lint(text).filter((d) => d.code !== 'SLA100').map(brief), []);
  });
  test('a suppression of one code does not hide another code on the same line', () => {
    // SLA101 and SLA103 are both on the `id` line; only SLA101 is suppressed.
    const text = edit(edit(edit(VALID_SLA, '    percentileMethod: nearest-rank\n', ''), /    measurement: \{ point: server.*\n/, ''), '  - id: latency-p99', '  # model-sla-disable-next-line SLA101\n  - id: latency-p99');
    assert.deepEqual(lint(text).map((d) => `${d.code}@${d.range.start.line}`), [`SLA103@${lineOf(text, '  - id: latency-p99')}`]);
  });
  test('while the file has a syntax error (SLA001) an unused suppression is not SLA100; once it is fixed, it is', () => {
    const suppressed = `# model-sla-disable SLA109\n${VALID_SLA}`;
    assert.equal(only(suppressed, 'SLA100').length, 1, 'unused: SLA100');
    const broken = edit(suppressed, '    percentileMethod: nearest-rank\n', '    percentileMethod: nearest-rank\n   x: [\n');
    const found = lint(broken);
    assert.ok(found.some((d) => d.code === 'SLA001'), found.map(brief).join(' '));
    assert.deepEqual(found.filter((d) => d.code === 'SLA100').map(brief), [], 'no SLA100 while the syntax is broken');
  });
  test('a next-line suppression covers only the next line', () => {
    const text = edit(VALID_SLA, '    description: p99 server-side latency of /v1/predict\n    indicator: latency\n', '    # model-sla-disable-next-line SLA108\n    indicator: latency\n    description: fast\n');
    assert.deepEqual(lint(text).map((d) => `${d.code}@${d.range.start.line}`).sort(), [`SLA100@${lineOf(text, '# model-sla')}`, `SLA108@${lineOf(text, 'description: fast')}`]);
  });
});

describe('severity overrides', () => {
  const text = edit(edit(VALID_SLA, '    percentileMethod: nearest-rank\n', ''), 'p99 server-side latency of /v1/predict', 'fast p99');

  test('off removes a code, error changes a severity; other codes keep theirs', () => {
    const svc = getLanguageService();
    svc.configure({ severity: { SLA108: 'off', SLA101: 'error' } });
    const found = lint(text, svc);
    assert.deepEqual(found.map((d) => [d.code, d.severity]), [['SLA101', DiagnosticSeverity.Error]]);
    // The shared service is untouched.
    assert.deepEqual(lint(text).map((d) => [d.code, d.severity]).sort(), [['SLA101', DiagnosticSeverity.Warning], ['SLA108', DiagnosticSeverity.Information]]);
  });
  test('the override applies from the next validation on', () => {
    const svc = getLanguageService();
    assert.equal(only(text, 'SLA108', svc).length, 1);
    svc.configure({ severity: { SLA108: 'off' } });
    assert.equal(only(text, 'SLA108', svc).length, 0);
    svc.configure({ severity: {} });
    assert.equal(only(text, 'SLA108', svc).length, 1);
  });
  test('SLA001 cannot be changed', () => {
    const svc = getLanguageService();
    svc.configure({ severity: { SLA001: 'off' } });
    const broken = edit(VALID_SLA, 'window: { calendar: month }', 'window: { calendar: month');
    const found = lint(broken, svc).filter((d) => d.code === 'SLA001');
    assert.ok(found.length >= 1);
    svc.configure({ severity: { SLA001: 'info' } });
    assert.ok(lint(broken, svc).filter((d) => d.code === 'SLA001').every((d) => d.severity === DiagnosticSeverity.Error));
  });
});

describe('rule isolation', () => {
  test('a throwing rule is reported through onRuleError; the other rules still report', () => {
    const text = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '');
    const file = service.parse(textDocument(text));
    const throwing: Rule = { codes: ['SLA108'], check: () => { throw new Error('boom'); } };
    const errors: [Rule, unknown][] = [];
    const found = lintDocument(file, file.docs[0], { rules: [throwing, percentileMethod], onRuleError: (rule, error) => errors.push([rule, error]) });
    assert.deepEqual(found.map((d) => d.code), ['SLA101']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0][0], throwing);
    assert.match(String((errors[0][1] as Error).message), /boom/);
  });
  test('through the service: onRuleError is called and validation goes on', () => {
    const errors: unknown[] = [];
    const svc = getLanguageService({ onRuleError: (_rule, error) => errors.push(error) });
    // A structure no rule expects must not throw at all.
    const odd = edit(VALID_SLA, '  - id: availability', '  - 42\n  - [a, b]\n  - id: availability');
    lint(odd, svc);
    assert.deepEqual(errors, []);
  });
  test('rules survive odd shapes without throwing', () => {
    const errors: unknown[] = [];
    const svc = getLanguageService({ onRuleError: (_rule, error) => errors.push(error) });
    for (const text of [
      'apiVersion: modelsla/v1\nkind: SLA\nobjectives: 3\nmetrics: [1]\nbreach: nope\nbaseline: 5\nperiod: x\n',
      'apiVersion: modelsla/v1\nscope: external\nmodel: m\nbreach: { external: [1] }\nobjectives:\n  - { indicator: availability, method: request-based, metric: m }\nmetrics: { m: 3 }\n',
      'objectives:\n  - { indicator: latency, percentile: 99, description: 5, window: { rolling: 3 } }\n  - { indicator: accuracy, evaluation: 7, exclusions: {} }\n',
      `${EXTERNAL_SLA}---\n- a\n- b\n---\n`,
    ]) lint(text, svc);
    assert.deepEqual(errors, []);
  });
});
