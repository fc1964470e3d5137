/**
 * SLA111: an external SLA must not be stricter than an internal SLA of the same model (spec §7, §9:
 * objectives pair by indicator, percentile for latency, measure for accuracy; flagged on the
 * external `target` line).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import type { SlaSummary } from '../../server/src/service/lint/workspaceIndex';
import { brief, lineOf, positionOf } from '../helpers';
import { ACCURACY_SLA, applyPreferred, edit, EXTERNAL_SLA, lint, one, only, VALID_SLA } from './lint-support';

const INTERNAL_URI = 'file:///work/ws/slas/churn-internal.sla.yaml';

/** What the host's index holds for VALID_SLA (scope internal, model churn-xgb) at INTERNAL_URI. */
const INTERNAL: SlaSummary = {
  uri: INTERNAL_URI,
  name: 'churn-internal',
  model: 'churn-xgb',
  scope: 'internal',
  nameLine: 3,
  objectives: [
    { id: 'latency-p99', indicator: 'latency', percentile: 'p99', target: '<= 300ms', line: 30, path: ['objectives', 0] },
    { id: 'availability', indicator: 'availability', target: '>= 99.9%', line: 37, path: ['objectives', 1] },
    { id: 'f1-monthly', indicator: 'accuracy', measure: 'f1', target: '>= 0.82', line: 60, path: ['objectives', 2] },
  ],
};

const withIndex = (...slas: SlaSummary[]) => getLanguageService({ workspace: { slas: () => slas } });

/** EXTERNAL_SLA with the accuracy objective of ACCURACY_SLA (lint-clean). */
const EXTERNAL_WITH_ACCURACY = edit(edit(edit(ACCURACY_SLA, 'name: churn-internal', 'name: churn-external'), 'scope: internal', 'scope: external'),
  '  escalation:\n', EXTERNAL_SLA.slice(EXTERNAL_SLA.indexOf('  external:\n'), EXTERNAL_SLA.indexOf('  escalation:\n') + '  escalation:\n'.length));

