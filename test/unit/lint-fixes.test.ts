/**
 * Quick-fix text edits (lint/fixes.ts) on the YAML shapes people write: nested and multi-line flow
 * mappings, trailing commas, keys without a value, block scalars as the last entry, compact
 * sequences, CRLF files. Each fix must leave valid YAML that re-lints clean.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { brief } from '../helpers';
import { ACCURACY_SLA, actionsFor, applyEdits, applyPreferred, assertFixClean, edit, lint, one, VALID_SLA } from './lint-support';

const NO_METHOD = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '');

/** Applies the preferred fix of the one `code` finding and asserts the result has no finding at all. */
function fixToClean(text: string, code: string): string {
  const fixed = applyPreferred(text, one(text, code)).text;
  assert.deepEqual(lint(fixed).map((d) => `${brief(d)} ${d.message}`), [], fixed);
  return fixed;
}

describe('flow mappings', () => {
  test('a nested flow mapping gets the key in the inner braces, not the outer ones', () => {
    const text = edit(VALID_SLA, /  - id: latency-p99\n(    .*\n)+?(?=  - id: availability)/,
      '  - { id: latency-p99, indicator: latency, metric: latency, percentile: p99, percentileMethod: linear, target: "<= 300ms", window: { calendar: month }, measurement: { includes: [model-inference]}}\n');
    const fixed = assertFixClean(text, 'SLA103');
    assert.ok(fixed.includes('measurement: { includes: [model-inference], point: server}}'), fixed);
  });
  test('a trailing comma is kept valid', () => {
    const text = edit(VALID_SLA, 'measurement: { point: gateway }', 'measurement: { includes: [edge], }');
    const fixed = assertFixClean(text, 'SLA103');
    assert.ok(fixed.includes('measurement: { includes: [edge], point: server, }'), fixed);
  });
  test('a multi-line flow mapping with a comment after its last entry', () => {
    const text = edit(VALID_SLA, 'measurement: { point: gateway }', 'measurement: {\n      includes: [edge] # the load balancer\n    }');
    const fixed = assertFixClean(text, 'SLA103');
    assert.ok(fixed.includes('      includes: [edge], point: server # the load balancer\n'), fixed);
  });
  test('an empty flow mapping', () => {
    const text = edit(VALID_SLA, 'measurement: { point: gateway }', 'measurement: {}');
    const fixed = assertFixClean(text, 'SLA103');
    assert.ok(fixed.includes('measurement: { point: server }'), fixed);
  });
  test('a block that cannot go into a flow objective is written as flow', () => {
    const text = edit(ACCURACY_SLA, /  - id: f1-monthly\n(    .*\n|      .*\n)+?(?=breach:)/,
      '  - { id: f1-monthly, indicator: accuracy, metric: eval, measure: f1, target: ">= 0.82", window: { calendar: month }, measurement: { point: model }, exclusionBudget: 10%, exclusions: [{ reason: planned retraining, from: 2026-03-02T00:00:00Z, to: 2026-03-04T00:00:00Z }] }\n');
    const fixed = assertFixClean(text, 'SLA105');
    assert.match(fixed, /, evaluation: \{ dataset: [^,]+, cadence: weekly, minSamples: \d+, aggregate: every, labelDelay: 14d \} \}\n/);
  });
});

describe('keys without a value', () => {
  test('`measurement:` with nothing after it gets the mapping as its value (no duplicate key)', () => {
    const text = edit(VALID_SLA, 'measurement: { point: gateway }', 'measurement:');
    const fixed = fixToClean(text, 'SLA103');
    assert.ok(fixed.includes('    measurement: { point: server }\nbreach:'), fixed);
  });
  test('`evaluation: ~` gets a block below the key', () => {
    const text = edit(ACCURACY_SLA, /    evaluation:\n(      .*\n)+/, '    evaluation: ~\n');
    const fixed = fixToClean(text, 'SLA105');
    assert.match(fixed, /\n {4}evaluation:\n {6}dataset: .+\n {6}cadence: weekly\n {6}minSamples: \d+\n {6}aggregate: every\n {6}labelDelay: 14d\n {4}exclusionBudget: 10%\n {4}exclusions:/);
  });
  test('`external:` with no value under an external SLA', () => {
    const text = edit(edit(VALID_SLA, 'scope: internal', 'scope: external'), '  escalation:\n', '  external:\n  escalation:\n');
    const found = lint(text).filter((d) => d.code === 'SLA112');
    assert.equal(found.length, 3);
    const fixed = applyPreferred(text, found[0]).text;
    assert.deepEqual(lint(fixed).map(brief), [], fixed);
  });
});

