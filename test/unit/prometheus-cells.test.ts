/**
 * The pure parts of increases per cell: the evaluation's edges (engine/sources/evaluationEdges.ts)
 * and the cell arithmetic (engine/prometheus/cells.ts). The end-to-end equality with one row per
 * sample is test/prometheus/cells.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluationEdges, MAX_EDGES } from '../../server/src/engine/sources/evaluationEdges';
import { cellGrid, queryRuns } from '../../server/src/engine/prometheus/cells';

const iso = (t: number) => new Date(t).toISOString();
const sla = (objectives: string[], period = '{ start: 2026-10-24, end: 2026-10-26, timezone: Europe/Berlin }') => ({
  period: Object.fromEntries(period.slice(2, -2).split(', ').map((kv) => kv.split(': '))),
  objectives: objectives.map((o) => JSON.parse(o)),
});

test('calendar days in a DST zone: local midnights (the 25-hour day included), the period ends and asOf', () => {
  const plan = evaluationEdges(sla(['{"metric": "m", "window": {"calendar": "day"}}']), 'm');
  const asOf = Date.parse('2026-10-26T12:00:00.001Z');
  const edges = [...plan.edges(asOf, { from: Date.parse('2026-10-23T22:00:00Z'), to: Date.parse('2026-10-26T23:00:00Z') })!].map(iso);
  assert.deepEqual(edges, ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', '2026-10-26T12:00:00.001Z']);
  assert.equal(plan.defaultAsOf(Date.parse('2026-10-26T12:00:00Z')), asOf);
  // Never past the period's end (the report's rule).
  assert.equal(plan.defaultAsOf(Date.parse('2026-10-27T05:00:00Z')), Date.parse('2026-10-26T23:00:00Z'));
});

test('only the objectives of the metric count; exclusions and slice grids are edges', () => {
  const s = sla([
    '{"metric": "m", "window": {"calendar": "day"}, "indicator": "throughput", "slice": "6h", "exclusions": [{"from": "2026-10-24T13:07:30.500+02:00", "to": "2026-10-24T15:00:00+02:00"}]}',
    '{"metric": "other", "window": {"calendar": "day"}, "indicator": "throughput", "slice": "1m"}',
  ]);
  const from = Date.parse('2026-10-23T22:00:00Z');
  const edges = [...evaluationEdges(s, 'm').edges(Date.parse('2026-10-25T00:00:00Z'), { from, to: Date.parse('2026-10-25T00:00:00Z') })!].map(iso);
  assert.deepEqual(edges, ['2026-10-24T04:00:00.000Z', '2026-10-24T10:00:00.000Z', '2026-10-24T11:07:30.500Z', '2026-10-24T13:00:00.000Z', '2026-10-24T16:00:00.000Z', '2026-10-24T22:00:00.000Z']);
});

test('rolling windows: the window at asOf and the preview\'s points a whole day apart, one grid when the slice divides a day', () => {
  const asOf = Date.parse('2026-10-26T10:00:00.001Z');
  const range = { from: Date.parse('2026-10-23T22:00:00Z'), to: Date.parse('2026-10-26T23:00:00Z') };
  const edges = evaluationEdges(sla(['{"metric": "m", "window": {"rolling": "1d"}}']), 'm').edges(asOf, range)!;
  for (const k of [0, 1, 2]) assert.ok(edges.includes(asOf - k * 86_400_000), `asOf − ${k}d`);
  const sliced = evaluationEdges(sla(['{"metric": "m", "window": {"rolling": "1d"}, "budgeting": "timeslices", "slice": "1h"}']), 'm').edges(asOf, range)!;
  // One hourly grid (aligned to asOf − 1d, i.e. at :00:00.001) over the whole span, each instant once.
  assert.equal(new Set(sliced).size, sliced.length);
  assert.ok(sliced.includes(Date.parse('2026-10-24T05:00:00.001Z')));
  assert.ok(sliced.length < 100, String(sliced.length));
});

test('too many edges: no plan for the read (the source keeps one row per sample)', () => {
  const plan = evaluationEdges(sla(['{"metric": "m", "window": {"calendar": "year"}, "indicator": "throughput", "slice": "1ms"}'], '{ start: 2026-01-01, end: 2026-12-31, timezone: UTC }'), 'm');
  assert.equal(plan.edges(Date.parse('2026-06-01T00:00:00Z'), { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-06-01T00:00:00Z') }), undefined);
  assert.ok(MAX_EDGES >= 1_000_000);
});

test('the plan\'s key changes with what cuts time, not with targets', () => {
  const base = '{"metric": "m", "window": {"calendar": "day"}, "target": ">= 99%"}';
  const key = (o: string) => evaluationEdges(sla([o]), 'm').key;
  assert.equal(key(base), key(base.replace('99%', '98%')));
  assert.notEqual(key(base), key(base.replace('"day"', '"month"')));
});

test('cells: the instant of a sample picks its cell (half-open); query runs group equally spaced ends', () => {
  const grid = cellGrid(0, 100, [10, 20, 30, 45], [20, 60]);
  assert.deepEqual([...grid.bounds], [0, 10, 20, 30, 45, 60, 100]);
  assert.deepEqual([0, 9, 10, 44, 45, 99, 100, -1].map((t) => grid.cellOf(t)), [0, 0, 1, 3, 4, 5, 6, -1]);
  const runs = queryRuns([0, 1, 2, 3, 4, 5], (k) => grid.end(k) - 1, (k) => Math.min(grid.end(k) - grid.start(k), 15));
  assert.deepEqual(runs.map((r) => [r.first, r.count, r.step, r.range]), [[9, 3, 10, 10], [44, 2, 15, 15], [99, 1, 0, 15]]);
  // A run holds at most maxPoints instants (Prometheus's 11,000 points per series).
  assert.deepEqual(queryRuns([0, 1, 2], (k) => k * 10, () => 5, 2).map((r) => r.count), [2, 1]);
});

test('query runs: edges a day apart interleaved with the days\' midnights are two runs, not one request each', () => {
  const DAY = 86_400_000;
  // Cell ends: each midnight, and 15 s before each (a rolling window's ends), over ten days.
  const ends: number[] = [];
  for (let d = 1; d <= 10; d++) ends.push(d * DAY - 15_000, d * DAY);
  const runs = queryRuns(ends.map((_, k) => k), (k) => ends[k] - 1, () => 3_600_000);
  assert.deepEqual(runs.map((r) => [r.count, r.step]), [[10, DAY], [10, DAY]]);
});
