/**
 * The methodology linter, rule by rule (spec §7, placement per §9): a realistic file that triggers
 * each code (code, default severity, exact 0-based position), near misses that must not, and the
 * preferred quick fix applied and re-linted clean.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { brief, lineOf, positionOf } from '../helpers';
import {
  ACCURACY_SLA, actionsFor, applyPreferred, assertFixClean, edit, EXTERNAL_SLA, lint, one, only, TIMESLICES_SLA, VALID_SLA,
} from './lint-support';

const { Error: ERROR, Warning: WARNING, Information: INFO } = DiagnosticSeverity;

/** 0-based line and character where a finding starts. */
const at = (d: { range: { start: { line: number; character: number } } }) => [d.range.start.line, d.range.start.character];

describe('the base fixtures are lint-clean', () => {
  for (const [name, text] of Object.entries({ VALID_SLA, ACCURACY_SLA, EXTERNAL_SLA, TIMESLICES_SLA })) {
    test(name, () => assert.deepEqual(lint(text).map(brief), []));
  }
});

describe('SLA101 percentileMethod', () => {
  const text = edit(VALID_SLA, '    percentileMethod: nearest-rank\n', '');

  test('a percentile latency objective without percentileMethod: warning on its id line', () => {
    const d = one(text, 'SLA101');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [lineOf(text, '  - id: latency-p99'), 4]);
    assert.equal(d.range.end.character, 6, 'the `id` key');
    assert.match(d.message, /`latency-p99`.*percentileMethod.*nearest-rank/s);
  });
  test('near misses: percentileMethod present, ratio-form latency, throughput statistic p5', () => {
    assert.deepEqual(only(VALID_SLA, 'SLA101'), []);
    const ratio = edit(VALID_SLA, '    percentile: p99\n    percentileMethod: nearest-rank\n    target: "<= 300ms"\n', '    threshold: "<= 300ms"\n    target: ">= 99%"\n');
    assert.deepEqual(lint(ratio).map(brief), [], 'ratio form with threshold is clean');
    const throughput = edit(VALID_SLA, /  - id: availability\n(    .*\n)+?(?=breach:)/, `  - id: throughput-floor
    indicator: throughput
    metric: requests
    statistic: p5
    target: ">= 20rps"
    window: { rolling: 28d }
    measurement: { point: gateway }
`);
    assert.deepEqual(only(throughput, 'SLA101'), []);
  });
  test('quick fix: percentileMethod: nearest-rank as the objective\'s last key, re-linted clean', () => {
    const fixed = assertFixClean(text, 'SLA101');
    assert.ok(fixed.includes('excludes: [client-network] }\n    percentileMethod: nearest-rank\n  - id: availability'), fixed);
  });
  test('the alternative fix (linear) is offered, not preferred', () => {
    const { actions } = actionsFor(text, one(text, 'SLA101'));
    const linear = actions.find((a) => a.title.includes('linear'));
    assert.ok(linear);
    assert.ok(!linear.isPreferred);
  });
  test('quick fix in a flow-mapping objective goes inside its braces', () => {
    const flow = edit(VALID_SLA, /  - id: latency-p99\n(    .*\n)+?(?=  - id: availability)/,
      '  - { id: latency-p99, indicator: latency, metric: latency, percentile: p99, target: "<= 300ms", window: { calendar: month }, measurement: { point: server } }\n');
    const d = one(flow, 'SLA101');
    assert.deepEqual(at(d), [24, 6], 'on the `id` key inside the braces');
    const fixed = assertFixClean(flow, 'SLA101');
    assert.ok(fixed.includes('measurement: { point: server }, percentileMethod: nearest-rank }'), fixed);
  });
});

describe('SLA102 timezone', () => {
  const flow = edit(VALID_SLA, ', timezone: Europe/Berlin', '');

  test('a calendar window without period.timezone: warning on the `period` key, says UTC is used', () => {
    const d = one(flow, 'SLA102');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [8, 0]);
    assert.match(d.message, /latency-p99/);
    assert.match(d.message, /UTC/);
  });
  test('no period at all: on the document\'s first key', () => {
    const text = edit(VALID_SLA, /period: .*\n/, '');
    assert.deepEqual(at(one(text, 'SLA102')), [0, 0]);
  });
  test('near misses: a timezone, or only rolling windows', () => {
    assert.deepEqual(only(VALID_SLA, 'SLA102'), []);
    const rolling = edit(flow, 'window: { calendar: month }', 'window: { rolling: 30d }');
    assert.deepEqual(lint(rolling).map(brief), []);
  });
  test('quick fix in a flow `period` goes before its closing brace', () => {
    const fixed = assertFixClean(flow, 'SLA102');
    assert.match(fixed.split('\n')[8], /^period: \{ start: 2026-01-01, end: 2026-12-31, timezone: [\w/+-]+ \}$/);
  });
  test('quick fix in a block `period` adds the key at its indentation', () => {
    const block = edit(VALID_SLA, /period: .*\n/, 'period:\n  start: 2026-01-01\n  end: 2026-12-31\n');
    assert.deepEqual(at(one(block, 'SLA102')), [8, 0]);
    const fixed = assertFixClean(block, 'SLA102');
    assert.match(fixed, /\nperiod:\n {2}start: 2026-01-01\n {2}end: 2026-12-31\n {2}timezone: [\w/+-]+\nbaseline:/);
  });
  test('quick fix without `period` creates the mapping', () => {
    const text = edit(VALID_SLA, /period: .*\n/, '');
    const fixed = assertFixClean(text, 'SLA102');
    assert.match(fixed, /\nperiod: \{ timezone: [\w/+-]+ \}\n$/);
  });
});

