/** readMetric (server/src/io/sources/fileSource.ts; the readers in server/src/engine/metrics/) on real files: fixtures and temp files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetric } from '../../server/src/io/sources/fileSource';
import { detectFormat } from '../../server/src/engine/metrics/format';
import type { LineOrigins } from '../../server/src/engine/sources/origins';
import { MetricFileError } from '../../server/src/engine/metrics/errors';
import type { MetricData, MetricSourceSpec, ReadMetricOptions } from '../../server/src/engine/metrics/types';

/** The physical line of each row read (origins asked for). */
const rowLines = (d: MetricData): number[] => [...(d.origins as LineOrigins).lines];

const root = join(__dirname, '..', '..');
const fixture = (name: string) => join(root, 'test', 'fixtures', 'metrics', name);
const example = (name: string) => join(root, 'examples', 'metrics', name);
const tmp = mkdtempSync(join(tmpdir(), 'metrics-test-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
/** Writes exact bytes to a temp file and returns its path. */
function temp(name: string, content: string | Uint8Array): string {
  const dir = join(tmp, String(++counter));
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const spec = (s: Partial<MetricSourceSpec> & { timestamp: string }): MetricSourceSpec => ({ file: 'metrics/x', ...s });
const iso = (t: number) => new Date(t).toISOString();
const lines = (d: MetricData) => d.issues.map((i) => i.line);
async function fileError(p: Promise<unknown>): Promise<MetricFileError> {
  try { await p; } catch (err) { if (err instanceof MetricFileError) return err; throw err; }
  throw new Error('no MetricFileError');
}

test('malformed rows: exact issues at physical lines, valid rows read, quoted newline shifts later lines', async () => {
  const d = await readMetric(fixture('malformed.csv'), spec({ timestamp: 'ts', value: 'latency_ms', unit: 'ms' }), { origins: true });
  assert.equal(d.rows, 7);
  assert.deepEqual([...d.values!], [10.5, 11.5, 12, 16, 17, 21, 22]);
  assert.deepEqual(rowLines(d), [2, 3, 5, 13, 14, 19, 20]);
  assert.deepEqual([...d.timestamps].map(iso), [
    '2026-08-03T00:00:00.000Z', '2026-08-03T00:01:00.000Z', '2026-08-03T00:02:00.000Z', '2026-08-03T00:08:00.000Z',
    '2026-08-03T00:09:00.000Z', '2026-08-02T22:14:00.000Z', '2026-08-03T00:15:00.250Z',
  ]);
  assert.equal(d.sorted, false);
  assert.equal(iso(d.minTime), '2026-08-02T22:14:00.000Z');
  assert.equal(iso(d.maxTime), '2026-08-03T00:15:00.250Z');
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [
    [7, '2 fields, expected 3 as in the header'],
    [8, 'unparseable timestamp `not-a-time` (expected ISO-8601 such as 2026-08-03T12:00:00Z)'],
    [9, 'non-numeric value `fast` in `latency_ms`'],
    [10, 'negative value `-1` in `latency_ms` (a duration in ms cannot be negative)'],
    [12, 'invalid timestamp `2026-02-30T00:00:00Z`: no such date'],
    [14, '1 timestamp without offset (first on line 14), read as wall time in UTC; a wall time in a DST gap or fold takes the earlier offset'],
    [15, 'numeric timestamp `1785715200` but the metric has no `timestampUnit` (s or ms)'],
    [16, 'empty value in `latency_ms`'],
    [17, '4 fields, expected 3 as in the header'],
    [18, 'unexpected character after a closing quote (a quote inside a quoted field must be doubled)'],
    [21, 'unterminated quoted field: the quote is never closed, so the rest of the file belongs to this record'],
  ]);
  assert.equal(d.issues[5].kind, 'naive');
  assert.equal(d.issues[0].kind, 'skipped');
  assert.equal(d.issueCount, 11);
  assert.equal(d.skipped, 10);
  assert.deepEqual(d.naive, { count: 1, firstLine: 14, zone: 'UTC' });
  assert.deepEqual(d.header, ['ts', 'latency_ms', 'route']);
  assert.deepEqual(d.missingColumns, []);
  assert.equal(d.unit, 'ms');
  assert.equal(d.format, 'csv');
});

test('negative values are allowed when the value is not a duration', async () => {
  const d = await readMetric(fixture('malformed.csv'), spec({ timestamp: 'ts', value: 'latency_ms' }), {});
  assert.equal(d.rows, 8);
  assert.ok(!d.issues.some((i) => i.line === 10));
  const e = await readMetric(fixture('malformed.csv'), spec({ timestamp: 'ts', value: 'latency_ms', unit: '%' }), {});
  assert.equal(e.rows, 8);
});

test('examples/metrics/churn-latency.csv: the malformed rows at the lines examples/README.md lists', async () => {
  const internal = await readMetric(example('churn-latency.csv'), spec({ timestamp: 'ts', value: 'server_ms', unit: 'ms' }), { timezone: 'Europe/Berlin', origins: true });
  assert.deepEqual(internal.issues.map((i) => [i.line, i.problem]), [
    [9654, 'unparseable timestamp `17/08/2026 07:14:00` (expected ISO-8601 such as 2026-08-03T12:00:00Z)'],
    [18044, 'non-numeric value `timeout` in `server_ms`'],
    [26094, 'unparseable timestamp `2026-09-10T08:00\\n:00Z` (expected ISO-8601 such as 2026-08-03T12:00:00Z)'],
    [36228, 'empty value in `server_ms`'],
    [43778, '1 timestamp without offset (first on line 43778), read as wall time in Europe/Berlin; a wall time in a DST gap or fold takes the earlier offset'],
  ]);
  assert.equal(internal.issueCount, 5);
  assert.deepEqual(internal.naive, { count: 1, firstLine: 43778, zone: 'Europe/Berlin' });
  // The naive row is read (not skipped), in Berlin summer time.
  const k = rowLines(internal).indexOf(43778);
  assert.ok(k > 0);
  assert.equal(iso(internal.timestamps[k]), '2026-10-06T07:20:00.000Z');
  assert.equal(internal.values![k], 95.3);
  // The gateway column is numeric on line 18044.
  const external = await readMetric(example('churn-latency.csv'), spec({ timestamp: 'ts', value: 'gateway_ms', unit: 'ms' }), { timezone: 'Europe/Berlin' });
  assert.deepEqual(lines(external), [9654, 26094, 36228, 43778]);
  assert.equal(external.rows, internal.rows + 1);
  assert.equal(external.skipped, 3);
});

test('the other example files read without issues', async () => {
  const req = await readMetric(example('churn-requests.jsonl'), spec({ timestamp: 'time', good: 'status < 500' }), {});
  assert.equal(req.issueCount, 0);
  assert.equal(req.format, 'jsonl');
  assert.equal(req.good!.length, req.rows);
  assert.ok(req.good!.some((g) => g === 0) && req.sorted);
  const agg = await readMetric(example('churn-requests-1m.csv'), spec({ timestamp: 'minute', total: 'requests', goodCount: 'ok_requests', format: 'csv' }), {});
  assert.equal(agg.issueCount, 0);
  assert.ok(agg.totals!.every((t, i) => t >= agg.goodCounts![i]));
  const evalRuns = await readMetric(example('churn-eval-runs.csv'), spec({ timestamp: 'evaluated_at', value: 'f1', samples: 'n_labeled', dataset: 'dataset' }), {});
  assert.equal(evalRuns.rows, 15);
  assert.equal(evalRuns.datasets!.length, 15);
  assert.equal(evalRuns.datasets![0], 'churn-holdout-2026q3');
  assert.equal(evalRuns.samples![0], 6120);
  const fraud = await readMetric(example('fraud-latency.csv'), spec({ timestamp: 'timestamp', value: 'latency_s', unit: 's', delimiter: ';', format: 'csv' }), {});
  assert.equal(fraud.issueCount, 0);
  assert.equal(fraud.values![0], 0.0588);
  const fraudEval = await readMetric(example('fraud-eval.jsonl'), spec({ timestamp: 'evaluated_at', value: 'auc', samples: 'n_labeled', dataset: 'dataset' }), {});
  assert.equal(fraudEval.rows, 12);
  assert.equal(fraudEval.values![0], 0.9435);
});

test('`;` delimiter: a decimal comma is not a number', async () => {
  const d = await readMetric(fixture('semicolon.csv'), spec({ timestamp: 'timestamp', value: 'latency_s', unit: 's', delimiter: ';' }), {});
  assert.deepEqual([...d.values!], [0.0588, 0.03]);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [[3, 'non-numeric value `0,0323` in `latency_s`']]);
});

test('naive timestamps in Europe/Berlin across the 2026 gap and fold take the earlier offset', async () => {
  const d = await readMetric(fixture('berlin-dst.csv'), spec({ timestamp: 'ts', value: 'v' }), { timezone: 'Europe/Berlin' });
  assert.deepEqual([...d.timestamps].map(iso), [
    '2026-03-29T00:30:00.000Z', // 01:30 CET
    '2026-03-29T01:00:00.000Z', // 02:00 does not exist: +01:00, i.e. 03:00 CEST
    '2026-03-29T01:30:00.000Z', // 02:30 likewise
    '2026-03-29T01:00:00.000Z', // 03:00 CEST
    '2026-10-24T23:59:59.000Z', // 01:59:59 CEST
    '2026-10-25T00:00:00.000Z', // 02:00 twice: the first, CEST
    '2026-10-25T00:30:00.000Z', // 02:30 twice: the first, CEST
    '2026-10-25T02:00:00.000Z', // 03:00 CET
    '2026-10-24T22:00:00.000Z', // date only: Berlin midnight
    '2026-03-29T01:15:00.500Z', // space separator, fraction, in the gap
    '2026-10-25T02:30:00.000Z', // explicit Z: not naive
  ]);
  assert.deepEqual(d.naive, { count: 10, firstLine: 2, zone: 'Europe/Berlin' });
  assert.deepEqual(d.issues.map((i) => [i.line, i.kind]), [[2, 'naive']]);
  assert.match(d.issues[0].problem, /^10 timestamps without offset \(first on line 2\), read as wall time in Europe\/Berlin/);
  assert.equal(d.issueCount, 1);
  assert.equal(d.skipped, 0);
  await assert.rejects(readMetric(fixture('berlin-dst.csv'), spec({ timestamp: 'ts' }), { timezone: 'Europe/Atlantis' }), RangeError);
});

test('epoch timestamps in seconds and milliseconds', async () => {
  const s = temp('s.csv', 'ts,v\n1785715200,1\n1785715200.5,2\n1785715201.0009,3\n2026-08-03T00:00:02Z,4\n');
  const d = await readMetric(s, spec({ timestamp: 'ts', value: 'v', timestampUnit: 's' }), {});
  assert.deepEqual([...d.timestamps].map(iso), ['2026-08-03T00:00:00.000Z', '2026-08-03T00:00:00.500Z', '2026-08-03T00:00:01.000Z', '2026-08-03T00:00:02.000Z']);
  assert.equal(d.naive, undefined);
  const m = temp('m.jsonl', '{"t":1785715200000,"v":1}\n{"t":"1785715200001","v":2}\n{"t":1785715200002.7,"v":3}\n{"t":true,"v":4}\n');
  const e = await readMetric(m, spec({ timestamp: 't', value: 'v', timestampUnit: 'ms' }), {});
  assert.deepEqual([...e.timestamps], [1785715200000, 1785715200001, 1785715200002]);
  assert.deepEqual(e.issues.map((i) => [i.line, i.problem]), [[4, 'timestamp `t` is true, expected a string or an epoch number']]);
  const none = await readMetric(m, spec({ timestamp: 't', value: 'v' }), {});
  assert.equal(none.rows, 0);
  assert.deepEqual(none.issues.map((i) => i.problem), [
    'numeric timestamp `1785715200000` but the metric has no `timestampUnit` (s or ms)',
    'numeric timestamp `1785715200001` but the metric has no `timestampUnit` (s or ms)',
    'numeric timestamp `1785715200002.7` but the metric has no `timestampUnit` (s or ms)',
    'timestamp `t` is true, expected a string or an epoch number',
  ]);
});

test('CRLF, mixed endings, quoted CRLF and a BOM: line numbers stay physical', async () => {
  const text = '\ufeffts,v,note\r\n2026-08-03T00:00:00Z,1,a\r\n\r\n2026-08-03T00:00:01Z,2,"two\r\nlines"\n2026-08-03T00:00:02Z,x,b\r2026-08-03T00:00:03Z,4,c\n\n2026-08-03T00:00:04Z,5\r\n2026-08-03T00:00:05Z,6,"d"\r\n';
  const d = await readMetric(temp('crlf.csv', text), spec({ timestamp: 'ts', value: 'v' }), { origins: true });
  assert.deepEqual(d.header, ['ts', 'v', 'note']);
  assert.deepEqual([...d.values!], [1, 2, 4, 6]);
  assert.deepEqual(rowLines(d), [2, 4, 7, 10]);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [[6, 'non-numeric value `x` in `v`'], [9, '2 fields, expected 3 as in the header']]);
});

