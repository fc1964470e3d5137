/**
 * A large CSV read in byte ranges on worker threads (server/src/io/sources/parallelRead.ts, the
 * bundled dist/metricWorker.js) gives exactly the MetricData of a read in one piece: rows in file
 * order, physical lines, issues, extremes, naive timestamps, segment codes, long decimal texts —
 * also when a cut falls inside a quoted field (the read falls back) and when a range outgrows the
 * slot its rows per byte were estimated for.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetric } from '../../server/src/io/sources/fileSource';
import { configureParallelRead, parallelReadCounts, type ParallelReadConfig } from '../../server/src/io/sources/parallelRead';
import { MetricFileError } from '../../server/src/engine/metrics/errors';
import type { LineOrigins } from '../../server/src/engine/sources/origins';
import type { MetricData, MetricSourceSpec, ReadMetricOptions } from '../../server/src/engine/metrics/types';

const root = join(__dirname, '..', '..');
const script = join(root, 'dist', 'metricWorker.js');
const tmp = mkdtempSync(join(tmpdir(), 'parallel-read-'));
let saved: ParallelReadConfig;
before(() => {
  if (!existsSync(script)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  saved = configureParallelRead({ script, minBytes: 0 });
});
after(() => { configureParallelRead(saved); rmSync(tmp, { recursive: true, force: true }); });

let counter = 0;
function temp(content: string): string {
  const path = join(tmp, `m${++counter}.csv`);
  writeFileSync(path, content);
  return path;
}

/** MetricData as plain comparable data (typed arrays as arrays, origins as lines). */
function plain(d: MetricData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (ArrayBuffer.isView(v)) out[k] = Array.from(v as unknown as ArrayLike<number>);
    else if (k === 'origins') out[k] = Array.from((v as LineOrigins).lines);
    else if (v instanceof Map) out[k] = [...v.entries()];
    else out[k] = v;
  }
  return out;
}

/** Reads `path` in one piece and in 2, 3 and 4 parts; every read must be the same. Returns the parts' reads' fallbacks. */
async function sameInParts(path: string, spec: MetricSourceSpec, options: ReadMetricOptions = {}): Promise<{ whole: MetricData; fallbacks: number }> {
  configureParallelRead({ script: undefined });
  const whole = await readMetric(path, spec, options);
  const fallbacksBefore = parallelReadCounts.fallbacks;
  for (const workers of [2, 3, 4]) {
    configureParallelRead({ script, workers });
    const partsBefore = parallelReadCounts.parts + parallelReadCounts.fallbacks, failuresBefore = parallelReadCounts.workerFailures;
    const inParts = await readMetric(path, spec, options);
    assert.equal(parallelReadCounts.workerFailures, failuresBefore, `${workers} workers: ${parallelReadCounts.lastWorkerFailure}`);
    assert.equal(parallelReadCounts.parts + parallelReadCounts.fallbacks, partsBefore + 1, `${workers} workers: read in parts`);
    assert.deepEqual(plain(inParts), plain(whole), `${workers} workers`);
  }
  return { whole, fallbacks: parallelReadCounts.fallbacks - fallbacksBefore };
}

const spec = (s: Partial<MetricSourceSpec> = {}): MetricSourceSpec => ({ file: 'metrics/x.csv', timestamp: 'ts', value: 'v', unit: 'ms', ...s });
const iso = (ms: number) => new Date(ms).toISOString();
const base = Date.UTC(2026, 7, 3);