describe('block mappings', () => {
  test('after a literal block scalar as the last entry', () => {
    const text = edit(edit(NO_METHOD, '    description: p99 server-side latency of /v1/predict\n', ''), '    measurement: { point: server, includes: [model-inference], excludes: [client-network] }\n',
      '    measurement: { point: server }\n    description: |\n      p99 of scoring\n      at the server\n');
    const fixed = fixToClean(text, 'SLA101');
    assert.ok(fixed.includes('      at the server\n    percentileMethod: nearest-rank\n  - id: availability'), fixed);
  });
  test('after a folded block scalar followed by a blank line', () => {
    const text = edit(edit(NO_METHOD, '    description: p99 server-side latency of /v1/predict\n', ''), '    measurement: { point: server, includes: [model-inference], excludes: [client-network] }\n',
      '    measurement: { point: server }\n    description: >-\n      p99 of scoring\n\n');
    fixToClean(text, 'SLA101');
  });
  test('a trailing comment on the last line stays on its line', () => {
    const text = edit(NO_METHOD, 'excludes: [client-network] }\n', 'excludes: [client-network] }   # agreed 2026-05\n');
    const fixed = fixToClean(text, 'SLA101');
    assert.ok(fixed.includes('   # agreed 2026-05\n    percentileMethod: nearest-rank\n'), fixed);
  });
  test('a compact sequence (dashes at the parent key\'s column)', () => {
    const compact = NO_METHOD.replace(/^ {2}- /gm, '- ').replace(/^ {4}(?=\w)/gm, (m, offset) => (offset > NO_METHOD.indexOf('objectives:') && offset < NO_METHOD.indexOf('breach:') ? '  ' : m));
    assert.ok(compact.includes('objectives:\n- id: latency-p99\n  description:'), compact);
    const fixed = fixToClean(compact, 'SLA101');
    assert.ok(fixed.includes('\n  percentileMethod: nearest-rank\n- id: availability'), fixed);
  });
  test('a CRLF file keeps CRLF line ends', () => {
    const text = NO_METHOD.replace(/\n/g, '\r\n');
    const fixed = fixToClean(text, 'SLA101');
    assert.ok(fixed.includes('\r\n    percentileMethod: nearest-rank\r\n  - id: availability'), JSON.stringify(fixed));
    assert.ok(!/[^\r]\n/.test(fixed), 'no bare LF');
  });
  test('a new top-level block at the end of a document before `---`', () => {
    const noBaseline = edit(VALID_SLA, /baseline:\n( {2}.*\n)+/, '');
    const text = `${noBaseline}---\n${edit(VALID_SLA, 'name: churn-internal', 'name: churn-batch')}`;
    const fixed = fixToClean(text, 'SLA109');
    assert.ok(fixed.includes('action: architectural-review }\nbaseline:\n  from:'), fixed);
    assert.ok(fixed.endsWith(`---\n${edit(VALID_SLA, 'name: churn-internal', 'name: churn-batch')}`));
  });
});

describe('several findings fixed together', () => {
  const external = edit(VALID_SLA, 'scope: internal', 'scope: external');
  function fixAll(text: string, code: string): string {
    const found = lint(text).filter((d) => d.code === code);
    const { actions, uri } = actionsFor(text, found[0]);
    const all = actions.find((a) => a.title === `Fix all ${code} in this file (${found.length})`);
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    return applyEdits(text, all.edit!.changes![uri]);
  }
  test('an empty flow `breach` of an external SLA: one flow insertion with every element', () => {
    const text = edit(external, /breach:\n( {2}.*\n)+/, 'breach: {}\n');
    const fixed = fixAll(text, 'SLA112');
    assert.deepEqual(lint(fixed).map(brief), [], fixed);
  });
  test('an empty flow `external`: one insertion with every external element', () => {
    const text = edit(external, '  escalation:\n', '  external: {}\n  escalation:\n');
    const fixed = fixAll(text, 'SLA112');
    assert.deepEqual(lint(fixed).map(brief), [], fixed);
  });
  test('a flow `breach` with only `internal`: `external` and `escalation` inserted at one point, both valid', () => {
    const text = edit(external, /breach:\n( {2}.*\n)+/, 'breach: { internal: { actions: [p1-investigation] } }\n');
    const fixed = fixAll(text, 'SLA112');
    assert.deepEqual(lint(fixed).map(brief), [], fixed);
  });
  test('SLA104 without `method` but with `sliceGood`: the fix is time-based (request-based would be a schema error)', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    sliceGood: ">= 90%"\n    emptySlices: ignore\n    minObservations: 10\n');
    const d = one(text, 'SLA104');
    const { actions } = actionsFor(text, d);
    assert.ok(!actions.some((a) => a.title.includes('request-based')));
    const fixed = applyPreferred(text, d).text;
    assert.ok(fixed.includes('    method: time-based\nbreach:'));
    assert.deepEqual(lint(fixed).map(brief), []);
  });
});