test('a tab-separated .tsv by extension; the delimiter option wins', async () => {
  const tsv = temp('a.tsv', 'ts\tv\n2026-08-03T00:00:00Z\t1.5\n');
  assert.deepEqual([...(await readMetric(tsv, spec({ timestamp: 'ts', value: 'v' }), {})).values!], [1.5]);
  const pipe = temp('b.tsv', 'ts|v\n2026-08-03T00:00:00Z|2.5\n');
  assert.deepEqual([...(await readMetric(pipe, spec({ timestamp: 'ts', value: 'v', delimiter: '|' }), {})).values!], [2.5]);
  const tabWord = temp('c.csv', 'ts\tv\n2026-08-03T00:00:00Z\t3.5\n');
  assert.deepEqual([...(await readMetric(tabWord, spec({ timestamp: 'ts', value: 'v', delimiter: 'tab' }), {})).values!], [3.5]);
});

test('good on CSV: exact classification, mismatches are data issues', async () => {
  const text = 'ts,status,outcome,cached\n' +
    '2026-08-03T00:00:00Z,200,ok,false\n' +
    '2026-08-03T00:00:01Z,503,error,true\n' +
    '2026-08-03T00:00:02Z,OK,ok,false\n' +
    '2026-08-03T00:00:03Z,,ok,false\n' +
    '2026-08-03T00:00:04Z,499.99999999999999999,ok,maybe\n' +
    '2026-08-03T00:00:05Z,500.0,"ok",TRUE\n';
  const path = temp('g.csv', text);
  const d = await readMetric(path, spec({ timestamp: 'ts', good: 'status < 500' }), {});
  assert.deepEqual([...d.good!], [1, 0, 1, 0]);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [
    [4, '`OK` in `status` (good: status < 500) is not a number'],
    [5, 'empty `status` (good: status < 500), expected a number'],
  ]);
  const t = await readMetric(path, spec({ timestamp: 'ts', good: 'outcome == "ok"' }), {});
  assert.deepEqual([...t.good!], [1, 0, 1, 1, 1, 1]);
  const b = await readMetric(path, spec({ timestamp: 'ts', good: 'cached != true' }), {});
  assert.deepEqual([...b.good!], [1, 0, 1, 1, 0]);
  assert.deepEqual(b.issues.map((i) => [i.line, i.problem]), [[6, '`maybe` in `cached` (good: cached != true) is not true or false']]);
});

