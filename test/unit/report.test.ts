/**
 * The compliance report (spec §8, §9, §6) on hand-computed fixtures: test/fixtures/report/
 * credits.sla.yaml (two documents) over metrics/requests.csv — daily availability 99.9 %, 98.9 %,
 * 94 %, 99.5 % (the last day partial at the default asOf) — and in-memory SLAs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildReport, formatValue, creditFor, type SlaReport } from '../../server/src/engine/report';
import { reportFiles, parseAsOf } from '../../server/src/cli/report';
import { createHash } from 'node:crypto';
import { renderHtml, STYLE, STYLE_HASH } from '../../server/src/engine/render/html';
import { renderMarkdown } from '../../server/src/engine/render/markdown';
import { renderText } from '../../server/src/engine/render/text';
import { metric } from './engine-support';

const repoRoot = join(__dirname, '..', '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'report');

async function credits(asOf?: number): Promise<SlaReport[]> {
  const r = await reportFiles(['test/fixtures/report/credits.sla.yaml'], { cwd: repoRoot, root: fixtures, asOf });
  assert.deepEqual(r.messages, []);
  assert.equal(r.failed, false);
  return r.reports;
}

const sla = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'modelsla/v1', kind: 'SLA', metadata: { name: 'mem' }, model: 'm', scope: 'external',
  period: { start: '2026-03-01', end: '2026-03-31', timezone: 'UTC' },
  metrics: { requests: { file: 'x.csv', timestamp: 't', total: 'n', goodCount: 'ok' } },
  objectives: [{ id: 'availability', indicator: 'availability', metric: 'requests', method: 'request-based', target: '>= 99.9%', window: { calendar: 'day' } }],
  breach: {
    external: { serviceCredits: [{ objective: 'availability', tiers: [{ below: '95.0%', credit: '100%' }, { below: '99.9%', credit: '10%' }, { below: '99.0%', credit: '25%' }] }] },
    repeated: { count: 3, within: '3d', action: 'executive-review' },
  },
  ...extra,
});
const rows = () => metric({
  t: ['2026-03-01T12:00:00Z', '2026-03-02T12:00:00Z', '2026-03-03T12:00:00Z', '2026-03-04T12:00:00Z'],
  totals: [1000, 1000, 1000, 1000], goodCounts: [999, 989, 940, 995],
});

test('credits: 99.9 % exactly is not below 99.9 %; the most severe tier; no credit for the partial window', async () => {
  const [r] = await credits();
  assert.equal(r.asOf, '2026-03-04T12:00:00.001Z'); // default: 1 ms after the newest row
  const o = r.objectives[0];
  assert.deepEqual(o.windows.map((w) => [w.label, w.value, w.status, w.partial]), [
    ['2026-03-01', 99.9, 'met', false],
    ['2026-03-02', 98.9, 'breached', false],
    ['2026-03-03', 94, 'breached', false],
    ['2026-03-04', 99.5, 'breached', true],
  ]);
  assert.deepEqual(r.credits, [
    { objective: 'availability', window: '2026-03-02', credit: '25%' },
    { objective: 'availability', window: '2026-03-03', credit: '100%' },
  ]);
  assert.equal(o.windows[3].projectedCredit, '10%');
  assert.equal(o.windows[0].projectedCredit, undefined);
  assert.deepEqual(r.breaches, [
    { objective: 'availability', window: '2026-03-02', value: '98.9%' },
    { objective: 'availability', window: '2026-03-03', value: '94%' },
    { objective: 'availability', window: '2026-03-04', value: '99.5%' },
  ]);
  assert.equal(o.status, 'breached'); // the latest (partial) window's
});

test('credits: tier bounds in another ratio spelling and exact comparison', () => {
  const tiers = [{ below: '0.999', belowUnit: '', credit: '10%' }];
  assert.equal(creditFor(99.9, '%', tiers), undefined);
  assert.equal(creditFor(99.89, '%', tiers), '10%');
});

test('error budget: burn rate (1 − v)/(1 − t), remaining of the window budget', async () => {
  const [r] = await credits();
  const w = r.objectives[0].windows;
  assert.deepEqual(w[0].errorBudget, { remaining: 0, burnRate: 1, elapsed: 1 });
  assert.deepEqual(w[1].errorBudget, { remaining: -10, burnRate: 11, elapsed: 1 });
  const p = w[3].errorBudget!;
  assert.equal(p.burnRate, 5);
  assert.equal(p.elapsed, (12 * 3_600_000 + 1) / 86_400_000);
  assert.ok(Math.abs(p.remaining! - (1 - 5 * p.elapsed)) < 1e-12);
  assert.deepEqual(r.objectives[0].errorBudget, p);
});

test('repeated breaches: triggered at count within the period before asOf, not otherwise', () => {
  const base = sla();
  const run = (repeated: unknown) => buildReport({ ...base, breach: { ...base.breach, repeated } }, { file: 'a.sla.yaml', metrics: { requests: { ok: true, data: rows() } } }).objectives[0].repeated;
  assert.deepEqual(run({ count: 3, within: '3d', action: 'review' }), { count: 3, within: '3d', breaches: 3, triggered: true, action: 'review' });
  assert.equal(run({ count: 4, within: '3d', action: 'review' })!.triggered, false);
  // 2 days before asOf (03-04T12:00:00.001Z) = 03-02T12:00:00.001Z: the windows of 03-03 and 03-04.
  assert.deepEqual(run({ count: 3, within: '2d' }), { count: 3, within: '2d', breaches: 2, triggered: false });
});

test('multi-document file: one report per document, file relative to the current folder', async () => {
  const reports = await credits();
  assert.equal(reports.length, 2);
  assert.deepEqual(reports.map((r) => [r.sla, r.file]), [
    ['report-credits', 'test/fixtures/report/credits.sla.yaml'],
    ['report-rolling', 'test/fixtures/report/credits.sla.yaml'],
  ]);
  const w = reports[1].objectives[0].windows;
  assert.equal(w.length, 1);
  assert.deepEqual([w[0].start, w[0].end, w[0].partial, w[0].value, w[0].status, w[0].observations], ['2026-03-02T12:00:00.001Z', '2026-03-04T12:00:00.001Z', false, 96.75, 'breached', 2000]);
  assert.equal(w[0].label, '2026-03-02T12:00:00.001Z/2026-03-04T12:00:00.001Z');
});

test('asOf given: windows through the last one starting before it; the one ending at asOf is complete', async () => {
  const [r] = await credits(Date.parse('2026-03-03T00:00:00Z'));
  assert.equal(r.asOf, '2026-03-03T00:00:00.000Z');
  assert.deepEqual(r.objectives[0].windows.map((w) => [w.label, w.partial]), [['2026-03-01', false], ['2026-03-02', false]]);
  assert.deepEqual(r.credits, [{ objective: 'availability', window: '2026-03-02', credit: '25%' }]);
  assert.equal(parseAsOf('2026-03-03'), Date.parse('2026-03-03T00:00:00Z'));
  assert.equal(parseAsOf('2026-03-03T01:00:00+01:00'), Date.parse('2026-03-03T00:00:00Z'));
  assert.equal(parseAsOf('2026-03-03T01:00:00'), undefined); // no offset: ambiguous
});

test('JSON shape: the §8 keys exactly', async () => {
  const [r] = await credits();
  const json = JSON.parse(JSON.stringify(r));
  for (const k of ['sla', 'file', 'asOf', 'objectives', 'credits', 'breaches', 'dataIssues', 'dataIssueCounts']) assert.ok(k in json, k);
  for (const o of json.objectives) {
    for (const k of ['id', 'indicator', 'target', 'status', 'windows']) assert.ok(k in o, k);
    for (const w of o.windows) for (const k of ['start', 'end', 'partial', 'value', 'unit', 'observations', 'excluded', 'status']) assert.ok(k in w, k);
  }
  for (const c of json.credits) assert.deepEqual(Object.keys(c), ['objective', 'window', 'credit']);
  for (const b of json.breaches) assert.deepEqual(Object.keys(b), ['objective', 'window', 'value']);
  assert.deepEqual(json.dataIssues, []);
  assert.deepEqual(json.dataIssueCounts, { requests: 0 });
  assert.match(json.objectives[0].windows[0].start, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
});

test('an unreadable metric: its objectives are no-data, the report still builds', () => {
  const r = buildReport(sla(), { file: 'a.sla.yaml', metrics: { requests: { ok: false, reason: 'missing', message: '`x.csv` does not exist' } }, now: Date.parse('2026-03-05T00:00:00Z') });
  assert.equal(r.asOf, '2026-03-05T00:00:00.000Z');
  const o = r.objectives[0];
  assert.equal(o.status, 'no-data');
  assert.equal(o.windows.length, 4);
  assert.ok(o.windows.every((w) => w.status === 'no-data' && w.value === null));
  assert.deepEqual(r.credits, []);
  assert.deepEqual(r.metricErrors, [{ metric: 'requests', reason: 'missing', message: '`x.csv` does not exist' }]);
});

test('formatValue: rounded towards failure, trailing zeros dropped', () => {
  assert.equal(formatValue(99.8999, '%', '>= 99.9%'), '99.89%');
  assert.equal(formatValue(300.01, 'ms', '<= 300ms'), '300.1ms');
  assert.equal(formatValue(99.82, '%', '>= 99.9%'), '99.82%');
  assert.equal(formatValue(null, '%', '>= 99.9%'), 'n/a');
});

test('renderers: HTML escapes every string and loads nothing; Markdown has a table', () => {
  const payload = '<img src=x onerror=alert(1)>';
  const base = sla({ metadata: { name: 'mem', title: '<script>alert(1)</script>' } });
  base.objectives[0].id = payload;
  (base.breach.external.serviceCredits[0] as { objective: string }).objective = payload;
  const r = buildReport(base, { file: 'a "b" <c>.sla.yaml', metrics: { requests: { ok: true, data: rows() } } });
  const html = renderHtml([r]);
  assert.ok(!html.includes(payload));
  assert.ok(!html.includes('<script'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;/);
  const styleHash = createHash('sha256').update(STYLE, 'utf8').digest('base64');
  assert.equal(STYLE_HASH, styleHash, `the page's style changed: set STYLE_HASH in engine/render/html.ts to '${styleHash}'`);
  assert.ok(html.includes(`sha256-${STYLE_HASH}`) && html.includes(STYLE));
  assert.ok(!/\b(src|href)=/i.test(html.replace(/&lt;img src=x/g, '')));
  assert.ok(!/https?:/.test(html));
  const md = renderMarkdown([r]);
  assert.match(md, /^\| objective \| target \| window \| value \| status \|$/m);
  assert.ok(!md.includes(payload));
  const text = renderText([r]);
  assert.match(text, /Service credits: .*2026-03-02: 25%/);
});

test('examples/churn-external: September availability breached with the 10 % credit, latest windows met', async () => {
  const res = await reportFiles(['examples/churn-external.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'examples') });
  assert.deepEqual(res.messages, []);
  const [r] = res.reports;
  assert.equal(r.asOf, '2026-10-15T23:57:19.001Z');
  assert.ok(r.objectives.every((o) => o.status === 'met'));
  assert.deepEqual(r.credits, [{ objective: 'availability', window: '2026-09', credit: '10%' }]);
  assert.deepEqual(r.breaches.map((b) => [b.objective, b.window]), [['availability', '2026-09']]);
  const av = r.objectives.find((o) => o.id === 'availability')!;
  // §8: the breach's value is the window's exact value with its unit, not a rounding of it.
  assert.equal(r.breaches[0].value, `${av.windows.find((w) => w.label === '2026-09')!.value}%`);
  assert.match(r.breaches[0].value, /^99\.8\d{3,}%$/);
  assert.equal(av.windows.length, 10); // 2026-01 .. 2026-10
  assert.deepEqual(av.repeated, { count: 2, within: '90d', breaches: 1, triggered: false, action: 'executive-review-with-customer' });
  assert.ok(av.baseline && av.baseline.suggested);
  assert.equal(r.dataIssueCounts.latency, 4);
});