test('rows, lines, issues, naive timestamps, extremes and ties: the same in parts as in one piece (CRLF, BOM)', async () => {
  const lines = ['ts,v,region'];
  for (let i = 0; i < 400; i++) {
    const t = iso(base + ((i * 7919) % 400) * 1000); // unsorted, every instant once
    if (i % 37 === 5) lines.push(`${t},fast,eu`); // an issue in every part
    else if (i === 300) lines.push(t.replace('Z', '') + ',1,eu'); // naive, late in the file
    else if (i === 101 || i === 351) lines.push(`${iso(base - 86_400_000)},2,us`); // the minimum twice, in two ranges: the first keeps it
    else if (i % 50 === 0) lines.push('');
    else lines.push(`${t},${(i % 97) + 0.5},${['eu', 'us', 'ap'][i % 3]}`);
  }
  const path = temp('\ufeff' + lines.join('\r\n') + '\r\n');
  const { whole, fallbacks } = await sameInParts(path, spec(), { origins: true, timezone: 'Europe/Berlin' });
  assert.equal(fallbacks, 0);
  assert.ok(whole.issueCount > 8 && whole.naive?.count === 1 && whole.minTimeLine === 103, 'the file exercises what it should');
});

test('a cut inside a quoted field with line breaks: the parts are dropped and the file is read in one piece', async () => {
  const rows = ['ts,v,note'];
  for (let i = 0; i < 40; i++) rows.push(`${iso(base + i * 1000)},${i},ok`);
  // One quoted cell spanning the middle of the file, its lines looking like rows.
  const fake = Array.from({ length: 200 }, (_, i) => `${iso(base + i)},${i},inside`).join('\n');
  rows.push(`${iso(base + 50_000)},7,"${fake}"`);
  for (let i = 0; i < 40; i++) rows.push(`${iso(base + 60_000 + i * 1000)},${i},ok`);
  const { whole, fallbacks } = await sameInParts(temp(rows.join('\n') + '\n'), spec(), { origins: true });
  assert.ok(fallbacks >= 1, 'at least one cut fell inside the quoted field');
  assert.equal(whole.rows, 81);
});

test('segment codes: names first seen in later ranges keep the whole file order', async () => {
  const rows = ['ts,v,region'];
  for (let i = 0; i < 300; i++) rows.push(`${iso(base + i * 1000)},${i},${i < 100 ? 'eu' : i < 200 ? ['us', ' eu ', 'ap'][i % 3] : ['sa', 'af', 'us', ''][i % 4]}`);
  const { whole } = await sameInParts(temp(rows.join('\n') + '\n'), spec({ segment: 'region' }));
  assert.deepEqual(whole.segmentNames, ['', 'eu', 'ap', 'us', 'sa', 'af']);
});

test('a range that outgrows its slot (long rows first, short rows after): its own arrays, copied once', async () => {
  const pad = 'x'.repeat(2000);
  const rows = ['ts,v,pad'];
  for (let i = 0; i < 700; i++) rows.push(`${iso(base + i * 1000)},${i}.25,${pad}`); // ~1.4 MB: the probe sees only these
  for (let i = 0; i < 60_000; i++) rows.push(`${iso(base + 700_000 + i)},${i % 1000},`); // ~2 MB of short rows
  const { whole } = await sameInParts(temp(rows.join('\n') + '\n'), spec(), { origins: true });
  assert.equal(whole.rows, 60_700);
});

test('filter, good and values with more than 15 digits (their texts) in later ranges', async () => {
  const rows = ['ts,v,code,kind'];
  for (let i = 0; i < 300; i++) rows.push(`${iso(base + i * 1000)},${i === 250 ? '0.12345678901234567890' : i},${i % 5 === 0 ? 500 : 200},${i % 2 ? 'a' : 'b'}`);
  const path = temp(rows.join('\n') + '\n');
  const { whole } = await sameInParts(path, spec({ filter: 'kind == "a"' }));
  assert.equal(whole.filtered, 150);
  const long = await sameInParts(path, spec({ good: 'code < 500' }));
  assert.equal(long.whole.valueTexts?.size, 1);
});

test('a file that cannot be used fails as it does in one piece: no timestamp column, binary bytes', async () => {
  configureParallelRead({ script, workers: 2 });
  const noTs = temp('time,v\n' + Array.from({ length: 100 }, (_, i) => `${iso(base + i)},${i}`).join('\n') + '\n');
  await assert.rejects(readMetric(noTs, spec()), (err: unknown) => err instanceof MetricFileError && err.reason === 'columns');
  const binary = temp('ts,v\n' + Array.from({ length: 100 }, (_, i) => `${iso(base + i)},${i}`).join('\n') + '\n\u0000\n');
  await assert.rejects(readMetric(binary, spec()), (err: unknown) => err instanceof MetricFileError && err.reason === 'binary');
});