test('good and dotted fields on JSON Lines: types must match, missing keys, non-objects', async () => {
  const d = await readMetric(fixture('requests.jsonl'), spec({ timestamp: 'time', timestampUnit: 's', good: 'status < 500', value: 'meta.latency.ms', unit: 'ms', dataset: 'meta.region' }), { origins: true });
  assert.deepEqual(rowLines(d), [1, 2, 10, 11]);
  assert.deepEqual([...d.good!], [1, 0, 1, 1]); // 499.999…9 < 500 exactly
  assert.deepEqual([...d.values!], [12.5, 80, 30, 1]);
  assert.deepEqual(d.datasets, ['eu', 'us', 'ap', 'eu']);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [
    [4, '`status` (good: status < 500) is a string, expected a number'],
    [5, '`status` (good: status < 500) is null, expected a number'],
    [6, 'missing `status`'],
    [7, 'not a JSON object but an array'],
    [8, 'not a JSON object (unexpected end of line, expected a value at character 41)'],
    [9, 'not JSON (unexpected `o` in `null` at character 2)'],
    [12, 'negative value `-3` in `meta.latency.ms` (a duration in ms cannot be negative)'],
    // Two `status` keys: JSON.parse takes 201, other readers 200 — ambiguous, so not counted (issue 12).
    [13, 'key `status` appears twice in one object (characters 31 and 116): JSON.parse keeps the last, other readers the first'],
  ]);
  assert.equal(d.issueCount, 8);
  assert.equal(d.skipped, 8);
  assert.deepEqual(d.missingColumns, []);
  assert.equal(d.header, undefined);
  // an escaped string compares by its decoded text
  const e = await readMetric(fixture('requests.jsonl'), spec({ timestamp: 'time', timestampUnit: 's', good: 'outcome == "ok"' }), {});
  assert.deepEqual([...e.good!], [1, 0, 1, 1, 1, 0, 1, 1, 1]);
});

