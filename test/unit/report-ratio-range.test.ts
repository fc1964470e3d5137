/**
 * Accuracy values outside their measure's range (engine/ratioRange.ts): an f1 of 85 read against
 * `>= 0.82` (a metric without `unit` is in the target's unit, spec §9) is a percentage in the wrong
 * place — one data issue, not evaluated — while against `>= 82%` a value of 1.2 is a legitimate
 * (poor) f1 of 1.2 %: no data issue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../server/src/engine/report';
import { ratioOutOfRange } from '../../server/src/engine/ratioRange';
import { metric } from './engine-support';

const runs = () => metric({ t: ['2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', '2026-03-16T00:00:00Z', '2026-03-23T00:00:00Z'], values: [85, 1.2, 0.9, 0.95], samples: [6000, 6000, 6000, 6000] });

const sla = (target: string, unit?: string) => ({
  apiVersion: 'modelsla/v1', kind: 'SLA', metadata: { name: 'f' }, model: 'm', scope: 'internal',
  period: { start: '2026-03-01', end: '2026-03-31', timezone: 'UTC' },
  metrics: { eval: { file: 'e.csv', timestamp: 'ts', value: 'f1', samples: 'n', ...(unit ? { unit } : {}) } },
  objectives: [{ id: 'f1-weekly', indicator: 'accuracy', metric: 'eval', measure: 'f1', target, window: { calendar: 'month' },
    evaluation: { cadence: 'weekly', minSamples: 5000, aggregate: 'every' } }],
});

test('a percentage target: an f1 of 1.2 is 1.2 %, not a data issue; the verdict counts every run', () => {
  const r = buildReport(sla('>= 82%'), { file: 'a.sla.yaml', metrics: { eval: { ok: true, data: runs() } } });
  assert.deepEqual(r.dataIssues, []);
  const [w] = r.objectives[0].windows;
  assert.deepEqual([w.value, w.status], [0.9, 'breached']);
});

test('a bare-ratio target: values above 1 are one data issue and are not evaluated (no 85 "meeting" 0.82)', () => {
  const r = buildReport(sla('>= 0.82'), { file: 'a.sla.yaml', metrics: { eval: { ok: true, data: runs() } } });
  assert.equal(r.dataIssues.length, 1);
  assert.equal(r.dataIssues[0].problem, '2 values of `f1` for `f1-weekly` lie outside [0, 1], the range of f1 read as a plain ratio: the metric has no `unit`, so it is in the unit of the target `>= 0.82` (spec §9); the first at 2026-03-02T00:00:00.000Z is 85. They are not evaluated for `f1-weekly`. Percentages? State `unit: %` on the metric or write the target as a percentage.');
  assert.equal(r.dataIssueCounts.eval, 1);
  const [w] = r.objectives[0].windows;
  // Weeks 1 and 2 have no counted run: gaps, so no-data (honest), not "met" on the strength of 85.
  assert.equal(w.status, 'no-data');
  assert.equal(w.value, 0.9);
  // `unit: %` on the metric: 85 is 85 %, converted; nothing flagged.
  const pct = buildReport(sla('>= 0.82', '%'), { file: 'a.sla.yaml', metrics: { eval: { ok: true, data: runs() } } });
  assert.deepEqual(pct.dataIssues, []);
});

test('error measures and unknown measures have no upper bound; a negative f1 is out of range in % too', () => {
  const data = metric({ t: ['2026-03-02T00:00:00Z'], values: [12.5] });
  assert.equal(ratioOutOfRange({ indicator: 'accuracy', measure: 'rmse', target: '<= 20' }, {}, data), undefined);
  assert.equal(ratioOutOfRange({ indicator: 'accuracy', measure: 'bleu', target: '>= 0.3' }, {}, data), undefined);
  const neg = ratioOutOfRange({ id: 'x', indicator: 'accuracy', measure: 'precision', target: '>= 90%' }, {}, metric({ t: ['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'], values: [-1, 95] }))!;
  assert.equal(neg.rows, 1);
  assert.equal(neg.data.rows, 1);
  assert.match(neg.message, /^1 value of `precision` for `x` lies outside \[0%, 100%\], the range of precision read as a percentage/);
});
