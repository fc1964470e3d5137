/**
 * Export as HTML (issue 13, item 14): the page carries the preview's charts as inline SVG (no
 * script, no external resource), collapses leading windows without data, says "invalid" once, and
 * labels its as-of instant in the zone it names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { reportFiles } from '../../server/src/cli/report';
import { buildReport } from '../../server/src/engine/report';
import { renderHtml } from '../../server/src/engine/render/html';
import { objectiveChartSvg } from '../../server/src/engine/render/svgChart';
import { zonedInstant } from '../../server/src/engine/render/zonedInstant';
import { parseSlaFile } from '../../server/src/service/parse';
import { metric } from './engine-support';

const repoRoot = join(__dirname, '..', '..');

test('the churn report as HTML: one SVG chart per objective, September breached in red, no script or external resource', async () => {
  const res = await reportFiles(['examples/churn-external.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'examples') });
  const [r] = res.reports;
  const html = renderHtml([r]);
  const charts = html.match(/<figure class="chart"><svg [^>]*role="img"/g) ?? [];
  assert.equal(charts.length, r.objectives.length);
  const availability = objectiveChartSvg(r.objectives.find((o) => o.id === 'availability')!);
  assert.match(availability, /<polyline class="value" points="[\d.,\s]+"\/>/);
  assert.match(availability, /<line class="target"[^>]*><title>target &gt;= 99\.9%<\/title>/);
  assert.match(availability, /<circle class="breached"[^>]*><title>2026-09: 99\.82% \(breached\)<\/title>/);
  assert.doesNotMatch(html, /<script|https?:|\b(src|href)=/i);
  // The leading months without data are not drawn either (the table collapses them too).
  assert.doesNotMatch(availability, /2026-01/);
});

test('the as-of instant is shown in the zone it is labelled with', async () => {
  const res = await reportFiles(['examples/churn-external.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'examples'), asOf: Date.parse('2026-09-15T12:00:00Z') });
  const html = renderHtml(res.reports);
  assert.match(html, /as of <time datetime="2026-09-15T12:00:00\.000Z">2026-09-15 14:00 Europe\/Berlin \(12:00 UTC\)<\/time>/);
  assert.doesNotMatch(html, /2026-09-15T12:00:00\.000Z \(Europe\/Berlin\)/);
  assert.equal(zonedInstant('2026-10-15T23:57:19.001Z', 'Europe/Berlin'), '2026-10-16 01:57 Europe/Berlin (2026-10-15 23:57 UTC)');
  assert.equal(zonedInstant('2026-10-15T23:57:19.001Z', 'UTC'), '2026-10-15 23:57 UTC');
});

test('an objective that cannot be evaluated says "invalid" once: no chart, no table of no-data rows', () => {
  const text = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: inv, owner: a@example.com }
model: m
scope: internal
period: { start: 2026-01-01, end: 2026-06-30, timezone: UTC }
metrics:
  latency: { file: l.csv, timestamp: t, value: ms, unit: ms }
objectives:
  - id: p99
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: 300ms
    window: { calendar: month }
`;
  const file = parseSlaFile('file:///w/inv.sla.yaml', 1, text);
  const r = buildReport(file.docs[0].value, {
    file: 'inv.sla.yaml', asOf: Date.parse('2026-06-15T00:00:00Z'),
    metrics: { latency: { ok: true, data: metric({ t: ['2026-06-01T00:00:00Z'], values: [200], unit: 'ms' }) } },
  });
  const html = renderHtml([r]);
  assert.equal(html.match(/operator/g)?.length, 1, 'the reason once');
  assert.match(html, /<strong>Invalid:<\/strong>/);
  assert.doesNotMatch(html, /<svg|<td>2026-0[1-6]<\/td>/);
});
