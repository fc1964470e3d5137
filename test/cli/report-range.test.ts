// `model-sla report` as a real process on metric files written by the test into a temp folder: one
// row dated 9999-12-31 no longer ends in `RangeError: too many calendar windows` (it is far from the
// rest of the rows: one data issue naming its physical line, removed before evaluation), and epoch milliseconds declared as seconds
// (200 rows in year 58132) give a data issue naming `timestampUnit` instead of silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, why } from '../support/cli';


const SLA = (period: string, metric: string, window: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: range, owner: ml@example.com }
model: m
scope: internal
period: ${period}
metrics:
  latency: ${metric}
objectives:
  - id: p99
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 300ms"
    window: ${window}
    measurement: { point: server }
`;

test('a row dated 9999-12-31 (day windows, no period.end): a far row named by its line, removed; the windows end at the real data, exit 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-range-'));
  try {
    writeFileSync(join(dir, 'latency.csv'), 'ts,ms\n2026-03-01T10:00:00Z,120\n2026-03-01T11:00:00Z,130\n\n9999-12-31T00:00:00Z,100\n');
    writeFileSync(join(dir, 'x.sla.yaml'), SLA('{ start: 2026-03-01, timezone: UTC }', '{ file: latency.csv, timestamp: ts, value: ms, unit: ms }', '{ calendar: day }'));
    const r = runCli(['report', 'x.sla.yaml', '--format', 'json', '--root', dir], { cwd: dir });
    assert.equal(r.status, 0, why(r));
    assert.doesNotMatch(r.stderr, /RangeError|\n\s+at /);
    const json = JSON.parse(r.stdout);
    assert.equal(json.asOf, '2026-03-01T11:00:00.001Z');
    const [o] = json.objectives;
    assert.deepEqual(o.windows.map((w: { label: string; observations: number; value: number }) => [w.label, w.observations, w.value]), [['2026-03-01', 2, 130]]);
    assert.equal(o.windowsDropped, undefined);
    // Line 5: the header is line 1, the blank line 4 counts (spec §9).
    assert.deepEqual(json.dataIssues.map((d: { metric: string; line: number }) => [d.metric, d.line]), [['latency', 5]]);
    assert.match(json.dataIssues[0].problem, /^1 of 3 rows lies far outside the dates the SLA covers \(its period and baseline, 2026-03-01 to …, give or take a year\) and the bulk of the metric's rows \(2 rows from 2026-03-01 to 2026-03-01, none more than a year apart\): 1 after it, the latest at 9999-12-31T00:00:00\.000Z \(line 5\)\. They are never evaluated\. Check the dates of these rows \(a mistyped year\?\) and set `period\.end`\.$/);
    const text = runCli(['report', 'x.sla.yaml', '--root', dir], { cwd: dir });
    assert.equal(text.status, 0, why(text));
    assert.match(text.stdout, /latency line 5: 1 of 3 rows lies far outside/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('epoch milliseconds declared `timestampUnit: s`: a data issue names timestampUnit and the unit that fits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-range-'));
  try {
    const start = Date.parse('2026-03-01T00:00:00Z');
    const lines = ['ts,ms', ...Array.from({ length: 200 }, (_, i) => `${start + i * 60_000},${100 + (i % 7)}`)];
    writeFileSync(join(dir, 'latency.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'x.sla.yaml'), SLA('{ start: 2026-01-01, end: 2026-12-31, timezone: UTC }', '{ file: latency.csv, timestamp: ts, timestampUnit: s, value: ms, unit: ms }', '{ calendar: month }'));
    const r = runCli(['report', 'x.sla.yaml', '--format', 'json', '--root', dir], { cwd: dir });
    assert.equal(r.status, 0, why(r));
    const json = JSON.parse(r.stdout);
    assert.ok(json.objectives[0].windows.every((w: { status: string }) => w.status === 'no-data'));
    assert.equal(json.dataIssues.length, 1);
    const [issue] = json.dataIssues;
    assert.deepEqual([issue.metric, issue.line], ['latency', 201]); // the latest row
    assert.match(issue.problem, /^all 200 rows lie far outside the dates the SLA covers/);
    assert.match(issue.problem, /read as milliseconds they would fall from 2026-03-01T00:00:00\.000Z to 2026-03-01T03:19:00\.000Z: is it `timestampUnit: ms`\?$/);
    assert.deepEqual(json.dataIssueCounts, { latency: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
