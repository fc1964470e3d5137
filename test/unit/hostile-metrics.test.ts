/**
 * Issue 12 ("Every number right, every file safe"), the metric readers' part: hostile metric files
 * and metric forms, each pinned with exact outcomes on real files in a temp folder.
 * - negative latencies in a metric without `unit` (it is in the target's unit, spec §9);
 * - a header naming a column twice, a JSON object with a duplicate key the SLA reads;
 * - JSON Lines separated by lone CRs, CRLF split across the 1 MiB chunk boundary;
 * - event logs (`timestamp` alone) and `filter` (spec §4);
 * - a header line over 16 MiB;
 * - `1e309` in a cell: out of range, not "non-numeric".
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readMetric } from '../../server/src/io/sources/fileSource';
import type { LineOrigins } from '../../server/src/engine/sources/origins';
import { MetricFileError } from '../../server/src/engine/metrics/errors';
import { parseCsvText } from '../../server/src/engine/metrics/csv';
import { valuesAreDurations } from '../../server/src/engine/metrics/valueUnit';
import type { MetricData, MetricSourceSpec, ReadMetricOptions } from '../../server/src/engine/metrics/types';
import { evaluateInterval } from '../../server/src/engine/evaluate';
import { buildReport, type MetricInput } from '../../server/src/engine/report';
import { parseTarget } from '../../server/src/facts/quantities';
import { parseSlaFile } from '../../server/src/service/parse';
import { complianceReports } from '../../server/src/service/compliance';
import { getLanguageService } from '../../server/src/service/languageService';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { brief, diagnose, service, withCursor, VALID_SLA } from '../helpers';

/** The physical line of each row read (origins asked for). */
const lines = (d: MetricData): number[] => [...(d.origins as LineOrigins).lines];

