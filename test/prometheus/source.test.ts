/**
 * The Prometheus source (spec §10) end to end against a real Prometheus: the same requests as a
 * CSV file of pre-aggregated rows and as counters backfilled into Prometheus give the same
 * report — verdicts, good and total counts, throughput — through the one service path the editor
 * and the CLI use. The counters carry what makes counting hard: two instances scraped at different
 * offsets, a counter reset (a restart) inside a window, samples exactly on a window edge (local
 * midnight in a DST zone), a series of another job the selector must exclude, and a series that
 * begins before the period (its first sample in the range is not a start).
 * Plus SLA119: a server not configured, a selector that matches nothing, a server that is down.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { complianceReports } from '../../server/src/service/compliance';
import { explainWindow } from '../../server/src/service/explain';
import { getLanguageService } from '../../server/src/service/languageService';
import { parseSlaFile } from '../../server/src/service/parse';
import { parseServers } from '../../server/src/service/prometheusServers';
import type { SlaReport } from '../../server/src/engine/report';
import { rng } from '../support/prng';
import { freePort, prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';

// Europe/Berlin, across the end of DST (2026-10-25): four local days from 10-23 to 10-26 inclusive.
const PERIOD_START = Date.parse('2026-10-22T22:00:00Z'); // 2026-10-23 00:00 in Berlin
const END = Date.parse('2026-10-26T23:00:00Z'); // 2026-10-27 00:00 in Berlin (CET)
const FIRST = PERIOD_START - 30 * 60_000; // the counters exist half an hour before the period
const STEP = 30_000;
const random = rng(15);

interface Scrape { t: number; total: number; bad: number }
/** Per instance: requests at each scrape instant (events happen at the instant the scrape sees them). */
function instance(offsetMs: number, restartAt?: number): Scrape[] {
  const out: Scrape[] = [];
  for (let t = FIRST + offsetMs; t < END; t += STEP) {
    const busy = new Date(t).getUTCHours() >= 8 && new Date(t).getUTCHours() < 20;
    const total = Math.floor(random() * (busy ? 40 : 8));
    // One bad hour on 10-25 (local): breaches that day's 99 % target.
    const outage = t >= Date.parse('2026-10-25T09:00:00Z') && t < Date.parse('2026-10-25T10:00:00Z');
    let bad = 0;
    for (let k = 0; k < total; k++) if (random() < (outage ? 0.5 : 0.001)) bad++;
    out.push({ t, total, bad });
  }
  void restartAt;
  return out;
}
const a = instance(0); // samples exactly on every local midnight
const GAP_FROM = Date.parse('2026-10-24T06:00:00Z'), GAP_TO = Date.parse('2026-10-24T06:20:00Z');
const NAN_AT = Date.parse('2026-10-25T12:00:00Z');
const LATE_START = Date.parse('2026-10-26T08:00:00Z');
const b = instance(7_250);
const RESTART = Date.parse('2026-10-24T13:00:07.250Z'); // instance b restarts: its counters start from 0 again

/** Cumulative counter samples; `restart`: from that instant the counter counts from 0 again. */
function counter(scrapes: Scrape[], pick: (s: Scrape) => number, restart?: number): { t: number; v: number }[] {
  let v = 0;
  return scrapes.map((s) => {
    if (restart !== undefined && s.t === restart) v = 0;
    v += pick(s);
    return { t: s.t, v };
  });
}

