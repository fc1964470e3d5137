/**
 * SLA115's "Create `<file>` with its header" fix for a linked metric file that does not exist: the
 * shape of the WorkspaceEdit (CreateFile, then the header inserted), the header built from the
 * columns the metric names, and when it is not offered (client without CreateFile, format unknown,
 * the link edited since). The host is faked: every metric file is missing.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CreateFile, Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import type { MetricAccess } from '../../server/src/service/lint/dataAccess';
import { metricFileUri, newMetricFileContents } from '../../server/src/service/lint/createMetricFile';
import { VALID_SLA } from '../helpers';
import { specLabel } from '../../server/src/engine/metrics/types';

const missing = (existing: string[] = []): MetricAccess => ({
  load: async (_uri, spec) => ({ ok: false, reason: 'missing', message: `\`${specLabel(spec)}\` does not exist (looked for /work/ws/${specLabel(spec)})` }),
  listFiles: async () => existing,
});

async function findings(text: string, access = missing(), uri = 'file:///work/ws/slas/first.sla.yaml') {
  const service = getLanguageService({ metrics: access });
  const document = { uri, version: 1, getText: () => text };
  await service.lintData(document);
  const sla115 = service.validate(document).filter((d) => d.code === 'SLA115');
  const actionsFor = (d: Diagnostic, createFiles = true, doc = document): CodeAction[] => service.codeActions(doc, d.range, [d], { createFiles });
  return { service, document, sla115, actionsFor };
}

const onFile = (ds: Diagnostic[], file: string) => {
  const d = ds.find((x) => String(x.message).includes(`\`${file}\``));
  assert.ok(d, `SLA115 on ${file}: ${ds.map((x) => x.message).join(' | ')}`);
  return d;
};

describe('SLA115: create the missing metric file', () => {
  test('CSV: CreateFile (never over an existing file), then the header at 0:0, resolved against the SLA folder', async () => {
    const text = VALID_SLA.replace('file: metrics/latency.csv', 'file: ../metrics/latency.csv');
    const { sla115, actionsFor } = await findings(text);
    const actions = actionsFor(onFile(sla115, '../metrics/latency.csv'));
    const create = actions.find((a) => a.title === 'Create `../metrics/latency.csv` with its header');
    assert.ok(create, actions.map((a) => a.title).join(' | '));
    assert.equal(create.isPreferred, undefined, 'creating a file is never applied by "auto fix"');
    assert.equal(create.edit?.changes, undefined);
    const uri = 'file:///work/ws/metrics/latency.csv';
    assert.deepEqual(create.edit?.documentChanges, [
      { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'ts,latency_ms\n' }] },
    ]);
  });

  test('JSON Lines has no header: only the CreateFile', async () => {
    const { sla115, actionsFor } = await findings(VALID_SLA);
    const create = actionsFor(onFile(sla115, 'metrics/requests.jsonl')).find((a) => a.title.startsWith('Create'));
    assert.equal(create?.title, 'Create `metrics/requests.jsonl` (empty)');
    assert.deepEqual(create.edit?.documentChanges, [{ kind: 'create', uri: 'file:///work/ws/slas/metrics/requests.jsonl', options: { overwrite: false, ignoreIfExists: false } } satisfies CreateFile]);
  });

  test('not offered to a client that cannot create files', async () => {
    const { sla115, actionsFor } = await findings(VALID_SLA);
    const titles = actionsFor(onFile(sla115, 'metrics/latency.csv'), false).map((a) => a.title);
    assert.ok(titles.includes('Show documentation for SLA115'), titles.join(' | '));
    assert.deepEqual(titles.filter((t) => t.startsWith('Create')), []);
  });

  test('beside "Link <similar> instead", which stays the preferred fix', async () => {
    const text = VALID_SLA.replace('file: metrics/latency.csv', 'file: metric/latency.csv');
    const { sla115, actionsFor } = await findings(text, missing(['metrics/latency.csv']));
    const actions = actionsFor(onFile(sla115, 'metric/latency.csv'));
    assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), ['Link `metrics/latency.csv` instead']);
    assert.ok(actions.some((a) => a.title === 'Create `metric/latency.csv` with its header'), actions.map((a) => a.title).join(' | '));
  });

  test('no fix when the format cannot be told from the name', async () => {
    const text = VALID_SLA.replace('file: metrics/latency.csv', 'file: metrics/latency.cvs');
    const { sla115, actionsFor } = await findings(text);
    assert.deepEqual(actionsFor(onFile(sla115, 'metrics/latency.cvs')).filter((a) => a.title.startsWith('Create')).map((a) => a.title), []);
  });

  test('not offered once the link was edited (the diagnostic is stale)', async () => {
    const { service, sla115 } = await findings(VALID_SLA);
    const d = onFile(sla115, 'metrics/latency.csv');
    const edited = { uri: 'file:///work/ws/slas/first.sla.yaml', version: 2, getText: () => VALID_SLA.replace('file: metrics/latency.csv', 'file: metrics/lat.csv') };
    const titles = service.codeActions(edited, d.range, [d], { createFiles: true }).map((a) => a.title);
    assert.deepEqual(titles.filter((t) => t.startsWith('Create')), []);
  });
});

describe('the header: the columns the metric names', () => {
  test('timestamp first, then value / total / goodCount / samples / dataset, then the fields of good and filter, once each', () => {
    assert.equal(newMetricFileContents({ file: 'm/req.csv', timestamp: 'ts', total: 'n', goodCount: 'ok', filter: 'region == "eu"' }), 'ts,n,ok,region\n');
    assert.equal(newMetricFileContents({ file: 'm/req.csv', timestamp: 'time', good: 'status < 500' }), 'time,status\n');
    assert.equal(newMetricFileContents({ file: 'm/eval.csv', timestamp: 'at', value: 'f1', samples: 'n', dataset: 'set', filter: 'f1 > 0' }), 'at,f1,n,set\n');
  });
  test('the delimiter: .tsv is tab, `delimiter:` wins; a name holding it (or a quote) is quoted', () => {
    assert.equal(newMetricFileContents({ file: 'm/x.tsv', timestamp: 'ts', value: 'v' }), 'ts\tv\n');
    assert.equal(newMetricFileContents({ file: 'm/x.csv', delimiter: ';', timestamp: 'ts', value: 'a;b' }), 'ts;"a;b"\n');
    assert.equal(newMetricFileContents({ file: 'm/x.csv', timestamp: 'ts', value: 'p99, "server"' }), 'ts,"p99, ""server"""\n');
    assert.equal(newMetricFileContents({ file: 'm/x', format: 'csv', timestamp: 'ts' }), 'ts\n');
  });
  test('JSON Lines: empty; unknown format or a bad delimiter: none', () => {
    assert.equal(newMetricFileContents({ file: 'm/x.ndjson', timestamp: 'ts' }), '');
    assert.equal(newMetricFileContents({ file: 'm/x.parquet', timestamp: 'ts' }), undefined);
    assert.equal(newMetricFileContents({ file: 'm/x.csv', delimiter: '::', timestamp: 'ts' }), undefined);
  });
  test('the URI keeps `#`, `%` and spaces in the name', () => {
    assert.equal(metricFileUri('file:///work/ws/slas/a.sla.yaml', '../data/p99 #1 100%.csv'), 'file:///work/ws/data/p99%20%231%20100%25.csv');
    assert.equal(metricFileUri('file:///c%3A/ws/a.sla.yaml', './metrics/latency.csv'), 'file:///c%3A/ws/metrics/latency.csv');
  });
});
