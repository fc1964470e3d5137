// `model-sla report` as a real process (node bin/model-sla.js, the bundle in dist/: `npm run build`
// first; `npm test` does). Fixtures: examples/ and test/fixtures/report/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, why } from '../support/cli';


test('examples: exit codes follow the latest windows (churn-external 0, churn-internal 1, fraud 1)', () => {
  const ext = runCli(['report', 'examples/churn-external.sla.yaml', '--root', 'examples', '--format', 'json']);
  // September's availability breach (with its 10 % credit) is in the past; every latest window (October) is met.
  assert.equal(ext.status, 0, why(ext));
  assert.equal(ext.stderr, ''); // not a TTY: no progress
  const report = JSON.parse(ext.stdout);
  assert.ok(!Array.isArray(report));
  assert.equal(report.sla, 'churn-external');
  assert.equal(report.file, 'examples/churn-external.sla.yaml');
  assert.deepEqual(report.credits, [{ objective: 'availability', window: '2026-09', credit: '10%' }]);
  const internal = runCli(['report', 'examples/churn-internal.sla.yaml', '--root', 'examples', '--format', 'json']);
  assert.equal(internal.status, 1, why(internal)); // f1-holdout breached in October (so far)
  const fraud = runCli(['report', 'examples/fraud.sla.yaml', '--root', 'examples', '--format', 'json']);
  assert.equal(fraud.status, 1, why(fraud)); // fraud-scoring-internal availability-minutes
  const both = JSON.parse(fraud.stdout);
  assert.ok(Array.isArray(both));
  assert.deepEqual(both.map((r: { sla: string }) => r.sla), ['fraud-scoring-internal', 'fraud-scoring-external']);
});

test('--as-of: the evaluation instant; September becomes the latest window', () => {
  const r = runCli(['report', 'examples/churn-external.sla.yaml', '--root', 'examples', '--format', 'json', '--as-of', '2026-09-30T22:00:00Z']);
  assert.equal(r.status, 1, why(r)); // 2026-10-01 00:00 Berlin: September is complete and breached
  const report = JSON.parse(r.stdout);
  assert.equal(report.asOf, '2026-09-30T22:00:00.000Z');
  const av = report.objectives.find((o: { id: string }) => o.id === 'availability');
  assert.equal(av.windows.at(-1).label, '2026-09');
  assert.equal(av.windows.at(-1).partial, false);
  assert.equal(runCli(['report', 'examples/churn-external.sla.yaml', '--as-of', 'yesterday']).status, 2);
});

test('text, markdown and html formats', () => {
  const text = runCli(['report', 'examples/churn-external.sla.yaml', '--root', 'examples']);
  assert.equal(text.status, 0, why(text));
  assert.match(text.stdout, /availability\s+availability\s+>= 99\.9%\s+2026-10/);
  const md = runCli(['report', 'examples/churn-external.sla.yaml', '--root', 'examples', '--format', 'markdown']);
  assert.match(md.stdout, /^\| objective \| target \| window \| value \| status \|$/m);
  assert.match(md.stdout, /^\|---\|---\|---\|---\|---\|$/m);
  const html = runCli(['report', 'test/fixtures/report/xss.sla.yaml', '--root', 'test/fixtures/report', '--format', 'html']);
  assert.equal(html.status, 0, why(html));
  assert.ok(html.stdout.startsWith('<!DOCTYPE html>'));
  assert.match(html.stdout, /Content-Security-Policy/);
  assert.ok(!html.stdout.includes('<img'), 'unescaped payload');
  assert.ok(!html.stdout.includes('<script'), 'unescaped payload');
  assert.ok(html.stdout.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.stdout.includes('&lt;img src=x onerror=alert(2)&gt;')); // the description
});

test('--out writes the file; stdout stays empty', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-report-'));
  try {
    const out = join(dir, 'report.json');
    const r = runCli(['report', 'test/fixtures/report/credits.sla.yaml', '--root', 'test/fixtures/report', '--format', 'json', '--out', out]);
    assert.equal(r.status, 1, why(r));
    assert.equal(r.stdout, '');
    const reports = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(reports.length, 2); // a multi-document file: an array
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('errors: a missing SLA file, a schema error, a bad format → exit 2; a missing metric is reported and carries on', () => {
  const missing = runCli(['report', 'test/fixtures/report/nope.sla.yaml']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.sla\.yaml: cannot be read \(ENOENT\)/);
  const schema = runCli(['report', 'test/fixtures/report/schema-error.sla.yaml', '--format', 'json']);
  assert.equal(schema.status, 2);
  assert.match(schema.stderr, /SLA002/);
  assert.equal(schema.stdout, '');
  assert.equal(runCli(['report', 'examples/churn-external.sla.yaml', '--format', 'yaml']).status, 2);
  assert.equal(runCli(['report']).status, 2);
  // I/O errors per file: the other file is still reported
  const mixed = runCli(['report', 'test/fixtures/report/nope.sla.yaml', 'test/fixtures/report/missing-metric.sla.yaml', '--root', 'test/fixtures/report', '--format', 'json']);
  assert.equal(mixed.status, 2);
  const report = JSON.parse(mixed.stdout); // one single-document file reported: an object
  assert.equal(report.objectives[0].status, 'no-data');
  const metric = runCli(['report', 'test/fixtures/report/missing-metric.sla.yaml', '--root', 'test/fixtures/report', '--format', 'json']);
  assert.equal(metric.status, 0, why(metric));
  assert.match(metric.stderr, /metric requests: .*does-not-exist\.csv/);
});

test('a metric outside the workspace is refused, not read', () => {
  const r = runCli(['report', 'test/fixtures/report/outside.sla.yaml', '--root', 'test/fixtures/report', '--format', 'json']);
  assert.equal(r.status, 0, why(r));
  assert.match(r.stderr, /metric requests: .*leaves the workspace/);
  const report = JSON.parse(r.stdout);
  assert.equal(report.objectives[0].status, 'no-data');
  assert.equal(report.metricErrors[0].metric, 'requests');
});