describe('SLA111 externalVsInternal', () => {
  test('the fixtures are clean against the internal SLA (equal targets pass)', () => {
    const svc = withIndex(INTERNAL);
    assert.deepEqual(lint(EXTERNAL_SLA, svc).map(brief), []);
    assert.deepEqual(lint(EXTERNAL_WITH_ACCURACY, svc).map(brief), []);
  });
  test('a stricter external availability: warning on the external target value, naming the internal file', () => {
    const svc = withIndex(INTERNAL);
    const text = edit(EXTERNAL_SLA, 'target: ">= 99.9%"', 'target: ">= 99.95%"');
    const d = one(text, 'SLA111', svc);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual([d.range.start.line, d.range.start.character], [lineOf(text, '">= 99.95%"'), positionOf(text, '">= 99.95%"').character]);
    assert.match(d.message, /churn-internal\.sla\.yaml:4/);
    assert.match(d.message, /`churn-internal`/);
    assert.match(d.message, />= 99\.9%/);
  });
  test('quick fix: the internal target; re-linted clean', () => {
    const svc = withIndex(INTERNAL);
    const text = edit(EXTERNAL_SLA, 'target: ">= 99.9%"', 'target: ">= 99.95%"');
    const fixed = applyPreferred(text, one(text, 'SLA111', svc), svc).text;
    assert.equal(fixed, EXTERNAL_SLA);
    assert.deepEqual(lint(fixed, svc).map(brief), []);
  });
  test('latency across units: 0.25s is stricter than 300ms; 0.3s is equal', () => {
    const svc = withIndex(INTERNAL);
    assert.equal(only(edit(EXTERNAL_SLA, '"<= 300ms"', '"<= 0.25s"'), 'SLA111', svc).length, 1);
    assert.deepEqual(only(edit(EXTERNAL_SLA, '"<= 300ms"', '"<= 0.3s"'), 'SLA111', svc), []);
  });
  test('exact comparison: 1.005s equals 1005ms (binary floating point makes it 1004.9999999999999 ms)', () => {
    const internal: SlaSummary = { ...INTERNAL, objectives: [{ ...INTERNAL.objectives[0], target: '<= 1005ms' }] };
    const svc = withIndex(internal);
    assert.deepEqual(only(edit(EXTERNAL_SLA, '"<= 300ms"', '"<= 1.005s"'), 'SLA111', svc), []);
    assert.equal(only(edit(EXTERNAL_SLA, '"<= 300ms"', '"<= 1.004s"'), 'SLA111', svc).length, 1);
  });
  test('accuracy pairs by measure; a bare ratio and a percentage compare', () => {
    const svc = withIndex(INTERNAL);
    assert.equal(only(edit(EXTERNAL_WITH_ACCURACY, 'target: ">= 0.82"', 'target: ">= 0.85"'), 'SLA111', svc).length, 1);
    assert.deepEqual(only(edit(EXTERNAL_WITH_ACCURACY, 'target: ">= 0.82"', 'target: ">= 82%"'), 'SLA111', svc), []);
    assert.equal(only(edit(EXTERNAL_WITH_ACCURACY, 'target: ">= 0.82"', 'target: ">= 83%"'), 'SLA111', svc).length, 1);
    const otherMeasure = edit(edit(EXTERNAL_WITH_ACCURACY, 'target: ">= 0.82"', 'target: ">= 0.9"'), 'measure: f1', 'measure: precision');
    assert.deepEqual(only(otherMeasure, 'SLA111', svc), []);
  });
  test('near misses: looser or equal external targets', () => {
    const svc = withIndex(INTERNAL);
    // (Its first credit tier moves with the target: below 99.9 % would credit met windows, SLA126.)
    const looser = edit(edit(edit(EXTERNAL_SLA, 'target: ">= 99.9%"', 'target: ">= 99.5%"'), '"<= 300ms"', '"<= 400ms"'), '{ below: 99.9%, credit: 10% }', '{ below: 99.5%, credit: 10% }');
    assert.deepEqual(lint(looser, svc).map(brief), []);
  });
  test('near misses: another model, another percentile, an internal-scoped file, no workspace', () => {
    const stricter = edit(edit(EXTERNAL_SLA, 'target: ">= 99.9%"', 'target: ">= 99.95%"'), '"<= 300ms"', '"<= 250ms"');
    assert.deepEqual(only(edit(stricter, 'model: churn-xgb', 'model: fraud-gbm'), 'SLA111', withIndex(INTERNAL)), []);
    assert.deepEqual(only(stricter, 'SLA111', withIndex({ ...INTERNAL, scope: 'external' })), []);
    assert.deepEqual(only(stricter, 'SLA111', withIndex({ ...INTERNAL, model: 'fraud-gbm' })), []);
    const p95 = edit(stricter, 'percentile: p99', 'percentile: p95');
    assert.deepEqual(only(p95, 'SLA111', withIndex(INTERNAL)).map((d) => d.range.start.line), [lineOf(p95, '">= 99.95%"')], 'only availability pairs');
    assert.deepEqual(only(stricter, 'SLA111'), [], 'the default service has no workspace');
  });
  test('ratio-form latency pairs only with the same threshold', () => {
    const internal: SlaSummary = { ...INTERNAL, objectives: [{ id: 'latency-ratio', indicator: 'latency', threshold: '<= 300ms', target: '>= 99%', line: 30, path: ['objectives', 0] }] };
    const svc = withIndex(internal);
    const ratio = edit(EXTERNAL_SLA, '    percentile: p99\n    percentileMethod: nearest-rank\n    target: "<= 300ms"\n', '    threshold: "<= 300ms"\n    target: ">= 99.5%"\n');
    assert.equal(only(ratio, 'SLA111', svc).length, 1);
    assert.deepEqual(only(edit(ratio, 'threshold: "<= 300ms"', 'threshold: "<= 500ms"'), 'SLA111', svc), []);
    assert.deepEqual(only(EXTERNAL_SLA, 'SLA111', svc), [], 'percentile form never pairs with ratio form');
  });
  test('one finding per external objective, even against several stricter-than internals', () => {
    const second: SlaSummary = { ...INTERNAL, uri: 'file:///work/ws/slas/churn-batch.sla.yaml', name: 'churn-batch' };
    const text = edit(EXTERNAL_SLA, 'target: ">= 99.9%"', 'target: ">= 99.95%"');
    assert.equal(only(text, 'SLA111', withIndex(INTERNAL, second)).length, 1);
  });
  test('the internal SLA in another document of the same file counts, read from the current text', () => {
    const text = `${VALID_SLA}---\n${edit(EXTERNAL_SLA, 'target: ">= 99.9%"', 'target: ">= 99.95%"')}`;
    const d = one(text, 'SLA111');
    assert.equal(d.range.start.line, lineOf(text, '">= 99.95%"'));
    assert.match(d.message, /this file:4/);
    // The index's (possibly stale) copy of this file is not used twice or instead.
    const svc = withIndex({ ...INTERNAL, uri: 'file:///work/ws/same.sla.yaml', objectives: [{ ...INTERNAL.objectives[1], target: '>= 99.99%' }] });
    assert.equal(svc.validate({ uri: 'file:///work/ws/same.sla.yaml', version: 1, getText: () => text }).filter((x) => x.code === 'SLA111').length, 1);
  });
});