test('missing columns: CSV header and keys absent from every JSON record; rows still read', async () => {
  const csv = await readMetric(fixture('malformed.csv'), spec({ timestamp: 'ts', value: 'latency', good: 'http_status < 500', samples: 'route', dataset: 'route' }), {});
  assert.deepEqual(csv.missingColumns, ['latency', 'http_status']);
  assert.equal(csv.values, undefined);
  assert.equal(csv.good, undefined);
  assert.equal(csv.rows, 0); // `route` is text, not a number: every row is a data issue
  assert.equal(csv.issues[0].problem, 'non-numeric value `/a` in `route`');
  const ok = await readMetric(fixture('malformed.csv'), spec({ timestamp: 'ts', value: 'latency' }), {});
  assert.equal(ok.rows, 10); // every row with a valid timestamp and the right field count
  const jsonl = temp('k.jsonl', '{"t":"2026-08-03T00:00:00Z","v":1}\n{"t":"2026-08-03T00:00:01Z","v":2,"n":5}\n{"t":"2026-08-03T00:00:02Z","v":3}\n');
  const j = await readMetric(jsonl, spec({ timestamp: 't', value: 'v', samples: 'n', dataset: 'd' }), {});
  assert.deepEqual(j.missingColumns, ['d']);
  assert.equal(j.datasets, undefined);
  assert.equal(j.rows, 1);
  assert.deepEqual([...j.values!], [2]);
  assert.deepEqual([...j.samples!], [5]);
  assert.deepEqual(j.issues.map((i) => [i.line, i.problem]), [[1, 'missing `n`'], [3, 'missing `n`']]);
});

