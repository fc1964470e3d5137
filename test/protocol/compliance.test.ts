// `modelSla/compliance` over stdio: the §8 report of the open document, which follows edits of the
// document and changes of the metric files on disk.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, LspClient, repoRoot, withTimeout } from './lspClient';

interface Report { sla: string; file: string; asOf: string; objectives: { id: string; status: string; windows: { label?: string; status: string; value: number | null }[] }[]; credits: unknown[]; breaches: { objective: string; window: string }[] }
interface Result { uri: string; version: number | null; reports: Report[]; error?: string }

const examples = join(repoRoot, 'examples');
const statusOf = (r: Result, id: string) => r.reports[0].objectives.find((o) => o.id === id)?.status;

describe('modelSla/compliance', () => {
  let client: LspClient;
  before(async () => { ({ client } = await LspClient.start({ rootUri: fileUri(examples) })); });
  after(async () => { await client.shutdownAndExit(); });
  const request = (uri: string, asOf?: string) => withTimeout(client.connection.sendRequest('modelSla/compliance', { uri, asOf }), 'compliance', 30_000) as Promise<Result>;

  test('the report of examples/churn-external.sla.yaml: §8 shape, the September breach and its credit', async () => {
    const path = join(examples, 'churn-external.sla.yaml');
    const uri = fileUri(path);
    await client.openAndWait(uri, readFileSync(path, 'utf8'));
    const result = await request(uri);
    assert.equal(result.error, undefined);
    assert.equal(result.version, 1);
    // Files only: nothing to ask again on a timer (file events say when they change).
    assert.equal((result as { refreshMs?: number }).refreshMs, undefined);
    const [report] = result.reports;
    assert.deepEqual(Object.keys(report).filter((k) => ['sla', 'file', 'asOf', 'objectives', 'credits', 'breaches', 'dataIssues'].includes(k)).sort(), ['asOf', 'breaches', 'credits', 'dataIssues', 'file', 'objectives', 'sla']);
    assert.equal(report.sla, 'churn-external');
    assert.equal(report.file, 'churn-external.sla.yaml');
    assert.equal(report.asOf, '2026-10-15T23:57:19.001Z');
    assert.deepEqual(report.breaches.map((b) => `${b.objective} ${b.window}`), ['availability 2026-09']);
    assert.deepEqual(report.credits, [{ objective: 'availability', window: '2026-09', credit: '10%' }]);
    assert.equal(statusOf(result, 'availability'), 'met');
    // Extras for the preview: the credit tier table and where the metric files are.
    const availability = report.objectives.find((o) => o.id === 'availability') as unknown as { creditTiers: { below: string; credit: string }[] };
    assert.deepEqual(availability.creditTiers.map((t) => `${t.below}:${t.credit}`), ['99.9%:10%', '99.0%:25%', '95.0%:100%']);
    const files = (result as unknown as { metricFiles: Record<string, string>[] }).metricFiles;
    assert.equal(files[0].latency, fileUri(join(examples, 'metrics', 'churn-latency.csv')));
  });

  test('timeslices objectives carry each slice of the latest window', async () => {
    const uri = fileUri(join(examples, 'churn-external.sla.yaml'));
    const result = await request(uri);
    const slices = result.reports[0].objectives.find((o) => o.id === 'availability-5m-slices') as unknown as { series: { at: string; value: number | null }[]; windows: { start: string }[] };
    assert.ok(slices.series.length > 1000, String(slices.series.length)); // 5-minute slices of October so far
    assert.equal(slices.series[0].at, slices.windows.at(-1)!.start);
    assert.ok(slices.series.every((p) => p.value === null || (p.value >= 0 && p.value <= 100)));
  });

  test('after a didChange of a target, the status flips', async () => {
    const path = join(examples, 'churn-external.sla.yaml');
    const uri = fileUri(path);
    const text = readFileSync(path, 'utf8');
    const stricter = text.replace('target: ">= 99.9%"', 'target: ">= 99.99%"');
    assert.notEqual(stricter, text);
    const next = client.diagnosticsFor(uri, 2);
    await client.change(uri, 2, [{ text: stricter }]);
    await next;
    const result = await request(uri);
    assert.equal(result.version, 2);
    assert.equal(statusOf(result, 'availability'), 'breached'); // October so far: 99.98% < 99.99%
  });

  test('an explicit asOf moves the latest window', async () => {
    const uri = fileUri(join(examples, 'churn-external.sla.yaml'));
    const result = await request(uri, '2026-10-01T00:00:00+02:00');
    assert.equal(result.reports[0].asOf, '2026-09-30T22:00:00.000Z');
    assert.equal(statusOf(result, 'availability'), 'breached'); // September is now the latest window
  });

  test('an impossible asOf is refused as the CLI refuses it, not rolled over into March', async () => {
    const uri = fileUri(join(examples, 'churn-external.sla.yaml'));
    const result = await request(uri, '2026-02-30');
    assert.deepEqual(result.reports, []);
    assert.match(result.error ?? '', /^`2026-02-30` is not a real date/);
  });

  test('rolling objectives carry their value over time, ending at the reported window value', async () => {
    const path = join(examples, 'fraud.sla.yaml');
    const uri = fileUri(path);
    await client.openAndWait(uri, readFileSync(path, 'utf8'));
    const result = await request(uri);
    assert.equal(result.reports.length, 2);
    const p95 = result.reports[0].objectives.find((o) => o.id === 'latency-p95') as unknown as { windows: { value: number }[]; series: { at: string; value: number | null }[] };
    assert.ok(p95.series.length >= 10, String(p95.series.length));
    assert.equal(p95.series.at(-1)!.at, result.reports[0].asOf);
    assert.equal(p95.series.at(-1)!.value, p95.windows.at(-1)!.value);
    // the slower model deployed mid-September shows as rolling values above the 100 ms target
    assert.ok(p95.series.some((p) => p.value !== null && p.value > 100));
  });

  test('modelSla/complianceHtml: the CLI renderer\'s self-contained page of the same report', async () => {
    const uri = fileUri(join(examples, 'churn-external.sla.yaml'));
    const { html } = (await withTimeout(client.connection.sendRequest('modelSla/complianceHtml', { uri }), 'html', 30_000)) as { html: string };
    assert.match(html, /^<!DOCTYPE html>/i);
    assert.match(html, /Content-Security-Policy/);
    assert.match(html, /churn-external/);
    assert.doesNotMatch(html, /<script/i);
    // The preview's charts, inline; the as-of instant in the SLA's zone.
    assert.equal(html.match(/<figure class="chart"><svg /g)?.length, 6);
    assert.match(html, /as of <time datetime="2026-10-15T23:57:19\.001Z">2026-10-16 01:57 Europe\/Berlin \(2026-10-15 23:57 UTC\)<\/time>/);
  });

  test('a document that is not open gets an error, not a crash', async () => {
    const result = await request(fileUri(join(examples, 'nope.sla.yaml')));
    assert.match(String(result.error), /not open/);
  });
});

