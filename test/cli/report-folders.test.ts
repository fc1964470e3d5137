/**
 * `model-sla report` on folders (issue 17): like `check`, a folder means every SLA file under it;
 * the text, Markdown and HTML views open with a summary (SLA, objective, status, latest value,
 * target, budget left) — in HTML each SLA a link to its section — and JSON is an array.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli, why } from '../support/cli';

describe('model-sla report <folder>', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-report-folders-'));
    // Metric paths are relative to each SLA file's folder.
    mkdirSync(join(dir, 'slas', 'internal'), { recursive: true });
    cpSync(join(repoRoot, 'examples', 'metrics'), join(dir, 'slas', 'metrics'), { recursive: true });
    cpSync(join(repoRoot, 'examples', 'metrics'), join(dir, 'slas', 'internal', 'metrics'), { recursive: true });
    cpSync(join(repoRoot, 'examples', 'churn-external.sla.yaml'), join(dir, 'slas', 'churn-external.sla.yaml'));
    cpSync(join(repoRoot, 'examples', 'churn-internal.sla.yaml'), join(dir, 'slas', 'internal', 'churn-internal.sla.yaml'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('text: the summary first, one row per objective of every SLA under the folder; exit 1 for the breached one', () => {
    const run = runCli(['report', 'slas', '--root', '.'], { cwd: dir });
    // churn-internal's f1-holdout is breached in its latest window (0.812 < 0.82).
    assert.equal(run.status, 1, why(run));
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Summary: 2 SLAs, 9 objectives: 1 breached, 8 met');
    assert.match(lines[2], /^SLA +OBJECTIVE +STATUS +LATEST +TARGET +WINDOW +BUDGET LEFT$/);
    assert.match(run.stdout, /churn-internal +f1-holdout +breached \(so far\) +0\.812 +>= 0\.82 +2026-10 +—/);
    // The budget as the section writes it ("error budget left 95.0%").
    assert.match(run.stdout, /churn-external +availability +met \(so far\) +99\.98% +>= 99\.9% +2026-10 +95\.0%/);
    assert.match(run.stdout, /2026-10  99\.98%  met \(so far\)  6777061 obs   error budget left 95\.0%/);
    assert.match(run.stdout, /\nSLA churn-external/);
  });

  test('JSON: an array of the §8 reports, even for one folder', () => {
    const run = runCli(['report', 'slas', '--root', '.', '--format', 'json'], { cwd: dir });
    const reports = JSON.parse(run.stdout);
    assert.ok(Array.isArray(reports));
    assert.deepEqual(reports.map((r: { sla: string }) => r.sla), ['churn-external', 'churn-internal']);
  });

  test('Markdown opens with the summary for a pull-request comment; HTML links each SLA to its section', () => {
    const md = runCli(['report', 'slas', '--root', '.', '--format', 'markdown'], { cwd: dir }).stdout;
    assert.match(md, /^### Summary\n\n2 SLAs, 9 objectives: 1 breached, 8 met\.\n\n\| SLA \| objective \| status \| latest \| target \| budget left \|/);
    assert.match(md, /\| `churn-internal` \| f1-holdout \| ❌ breached \(so far\) \|/);
    const html = runCli(['report', 'slas', '--root', '.', '--format', 'html'], { cwd: dir }).stdout;
    assert.equal((html.match(/<a href="#sla-1">churn-internal<\/a>/g) ?? []).length, 3);
    assert.match(html, /<section id="sla-0"><h1>SLA churn-external/);
    assert.match(html, /<section id="sla-1"><h1>SLA churn-internal/);
    assert.ok(html.indexOf('id="summary"') < html.indexOf('id="sla-0"'));
  });

  test('a folder without SLA files says so (JSON: an empty array), as check does; a missing one is exit 2; two SLAs of one name are a warning', () => {
    mkdirSync(join(dir, 'empty'));
    const empty = runCli(['report', 'empty'], { cwd: dir });
    assert.equal(empty.status, 0, why(empty));
    assert.equal(empty.stdout, '');
    assert.match(empty.stderr, /empty: no \*\.sla\.yaml files found/);
    assert.equal(runCli(['report', 'empty', '--format', 'json'], { cwd: dir }).stdout, '[]\n');
    mkdirSync(join(dir, 'twice', 'b'), { recursive: true });
    cpSync(join(dir, 'slas', 'churn-external.sla.yaml'), join(dir, 'twice', 'one.sla.yaml'));
    cpSync(join(dir, 'slas', 'churn-external.sla.yaml'), join(dir, 'twice', 'b', 'two.sla.yaml'));
    assert.match(runCli(['report', 'twice'], { cwd: dir }).stderr, /warning SLA004: 2 SLAs are named `churn-external` \(twice\/b\/two\.sla\.yaml, twice\/one\.sla\.yaml\)/);
    const missing = runCli(['report', 'nowhere'], { cwd: dir });
    assert.equal(missing.status, 2, why(missing));
  });
});
