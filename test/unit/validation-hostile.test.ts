/**
 * What an adversarial reading of `check` found: values `check` accepted and `report` could not
 * compute (so it showed no-data everywhere and exited 0), targets that can never be met or never
 * fail, and numbers out of range. Each case: the exact code, range and message of its finding,
 * and nothing else (the fixtures are otherwise lint-clean).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { CODES } from '../../server/src/service/diagnostics';
import { parsePercentile, parseQuantity } from '../../server/src/facts/quantities';
import { impossibleDate } from '../../server/src/service/validation/quantityChecks';
import { isPercentileText } from '../../server/src/engine/percentile';
import { getLanguageService } from '../../server/src/service/languageService';
import { brief, diagnose, textDocument, VALID_SLA } from '../helpers';
import { ACCURACY_SLA, edit, EXTERNAL_SLA, TIMESLICES_SLA } from './lint-support';

const root = join(__dirname, '..', '..');

/** `SLA002@l:c-l:c` of the first occurrence of `token` in `text` (0-based, the token's span). */
function at(text: string, code: string, token: string, from = 0): string {
  const index = text.indexOf(token, from);
  assert.ok(index >= 0, `no ${token}`);
  const before = text.slice(0, index).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return `${code}@${line}:${character}-${line}:${character + token.length}`;
}

interface Case {
  name: string;
  text: string;
  /** Expected findings: code, the exact text the range covers, and a pattern of the message. */
  expect: { code: string; token: string; from?: string; message: RegExp }[];
}

function check(c: Case): void {
  const found = diagnose(c.text);
  const expected = c.expect.map((e) => at(c.text, e.code, e.token, e.from ? c.text.indexOf(e.from) : 0));
  assert.deepEqual(found.map(brief), expected, `${c.name}: ${found.map((d) => `${brief(d)} ${d.message}`).join('\n')}`);
  c.expect.forEach((e, i) => assert.match(found[i].message, e.message, c.name));
}

const LATENCY_RATIO = edit(VALID_SLA, '    percentile: p99\n    percentileMethod: nearest-rank\n    target: "<= 300ms"\n', '    threshold: "<= 300ms"\n    target: ">= 99%"\n');

