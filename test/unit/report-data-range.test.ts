/**
 * Rows the SLA can never evaluate are said out loud: epoch timestamps in the wrong unit (200 valid
 * rows in year 58132, every window no-data) give one data issue per metric naming `timestampUnit`
 * (engine/dataRange.ts); one row dated 0001-01-01 or 9999-12-31 no longer builds a million windows —
 * the window cap keeps the latest ones and a data issue names the row's line and the bounding field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../server/src/engine/report';
import { outlyingRows, slaSpan } from '../../server/src/engine/dataRange';
import { MAX_REPORT_WINDOWS, planCalendarWindows } from '../../server/src/engine/windows';
import { renderText } from '../../server/src/engine/render/text';
import type { MetricData } from '../../server/src/engine/metrics/types';
import { metric, ms, DAY } from './engine-support';

const withLines = (d: MetricData, minTimeLine: number, maxTimeLine: number): MetricData => ({ ...d, minTimeLine, maxTimeLine });

const sla = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'modelsla/v1', kind: 'SLA', metadata: { name: 'range' }, model: 'm', scope: 'internal',
  period: { start: '2026-01-01', end: '2026-12-31', timezone: 'UTC' },
  baseline: { from: '2025-11-01', to: '2025-12-15' },
  metrics: { latency: { file: 'l.csv', timestamp: 'ts', timestampUnit: 's', value: 'ms', unit: 'ms' } },
  objectives: [{ id: 'p99', indicator: 'latency', metric: 'latency', percentile: 'p99', percentileMethod: 'nearest-rank', target: '<= 300ms', window: { calendar: 'month' } }],
  ...extra,
});

/** 200 rows of 2026-03-01 + i minutes whose epoch milliseconds were read as seconds (× 1000). */
function msReadAsSeconds(): MetricData {
  const t = Array.from({ length: 200 }, (_, i) => (ms('2026-03-01T00:00:00Z') + i * 60_000) * 1000);
  return withLines(metric({ t, values: t.map(() => 100), unit: 'ms' }), 2, 201);
}

test('milliseconds read as seconds: one data issue naming timestampUnit and the unit that fits', () => {
  const data = msReadAsSeconds();
  assert.equal(new Date(data.minTime).getUTCFullYear(), 58132); // and the latest in 58133
  const r = buildReport(sla(), { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } } });
  // The period ended long before: every window no-data (the default asOf stops at period.end).
  assert.equal(r.asOf, '2027-01-01T00:00:00.000Z');
  assert.ok(r.objectives[0].windows.every((w) => w.status === 'no-data'));
  assert.equal(r.dataIssues.length, 1);
  const [issue] = r.dataIssues;
  assert.deepEqual([issue.metric, issue.line], ['latency', 201]);
  assert.match(issue.problem, /^all 200 rows lie far outside the dates the SLA covers \(its period and baseline, 2025-11-01 to 2027-01-01, give or take a year\): 200 after it, the latest at \+058133-01-24T04:40:00\.000Z \(line 201\)\. They are never evaluated\./);
  assert.match(issue.problem, /read as epoch seconds \(`timestampUnit: s`\); read as milliseconds they would fall from 2026-03-01T00:00:00\.000Z to 2026-03-01T03:19:00\.000Z: is it `timestampUnit: ms`\?$/);
  assert.deepEqual(r.dataIssueCounts, { latency: 1 });
  assert.match(renderText([r]), /latency line 201: all 200 rows lie far outside/);
});

test('seconds read as milliseconds land in January 1970: before the span, line of the earliest row', () => {
  const t = Array.from({ length: 10 }, (_, i) => (ms('2026-03-01T00:00:00Z') + i * 60_000) / 1000);
  const data = withLines(metric({ t, values: t.map(() => 1) }), 2, 11);
  const far = outlyingRows(data, slaSpan({ start: ms('2026-01-01T00:00:00Z') }, undefined), 'ms')!;
  assert.deepEqual([far.before, far.after, far.rows, far.line], [10, 0, 10, 2]);
  assert.match(far.message, /^all 10 rows lie far outside the dates the SLA covers \(its period and baseline, 2026-01-01 to …, give or take a year\): 10 before it, the earliest at 1970-01-21T\S+ \(line 2\)/);
  assert.match(far.message, /is it `timestampUnit: s`\?$/);
});

