/**
 * Completion inside a Prometheus selector (spec §10) against a real Prometheus: metric names at the
 * start, the labels of the metric's series after `{` or `,` (those already matched left out), a
 * label's values inside its quotes — narrowed by what is already typed. Nothing is asked in an
 * untrusted workspace, and a server that is down gives no items, quickly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { getLanguageService } from '../../server/src/service/languageService';
import { parseServers } from '../../server/src/service/prometheusServers';
import { selectorSpot } from '../../server/src/service/selectorCompletion';
import { seriesInfoMarkdown } from '../../server/src/service/selectorHover';
import { freePort, prometheusAvailable, startPrometheus, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
const T0 = Date.now() - 3_600_000; // recent: label and series APIs look at the last hours by default
const samples = Array.from({ length: 20 }, (_, i) => ({ t: T0 + i * 15_000, v: i }));

const SLA = (selector: string, key = 'total') => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: c, owner: team@example.com }
model: m
scope: internal
metrics:
  requests:
    prometheus:
      server: prod
      ${key}: ${selector}
objectives:
  - { id: t, indicator: throughput, metric: requests, target: ">= 1rps", window: { calendar: day } }
`;

test('the spot in a half-typed selector', () => {
  assert.deepEqual(selectorSpot('http_req'), { kind: 'metric', prefix: 'http_req', from: 0 });
  assert.deepEqual(selectorSpot('x{job="a", co'), { kind: 'label', metric: 'x', matchers: 'job="a"', prefix: 'co', from: 11 });
  assert.deepEqual(selectorSpot('x{job="a", code=~"5'), { kind: 'value', metric: 'x', matchers: 'job="a"', label: 'code', prefix: '5', from: 18, quote: '"' });
  assert.equal(selectorSpot('rate(x'), undefined);
  assert.equal(selectorSpot('x{job="a"}'), undefined);
});

test('hover on a selector with no recent sample says so, without claiming SLA119 (a past period\'s data is not recent)', () => {
  const text = seriesInfoMarkdown('prod', { selector: 'x_total{job="a"}' }, { series: 0 });
  assert.match(text, /has no sample in the last 10 minutes\. The report reads the SLA's period/);
  assert.doesNotMatch(text, /matches 0 series/);
});

describe('completion from the server', { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  before(async () => {
    prom = await startPrometheus([
      { name: 'http_requests', type: 'counter', series: [
        { labels: { job: 'churn-api', code: '200', handler: '/v1/score' }, samples },
        { labels: { job: 'churn-api', code: '503', handler: '/v1/score' }, samples },
        { labels: { job: 'batch', code: '200', queue: 'q1' }, samples },
      ] },
      { name: 'http_request_duration_seconds', type: 'histogram', series: [
        { labels: { __name__: 'http_request_duration_seconds_bucket', job: 'churn-api', le: '0.3' }, samples },
        { labels: { __name__: 'http_request_duration_seconds_bucket', job: 'churn-api', le: '+Inf' }, samples },
        { labels: { __name__: 'http_request_duration_seconds_count', job: 'churn-api' }, samples },
      ] },
    ]);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-complete-'));
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });

  /** Completion at the end of `selector` (`after`: what follows the cursor on the line). */
  const complete = async (selector: string, options: { url?: string; trusted?: boolean; key?: string; after?: string } = {}) => {
    const access = new NodeMetricAccess(() => [ws], 32, { servers: () => parseServers({ prod: { url: options.url ?? prom.url } }).servers, network: () => options.trusted !== false });
    const service = getLanguageService({ metrics: access });
    const key = options.key ?? 'total';
    const text = SLA(selector + (options.after ?? ''), key);
    const line = text.split('\n').findIndex((l) => l.includes(`${key}: `));
    const character = text.split('\n')[line].length - (options.after ?? '').length;
    const list = await service.completeInWorkspace({ uri: pathToFileURL(join(ws, 'c.sla.yaml')).href, version: 1, getText: () => text }, { line, character });
    return list.items;
  };

  test('metric names at the start of the selector', async () => {
    const items = await complete('http_');
    assert.deepEqual(items.map((i) => i.label), ['http_request_duration_seconds_bucket', 'http_request_duration_seconds_count', 'http_requests_total']);
    assert.equal(items[2].textEdit && 'range' in items[2].textEdit ? items[2].textEdit.range.start.character : -1, '      total: '.length);
  });

  test('label names of the metric\'s series after {, without those already matched', async () => {
    const items = await complete('http_requests_total{job="churn-api", ');
    assert.deepEqual(items.map((i) => i.label), ['code', 'handler']);
    assert.equal(items[0].textEdit?.newText, 'code="');
  });

  test('label values among the series the selector already narrows to', async () => {
    assert.deepEqual((await complete('\'http_requests_total{job="churn-api", code="')).map((i) => i.label), ['200', '503']);
    assert.deepEqual((await complete('\'http_requests_total{job="')).map((i) => i.label), ['batch', 'churn-api']);
  });

  test('a value gets its closing quote, unless one follows the cursor', async () => {
    assert.equal((await complete('\'http_requests_total{job="churn-api", code="'))[0].textEdit?.newText, '200"');
    assert.equal((await complete('\'http_requests_total{job="churn-api", code="', { after: '"}\'' }))[0].textEdit?.newText, '200');
  });

  test('a histogram selector names the base: histograms\' bases offered, labels of their buckets without le', async () => {
    assert.deepEqual((await complete('http_', { key: 'histogram' })).map((i) => i.label), ['http_request_duration_seconds']);
    assert.deepEqual((await complete('http_request_duration_seconds{', { key: 'histogram' })).map((i) => i.label), ['job']);
  });

  test('nothing from an untrusted workspace, nor from a server that is down', async () => {
    assert.deepEqual(await complete('http_', { trusted: false }), []);
    const started = Date.now();
    assert.deepEqual(await complete('http_', { url: `http://127.0.0.1:${await freePort()}` }), []);
    assert.ok(Date.now() - started < 5000);
  });
});

