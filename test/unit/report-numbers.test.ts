/**
 * Spec §8: `breaches[].value` is the window's exact value with its unit; the human views (text,
 * Markdown, HTML, code lenses, the preview) round, but never onto the other side of the target, and
 * an error budget overspent by a hair never reads "0.0%" left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, type SlaReport } from '../../server/src/engine/report';
import { compareDecimalTexts, formatBudget, formatFactor, formatValue } from '../../server/src/engine/render/humanNumbers';
import { renderText } from '../../server/src/engine/render/text';
import { renderMarkdown } from '../../server/src/engine/render/markdown';
import { renderHtml } from '../../server/src/engine/render/html';
import { complianceLenses } from '../../server/src/service/complianceLens';
import { parseSlaFile } from '../../server/src/service/parse';
import { formatValue as previewFormatValue, formatBudget as previewFormatBudget, formatPercent } from '../../client/src/preview/webview/model';
import { metric } from './engine-support';

const SLA_TEXT = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: hair, owner: a@example.com }
model: m
scope: external
period: { start: 2026-03-01, end: 2026-03-31, timezone: UTC }
metrics:
  requests: { file: r.csv, timestamp: t, total: n, goodCount: ok }
  latency: { file: l.csv, timestamp: t, value: ms, unit: ms }
objectives:
  - id: availability
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.9%"
    window: { calendar: month }
  - id: p99
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 300ms"
    window: { calendar: month }
`;

function hairReport(): SlaReport {
  const file = parseSlaFile('file:///w/hair.sla.yaml', 1, SLA_TEXT);
  // 99,899,995 of 100,000,000 good = 99.899995 %: under 99.9 % by 0.000005 points.
  const requests = metric({ t: ['2026-03-10T00:00:00Z'], totals: [100_000_000], goodCounts: [99_899_995] });
  const latency = metric({ t: ['2026-03-10T00:00:00Z'], values: [300.00001], unit: 'ms' });
  return buildReport(file.docs[0].value, {
    file: 'hair.sla.yaml', asOf: Date.parse('2026-04-01T00:00:00Z'),
    metrics: { requests: { ok: true, data: requests }, latency: { ok: true, data: latency } },
  });
}

test('breaches[].value: the exact value with its unit, never rounded onto the target (JSON)', () => {
  const r = hairReport();
  assert.deepEqual(r.breaches, [
    { objective: 'availability', window: '2026-03', value: '99.899995%' },
    { objective: 'p99', window: '2026-03', value: '300.00001ms' },
  ]);
  assert.equal(r.objectives[0].windows[0].value, 99.899995);
});

test('text, Markdown and HTML show a breach on the failing side of its target; the budget line shows the overspend', () => {
  const r = hairReport();
  const text = renderText([r]);
  assert.match(text, /^availability\s+availability\s+>= 99\.9%\s+2026-03\s+99\.89%\s+breached$/m);
  assert.match(text, /^p99\s+latency\s+<= 300ms\s+2026-03\s+300\.1ms\s+breached$/m);
  assert.match(text, /Breaches: availability 2026-03 \(99\.89%\), p99 2026-03 \(300\.1ms\)/);
  // burn = 0.000005 / 0.1 + 1 = 1.00005: remaining −0.005 % of the budget, never "0.0%".
  assert.match(text, /error budget left -0\.01%, burn 1\.00×/);
  assert.ok(!/99\.9%\s+breached|\(99\.9%\)|\(300ms\)|left 0\.0%/.test(text), text);
  const md = renderMarkdown([r]);
  assert.match(md, /- availability 2026-03: 99\.89%/);
  assert.match(md, /- p99 2026-03: 300\.1ms/);
  assert.match(md, /\| 2026-03 \| 99\.89% \| breached \|/);
  const html = renderHtml([r]);
  assert.match(html, /availability 2026-03 \(99\.89%\), p99 2026-03 \(300\.1ms\)/);
  assert.ok(!html.includes('(99.9%)'));
});

test('code lenses: the breached value is not rounded onto the target', () => {
  const file = parseSlaFile('file:///w/hair.sla.yaml', 1, SLA_TEXT);
  const lenses = complianceLenses(file, [hairReport()]);
  assert.deepEqual(lenses.map((l) => l.command!.title), [
    '✗ breached 1 of 1 window — 99.89% vs >= 99.9% (2026-03)',
    '✗ breached 1 of 1 window — p99 300.1ms vs <= 300ms (2026-03)',
  ]);
});

test('formatValue: towards failure, and more digits when rounding would cross the target', () => {
  assert.equal(formatValue(99.899995, '%', '>= 99.9%'), '99.89%');
  assert.equal(formatValue(99.899995, '%', '>= 99.9%', 'breached'), '99.89%');
  assert.equal(formatValue(99.8999999999, '%', '>= 99.9%'), '99.89%');
  assert.equal(formatValue(300.00001, 'ms', '<= 300ms'), '300.1ms');
  // A met value under a strict bound: 99.9000001 > 99.9, so "99.9%" would read as a miss.
  assert.equal(formatValue(99.9000001, '%', '> 99.9%', 'met'), '99.9000001%');
  assert.equal(formatValue(99.9000001, '%', '> 99.9%'), '99.9000001%');
  // Representation noise is not a digit: 99.82 × 100 = 9981.999999999998.
  assert.equal(formatValue(99.82, '%', '>= 99.9%'), '99.82%');
  assert.equal(formatValue(99.9, '%', '>= 99.9%', 'met'), '99.9%');
  assert.equal(formatValue(0.8123, '', '>= 0.8'), '0.81');
  assert.equal(formatValue(1.23456, 'x'), '1.23x');
  assert.equal(formatValue(null, '%', '>= 1%'), 'n/a');
  // The preview uses the same rule.
  for (const [v, u, t, s] of [[99.899995, '%', '>= 99.9%', 'breached'], [99.9000001, '%', '> 99.9%', 'met'], [300.00001, 'ms', '<= 300ms', undefined]] as const) {
    assert.equal(previewFormatValue(v, u, t, s), formatValue(v, u, t, s));
  }
});

test('formatValue: never 0 for a non-zero value, never the target\'s number for a value that is not the target', () => {
  // No target, or a target far away: 0.00001 % is not "0%".
  assert.equal(formatValue(0.00001, '%'), '0.00001%');
  assert.equal(formatValue(0.00001, '%', '>= 99.9%'), '0.00001%');
  assert.equal(formatValue(0.00001, '%', '>= 99.9%', 'breached'), '0.00001%');
  assert.equal(formatValue(-0.004, 'ms'), '-0.004ms');
  assert.equal(formatValue(0.0004, 'rps', '>= 20rps', 'breached'), '0.0004rps');
  assert.equal(formatValue(0, '%', '>= 99.9%', 'breached'), '0%');
  // 299.99999 ms meets `<= 300ms`, but it is not 300: rounded up it would read as the target itself.
  assert.equal(formatValue(299.99999, 'ms', '<= 300ms', 'met'), '299.99999ms');
  assert.equal(formatValue(99.9000001, '%', '>= 99.9%', 'met'), '99.9000001%');
  assert.equal(formatValue(300, 'ms', '<= 300ms', 'met'), '300ms'); // exactly the target: its number
  assert.equal(formatValue(299.96, 'ms', '<= 300ms', 'met'), '299.96ms'); // not "300ms"
  assert.equal(previewFormatValue(0.00001, '%', '>= 99.9%', 'breached'), '0.00001%');
  // Burn rates and elapsed shares: two decimals / as asked, more rather than a 0 for a non-zero.
  assert.equal(formatFactor(0.5), '0.50');
  assert.equal(formatFactor(0.001), '0.001');
  assert.equal(formatFactor(0), '0.00');
  assert.equal(formatFactor(null), 'n/a');
  assert.equal(formatPercent(0.00001, 0), '0.001%');
  assert.equal(formatPercent(0.5, 0), '50%');
  assert.equal(formatPercent(0, 0), '0%');
});

test('formatBudget: one decimal; an overspend or a touch never reads 0.0 % or 100.0 %', () => {
  assert.equal(formatBudget(0.8115), '81.2%');
  assert.equal(formatBudget(-0.755), '-75.5%');
  assert.equal(formatBudget(0), '0.0%');
  assert.equal(formatBudget(1), '100.0%');
  assert.equal(formatBudget(-0.00005), '-0.01%');
  assert.equal(formatBudget(-0.000004), '-0.0004%');
  assert.equal(formatBudget(0.000004), '0.0004%');
  assert.equal(formatBudget(0.99996), '99.996%');
  assert.equal(formatBudget(null), 'n/a');
  assert.equal(previewFormatBudget(-0.000004), '-0.0004%');
});

test('compareDecimalTexts: exact, exponents included', () => {
  assert.equal(compareDecimalTexts('99.899995', '99.9'), -1);
  assert.equal(compareDecimalTexts('99.90', '99.9'), 0);
  assert.equal(compareDecimalTexts('1e-7', '0.0000001'), 0);
  assert.equal(compareDecimalTexts('1.5e+21', '1500000000000000000000'), 0);
  assert.equal(compareDecimalTexts('-0.1', '0'), -1);
  assert.equal(compareDecimalTexts('x', '0'), undefined);
});