describe('accepted by check, ignored by report: refused at the value (SLA002)', () => {
  const cases: Case[] = [
    { name: 'percentile p0', text: edit(VALID_SLA, 'percentile: p99', 'percentile: p0'),
      expect: [{ code: 'SLA002', token: 'p0', from: 'percentile: p0', message: /^`percentile` in objective `latency-p99`: `p0` is not a percentile: .*p0 would be the smallest observation; write `p50` … `p99\.99`$/ }] },
    { name: 'percentile p00 / p0.00', text: edit(VALID_SLA, 'percentile: p99', 'percentile: p0.00'),
      expect: [{ code: 'SLA002', token: 'p0.00', message: /`p0\.00` is not a percentile/ }] },
    { name: 'rolling 0d', text: edit(VALID_SLA, 'rolling: 28d', 'rolling: 0d'),
      expect: [{ code: 'SLA002', token: '0d', from: 'rolling: 0d', message: /^`rolling` in `window` of objective `availability`: a duration must be positive, found `0d`: a rolling window of zero length holds no observation$/ }] },
    { name: 'rolling 0.0h', text: edit(VALID_SLA, 'rolling: 28d', 'rolling: 0.0h'),
      expect: [{ code: 'SLA002', token: '0.0h', message: /must be positive/ }] },
    { name: 'period start 2026-02-30', text: edit(VALID_SLA, 'start: 2026-01-01', 'start: 2026-02-30'),
      expect: [{ code: 'SLA002', token: '2026-02-30', message: /^`start` in `period`: `2026-02-30` is not a date: February 2026 has 28 days$/ }] },
    { name: 'period end 2026-04-31', text: edit(VALID_SLA, 'end: 2026-12-31', 'end: 2026-04-31'),
      expect: [{ code: 'SLA002', token: '2026-04-31', message: /April 2026 has 30 days/ }] },
    { name: 'period end before start', text: edit(VALID_SLA, 'end: 2026-12-31', 'end: 2025-12-31'),
      expect: [{ code: 'SLA002', token: '2025-12-31', message: /^the period ends \(`2025-12-31`\) before it starts \(`2026-01-01`\)$/ }] },
    { name: 'baseline from 2026-02-29 (not a leap year)', text: edit(VALID_SLA, 'from: 2026-08-03', 'from: 2026-02-29'),
      expect: [{ code: 'SLA002', token: '2026-02-29', message: /^`from` in `baseline`: `2026-02-29` is not a date: February 2026 has 28 days$/ }] },
    { name: 'baseline to before from', text: edit(VALID_SLA, 'to: 2026-09-14', 'to: 2026-07-14'),
      expect: [
        { code: 'SLA109', token: 'baseline', message: /the baseline ends before it starts/ },
        { code: 'SLA002', token: '2026-07-14', message: /^the baseline ends \(`2026-07-14`\) before it starts \(`2026-08-03`\)$/ },
      ] },
    { name: 'exclusion from 2026-02-30T…', text: edit(ACCURACY_SLA, 'from: 2026-03-02T00:00:00Z', 'from: 2026-02-30T00:00:00Z'),
      expect: [{ code: 'SLA002', token: '2026-02-30T00:00:00Z', message: /^`from` in `exclusions\[0\]` of objective `f1-monthly`: `2026-02-30` is not a date/ }] },
    { name: 'exclusion to before from', text: edit(ACCURACY_SLA, 'to: 2026-03-04T00:00:00Z', 'to: 2026-03-02T00:00:00Z'),
      expect: [{ code: 'SLA002', token: '2026-03-02T00:00:00Z', from: 'to: 2026-03-02', message: /at or before it starts.*half-open/ }] },
    { name: 'slice 0s', text: edit(TIMESLICES_SLA, 'slice: 5m', 'slice: 0s'),
      expect: [{ code: 'SLA002', token: '0s', from: 'slice: 0s', message: /^`slice` of objective `availability`: a duration must be positive, found `0s`/ }] },
    { name: 'slice 0.5ms (not whole milliseconds)', text: edit(TIMESLICES_SLA, 'slice: 5m', 'slice: 0.5ms'),
      expect: [{ code: 'SLA002', token: '0.5ms', message: /not a whole number of milliseconds/ }] },
    { name: 'slice longer than the rolling window', text: edit(TIMESLICES_SLA, 'slice: 5m', 'slice: 29d'),
      expect: [{ code: 'SLA002', token: '29d', from: 'slice: 29d', message: /^`slice` of objective `availability`: `29d` is longer than the rolling window \(`28d`\): no window holds a whole slice/ }] },
    { name: 'slice as long as the rolling window (near miss: one whole slice)', text: edit(TIMESLICES_SLA, 'slice: 5m', 'slice: 28d'), expect: [] },
    { name: 'slice longer than a calendar month', text: edit(edit(TIMESLICES_SLA, 'slice: 5m', 'slice: 30d'), 'window: { rolling: 28d }', 'window: { calendar: month }'),
      expect: [{ code: 'SLA002', token: '30d', message: /is longer than a calendar month \(28 days in February\)/ }] },
    { name: 'cadence 0d', text: edit(ACCURACY_SLA, 'cadence: weekly', 'cadence: 0d'),
      expect: [{ code: 'SLA002', token: '0d', from: 'cadence: 0d', message: /^`cadence` in `evaluation` of objective `f1-monthly`: a duration must be positive/ }] },
    { name: 'repeated within 0d', text: edit(VALID_SLA, 'within: 90d', 'within: 0d'),
      expect: [{ code: 'SLA002', token: '0d', from: 'within: 0d', message: /^`within` in `breach\.repeated`: a duration must be positive/ }] },
    { name: 'rolling beyond what a timestamp spans', text: edit(VALID_SLA, 'rolling: 28d', 'rolling: 200000000d'),
      expect: [{ code: 'SLA002', token: '200000000d', message: /out of range: a duration spans at most 100,000,000 days/ }] },
    { name: 'minObservations negative (the schema)', text: edit(VALID_SLA, '    method: request-based\n', '    method: request-based\n    minObservations: -1\n'),
      expect: [{ code: 'SLA002', token: '-1', from: 'minObservations: -1', message: /must be ≥ 1; found `-1`/ }] },
    { name: 'minObservations 1e309 (Infinity to YAML)', text: edit(VALID_SLA, '    method: request-based\n', '    method: request-based\n    minObservations: 1e309\n'),
      expect: [{ code: 'SLA002', token: '1e309', message: /^`minObservations` of objective `availability`: `1e309` is out of range/ }] },
    { name: 'minSamples .inf', text: edit(ACCURACY_SLA, 'minSamples: 5000', 'minSamples: .inf'),
      expect: [{ code: 'SLA002', token: '.inf', message: /^`minSamples` in `evaluation` of objective `f1-monthly`: `\.inf` is infinite/ }] },
    { name: 'repeated count .nan', text: edit(VALID_SLA, 'count: 3', 'count: .nan'),
      expect: [{ code: 'SLA002', token: '.nan', message: /^`count` in `breach\.repeated`: `\.nan` is not a number$/ }] },
    { name: 'target 1e309ms', text: edit(VALID_SLA, '"<= 300ms"', '"<= 1e309ms"'),
      expect: [{ code: 'SLA002', token: '"<= 1e309ms"', message: /^`target` of objective `latency-p99`: `1e309ms` is out of range/ }] },
    { name: 'target 1e308ms: a double, but no duration reaches it (out of range, like 1e309ms)', text: edit(VALID_SLA, '"<= 300ms"', '"<= 1e308ms"'),
      expect: [{ code: 'SLA002', token: '"<= 1e308ms"', message: /^`target` of objective `latency-p99`: `1e308ms` is out of range: a duration spans at most 100,000,000 days/ }] },
    { name: 'target >= -0%: one finding (the sign), not also "cannot fail"', text: edit(VALID_SLA, '">= 99.9%"', '">= -0%"'),
      expect: [{ code: 'SLA002', token: '">= -0%"', message: /^`target` of objective `availability`: `>= -0%` has a minus sign; a target's quantity is never negative, write `>= 0%`$/ }] },
    { name: '`good` with `total` on one metric: a row is one event or a count, not both', text: edit(VALID_SLA, '    good: "status < 500"\n', '    good: "status < 500"\n    total: n\n    goodCount: ok\n'),
      expect: [{ code: 'SLA002', token: '"status < 500"', message: /^`metrics\.requests` has both `good` \(each row is one event, classified good or bad\) and `total` and `goodCount` \(each row counts many events\): which rows are good would depend on the reader/ }] },
    { name: '`good` with `total` alone', text: edit(VALID_SLA, '    good: "status < 500"\n', '    good: "status < 500"\n    total: n\n'),
      expect: [{ code: 'SLA002', token: '"status < 500"', message: /has both `good` .* and `total` \(each row counts many events\)/ }] },
    { name: 'a metric without `unit` read in ms by one objective and in s by another: one finding naming both', text: edit(edit(VALID_SLA, '    value: latency_ms\n    unit: ms\n', '    value: latency_ms\n'), '  - id: availability\n', `  - id: latency-p50
    indicator: latency
    metric: latency
    percentile: p50
    percentileMethod: nearest-rank
    target: "<= 0.2s"
    window: { calendar: month }
    measurement: { point: server }
  - id: availability\n`),
      expect: [{ code: 'SLA002', token: 'latency_ms', message: /^`metrics\.latency` has no `unit`, so its `value` column is read in each objective's target unit \(spec §9\), and they differ: `latency-p99` in ms \(`target: "<= 300ms"`\) and `latency-p50` in s \(`target: "<= 0\.2s"`\); the same number cannot be both\. State the column's unit \(`unit: ms` or `unit: s`\)\.$/ }] },
    { name: 'near miss: both objectives in ms, no `unit`', text: edit(edit(VALID_SLA, '    value: latency_ms\n    unit: ms\n', '    value: latency_ms\n'), '  - id: availability\n', `  - id: latency-p50
    indicator: latency
    metric: latency
    percentile: p50
    percentileMethod: nearest-rank
    target: "<= 200ms"
    window: { calendar: month }
    measurement: { point: server }
  - id: availability\n`), expect: [] },
    { name: 'a target written with 400 digits (the schema pattern lets it through)', text: edit(VALID_SLA, '"<= 300ms"', `"<= ${'9'.repeat(400)}ms"`),
      expect: [{ code: 'SLA002', token: `"<= ${'9'.repeat(400)}ms"`, message: /is out of range/ }] },
    { name: 'margin 1e309%', text: edit(VALID_SLA, 'margin: 5%', 'margin: 1e309%'),
      expect: [{ code: 'SLA002', token: '1e309%', message: /^`margin` in `baseline`: `1e309%` is out of range/ }] },
    { name: 'service credits on a latency percentile (tiers compare %, the value is in ms)', text: edit(EXTERNAL_SLA, '      - objective: availability', '      - objective: latency-p99'),
      expect: [{ code: 'SLA002', token: 'latency-p99', from: '- objective: latency-p99', message: /^service credits for objective `latency-p99` can never apply: its window value is a duration/ }] },
  ];
  for (const c of cases) test(c.name, () => check(c));

  test('near misses: a leap day, an escalation or deadline of 0 (at once), p0.5, 1.5s', () => {
    for (const text of [
      edit(edit(VALID_SLA, 'start: 2026-01-01', 'start: 2028-02-29'), 'end: 2026-12-31', 'end: 2028-12-31'),
      edit(VALID_SLA, 'after: 1h', 'after: 0m'),
      edit(EXTERNAL_SLA, 'deadline: 14d', 'deadline: 0d'),
      edit(TIMESLICES_SLA, 'slice: 5m', 'slice: 1.5s'),
    ]) assert.deepEqual(diagnose(text).map(brief), []);
    assert.deepEqual(diagnose(edit(VALID_SLA, 'percentile: p99', 'percentile: p0.5')).filter((d) => d.code === 'SLA002').map(brief), []);
  });

  test('one message per value: where the schema and the quantity check both speak, the quantity check is kept', () => {
    const text = edit(VALID_SLA, '">= 99.9%"', '">= 101%"');
    const found = diagnose(text);
    assert.deepEqual(found.map(brief), [at(text, 'SLA002', '">= 101%"')]);
    assert.match(found[0].message, /must lie between 0% and 100%; found `>= 101%`/);
  });
});

describe('the schema, the service and the engine agree on percentiles', () => {
  test('p0 is refused by all three; p0.5 … p99.99 accepted by all three', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'sla.schema.json'), 'utf8'));
    const pattern = new RegExp(schema.definitions.percentile.pattern, 'u');
    for (const p of ['p0', 'p00', 'p0.0', 'p0.00', 'p00.00']) {
      assert.ok(!pattern.test(p), `schema refuses ${p}`);
      assert.equal(parsePercentile(p).ok, false, `service refuses ${p}`);
      assert.equal(isPercentileText(p), false, `engine refuses ${p}`);
    }
    for (const p of ['p0.5', 'p1', 'p5', 'p50', 'p90', 'p99', 'p99.9', 'p99.99']) {
      assert.ok(pattern.test(p), `schema accepts ${p}`);
      assert.equal(parsePercentile(p).ok, true, `service accepts ${p}`);
      assert.equal(isPercentileText(p), true, `engine accepts ${p}`);
    }
    // p100 is the maximum: the schema and the service refuse it (the engine could compute it).
    assert.ok(!pattern.test('p100'));
    assert.match(parsePercentile('p100').ok ? '' : (parsePercentile('p100') as { message: string }).message, /p100 would be the largest observation/);
  });
  test('calendar days', () => {
    assert.equal(impossibleDate('2026-02-28'), undefined);
    assert.equal(impossibleDate('2028-02-29'), undefined);
    assert.equal(impossibleDate('2000-02-29'), undefined);
    assert.equal(impossibleDate('2100-02-29'), '`2100-02-29` is not a date: February 2100 has 28 days');
    assert.equal(impossibleDate('2026-06-31T00:00:00Z'), '`2026-06-31` is not a date: June 2026 has 30 days');
    assert.equal(impossibleDate('2026-12-31'), undefined);
  });
  test('a number beyond a double is "out of range" (not "not a number")', () => {
    const r = parseQuantity('1e309ms');
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /^`1e309ms` is out of range/);
  });
});

