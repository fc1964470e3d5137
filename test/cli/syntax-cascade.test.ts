// `model-sla check` on a copy of examples/fraud.sla.yaml with a stray line at the top: the same
// one SLA001 on line 1 as the editor shows (not 367 findings), and the exit code of an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from '../support/cli';


test('check: a stray line above the SLA gives one SLA001 on line 1, as the editor does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-cli-cascade-'));
  try {
    writeFileSync(join(dir, 'fraud.sla.yaml'), 'stray line\n' + readFileSync(join(repoRoot, 'examples', 'fraud.sla.yaml'), 'utf8'));
    const r = runCli(['check', 'fraud.sla.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as { code: string; line: number; message: string }[];
    // The second SLA of the file parses: its findings (the metric files are not in this folder) are its own.
    const first = findings.filter((f) => f.line < 140);
    assert.deepEqual(first.map((f) => `${f.code}:${f.line}`), ['SLA001:1'], JSON.stringify(first, null, 1));
    assert.match(first[0].message, /`stray line` is not a `key: value` line/);
    assert.ok(findings.length < 20, `${findings.length} findings`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