test('ISO rows: only the far ones count; no period and no baseline: 1971 to 2499 is plausible', () => {
  const data = withLines(metric({ t: ['0001-01-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'], values: [1, 2, 3] }), 7, 9);
  const far = outlyingRows(data, {}, undefined)!;
  assert.deepEqual([far.before, far.after, far.line], [1, 0, 7]);
  assert.match(far.message, /^1 of 3 rows lie far outside any plausible date \(1971 to 2499: the SLA has no period or baseline\): 1 before it, the earliest at 0001-01-01T00:00:00\.000Z \(line 7\)\. They are never evaluated\. Check the dates of these rows \(a mistyped year\?\) and set `period\.start`\.$/);
  // Within a year of the period: outside it (clipped), not far.
  assert.equal(outlyingRows(metric({ t: ['2025-06-01T00:00:00Z'], values: [1] }), slaSpan({ start: ms('2026-01-01T00:00:00Z'), end: ms('2027-01-01T00:00:00Z') }, undefined)), undefined);
  // An open-ended period keeps getting data: years later is not far.
  assert.equal(outlyingRows(metric({ t: ['2031-06-01T00:00:00Z'], values: [1] }), slaSpan({ start: ms('2026-01-01T00:00:00Z') }, { start: ms('2025-11-01T00:00:00Z'), end: ms('2025-12-16T00:00:00Z') })), undefined);
});

test('a row dated 0001-01-01 without period.start: the latest 3,660 day windows, one data issue naming the row', () => {
  const data = withLines(metric({ t: ['0001-01-01T00:00:00Z', '2026-03-01T12:00:00Z', '2026-03-02T12:00:00Z'], values: [1, 100, 200] }), 2, 4);
  const spec = sla({ period: { timezone: 'UTC' }, baseline: undefined, metrics: { latency: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' } } });
  (spec.objectives[0] as { window: unknown }).window = { calendar: 'day' };
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } } });
  const o = r.objectives[0];
  assert.equal(o.windows.length, MAX_REPORT_WINDOWS.day);
  assert.equal(o.windows.at(-1)!.label, '2026-03-02');
  assert.equal(o.windows[0].label, '2016-02-24'); // 3,660 days back from 2026-03-02, inclusive (luxon: minus 3,659 days)
  // Days from 0001-01-01 through 2016-02-23.
  const dropped = (ms('2016-02-24T00:00:00Z') - ms('0001-01-01T00:00:00Z')) / DAY;
  assert.equal(o.windowsDropped, dropped);
  const capIssue = r.dataIssues.find((d) => d.problem.includes('are not reported'))!;
  assert.deepEqual([capIssue.metric, capIssue.line], ['latency', 2]);
  assert.equal(capIssue.problem, `${dropped} earlier day windows of \`p99\` (before 2016-02-24T00:00:00.000Z) are not reported: a report lists at most 3660 day windows per objective, and they start at the earliest row of \`latency\`, 0001-01-01T00:00:00.000Z (line 2): set \`period.start\`; they end at asOf 2026-03-02T12:00:00.001Z, 1 ms after the latest row of \`latency\` (line 4): set \`period.end\` or give an asOf.`);
  // The far row is reported too (no period start, no baseline: before 1971).
  assert.ok(r.dataIssues.some((d) => d.line === 2 && /1 of 3 rows lie far outside/.test(d.problem)));
  assert.equal(r.dataIssueCounts.latency, 2);
  assert.match(renderText([r]), new RegExp(`\\(${dropped} earlier windows not reported \\(over the window cap; see the data issues\\)\\)`));
});

test('a row dated 9999-12-31 with period.start and no period.end: capped at the latest windows, the row named, no RangeError', () => {
  const data = withLines(metric({ t: ['2026-03-01T12:00:00Z', '9999-12-31T00:00:00Z'], values: [100, 100] }), 2, 3);
  const spec = sla({ period: { start: '2026-01-01', timezone: 'UTC' }, baseline: undefined, metrics: { latency: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' } } });
  (spec.objectives[0] as { window: unknown }).window = { calendar: 'day' };
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } } });
  assert.equal(r.asOf, '9999-12-31T00:00:00.001Z');
  const o = r.objectives[0];
  assert.equal(o.windows.length, 3660);
  assert.equal(o.windows.at(-1)!.label, '9999-12-31');
  const capIssue = r.dataIssues.find((d) => d.problem.includes('are not reported'))!;
  assert.equal(capIssue.line, 3);
  assert.match(capIssue.problem, /they end at asOf 9999-12-31T00:00:00\.001Z, 1 ms after the latest row of `latency` \(line 3\): set `period\.end` or give an asOf\.$/);
  // An asOf given that far ahead: the message names it.
  const given = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } }, asOf: ms('9000-01-01T00:00:00Z') });
  assert.match(given.dataIssues.find((d) => d.problem.includes('are not reported'))!.problem, /they end at the asOf given, 9000-01-01T00:00:00\.000Z: give an earlier one or set `period\.end`\.$/);
  // With period.end the row is clipped away and does not move asOf: no cap, no stretch.
  const bounded = buildReport({ ...spec, period: { start: '2026-01-01', end: '2026-03-31', timezone: 'UTC' } }, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } } });
  assert.equal(bounded.asOf, '2026-04-01T00:00:00.000Z');
  assert.equal(bounded.objectives[0].windows.length, 90);
  assert.equal(bounded.objectives[0].windowsDropped, undefined);
  assert.ok(bounded.dataIssues.every((d) => !d.problem.includes('are not reported')));
  assert.ok(bounded.dataIssues.some((d) => d.line === 3 && /far outside/.test(d.problem)));
});