test('issues are capped at 20 (in line order) while issueCount counts all; the naive summary is kept', async () => {
  let text = 'ts,v\n2026-08-03T00:00:00,1\n';
  for (let i = 0; i < 30; i++) text += `2026-08-03T00:00:${String(i).padStart(2, '0')}Z,bad${i}\n2026-08-03T00:01:${String(i).padStart(2, '0')}Z,${i}\n`;
  const d = await readMetric(temp('cap.csv', text), spec({ timestamp: 'ts', value: 'v' }), {});
  assert.equal(d.rows, 31);
  assert.equal(d.issues.length, 20);
  assert.equal(d.issueCount, 31);
  assert.equal(d.skipped, 30);
  assert.deepEqual(lines(d), [2, ...Array.from({ length: 19 }, (_, i) => 3 + 2 * i)]);
  const five = await readMetric(temp('cap.csv', text), spec({ timestamp: 'ts', value: 'v' }), { maxIssues: 5 });
  assert.deepEqual(lines(five), [2, 3, 5, 7, 9]);
  assert.equal(five.issueCount, 31);
  // naive rows late in the file: the summary displaces the last listed row problem
  const late = await readMetric(temp('late.csv', text.replace('2026-08-03T00:00:00,1\n', '') + '2026-08-03T01:00:00,9\n'), spec({ timestamp: 'ts', value: 'v' }), {});
  assert.equal(late.issues.length, 20);
  assert.equal(late.issues[19].kind, 'naive');
  assert.equal(late.issues[18].line, 38);
  assert.equal(late.issueCount, 31);
  // JSONL: problems found at the end (missing keys) merge in line order
  let jl = '';
  for (let i = 0; i < 15; i++) jl += `{"t":"2026-08-03T00:00:00Z","v":1}\n{"t":"2026-08-03T00:00:00Z"}\n{"t":"bad","v":1}\n`;
  const j = await readMetric(temp('cap.jsonl', jl), spec({ timestamp: 't', value: 'v' }), {});
  assert.equal(j.issueCount, 30);
  assert.deepEqual(lines(j), Array.from({ length: 20 }, (_, i) => 2 + 3 * Math.floor(i / 2) + (i % 2)));
});

test('a malformed good expression is reported in goodError; the rest is read', async () => {
  const d = await readMetric(example('churn-requests.jsonl'), spec({ timestamp: 'time', good: 'status = 200' }), {});
  assert.equal(d.goodError, '`=` is not an operator; use `==`');
  assert.equal(d.good, undefined);
  assert.ok(d.rows > 40_000);
});