describe('SLA103 measurementPoint', () => {
  test('no `measurement`: warning on the objective\'s id line', () => {
    const text = edit(VALID_SLA, '    measurement: { point: gateway }\n', '');
    const d = one(text, 'SLA103');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [33, 4]);
    assert.match(d.message, /`availability`/);
    assert.match(d.message, /never reaches the model server/);
  });
  test('a `measurement` without `point`: on the `measurement` key', () => {
    const text = edit(VALID_SLA, 'measurement: { point: server, includes', 'measurement: { includes');
    assert.deepEqual(at(one(text, 'SLA103')), [32, 4]);
  });
  test('accuracy objectives need a point too', () => {
    const text = edit(ACCURACY_SLA, '    measurement: { point: model }\n', '');
    const d = one(text, 'SLA103');
    assert.deepEqual(at(d), [lineOf(text, '  - id: f1-monthly'), 4]);
    // In the words of accuracy, not latency (the walk-through read a latency message on an accuracy objective).
    assert.match(d.message, /predictions captured at the model/);
    assert.doesNotMatch(d.message, /latency/);
  });
  test('near miss: every objective has a point', () => {
    assert.deepEqual(only(VALID_SLA, 'SLA103'), []);
    assert.deepEqual(only(ACCURACY_SLA, 'SLA103'), []);
  });
  test('quick fix in a flow `measurement` puts `point` inside the braces', () => {
    const text = edit(VALID_SLA, 'measurement: { point: server, includes', 'measurement: { includes');
    const fixed = assertFixClean(text, 'SLA103');
    assert.ok(fixed.includes('    measurement: { includes: [model-inference], excludes: [client-network], point: server }\n'), fixed);
  });
  test('quick fix in a block `measurement`', () => {
    const text = edit(VALID_SLA, '    measurement: { point: gateway }\n', '    measurement:\n      includes: [edge-proxy]\n');
    const fixed = assertFixClean(text, 'SLA103');
    assert.ok(fixed.includes('    measurement:\n      includes: [edge-proxy]\n      point: server\nbreach:'), fixed);
  });
  test('quick fix without `measurement` creates it', () => {
    const text = edit(VALID_SLA, '    measurement: { point: gateway }\n', '');
    const fixed = assertFixClean(text, 'SLA103');
    assert.ok(fixed.includes('    window: { rolling: 28d }\n    measurement: { point: server }\nbreach:'), fixed);
  });
});

