/**
 * The metric-source seam (engine/sources/metricSource.ts): a source that is remote, paged and slow
 * gives the same report as the same rows in a CSV file; reads stop when aborted; each row's origin
 * is a file line or a (series labels, sample instant); io/metricAccess.ts caches by the source's
 * identity. Plus the engine's purity: no Node, no I/O, nothing from the layers above it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetricData } from '../../server/src/engine/metrics/types';
import type { MetricReadRequest, MetricSource, SourceIdentity } from '../../server/src/engine/sources/metricSource';
import { collectPages, type ObservationPage } from '../../server/src/engine/sources/pagedRows';
import { LineOrigins, SampleOrigins, originText, type SeriesLabels } from '../../server/src/engine/sources/origins';
import { selectRows } from '../../server/src/engine/dataRange';
import { FileMetricSource } from '../../server/src/io/sources/fileSource';
import { NodeMetricAccess, SourceMetricAccess } from '../../server/src/io/metricAccess';
import { complianceReports } from '../../server/src/service/compliance';
import { parseSlaFile } from '../../server/src/service/parse';
import { rng } from '../support/prng';

const root = join(__dirname, '..', '..');
const ws = mkdtempSync(join(tmpdir(), 'metric-source-'));
process.on('exit', () => rmSync(ws, { recursive: true, force: true }));

// Three weeks of requests, one row a minute: a latency and whether the request succeeded.
const START = Date.parse('2026-09-01T00:00:00Z');
const ROWS = 21 * 24 * 60;
const random = rng(14);
const rows = Array.from({ length: ROWS }, (_, i) => ({
  t: START + i * 60_000 + Math.floor(random() * 59_000),
  latency: Math.round(random() * 40000) / 100 + (i % 997 === 0 ? 900 : 0),
  status: random() < 0.003 ? 503 : 200,
}));
const PAGE = 2000;
const seriesOfPage = (k: number): SeriesLabels => ({ job: 'churn-api', instance: k % 2 ? 'b:9100' : 'a:9100' });

mkdirSync(join(ws, 'metrics'));
writeFileSync(join(ws, 'metrics', 'requests.csv'), `ts,latency_ms,status\n${rows.map((r) => `${new Date(r.t).toISOString()},${r.latency},${r.status}`).join('\n')}\n`);
const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: seam, owner: team@example.com }
model: churn
scope: external
period: { start: 2026-09-01, end: 2026-12-31, timezone: Europe/Berlin }
metrics:
  latency: { file: metrics/requests.csv, timestamp: ts, value: latency_ms, unit: ms }
  requests: { file: metrics/requests.csv, timestamp: ts, good: "status < 500" }
objectives:
  - id: p99-weekly
    indicator: latency
    metric: latency
    percentile: p99
    target: "<= 396.5ms"
    window: { calendar: week }
  - id: p95-slices
    indicator: latency
    metric: latency
    percentile: p95
    target: "<= 380ms"
    window: { rolling: 7d }
    budgeting: timeslices
    slice: 1h
    sliceTarget: ">= 90%"
  - id: availability
    indicator: availability
    metric: requests
    target: ">= 99.5%"
    window: { calendar: month }
breach:
  external:
    serviceCredits:
      - objective: availability
        tiers:
          - { below: 99.9%, credit: 10% }
`;

/**
 * A remote store in miniature: answers in pages of PAGE rows, each after a pause (a slow network),
 * one series per page; counts what it served so a test can see that an abort stopped the fetching.
 */
class PagedFakeSource implements MetricSource {
  pagesServed = 0;
  reads = 0;
  constructor(private readonly kind: 'latency' | 'requests', private readonly version: string | null = 'v1') {}

  async identify(): Promise<SourceIdentity> {
    await pause();
    return { key: `fake:${this.kind}`, version: this.version ?? undefined, label: `fake ${this.kind}`, location: 'memory://fake' };
  }