test('long decimals keep their text for exact comparisons', async () => {
  const d = await readMetric(temp('long.csv', 'ts,v\n2026-08-03T00:00:00Z,0.1\n2026-08-03T00:00:01Z,0.10000000000000000001\n'), spec({ timestamp: 'ts', value: 'v' }), {});
  assert.deepEqual([...d.values!], [0.1, 0.1]);
  assert.deepEqual([...d.valueTexts!], [[1, '0.10000000000000000001']]);
});

test('pre-aggregated rows: counts must be non-negative and goodCount ≤ total', async () => {
  const d = await readMetric(temp('agg.csv', 'minute,requests,ok\n2026-08-03T00:00:00Z,10,9\n2026-08-03T00:01:00Z,10,11\n2026-08-03T00:02:00Z,-1,0\n2026-08-03T00:03:00Z,5,5\n'), spec({ timestamp: 'minute', total: 'requests', goodCount: 'ok' }), {});
  assert.deepEqual([...d.totals!], [10, 5]);
  assert.deepEqual([...d.goodCounts!], [9, 5]);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [
    [3, '`ok` (11) exceeds `requests` (10)'],
    [4, 'negative value `-1` in `requests` (a count cannot be negative)'],
  ]);
});

test('unusable files throw MetricFileError with a reason', async () => {
  const s = spec({ timestamp: 'ts' });
  let e = await fileError(readMetric(join(tmp, 'nope.csv'), s, {}));
  assert.equal(e.reason, 'missing');
  assert.equal(e.message, 'not found');
  e = await fileError(readMetric(join(tmp, 'nodir', 'x.csv'), s, {}));
  assert.equal(e.reason, 'missing');
  const dir = join(tmp, 'dir.csv');
  mkdirSync(dir);
  e = await fileError(readMetric(dir, s, {}));
  assert.equal(e.reason, 'unreadable');
  e = await fileError(readMetric(temp('bin.csv', Buffer.from([0x74, 0x73, 0x0a, 0x00, 0x01])), s, {}));
  assert.equal(e.reason, 'binary');
  e = await fileError(readMetric(temp('utf16.csv', Buffer.from('\ufeffts\n1\n', 'utf16le')), s, {}));
  assert.equal(e.reason, 'binary');
  e = await fileError(readMetric(temp('x.txt', 'ts\n'), s, {}));
  assert.equal(e.reason, 'format');
  assert.match(e.message, /cannot tell the format from the extension `\.txt`/);
  assert.equal((await readMetric(temp('x.txt', 'ts\n2026-08-03T00:00:00Z\n'), { ...s, format: 'csv' }, {})).rows, 1);
  assert.equal((await readMetric(temp('x.ndjson', '{"ts":"2026-08-03T00:00:00Z"}\n'), s, {})).rows, 1);
  assert.throws(() => detectFormat('a.parquet', { file: 'a.parquet' }), MetricFileError);
  e = await fileError(readMetric(temp('d.csv', 'ts\n'), { ...s, delimiter: '::' }, {}));
  assert.equal(e.reason, 'format');
  e = await fileError(readMetric(temp('h.csv', 'time,v\n2026-08-03T00:00:00Z,1\n'), s, {}));
  assert.equal(e.reason, 'columns');
  assert.equal(e.message, 'no timestamp column `ts` in the header (columns: `time`, `v`)');
  e = await fileError(readMetric(temp('empty.csv', '\n\n'), s, {}));
  assert.equal(e.reason, 'columns');
  e = await fileError(readMetric(temp('k.jsonl', '{"time":"2026-08-03T00:00:00Z"}\n'), s, {}));
  assert.equal(e.reason, 'columns');
  // an empty JSONL file is no data, not an error
  assert.equal((await readMetric(temp('e.jsonl', ''), s, {})).rows, 0);
  // > 2 GiB (sparse, no disk used)
  const big = join(tmp, 'big.csv');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 2 * 1024 ** 3 + 1);
  closeSync(fd);
  e = await fileError(readMetric(big, s, {}));
  assert.equal(e.reason, 'too-large');
  rmSync(big);
  if (process.getuid?.() !== 0) {
    const locked = temp('locked.csv', 'ts\n');
    chmodSync(locked, 0o000);
    e = await fileError(readMetric(locked, s, {}));
    assert.equal(e.reason, 'unreadable');
  }
});