describe('SLA104 availabilityMethod', () => {
  test('availability without `method`: warning on the id line; fix adds request-based', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '');
    const d = one(text, 'SLA104');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [33, 4]);
    const fixed = assertFixClean(text, 'SLA104');
    assert.ok(fixed.includes('    measurement: { point: gateway }\n    method: request-based\nbreach:'));
  });
  test('request-based on a pre-aggregated metric without goodCount: on the objective\'s `metric` line; fix adds goodCount', () => {
    const text = edit(VALID_SLA, '    good: "status < 500"\n', '    total: requests\n');
    const d = one(text, 'SLA104');
    assert.equal(brief(d), `SLA104@${lineOf(text, '    metric: requests')}:12-${lineOf(text, '    metric: requests')}:20`, 'on the metric the objective chose (spec §9), not on the metric source');
    assert.match(d.message, /`availability`.*`requests`.*goodCount/s);
    const fixed = assertFixClean(text, 'SLA104');
    assert.ok(fixed.includes('    total: requests\n    goodCount: ok_requests\nobjectives:'), fixed);
  });
  test('request-based on a per-row metric without `good` (flow mapping): fix adds `good` inside the braces', () => {
    const text = edit(VALID_SLA, /  requests:\n(    .*\n)+?(?=objectives:)/, '  requests: { file: metrics/requests.jsonl, timestamp: time, value: status }\n');
    assert.deepEqual(at(one(text, 'SLA104')), [lineOf(text, '    metric: requests'), 12]);
    const fixed = assertFixClean(text, 'SLA104');
    assert.ok(fixed.includes('  requests: { file: metrics/requests.jsonl, timestamp: time, value: status, good: "status < 500" }\n'), fixed);
  });
  test('two objectives on one metric without good events: one finding on each objective\'s `metric` line (spec §9)', () => {
    const text = edit(edit(VALID_SLA, '    good: "status < 500"\n', '    total: requests\n'), 'breach:\n', `  - id: availability-monthly
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.5%"
    window: { calendar: month }
    measurement: { point: gateway }
breach:
`);
    const found = only(text, 'SLA104');
    assert.deepEqual(found.map(at), [[lineOf(text, '    metric: requests'), 12], [lineOf(text, '    metric: requests', text.indexOf('availability-monthly')), 12]]);
    assert.match(found[0].message, /^objective `availability` /);
    assert.match(found[1].message, /^objective `availability-monthly` /);
    // Either finding's fix edits the metric source, and clears both.
    const fixed = assertFixClean(text, 'SLA104');
    assert.equal(fixed.split('goodCount: ok_requests').length, 2, fixed);
  });
  test('a latency objective on the same metric is not flagged: the finding belongs to the objective that chose the metric', () => {
    const text = edit(edit(VALID_SLA, '    good: "status < 500"\n', '    value: latency_ms\n    unit: ms\n'), '    metric: latency\n', '    metric: requests\n');
    const found = only(text, 'SLA104');
    assert.deepEqual(found.map(at), [[lineOf(text, '    metric: requests', text.indexOf('- id: availability')), 12]]);
  });
  test('time-based without sliceGood: on the id line; fix adds sliceGood', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    method: time-based\n    emptySlices: ignore\n    minObservations: 10\n');
    assert.deepEqual(at(one(text, 'SLA104')), [33, 4]);
    const fixed = assertFixClean(text, 'SLA104');
    assert.ok(fixed.includes('    sliceGood: ">= 90%"\nbreach:'));
  });
  test('time-based on a metric without good events is flagged on the metric too', () => {
    const text = edit(edit(VALID_SLA, '    good: "status < 500"\n', '    total: requests\n'), '    method: request-based\n', '    method: time-based\n    sliceGood: ">= 90%"\n    emptySlices: ignore\n    minObservations: 10\n');
    assert.deepEqual(at(one(text, 'SLA104')), [lineOf(text, '    metric: requests'), 12]);
  });
  test('near misses: method and good present; goodCount present', () => {
    assert.deepEqual(only(VALID_SLA, 'SLA104'), []);
    const agg = edit(VALID_SLA, '    good: "status < 500"\n', '    total: requests\n    goodCount: ok_requests\n');
    assert.deepEqual(lint(agg).map(brief), []);
  });
});

describe('SLA105 accuracyEvaluation', () => {
  const noEvaluation = edit(ACCURACY_SLA, /    evaluation:\n(      .*\n)+/, '');

  test('no `evaluation`: warning on the id line, naming all four parts', () => {
    const d = one(noEvaluation, 'SLA105');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [lineOf(noEvaluation, '  - id: f1-monthly'), 4]);
    for (const key of ['dataset', 'cadence', 'minSamples', 'aggregate']) assert.match(d.message, new RegExp(`evaluation\\.${key}`));
  });
  test('quick fix adds an `evaluation` block with valid placeholders', () => {
    const fixed = assertFixClean(noEvaluation, 'SLA105');
    assert.match(fixed, /\n {4}evaluation:\n {6}dataset: .+\n {6}cadence: weekly\n {6}minSamples: \d+\n {6}aggregate: every\n {6}labelDelay: 14d\nbreach:/);
  });
  test('an `evaluation` missing some parts: on the `evaluation` key, naming only those; fix adds only those', () => {
    const text = edit(ACCURACY_SLA, '      minSamples: 5000\n      aggregate: every\n', '');
    const d = one(text, 'SLA105');
    assert.deepEqual(at(d), [lineOf(text, '    evaluation:'), 4]);
    assert.match(d.message, /minSamples/);
    assert.match(d.message, /aggregate/);
    assert.doesNotMatch(d.message, /evaluation\.dataset|evaluation\.cadence/);
    const fixed = assertFixClean(text, 'SLA105');
    assert.ok(fixed.includes('      dataset: churn-holdout-2026q3\n      labelDelay: 0d\n      minSamples: 1000\n      aggregate: every\n    exclusionBudget: 10%\n    exclusions:'), fixed);
  });
  test('quick fix in a flow `evaluation`', () => {
    const text = edit(ACCURACY_SLA, /    evaluation:\n(      .*\n)+/, '    evaluation: { cadence: weekly, dataset: churn-holdout-2026q3, labelDelay: 0d }\n');
    const fixed = assertFixClean(text, 'SLA105');
    assert.ok(fixed.includes('    evaluation: { cadence: weekly, dataset: churn-holdout-2026q3, labelDelay: 0d, minSamples: 1000, aggregate: every }\n'), fixed);
  });
  test('near miss: a complete evaluation', () => {
    assert.deepEqual(only(ACCURACY_SLA, 'SLA105'), []);
  });
});