test('progress adds up to the file size', async () => {
  configureParallelRead({ script, workers: 2 });
  const path = temp('ts,v\n' + Array.from({ length: 400_000 }, (_, i) => `${iso(base + i)},${i}`).join('\n') + '\n');
  let last = 0, size = 0;
  const d = await readMetric(path, spec(), { onProgress: (done, total) => { last = done; size = total; } });
  assert.equal(d.rows, 400_000);
  assert.equal(last, size);
});

test('rows in order within each range but not across the cut: not sorted, as the single read says', async () => {
  // 200 rows of 29 bytes: with two ranges the cut falls right after row 100 (0-based), where time goes back.
  const rows = ['ts,v'];
  for (let i = 0; i < 200; i++) rows.push(`${iso(base + (i <= 100 ? 1_000_000 : 0) + i * 1000)},${String(i).padStart(3, '0')}`);
  const { whole } = await sameInParts(temp(rows.join('\n') + '\n'), spec());
  assert.equal(whole.sorted, false);
});

test('a worker that cannot run (a broken script): the file is read in one piece, the same rows', async () => {
  const broken = join(tmp, 'broken-worker.js');
  writeFileSync(broken, 'throw new Error("cannot start");\n');
  const path = temp('ts,v\n' + Array.from({ length: 200 }, (_, i) => `${iso(base + i)},${i}`).join('\n') + '\n');
  configureParallelRead({ script: undefined });
  const whole = await readMetric(path, spec());
  configureParallelRead({ script: broken, workers: 2 });
  const failures = parallelReadCounts.workerFailures;
  assert.deepEqual(plain(await readMetric(path, spec())), plain(whole));
  assert.equal(parallelReadCounts.workerFailures, failures + 1);
});

test('aborted while the workers read: rejects with the signal\'s reason', async () => {
  configureParallelRead({ script, workers: 2 });
  const path = temp('ts,v\n' + Array.from({ length: 300_000 }, (_, i) => `${iso(base + i)},${i}`).join('\n') + '\n');
  const controller = new AbortController();
  const reason = new Error('edited');
  const read = readMetric(path, spec(), { signal: controller.signal, onProgress: () => controller.abort(reason) });
  await assert.rejects(read, (err: unknown) => err === reason);
});

test('the worker bundle ships in the VSIX', () => {
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!dist/metricWorker.js'));
});

test('columns the header lacks (value, good, dataset): absent as in a single read, not arrays of zeros', async () => {
  const rows = ['ts,latency_ms,status'];
  for (let i = 0; i < 300; i++) rows.push(`${iso(base + i * 1000)},${i},${i % 7 ? 200 : 500}`);
  const path = temp(rows.join('\n') + '\n');
  const { whole } = await sameInParts(path, spec({ value: 'lat_ms', good: 'code < 500', dataset: 'ds' }), { origins: true });
  assert.deepEqual(whole.missingColumns, ['lat_ms', 'code', 'ds']);
  assert.equal(whole.values, undefined);
});

test('more than 1000 segment values, a later range meeting its own 1000 before an early name: read in one piece', async () => {
  // The first half names `early`; the second half 1,100 other names and then `early` again.
  const rows = ['ts,v,seg'];
  for (let i = 0; i < 1100; i++) rows.push(`${iso(base + i)},${i},early`);
  for (let i = 0; i < 1100; i++) rows.push(`${iso(base + 2000 + i)},${i},name${String(i).padStart(4, '0')}`);
  rows.push(`${iso(base + 5000)},1,early`);
  configureParallelRead({ script: undefined });
  const whole = await readMetric(temp(rows.join('\n') + '\n'), spec({ segment: 'seg' }));
  assert.equal(whole.segmentCodes![whole.rows - 1], 1, '`early` keeps its code in a single read');
  await sameInParts(temp(rows.join('\n') + '\n'), spec({ segment: 'seg' }));
});