describe('hover on a selector', { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  before(async () => {
    const now = Date.now();
    const recent = Array.from({ length: 20 }, (_, i) => ({ t: now - 300_000 + i * 15_000, v: i }));
    prom = await startPrometheus([
      { name: 'http_requests', type: 'counter', series: [
        { labels: { job: 'api', code: '200' }, samples: recent },
        { labels: { job: 'api', code: '503' }, samples: recent },
      ] },
      { name: 'lat_seconds', type: 'histogram', series: [
        ...['0.1', '0.3', '+Inf'].map((le): { labels: Record<string, string>; samples: typeof recent } => ({ labels: { __name__: 'lat_seconds_bucket', job: 'api', le }, samples: recent })),
        { labels: { __name__: 'lat_seconds_count', job: 'api' }, samples: recent },
      ] },
    ]);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-hover-'));
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });

  const hover = async (field: string, selector: string) => {
    const access = new NodeMetricAccess(() => [ws], 32, { servers: () => parseServers({ prod: { url: prom.url } }).servers });
    const service = getLanguageService({ metrics: access });
    const text = SLA('x_total').replace('      total: x_total', `      ${field}: '${selector}'`);
    const line = text.split('\n').findIndex((l) => l.includes(`${field}: '`));
    const h = await service.hoverInWorkspace({ uri: pathToFileURL(join(ws, 'h.sla.yaml')).href, version: 1, getText: () => text }, { line, character: text.split('\n')[line].indexOf("'") + 3 });
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };

  test('a counter selector: series, scrape interval, latest sample', async () => {
    const words = await hover('total', 'http_requests_total{job="api"}');
    assert.match(words, /`http_requests_total\{job="api"\}` matches 2 series\./);
    assert.match(words, /Scrape interval: 15 s\./);
    assert.match(words, /Latest sample: 19 at /);
  });

  test('a histogram selector: its bucket boundaries, in order', async () => {
    const words = await hover('histogram', 'lat_seconds{job="api"}');
    assert.match(words, /`lat_seconds_count\{job="api"\}` matches 1 series/);
    assert.match(words, /Bucket boundaries \(`le`\): `0.1`, `0.3`, `\+Inf`/);
  });
});
