/**
 * Prometheus metrics in the SLA file (spec §10): the schema's `prometheus:` form, selectors checked
 * with the PromQL grammar at their column, the metric's shape, and which objectives it can feed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, diagnose, lineOf, VALID_SLA } from '../helpers';
import { edit } from './lint-support';

const PROM_METRICS = `metrics:
  latency:
    prometheus:
      server: prod
      histogram: 'http_request_duration_seconds{job="churn-api"}'
    unit: s
  requests:
    prometheus:
      server: prod
      total: 'http_requests_total{job="churn-api"}'
      good: 'http_requests_total{job="churn-api", code!~"5.."}'
objectives:`;

const PROM_SLA = edit(edit(VALID_SLA, /metrics:\n[\s\S]*?objectives:/, PROM_METRICS), 'target: "<= 300ms"', 'target: "<= 0.3s"');
const errors = (text: string) => diagnose(text).filter((d) => d.severity === 1);

test('a valid SLA with Prometheus metrics has no errors', () => {
  assert.deepEqual(errors(PROM_SLA).map((d) => `${brief(d)} ${d.message}`), []);
});

test('a file field beside prometheus: says which form the metric is in', () => {
  const text = edit(PROM_SLA, '      server: prod\n      total:', '      server: prod\n      total:').replace('  requests:\n    prometheus:', '  requests:\n    file: metrics/requests.csv\n    prometheus:');
  const e = errors(text);
  assert.equal(e.length, 1, e.map((d) => d.message).join('\n'));
  assert.match(e[0].message, /`file` is a field of a metric file; `metrics.requests` reads `prometheus:` series/);
});

test('a metric with neither file nor prometheus still asks for its file', () => {
  const text = PROM_SLA.replace("  requests:\n    prometheus:\n      server: prod\n      total: 'http_requests_total{job=\"churn-api\"}'\n      good: 'http_requests_total{job=\"churn-api\", code!~\"5..\"}'\n", '  requests:\n    timestamp: ts\n');
  assert.match(errors(text).map((d) => d.message).join('\n'), /missing required field `file` in `metrics.requests`/);
});

test('a selector that is not a series selector is SLA002 at its column inside the string', () => {
  const text = PROM_SLA.replace("total: 'http_requests_total{job=\"churn-api\"}'", "total: 'rate(http_requests_total{job=\"churn-api\"}[5m])'");
  const [d] = errors(text);
  assert.equal(d.code, 'SLA002');
  assert.match(d.message, /^`total` of `metrics.requests`: a function call/);
  const line = lineOf(text, 'total: \'rate(');
  assert.equal(d.range.start.line, line);
  assert.equal(d.range.start.character, text.split('\n')[line].indexOf('rate('));
});

test('a broken regular expression is placed on its string, in a plain (unquoted) scalar too', () => {
  const text = PROM_SLA.replace("good: 'http_requests_total{job=\"churn-api\", code!~\"5..\"}'", 'good: http_requests_total{job="churn-api", code!~"5(.."}');
  const [d] = errors(text);
  assert.match(d.message, /regular expression "5\(\.\." is not valid/);
  const line = lineOf(text, 'good: http_requests_total');
  assert.equal(d.range.start.character, text.split('\n')[line].indexOf('"5(.."'));
});

test('a histogram selector may not choose `le`; a histogram takes no total', () => {
  let text = PROM_SLA.replace('histogram: \'http_request_duration_seconds{job="churn-api"}\'', 'histogram: \'http_request_duration_seconds{job="churn-api", le="0.3"}\'');
  assert.match(errors(text)[0].message, /`le` is chosen by the tool/);
  text = PROM_SLA.replace("      histogram: 'http_request_duration_seconds{job=\"churn-api\"}'\n", "      histogram: 'http_request_duration_seconds{job=\"churn-api\"}'\n      total: x_total\n");
  assert.match(errors(text)[0].message, /`total` with `histogram` in `metrics.latency`: a histogram brings its own counts/);
});

test('good and bad together, or without total, are refused', () => {
  const text = PROM_SLA.replace("      good: 'http_requests_total{job=\"churn-api\", code!~\"5..\"}'\n", "      good: a_total\n      bad: b_total\n");
  assert.match(errors(text).map((d) => d.message).join('\n'), /has both `good` and `bad`/);
  const noTotal = PROM_SLA.replace("      total: 'http_requests_total{job=\"churn-api\"}'\n", '');
  assert.match(errors(noTotal).map((d) => d.message).join('\n'), /`good` needs `total` in `metrics.requests`/);
});

test('objectives a Prometheus metric cannot feed: accuracy, and latency from counters', () => {
  const latencyFromCounters = PROM_SLA.replace('    metric: latency\n', '    metric: requests\n');
  assert.match(errors(latencyFromCounters).map((d) => d.message).join('\n'), /objective `latency-p99` cannot be computed from `metrics.requests` \(request counters\): latency needs a `histogram`/);
  const availabilityFromHistogram = PROM_SLA.replace('    metric: requests\n    method', '    metric: latency\n    method');
  assert.match(errors(availabilityFromHistogram).map((d) => d.message).join('\n'), /objective `availability` cannot be computed from `metrics.latency` \(a histogram\): availability needs `total` with `good` or `bad`/);
});

test('unit on a counter metric is refused (counters count requests)', () => {
  const text = PROM_SLA.replace("      good: 'http_requests_total{job=\"churn-api\", code!~\"5..\"}'\n", "      good: 'http_requests_total{job=\"churn-api\", code!~\"5..\"}'\n    unit: ms\n");
  assert.match(errors(text).map((d) => d.message).join('\n'), /`unit` of `metrics.requests` applies to a `histogram`/);
});
