/**
 * Pure helpers of the compliance preview webview (client/src/preview/webview/model.ts): message
 * validation, formatting like the CLI, chart data and its text alternative.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  parseIncoming, parseState, reportOf, formatValue, formatPercent, statusLabel, parseTargetText, chartData, chartSummary,
  creditsByWindow, isAsOfInput, asOfInputOf, formatInstant, sharedYRange, windowTicks, windowUnit, windowXRange, type ObjectiveView,
} from '../../client/src/preview/webview/model';
import { formatValue as engineFormatValue } from '../../server/src/engine/report';
import { reportFiles } from '../../server/src/cli/report';

const repoRoot = join(__dirname, '..', '..');

const win = (label: string, start: string, value: number | null, status: string, extra: Record<string, unknown> = {}) => ({
  start, end: start, label, partial: false, value, unit: '%', observations: 10, excluded: 0, status, ...extra,
});

const objective = {
  id: 'availability', indicator: 'availability', target: '>= 99.9%', status: 'met',
  windows: [
    win('2026-08', '2026-07-31T22:00:00.000Z', 99.97650503403815, 'met'),
    win('2026-09', '2026-08-31T22:00:00.000Z', 99.82447192970419, 'breached'),
    win('2026-10', '2026-09-30T22:00:00.000Z', null, 'no-data', { partial: true, reason: 'no-observations', clipped: true }),
  ],
};

test('update messages are validated and copied field by field', () => {
  const m = parseIncoming({ type: 'update', uri: 'file:///a.sla.yaml', version: 2, stale: true, error: 'boom', reports: [{ sla: 'x', file: 'a', asOf: 'z', objectives: [objective], credits: [{ objective: 'availability', window: '2026-09', credit: '10%' }, { objective: 1 }], breaches: [], dataIssues: [{ metric: 'm', line: 3, problem: 'p' }, { metric: 'm', line: 'x', problem: 'p' }], dataIssueCounts: { m: 2, bad: 'x' }, filteredRows: { m: 7, bad: null }, evil: '<b>' }] });
  assert.ok(m && m.type === 'update');
  assert.equal(m.uri, 'file:///a.sla.yaml');
  assert.equal(m.version, 2);
  assert.equal(m.stale, true);
  assert.equal(m.error, 'boom');
  assert.equal(m.reports.length, 1);
  const r = m.reports[0];
  assert.deepEqual(r.credits, [{ objective: 'availability', window: '2026-09', credit: '10%' }]);
  assert.deepEqual(r.dataIssues, [{ metric: 'm', line: 3, problem: 'p' }]);
  assert.deepEqual(r.dataIssueCounts, { m: 2 });
  assert.deepEqual(r.filteredRows, { m: 7 });
  assert.equal('evil' in r, false);
  assert.equal(r.objectives[0].windows.length, 3);
  assert.equal(r.objectives[0].windows[2].partial, true);
  assert.deepEqual(r.objectives[0].windows.map((w) => w.clipped), [undefined, undefined, true]); // spec §9: reaches beyond the period
});

test('malformed messages are rejected; bad parts of reports are dropped', () => {
  for (const bad of [null, 'update', 42, [], {}, { type: 'update' }, { type: 'update', uri: 3, reports: [] }, { type: 'update', uri: 'u', reports: 'x' }, { type: 'highlight' }, { type: 'highlight', objectiveId: 7 }, { type: 'other', uri: 'u' }]) {
    assert.equal(parseIncoming(bad), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(parseIncoming({ type: 'highlight', objectiveId: 'a' }), { type: 'highlight', objectiveId: 'a' });
  assert.deepEqual(parseIncoming({ type: 'highlight', objectiveId: null }), { type: 'highlight', objectiveId: null });
  // A single report object is accepted like an array of one; non-reports and objectives without id are dropped.
  const m = parseIncoming({ type: 'update', uri: 'u', reports: [{ objectives: [{ id: 5 }, { id: 'ok', status: '<script>', windows: [{ start: 1 }, 'x', win('d', 's', Infinity, 'met')] }] }, { no: 'objectives' }, 7] });
  assert.ok(m && m.type === 'update');
  assert.equal(m.reports.length, 1);
  assert.equal(m.reports[0].objectives.length, 1);
  assert.equal(m.reports[0].objectives[0].status, 'no-data');
  assert.equal(m.reports[0].objectives[0].windows.length, 1);
  assert.equal(m.reports[0].objectives[0].windows[0].value, null);
  assert.equal(m.reports[0].timezone, 'UTC');
  assert.equal(parseIncoming({ type: 'update', uri: 'u' })?.type, 'update');
  const tiers = parseIncoming({ type: 'update', uri: 'u', reports: [{ objectives: [{ id: 'a', creditTiers: [{ below: '99.9%', credit: '10%' }, { below: 99, credit: 25 }, { below: {} }, 'x'] }] }] });
  assert.ok(tiers && tiers.type === 'update');
  assert.deepEqual(tiers.reports[0].objectives[0].creditTiers, [{ below: '99.9%', credit: '10%' }, { below: '99', credit: '25' }]);
});

test('state: scroll position and a valid as-of only', () => {
  assert.deepEqual(parseState(undefined), { scrollY: 0, asOf: '' });
  assert.deepEqual(parseState({ scrollY: 120, asOf: '2026-09-30T12:00' }), { scrollY: 120, asOf: '2026-09-30T12:00' });
  assert.deepEqual(parseState({ scrollY: 'x', asOf: '"><img>' }), { scrollY: 0, asOf: '' });
  assert.equal(isAsOfInput('2026-09-30T12:00:30'), true);
  assert.equal(isAsOfInput('2026-09-30'), false);
  assert.equal(asOfInputOf('2026-10-15T23:57:19.001Z'), '2026-10-15T23:57');
  assert.equal(formatInstant('2026-10-15T23:57:19.001Z'), '2026-10-15 23:57 UTC');
});

test('values are formatted like the CLI (rounded towards failure)', () => {
  const cases: [number | null, string, string | undefined][] = [
    [99.82447192970419, '%', '>= 99.9%'], [99.89999, '%', '>= 99.9%'], [300.04, 'ms', '<= 300ms'], [0.8123, '', '>= 0.8'],
    [99.82, '%', '>= 99.9%'], [8.416666666666666, 'rps', '>= 5rps'], [220.1, 'ms', '<= 400ms'], [null, 'ms', '<= 1ms'], [1.23456, 'x', undefined],
  ];
  for (const [v, unit, target] of cases) assert.equal(formatValue(v, unit, target), engineFormatValue(v, unit, target), `${v} ${unit} ${target}`);
  assert.equal(formatValue(99.82447192970419, '%', '>= 99.9%'), '99.82%');
  assert.equal(formatValue(300.04, 'ms', '<= 300ms'), '300.1ms');
  assert.equal(formatPercent(0.9501756), '95.0%');
  assert.equal(formatPercent(null), 'n/a');
  assert.equal(statusLabel('met', true), 'met (so far)');
  assert.equal(statusLabel('no-data', true), 'no data');
  assert.equal(statusLabel('breached'), 'breached');
  assert.deepEqual(parseTargetText('<= 400ms'), { op: '<=', value: 400, decimals: 0, unit: 'ms' });
  assert.deepEqual(parseTargetText('>= 0.92'), { op: '>=', value: 0.92, decimals: 2, unit: '' });
  assert.equal(parseTargetText('fast'), undefined);
});

test('chart data: x = window start (s), value, target line, breached points; text alternative', () => {
  const o = parseIncoming({ type: 'update', uri: 'u', reports: [{ objectives: [objective] }] });
  assert.ok(o && o.type === 'update');
  const view: ObjectiveView = o.reports[0].objectives[0];
  const d = chartData(view);
  assert.deepEqual(d.xs, [Date.parse('2026-07-31T22:00:00.000Z') / 1000, Date.parse('2026-08-31T22:00:00.000Z') / 1000, Date.parse('2026-09-30T22:00:00.000Z') / 1000]);
  assert.deepEqual(d.values, [99.97650503403815, 99.82447192970419, null]);
  assert.deepEqual(d.target, [99.9, 99.9, 99.9]);
  assert.deepEqual(d.breached, [null, 99.82447192970419, null]);
  assert.equal(d.unit, '%');
  assert.equal(d.points, 2);
  assert.match(chartSummary(view), /^availability: value per window against the target >= 99\.9%\. 2026-08: 99\.97% met; 2026-09: 99\.82% breached; 2026-10: n\/a no data$/);
  // A target in another unit than the values draws no target line.
  assert.deepEqual(chartData({ ...view, target: '<= 1s', windows: view.windows.map((w) => ({ ...w, unit: 'ms' })) }).target, [null, null, null]);
  // A histogram's percentile: no value, a bucket — the text says the bucket, not "no data".
  const buckets = { ...view, target: '<= 250ms', windows: view.windows.map((w) => ({ ...w, value: null, valueRange: [100, 250] as [number, number], unit: 'ms', status: 'met' as const })) };
  assert.doesNotMatch(chartSummary(buckets), /\(no data\)/);
  assert.match(chartSummary(buckets), /\(100ms, 250ms\]/);
});

test('real engine output (churn-external) passes validation unchanged in substance', async () => {
  const r = await reportFiles(['examples/churn-external.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'examples') });
  const raw = JSON.parse(JSON.stringify(r.reports));
  const m = parseIncoming({ type: 'update', uri: 'file:///x', version: 1, reports: raw });
  assert.ok(m && m.type === 'update');
  const rep = m.reports[0];
  assert.equal(rep.objectives.length, raw[0].objectives.length);
  assert.deepEqual(rep.credits, raw[0].credits);
  assert.deepEqual(rep.breaches, raw[0].breaches);
  assert.deepEqual(rep.dataIssues, raw[0].dataIssues);
  assert.deepEqual(rep.dataIssueCounts, raw[0].dataIssueCounts);
  assert.deepEqual(creditsByWindow(rep, 'availability'), new Map([['2026-09', '10%']]));
  const avail = rep.objectives.find((o) => o.id === 'availability')!;
  assert.equal(avail.windows.find((w) => w.label === '2026-09')!.status, 'breached');
  assert.equal(formatValue(avail.windows.find((w) => w.label === '2026-09')!.value, '%', avail.target), '99.82%');
  assert.ok(avail.baseline?.suggested);
  assert.ok(avail.errorBudget && avail.errorBudget.remaining !== null);
  assert.equal(avail.repeated?.breaches, 1);
  // reportOf of every raw report is equivalent to the message path.
  assert.deepEqual(reportOf(raw[0]), rep);
});

test('chartData: a rolling series is charted point by point, misses of the target marked', () => {
  const o = { id: 'p95', indicator: 'latency', target: '<= 100ms', status: 'met' as const, windows: [], series: [
    { at: '2026-10-01T00:00:00Z', value: 90 }, { at: '2026-10-02T00:00:00Z', value: 110 }, { at: '2026-10-03T00:00:00Z', value: null },
  ] };
  const d = chartData(o as never);
  assert.deepEqual(d.values, [90, 110, null]);
  assert.deepEqual(d.breached, [null, 110, null]);
  assert.deepEqual(d.target, [100, 100, 100]);
  assert.equal(d.points, 2);
});

test('a series over 10,000 points keeps the latest 10,000 (the chart ends at asOf), in time order', () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const at = (i: number) => new Date(start + i * 60_000).toISOString();
  const series = Array.from({ length: 12_000 }, (_, i) => ({ at: at(i), value: i }));
  const m = parseIncoming({ type: 'update', uri: 'u', reports: [{ objectives: [{ id: 'slices', series }] }] });
  assert.ok(m && m.type === 'update');
  const kept = m.reports[0].objectives[0].series!;
  assert.equal(kept.length, 10_000);
  assert.deepEqual(kept[0], { at: at(2_000), value: 2_000 });
  assert.deepEqual(kept[kept.length - 1], { at: at(11_999), value: 11_999 });
  // Out of order over the wire: still the most recent points.
  const shuffled = [...series].reverse();
  const again = parseIncoming({ type: 'update', uri: 'u', reports: [{ objectives: [{ id: 'slices', series: shuffled }] }] });
  assert.ok(again && again.type === 'update');
  const times = again.reports[0].objectives[0].series!.map((p) => p.value);
  assert.equal(times.length, 10_000);
  assert.equal(Math.min(...(times as number[])), 2_000);
  assert.equal(Math.max(...(times as number[])), 11_999);
  // Up to the cap nothing is dropped or reordered.
  const small = parseIncoming({ type: 'update', uri: 'u', reports: [{ objectives: [{ id: 's', series: series.slice(0, 10_000) }] }] });
  assert.ok(small && small.type === 'update');
  assert.deepEqual(small.reports[0].objectives[0].series, series.slice(0, 10_000));
  assert.equal(chartData(again.reports[0].objectives[0]).xs.length, 10_000);
});

test('parseIncoming: progress messages are validated and clamped', () => {
  assert.deepEqual(parseIncoming({ type: 'progress', uri: 'file:///a', metric: 'latency', fraction: 1.5 }), { type: 'progress', uri: 'file:///a', metric: 'latency', fraction: 1 });
  assert.equal(parseIncoming({ type: 'progress', uri: 'file:///a', metric: 'latency', fraction: 'half' }), undefined);
  assert.equal(parseIncoming({ type: 'progress', metric: 'latency', fraction: 0.5 }), undefined);
});

test('reportOf keeps a syntax error (line and message) and drops a malformed one', () => {
  const base = { sla: 'a', file: 'a.sla.yaml', asOf: '', objectives: [], credits: [], breaches: [], dataIssues: [], dataIssueCounts: {}, timezone: 'UTC' };
  assert.deepEqual(reportOf({ ...base, syntaxError: { line: 3, message: 'YAML syntax: x' } })?.syntaxError, { line: 3, message: 'YAML syntax: x' });
  assert.equal(reportOf({ ...base, syntaxError: { line: '3', message: 'x' } })?.syntaxError, undefined);
  assert.equal(reportOf(base)?.syntaxError, undefined);
});

test('a provisional window (spec §12): "provisional until" in words, a hollow point not a breach, its notes and fields kept by validation', () => {
  const provisional = win('2026-10', '2026-09-30T22:00:00.000Z', 79.5, 'breached', { provisional: true, provisionalUntil: '2026-11-14T23:00:00.000Z', exclusionBudgetExceeded: true });
  const o = { ...objective, target: '>= 80%', windows: [objective.windows[0], provisional] } as unknown as ObjectiveView;
  const parsed = parseIncoming({ type: 'update', uri: 'file:///a.sla.yaml', version: 1, reports: [{ sla: 'x', file: 'a', asOf: 'z', objectives: [o], credits: [], breaches: [], dataIssues: [] }] });
  assert.ok(parsed && parsed.type === 'update');
  const w = parsed.reports[0].objectives[0].windows[1];
  assert.deepEqual([w.provisional, w.provisionalUntil, w.exclusionBudgetExceeded], [true, '2026-11-14T23:00:00.000Z', true]);
  assert.equal(statusLabel('breached', false, '2026-11-14T23:00:00.000Z'), 'provisional until 14 Nov 2026 (breached so far)');
  const d = chartData(parsed.reports[0].objectives[0]);
  assert.deepEqual(d.breached, [null, null], 'a provisional breach is no breach yet');
  assert.deepEqual(d.provisional, [null, 79.5]);
  assert.match(chartSummary(parsed.reports[0].objectives[0]), /79\.5% provisional until 14 Nov 2026 \(breached so far\)/);
});

test('segments (spec §12): validated with their windows, breachedSegments kept, at most 100', () => {
  const seg = (value: string, status: string, v: number) => ({ value, status, windows: [win('2026-03', '2026-03-01T00:00:00.000Z', v, status)] });
  const o = { ...objective, segmentsBy: 'region', segmentsRequire: 'any', segments: [seg('eu', 'met', 100), seg('us', 'breached', 98), { value: 1 }, ...Array.from({ length: 120 }, (_, k) => seg(`r${k}`, 'met', 100))],
    windows: [win('2026-03', '2026-03-01T00:00:00.000Z', null, 'met', { breachedSegments: ['us', 7] })] };
  const parsed = parseIncoming({ type: 'update', uri: 'file:///a.sla.yaml', version: 1, reports: [{ sla: 'x', file: 'a', asOf: 'z', objectives: [o], credits: [], breaches: [], dataIssues: [] }] });
  assert.ok(parsed && parsed.type === 'update');
  const v = parsed.reports[0].objectives[0];
  assert.deepEqual([v.segmentsBy, v.segmentsRequire], ['region', 'any']);
  assert.equal(v.segments!.length, 99, 'the first 100 entries, the malformed one dropped');
  assert.deepEqual(v.segments!.slice(0, 2).map((s) => [s.value, s.status, s.windows[0].value]), [['eu', 'met', 100], ['us', 'breached', 98]]);
  assert.deepEqual(v.windows[0].breachedSegments, ['us']);
});

test('small multiples of a segmented objective share one y range: the values of every segment and the target inside it (walk-through)', async () => {
  const r = await reportFiles(['test/fixtures/segments/segments.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'test/fixtures/segments') });
  const m = parseIncoming({ type: 'update', uri: 'file:///x', version: 1, reports: JSON.parse(JSON.stringify(r.reports)) });
  assert.ok(m && m.type === 'update');
  const o = m.reports[0].objectives[0];
  const charts = o.segments!.map((s) => chartData({ ...o, windows: s.windows, segments: undefined }));
  const range = sharedYRange(charts);
  assert.ok(range);
  const [lo, hi] = range;
  // us-east drops to 96 %, eu-west stays at 100 %, the target is 99.5 %: one range holds them all.
  const values = charts.flatMap((d) => d.values).filter((v): v is number => v !== null);
  assert.equal(Math.min(...values), 96);
  assert.equal(Math.max(...values), 100);
  assert.ok(lo < 96 && hi > 100, `range ${range}`);
  assert.ok(hi - lo < 8, `padded a little, not a lot: ${range}`);
  // eu-west alone (all 100 %, target 99.5 %) would range around 99.5–100: a 96 % segment would look alike.
  const euWest = sharedYRange([charts[o.segments!.findIndex((s) => s.value === 'eu-west')]])!;
  assert.ok(euWest[0] > 99, `eu-west alone: ${euWest}`);
  // The target counts even when every value is on one side of it; a flat series gets some room.
  assert.deepEqual(sharedYRange([{ ...charts[0], values: [100, 100], target: [50, 50] }]), [45, 105]);
  const [flatLo, flatHi] = sharedYRange([{ ...charts[0], values: [100], target: [null] }])!;
  assert.ok(flatLo < 100 && flatHi > 100);
  assert.equal(sharedYRange([{ ...charts[0], values: [null], target: [null] }]), undefined);
});

test('x ticks follow the window unit: one per window at most, labelled as the window (walk-through: days under months)', async () => {
  const r = await reportFiles(['examples/churn-external.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'examples') });
  const m = parseIncoming({ type: 'update', uri: 'file:///x', version: 1, reports: JSON.parse(JSON.stringify(r.reports)) });
  assert.ok(m && m.type === 'update');
  const avail = m.reports[0].objectives.find((o) => o.id === 'availability')!;
  assert.equal(windowUnit(avail), 'month');
  const d = chartData(avail);
  // Europe/Berlin months start at 22:00 or 23:00 UTC: the ticks are the windows' starts, named by their labels.
  const ticks = windowTicks(avail, 20)!;
  assert.deepEqual(ticks.labels, ['Aug\n2026', 'Sep', 'Oct']);
  assert.deepEqual(ticks.xs, d.xs);
  // Narrow: fewer ticks, never more than asked, the latest window always among them.
  const months = (n: number) => Array.from({ length: n }, (_, k) => win(`${2025 + Math.floor((k + 9) / 12)}-${String(((k + 9) % 12) + 1).padStart(2, '0')}`, new Date(Date.UTC(2025, 9 + k, 1)).toISOString(), 99.9, 'met'));
  const year = { ...objective, window: 'calendar month', windows: months(14) } as unknown as ObjectiveView;
  assert.deepEqual(windowTicks(year, 100)!.labels, ['Oct\n2025', 'Nov', 'Dec', 'Jan\n2026', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov']);
  const thin = windowTicks(year, 5)!;
  assert.ok(thin.labels.length <= 5, `${thin.labels}`);
  assert.deepEqual(thin.labels, ['Nov\n2025', 'Feb\n2026', 'May', 'Aug', 'Nov']);
  assert.equal(thin.xs[thin.xs.length - 1], chartData(year).xs[13]);
  assert.deepEqual(windowTicks(year, 0.5)!.labels, ['Nov\n2026'], 'room for one tick: the latest window');
  // Weeks, days, quarters, years.
  const weekly = { ...objective, window: 'calendar week', windows: [win('2025-W52', '2025-12-22T00:00:00.000Z', 1, 'met'), win('2026-W01', '2025-12-29T00:00:00.000Z', 1, 'met'), win('2026-W02', '2026-01-05T00:00:00.000Z', 1, 'met')] } as unknown as ObjectiveView;
  assert.deepEqual(windowTicks(weekly, 10)!.labels, ['W52\n2025', 'W01\n2026', 'W02']);
  const daily = { ...objective, window: 'calendar day', windows: [win('2026-03-14', '2026-03-14T00:00:00.000Z', 1, 'met'), win('2026-03-15', '2026-03-15T00:00:00.000Z', 1, 'met')] } as unknown as ObjectiveView;
  assert.deepEqual(windowTicks(daily, 10)!.labels, ['14 Mar\n2026', '15 Mar']);
  const quarterly = { ...objective, window: 'calendar quarter', windows: [win('2026-Q3', '2026-07-01T00:00:00.000Z', 1, 'met'), win('2026-Q4', '2026-10-01T00:00:00.000Z', 1, 'met')] } as unknown as ObjectiveView;
  assert.deepEqual(windowTicks(quarterly, 10)!.labels, ['Q3\n2026', 'Q4']);
  const yearly = { ...objective, window: 'calendar year', windows: [win('2025', '2025-01-01T00:00:00.000Z', 1, 'met'), win('2026', '2026-01-01T00:00:00.000Z', 1, 'met')] } as unknown as ObjectiveView;
  assert.deepEqual(windowTicks(yearly, 10)!.labels, ['2025', '2026']);
  // The unit from the labels when the window is not said; rolling series keep uPlot's time axis.
  assert.equal(windowUnit({ ...weekly, window: undefined }), 'week');
  assert.equal(windowUnit({ ...objective, windows: [...objective.windows, win('2026-W01', '2026-01-01T00:00:00.000Z', 1, 'met')] } as unknown as ObjectiveView), undefined);
  const rolling = { id: 'p95', indicator: 'latency', target: '<= 100ms', status: 'met', window: 'rolling 28d', windows: [win('2026-09-17T23:55:00.001Z/2026-10-15T23:55:00.001Z', '2026-09-17T23:55:00.001Z', 90, 'met')],
    series: [{ at: '2026-10-01T00:00:00Z', value: 90 }, { at: '2026-10-02T00:00:00Z', value: 95 }] } as unknown as ObjectiveView;
  assert.equal(windowUnit(rolling), undefined);
  assert.equal(windowTicks(rolling, 10), undefined);
  // Half a window of room either side: the first and the last tick inside the plot, not on its edge.
  const [x0, x1] = windowXRange(d.xs, 'month')!;
  assert.ok(x0 < d.xs[0] && x1 > d.xs[d.xs.length - 1]);
  assert.ok(Math.abs((d.xs[0] - x0) - 15.5 * 86_400) < 1.1 * 86_400, `${(d.xs[0] - x0) / 86_400} days`);
  assert.equal(windowXRange(d.xs, undefined), undefined);
});
