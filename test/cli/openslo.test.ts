/**
 * `model-sla export openslo` and `model-sla import openslo` as a real process (spec §11): the export
 * of the Prometheus example names the server's URL from .model-sla.yaml and lists on stderr what
 * went into annotations; export then import into another workspace (with the metric files) gives an
 * SLA that checks clean and equals the original; an OpenSLO file with what OpenSLO leaves open comes
 * back with findings at the imported file's lines (exit 1); unusable input is exit 2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseSlaFile } from '../../server/src/service/parse';
import { validateOpenSlo } from '../../server/src/service/openslo/openslo';
import { repoRoot, runCli, why } from '../support/cli';

describe('model-sla export openslo / import openslo', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'model-sla-openslo-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('export: OpenSLO v1 on stdout, the Prometheus URL from the root\'s .model-sla.yaml, the annotations listed on stderr, exit 0', () => {
    const run = runCli(['export', 'openslo', 'examples/churn-prometheus.sla.yaml', '--root', 'examples']);
    assert.equal(run.status, 0, why(run));
    const documents = parseAllDocuments(run.stdout).map((d) => d.toJS());
    assert.deepEqual(validateOpenSlo(documents), []);
    assert.deepEqual(documents.map((d) => d.kind), ['Service', 'DataSource', 'DataSource', 'AlertNotificationTarget', 'AlertPolicy', 'AlertNotificationTarget', 'AlertPolicy', 'SLO', 'SLO', 'SLO']);
    assert.equal(documents[1].spec.connectionDetails.url, 'http://127.0.0.1:19190');
    assert.match(run.stderr, /objective latency-p99: in modelsla\.dev\/ annotations: percentileMethod, minObservations, measurement/);
    // The committed example is what the SLA exports now.
    assert.equal(run.stdout, readFileSync(join(repoRoot, 'examples', 'churn-prometheus.openslo.yaml'), 'utf8'), 'export it again: model-sla export openslo examples/churn-prometheus.sla.yaml --root examples --out examples/churn-prometheus.openslo.yaml');
  });

  test('export then import into another workspace: the same SLA, checked clean (exit 0)', () => {
    const out = join(dir, 'fraud.openslo.yaml');
    const exported = runCli(['export', 'openslo', 'examples/fraud.sla.yaml', '--out', out]);
    assert.equal(exported.status, 0, why(exported));
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    cpSync(join(repoRoot, 'examples', 'metrics'), join(workspace, 'metrics'), { recursive: true });
    const imported = runCli(['import', 'openslo', out, '--out', join(workspace, 'fraud.sla.yaml'), '--root', workspace]);
    assert.equal(imported.status, 0, why(imported));
    const original = parseSlaFile('file:///a.sla.yaml', 1, readFileSync(join(repoRoot, 'examples', 'fraud.sla.yaml'), 'utf8')).docs.map((d) => d.value);
    const back = parseSlaFile('file:///b.sla.yaml', 1, readFileSync(join(workspace, 'fraud.sla.yaml'), 'utf8')).docs.map((d) => d.value);
    assert.deepEqual(back, original);
  });

  test('import of OpenSLO\'s timeslices shape: the SLA on stdout, the findings at its lines on stderr (1m is a minute), exit 1', () => {
    const run = runCli(['import', 'openslo', 'test/fixtures/openslo/timeslices.yaml']);
    assert.equal(run.status, 1, why(run));
    assert.match(run.stdout, /^apiVersion: modelsla\/v1$/m);
    const lines = run.stdout.split('\n');
    const finding = /\(imported\):(\d+):(\d+) error SLA002 `calendar` .*one minute/.exec(run.stderr);
    assert.ok(finding, run.stderr);
    assert.match(lines[Number(finding[1]) - 1], /calendar: 1m/);
    assert.match(run.stderr, /warning SLA104 /);
    assert.match(run.stderr, /OpenSLO has no owner/);
  });

  test('import --out lints offline: a workspace whose Prometheus server cannot be reached gets no SLA119 from the import (spec §11: never contact a server)', () => {
    const workspace = join(dir, 'offline');
    mkdirSync(workspace);
    writeFileSync(join(workspace, '.model-sla.yaml'), 'servers:\n  local: { url: "http://127.0.0.1:1" }\n');
    const out = join(workspace, 'churn.openslo.yaml');
    assert.equal(runCli(['export', 'openslo', 'examples/churn-prometheus.sla.yaml', '--root', 'examples', '--out', out]).status, 0);
    const imported = runCli(['import', 'openslo', out, '--out', join(workspace, 'churn.sla.yaml'), '--root', workspace]);
    assert.equal(imported.status, 0, why(imported));
    assert.doesNotMatch(imported.stderr, /SLA119|cannot reach/);
    // `check` does read the data, and says the server cannot be reached.
    assert.match(runCli(['check', join(workspace, 'churn.sla.yaml'), '--root', workspace]).stdout, /SLA119 .*cannot reach local/);
  });

  test('import of a file with no SLO, of broken YAML, or two files: exit 2 with why', () => {
    writeFileSync(join(dir, 'service-only.yaml'), 'apiVersion: openslo/v1\nkind: Service\nmetadata: { name: x }\nspec: {}\n');
    const none = runCli(['import', 'openslo', join(dir, 'service-only.yaml')]);
    assert.equal(none.status, 2, why(none));
    assert.match(none.stderr, /no SLO documents/);
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: openslo/v1\nkind: [SLO\n');
    const broken = runCli(['import', 'openslo', join(dir, 'broken.yaml')]);
    assert.equal(broken.status, 2, why(broken));
    assert.match(broken.stderr, /broken\.yaml:\d+:\d+ /);
    const two = runCli(['import', 'openslo', 'a.yaml', 'b.yaml']);
    assert.equal(two.status, 2, why(two));
    const refused = join(dir, 'refused.sla.yaml');
    writeFileSync(refused, readFileSync(join(repoRoot, 'examples', 'fraud.sla.yaml'), 'utf8').replace(/target: "([^"]+)"/, 'target: 12'));
    const exportRefused = runCli(['export', 'openslo', refused]);
    assert.equal(exportRefused.status, 2, why(exportRefused));
    assert.match(exportRefused.stderr, /nothing exported: fix the errors above first/);
    assert.match(exportRefused.stderr, /nothing written: fix the files above first/);
    // Not UTF-8 (a Latin-1 é): refused at its place, not read with replacement characters.
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: caf'), Buffer.from([0xe9]), Buffer.from(' }\n')]));
    const latin1 = runCli(['import', 'openslo', join(dir, 'latin1.yaml')]);
    assert.equal(latin1.status, 2, why(latin1));
    assert.match(latin1.stderr, /latin1\.yaml:3:\d+ .*UTF-8/);
  });
});