describe('SLA106 retrainingExclusion', () => {
  const noExclusions = edit(ACCURACY_SLA, /    exclusions:\n(      .*\n)+/, '');

  test('no exclusions: info on the id line', () => {
    const d = one(noExclusions, 'SLA106');
    assert.equal(d.severity, INFO);
    assert.deepEqual(at(d), [lineOf(noExclusions, '  - id: f1-monthly'), 4]);
  });
  test('quick fix adds an exclusion list with a marked placeholder window', () => {
    const fixed = assertFixClean(noExclusions, 'SLA106');
    assert.ok(fixed.includes('    exclusions:\n      - { reason: planned retraining, from: 2026-01-01T00:00:00Z, to: 2026-01-02T00:00:00Z }  # set to the planned window\nbreach:'), fixed);
  });
  test('exclusions for another reason do not count; fix appends to the block list', () => {
    const text = edit(ACCURACY_SLA, 'reason: planned retraining', 'reason: label pipeline outage');
    assert.deepEqual(at(one(text, 'SLA106')), [lineOf(text, '  - id: f1-monthly'), 4]);
    const fixed = assertFixClean(text, 'SLA106');
    assert.ok(fixed.includes('to: 2026-03-04T00:00:00Z }\n      - { reason: planned retraining, from: 2026-01-01T00:00:00Z'), fixed);
  });
  test('fix appends to a flow list', () => {
    const text = edit(ACCURACY_SLA, /    exclusions:\n(      .*\n)+/, '    exclusions: [{ reason: label pipeline outage, from: 2026-03-02T00:00:00Z, to: 2026-03-04T00:00:00Z }]\n');
    const fixed = assertFixClean(text, 'SLA106');
    assert.ok(fixed.includes('to: 2026-03-04T00:00:00Z }, { reason: planned retraining, from: 2026-01-01T00:00:00Z, to: 2026-01-02T00:00:00Z }]\n'), fixed);
  });
  test('near misses: "planned retraining", "Retrain churn-xgb 2026.09", "model rollout"', () => {
    assert.deepEqual(only(ACCURACY_SLA, 'SLA106'), []);
    assert.deepEqual(only(edit(ACCURACY_SLA, 'reason: planned retraining', 'reason: Retrain churn-xgb 2026.09'), 'SLA106'), []);
    assert.deepEqual(only(edit(ACCURACY_SLA, 'reason: planned retraining', 'reason: model rollout v7'), 'SLA106'), []);
  });
});

describe('SLA107 timeslices', () => {
  const both = edit(TIMESLICES_SLA, '    slice: 5m\n    sliceTarget: ">= 99%"\n', '');

  test('timeslices without slice and sliceTarget: one error on the id line naming both', () => {
    const d = one(both, 'SLA107');
    assert.equal(d.severity, ERROR);
    assert.deepEqual(at(d), [33, 4]);
    assert.match(d.message, /`slice` and `sliceTarget`/);
    assert.deepEqual(lint(both).filter((x) => x.code === 'SLA002').map(brief), [], 'reported once, as SLA107');
  });
  test('only sliceTarget missing', () => {
    const text = edit(TIMESLICES_SLA, '    sliceTarget: ">= 99%"\n', '');
    const d = one(text, 'SLA107');
    assert.deepEqual(at(d), [33, 4]);
    assert.doesNotMatch(d.message, /`slice` and/);
    assertFixClean(text, 'SLA107');
  });
  test('quick fix adds both keys', () => {
    const fixed = assertFixClean(both, 'SLA107');
    assert.ok(fixed.includes('    slice: 5m\n    sliceTarget: ">= 99%"\nbreach:'), fixed);
  });
  test('near miss: complete timeslices', () => {
    assert.deepEqual(only(TIMESLICES_SLA, 'SLA107'), []);
  });
});

