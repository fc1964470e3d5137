/**
 * Counts beyond double precision (spec §8: the JSON does not round): a `total` or `goodCount` above
 * 2^53 − 1 has no exact double (9007199254740993 would be stored as …992), so the row is a data
 * issue and is not counted; a window whose counts add up beyond 2^53 − 1 is refused (no-data with
 * the reason), never a silently rounded ratio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetric } from '../../server/src/io/sources/fileSource';
import type { MetricSourceSpec } from '../../server/src/engine/metrics/types';
import { evaluateInterval } from '../../server/src/engine/evaluate';
import { metric, ms, DAY } from './engine-support';
import { buildReport } from '../../server/src/engine/report';
import { renderText } from '../../server/src/engine/render/text';
import { formatWindowValue } from '../../client/src/preview/webview/model';

test('a count above 2^53 − 1 is a data issue with its line; 2^53 − 1 itself is read exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exact-counts-'));
  try {
    const path = join(dir, 'r.csv');
    writeFileSync(path, 'ts,total,ok\n2026-03-01T00:00:00Z,9007199254740991,9007199254740991\n2026-03-01T00:01:00Z,9007199254740993,1\n2026-03-01T00:02:00Z,10,99999999999999999999\n');
    const spec: MetricSourceSpec = { file: 'r.csv', timestamp: 'ts', total: 'total', goodCount: 'ok' };
    const d = await readMetric(path, spec, {});
    assert.equal(d.rows, 1);
    assert.equal(d.totals![0], 9007199254740991);
    assert.deepEqual(d.issues.map((i) => [i.line, i.problem]), [
      [3, 'count `9007199254740993` in `total` is beyond 9007199254740991 (2^53 − 1), the largest count the report keeps exact'],
      [4, 'count `99999999999999999999` in `ok` is beyond 9007199254740991 (2^53 − 1), the largest count the report keeps exact'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a window whose counts add up beyond 2^53 − 1: no-data with the reason, not a rounded ratio', () => {
  const big = Number.MAX_SAFE_INTEGER - 1; // even: exact
  const d = metric({ t: ['2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z'], totals: [big, 4], goodCounts: [big, 3] });
  const o = { id: 'a', indicator: 'availability', metric: 'r', method: 'request-based', target: '>= 99.9%' };
  const r = evaluateInterval(o, d, { start: ms('2026-03-01T00:00:00Z'), end: ms('2026-03-01T00:00:00Z') + DAY });
  assert.equal(r.status, 'no-data');
  assert.equal(r.reason, 'invalid');
  assert.match(r.problem ?? '', /beyond 9007199254740991 \(2\^53 − 1\): the tool does not round counts/);
  // One row less: exact, met.
  const one = evaluateInterval(o, metric({ t: ['2026-03-01T00:00:00Z'], totals: [big], goodCounts: [big] }), { start: ms('2026-03-01T00:00:00Z'), end: ms('2026-03-01T00:00:00Z') + DAY });
  assert.deepEqual([one.value, one.status, one.observations], [100, 'met', big]);
});

test('a value with more than 15 significant digits: the JSON and the views show its exact decimal, not the target', () => {
  const text = '300.0000000000000000001';
  const d = metric({ t: ['2026-03-02T00:00:00Z'], values: [Number(text)], unit: 'ms', valueTexts: new Map([[0, text]]) });
  assert.equal(d.values![0], 300); // the double cannot tell it from the target
  const sla = {
    apiVersion: 'modelsla/v1', kind: 'SLA', metadata: { name: 'l' }, model: 'm', scope: 'internal',
    period: { start: '2026-03-01', end: '2026-03-31', timezone: 'UTC' },
    metrics: { lat: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' } },
    objectives: [{ id: 'p50', indicator: 'latency', metric: 'lat', percentile: 'p50', percentileMethod: 'nearest-rank', target: '<= 300ms', window: { calendar: 'month' } }],
  };
  const r = buildReport(sla, { file: 'a.sla.yaml', metrics: { lat: { ok: true, data: d } } });
  const [w] = r.objectives[0].windows;
  assert.deepEqual([w.value, w.valueText, w.status], [300, text, 'breached']);
  assert.deepEqual(r.breaches, [{ objective: 'p50', window: '2026-03', value: `${text}ms` }]);
  assert.match(renderText([r]), /2026-03 {2}300\.0000000000000000001ms {2}breached/);
  // A value a double holds exactly has no valueText (the JSON stays as it was).
  const plain = buildReport(sla, { file: 'a.sla.yaml', metrics: { lat: { ok: true, data: metric({ t: ['2026-03-02T00:00:00Z'], values: [301], unit: 'ms' }) } } });
  assert.equal(plain.objectives[0].windows[0].valueText, undefined);
  assert.equal(plain.breaches[0].value, '301ms');
  assert.equal(formatWindowValue({ value: 300, valueText: text, unit: 'ms', status: 'breached' }, '<= 300ms'), `${text}ms`);
});