test('progress reports bytes; an aborted signal stops the read', async () => {
  const calls: [number, number][] = [];
  const options: ReadMetricOptions = { onProgress: (a, b) => calls.push([a, b]) };
  const d = await readMetric(example('churn-latency.csv'), spec({ timestamp: 'ts', value: 'gateway_ms' }), options);
  assert.ok(calls.length >= 2);
  assert.deepEqual(calls[calls.length - 1], [d.bytes, d.bytes]);
  assert.ok(calls.every(([a], i) => i === 0 || a > calls[i - 1][0]));
  await assert.rejects(readMetric(example('churn-latency.csv'), spec({ timestamp: 'ts' }), { signal: AbortSignal.abort() }), { name: 'AbortError' });
});

test('JSONL: CRLF, BOM, blank lines, escapes, nested objects and arrays in other keys', async () => {
  const text = '\ufeff{"t":"2026-08-03T00:00:00Z","v":1,"x":[1,{"a":[]}],"s":"\\"q\\" \\u00e9"}\r\n\r\n  \n{"t":"2026-08-03\\u005400:00:01Z","v":2.5e0,"x":{}}\n{"t":"2026-08-03T00:00:02Z","v":3,}\n{"t":"2026-08-03T00:00:03Z","v":4} trailing\n{"t":"2026-08-03T00:00:04Z","v":05}\n';
  const d = await readMetric(temp('j.jsonl', text), spec({ timestamp: 't', value: 'v', dataset: 's' }), { origins: true });
  assert.deepEqual(rowLines(d), [1]);
  assert.deepEqual(d.datasets, ['"q" é']);
  // `s` is missing on line 4, which is otherwise fine
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [
    [4, 'missing `s`'],
    [5, 'not a JSON object (expected a key in double quotes, found `}` at character 35)'],
    [6, 'not a JSON object (unexpected `t` after the object at character 36)'],
    [7, 'not a JSON object (expected `,` or `}`, found `5` at character 34)'],
  ]);
  const without = await readMetric(temp('j.jsonl', text), spec({ timestamp: 't', value: 'v' }), {});
  assert.deepEqual([...without.values!], [1, 2.5]);
});

test('JSONL keys: escaped keys, dotted paths, a literal dotted key wins, a duplicate on the path is ambiguous', async () => {
  const text = [
    '{"t":"2026-08-03T00:00:00Z","\\u0076":1,"m":{"x":{"y":10}}}',
    '{"t":"2026-08-03T00:00:01Z","v":2,"m":{"x":{"y":20}},"m.x.y":21}',
    '{"t":"2026-08-03T00:00:02Z","v":3,"m.x.y":31,"m":{"x":{"y":30}}}',
    '{"t":"2026-08-03T00:00:03Z","v":4,"m":{"x":{"y":40}},"m":{"x":{"y":41}}}',
    '{"t":"2026-08-03T00:00:04Z","v":5,"m":{"\\u0078":{"y":50}}}',
    '{"t":"2026-08-03T00:00:05Z","v":6,"m":{"x":7}}',
  ].join('\n');
  const d = await readMetric(temp('keys.jsonl', text), spec({ timestamp: 't', value: 'v', samples: 'm.x.y' }), {});
  assert.deepEqual([...d.values!], [1, 2, 3, 5]);
  assert.deepEqual([...d.samples!], [10, 21, 31, 50]);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [
    // JSON.parse would read 41, a first-key reader 40 (issue 12: ambiguous, not counted).
    [4, 'key `m` appears twice in one object (characters 35 and 54), so `m.x.y` is ambiguous: JSON.parse keeps the last, other readers the first'],
    [6, 'missing `m.x.y`'],
  ]);
});

test('a JSON line longer than 16 MiB is skipped without being buffered whole', async () => {
  const text = '{"t":"2026-08-03T00:00:00Z","v":1}\n{"t":"2026-08-03T00:00:01Z","pad":"' + 'x'.repeat(17 * 1024 * 1024) + '"}\n{"t":"2026-08-03T00:00:02Z","v":3}\n';
  const d = await readMetric(temp('long.jsonl', text), spec({ timestamp: 't', value: 'v' }), {});
  assert.deepEqual([...d.values!], [1, 3]);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [[2, 'line longer than 16 MiB']]);
});

