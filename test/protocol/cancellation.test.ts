// Long work does not hold the server (issue 12, item 12): over real LSP, a compliance report of a
// large SLA is computed in time slices, so other requests are answered while it runs; a cancelled
// request is answered with the LSP RequestCancelled error, one overtaken by an edit with
// ContentModified (its numbers would be stale), and the edit's diagnostics still come. The metric
// file and the SLA are written by the test into a temp folder. Assertions are about answers and
// their order, never about wall-clock time.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource, CodeLensRequest, HoverRequest, LSPErrorCodes } from 'vscode-languageserver-protocol/node';
import { fileUri, LspClient, withTimeout } from './lspClient';
import { rng } from '../support/prng';

const OBJECTIVES = 400;
const ROWS = 60_000;

/** A seeded latency file: ROWS rows over January–March 2026, one every ~2 minutes. */
function latencyCsv(): string {
  const rnd = rng(12345);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const step = Math.floor((90 * 86_400_000) / ROWS);
  const lines = ['ts,latency_ms'];
  for (let i = 0; i < ROWS; i++) lines.push(`${new Date(start + i * step).toISOString()},${(50 + rnd() * 300).toFixed(1)}`);
  return `${lines.join('\n')}\n`;
}

/** An SLA with OBJECTIVES timeslice p99 objectives (hourly slices, daily windows): seconds of evaluation. */
function bigSla(target = '<= 300ms'): string {
  const head = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: cancel-big, owner: ml@example.com }
model: m
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  latency: { file: latency.csv, timestamp: ts, value: latency_ms, unit: ms }
objectives:
`;
  const objectives = Array.from({ length: OBJECTIVES }, (_, i) => `  - id: p99-${String(i + 1).padStart(4, '0')}
    indicator: latency
    metric: latency
    percentile: p${90 + (i % 9)}
    percentileMethod: nearest-rank
    target: "${target}"
    window: { calendar: day }
    budgeting: timeslices
    slice: 1h
    sliceTarget: ">= 90%"
    emptySlices: ignore
    minObservations: 1
    measurement: { point: server }
`).join('');
  return head + objectives;
}

const SMALL = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: cancel-small, owner: ml@example.com }
model: m
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  latency: { file: latency.csv, timestamp: ts, value: latency_ms, unit: ms }
objectives:
  - id: p99
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 400ms"
    window: { calendar: month }
    measurement: { point: server }
`;

interface Result { uri: string; version: number | null; reports: { objectives: unknown[] }[]; error?: string }

/** Settles to what the request ended with: its result or its error's LSP code. */
function outcome<T>(p: Promise<T>): Promise<{ result?: T; code?: number; message?: string }> {
  return p.then((result) => ({ result }), (error: { code?: number; message?: string }) => ({ code: error.code, message: error.message }));
}

describe('cancellation and responsiveness', () => {
  let client: LspClient;
  let dir: string;
  let bigUri: string;
  let smallUri: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-cancel-'));
    writeFileSync(join(dir, 'latency.csv'), latencyCsv());
    writeFileSync(join(dir, 'big.sla.yaml'), bigSla());
    writeFileSync(join(dir, 'small.sla.yaml'), SMALL);
    bigUri = fileUri(join(dir, 'big.sla.yaml'));
    smallUri = fileUri(join(dir, 'small.sla.yaml'));
    ({ client } = await LspClient.start({ rootUri: fileUri(dir) }));
    // The small SLA reads the metric file into the server's cache: later requests compute only.
    await client.openAndWait(smallUri, SMALL);
    const small = await withTimeout(client.connection.sendRequest('modelSla/compliance', { uri: smallUri }), 'the small report', 30_000) as Result;
    assert.equal(small.error, undefined);
    assert.equal(small.reports[0].objectives.length, 1);
    await client.openAndWait(bigUri, bigSla());
  });
  after(async () => {
    try { await client.shutdownAndExit(); } finally { client.dispose(); rmSync(dir, { recursive: true, force: true }); }
  });

  test('while a long report computes, hovers and a small report are answered first; cancelled, it answers RequestCancelled', async () => {
    const source = new CancellationTokenSource();
    let settled = false;
    const long = outcome(client.connection.sendRequest('modelSla/compliance', { uri: bigUri }, source.token)).finally(() => { settled = true; });
    // Requests sent one after another while the report runs: each is answered before it ends.
    for (let i = 0; i < 5; i++) {
      const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: bigUri }, position: { line: 11, character: 5 } }), 'a hover');
      assert.ok(hover && JSON.stringify(hover.contents).includes('**metric**'), JSON.stringify(hover));
      assert.equal(settled, false, `the report answered before hover ${i + 1}`);
    }
    const small = await withTimeout(client.connection.sendRequest('modelSla/compliance', { uri: smallUri }), 'the small report') as Result;
    assert.equal(small.reports[0].objectives.length, 1);
    assert.equal(settled, false, 'the long report answered before the small one');
    source.cancel();
    const answer = await withTimeout(long, 'the cancelled report\'s answer');
    assert.equal(answer.result, undefined, 'a cancelled request must not answer with a report');
    assert.equal(answer.code, LSPErrorCodes.RequestCancelled, answer.message);
  });

  test('an edit overtakes a report and code lenses: both answer ContentModified, the edit gets its diagnostics', async () => {
    let settled = 0;
    const report = outcome(client.connection.sendRequest('modelSla/compliance', { uri: bigUri })).finally(() => { settled++; });
    const lenses = outcome(client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: bigUri } })).finally(() => { settled++; });
    const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: bigUri }, position: { line: 11, character: 5 } }), 'a hover');
    assert.ok(hover);
    assert.equal(settled, 0, 'the report or the lenses answered before the hover');
    const diagnostics = client.diagnosticsFor(bigUri, 2);
    await client.change(bigUri, 2, [{ text: bigSla('<= 301ms') }]);
    const [r, l] = await withTimeout(Promise.all([report, lenses]), 'the overtaken answers');
    assert.equal(r.result, undefined, 'no report for a version that is gone');
    assert.equal(r.code, LSPErrorCodes.ContentModified, r.message);
    assert.equal(l.result, undefined, 'no lenses for a version that is gone');
    assert.equal(l.code, LSPErrorCodes.ContentModified, l.message);
    const published = await diagnostics;
    assert.equal(published.version, 2);
  });

  test('code lenses of the current version are computed once and shared with the preview\'s report', async () => {
    const [lenses, report] = await withTimeout(Promise.all([
      client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: smallUri } }),
      client.connection.sendRequest('modelSla/compliance', { uri: smallUri }) as Promise<Result>,
    ]), 'lenses and report of the small SLA', 30_000);
    assert.equal(lenses!.length, 1);
    assert.match(lenses![0].command!.title, /^✓ met — p99 \d+(\.\d+)?ms vs <= 400ms \(2026-03, so far\)$/);
    assert.equal(report.reports[0].objectives.length, 1);
  });
});
