/**
 * Data findings on real files: SLA115 (missing, unreadable, outside the workspace, a column absent)
 * refused before any read, SLA114 (naive timestamps), and the cache by size and mtime.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLanguageService } from '../../server/src/service/languageService';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { resolveMetricPath } from '../../server/src/io/workspacePaths';
import { VALID_SLA } from '../helpers';

let base = '';
let ws = '';
let outside = '';
before(() => {
  base = mkdtempSync(join(tmpdir(), 'model-sla-data-'));
  ws = join(base, 'ws');
  outside = join(base, 'outside');
  mkdirSync(join(ws, 'metrics'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(ws, 'metrics', 'latency.csv'), 'ts,latency_ms\n2026-08-03T00:00:00Z,120\n2026-08-03T00:01:00Z,130\n');
  writeFileSync(join(ws, 'metrics', 'requests.jsonl'), '{"time":"2026-08-03T00:00:00Z","status":200}\n');
  writeFileSync(join(outside, 'secret.csv'), 'ts,latency_ms\n2026-08-03T00:00:00Z,1\n');
  symlinkSync(join(outside, 'secret.csv'), join(ws, 'metrics', 'link-out.csv'));
  symlinkSync(outside, join(ws, 'metrics', 'dir-out'), 'dir');
});
after(() => { if (base) rmSync(base, { recursive: true, force: true }); });

async function lint(text: string, name = 'x.sla.yaml') {
  const access = new NodeMetricAccess(() => [ws]);
  const service = getLanguageService({ metrics: access });
  const document = { uri: pathToFileURL(join(ws, name)).href, version: 1, getText: () => text };
  await service.lintData(document);
  return { diagnostics: service.validate(document), access };
}
const withLatencyFile = (file: string) => VALID_SLA.replace('file: metrics/latency.csv', `file: ${JSON.stringify(file)}`);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('SLA115: refused before any read', () => {
  const cases: [string, string, RegExp][] = [
    ['..', '../outside/secret.csv', /leaves the workspace/],
    ['absolute', '/etc/passwd', /absolute path/],
    ['symlink to a file outside', 'metrics/link-out.csv', /link to .*outside the workspace/],
    ['symlinked folder outside', 'metrics/dir-out/secret.csv', /outside the workspace/],
    ['file: URI', 'file:///etc/passwd', /is a URI/],
    ['UNC path', '//server/share/x.csv', /network \(UNC\) path/],
    ['NUL byte', 'metrics/latency.csv\u0000.txt', /NUL byte/],
    // metrics\latency.csv exists as a folder-separated path on Windows only; it must not be read here either.
    ['backslash separator', 'metrics\\latency.csv', /^metric `latency`: `metrics\\latency\.csv` uses `\\` as a separator, which only Windows reads as one \(elsewhere it is part of the file name\); write `metrics\/latency\.csv`; /],
    ['trailing slash', 'metrics/', /^metric `latency`: `metrics\/` ends with `\/`, so it names a folder, not a metric file; name the file in it; /],
    ['trailing slash-dot', 'metrics/.', /ends with `\/`, so it names a folder/],
  ];
  for (const [name, path, message] of cases) {
    test(name, async () => {
      const text = withLatencyFile(path);
      const { diagnostics, access } = await lint(text);
      const found = diagnostics.filter((d) => d.code === 'SLA115');
      assert.equal(found.length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
      assert.match(String(found[0].message), message);
      assert.equal(found[0].range.start.line, lineOf(text, 'file: "'));
      assert.equal(access.reads, 1, 'only the other metric (requests.jsonl) was read');
    });
  }
  test('the resolver alone: inside paths resolve, a Windows drive path is absolute', () => {
    const sla = join(ws, 'x.sla.yaml');
    assert.equal(resolveMetricPath(sla, 'metrics/latency.csv', [ws]).ok, true);
    assert.equal(resolveMetricPath(sla, './metrics/../metrics/latency.csv', [ws]).ok, true);
    const drive = resolveMetricPath(sla, 'C:\\data\\x.csv', [ws]);
    assert.equal(drive.ok, false);
  });
});

describe('SLA115: missing, folder, binary, column absent', () => {
  test('a missing file names the objectives that cannot be checked', async () => {
    const text = withLatencyFile('metrics/nope.csv');
    const { diagnostics } = await lint(text);
    const [d] = diagnostics.filter((x) => x.code === 'SLA115');
    assert.match(String(d.message), /does not exist.*`latency-p99` cannot be checked/);
    assert.equal(d.severity, 1);
  });
  test('a folder', async () => {
    const { diagnostics } = await lint(withLatencyFile('metrics'));
    assert.match(String(diagnostics.find((x) => x.code === 'SLA115')?.message), /is a folder/);
  });
  test('a binary file', async () => {
    writeFileSync(join(ws, 'metrics', 'blob.csv'), Buffer.from([0x74, 0x73, 0x0a, 0x00, 0x01, 0x02]));
    const { diagnostics } = await lint(withLatencyFile('metrics/blob.csv'));
    assert.match(String(diagnostics.find((x) => x.code === 'SLA115')?.message), /binary/);
  });
  test('a column named in the SLA but absent, on that field', async () => {
    const text = VALID_SLA.replace('value: latency_ms', 'value: server_ms');
    const { diagnostics } = await lint(text);
    const [d] = diagnostics.filter((x) => x.code === 'SLA115');
    assert.equal(d.range.start.line, lineOf(text, 'value: server_ms'));
    assert.match(String(d.message), /column `server_ms` is not in `metrics\/latency.csv` \(columns: ts, latency_ms\)/);
  });
  test('the rest of the file is still linted', async () => {
    const text = withLatencyFile('metrics/nope.csv').replace('    percentileMethod: nearest-rank\n', '');
    const codes = (await lint(text)).diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['SLA101', 'SLA115']);
  });
});

describe('SLA114: timestamps without offset', () => {
  test('counted, with the first line, on the timestamp field', async () => {
    writeFileSync(join(ws, 'metrics', 'naive.csv'), 'ts,latency_ms\n2026-08-03T00:00:00Z,120\n2026-08-03 00:01:00,130\n2026-08-03 00:02:00,131\n');
    const text = withLatencyFile('metrics/naive.csv');
    const { diagnostics } = await lint(text);
    const [d] = diagnostics.filter((x) => x.code === 'SLA114');
    assert.equal(d.range.start.line, lineOf(text, 'timestamp: ts'));
    assert.match(String(d.message), /2 timestamps .* have no UTC offset \(first on line 3\); they are read as Europe\/Berlin wall time/);
  });
  test('a clean file gives none', async () => {
    assert.deepEqual((await lint(VALID_SLA)).diagnostics, []);
  });
});

describe('the cache', () => {
  test('re-linting reads nothing again until the file changes (size or mtime)', async () => {
    const access = new NodeMetricAccess(() => [ws]);
    const service = getLanguageService({ metrics: access });
    const uri = pathToFileURL(join(ws, 'cache.sla.yaml')).href;
    await service.lintData({ uri, version: 1, getText: () => VALID_SLA });
    assert.equal(access.reads, 2);
    await service.lintData({ uri, version: 2, getText: () => VALID_SLA.replace('<= 300ms', '<= 301ms') });
    assert.equal(access.reads, 2, 'a target edit re-uses the cached data');
    const file = join(ws, 'metrics', 'latency.csv');
    writeFileSync(file, 'ts,latency_ms\n2026-08-03T00:00:00Z,120\n2026-08-03T00:01:00Z,130\n2026-08-03T00:02:00Z,140\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await service.lintData({ uri, version: 3, getText: () => VALID_SLA });
    assert.equal(access.reads, 3);
  });
});