  read(request: MetricReadRequest = {}): Promise<MetricData> {
    this.reads++;
    const kind = this.kind;
    const range = request.range ?? { from: -Infinity, to: Infinity };
    const wanted = rows.filter((r) => r.t >= range.from && r.t < range.to);
    const pages = Math.ceil(wanted.length / PAGE);
    const self = this;
    async function* fetchPages(): AsyncGenerator<ObservationPage> {
      for (let k = 0; k < pages; k++) {
        await pause();
        self.pagesServed++;
        const part = wanted.slice(k * PAGE, (k + 1) * PAGE);
        yield {
          timestamps: part.map((r) => r.t),
          ...(kind === 'latency' ? { values: part.map((r) => r.latency) } : { good: part.map((r) => (r.status < 500 ? 1 : 0)) }),
          series: seriesOfPage(k),
          progress: { done: k + 1, total: pages },
        };
      }
    }
    return collectPages(fetchPages(), kind === 'latency' ? { values: true, unit: 'ms' } : { good: true }, request);
  }
}
const pause = () => new Promise<void>((done) => setTimeout(done, 1));

const slaUri = pathToFileURL(join(ws, 'seam.sla.yaml')).href;
const reportWith = async (access: Parameters<typeof complianceReports>[1]) =>
  JSON.stringify(await complianceReports(parseSlaFile(slaUri, 1, SLA), access, { file: 'seam.sla.yaml', asOf: Date.parse('2026-09-22T00:00:00Z'), series: true }));

test('a paged, slow source behind the interface gives the same report as the same rows in a CSV file', async () => {
  const fromFile = await reportWith(new NodeMetricAccess(() => [ws]));
  const sources = { latency: new PagedFakeSource('latency'), requests: new PagedFakeSource('requests') };
  const access = new SourceMetricAccess((_uri, spec) => ({ ok: true, source: 'value' in spec && spec.value ? sources.latency : sources.requests }));
  const fromSource = await reportWith(access);
  assert.equal(fromSource, fromFile);
  const report = JSON.parse(fromFile)[0];
  // Not an empty agreement: every objective was evaluated over the rows.
  assert.deepEqual(report.objectives.map((o: any) => o.windows.some((w: any) => w.observations > 0)), [true, true, true]);
  assert.deepEqual(report.objectives.map((o: any) => o.windows.map((w: any) => w.status)), [['met', 'breached', 'breached', 'met'], ['breached'], ['met']]);
  assert.ok(report.objectives[0].series ?? report.objectives[1].series ?? report.series, 'the preview\'s chart series are compared too');
  assert.equal(sources.latency.pagesServed, Math.ceil(ROWS / PAGE));
});

test('abort: a read stops between pages with the signal\'s reason, and no further page is fetched', async () => {
  const source = new PagedFakeSource('latency');
  const stop = new AbortController();
  const seen: number[] = [];
  const read = source.read({ signal: stop.signal, onProgress: (done, total) => { seen.push(done); assert.equal(total, Math.ceil(ROWS / PAGE)); if (done === 2) stop.abort(new Error('user closed the preview')); } });
  await assert.rejects(read, /user closed the preview/);
  assert.deepEqual(seen, [1, 2]);
  await new Promise((done) => setTimeout(done, 20));
  assert.equal(source.pagesServed, 2);

  // Aborted before it starts: nothing is fetched; the file source too.
  const early = new AbortController();
  early.abort();
  const idle = new PagedFakeSource('requests');
  await assert.rejects(idle.read({ signal: early.signal }), { name: 'AbortError' });
  assert.equal(idle.pagesServed, 0);
  const file = new FileMetricSource(join(ws, 'metrics', 'requests.csv'), { file: 'metrics/requests.csv', timestamp: 'ts', value: 'latency_ms' });
  await assert.rejects(file.read({ signal: early.signal }), { name: 'AbortError' });
});

