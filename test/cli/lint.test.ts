// The CLI over a fixture workspace: cross-file SLA111, the shared .model-sla.yaml, and SARIF output
// validated against the SARIF 2.1.0 schema.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { repoRoot, runCli } from '../support/cli';

const workspace = join(repoRoot, 'test', 'fixtures', 'lint-workspace');

describe('model-sla check over a workspace', () => {
  test('SLA111: the external target stricter than the internal one, on the external target line', () => {
    const result = runCli(['check', '--format', 'json'], { cwd: workspace });
    assert.equal(result.status, 0, result.stderr);
    const findings = JSON.parse(result.stdout) as { file: string; line: number; code: string; message: string; severity: string }[];
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.code}`), ['external.sla.yaml:17 SLA111']);
    assert.match(findings[0].message, /stricter than the internal `<= 250ms` of `recommender-internal` \(internal\.sla\.yaml:4/);
    assert.equal(findings[0].severity, 'warning');
  });
  test('checking one file still sees the other files of the root (cross-file)', () => {
    const result = runCli(['check', 'external.sla.yaml', '--format', 'json'], { cwd: workspace });
    assert.deepEqual((JSON.parse(result.stdout) as { code: string }[]).map((f) => f.code), ['SLA111']);
  });
  test('.model-sla.yaml turns SLA108 off; from another root it is on', () => {
    const fromRepo = runCli(['check', join(workspace, 'internal.sla.yaml'), '--format', 'json', '--root', join(workspace, '..')], { cwd: repoRoot });
    const codes = (JSON.parse(fromRepo.stdout) as { code: string }[]).map((f) => f.code);
    assert.deepEqual(codes, ['SLA108']);
  });
  test('SARIF 2.1.0 output validates against the SARIF schema and carries the finding', () => {
    const result = runCli(['check', '--format', 'sarif'], { cwd: workspace });
    assert.equal(result.status, 0, result.stderr);
    const sarif = JSON.parse(result.stdout) as { runs: any[] };
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false, logger: false });
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const [run0] = sarif.runs;
    assert.equal(run0.tool.driver.name, 'model-sla');
    assert.ok(run0.tool.driver.rules.some((r: { id: string; helpUri: string }) => r.id === 'SLA111' && /docs\/rules\/SLA111\.md$/.test(r.helpUri)));
    assert.equal(run0.results.length, 1);
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region.startLine, 17);
    assert.equal(run0.results[0].locations[0].physicalLocation.artifactLocation.uri, 'external.sla.yaml');
    assert.equal(run0.results[0].level, 'warning');
  });
  test('text format: one line per finding', () => {
    const result = runCli(['check'], { cwd: workspace });
    assert.match(result.stdout, /^external\.sla\.yaml:17:13 warning SLA111 /m);
  });
});