test('a first megabyte of blank lines does not size the columns at one row per byte', async () => {
  configureParallelRead({ script, workers: 2 });
  const rows = Array.from({ length: 50_000 }, (_, i) => `${iso(base + i)},${i}`);
  const path = temp('ts,v\n' + '\n'.repeat(1 << 20) + rows.join('\n') + '\n');
  const d = await readMetric(path, spec());
  assert.equal(d.rows, 50_000);
  assert.ok(parallelReadCounts.lastSlotRows < 200_000, `slots for ${parallelReadCounts.lastSlotRows} rows`);
});

// ------------------------------------------------------------------------------- JSON Lines

function tempJsonl(content: string): string {
  const path = join(tmp, `j${++counter}.jsonl`);
  writeFileSync(path, content);
  return path;
}

test('JSON Lines in parts: keys some range never sees, provisional rows, issues, naive timestamps, segments — as one read', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    const ts = iso(base + ((i * 7919) % 600) * 1000);
    if (i % 41 === 3) lines.push('not json');
    else if (i % 53 === 7) lines.push(`{"ts":"${ts}","v":1,"v":2}`); // a duplicate key the SLA reads
    else if (i < 250) lines.push(`{"ts":"${ts}","v":${i % 90}.5,"region":"${['eu', 'us'][i % 2]}"}`); // no `code` yet: provisional
    else if (i === 400) lines.push(`{"ts":"${ts.replace('Z', '')}","v":3}`); // naive and provisional (no code, no region)
    else if (i % 97 === 0) lines.push('');
    else lines.push(`{"ts":"${ts}","v":${i % 90},"code":${i % 9 ? 200 : 503},"region":${i % 77 ? `"${['ap', 'eu'][i % 2]}"` : '["x"]'}}`);
  }
  const path = tempJsonl('\ufeff' + lines.join('\r\n') + '\r\n');
  const { whole, fallbacks } = await sameInParts(path, spec({ good: 'code < 500', segment: 'region' }), { origins: true, timezone: 'Europe/Berlin' });
  assert.equal(fallbacks, 0);
  assert.ok(whole.issueCount > 250 && whole.segmentNonScalar !== undefined, `the file exercises what it should (${whole.issueCount} issues)`);
  // A key no record has: a missing column, decided over every range.
  const none = await sameInParts(path, spec({ good: 'status < 500' }));
  assert.deepEqual(none.whole.missingColumns, ['status']);
});

test('JSON Lines in parts: a timestamp key no record has refuses the file, as one read does', async () => {
  configureParallelRead({ script, workers: 2 });
  const path = tempJsonl(Array.from({ length: 300 }, (_, i) => `{"time":"${iso(base + i)}","v":${i}}`).join('\n') + '\n');
  await assert.rejects(readMetric(path, spec()), (err: unknown) => err instanceof MetricFileError && err.reason === 'columns' && /no record has the timestamp key `ts`/.test(err.message));
});

test('several large files read at once: one in parts at a time (no thread per range per file), each as its single read', async () => {
  const paths = [0, 1, 2].map((f) => temp('ts,v\n' + Array.from({ length: 3000 }, (_, i) => `${iso(base + i * 1000 + f)},${i + f}`).join('\n') + '\n'));
  configureParallelRead({ script: undefined });
  const wholes = await Promise.all(paths.map((p) => readMetric(p, spec())));
  configureParallelRead({ script, workers: 3 });
  parallelReadCounts.maxWorkersAtOnce = 0;
  const parts = await Promise.all(paths.map((p) => readMetric(p, spec())));
  parts.forEach((d, i) => assert.deepEqual(plain(d), plain(wholes[i]), `file ${i}`));
  assert.equal(parallelReadCounts.maxWorkersAtOnce, 3);
});