test('a file that changes while it is read is read again; if it keeps changing it is refused, never half-counted', async () => {
  const s = spec({ timestamp: 'ts', value: 'ms', unit: 'ms' });
  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `${iso(Date.UTC(2026, 7, 3) + (from + i) * 1000)},${i % 500}\n`).join('');
  // An exporter appends once during the first read: the second read sees the whole new file.
  const once = temp('append-once.csv', `ts,ms\n${rows(20000)}`);
  let appended = 0;
  const d = await readMetric(once, s, { onProgress: () => { if (appended++ === 0) appendFileSync(once, rows(5, 20000)); } });
  assert.equal(d.rows, 20005);
  assert.equal(d.issueCount, 0);
  // It keeps appending: a MetricFileError with the reason, not numbers from a mix of versions.
  const always = temp('append-always.csv', `ts,ms\n${rows(60000)}`);
  // (once per attempt: at the first progress report of each read)
  let k = 0;
  let last = Infinity;
  const e = await fileError(readMetric(always, s, { onProgress: (bytes) => { if (bytes < last) appendFileSync(always, rows(1, 30000 + k++)); last = bytes; } }));
  assert.equal(e.reason, 'changed');
  assert.match(e.message, /changed while it was read/);
  // Replaced by a rename mid-read (same size): detected by the inode.
  const renamed = temp('renamed.csv', `ts,ms\n${rows(20000)}`);
  let swaps = 0;
  const e2 = await fileError(readMetric(renamed, s, { onProgress: () => { if (swaps >= 4) return; writeFileSync(`${renamed}.new`, `ts,ms\n${rows(20000, 1)}`); renameSync(`${renamed}.new`, renamed); swaps++; } }));
  assert.equal(e2.reason, 'changed');
  assert.ok(swaps >= 2);
});

test('hostile cells: quote bombs, NaN/Infinity/overflow/negative durations, mixed line endings — exact issues at exact lines', async () => {
  const s = spec({ timestamp: 'ts', value: 'ms', unit: 'ms' });
  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `${iso(Date.UTC(2026, 7, 3) + (from + i) * 1000)},${i % 500}\n`).join('');
  // 4 million escaped quotes in one quoted field (8 MB): one issue at its line, the rows around it read.
  let d = await readMetric(temp('quote-bomb.csv', `ts,ms\n${rows(10)}${iso(Date.UTC(2026, 7, 3, 1))},"${'""'.repeat(4_000_000)}"\n${rows(10, 20)}`), s, {});
  assert.equal(d.rows, 20);
  assert.equal(d.issueCount, 1);
  assert.deepEqual(lines(d), [12]);
  assert.match(d.issues[0]!.problem, /^non-numeric value `""""/);
  // The same bomb left open: it runs to the end of the file, which is reported at the line where it starts.
  d = await readMetric(temp('open-bomb.csv', `ts,ms\n${rows(10)}${iso(Date.UTC(2026, 7, 3, 1))},"${'""'.repeat(1_000_000)}\n${rows(10, 20)}`), s, {});
  assert.equal(d.rows, 10);
  assert.equal(d.issueCount, 1);
  assert.deepEqual(lines(d), [12]);
  assert.match(d.issues[0]!.problem, /unterminated quoted field/);
  // Numbers that are not finite, negative durations, mixed CRLF / LF / CR endings.
  d = await readMetric(temp('numbers.csv', `ts,ms\r\n${iso(Date.UTC(2026, 7, 3))},NaN\n${iso(Date.UTC(2026, 7, 3, 0, 0, 1))},Infinity\r${iso(Date.UTC(2026, 7, 3, 0, 0, 2))},-5\r\n${iso(Date.UTC(2026, 7, 3, 0, 0, 3))},1e400\n${iso(Date.UTC(2026, 7, 3, 0, 0, 4))},-0.0\n${iso(Date.UTC(2026, 7, 3, 0, 0, 5))},12.5\n`), s, {});
  assert.equal(d.rows, 2);
  assert.equal(d.issueCount, 4);
  assert.deepEqual(d.issues.map((i) => [i.line, i.problem.replace(/ in `ms`.*$/, '')]), [
    [2, 'non-numeric value `NaN`'],
    [3, 'non-numeric value `Infinity`'],
    [4, 'negative value `-5`'],
    [5, 'out-of-range value `1e400`'],
  ]);
});
