// Issue 12, the metric readers' part, through `model-sla report` as a real process (the bundle in
// dist/: `npm run build` first; `npm test` does): the exact numbers of a unit-less latency metric
// with negative values, and of a filtered event log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

function report(files: Record<string, string>, args: string[] = []): { status: number | null; json: any; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-hostile-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const format = args.includes('--format') ? [] : ['--format', 'json'];
    const r = runCli(['report', 'x.sla.yaml', ...format, ...args], { cwd: dir });
    return { status: r.status, json: r.stdout && format.length ? JSON.parse(r.stdout) : undefined, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sla = (metrics: string, objectives: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: hostile, owner: sre@example.com }
model: m
scope: internal
period: { start: 2026-03-01, end: 2026-12-31, timezone: UTC }
metrics:
${metrics}
objectives:
${objectives}
breach:
  internal: { actions: [p1-investigation] }
  escalation: [{ after: 1h, notify: on-call }]
`;

test('a latency metric without `unit`: negative values are data issues, as with `unit: ms` (p50 of −500, −400, 900 is 900 ms)', () => {
  const r = report({
    'x.sla.yaml': sla('  lat: { file: lat.csv, timestamp: ts, value: v }',
      '  - { id: p50, indicator: latency, metric: lat, percentile: p50, percentileMethod: nearest-rank, target: "<= 300ms", window: { rolling: 1d } }'),
    'lat.csv': 'ts,v\n2026-03-01T00:00:00Z,-500\n2026-03-01T00:01:00Z,-400\n2026-03-01T00:02:00Z,900\n',
  });
  assert.equal(r.status, 1, r.stderr); // breached
  const w = r.json.objectives[0].windows[0];
  assert.deepEqual([w.value, w.unit, w.observations, w.status], [900, 'ms', 1, 'breached']);
  assert.deepEqual(r.json.dataIssueCounts, { lat: 2 });
  assert.deepEqual(r.json.dataIssues, [
    { metric: 'lat', line: 2, problem: 'negative value `-500` in `v` (a duration cannot be negative; the metric has no `unit`, so it is in the unit of its duration target)' },
    { metric: 'lat', line: 3, problem: 'negative value `-400` in `v` (a duration cannot be negative; the metric has no `unit`, so it is in the unit of its duration target)' },
  ]);
});

test('an event log with a filter: throughput counts the kept rows per slice, the report says how many the filter left out', () => {
  const lines = [
    '{"time":"2026-03-01T00:00:05Z","route":"/v1/score"}',
    '{"time":"2026-03-01T00:00:10Z","route":"/health"}',
    '{"time":"2026-03-01T00:00:20Z","route":"/v1/score"}',
    '{"time":"2026-03-01T00:01:30Z","route":"/v1/score"}',
    '{"time":"2026-03-01T00:01:40Z","route":"/v1/score"}',
    '{"time":"2026-03-01T00:01:50Z","route":"/v1/score"}',
    '{"time":"2026-03-01T00:02:00Z","route":"/health"}',
    '{"time":"2026-03-01T00:02:59.999Z"}',
  ];
  const files = {
    'x.sla.yaml': sla('  score: { file: log.jsonl, timestamp: time, filter: "route == \\"/v1/score\\"" }',
      '  - { id: rate, indicator: throughput, metric: score, statistic: mean, slice: 1m, target: ">= 2rpm", window: { rolling: 3m } }'),
    'log.jsonl': lines.join('\r') + '\r', // lone CRs, too
  };
  const r = report(files, ['--as-of', '2026-03-01T00:03:00Z']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.json.asOf, '2026-03-01T00:03:00.000Z');
  const w = r.json.objectives[0].windows[0];
  // Slices of 1 min: 2, 3 and 0 kept requests (the last row has no `route`: a data issue); the empty slice is not counted.
  assert.deepEqual([w.value, w.unit, w.observations, w.status, w.slices], [2.5, 'rpm', 5, 'met', { total: 3, withData: 2, good: 2, counted: 2 }]);
  assert.deepEqual(r.json.filteredRows, { score: 2 });
  assert.deepEqual(r.json.dataIssues, [{ metric: 'score', line: 8, problem: 'missing `route`' }]);
  assert.deepEqual(r.json.dataIssueCounts, { score: 1 });
  // The human views say it too: no row disappears without a word.
  for (const format of ['text', 'markdown', 'html']) {
    const human = report({ 'x.sla.yaml': files['x.sla.yaml'], 'log.jsonl': files['log.jsonl'] }, ['--as-of', '2026-03-01T00:03:00Z', '--format', format]);
    assert.match(human.stdout, /Rows left out by (\\?`|&#96;)filter(\\?`|&#96;): score 2/, format);
  }
});

test('epoch milliseconds declared `timestampUnit: s`: a data issue names the unit; --fail-on-no-data exits 3 and says which objective and why', () => {
  const rows = ['ts,v', ...Array.from({ length: 200 }, (_, i) => `${Date.parse('2026-03-01T00:00:00Z') + i * 60_000},${100 + i}`)];
  const files = {
    'x.sla.yaml': sla('  lat: { file: lat.csv, timestamp: ts, timestampUnit: s, value: v, unit: ms }',
      '  - { id: p50, indicator: latency, metric: lat, percentile: p50, percentileMethod: nearest-rank, target: "<= 300ms", window: { rolling: 1d } }'),
    'lat.csv': rows.join('\n') + '\n',
  };
  const r = report(files, ['--as-of', '2026-03-02']);
  assert.equal(r.status, 0, r.stderr); // no breach, and without the flag no data is not a failure
  assert.equal(r.json.objectives[0].windows[0].status, 'no-data');
  assert.deepEqual(r.json.dataIssueCounts, { lat: 1 });
  assert.equal(r.json.dataIssues[0].line, 201);
  assert.match(r.json.dataIssues[0].problem, /^all 200 rows lie far outside the dates the SLA covers .* read as epoch seconds \(`timestampUnit: s`\); read as milliseconds they would fall from 2026-03-01T00:00:00\.000Z to 2026-03-01T03:19:00\.000Z: is it `timestampUnit: ms`\?$/);
  const strict = report(files, ['--as-of', '2026-03-02', '--fail-on-no-data']);
  assert.equal(strict.status, 3, strict.stderr);
  assert.equal(strict.stderr, 'model-sla: x.sla.yaml: objective p50: the latest window has no data: no observations in 2026-03-01T00:00:00.000Z/2026-03-02T00:00:00.000Z (see the data issues)\n');
});
