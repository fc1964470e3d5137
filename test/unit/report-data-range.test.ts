/**
 * Rows the SLA can never evaluate are said out loud: epoch timestamps in the wrong unit (200 valid
 * rows in year 58132, every window no-data) give one data issue per metric naming `timestampUnit`
 * (engine/dataRange.ts); one row dated 0001-01-01 or 9999-12-31 is far (a run of its own, apart from
 * the bulk of the rows) and removed before evaluation, so it no longer stretches asOf or the windows;
 * the window cap (a long period, an asOf far ahead) keeps the windows that hold data and the latest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, runToEnd } from '../../server/src/engine/report';
import { documentSteps } from '../../server/src/service/compliance';
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
  // The span's end is the inclusive date (period.end 2026-12-31), not the exclusive next midnight.
  assert.match(issue.problem, /^all 200 rows lie far outside the dates the SLA covers \(its period and baseline, 2025-11-01 to 2026-12-31, give or take a year\): 200 after it, the latest at \+058133-01-24T04:40:00\.000Z \(line 201\)\. They are never evaluated\./);
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
  assert.equal(far.message, "1 of 3 rows lies far outside the bulk of the metric's rows (2 rows from 2026-03-01 to 2026-03-02, none more than a year apart): 1 before it, the earliest at 0001-01-01T00:00:00.000Z (line 7). They are never evaluated. Check the dates of these rows (a mistyped year?) and set `period.start`.");
  // Plausible years but apart from the bulk by more than a year (no period): far too, on both sides.
  const apart = withLines(metric({ t: ['1975-05-05T00:00:00Z', '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', '2450-01-01T00:00:00Z', '2450-01-02T00:00:00Z'], values: [1, 2, 3, 4, 5, 6] }), 2, 7);
  const f2 = outlyingRows(apart, {}, undefined)!;
  assert.deepEqual([f2.before, f2.after, f2.keepFrom, f2.keepTo], [1, 2, ms('2026-03-01T00:00:00Z'), ms('2026-03-03T00:00:00Z')]);
  assert.match(f2.message, /^3 of 6 rows lie far outside the bulk of the metric's rows \(3 rows from 2026-03-01 to 2026-03-03/);
  // Within a year of the period: outside it (clipped), not far.
  assert.equal(outlyingRows(metric({ t: ['2025-06-01T00:00:00Z'], values: [1] }), slaSpan({ start: ms('2026-01-01T00:00:00Z'), end: ms('2027-01-01T00:00:00Z') }, undefined)), undefined);
  // An open-ended period keeps getting data: years later is not far.
  assert.equal(outlyingRows(metric({ t: ['2031-06-01T00:00:00Z'], values: [1] }), slaSpan({ start: ms('2026-01-01T00:00:00Z') }, { start: ms('2025-11-01T00:00:00Z'), end: ms('2025-12-16T00:00:00Z') })), undefined);
});

test('a row dated 0001-01-01 without period.start: far, removed before evaluation, the windows start at the real data', () => {
  const data = withLines(metric({ t: ['0001-01-01T00:00:00Z', '2026-03-01T12:00:00Z', '2026-03-02T12:00:00Z'], values: [1, 100, 200] }), 2, 4);
  const spec = sla({ period: { timezone: 'UTC' }, baseline: undefined, metrics: { latency: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' } } });
  (spec.objectives[0] as { window: unknown }).window = { calendar: 'day' };
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } } });
  const o = r.objectives[0];
  assert.deepEqual(o.windows.map((w) => [w.label, w.value, w.observations]), [['2026-03-01', 100, 1], ['2026-03-02', 200, 1]]);
  assert.equal(o.windowsDropped, undefined);
  assert.equal(r.dataIssues.length, 1);
  assert.equal(r.dataIssues[0].line, 2);
  assert.match(r.dataIssues[0].problem, /^1 of 3 rows lies far outside/);
  assert.equal(r.dataIssueCounts.latency, 1);
});

test('a few far rows on either side (no period.end) do not move asOf, the windows or the verdicts', () => {
  const t = ['2026-03-01T12:00:00Z', '2026-03-02T12:00:00Z', '2026-03-03T12:00:00Z'];
  const clean = withLines(metric({ t, values: [100, 200, 400] }), 2, 4);
  const dirty = withLines(metric({ t: ['1970-01-21T12:00:00Z', ...t, '2400-06-01T00:00:00Z', '9999-12-31T00:00:00Z'], values: [1, 100, 200, 400, 1, 1] }), 2, 7);
  const spec = sla({ period: { start: '2026-03-01', timezone: 'UTC' }, baseline: undefined, metrics: { latency: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' } } });
  (spec.objectives[0] as { window: unknown }).window = { calendar: 'day' };
  const a = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data: clean } } });
  const b = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data: dirty } } });
  assert.equal(b.asOf, '2026-03-03T12:00:00.001Z');
  assert.deepEqual(b.objectives, a.objectives);
  assert.equal(b.objectives[0].status, 'breached'); // 400 ms on 03-03: the far 1 ms rows do not hide it
  assert.equal(b.dataIssues.length, 1);
  assert.match(b.dataIssues[0].problem, /^3 of 6 rows lie far outside the dates the SLA covers \(its period and baseline, 2026-03-01 to …, give or take a year\) and the bulk of the metric's rows \(3 rows from 2026-03-01 to 2026-03-03, none more than a year apart\): 1 before it, the earliest at 1970-01-21T12:00:00\.000Z \(line 2\); 2 after it, the latest at 9999-12-31T00:00:00\.000Z \(line 7\)\./);
  // Rolling windows too.
  const rolling = { ...spec, objectives: [{ ...spec.objectives[0], window: { rolling: '7d' } }] };
  assert.deepEqual(buildReport(rolling, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data: dirty } } }).objectives,
    buildReport(rolling, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data: clean } } }).objectives);
});

test('the window cap keeps the windows that hold data and the latest one, not only the latest N', () => {
  const data = withLines(metric({ t: ['2026-03-01T12:00:00Z', '2026-03-02T12:00:00Z'], values: [100, 400] }), 2, 3);
  const spec = sla({ period: { start: '2026-01-01', timezone: 'UTC' }, baseline: undefined, metrics: { latency: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' } } });
  (spec.objectives[0] as { window: unknown }).window = { calendar: 'day' };
  const asOf = ms('9000-01-01T00:00:00Z');
  const r = buildReport(spec, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } }, asOf });
  const o = r.objectives[0];
  // 2026-01-01 .. 2026-03-02 (61 windows, through the one holding the latest row), then 8999-12-31.
  assert.equal(o.windows.length, 62);
  assert.equal(o.windows[0].label, '2026-01-01');
  assert.deepEqual(o.windows.slice(59, 61).map((w) => [w.label, w.value, w.status]), [['2026-03-01', 100, 'met'], ['2026-03-02', 400, 'breached']]);
  assert.deepEqual([o.windows[61].label, o.windows[61].status], ['8999-12-31', 'no-data']);
  const total = (ms('9000-01-01T00:00:00Z') - ms('2026-01-01T00:00:00Z')) / DAY;
  assert.equal(o.windowsDropped, total - 62);
  const capIssue = r.dataIssues.find((d) => d.problem.includes('not reported'))!;
  assert.equal(capIssue.problem, `${total - 62} day windows without data after the latest row (from 2026-03-03T00:00:00.000Z to 8999-12-31T00:00:00.000Z) of \`p99\` are not reported: a report lists at most 3660 day windows per objective (the windows holding data and the latest one are kept), and they end at the asOf given, 9000-01-01T00:00:00.000Z: give an earlier one or set \`period.end\`.`);
  assert.equal(r.breaches.length, 1); // the breach on 03-02 is listed: it was not dropped with the empty days
  assert.match(renderText([r]), new RegExp(`\\(${total - 62} windows not reported \\(over the window cap; see the data issues\\)\\)`));
  // Without data in range: the latest windows; one dropped window is singular.
  const plan = planCalendarWindows('month', 'UTC', { periodStart: ms('2026-01-01T00:00:00Z'), asOf: ms('2026-04-15T00:00:00Z') }, 3, () => undefined);
  assert.deepEqual([plan.windows.map((w) => w.label), plan.dropped, plan.droppedBefore], [['2026-02', '2026-03', '2026-04'], 1, 1]);
  const one = buildReport({ ...spec, objectives: [{ ...spec.objectives[0], window: { calendar: 'year' } }], period: { start: '1900-01-01', timezone: 'UTC' } },
    { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } }, asOf: ms('2026-06-01T00:00:00Z') });
  assert.equal(one.objectives[0].windowsDropped, 27);
  assert.match(one.dataIssues.find((d) => d.problem.includes('not reported'))!.problem, /^27 earlier year windows \(before 1927-01-01T00:00:00\.000Z\) of `p99` are not reported/);
  const single = buildReport({ ...spec, objectives: [{ ...spec.objectives[0], window: { calendar: 'year' } }], period: { start: '1926-01-01', timezone: 'UTC' } },
    { file: 'a.sla.yaml', metrics: { latency: { ok: true, data } }, asOf: ms('2026-06-01T00:00:00Z') });
  assert.match(single.dataIssues.find((d) => d.problem.includes('not reported'))!.problem, /^1 earlier year window \(before 1927-01-01T00:00:00\.000Z\) of `p99` is not reported/);
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
  assert.match(lat[3].problem, /^1 of 2 rows lies far outside/);
  assert.deepEqual(r.dataIssues.filter((d) => d.metric === 'other').map((d) => d.line), [2, 3]);
  assert.deepEqual(r.dataIssues.map((d) => d.metric), [...Array(20).fill('latency'), 'other', 'other']);
  assert.deepEqual(r.dataIssueCounts, { latency: 41, other: 2 });
  // A summary after every listed line (the latest row, line 30, far): the metric's last entry, the
  // other metric's still after it.
  const late = withLines(metric({ t: ['2026-03-01T00:00:00Z', '9999-01-01T00:00:00Z'], values: [1, 2] }), 2, 30);
  const open = { ...spec, period: { start: '2026-01-01', timezone: 'UTC' }, objectives: [{ ...spec.objectives[0], window: { calendar: 'day' } }] };
  const r2 = buildReport(open, { file: 'a.sla.yaml', metrics: { latency: { ok: true, data: { ...late, issues: issues(20, 2), issueCount: 20 } }, other: { ok: true, data: other } } });
  assert.deepEqual(r2.dataIssues.map((d) => `${d.metric}:${d.line}`), [...Array.from({ length: 19 }, (_, i) => `latency:${2 + i}`), 'latency:30', 'other:2', 'other:3']);
  assert.match(r2.dataIssues[19].problem, /^1 of 2 rows lies far outside/);
  assert.equal(r2.dataIssueCounts.latency, 21);
});

test("the preview's series evaluate the report's rows: far rows are left out of the charts too", () => {
  const t = Array.from({ length: 10 }, (_, i) => ms('2026-03-01T12:00:00Z') + i * DAY);
  const values = t.map((_, i) => 100 + i * 10);
  const clean = metric({ t, values, unit: 'ms' });
  const dirty = metric({ t: [ms('1970-01-21T00:00:00Z'), ...t, ms('2450-01-01T00:00:00Z')], values: [5000, ...values, 5000], unit: 'ms' });
  const spec = sla({ period: { timezone: 'UTC' }, baseline: undefined, metrics: { latency: { file: 'l.csv', timestamp: 'ts', value: 'ms', unit: 'ms' } } });
  spec.objectives = [{ ...spec.objectives[0], window: { rolling: '2d' } }] as unknown as typeof spec.objectives;
  const seriesOf = (data: MetricData) => {
    const r = runToEnd(documentSteps(spec, { latency: { ok: true, data } }, { file: 'a.sla.yaml' })) as { objectives: { series?: { at: string; value: number | null }[] }[] };
    return r.objectives[0].series;
  };
  const expected = seriesOf(clean)!;
  assert.equal(expected[0].at, '2026-03-03T12:00:00.001Z'); // the first instant a 2-day window fits the rows
  assert.ok(expected.every((p) => p.value !== null && p.value < 5000));
  assert.deepEqual(seriesOf(dirty), expected); // not from 1970, no 5000 ms point
});
