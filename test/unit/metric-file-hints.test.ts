/** The workspace facts completion offers (io/metricFileHints.ts): metric files that exist, and a linked file's columns. */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMetricFiles, readMetricColumns } from '../../server/src/io/metricFileHints';

let ws: string;
before(() => {
  ws = mkdtempSync(join(tmpdir(), 'model-sla-hints-'));
  for (const d of ['metrics', 'slas', 'node_modules/x', '.git']) mkdirSync(join(ws, d), { recursive: true });
  writeFileSync(join(ws, 'metrics', 'latency.csv'), '\uFEFFts,"latency ms",route\n2026-08-03T00:00:00Z,60,/v1\n');
  writeFileSync(join(ws, 'metrics', 'runs.tsv'), 'at\tf1\tn\n');
  writeFileSync(join(ws, 'metrics', 'requests.jsonl'), '{"time":"t","status":200}\nnot json\n{"time":"t","route":"/v1"}\n');
  writeFileSync(join(ws, 'metrics', 'notes.txt'), 'x');
  writeFileSync(join(ws, 'node_modules', 'x', 'dep.csv'), 'a\n');
  writeFileSync(join(ws, '.git', 'hidden.csv'), 'a\n');
  writeFileSync(join(ws, 'top.csv'), 'a,b\n');
});
after(() => rmSync(ws, { recursive: true, force: true }));

describe('metric files for completion', () => {
  test('files below the workspace folder, relative to the SLA, nearest first; no dependencies or hidden folders', async () => {
    assert.deepEqual(await listMetricFiles(join(ws, 'a.sla.yaml'), [ws]), ['top.csv', 'metrics/latency.csv', 'metrics/requests.jsonl', 'metrics/runs.tsv']);
    assert.deepEqual(await listMetricFiles(join(ws, 'slas', 'b.sla.yaml'), [ws]), ['../top.csv', '../metrics/latency.csv', '../metrics/requests.jsonl', '../metrics/runs.tsv']);
  });
  test('columns: a CSV header (BOM and quotes removed), a TSV header, the keys of JSONL records', async () => {
    const sla = join(ws, 'a.sla.yaml');
    assert.deepEqual(await readMetricColumns(sla, { file: 'metrics/latency.csv' }, [ws]), ['ts', 'latency ms', 'route']);
    assert.deepEqual(await readMetricColumns(sla, { file: 'metrics/runs.tsv' }, [ws]), ['at', 'f1', 'n']);
    assert.deepEqual(await readMetricColumns(sla, { file: 'metrics/requests.jsonl' }, [ws]), ['time', 'status', 'route']);
  });
  test('nothing for a missing file, an unknown format or a path leaving the workspace', async () => {
    const sla = join(ws, 'slas', 'b.sla.yaml');
    assert.equal(await readMetricColumns(sla, { file: 'missing.csv' }, [ws]), undefined);
    assert.equal(await readMetricColumns(sla, { file: '../metrics/notes.txt' }, [ws]), undefined);
    assert.equal(await readMetricColumns(sla, { file: '../../etc/passwd.csv' }, [ws]), undefined);
  });
});
