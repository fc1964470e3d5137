// `model-sla notice` through the built CLI (dist/cli.js: `npm run build` first): exit codes — 0
// written, 3 nothing to notify (a window without a final breach), 2 errors — and the formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, runCli } from '../support/cli';

const cwd = join(repoRoot, 'examples');

test('notice: 0 written (Markdown by default, text, JSON with the report\'s numbers), 3 nothing to notify, 2 errors', () => {
  const md = runCli(['notice', 'churn-external.sla.yaml', '--window', '2026-09'], { cwd });
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /^# Service level notice: /);
  const text = runCli(['notice', 'churn-external.sla.yaml', '--window', '2026-09', '--format', 'text'], { cwd });
  assert.match(text.stdout, /^\s+credit: {3}10% to Retention Analytics GmbH$/m);
  const json = JSON.parse(runCli(['notice', 'churn-external.sla.yaml', '--window', '2026-09', '--format', 'json'], { cwd }).stdout);
  const report = JSON.parse(runCli(['report', 'churn-external.sla.yaml', '--format', 'json'], { cwd }).stdout);
  assert.equal(json.breaches[0].value, report.breaches[0].value);
  assert.equal(json.breaches[0].remediationDue, report.obligations.find((o: { kind: string }) => o.kind === 'remediation').due);
  const met = runCli(['notice', 'churn-external.sla.yaml', '--window', '2026-08'], { cwd });
  assert.deepEqual([met.status, met.stdout], [3, '']);
  assert.match(met.stderr, /no breach in 2026-08: nothing to notify; final breaches: 2026-09/);
  assert.equal(runCli(['notice', 'churn-external.sla.yaml', '--window', '1999-01'], { cwd }).status, 2);
  assert.equal(runCli(['notice', 'churn-external.sla.yaml'], { cwd }).status, 2);
  assert.equal(runCli(['notice', 'churn-external.sla.yaml', '--window', '2026-09', '--format', 'html'], { cwd }).status, 2);
});