const families: Family[] = [{
  name: 'http_requests', type: 'counter', series: [
    { labels: { job: 'churn-api', instance: 'a', code: '200' }, samples: counter(a, (s) => s.total - s.bad) },
    { labels: { job: 'churn-api', instance: 'a', code: '500' }, samples: counter(a, (s) => s.bad) },
    { labels: { job: 'churn-api', instance: 'b', code: '200' }, samples: counter(b, (s) => s.total - s.bad, RESTART) },
    { labels: { job: 'churn-api', instance: 'b', code: '500' }, samples: counter(b, (s) => s.bad, RESTART) },
    // A job whose series show what the report must list: a 20-minute scrape gap on 10-24, a NaN
    // sample, and a series that starts inside the period.
    { labels: { job: 'gappy', instance: 'g', code: '200' }, samples: a.filter((s) => s.t < GAP_FROM || s.t >= GAP_TO).map((s, i) => ({ t: s.t, v: s.t === NAN_AT ? NaN : i })) },
    { labels: { job: 'gappy', instance: 'late', code: '200' }, samples: a.filter((s) => s.t >= LATE_START).map((s, i) => ({ t: s.t, v: i })) },
    // Another job: must not count.
    { labels: { job: 'batch', instance: 'c', code: '500' }, samples: a.map((s, i) => ({ t: s.t, v: i * 1000 })) },
  ],
}];

// The CSV twin: one row per instance and scrape inside the data, the requests that scrape saw.
// (The counters' first samples, before the period, count nothing: the CSV starts after them.)
const csvRows = [...a.slice(1).map((s) => ({ ...s })), ...b.slice(1).map((s) => ({ ...s }))].sort((x, y) => x.t - y.t);
const csv = `ts,requests,ok\n${csvRows.map((r) => `${new Date(r.t).toISOString()},${r.total},${r.total - r.bad}`).join('\n')}\n`;

const objectives = `objectives:
  - id: availability-daily
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99%"
    window: { calendar: day }
  - id: availability-rolling
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.5%"
    window: { rolling: 2d }
  - id: throughput
    indicator: throughput
    metric: requests
    target: ">= 0.5rps"
    slice: 5m
    window: { calendar: day }
`;
const head = (name: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: ${name}, owner: team@example.com }
model: churn
scope: internal
period: { start: 2026-10-23, end: 2026-10-26, timezone: Europe/Berlin }
`;
const FILE_SLA = `${head('from-file')}metrics:
  requests: { file: metrics/requests.csv, timestamp: ts, total: requests, goodCount: ok }
${objectives}`;
const PROM_SLA = (good: string, server = 'prod') => `${head('from-prometheus')}metrics:
  requests:
    prometheus:
      server: ${server}
      total: 'http_requests_total{job="churn-api"}'
      ${good}