describe('modelSla/compliance follows the metric files on disk', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-compliance-'));
    mkdirSync(join(dir, 'metrics'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('rewriting the latency file changes the reported value', async () => {
    const csv = join(dir, 'metrics', 'latency.csv');
    const rows = (ms: number) => ['ts,latency_ms', ...Array.from({ length: 120 }, (_, i) => `2026-08-10T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z,${ms}`)].join('\n') + '\n';
    writeFileSync(csv, rows(100));
    writeFileSync(join(dir, 'metrics', 'requests.jsonl'), '{"time":"2026-08-10T00:00:00Z","status":200}\n');
    const sla = readFileSync(join(repoRoot, 'test', 'fixtures', 'lint-workspace', 'internal.sla.yaml'), 'utf8');
    const { client } = await LspClient.start({ rootUri: fileUri(dir) });
    try {
      const uri = fileUri(join(dir, 'x.sla.yaml'));
      await client.openAndWait(uri, sla);
      const ask = () => withTimeout(client.connection.sendRequest('modelSla/compliance', { uri }), 'compliance') as Promise<Result>;
      const before = await ask();
      assert.equal(before.reports[0].objectives[0].windows.at(-1)!.value, 100);
      writeFileSync(csv, rows(300));
      utimesSync(csv, new Date(), new Date(Date.now() + 10_000));
      const after = await ask();
      assert.equal(after.reports[0].objectives[0].windows.at(-1)!.value, 300);
      assert.equal(after.reports[0].objectives[0].status, 'breached');
    } finally {
      await client.shutdownAndExit();
    }
  });
});

describe('code lenses', () => {
  test('one per objective with its status, opening the preview at it', async () => {
    const { client } = await LspClient.start({ rootUri: fileUri(examples) });
    try {
      const path = join(examples, 'churn-external.sla.yaml');
      const uri = fileUri(path);
      const text = readFileSync(path, 'utf8');
      await client.openAndWait(uri, text);
      const lenses = (await withTimeout(client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }), 'code lenses', 30_000)) as { range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }[];
      assert.equal(lenses.length, 6);
      const availability = lenses.find((l) => l.command.arguments[1] === 'availability')!;
      assert.equal(availability.range.start.line, text.split('\n').findIndex((l) => /^\s*- id: availability\s*$/.test(l)));
      // October is met so far, but September was breached and owes its credit: the lens says both.
      assert.match(availability.command.title, /^✓ met — 99\.98% vs >= 99\.9% \(2026-10, so far\) · ✗ breached 1 of 2 windows \(last 2026-09 — credit 10% owed, remediation due 15 Oct 00:00 \(overdue\)\)$/);
      // A timeslice budget: the share of slices, what each slice had to meet, what the month needs.
      const slices = lenses.find((l) => l.command.arguments[1] === 'availability-5m-slices')!;
      assert.match(slices.command.title, /^✓ met — [\d.]+ % of 5-min slices had availability ≥ 99 % \(needs ≥ 99\.5 %\) \(2026-10, so far\)$/);
      assert.equal(availability.command.command, 'modelSla.showPreviewToSide');
      const p99 = lenses.find((l) => l.command.arguments[1] === 'latency-p99')!;
      assert.match(p99.command.title, /^✓ met — p99 237\.2ms vs <= 400ms \(2026-10, so far\)$/);
    } finally {
      await client.shutdownAndExit();
    }
  });
});

describe('progress of long first loads', () => {
  test('modelSla/progress notifications while the metric files are read, ending at 100%', async () => {
    const { client } = await LspClient.start({ rootUri: fileUri(examples) });
    try {
      const progress: { uri: string; metric: string; fraction: number }[] = [];
      client.connection.onNotification('modelSla/progress', (p: { uri: string; metric: string; fraction: number }) => { progress.push(p); });
      const path = join(examples, 'churn-internal.sla.yaml');
      const uri = fileUri(path);
      await client.open(uri, readFileSync(path, 'utf8'));
      await withTimeout(client.connection.sendRequest('modelSla/compliance', { uri }), 'compliance', 30_000);
      const latency = progress.filter((p) => p.metric === 'latency');
      assert.ok(latency.length >= 1, JSON.stringify(progress));
      assert.equal(latency.at(-1)!.fraction, 1);
      assert.ok(progress.every((p) => p.uri === uri && p.fraction >= 0 && p.fraction <= 1));
    } finally {
      await client.shutdownAndExit();
    }
  });
});