test('planCalendarWindows: the cap per unit keeps the latest windows; counts the dropped ones', () => {
  const asOf = ms('2026-03-02T12:00:00Z');
  for (const [unit, first] of [['week', '2006-W10'],  // luxon: the week of 2026-03-02 minus 1,043 weeks
     ['month', '1926-04'], ['quarter', '1926-Q2'], ['year', '1927']] as const) {
    const plan = planCalendarWindows(unit, 'Europe/Berlin', { firstObservation: ms('0001-06-01T00:00:00Z'), asOf });
    assert.equal(plan.windows.length, MAX_REPORT_WINDOWS[unit], unit);
    assert.equal(plan.windows[0].label, first, unit);
    assert.equal(plan.windows[0].start, plan.keptFrom, unit);
  }
  const months = planCalendarWindows('month', 'UTC', { firstObservation: ms('0001-06-01T00:00:00Z'), asOf });
  assert.equal(months.dropped, (1926 - 1) * 12 + 3 - 5); // 0001-06 .. 1926-03
  assert.equal(planCalendarWindows('day', 'UTC', { firstObservation: 0, asOf: 10 * DAY, periodEnd: 5 * DAY }).dropped, 0);
});

test('a report-made data issue keeps the 20-per-metric limit and the line order, the other metric untouched', () => {
  const issues = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ line: from + i, problem: `bad row ${from + i}` }));
  const far = withLines(metric({ t: ['0001-01-01T00:00:00Z', '2026-03-01T00:00:00Z'], values: [1, 2] }), 5, 30);
  const latency: MetricData = { ...far, issues: issues(21, 2).filter((x) => x.line !== 5), issueCount: 40 }; // 20 listed: 2–4, 6–22
  const other: MetricData = { ...metric({ t: ['2026-03-01T00:00:00Z'], values: [1] }), issues: issues(2, 2), issueCount: 2 };
  const spec = sla({ metrics: { latency: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' }, other: { file: 'o.csv', timestamp: 'ts', value: 'ms' } } });
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data: latency }, other: { ok: true, data: other } } });
  const lat = r.dataIssues.filter((d) => d.metric === 'latency');
  assert.equal(lat.length, 20);
  assert.deepEqual(lat.map((d) => d.line), [2, 3, 4, 5, ...Array.from({ length: 16 }, (_, i) => 6 + i)]); // line 22 made room
  assert.match(lat[3].problem, /^1 of 2 rows lie far outside/);
  assert.deepEqual(r.dataIssues.filter((d) => d.metric === 'other').map((d) => d.line), [2, 3]);
  assert.deepEqual(r.dataIssues.map((d) => d.metric), [...Array(20).fill('latency'), 'other', 'other']);
  assert.deepEqual(r.dataIssueCounts, { latency: 41, other: 2 });
  // Summaries after every listed line (the latest row, line 30: far, and it stretches day windows
  // without period.end): the metric's last entries, the other metric's still after them.
  const late = withLines(metric({ t: ['2026-03-01T00:00:00Z', '9999-01-01T00:00:00Z'], values: [1, 2] }), 2, 30);
  const open = { ...spec, period: { start: '2026-01-01', timezone: 'UTC' }, objectives: [{ ...spec.objectives[0], window: { calendar: 'day' } }] };
  const r2 = buildReport(open, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data: { ...late, issues: issues(20, 2), issueCount: 20 } }, other: { ok: true, data: other } } });
  assert.deepEqual(r2.dataIssues.map((d) => `${d.metric}:${d.line}`), [...Array.from({ length: 18 }, (_, i) => `latency:${2 + i}`), 'latency:30', 'latency:30', 'other:2', 'other:3']);
  assert.match(r2.dataIssues[18].problem, /^1 of 2 rows lie far outside/);
  assert.match(r2.dataIssues[19].problem, /are not reported/);
  assert.equal(r2.dataIssueCounts.latency, 22);
});