describe('SLA108 vagueWords', () => {
  test('each vague word is an info finding on the word itself', () => {
    const text = edit(VALID_SLA, 'p99 server-side latency of /v1/predict', 'Fast scoring with high availability; responses typically within 300 ms');
    const found = only(text, 'SLA108');
    assert.deepEqual(found.map((d) => d.severity), [INFO, INFO, INFO]);
    const line = lineOf(text, 'Fast scoring');
    const char = (word: string) => positionOf(text, word).character;
    assert.deepEqual(found.map((d) => [...at(d), d.range.end.character]), [
      [line, char('Fast'), char('Fast') + 4],
      [line, char('high availability'), char('high availability') + 17],
      [line, char('typically'), char('typically') + 9],
    ]);
    assert.match(found[0].message, /"Fast"/);
  });
  test('whole words only: breakfast, steadfast and accurately-named things are not vague', () => {
    const text = edit(VALID_SLA, 'p99 server-side latency of /v1/predict', 'p99 latency of breakfast-time scoring, steadfastly measured');
    assert.deepEqual(lint(text).map(brief), []);
  });
  test('hyphen and space count the same; a folded block maps to the source line', () => {
    const text = edit(VALID_SLA, '    description: p99 server-side latency of /v1/predict\n', '    description: >-\n      The p99 of scoring is\n      best-effort and near real-time.\n');
    const found = only(text, 'SLA108');
    const line = lineOf(text, 'best-effort');
    assert.deepEqual(found.map(at), [[line, 6], [line, 22]]);
  });
  test('titles, metric, measurement and remediation descriptions are read too', () => {
    let text = edit(EXTERNAL_SLA, 'title: Churn model — internal', 'title: Churn model, state of the art');
    text = edit(text, '    unit: ms\n', '    unit: ms\n    description: quick path only\n');
    text = edit(text, 'measurement: { point: gateway }', 'measurement: { point: gateway, description: robust edge }');
    text = edit(text, 'remediation: { deadline: 14d }', 'remediation: { deadline: 14d, description: fixed as soon as possible }');
    const found = only(text, 'SLA108');
    assert.deepEqual(found.map((d) => d.message.match(/^"([^"]+)"/)![1]), ['state of the art', 'quick', 'robust', 'as soon as possible']);
    assert.deepEqual(at(found[3]), [lineOf(text, 'as soon as possible'), positionOf(text, 'as soon as possible').character]);
  });
  test('no quick fix: the rewording is the author\'s', () => {
    const text = edit(VALID_SLA, 'p99 server-side latency of /v1/predict', 'fast scoring');
    const { actions } = actionsFor(text, one(text, 'SLA108'));
    assert.equal(actions.filter((a) => a.isPreferred).length, 0);
    assert.ok(actions.some((a) => a.title === 'Disable SLA108 for this line'));
  });
});

describe('SLA109 baselinePresent', () => {
  test('no baseline: warning on `objectives` (the targets it is about), not `apiVersion` at 1:1; fix adds a block', () => {
    const text = edit(VALID_SLA, /baseline:\n( {2}.*\n)+/, '');
    const d = one(text, 'SLA109');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [lineOf(text, 'objectives:'), 0]);
    const fixed = assertFixClean(text, 'SLA109');
    assert.match(fixed, /\nbaseline:\n {2}from: \d{4}-\d\d-\d\d\n {2}to: \d{4}-\d\d-\d\d\n {2}margin: 5%\n$/);
  });
  test('27 days (to inclusive) is flagged on the `baseline` key; fix extends it to 28 days', () => {
    const text = edit(VALID_SLA, 'to: 2026-09-14', 'to: 2026-08-29');
    const d = one(text, 'SLA109');
    assert.deepEqual(at(d), [9, 0]);
    assert.match(d.message, /27 days/);
    const fixed = assertFixClean(text, 'SLA109');
    assert.ok(fixed.includes('  from: 2026-08-02\n  to: 2026-08-29\n'), fixed);
  });
  test('exactly 28 days (2026-08-03 to 2026-08-30, inclusive) is fine', () => {
    assert.deepEqual(lint(edit(VALID_SLA, 'to: 2026-09-14', 'to: 2026-08-30')).map(brief), []);
  });
  test('a short flow baseline is fixed inside the braces', () => {
    const text = edit(VALID_SLA, /baseline:\n( {2}.*\n)+/, 'baseline: { from: 2026-09-01, to: 2026-09-14, margin: 5% }\n');
    assert.match(one(text, 'SLA109').message, /14 days/);
    const fixed = assertFixClean(text, 'SLA109');
    assert.ok(fixed.includes('baseline: { from: 2026-08-18, to: 2026-09-14, margin: 5% }'), fixed);
  });
});

