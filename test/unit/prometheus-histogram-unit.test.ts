// A histogram metric without `unit` (spec §10: `unit` is the unit of the `le` boundaries): its
// boundaries are read in the target's unit, so `le="0.3"` (seconds, Prometheus's base unit) is
// 0.3 ms against a "<= 300ms" threshold. SLA118 must not offer "<= 0.3ms" — a fix that silently makes
// the contract a thousand times stricter — but say that the unit is missing and offer `unit: s`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogramBoundaryFindings } from '../../server/src/service/lint/histogramBoundaries';

const buckets = { bounds: [0.1, 0.3, Infinity], texts: ['0.1', '0.3', '+Inf'], counts: [] };

test('a histogram without unit whose boundary the threshold is in seconds: SLA118 offers `unit: s`, not "<= 0.3ms"', () => {
  const findings = histogramBoundaryFindings([{ id: 'fast', indicator: 'latency', metric: 'lat', threshold: '<= 300ms', target: '>= 99%' }], 'lat', 'lat{job="api"}', undefined, buckets);
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /no `unit`/);
  assert.match(findings[0].message, /unit: s/);
  const fixes = findings[0].fixes ?? [];
  assert.ok(!fixes.some((f) => JSON.stringify(f).includes('0.3ms')), JSON.stringify(fixes));
  assert.deepEqual(fixes.map((f) => [f.kind, (f as { key?: string }).key, (f as { value?: string }).value]), [['setKey', 'unit', 's']]);
});

test('with `unit: s` the same threshold is a boundary (no finding); a unit-less threshold in the target\'s unit still works', () => {
  assert.equal(histogramBoundaryFindings([{ id: 'fast', indicator: 'latency', metric: 'lat', threshold: '<= 300ms', target: '>= 99%' }], 'lat', 'lat', 's', buckets).length, 0);
  assert.equal(histogramBoundaryFindings([{ id: 'fast', indicator: 'latency', metric: 'lat', threshold: '<= 0.3s', target: '>= 99%' }], 'lat', 'lat', undefined, buckets).length, 0);
});
