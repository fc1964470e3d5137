// SLA files in other encodings through `model-sla` (node bin/model-sla.js; `npm run build` first):
// a UTF-8 byte-order mark is stripped (the same findings, at the same columns, as without it); bytes
// that are not UTF-8 (a Latin-1 `é`) are SLA001 at their line and column with a "save it as UTF-8"
// hint, and `report` refuses the file. (UTF-16/32: test/cli/hostile-files.test.ts.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/cli/check';
import { runCli } from '../support/cli';

const SLA = (name: string, title: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: ${name}, owner: sre@example.com, title: "${title}" }
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
  dir = mkdtempSync(join(tmpdir(), 'model-sla-encoding-'));
  writeFileSync(join(dir, 'r.csv'), 'ts,total,ok\n2026-03-01T12:00:00Z,1000,999\n');
  writeFileSync(join(dir, 'plain.sla.yaml'), SLA('plain', 'cafe'));
  writeFileSync(join(dir, 'bom.sla.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SLA('bom', 'cafe'))]));
  const [head, tail] = SLA('latin', 'caf#').split('#');
  writeFileSync(join(dir, 'latin1.sla.yaml'), Buffer.concat([Buffer.from(head), Buffer.from([0xe9]), Buffer.from(tail)]));
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const places = (stdout: string) => (JSON.parse(stdout) as Finding[]).map((f) => [f.code, f.line, f.column]);

test('a UTF-8 BOM is stripped: no error, the findings and columns of the same file without it', () => {
  const bom = runCli(['check', 'bom.sla.yaml', '--format', 'json'], { cwd: dir });
  const plain = runCli(['check', 'plain.sla.yaml', '--format', 'json'], { cwd: dir });
  assert.equal(bom.status, 0, bom.stderr);
  assert.deepEqual(places(bom.stdout), places(plain.stdout));
  assert.deepEqual(places(bom.stdout), [['SLA109', 9, 1], ['SLA112', 9, 1]]); // on `objectives`, at column 1 (not 2)
  assert.equal(runCli(['report', 'bom.sla.yaml', '--format', 'json'], { cwd: dir }).status, 0);
});

test('a Latin-1 byte: SLA001 at its line and column, "save it as UTF-8"; report refuses the file', () => {
  const message = 'the file is not UTF-8: byte 0xE9 here is not UTF-8 text (Latin-1 or Windows-1252?); save it as UTF-8';
  const column = 'metadata: { name: latin, owner: sre@example.com, title: "caf'.length + 1; // 1-based column of the byte
  const check = runCli(['check', 'latin1.sla.yaml', '--format', 'json'], { cwd: dir });
  assert.equal(check.status, 1, check.stderr);
  const sla001 = (JSON.parse(check.stdout) as Finding[]).filter((f) => f.code === 'SLA001');
  assert.deepEqual(sla001.map((f) => [f.line, f.column, f.severity, f.message]), [[3, column, 'error', message]]);
  const report = runCli(['report', 'latin1.sla.yaml'], { cwd: dir });
  assert.equal(report.status, 2);
  assert.equal(report.stdout, '');
  assert.equal(report.stderr, `model-sla: latin1.sla.yaml:3:${column} error SLA001 ${message}\nmodel-sla: latin1.sla.yaml: not reported: fix the errors above first (model-sla check latin1.sla.yaml)\n`);
});