test('a range asks a remote source for less; origins: file rows have their line, series rows their labels and instant', async () => {
  const file = new FileMetricSource(join(ws, 'metrics', 'requests.csv'), { file: 'metrics/requests.csv', timestamp: 'ts', value: 'latency_ms', unit: 'ms' });
  const fromFile = await file.read({ origins: true });
  assert.ok(fromFile.origins instanceof LineOrigins);
  assert.equal(fromFile.origins.length, ROWS);
  assert.deepEqual(fromFile.origins.at(0), { kind: 'line', line: 2 });
  assert.equal(fromFile.origins.line(ROWS - 1), ROWS + 1);
  assert.equal(originText(fromFile.origins.at(41)), 'line 43');
  assert.equal((await file.read()).origins, undefined, 'origins only when asked for');

  const remote = new PagedFakeSource('latency');
  const from = START + 7 * 86_400_000;
  const data = await remote.read({ origins: true, range: { from, to: from + 86_400_000 } });
  assert.ok(data.rows > 1000 && data.rows < 1500, `one day of rows, not ${data.rows}`);
  assert.ok(data.minTime >= from);
  assert.ok(data.origins instanceof SampleOrigins);
  assert.deepEqual(data.origins.at(0), { kind: 'sample', series: seriesOfPage(0), timestamp: data.timestamps[0] });
  assert.equal(data.origins.line(0), undefined);
  assert.equal(originText(data.origins.at(0)), `{instance="a:9100", job="churn-api"} at ${new Date(data.timestamps[0]).toISOString()}`);
  // A copy with fewer rows keeps each row's origin.
  const late = selectRows(data, (i) => i % 3 === 0);
  assert.deepEqual(late.origins!.at(1), { kind: 'sample', series: seriesOfPage(0), timestamp: data.timestamps[3] });
  const fileCopy = selectRows(fromFile, (i) => i >= 10);
  assert.equal(fileCopy.origins!.line(0), 12);
  assert.equal(fileCopy.minTimeLine, 12);
});

test('SourceMetricAccess: read again only when the version changed or is unknown; failures worded once', async () => {
  const steady = new PagedFakeSource('requests', 'v1');
  const unknown = new PagedFakeSource('latency', null);
  const access = new SourceMetricAccess((_uri, spec) => 'file' in spec && spec.file === 'gone'
    ? { ok: false, reason: 'missing', message: 'not configured' }
    : { ok: true, source: 'value' in spec && spec.value ? unknown : steady });
  const spec = { file: 'remote', timestamp: 'ts', good: 'status < 500' };
  for (let i = 0; i < 3; i++) assert.equal((await access.load(slaUri, spec, undefined)).ok, true);
  assert.equal(steady.reads, 1);
  for (let i = 0; i < 2; i++) await access.load(slaUri, { ...spec, value: 'v' }, undefined);
  assert.equal(unknown.reads, 2);
  assert.deepEqual(await access.load(slaUri, { ...spec, file: 'gone' }, undefined), { ok: false, reason: 'missing', message: 'not configured' });
  const broken: MetricSource = { identify: async () => ({ key: 'b', version: '1', label: 'b', location: 'b' }), read: async () => { throw new RangeError('Invalid time zone'); } };
  const failing = new SourceMetricAccess(() => ({ ok: true, source: broken }));
  assert.deepEqual(await failing.load(slaUri, { ...spec, file: 'b.csv' }, undefined), { ok: false, reason: 'unreadable', message: '`b.csv` cannot be read: Invalid time zone' });
});

test('the engine is pure: no Node modules, no Buffer or process, no imports from service, io, lsp or cli', () => {
  const engine = join(root, 'server', 'src', 'engine');
  const files: string[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(path);
    }
  })(engine);
  const problems: string[] = [];
  for (const file of files) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const where = relative(root, file);
    for (const m of code.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'stream', 'child_process', 'url'].includes(spec)) problems.push(`${where} imports ${spec}`);
      if (spec.startsWith('.')) {
        const target = relative(join(root, 'server', 'src'), resolve(dirname(file), spec)).split(sep)[0];
        if (!['engine', 'facts'].includes(target)) problems.push(`${where} imports ${spec} (in ${target}/, above the engine)`);
      }
    }
    if (/\bBuffer\.|\bBuffer\b\s*[),;]|:\s*Buffer\b|\bprocess\.|\bNodeJS\./.test(code)) problems.push(`${where} uses Buffer, process or NodeJS types`);
  }
  assert.deepEqual(problems, []);
});
