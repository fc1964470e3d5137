// `model-sla check` with a `.model-sla.yaml` that cannot be used as a whole (not valid YAML, not a
// mapping, `severity` not a mapping): nothing is checked, exit 2, and stderr says why — checking with
// the defaults would silently turn the workspace's `off` findings back on. Single bad entries are
// warnings and the rest applies. Real process: node bin/model-sla.js (`npm run build` first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProjectConfig } from '../../server/src/io/projectConfig';
import { runCli } from '../support/cli';

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: plain, owner: sre@example.com }
model: m
scope: internal
period: { start: 2026-03-01, timezone: UTC }
metrics:
  requests: { file: r.csv, timestamp: ts, total: total, goodCount: ok }
objectives:
  - { id: availability, indicator: availability, metric: requests, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
`;

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-config-'));
  writeFileSync(join(dir, 'plain.sla.yaml'), SLA);
  writeFileSync(join(dir, 'r.csv'), 'ts,total,ok\n2026-03-01T12:00:00Z,1000,999\n');
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

function check(config: string, format = 'text') {
  writeFileSync(join(dir, '.model-sla.yaml'), config);
  return runCli(['check', 'plain.sla.yaml', '--format', format], { cwd: dir });
}

const cases: [string, string, string][] = [
  ['invalid YAML', 'severity:\n  SLA109: off\n bad: [\n', 'not valid YAML: All mapping items must start at the same column (line 3, column 1)'],
  ['a list', '- SLA109: off\n', 'expected a mapping with `severity`, found a list'],
  ['a scalar', 'SLA109 off\n', 'expected a mapping with `severity`, found a string'],
  ['severity as a list', 'severity: [SLA109]\n', '`severity` must be a mapping of codes to off, info, warning or error (`SLA108: off`), found a list'],
];
for (const [what, config, why] of cases) {
  test(`a .model-sla.yaml that is ${what}: exit 2, nothing checked, stderr says why`, () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = check(config, format);
      assert.equal(r.status, 2, `${format}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `model-sla: .model-sla.yaml: ${why}\nmodel-sla: nothing was checked: fix .model-sla.yaml (or remove it) and run again\n`);
    }
    assert.equal(readProjectConfig(dir).broken, why);
  });
}

test('a working .model-sla.yaml applies; a single bad entry is a warning and the rest applies', () => {
  const off = check('severity:\n  SLA109: off\n', 'json');
  assert.equal(off.status, 0, off.stderr);
  assert.ok(!JSON.parse(off.stdout).some((f: { code: string }) => f.code === 'SLA109'));
  const partly = check('severity:\n  SLA109: off\n  SLA112: loud\n', 'json');
  assert.equal(partly.status, 0, partly.stderr);
  assert.equal(partly.stderr, 'model-sla: .model-sla.yaml: SLA112: `loud` is not one of off, info, warning, error\n');
  assert.ok(!JSON.parse(partly.stdout).some((f: { code: string }) => f.code === 'SLA109'));
  const none = check('', 'json');
  assert.equal(none.status, 0, none.stderr);
  assert.ok(JSON.parse(none.stdout).some((f: { code: string }) => f.code === 'SLA109'));
});