describe('SLA112 breachPolicy', () => {
  test('any SLA without escalation: warning on the `breach` key; fix adds a template', () => {
    const text = edit(VALID_SLA, '  escalation:\n    - { after: 1h, notify: on-call }\n', '');
    const d = one(text, 'SLA112');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [40, 0]);
    const fixed = assertFixClean(text, 'SLA112');
    assert.ok(fixed.includes('  escalation:\n    - { after: 1h, notify: on-call }\n    - { after: 24h, notify: engineering-director }\n'), fixed);
  });
  test('external without `external`: one finding per missing element, on the `breach` key', () => {
    const text = edit(VALID_SLA, 'scope: internal', 'scope: external');
    const found = only(text, 'SLA112');
    assert.deepEqual(found.map(at), [[40, 0], [40, 0], [40, 0]]);
    assert.deepEqual(found.map((d) => d.message.match(/`(serviceCredits|remediation|communication)`/)?.[1]), ['serviceCredits', 'remediation', 'communication']);
    // Each preferred fix creates `external` once, with every missing element.
    for (const d of found) {
      const fixed = applyPreferred(text, d).text;
      assert.deepEqual(lint(fixed).map(brief), [], fixed);
    }
  });
  test('one missing element of a block `external`: on the `external` key; fix adds it', () => {
    const text = edit(EXTERNAL_SLA, '    communication: [account-executive]\n', '');
    assert.deepEqual(at(one(text, 'SLA112')), [lineOf(text, '  external:'), 2]);
    const fixed = assertFixClean(text, 'SLA112');
    assert.ok(fixed.includes('    remediation: { deadline: 14d }\n    communication: [account-executive]\n  escalation:'));
  });
  test('serviceCredits missing from a flow `external`: written as flow', () => {
    const text = edit(EXTERNAL_SLA, /  external:\n(    .*\n)+?(?=  escalation)/, '  external: { remediation: { deadline: 14d }, communication: [account-executive] }\n');
    assert.deepEqual(at(one(text, 'SLA112')), [lineOf(text, '  external:'), 2]);
    assertFixClean(text, 'SLA112');
  });
  test('external without `breach` at all: the external elements on `scope`, escalation on `objectives` (not 1:1); the fix creates `breach` once', () => {
    const text = edit(edit(VALID_SLA, 'scope: internal', 'scope: external'), /breach:\n( {2}.*\n)+/, '');
    const found = only(text, 'SLA112');
    const scope = [lineOf(text, 'scope: external'), 0];
    assert.deepEqual(found.map(at), [scope, scope, scope, [lineOf(text, 'objectives:'), 0]]);
    assertFixClean(text, 'SLA112');
  });
  test('near misses: a complete external policy; an internal SLA has no `external`', () => {
    assert.deepEqual(only(EXTERNAL_SLA, 'SLA112'), []);
    assert.deepEqual(only(VALID_SLA, 'SLA112'), []);
  });
});

describe('SLA116 lowTraffic', () => {
  test('timeslices without emptySlices: warning on the id line; fix adds emptySlices: ignore', () => {
    const text = edit(TIMESLICES_SLA, '    emptySlices: ignore\n', '');
    const d = one(text, 'SLA116');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(at(d), [33, 4]);
    const fixed = assertFixClean(text, 'SLA116');
    assert.ok(fixed.includes('    emptySlices: ignore\nbreach:'));
  });
  test('timeslices without minObservations: fix sets N = ⌈1 / (1 − t)⌉ of the slice target, exactly', () => {
    const text = edit(TIMESLICES_SLA, '    minObservations: 1000\n', '');
    assert.deepEqual(at(one(text, 'SLA116')), [33, 4]);
    const fixed = assertFixClean(text, 'SLA116');
    assert.ok(fixed.includes('    minObservations: 1000\nbreach:'), 'target >= 99.9% gives 1000');
    const strict = edit(text, 'target: ">= 99.9%"', 'target: ">= 99.95%"');
    const { title } = applyPreferred(strict, one(strict, 'SLA116'));
    assert.equal(title, 'Add `minObservations: 2000`', '>= 99.95% gives 2000, not 2001');
  });
  test('the message counts in words: "below 10 observations", never "below 1 observations"', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    method: time-based\n    sliceGood: ">= 90%"\n    emptySlices: ignore\n');
    assert.match(one(text, 'SLA116').message, /\(below 10 observations one bad one decides it\)/);
    const one1 = edit(VALID_SLA, '    method: request-based\n', '    method: time-based\n    sliceGood: ">= 0%"\n    emptySlices: ignore\n');
    const m = one(one1, 'SLA116').message;
    assert.match(m, /\(a single observation decides it\)/);
    assert.doesNotMatch(m, /1 observations/);
  });
  test('time-based availability: N from sliceGood', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    method: time-based\n    sliceGood: ">= 90%"\n    emptySlices: ignore\n');
    const fixed = assertFixClean(text, 'SLA116');
    assert.ok(fixed.includes('    minObservations: 10\nbreach:'));
  });
  test('near misses: occurrences budgeting; a throughput floor over slices needs no minObservations', () => {
    assert.deepEqual(only(VALID_SLA, 'SLA116'), []);
    assert.deepEqual(only(TIMESLICES_SLA, 'SLA116'), []);
    const throughput = edit(VALID_SLA, /  - id: availability\n(    .*\n)+?(?=breach:)/, `  - id: throughput-floor
    indicator: throughput
    metric: requests
    budgeting: timeslices
    slice: 5m
    sliceTarget: ">= 99%"
    emptySlices: ignore
    target: ">= 20rps"
    window: { rolling: 28d }
    measurement: { point: gateway }
`);
    assert.deepEqual(lint(throughput).map(brief), []);
  });
});

