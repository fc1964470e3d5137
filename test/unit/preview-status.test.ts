/**
 * What a person reads about an objective's status (issue 13, items 10–13): a met partial window
 * after a breached month still says breached and the credit owed (lens, preview summary), an
 * objective that cannot be evaluated says "invalid" once instead of "no data", a timeslice budget
 * says what is compared, rolling windows read as "28 days to …", and leading months without data
 * are collapsed in the preview as in the exported HTML.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, type SlaReport } from '../../server/src/engine/report';
import { complianceLenses, prettyBound } from '../../server/src/service/complianceLens';
import { parseSlaFile } from '../../server/src/service/parse';
import { windowLabelText, durationText } from '../../server/src/engine/render/windowLabel';
import { objectiveVerdict, previewWindows, reportOf, summaryText, type ReportView } from '../../client/src/preview/webview/model';
import { metric } from './engine-support';

export const STATUS_SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: status, owner: a@example.com }
model: m
scope: external
period: { start: 2026-01-01, end: 2026-04-30, timezone: UTC }
metrics:
  requests: { file: r.csv, timestamp: t, total: n, goodCount: ok }
  latency: { file: l.csv, timestamp: t, value: ms, unit: ms }
  minutes: { file: m.csv, timestamp: t, total: n, goodCount: ok }
objectives:
  - id: availability
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.9%"
    window: { calendar: month }
  - id: p99-slices
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 400ms"
    budgeting: timeslices
    slice: 5m
    sliceTarget: ">= 99%"
    window: { rolling: 28d }
  - id: broken
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: 300ms
    window: { calendar: month }
  - id: up-minutes
    indicator: availability
    metric: minutes
    method: time-based
    budgeting: timeslices
    slice: 1m
    sliceGood: ">= 90%"
    target: ">= 99%"
    window: { calendar: month }
breach:
  external:
    serviceCredits:
      - objective: availability
        tiers:
          - { below: 99.9%, credit: 10% }
`;

function statusReport(): { report: SlaReport; text: string } {
  const file = parseSlaFile('file:///w/status.sla.yaml', 1, STATUS_SLA);
  // February breached (99.8 %), March and April (so far) met; January has no data.
  const requests = metric({ t: ['2026-02-10T00:00:00Z', '2026-03-10T00:00:00Z', '2026-04-10T00:00:00Z'], totals: [1000, 1000, 1000], goodCounts: [998, 1000, 1000] });
  // 5-min latency samples over the last 100 slices: one slow slice of 100.
  const t: number[] = [];
  const values: number[] = [];
  const end = Date.parse('2026-04-10T12:00:00Z');
  for (let i = 0; i < 100; i++) { t.push(end - (100 - i) * 300_000); values.push(i === 50 ? 900 : 200); }
  const latency = metric({ t, values, unit: 'ms' });
  const minutes = metric({ t: ['2026-04-10T00:00:00Z', '2026-04-10T00:01:00Z'], totals: [100, 100], goodCounts: [100, 95] });
  const report = buildReport(file.docs[0].value, {
    file: 'status.sla.yaml', asOf: Date.parse('2026-04-15T00:00:00Z'),
    metrics: { requests: { ok: true, data: requests }, latency: { ok: true, data: latency }, minutes: { ok: true, data: minutes } },
  });
  return { report, text: STATUS_SLA };
}

describe('code lenses say what a person needs to know', () => {
  const { report } = statusReport();
  const lenses = complianceLenses(parseSlaFile('file:///w/status.sla.yaml', 1, STATUS_SLA), [report]).map((l) => l.command!.title);
  test('a met month after a breached one shows the breach and the credit owed', () => {
    assert.match(lenses[0], /^✓ met — 100(\.0)?% vs >= 99\.9% \(2026-04, so far\) · ✗ breached 1 of 2 windows \(last 2026-02 — credit 10% owed\)$/);
  });
  test('a timeslice budget says which share of which slices met what, and what it needs', () => {
    assert.match(lenses[1], /^✓ met — 99 % of 5-min slices had p99 ≤ 400 ms \(needs ≥ 99 %\) \(28 days to 15 Apr 00:00 UTC\)$/);
  });
  test('an objective with a target without operator is invalid, not "no data"', () => {
    assert.match(lenses[2], /^⚠ invalid: .*operator/);
    assert.ok(!/no data/.test(lenses[2]));
  });
  test('time-based availability: the share of up slices, with sliceGood', () => {
    assert.match(lenses[3], /of 1-min slices were up \(≥ 90 % good\) \(needs ≥ 99 %\)/);
  });
  test('bounds read as people write them', () => {
    assert.equal(prettyBound('<= 400ms'), '≤ 400 ms');
    assert.equal(prettyBound('>= 99.5%'), '≥ 99.5 %');
  });
});

describe('preview: verdicts, summary, windows', () => {
  const { report } = statusReport();
  const view = reportOf(JSON.parse(JSON.stringify(report))) as ReportView;
  const byId = (id: string) => view.objectives.find((o) => o.id === id)!;
  test('the worst complete window and its credit, not only the partial window', () => {
    const v = objectiveVerdict(view, byId('availability'));
    assert.equal(v.status, 'breached');
    assert.equal(v.text, 'breached in 2026-02 · 10% credit owed');
    assert.equal(v.latest, 'met (so far) in 2026-04');
  });
  test('the summary counts an objective with a breached complete window as breached, and invalid ones apart', () => {
    assert.equal(summaryText(view), '4 objectives: 2 met, 1 breached, 1 invalid; 1 service credit owed (availability 2026-02: 10%).');
  });
  test('an invalid objective: one verdict with the reason, no windows', () => {
    const v = objectiveVerdict(view, byId('broken'));
    assert.equal(v.status, 'invalid');
    assert.match(v.text, /^invalid: .*operator/);
    assert.deepEqual(previewWindows(byId('broken')).windows, []);
  });
  test('leading months without data are collapsed (the exported HTML does the same)', () => {
    const shown = previewWindows(byId('availability'));
    assert.equal(shown.hidden, 1);
    assert.deepEqual(shown.windows.map((w) => w.label), ['2026-02', '2026-03', '2026-04']);
  });
  test('time-based availability carries sliceGood to the preview', () => {
    assert.equal(byId('up-minutes').sliceGood, '>= 90%');
    assert.equal(byId('up-minutes').slice, '1m');
  });
});

describe('rolling window labels', () => {
  test('"28 days to 15 Oct 23:57", the exact interval kept for the tooltip', () => {
    const label = '2026-09-17T23:57:19.001Z/2026-10-15T23:57:19.001Z';
    assert.deepEqual(windowLabelText({ label, start: '2026-09-17T23:57:19.001Z', end: '2026-10-15T23:57:19.001Z' }), { text: '28 days to 15 Oct 23:57 UTC', exact: label });
    assert.deepEqual(windowLabelText({ label: '2026-09', start: '2026-09-01T00:00:00Z', end: '2026-10-01T00:00:00Z' }), { text: '2026-09' });
    assert.equal(durationText(36 * 3600_000), '36 hours');
    assert.equal(durationText(90 * 60_000), '90 minutes');
  });
});
