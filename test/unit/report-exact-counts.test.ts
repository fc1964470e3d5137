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
import { readMetric } from '../../server/src/engine/metrics/readMetric';
import type { MetricSourceSpec } from '../../server/src/engine/metrics/types';
import { evaluateInterval } from '../../server/src/engine/evaluate';
import { metric, ms, DAY } from './engine-support';

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
