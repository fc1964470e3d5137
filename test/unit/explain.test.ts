/**
 * `model-sla explain` (spec §8.1), worked by hand on small files written to disk: the rank of a
 * nearest-rank and of a linear percentile and the line of the observation at it; good, total and
 * the first bad rows (in time, though the file is not in time order) of a ratio; the bad slices of a
 * timeslice budget; every accuracy run with why it did or did not count (excluded, below
 * minSamples, another dataset). The explained value is the report's value for the same window.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainFile } from '../../server/src/cli/explain';
import { reportFiles } from '../../server/src/cli/report';
import { runCli, why } from '../support/cli';

const HEAD = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: explained, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
`;

describe('explain', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-explain-'));
    mkdirSync(join(dir, 'metrics'));
    // 100 latencies in March, written from 100 ms down to 1 ms: value v is on line 102 − v.
    writeFileSync(join(dir, 'metrics', 'latency.csv'), `ts,ms\n${Array.from({ length: 100 }, (_, k) => `2026-03-01T00:${String(Math.floor(k / 60)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}Z,${100 - k}`).join('\n')}\n`);
    // Events, not in time order: the bad ones at 00:05 (line 2), 00:01 (line 4), 00:03 (line 6).
    writeFileSync(join(dir, 'metrics', 'events.csv'), 'ts,status\n2026-03-01T00:05:00Z,500\n2026-03-01T00:00:00Z,200\n2026-03-01T00:01:00Z,503\n2026-03-01T00:02:00Z,200\n2026-03-01T00:03:00Z,500\n2026-03-01T00:04:00Z,200\n');
    // Counts per minute for 10 minutes: minutes 3 and 7 are bad slices (90 of 100).
    writeFileSync(join(dir, 'metrics', 'counts.csv'), `minute,n,ok\n${Array.from({ length: 10 }, (_, k) => `2026-03-01T00:0${k}:00Z,100,${k === 3 || k === 7 ? 90 : 100}`).join('\n')}\n`);
    writeFileSync(join(dir, 'metrics', 'eval.csv'), [
      'at,f1,n,ds',
      '2026-03-02T06:00:00Z,0.90,6000,holdout', // line 2: counted
      '2026-03-09T06:00:00Z,0.70,6000,holdout', // line 3: excluded (retraining)
      '2026-03-16T06:00:00Z,0.60,100,holdout', //  line 4: below minSamples
      '2026-03-23T06:00:00Z,0.50,6000,other', //   line 5: another dataset
      '2026-03-30T06:00:00Z,0.85,6000,holdout', // line 6: counted
    ].join('\n') + '\n');
    writeFileSync(join(dir, 'x.sla.yaml'), `${HEAD}metrics:
  latency: { file: metrics/latency.csv, timestamp: ts, value: ms, unit: ms }
  events: { file: metrics/events.csv, timestamp: ts, good: "status < 500" }
  counts: { file: metrics/counts.csv, timestamp: minute, total: n, goodCount: ok }
  eval: { file: metrics/eval.csv, timestamp: at, value: f1, samples: n, dataset: ds }
objectives:
  - { id: p95, indicator: latency, metric: latency, percentile: p95, percentileMethod: nearest-rank, target: "<= 96ms", window: { calendar: month } }
  - { id: p95-linear, indicator: latency, metric: latency, percentile: p95, percentileMethod: linear, target: "<= 96ms", window: { calendar: month } }
  - { id: events, indicator: availability, metric: events, method: request-based, target: ">= 99%", window: { calendar: month } }
  - { id: slices, indicator: availability, metric: counts, method: request-based, budgeting: timeslices, slice: 1m, target: ">= 95%", sliceTarget: ">= 90%", window: { calendar: month } }
  - id: f1
    indicator: accuracy
    metric: eval
    measure: f1
    target: ">= 0.8"
    window: { calendar: month }
    evaluation: { cadence: weekly, dataset: holdout, minSamples: 5000, aggregate: every }
    exclusions:
      - { reason: retraining, from: "2026-03-09T00:00:00Z", to: "2026-03-10T00:00:00Z" }
`);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  const explain = async (objective: string, window = '2026-03') => {
    const run = await explainFile('x.sla.yaml', { objective, window, cwd: dir });
    assert.ok(run.ok, run.messages.join('\n'));
    return run.explanation;
  };

  test('nearest-rank: rank ⌈0.95 · 100⌉ = 95, the value 95 ms, on line 7 of the file', async () => {
    const x = await explain('p95');
    assert.equal(x.method, 'nearest-rank');
    assert.equal(x.rank, 95);
    assert.equal(x.value, 95);
    assert.equal(x.observations, 100);
    assert.deepEqual(x.evidence, [{ metric: 'latency', file: 'metrics/latency.csv', line: 7, timestamp: '2026-03-01T00:00:05.000Z', value: 95, unit: 'ms' }]);
  });

  test('linear: position 0.95 · 99 = 94.05 lies between observations 95 and 96 with weight 0.05: 95.05 ms, both rows cited', async () => {
    const x = await explain('p95-linear');
    assert.deepEqual(x.rank, [95, 96]);
    const [num, den] = x.weight!.split('/').map(Number);
    assert.equal(num / den, 0.05);
    assert.equal(x.value, 95.05);
    assert.deepEqual(x.evidence.map((e) => [e.line, e.value]), [[7, 95], [6, 96]]);
  });

  test('a ratio: 3 good of 6, the bad rows in time order (lines 4, 6, 2), though the file is not', async () => {
    const x = await explain('events');
    assert.equal(x.good, 3);
    assert.equal(x.total, 6);
    assert.equal(x.value, 50);
    assert.equal(x.status, 'breached');
    assert.deepEqual(x.evidence.map((e) => [e.line, e.timestamp, e.good, e.total]), [[4, '2026-03-01T00:01:00.000Z', 0, 1], [6, '2026-03-01T00:03:00.000Z', 0, 1], [2, '2026-03-01T00:05:00.000Z', 0, 1]]);
  });

  test('a ratio with more bad events than 20: the first 20 in time are cited', async () => {
    // 30 events a minute apart, every one bad, written newest first.
    writeFileSync(join(dir, 'metrics', 'many-bad.csv'), `ts,status\n${Array.from({ length: 30 }, (_, k) => `2026-03-02T00:${String(29 - k).padStart(2, '0')}:00Z,500`).join('\n')}\n`);
    writeFileSync(join(dir, 'many.sla.yaml'), `${HEAD}metrics:\n  events: { file: metrics/many-bad.csv, timestamp: ts, good: "status < 500" }\nobjectives:\n  - { id: events, indicator: availability, metric: events, method: request-based, target: ">= 99%", window: { calendar: month } }\n`);
    const run = await explainFile('many.sla.yaml', { objective: 'events', window: '2026-03', cwd: dir });
    assert.ok(run.ok, run.messages.join('\n'));
    assert.equal(run.explanation.total, 30);
    assert.equal(run.explanation.evidence.length, 20);
    // 00:00 is on the last line (31), 00:19 on line 12.
    assert.deepEqual([run.explanation.evidence[0].line, run.explanation.evidence[19].line], [31, 12]);
  });

  test('timeslices: the bad slices, minutes 3 and 7 at 90 of 100; 8 good of 10', async () => {
    const x = await explain('slices');
    assert.deepEqual(x.badSlices, [
      { from: '2026-03-01T00:03:00.000Z', to: '2026-03-01T00:04:00.000Z', good: 90, total: 100 },
      { from: '2026-03-01T00:07:00.000Z', to: '2026-03-01T00:08:00.000Z', good: 90, total: 100 },
    ]);
    assert.equal(x.slices?.good, 8);
    assert.equal(x.slices?.counted, 10);
    assert.equal(x.value, 80);
  });

  test('throughput: the slice that is the min (and the p5), the slices below the target with their requests; the mean has no single slice', async () => {
    // Requests per minute 120, 60, 30, 90, 600: 2, 1, 0.5, 1.5 and 10 rps; minute 2 (line 4) is the slowest.
    // asOf is the last row's instant: minute 4 is still running there and is left out (spec §9).
    writeFileSync(join(dir, 'metrics', 'reqs.csv'), 'minute,n\n2026-03-01T00:00:00Z,120\n2026-03-01T00:01:00Z,60\n2026-03-01T00:02:00Z,30\n2026-03-01T00:03:00Z,90\n2026-03-01T00:04:00Z,600\n');
    writeFileSync(join(dir, 'tp.sla.yaml'), `${HEAD}metrics:\n  reqs: { file: metrics/reqs.csv, timestamp: minute, total: n }\nobjectives:
  - { id: tp-min, indicator: throughput, metric: reqs, statistic: min, slice: 1m, target: ">= 1rps", window: { calendar: month } }
  - { id: tp-p5, indicator: throughput, metric: reqs, statistic: p5, slice: 1m, target: ">= 1rps", window: { calendar: month } }
  - { id: tp-mean, indicator: throughput, metric: reqs, statistic: mean, slice: 1m, target: ">= 1rps", window: { calendar: month } }
`);
    const tp = async (objective: string) => {
      const run = await explainFile('tp.sla.yaml', { objective, window: '2026-03', cwd: dir });
      assert.ok(run.ok, run.messages.join('\n'));
      return run.explanation;
    };
    const min = await tp('tp-min');
    assert.equal(min.value, 0.5);
    assert.equal(min.statistic, 'min');
    assert.deepEqual(min.valueSlice, { from: '2026-03-01T00:02:00.000Z', to: '2026-03-01T00:03:00.000Z', requests: 30 });
    assert.deepEqual(min.badSlices, [{ from: '2026-03-01T00:02:00.000Z', to: '2026-03-01T00:03:00.000Z', requests: 30 }]);
    assert.equal(min.badSliceCount, 1);
    assert.equal(min.slices?.withData, 4);
    assert.equal(min.note, undefined, 'a slice is the evidence');
    const p5 = await tp('tp-p5');
    assert.deepEqual(p5.valueSlice, { from: '2026-03-01T00:02:00.000Z', to: '2026-03-01T00:03:00.000Z', requests: 30, rank: 1 }, 'rank ⌈0.05 · 4⌉ = 1');
    const mean = await tp('tp-mean');
    assert.equal(mean.value, 1.25, '(2 + 1 + 0.5 + 1.5) / 4');
    assert.equal(mean.valueSlice, undefined);
    assert.equal(mean.statistic, 'mean');
    const text = runCli(['explain', 'tp.sla.yaml', '--objective', 'tp-min', '--window', '2026-03'], { cwd: dir });
    assert.match(text.stdout, /min: the value is the rate of the slowest of 4 slices with requests, the slice \[2026-03-01T00:02:00\.000Z, 2026-03-01T00:03:00\.000Z\) with 30 requests/, why(text));
    assert.match(text.stdout, /\[2026-03-01T00:02:00\.000Z, 2026-03-01T00:03:00\.000Z\)  30 requests/);
  });

  test('accuracy: every run in time order with whether it counted and why not', async () => {
    const x = await explain('f1');
    assert.deepEqual(x.runs?.map((r) => [r.line, r.counted, r.why ?? '']), [[2, true, ''], [3, false, 'excluded'], [4, false, 'belowMinSamples'], [5, false, 'otherDataset'], [6, true, '']]);
    assert.deepEqual(x.evidence.map((e) => e.line), [2, 6]);
    assert.equal(x.observations, 2);
  });

  test('an objective id in two SLAs of a file is not guessed: --sla says which; an unknown --sla lists the SLAs', async () => {
    const text = `${HEAD}metrics:\n  latency: { file: metrics/latency.csv, timestamp: ts, value: ms, unit: ms }\nobjectives:\n  - { id: p95, indicator: latency, metric: latency, percentile: p95, percentileMethod: nearest-rank, target: "<= 96ms", window: { calendar: month } }\n`;
    writeFileSync(join(dir, 'two.sla.yaml'), `${text}---\n${text.replace('name: explained', 'name: other').replace('<= 96ms', '<= 50ms')}`);
    const both = await explainFile('two.sla.yaml', { objective: 'p95', window: 'latest', cwd: dir });
    assert.ok(!both.ok);
    assert.match(both.messages[0], /is in 2 SLAs of this file \(explained, other\): say which with --sla NAME/);
    const other = await explainFile('two.sla.yaml', { objective: 'p95', window: 'latest', sla: 'other', cwd: dir });
    assert.ok(other.ok);
    assert.equal(other.explanation.status, 'breached');
    const none = await explainFile('two.sla.yaml', { objective: 'p95', window: 'latest', sla: 'nope', cwd: dir });
    assert.ok(!none.ok);
    assert.match(none.messages[0], /no SLA named `nope`; the SLAs are explained, other/);
  });

  test('the text rounds as the report does, never onto the target; a clipped window says so', async () => {
    writeFileSync(join(dir, 'metrics', 'edge.csv'), 'ts,ms\n2026-03-05T00:00:00Z,50.0004\n');
    writeFileSync(join(dir, 'edge.sla.yaml'), HEAD.replace('period: { start: 2026-01-01, end: 2026-12-31', 'period: { start: 2026-03-04, end: 2026-03-08') + 'metrics:\n  l: { file: metrics/edge.csv, timestamp: ts, value: ms, unit: ms }\nobjectives:\n  - { id: p90, indicator: latency, metric: l, percentile: p90, percentileMethod: nearest-rank, target: "<= 50ms", window: { calendar: month } }\n');
    const text = runCli(['explain', 'edge.sla.yaml', '--objective', 'p90'], { cwd: dir }).stdout;
    // 50.0004 ms rounds to 50.1ms, as the report writes it: never "50ms" for a value over 50 ms.
    assert.match(text, /^ {2}50\.1ms: breached \(target <= 50ms\)$/m);
    assert.match(text, /metrics\/edge\.csv:2 {2}2026-03-05T00:00:00\.000Z {2}50\.0004ms$/m);
    assert.match(text, /clipped to the period/);
    assert.match(runCli(['report', 'edge.sla.yaml'], { cwd: dir }).stdout, /2026-03 +50\.1ms +breached/);
  });

  test('the explained value and status are the report\'s, for every objective', async () => {
    const { reports } = await reportFiles(['x.sla.yaml'], { cwd: dir });
    for (const o of reports[0].objectives) {
      const w = o.windows.find((x) => x.label === '2026-03')!;
      const x = await explain(o.id);
      assert.equal(x.value, w.value, o.id);
      assert.equal(x.status, w.status, o.id);
      assert.equal(x.observations, w.observations, o.id);
    }
  });

  test('the CLI: JSON on stdout; an unknown window lists the labels there are (exit 2)', () => {
    const run = runCli(['explain', 'x.sla.yaml', '--objective', 'p95', '--window', 'latest', '--format', 'json'], { cwd: dir });
    assert.equal(run.status, 0, why(run));
    const x = JSON.parse(run.stdout);
    assert.equal(x.window, '2026-03');
    assert.equal(x.evidence[0].line, 7);
    const text = runCli(['explain', 'x.sla.yaml', '--objective', 'p95'], { cwd: dir });
    assert.match(text.stdout, /nearest-rank: the value is observation 95 of 100/);
    assert.match(text.stdout, /metrics\/latency\.csv:7 {2}2026-03-01T00:00:05\.000Z {2}95ms/);
    const wrong = runCli(['explain', 'x.sla.yaml', '--objective', 'p95', '--window', '2025-12'], { cwd: dir });
    assert.equal(wrong.status, 2, why(wrong));
    assert.match(wrong.stderr, /no window `2025-12`; its windows are 2026-01, 2026-02, 2026-03 \(or latest\)/);
  });
});