describe('SLA117 windowWords', () => {
  test('"Monthly" with a rolling window: info on the word', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    method: request-based\n    description: Monthly availability of /v1/predict\n');
    const d = one(text, 'SLA117');
    assert.equal(d.severity, INFO);
    assert.deepEqual([...at(d), d.range.end.character], [lineOf(text, 'Monthly'), 17, 24]);
    assert.match(d.message, /rolling: 28d/);
  });
  test('"last 30 days" and "trailing" with a calendar window', () => {
    const text = edit(VALID_SLA, 'p99 server-side latency of /v1/predict', 'p99 over the last 30 days, trailing');
    const found = only(text, 'SLA117');
    assert.deepEqual(found.map(at), [[25, 30], [25, 44]]);
  });
  test('near misses: "churns within 90 days" with a calendar window; "weekly" naming the evaluation cadence', () => {
    const churn = edit(VALID_SLA, 'p99 server-side latency of /v1/predict', 'p99 latency of scoring customers likely to churn within 90 days');
    assert.deepEqual(lint(churn).map(brief), []);
    const cadence = edit(edit(ACCURACY_SLA, '    window: { calendar: month }\n    measurement: { point: model }', '    window: { rolling: 28d }\n    measurement: { point: model }'), '    measure: f1\n', '    measure: f1\n    description: f1 of the weekly evaluation on the holdout set\n');
    assert.deepEqual(lint(cadence).map(brief), []);
    const notCadence = edit(cadence, 'cadence: weekly', 'cadence: daily');
    assert.equal(only(notCadence, 'SLA117').length, 1, 'weekly with a daily cadence is about the window');
  });
  test('a quick fix switches to the calendar window; none is preferred (the words may be what is wrong)', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    method: request-based\n    description: Monthly availability\n');
    const { actions } = actionsFor(text, one(text, 'SLA117'));
    assert.equal(actions.filter((a) => a.isPreferred).length, 0);
    assert.ok(actions.some((a) => a.title === 'Switch to a calendar window (`calendar: month`)'));
  });
});

describe('multi-document files', () => {
  const second = edit(edit(VALID_SLA, 'name: churn-internal', 'name: churn-batch'), '    percentileMethod: nearest-rank\n', '');
  const text = `${VALID_SLA}---\n${second}`;

  test('a finding in the second document is placed in it', () => {
    const d = one(text, 'SLA101');
    assert.deepEqual(at(d), [lineOf(text, '  - id: latency-p99', VALID_SLA.length), 4]);
  });
  test('the quick fix lands in the second document', () => {
    const fixed = assertFixClean(text, 'SLA101');
    assert.ok(fixed.startsWith(`${VALID_SLA}---\n`), 'the first document is untouched');
    assert.ok(fixed.slice(VALID_SLA.length).includes('    percentileMethod: nearest-rank\n'));
  });
  test('a missing top-level key of the second document goes on its own first key', () => {
    const noPeriod = `${VALID_SLA}---\n${edit(second, /period: .*\n/, '')}`;
    const d = one(noPeriod, 'SLA102');
    assert.deepEqual(at(d), [lineOf(noPeriod, 'apiVersion', VALID_SLA.length), 0]);
  });
});

