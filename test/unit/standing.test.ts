/**
 * Where an objective stands (service/standing.ts, the Model SLA view): the latest window's status
 * (`met-so-far` when it is partial), the description with value, target and the error budget left,
 * the last windows newest first; without reports every objective is listed as `unknown` with why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectiveStanding, standingSlas, breachedCount } from '../../server/src/service/standing';
import { parseSlaFile } from '../../server/src/service/parse';
import type { ObjectiveReport, WindowReport } from '../../server/src/engine/report';

const window = (label: string, value: number | null, status: WindowReport['status'], partial = false, remaining?: number): WindowReport =>
  ({ start: '', end: '', label, partial, value, unit: value === null ? '' : '%', observations: 10, excluded: 0, status, ...(remaining !== undefined ? { errorBudget: { remaining, burnRate: 1, consumed: 0, elapsed: 1 } } : {}) }) as unknown as WindowReport;

test('a partial window met so far, with the budget left; a breached one overspent; no data says where', () => {
  const report = (windows: WindowReport[], status: ObjectiveReport['status']): ObjectiveReport => ({ id: 'availability', indicator: 'availability', target: '>= 99.9%', status, windows }) as ObjectiveReport;
  const soFar = objectiveStanding({ id: 'availability' }, report([window('2026-09', 99.95, 'met'), window('2026-10', 99.99, 'met', true, 0.764)], 'met'), 4);
  assert.equal(soFar.status, 'met-so-far');
  assert.equal(soFar.description, '99.99 % ≥ 99.9 % · budget 76 % left · so far');
  assert.deepEqual(soFar.recent.map((w) => w.label), ['2026-10', '2026-09']);
  assert.equal(soFar.window, '2026-10');
  const breached = objectiveStanding({ id: 'availability' }, report([window('2026-10', 99.5, 'breached', false, -4)], 'breached'), 4);
  assert.equal(breached.status, 'breached');
  // A breached value against the bound it failed, as a true statement: 99.5 % < 99.9 %.
  assert.equal(breached.description, '99.5 % < 99.9 % · budget overspent by 400 %');
  const slices = objectiveStanding({ id: 's', percentile: 'p99', budgeting: 'timeslices' }, { ...report([window('2026-10', 99.7, 'met')], 'met'), target: '<= 400ms', sliceTarget: '>= 99%' } as ObjectiveReport, 4);
  assert.equal(slices.description, 'slices with p99 ≤ 400 ms: 99.7 % ≥ 99 %');
  const none = objectiveStanding({ id: 'availability' }, report([window('2026-10', null, 'no-data')], 'no-data'), 4);
  assert.equal(none.status, 'no-data');
  assert.equal(none.description, 'no data in 2026-10');
});

test('without reports (untrusted, or a file with errors) the SLAs and objectives are listed as unknown, at their lines', () => {
  const file = parseSlaFile('file:///x.sla.yaml', 1, 'apiVersion: modelsla/v1\nkind: SLA\nmetadata: { name: a }\nobjectives:\n  - id: one\n    indicator: latency\n  - id: two\n    indicator: accuracy\n');
  const slas = standingSlas(file, undefined);
  assert.equal(slas[0].name, 'a');
  assert.deepEqual(slas[0].objectives.map((o) => [o.id, o.status, o.line]), [['one', 'unknown', 4], ['two', 'unknown', 6]]);
  assert.match(slas[0].objectives[0].description, /trusted/);
  assert.equal(breachedCount(slas), 0);
  assert.match(standingSlas(file, undefined, '2 errors to fix first')[0].objectives[0].description, /2 errors to fix first/);
});

test('a rolling window is named for people in the SLA\'s zone; its §9 label stays the one explain takes', () => {
  const rolling = { ...window('2026-09-17T23:57:19.001Z/2026-10-15T23:57:19.001Z', 99.95, 'met'), start: '2026-09-17T23:57:19.001Z', end: '2026-10-15T23:57:19.001Z' } as WindowReport;
  const r = objectiveStanding({ id: 'a' }, { id: 'a', indicator: 'availability', target: '>= 99.9%', status: 'met', windows: [rolling] } as ObjectiveReport, 4, 'Europe/Berlin');
  assert.deepEqual(r.recent.map((w) => w.label), ['28 days to 16 Oct 01:57 Europe/Berlin']);
  assert.equal(r.window, '2026-09-17T23:57:19.001Z/2026-10-15T23:57:19.001Z');
});

test('a provisional latest window (labels still arriving, spec §12): status provisional, the date it becomes final', () => {
  const w = { ...window('2026-10', 0.79, 'breached'), provisional: true, provisionalUntil: '2026-11-15T00:00:00.000Z' } as WindowReport;
  const r = objectiveStanding({ id: 'f1' }, { id: 'f1', indicator: 'accuracy', target: '>= 0.8', status: 'breached', windows: [w] } as ObjectiveReport, 4);
  assert.equal(r.status, 'provisional');
  assert.match(r.description, /· provisional until 2026-11-15$/);
});