${objectives}`;

/** What must agree: per objective and window, the status, value and counts. */
function verdicts(reports: SlaReport[]) {
  return reports[0].objectives.map((o) => ({
    id: o.id, status: o.status, problem: o.problem,
    windows: o.windows.map((w) => ({ label: w.label, status: w.status, value: w.value, valueText: w.valueText, observations: w.observations, slices: w.slices, errorBudget: w.errorBudget })),
  }));
}

describe('Prometheus counters give the report their CSV twin gives', { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  let access: NodeMetricAccess;
  const asOf = END;
  before(async () => {
    prom = await startPrometheus(families);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-prom-ws-'));
    mkdirSync(join(ws, 'metrics'));
    writeFileSync(join(ws, 'metrics', 'requests.csv'), csv);
    const { servers } = parseServers({ prod: { url: prom.url } });
    access = new NodeMetricAccess(() => [ws], 32, { servers: () => servers, source: { now: () => END + 3_600_000 } });
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });

  const report = (name: string, text: string) => complianceReports(parseSlaFile(pathToFileURL(join(ws, name)).href, 1, text), access, { file: name, asOf, series: false });

  test('good counters: the same verdicts, values and counts per window', async () => {
    const fromFile = verdicts(await report('file.sla.yaml', FILE_SLA));
    const fromProm = verdicts(await report('prom.sla.yaml', PROM_SLA('good: \'http_requests_total{job="churn-api", code!~"5.."}\'')));
    assert.deepEqual(fromProm, fromFile);
    // The day of the outage breached, the others met; the data were real numbers, not no-data.
    const daily = fromFile.find((o) => o.id === 'availability-daily')!;
    assert.deepEqual(daily.windows.map((w) => w.status), ['met', 'met', 'breached', 'met']);
    assert.ok(daily.windows.every((w) => w.observations > 1000));
    // 10-25 has 25 hours in Berlin (the end of DST): its window is the longest.
    assert.match(daily.windows[2].label, /2026-10-25/);
  });

  test('explain (spec §8.1) on Prometheus: the value and counts of the CSV twin, the evidence a series and its samples, not a line', async () => {
    const options = { objective: 'availability-daily', window: '2026-10-25', asOf, file: 'x' };
    const fromFile = await explainWindow(parseSlaFile(pathToFileURL(join(ws, 'file.sla.yaml')).href, 1, FILE_SLA), access, options);
    const fromProm = await explainWindow(parseSlaFile(pathToFileURL(join(ws, 'prom.sla.yaml')).href, 1, PROM_SLA('good: \'http_requests_total{job="churn-api", code!~"5.."}\'')), access, options);
    assert.ok(fromFile.ok && fromProm.ok);
    const [f, p] = [fromFile.explanation, fromProm.explanation];
    assert.equal(p.status, 'breached');
    assert.deepEqual([p.value, p.good, p.total], [f.value, f.good, f.total]);
    assert.ok(f.evidence.length > 0 && f.evidence.every((e) => e.file === 'metrics/requests.csv' && e.line! > 1));
    assert.ok(p.evidence.length > 0);
    for (const e of p.evidence) {
      assert.equal(e.line, undefined);
      assert.match(e.series!, /^http_requests_total\{.*job="churn-api"/);
      assert.ok(e.good! < e.total!, JSON.stringify(e));
      assert.ok((e.from ?? e.timestamp) >= '2026-10-24T22:00:00.000Z' && (e.from ?? e.timestamp) < '2026-10-25T23:00:00.000Z', JSON.stringify(e));
    }
  });

  test('bad counters (good = total − bad) agree as well', async () => {
    const fromFile = verdicts(await report('file.sla.yaml', FILE_SLA));
    const fromProm = verdicts(await report('prom-bad.sla.yaml', PROM_SLA('bad: \'http_requests_total{job="churn-api", code=~"5.."}\'')));
    assert.deepEqual(fromProm, fromFile);
  });

  test('SLA119: a server not configured, a selector without series, a server that is down', async () => {
    const service = getLanguageService({ metrics: access });
    const lintOf = async (name: string, text: string) => {
      const uri = pathToFileURL(join(ws, name)).href;
      const document = { uri, version: 1, getText: () => text };
      await service.lintData?.(document);
      return service.validate(document).filter((d) => d.code === 'SLA119').map((d) => `${d.range.start.line}: ${d.message}`);
    };
    const missingServer = await lintOf('a.sla.yaml', PROM_SLA('good: x_total', 'staging'));
    assert.equal(missingServer.length, 1);
    assert.match(missingServer[0], /the server `staging` is not configured: add it under `servers:` in .model-sla.yaml .*configured: `prod`/);
    const noSeries = await lintOf('b.sla.yaml', PROM_SLA('good: \'http_requests_total{job="churn-api", code="299"}\''));
    assert.equal(noSeries.length, 1);
    assert.match(noSeries[0], /^11: metric `requests`: `good` `http_requests_total\{job="churn-api", code="299"\}` matches no series on prod/);
    const port = await freePort();
    const down = new NodeMetricAccess(() => [ws], 32, { servers: () => parseServers({ prod: { url: `http://127.0.0.1:${port}` } }).servers });
    const reports = await complianceReports(parseSlaFile(pathToFileURL(join(ws, 'c.sla.yaml')).href, 1, PROM_SLA('good: x_total')), down, { file: 'c.sla.yaml', asOf, series: false });
    assert.match(reports[0].metricErrors?.[0]?.message ?? '', /cannot reach prod \(http:\/\/127.0.0.1:\d+\): connection refused/);
    assert.ok(reports[0].objectives.every((o) => o.status === 'no-data'));
  });

  test('SLA120: a slice shorter than twice the scrape interval (30 s here), with a fix to a slice that is not', async () => {
    const service = getLanguageService({ metrics: access });
    const findings = async (name: string, text: string) => {
      const uri = pathToFileURL(join(ws, name)).href;
      const document = { uri, version: 1, getText: () => text };
      await service.lintData(document);
      return service.validate(document).filter((d) => d.code === 'SLA120');
    };
    const good = 'good: \'http_requests_total{job="churn-api", code!~"5.."}\'';
    const short = await findings('s.sla.yaml', PROM_SLA(good).replace('slice: 5m', 'slice: 45s'));
    assert.equal(short.length, 1);
    assert.match(String(short[0].message), /^objective `throughput`: its slice of 45s is shorter than twice the scrape interval of `metrics.requests` \(30s\): .* Use a slice of at least 1m\.$/);
    assert.deepEqual(await findings('t.sla.yaml', PROM_SLA(good).replace('slice: 5m', 'slice: 1m')), []);
  });

  test('data issues name the series: a gap longer than 3 × the scrape interval, a NaN sample, a series start', async () => {
    const text = PROM_SLA('good: \'http_requests_total{job="gappy"}\'').replace(/job="churn-api"/g, 'job="gappy"');
    const [r] = await report('gappy.sla.yaml', text);
    const issues = r.dataIssues.map((d) => `${d.problem.split(':')[0]} ${d.series} ${d.from ?? ''}${d.to ? `→${d.to}` : ''}`);
    const series = (instance: string) => `http_requests_total{code="200", instance="${instance}", job="gappy"}`;
    // The series' last sample before the gap is 05:59:30, the first after 06:20:00; reported for total and good.
    const gap = `gap ${series('g')} 2026-10-24T05:59:30.000Z→2026-10-24T06:20:00.000Z`;
    assert.deepEqual(issues.filter((i) => i.startsWith('gap')), [gap, gap]);
    assert.deepEqual(issues.filter((i) => i.startsWith('NaN')), [`NaN samples ${series('g')} 2026-10-25T12:00:00.000Z`, `NaN samples ${series('g')} 2026-10-25T12:00:00.000Z`]);
    assert.deepEqual(issues.filter((i) => i.startsWith('series start')), [`series start ${series('late')} 2026-10-26T08:00:00.000Z`, `series start ${series('late')} 2026-10-26T08:00:00.000Z`]);
    assert.equal(r.dataIssueCounts.requests, 6);
  });

  test('the default asOf is 1 ms after the latest sample read (spec §9, §10)', async () => {
    const text = PROM_SLA('good: \'http_requests_total{job="churn-api", code!~"5.."}\'');
    const [r] = await complianceReports(parseSlaFile(pathToFileURL(join(ws, 'asof.sla.yaml')).href, 1, text), access, { file: 'asof.sla.yaml', series: false });
    const latest = Math.max(...[...a, ...b].map((s) => s.t).filter((t) => t < END));
    assert.equal(r.asOf, new Date(latest + 1).toISOString());
  });

  test('an untrusted workspace reads no server at all', async () => {
    let asked = 0;
    const untrusted = new NodeMetricAccess(() => [ws], 32, { servers: () => { asked++; return new Map(); }, network: () => false });
    const reports = await complianceReports(parseSlaFile(pathToFileURL(join(ws, 'd.sla.yaml')).href, 1, PROM_SLA('good: x_total')), untrusted, { file: 'd.sla.yaml', asOf, series: false });
    assert.match(reports[0].metricErrors?.[0]?.message ?? '', /not trusted/);
    assert.equal(asked, 0);
  });
});