describe('SLA125 breachTimes', () => {
  test('an escalation after the remediation deadline: on its `after`', () => {
    const text = edit(edit(EXTERNAL_SLA, 'remediation: { deadline: 14d }', 'remediation: { deadline: 2h }'), '    - { after: 1h, notify: on-call }\n', '    - { after: 1h, notify: on-call }\n    - { after: 24h, notify: engineering-director }\n');
    const found = lint(text).filter((d) => d.code === 'SLA125');
    // The 24 h step comes after a 2 h deadline; the 1 h step does not.
    assert.equal(found.length, 1, JSON.stringify(found.map((d) => d.message)));
    assert.equal(found[0].severity, WARNING);
    assert.match(found[0].message, /escalation to `engineering-director` after 24h comes after the remediation plan is due \(`remediation.deadline: 2h`\)/);
    assert.equal(text.split('\n')[found[0].range.start.line].slice(found[0].range.start.character, found[0].range.end.character), '24h');
  });
  test('repeated.within that can never hold its count (calendar windows): on `within`; objectives breach together; DST\'s short window', () => {
    // VALID_SLA with both objectives monthly: 2 breaches can be final at one month's end, so 3 need 2
    // month ends, at least 28 d − 1 h apart (a February that starts DST).
    const monthly = edit(VALID_SLA, 'window: { rolling: 28d }', 'window: { calendar: month }');
    assert.deepEqual(only(monthly, 'SLA125'), []);
    const never = edit(monthly, 'within: 90d', 'within: 27d');
    const d = one(never, 'SLA125');
    assert.match(d.message, /can never trigger: .* 3 of them \(2 objectives, so at most 2 at each window end\) lie at least 27d23h apart \(1 × the shortest window, 28d, less an hour for DST\)/);
    assert.equal(never.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), '27d');
    assert.match(assertFixClean(never, 'SLA125'), /within: 28d/);
    assert.deepEqual(only(edit(monthly, 'within: 90d', 'within: 28d'), 'SLA125'), [], '28 d can hold two month ends an hour short of 28 d apart');
    // count ≤ objectives: all can breach at one instant — never flagged.
    assert.deepEqual(only(edit(edit(monthly, 'within: 90d', 'within: 1h'), 'count: 3', 'count: 2'), 'SLA125'), []);
    // A rolling objective's breaches are final at each asOf: not judged.
    assert.deepEqual(only(edit(VALID_SLA, 'within: 90d', 'within: 1d'), 'SLA125'), []);
  });
});

describe('SLA126 creditTiers', () => {
  test('a tier above a higher-is-better target credits met windows', () => {
    const text = edit(EXTERNAL_SLA, '{ below: 99.9%, credit: 10% }', '{ below: 99.95%, credit: 10% }');
    const d = one(text, 'SLA126');
    assert.match(d.message, /`below: 99.95%` is above the target `>= 99.9%`/);
    assert.equal(text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), '99.95%');
    assert.match(assertFixClean(text, 'SLA126'), /\{ below: 99\.9%, credit: 10% \}/);
    assert.deepEqual(only(EXTERNAL_SLA, 'SLA126'), [], 'a tier at the target is a breach tier');
    // An accuracy ratio against a percent tier (the adversary's f1 >= 0.8 with below: 85%): 0.85 > 0.82.
    const f1 = edit(ACCURACY_SLA, '  escalation:\n', '  external:\n    serviceCredits: [{ objective: f1-monthly, tiers: [{ below: 85%, credit: 10% }, { below: 80%, credit: 20% }] }]\n  escalation:\n');
    const found = lint(f1).filter((x) => x.code === 'SLA126');
    assert.equal(found.length, 1, JSON.stringify(lint(f1).map((x) => x.code)));
    assert.match(found[0].message, /`below: 85%` is above the target `>= 0.82`: a window just under 85% meets the target yet owes this credit/);
  });
  test('a lower-is-better target: a tier under it never applies to a breach, one above credits met windows', () => {
    const latency = (below: string) => edit(EXTERNAL_SLA, '      - objective: availability\n        tiers:\n          - { below: 99.9%, credit: 10% }\n          - { below: 99.0%, credit: 25% }', `      - objective: latency-p99\n        tiers:\n          - { below: ${below}, credit: 10% }`);
    assert.match(one(latency('250ms'), 'SLA126').message, /`<= 300ms` is breached by values above it, and `below: 250ms` applies only to values under 250ms: this credit is never owed for a breach/);
    assert.match(one(latency('500ms'), 'SLA126').message, /`below: 500ms` applies to every value under 500ms, including windows that meet `<= 300ms`/);
  });
  test('a second entry for one objective: its tiers merge in the report but the table shown is the first', () => {
    const twice = edit(EXTERNAL_SLA, '      - objective: availability\n        tiers:\n', '      - objective: availability\n        tiers: [{ below: 95%, credit: 100% }]\n      - objective: availability\n        tiers:\n');
    const d = one(twice, 'SLA126');
    assert.match(d.message, /a second `serviceCredits` entry for `availability` \(entry 2; the first is entry 1\)/);
    assert.equal(twice.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), 'availability');
    assert.equal(d.range.start.line, twice.split('\n').findIndex((l, i, all) => l.includes('objective: availability') && all.slice(0, i).some((x) => x.includes('objective: availability'))));
  });
});