describe('targets that can never be met (SLA002, error) or never fail (SLA124, warning)', () => {
  const throughput = edit(VALID_SLA, /  - id: availability\n(    .*\n)+?(?=breach:)/, `  - id: throughput-floor
    indicator: throughput
    metric: requests
    statistic: p5
    target: ">= 20rps"
    window: { rolling: 28d }
    measurement: { point: gateway }
`);
  const cases: Case[] = [
    // Can never be met: errors.
    { name: 'availability > 100%', text: edit(VALID_SLA, '">= 99.9%"', '"> 100%"'),
      expect: [{ code: 'SLA002', token: '"> 100%"', message: /^`target: "> 100%"` of objective `availability` can never be met: availability is at most 100%; no window can meet it$/ }] },
    { name: 'availability >= 101%', text: edit(VALID_SLA, '">= 99.9%"', '">= 101%"'),
      expect: [{ code: 'SLA002', token: '">= 101%"', message: /must lie between 0% and 100%/ }] },
    { name: 'latency < 0ms', text: edit(VALID_SLA, '"<= 300ms"', '"< 0ms"'),
      expect: [{ code: 'SLA002', token: '"< 0ms"', message: /^`target: "< 0ms"` of objective `latency-p99` can never be met: a latency percentile is never below 0 ms/ }] },
    { name: 'latency <= -1ms', text: edit(VALID_SLA, '"<= 300ms"', '"<= -1ms"'),
      expect: [{ code: 'SLA002', token: '"<= -1ms"', message: /can never be met: a latency percentile is never negative/ }] },
    { name: 'accuracy f1 > 1 (a bare ratio)', text: edit(ACCURACY_SLA, '">= 0.82"', '"> 1"'),
      expect: [{ code: 'SLA002', token: '"> 1"', message: /can never be met: `f1` is at most 1/ }] },
    { name: 'accuracy f1 >= 1.2', text: edit(ACCURACY_SLA, '">= 0.82"', '">= 1.2"'),
      expect: [{ code: 'SLA002', token: '">= 1.2"', message: /a ratio in \[0, 1\]/ }] },
    { name: 'threshold < 0ms: no observation meets it', text: edit(LATENCY_RATIO, 'threshold: "<= 300ms"', 'threshold: "< 0ms"'),
      expect: [{ code: 'SLA002', token: '"< 0ms"', message: /no observation can meet it/ }] },
    { name: 'sliceTarget > 100%', text: edit(TIMESLICES_SLA, 'sliceTarget: ">= 99%"', 'sliceTarget: "> 100%"'),
      expect: [{ code: 'SLA002', token: '"> 100%"', message: /^`sliceTarget: "> 100%"` of objective `availability` can never be met: the share of good slices is at most 100%/ }] },
    { name: 'throughput < 0rps', text: edit(throughput, '">= 20rps"', '"< 0rps"'),
      expect: [{ code: 'SLA002', token: '"< 0rps"', message: /can never be met: throughput is never below 0 rps/ }] },
    // Can never fail, or holds only at zero: warnings.
    { name: 'availability >= 0%', text: edit(VALID_SLA, '">= 99.9%"', '">= 0%"'),
      expect: [{ code: 'SLA124', token: '">= 0%"', message: /^`target: ">= 0%"` of objective `availability` cannot fail: availability is never below 0%, so every window meets it: the objective can never be breached and promises nothing$/ }] },
    { name: 'availability <= 100%', text: edit(VALID_SLA, '">= 99.9%"', '"<= 100%"'),
      expect: [{ code: 'SLA124', token: '"<= 100%"', message: /cannot fail: availability is at most 100%/ }] },
    { name: 'latency >= 0ms', text: edit(VALID_SLA, '"<= 300ms"', '">= 0ms"'),
      expect: [{ code: 'SLA124', token: '">= 0ms"', message: /cannot fail: a latency percentile is never below 0 ms/ }] },
    { name: 'latency <= 0ms: met only by a zero latency', text: edit(VALID_SLA, '"<= 300ms"', '"<= 0ms"'),
      expect: [{ code: 'SLA124', token: '"<= 0ms"', message: /^`target: "<= 0ms"` of objective `latency-p99` is met only when a latency percentile is exactly 0 ms; in practice it is always breached$/ }] },
    { name: 'accuracy f1 <= 1', text: edit(ACCURACY_SLA, '">= 0.82"', '"<= 1"'),
      expect: [{ code: 'SLA124', token: '"<= 1"', message: /cannot fail: `f1` is at most 1/ }] },
    { name: 'threshold >= 0ms: every observation meets it', text: edit(LATENCY_RATIO, 'threshold: "<= 300ms"', 'threshold: ">= 0ms"'),
      expect: [{ code: 'SLA124', token: '">= 0ms"', message: /every observation meets it: the share under `threshold` is always 100%/ }] },
    { name: 'sliceTarget >= 0%', text: edit(TIMESLICES_SLA, 'sliceTarget: ">= 99%"', 'sliceTarget: ">= 0%"'),
      expect: [{ code: 'SLA124', token: '">= 0%"', message: /cannot fail: the share of good slices is never below 0%/ }] },
    { name: 'throughput >= 0rps', text: edit(throughput, '">= 20rps"', '">= 0rps"'),
      expect: [{ code: 'SLA124', token: '">= 0rps"', message: /cannot fail: throughput is never below 0 rps/ }] },
    { name: 'credit tier below 0%', text: edit(EXTERNAL_SLA, 'below: 99.0%', 'below: 0%'),
      expect: [{ code: 'SLA124', token: '0%', from: 'below: 0%', message: /^the credit tier `below: 0%` can never apply: a window's value is never below 0%, so its credit of 25% is never owed$/ }] },
  ];
  for (const c of cases) test(c.name, () => check(c));

  test('sliceGood: > 100% is an error, >= 0% a warning (time-based availability)', () => {
    const timeBased = edit(VALID_SLA, '    method: request-based\n', '    method: time-based\n    sliceGood: ">= 90%"\n    emptySlices: ignore\n    minObservations: 10\n');
    assert.deepEqual(diagnose(timeBased).map(brief), []);
    check({ name: 'sliceGood > 100%', text: edit(timeBased, '">= 90%"', '"> 100%"'), expect: [{ code: 'SLA002', token: '"> 100%"', message: /no slice can be up/ }] });
    check({ name: 'sliceGood >= 0%', text: edit(timeBased, '">= 90%"', '">= 0%"'), expect: [{ code: 'SLA124', token: '">= 0%"', message: /every slice with data is up/ }] });
  });

  test('near misses: >= 100%, > 0%, < 100%, >= 0.5ms are real promises', () => {
    for (const text of [
      edit(VALID_SLA, '">= 99.9%"', '">= 100%"'),
      edit(VALID_SLA, '">= 99.9%"', '"> 0%"'),
      edit(VALID_SLA, '"<= 300ms"', '"<= 0.5ms"'),
      edit(ACCURACY_SLA, '">= 0.82"', '">= 1"'),
      edit(EXTERNAL_SLA, 'below: 99.0%', 'below: 100%'),
    ]) assert.deepEqual(diagnose(text).filter((d) => d.code === 'SLA002' || d.code === 'SLA124').map(brief), []);
  });

  test('SLA124 is a warning by default, and its severity can be overridden', () => {
    const text = edit(VALID_SLA, '">= 99.9%"', '">= 0%"');
    assert.equal(diagnose(text)[0].severity, DiagnosticSeverity.Warning);
    const strict = getLanguageService({ severity: { SLA124: 'error' } });
    assert.equal(strict.validate(textDocument(text))[0].severity, DiagnosticSeverity.Error);
    const off = getLanguageService({ severity: { SLA124: 'off' } });
    assert.deepEqual(off.validate(textDocument(text)), []);
  });
});

describe('every code is documented', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const rulesReadme = readFileSync(join(root, 'docs', 'rules', 'README.md'), 'utf8');
  for (const [code, info] of Object.entries(CODES)) {
    test(code, () => {
      assert.ok(existsSync(join(root, 'docs', 'rules', `${code}.md`)), `docs/rules/${code}.md`);
      const page = readFileSync(join(root, 'docs', 'rules', `${code}.md`), 'utf8');
      assert.match(page, new RegExp(`^# ${code} — `), 'the page starts with its code');
      const severity = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' }[info.severity];
      assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${severity}`), 'the page states the default severity');
      assert.match(rulesReadme, new RegExp(`^\\| \\[${code}\\]\\(${code}\\.md\\) \\| ${severity} \\|`, 'm'), 'a row in docs/rules/README.md');
      assert.match(readme, new RegExp(`^\\| ${code} \\| ${severity} \\|`, 'm'), 'a row in README.md');
    });
  }
});