const tmp = mkdtempSync(join(tmpdir(), 'hostile-metrics-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
/** Writes exact bytes to a fresh temp folder and returns the file's path. */
function temp(name: string, content: string | Uint8Array): string {
  const dir = join(tmp, String(++counter));
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const spec = (s: Partial<MetricSourceSpec> & { timestamp: string }): MetricSourceSpec => ({ file: 'metrics/x', ...s });
const read = (path: string, s: Partial<MetricSourceSpec> & { timestamp: string }, options: ReadMetricOptions = {}) => readMetric(path, spec(s), options);
const issues = (d: MetricData) => d.issues.map((i) => [i.line, i.problem]);
async function fileError(p: Promise<unknown>): Promise<MetricFileError> {
  try { await p; } catch (err) { if (err instanceof MetricFileError) return err; throw err; }
  throw new Error('no MetricFileError');
}
const MiB = 1 << 20;

/** A minimal SLA around some metrics and objectives (YAML flow text, lint-irrelevant). */
function sla(metrics: string, objectives: string): string {
  return `apiVersion: modelsla/v1
kind: SLA
metadata: { name: hostile, owner: sre@example.com }
model: m
scope: internal
period: { start: 2026-03-01, end: 2026-12-31, timezone: UTC }
metrics:
${metrics}
objectives:
${objectives}
breach:
  internal: { actions: [p1-investigation] }
  escalation: [{ after: 1h, notify: on-call }]
`;
}

// ------------------------------------------------------------------------------------- item 2

describe('negative durations in a metric without `unit` (spec §9: it is in the target\'s unit)', () => {
  const csv = 'ts,v\n2026-03-01T00:00:00Z,-500\n2026-03-01T00:01:00Z,-400\n2026-03-01T00:02:00Z,900\n';

  test('told that the values are durations, the reader refuses negative ones as with `unit: ms`', async () => {
    const path = temp('lat.csv', csv);
    const withUnit = await read(path, { timestamp: 'ts', value: 'v', unit: 'ms' });
    const inferred = await read(path, { timestamp: 'ts', value: 'v' }, { valuesAreDurations: true });
    assert.deepEqual([...inferred.values!], [900]);
    assert.deepEqual([...inferred.values!], [...withUnit.values!]);
    assert.equal(inferred.unit, undefined, 'nothing is converted: each objective reads the column in its own target unit');
    assert.deepEqual(issues(inferred), [
      [2, 'negative value `-500` in `v` (a duration cannot be negative; the metric has no `unit`, so it is in the unit of its duration target)'],
      [3, 'negative value `-400` in `v` (a duration cannot be negative; the metric has no `unit`, so it is in the unit of its duration target)'],
    ]);
    assert.equal(inferred.issueCount, withUnit.issueCount);
    // Not durations (an accuracy score, a plain number): negative values are values.
    const plain = await read(path, { timestamp: 'ts', value: 'v' });
    assert.deepEqual([...plain.values!], [-500, -400, 900]);
    // The spec's own unit wins over the hint.
    const ratio = await read(path, { timestamp: 'ts', value: 'v', unit: 'ratio' }, { valuesAreDurations: true });
    assert.deepEqual([...ratio.values!], [-500, -400, 900]);
  });

  test('which metrics hold durations: inferred from the objectives that read `value`', () => {
    const doc = (metric: Record<string, unknown>, objectives: Record<string, unknown>[]) => ({ metrics: { m: metric }, objectives });
    const m = { file: 'x.csv', timestamp: 'ts', value: 'v' };
    assert.equal(valuesAreDurations(doc(m, [{ metric: 'm', indicator: 'latency', percentile: 'p50', target: '<= 300ms' }]), 'm'), true);
    assert.equal(valuesAreDurations(doc(m, [{ metric: 'm', indicator: 'latency', threshold: '<= 0.3s', target: '>= 99%' }]), 'm'), true, 'ratio form: the threshold');
    assert.equal(valuesAreDurations(doc(m, [{ metric: 'm', indicator: 'accuracy', measure: 'f1', target: '>= 0.8' }]), 'm'), false);
    assert.equal(valuesAreDurations(doc(m, [{ metric: 'm', indicator: 'accuracy', measure: 'mae', target: '<= 20ms' }]), 'm'), true);
    assert.equal(valuesAreDurations(doc(m, [{ metric: 'm', indicator: 'throughput', target: '>= 5rps' }]), 'm'), false, 'throughput does not read value');
    assert.equal(valuesAreDurations(doc(m, [{ metric: 'other', indicator: 'latency', percentile: 'p50', target: '<= 300ms' }]), 'm'), false);
    assert.equal(valuesAreDurations(doc({ ...m, unit: 'ratio' }, [{ metric: 'm', indicator: 'latency', percentile: 'p50', target: '<= 300ms' }]), 'm'), false, 'a stated unit rules');
    assert.equal(valuesAreDurations(doc(m, [{ metric: 'm', indicator: 'latency', percentile: 'p50', target: '<= 300' }]), 'm'), false);
    assert.equal(valuesAreDurations(undefined, 'm'), false);
  });

  test('end to end through buildReport: p50 of −500, −400, 900 is 900 ms (breached), with 2 data issues', async () => {
    const text = sla('  lat: { file: lat.csv, timestamp: ts, value: v }',
      '  - { id: p50, indicator: latency, metric: lat, percentile: p50, percentileMethod: nearest-rank, target: "<= 300ms", window: { rolling: 1d } }');
    const doc = parseSlaFile('file:///x.sla.yaml', 1, text).docs[0].value;
    const path = temp('lat.csv', csv);
    const data = await readMetric(path, { file: 'lat.csv', timestamp: 'ts', value: 'v' }, { valuesAreDurations: valuesAreDurations(doc, 'lat') });
    const report = buildReport(doc, { file: 'x.sla.yaml', metrics: { lat: { ok: true, data } } });
    const w = report.objectives[0].windows[0];
    assert.deepEqual([w.value, w.unit, w.observations, w.status], [900, 'ms', 1, 'breached']);
    assert.deepEqual(report.dataIssueCounts, { lat: 2 });
    assert.deepEqual(report.dataIssues.map((i) => i.line), [2, 3]);
  });

  test('the editor and the linter pass the same hint: one read, shared; a target edit within durations reads nothing again', async () => {
    const ws = join(tmp, `ws-${++counter}`);
    mkdirSync(ws);
    writeFileSync(join(ws, 'lat.csv'), csv);
    const access = new NodeMetricAccess(() => [ws]);
    const service = getLanguageService({ metrics: access });
    const objective = (target: string) => `  - { id: p50, indicator: latency, metric: lat, percentile: p50, percentileMethod: nearest-rank, target: "${target}", window: { rolling: 1d } }`;
    const uri = pathToFileURL(join(ws, 'x.sla.yaml')).href;
    // Without `unit` the column is in each target's unit: 900 ms under `<= 300ms`, 900 s under `<= 0.3s`.
    for (const [version, target, value] of [[1, '<= 300ms', 900], [2, '<= 0.3s', 900]] as const) {
      const text = sla('  lat: { file: lat.csv, timestamp: ts, value: v }', objective(target));
      const [report] = await complianceReports(parseSlaFile(uri, version, text), access, { file: 'x.sla.yaml', series: false });
      assert.deepEqual([report.objectives[0].windows[0].value, report.dataIssueCounts.lat], [value, 2]);
      await service.lintData({ uri, version, getText: () => text });
    }
    assert.equal(access.reads, 1);
    // Another kind (a plain-number target): another read, in which negative values are values.
    const text = sla('  lat: { file: lat.csv, timestamp: ts, value: v }', objective('<= 300'));
    const [report] = await complianceReports(parseSlaFile(uri, 3, text), access, { file: 'x.sla.yaml', series: false });
    assert.equal(access.reads, 2);
    assert.deepEqual([report.objectives[0].windows[0].value, report.dataIssueCounts.lat], [-400, 0]);
  });
});

// ------------------------------------------------------------------------------------- item 4

describe('a column named twice is ambiguous: refused, never resolved silently', () => {
  test('CSV `ts,v,v`: SLA115-worthy error naming the column and both positions', async () => {
    const e = await fileError(read(temp('dup.csv', 'ts,v,v\n2026-03-01T00:00:00Z,1,2\n'), { timestamp: 'ts', value: 'v' }));
    assert.equal(e.reason, 'columns');
    assert.equal(e.column, 'v');
    assert.equal(e.message, "the header names column `v` twice (columns 2 and 3): one reader takes the first, another (Python's csv.DictReader) the last, so the numbers depend on the tool; rename or remove the duplicate");
  });

  test('equal once trimmed, three times, the timestamp column, and several at once', async () => {
    let e = await fileError(read(temp('a.csv', 'ts, v,v\n'), { timestamp: 'ts', value: 'v' }));
    assert.match(e.message, /^the header names column `v` twice \(columns 2 and 3, as ` v`, `v`, equal once spaces are trimmed\)/);
    e = await fileError(read(temp('b.csv', 'v,ts,v,x,v\n'), { timestamp: 'ts', value: 'v' }));
    assert.match(e.message, /^the header names column `v` 3 times \(columns 1, 3 and 5\):/);
    e = await fileError(read(temp('c.csv', 'ts,ts,v,v\n'), { timestamp: 'ts', good: 'v > 0' }));
    assert.match(e.message, /^the header names column `ts` twice \(columns 1 and 2\) and column `v` twice \(columns 3 and 4\):/);
    assert.equal(e.column, 'ts');
    e = await fileError(read(temp('d.csv', 'ts,route,route,v\n'), { timestamp: 'ts', value: 'v', filter: 'route == "/a"' }));
    assert.equal(e.column, 'route');
  });

  test('a duplicate the SLA does not read is harmless', async () => {
    const d = await read(temp('e.csv', 'ts,v,x,x\n2026-03-01T00:00:00Z,1,a,b\n'), { timestamp: 'ts', value: 'v' });
    assert.deepEqual([d.rows, d.issueCount], [1, 0]);
  });

  test('JSON Lines: a record with a duplicate key the SLA reads is a data issue at its line; other duplicates are harmless', async () => {
    const text = [
      '{"t":"2026-03-01T00:00:00Z","v":1}',
      '{"t":"2026-03-01T00:00:01Z","v":2,"v":3}',
      '{"t":"2026-03-01T00:00:02Z","v":4,"x":1,"x":2}',
      '{"t":"2026-03-01T00:00:03Z","t":"2026-03-01T00:00:04Z","v":5}',
      '{"t":"2026-03-01T00:00:05Z","v":6,"m":{"a":1},"m":{"b":2}}',
      '{"t":"2026-03-01T00:00:06Z","v":7,"m":{"a":1,"a":2}}',
    ].join('\n');
    const d = await read(temp('dup.jsonl', text), { timestamp: 't', value: 'v' });
    assert.deepEqual(issues(d), [
      [2, 'key `v` appears twice in one object (characters 29 and 35): JSON.parse keeps the last, other readers the first'],
      [4, 'key `t` appears twice in one object (characters 2 and 29): JSON.parse keeps the last, other readers the first'],
    ]);
    assert.deepEqual([...d.values!], [1, 4, 6, 7], '`x` and `m` are not read: their duplicates do not matter');
    // A dotted field: a duplicate on its path (JSON.parse: `m` = {"b":2}, so no `m.a` at all; others: 1) or at its end.
    const m = await read(temp('dup-m.jsonl', text.split('\n').slice(4).join('\n')), { timestamp: 't', value: 'v', samples: 'm.a' });
    assert.deepEqual(issues(m), [
      [1, 'key `m` appears twice in one object (characters 35 and 47), so `m.a` is ambiguous: JSON.parse keeps the last, other readers the first'],
      [2, 'key `a` appears twice in one object (characters 40 and 46), so `m.a` is ambiguous: JSON.parse keeps the last, other readers the first'],
    ]);
  });

  test('the linter: SLA115 on the line naming the column', async () => {
    const ws = join(tmp, `ws-${++counter}`);
    mkdirSync(join(ws, 'metrics'), { recursive: true });
    writeFileSync(join(ws, 'metrics', 'latency.csv'), 'ts,latency_ms,latency_ms\n2026-08-03T00:00:00Z,120,130\n');
    writeFileSync(join(ws, 'metrics', 'requests.jsonl'), '{"time":"2026-08-03T00:00:00Z","status":200}\n');
    const service = getLanguageService({ metrics: new NodeMetricAccess(() => [ws]) });
    const document = { uri: pathToFileURL(join(ws, 'x.sla.yaml')).href, version: 1, getText: () => VALID_SLA };
    await service.lintData(document);
    const found = service.validate(document).filter((d) => d.code === 'SLA115');
    assert.equal(found.length, 1);
    const line = VALID_SLA.split('\n').findIndex((l) => l.includes('value: latency_ms'));
    assert.equal(found[0].range.start.line, line);
    assert.equal(found[0].message, "metric `latency`: `metrics/latency.csv`: the header names column `latency_ms` twice (columns 2 and 3): one reader takes the first, another (Python's csv.DictReader) the last, so the numbers depend on the tool; rename or remove the duplicate; `latency-p99` cannot be checked.");
  });
});

// ------------------------------------------------------------------------------------- item 5

describe('line endings: LF, CRLF and a lone CR each end a line, in both readers alike', () => {
  const at = (k: number) => new Date(Date.UTC(2026, 2, 1, 0, 0, k)).toISOString();

  test('JSON Lines separated by lone CRs: every record is read, at its own line', async () => {
    const text = Array.from({ length: 10 }, (_, k) => `{"t":"${at(k)}","v":${k}}`).join('\r') + '\r';
    const d = await read(temp('cr.jsonl', text), { timestamp: 't', value: 'v' }, { origins: true });
    assert.deepEqual([d.rows, d.issueCount], [10, 0]);
    assert.deepEqual(lines(d), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual([...d.values!], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('mixed endings and blank lines: the CSV and the JSON Lines version of a file number their rows the same', async () => {
    const ends = ['\n', '\r\n', '\r', '\r\n\r\n', '\n\r', '\r\r\n', '\n'];
    let csv = 'ts,v' + ends[0], jsonl = '{"t":"header-less"}' + ends[0];
    for (let k = 1; k < ends.length; k++) {
      csv += `${at(k)},${k}` + ends[k];
      jsonl += `{"t":"${at(k)}","v":${k}}` + ends[k];
    }
    const c = await read(temp('m.csv', csv), { timestamp: 'ts', value: 'v' }, { origins: true });
    const j = await read(temp('m.jsonl', jsonl), { timestamp: 't', value: 'v' }, { origins: true });
    assert.deepEqual(lines(c), [2, 3, 4, 6, 8, 10]);
    assert.deepEqual(lines(j).slice(0), [2, 3, 4, 6, 8, 10]);
    assert.deepEqual(issues(j), [[1, 'unparseable timestamp `header-less` (expected ISO-8601 such as 2026-08-03T12:00:00Z)']]);
    assert.equal(c.issueCount, 0);
  });

  /** A file whose first data record ends with CRLF exactly across the 1 MiB chunk boundary (or a lone CR there). */
  function boundaryFile(kind: 'csv' | 'jsonl', lone: boolean): string {
    const head = kind === 'csv' ? 'ts,v,pad\n' : '';
    const open = kind === 'csv' ? `${at(0)},0,` : `{"t":"${at(0)}","v":0,"pad":"`;
    const close = kind === 'csv' ? '' : '"}';
    const pad = 'x'.repeat(MiB - 1 - head.length - open.length - close.length);
    const first = head + open + pad + close + '\r'; // the CR is the last byte of the first chunk
    assert.equal(Buffer.byteLength(first), MiB);
    const row = (k: number) => (kind === 'csv' ? `${at(k)},${k},p` : `{"t":"${at(k)}","v":${k},"pad":"p"}`);
    return first + (lone ? '' : '\n') + row(1) + '\r\n' + row(2) + '\n';
  }

  for (const kind of ['csv', 'jsonl'] as const) {
    test(`${kind}: a CRLF split across the 1 MiB chunk boundary counts once; a lone CR there counts once too`, async () => {
      const s = kind === 'csv' ? { timestamp: 'ts', value: 'v' } : { timestamp: 't', value: 'v' };
      const first = kind === 'csv' ? 2 : 1;
      for (const lone of [false, true]) {
        const d = await read(temp(`b.${kind}`, boundaryFile(kind, lone)), s, { origins: true });
        assert.deepEqual([d.rows, d.issueCount], [3, 0], `${kind} lone=${lone}`);
        assert.deepEqual(lines(d), [first, first + 1, first + 2], `${kind} lone=${lone}`);
        assert.deepEqual([...d.values!], [0, 1, 2]);
      }
    });
  }
});

// ------------------------------------------------------------------------------------- item 7

describe('event logs (`timestamp` alone) and `filter` (spec §4)', () => {
  const log = [
    'ts,route,status',
    '2026-03-01T00:00:05Z,/v1/score,200', // line 2
    '2026-03-01T00:00:10Z,/health,200',
    '2026-03-01T00:00:20Z,/v1/score,503',
    'not-a-time,/health,200', //              line 5: filtered out before its timestamp is read
    'not-a-time,/v1/score,200', //            line 6: a data issue
    '2026-03-01T00:01:30Z,/v1/score,200',
    '2026-03-01T00:02:59Z,/health,200',
    '2026-03-01T00:02:59.999Z,/v1/score,200', // line 9
  ].join('\n') + '\n';

  test('an event log is one event per row; a filter keeps the matching rows and counts the rest', async () => {
    const path = temp('log.csv', log);
    const all = await read(path, { timestamp: 'ts' });
    assert.deepEqual([all.rows, all.filtered, all.issueCount], [6, 0, 2]);
    assert.equal(all.values, undefined);
    const d = await read(path, { timestamp: 'ts', filter: 'route == "/v1/score"' }, { origins: true });
    assert.deepEqual([d.rows, d.filtered, d.issueCount], [4, 3, 1]);
    assert.deepEqual(lines(d), [2, 4, 7, 9]);
    assert.deepEqual(issues(d), [[6, 'unparseable timestamp `not-a-time` (expected ISO-8601 such as 2026-08-03T12:00:00Z)']]);
    // Every row is accounted for: rows + filtered + skipped.
    assert.equal(d.rows + d.filtered! + d.skipped, 8);
    // With other forms too: a filtered `good` metric.
    const g = await read(path, { timestamp: 'ts', good: 'status < 500', filter: 'route != "/health"' });
    assert.deepEqual([g.rows, g.filtered, [...g.good!]], [4, 3, [1, 0, 1, 1]]);
  });

  test('a filter field that is not a number where the literal is one, or missing, is a data issue', async () => {
    const csv = 'ts,code\n2026-03-01T00:00:00Z,200\n2026-03-01T00:00:01Z,OK\n2026-03-01T00:00:02Z,\n2026-03-01T00:00:03Z,503\n';
    const d = await read(temp('f.csv', csv), { timestamp: 'ts', filter: 'code >= 500' });
    assert.deepEqual([d.rows, d.filtered], [1, 1]);
    assert.deepEqual(issues(d), [
      [3, '`OK` in `code` (filter: code >= 500) is not a number'],
      [4, 'empty `code` (filter: code >= 500), expected a number'],
    ]);
    const jsonl = [
      '{"t":"2026-03-01T00:00:00Z","route":"/a"}',
      '{"t":"2026-03-01T00:00:01Z","route":7}',
      '{"t":"2026-03-01T00:00:02Z"}',
      '{"t":"2026-03-01T00:00:03Z","route":"/b"}',
    ].join('\n');
    const big = await read(temp('f.csv', 'ts,s\n2026-03-01T00:00:00Z,-1e309\n'), { timestamp: 'ts', filter: 's < 500' });
    assert.deepEqual(issues(big), [[2, '`-1e309` in `s` (filter: s < 500) is out of range (a number beyond ±1.8e308, too large for a double)']]);
    const j = await read(temp('f.jsonl', jsonl), { timestamp: 't', filter: 'route == "/a"' });
    assert.deepEqual([j.rows, j.filtered, j.filterError], [1, 1, undefined]);
    assert.deepEqual(issues(j), [
      [2, '`route` (filter: route == "/a") is a number, expected a string'],
      [3, 'missing `route`'],
    ]);
  });

  test('a filter that cannot be applied leaves no rows and says why; its column is a missing column', async () => {
    const path = temp('log.csv', log);
    const absent = await read(path, { timestamp: 'ts', filter: 'path == "/v1/score"' });
    assert.deepEqual([absent.rows, absent.missingColumns, absent.filterError], [0, ['path'], 'its column `path` is not in the file']);
    const malformed = await read(path, { timestamp: 'ts', filter: 'route = "/v1/score"', dataset: 'route' });
    assert.deepEqual([malformed.rows, malformed.filterError, malformed.datasets, malformed.timestamps.length], [0, '`=` is not an operator; use `==`', [], 0]);
    const j = await read(temp('n.jsonl', '{"t":"2026-03-01T00:00:00Z","r":"/a"}\n'), { timestamp: 't', filter: 'route == "/a"' });
    assert.deepEqual([j.rows, j.missingColumns, j.filterError], [0, ['route'], 'its column `route` is not in the file']);
    const r = evaluateInterval({ indicator: 'throughput', target: '>= 1rpm', window: { rolling: '1d' } }, absent, { start: Date.UTC(2026, 2, 1), end: Date.UTC(2026, 2, 2) });
    assert.deepEqual([r.status, r.reason, r.problem], ['no-data', 'invalid', "the metric's `filter` cannot be used: its column `path` is not in the file"]);
  });

  test('end to end through buildReport: throughput counts the filtered rows per slice; availability and latency on an event log are invalid', async () => {
    const text = sla(
      '  score: { file: log.csv, timestamp: ts, filter: "route == \\"/v1/score\\"" }',
      [
        '  - { id: rate, indicator: throughput, metric: score, statistic: min, slice: 1m, target: ">= 1rpm", window: { rolling: 3m } }',
        '  - { id: up, indicator: availability, metric: score, method: request-based, target: ">= 99%", window: { rolling: 3m } }',
        '  - { id: p50, indicator: latency, metric: score, percentile: p50, percentileMethod: nearest-rank, target: "<= 300ms", window: { rolling: 3m } }',
      ].join('\n'),
    );
    const doc = parseSlaFile('file:///x.sla.yaml', 1, text).docs[0].value as Record<string, any>;
    const data = await readMetric(temp('log.csv', log), doc.metrics.score, {});
    const report = buildReport(doc, { file: 'x.sla.yaml', metrics: { score: { ok: true, data } as MetricInput } });
    assert.equal(report.asOf, '2026-03-01T00:03:00.000Z');
    const [rate, up, p50] = report.objectives.map((o) => o.windows[0]);
    // Slices [0:00, 0:01), [0:01, 0:02), [0:02, 0:03): 2, 1 and 1 requests of /v1/score.
    assert.deepEqual([rate.value, rate.unit, rate.observations, rate.status, rate.slices], [1, 'rpm', 4, 'met', { total: 3, withData: 3, good: 3, counted: 3 }]);
    assert.deepEqual([up.status, up.problem], ['no-data', 'availability needs a metric with `good`, or `total` and `goodCount`; this one is an event log (`timestamp` alone): it counts events, but says nothing of which are good']);
    assert.deepEqual([p50.status, p50.problem], ['no-data', 'the metric has no `value` column']);
    assert.deepEqual(report.filteredRows, { score: 3 });
    assert.deepEqual(report.dataIssueCounts, { score: 1 });
  });

  test('validation: an event log and a filter are accepted; a malformed filter is SLA002 at its value', () => {
    const v = (to: string) => VALID_SLA.replace('    good: "status < 500"\n', to);
    // An event log: no SLA002 (the availability objective on it gets SLA104 instead).
    assert.deepEqual(diagnose(v('')).map((d) => d.code), ['SLA104']);
    assert.deepEqual(diagnose(v('    good: "status < 500"\n    filter: "route == \\"/v1/score\\""\n')), []);
    const text = v('    good: "status < 500"\n    filter: "route < abc"\n');
    const found = diagnose(text).filter((d) => d.code === 'SLA002');
    const line = text.split('\n').findIndex((l) => l.includes('filter:'));
    assert.deepEqual(found.map((d) => [brief(d), d.message]), [[`SLA002@${line}:12-${line}:25`, '`filter` in `metrics.requests`: `abc` is not a literal: use a number, a quoted string ("abc"), true, false or null']]);
    const shape = diagnose(v('    good: "status < 500"\n    filter: "route = 5"\n')).filter((d) => d.code === 'SLA002');
    assert.deepEqual(shape.map((d) => d.message), ['`filter` in `metrics.requests`: `=` is not an operator; use `==`']);
    // The same for `good`, whose shape the schema's pattern alone let through.
    assert.deepEqual(diagnose(v('    good: "status < abc"\n')).map((d) => d.message), ['`good` in `metrics.requests`: `abc` is not a literal: use a number, a quoted string ("abc"), true, false or null']);
  });

  test('completion and hover explain `filter` (from the schema)', () => {
    const c = withCursor(VALID_SLA.replace('    good: "status < 500"\n', '    good: "status < 500"\n    §\n'));
    const item = service.complete(c.document, c.position).items.find((i) => i.label === 'filter');
    assert.match(String((item?.documentation as { value: string } | undefined)?.value), /^Keeps only the matching rows: `"<field> <op> <literal>"`, the grammar of `good`/);
    const h = withCursor(VALID_SLA.replace('    good: "status < 500"\n', '    good: "status < 500"\n    fil§ter: \'route == "/a"\'\n'));
    assert.match(JSON.stringify(service.hover(h.document, h.position)), /counts them in `filteredRows`/);
  });

  test('the linter: a filter column absent from the file is SLA115 on the `filter` line', async () => {
    const ws = join(tmp, `ws-${++counter}`);
    mkdirSync(join(ws, 'metrics'), { recursive: true });
    writeFileSync(join(ws, 'metrics', 'latency.csv'), 'ts,latency_ms\n2026-08-03T00:00:00Z,120\n');
    writeFileSync(join(ws, 'metrics', 'requests.jsonl'), '{"time":"2026-08-03T00:00:00Z","status":200}\n');
    const text = VALID_SLA.replace('    good: "status < 500"\n', '    good: "status < 500"\n    filter: "route == \\"/v1/score\\""\n');
    const service = getLanguageService({ metrics: new NodeMetricAccess(() => [ws]) });
    const document = { uri: pathToFileURL(join(ws, 'x.sla.yaml')).href, version: 1, getText: () => text };
    await service.lintData(document);
    const found = service.validate(document).filter((d) => d.code === 'SLA115');
    assert.deepEqual(found.map((d) => [d.range.start.line, d.message]), [[text.split('\n').findIndex((l) => l.includes('filter:')), 'metric `requests`: column `route` is not in `metrics/requests.jsonl`; `availability` cannot be checked.']]);
  });
});

// ------------------------------------------------------------------------------------ item 15

describe('a header that cannot be read refuses the file (the next row must not become the header)', () => {
  test('a header line over 16 MiB: refused as soon as it passes 16 MiB, not replaced by the next row', async () => {
    const text = 'ts,' + 'c'.repeat(17 * MiB) + '\n2026-03-01T00:00:00Z,1\n';
    const path = temp('wide.csv', text);
    let most = 0;
    const e = await fileError(read(path, { timestamp: 'ts', value: 'v' }, { onProgress: (bytes) => { most = Math.max(most, bytes); } }));
    assert.equal(e.reason, 'columns');
    assert.equal(e.message, 'the header line is longer than 16 MiB; without it no column can be found');
    assert.equal(most, 16 * MiB, 'the rest of the header is not scanned');
  });

  test('a malformed header and an unterminated quote in the header', async () => {
    let e = await fileError(read(temp('q.csv', '"ts"x,v\n2026-03-01T00:00:00Z,1\n'), { timestamp: 'ts', value: 'v' }));
    assert.equal(e.message, 'the header row (line 1) cannot be read: unexpected character after a closing quote (a quote inside a quoted field must be doubled); without it no column can be found');
    e = await fileError(read(temp('u.csv', '\n"ts,v\n2026-03-01T00:00:00Z,1\n'), { timestamp: 'ts', value: 'v' }));
    assert.equal(e.message, 'the header row (line 2) cannot be read: unterminated quoted field: the quote is never closed, so the rest of the file belongs to this record; without it no column can be found');
  });

  test('the scanner alone: the header problem is reported once and no record follows', () => {
    const p = parseCsvText('"a"b,c\n1,2\n3,4\n');
    assert.deepEqual([p.header, p.rows, p.issues], [undefined, [], [{ line: 1, problem: 'the header row (line 1) cannot be read: unexpected character after a closing quote (a quote inside a quoted field must be doubled)' }]]);
  });
});

// ------------------------------------------------------------------------------------ item 19

describe('numbers beyond a double are out of range, not "non-numeric"', () => {
  const why = '(a number beyond ±1.8e308, too large for a double)';
  test('CSV and JSON value cells', async () => {
    const csv = await read(temp('o.csv', 'ts,v\n2026-03-01T00:00:00Z,1e309\n2026-03-01T00:00:01Z,-1e309\n2026-03-01T00:00:02Z,1e308\n2026-03-01T00:00:03Z,1e30x\n'), { timestamp: 'ts', value: 'v' });
    assert.deepEqual(issues(csv), [
      [2, `out-of-range value \`1e309\` in \`v\` ${why}`],
      [3, `out-of-range value \`-1e309\` in \`v\` ${why}`],
      [5, 'non-numeric value `1e30x` in `v`'],
    ]);
    assert.deepEqual([...csv.values!], [1e308]);
    const jsonl = await read(temp('o.jsonl', '{"t":"2026-03-01T00:00:00Z","v":1e309}\n{"t":"2026-03-01T00:00:01Z","v":-1e309}\n'), { timestamp: 't', value: 'v' });
    assert.deepEqual(issues(jsonl), [[1, `out-of-range value \`1e309\` in \`v\` ${why}`], [2, `out-of-range value \`-1e309\` in \`v\` ${why}`]]);
  });

  test('good fields, in both formats alike', async () => {
    const csv = await read(temp('g.csv', 'ts,s\n2026-03-01T00:00:00Z,1e309\n2026-03-01T00:00:01Z,200\n'), { timestamp: 'ts', good: 's < 500' });
    const jsonl = await read(temp('g.jsonl', '{"t":"2026-03-01T00:00:00Z","s":1e309}\n{"t":"2026-03-01T00:00:01Z","s":200}\n'), { timestamp: 't', good: 's < 500' });
    for (const d of [csv, jsonl]) {
      assert.deepEqual(issues(d), [[d === csv ? 2 : 1, `\`1e309\` in \`s\` (good: s < 500) is out of range ${why}`]]);
      assert.deepEqual([...d.good!], [1]);
    }
  });

  test("the SLA's own quantities say the same", () => {
    assert.deepEqual(parseTarget('<= 1e309ms'), { ok: false, message: '`1e309ms` is out of range (a number beyond ±1.8e308, too large for a double)' });
    assert.deepEqual(parseTarget('>= -1e309'), { ok: false, message: '`-1e309` is out of range (a number beyond ±1.8e308, too large for a double)' });
  });
});
