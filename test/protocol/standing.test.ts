// The Model SLA view's requests through the bundled server over stdio (dist/server.js: `npm run
// build` first): `modelSla/standing` lists every SLA file of the workspace folder — none of them
// open — with where each objective stands (the report's statuses, a description with value, target
// and budget, the line of its id), the number breached, a file with a syntax error listed with why;
// in an untrusted workspace the SLAs are listed and nothing is computed. `modelSla/explain` gives the
// CLI's explanation with each evidence row's file URI; a wrong window is an answer, not a crash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, fileUri, withTimeout } from './lspClient';
import { repoRoot, runCli } from '../support/cli';
import type { ExplainResult, NoticeResult, StandingResult } from '../../server/src/protocol/standing';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-standing-'));
  cpSync(join(repoRoot, 'examples', 'metrics'), join(dir, 'metrics'), { recursive: true });
  cpSync(join(repoRoot, 'examples', 'churn-external.sla.yaml'), join(dir, 'churn-external.sla.yaml'));
  // The same SLA with a stricter p99 target: breached.
  writeFileSync(join(dir, 'strict.sla.yaml'), readFileSync(join(repoRoot, 'examples', 'churn-external.sla.yaml'), 'utf8')
    .replace('name: churn-external', 'name: churn-strict').replace('target: "<= 400ms"', 'target: "<= 200ms"'));
  writeFileSync(join(dir, 'broken.sla.yaml'), 'apiVersion: modelsla/v1\nkind: SLA\nmetadata: { name: broken\n');
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('standing and explain over LSP: every SLA of the folder with its objectives\' status, the breached count, the explanation with file links', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir) });
  try {
    const send = <T>(method: string, params?: unknown) => withTimeout(client.connection.sendRequest(method, params), method, 60_000) as Promise<T>;
    const standing = await send<StandingResult>('modelSla/standing');
    assert.equal(standing.trusted, true);
    assert.equal(standing.folders.length, 1);
    const files = standing.folders[0].files;
    assert.equal(files[1].problem, undefined);
    assert.deepEqual(files.map((f) => f.path), ['broken.sla.yaml', 'churn-external.sla.yaml', 'strict.sla.yaml']);
    assert.match(files[0].problem ?? '', /error.*to fix \(line \d+/);
    const external = files[1].slas[0];
    assert.equal(external.name, 'churn-external');
    const p99 = external.objectives.find((o) => o.id === 'latency-p99')!;
    // The CLI's report says the same.
    const cli = JSON.parse(runCli(['report', 'churn-external.sla.yaml', '--format', 'json'], { cwd: dir }).stdout);
    const cliP99 = cli.objectives.find((o: { id: string }) => o.id === 'latency-p99');
    assert.equal(p99.status, cliP99.windows.at(-1).partial ? 'met-so-far' : 'met');
    assert.match(p99.description, /^p99 237\.2 ms ≤ 400 ms/);
    assert.equal(p99.window, '2026-10');
    assert.equal(readFileSync(join(dir, 'churn-external.sla.yaml'), 'utf8').split('\n')[p99.line], '  - id: latency-p99');
    assert.ok(p99.recent.length > 1 && p99.recent[0].label === '2026-10');
    // The view carries what the latest final breach obliges (the walk-through missed the owed credit there).
    assert.deepEqual(external.objectives.find((o) => o.id === 'availability')!.owed, { window: '2026-09', text: 'credit 10% owed, remediation due 15 Oct 00:00 (overdue)' });
    const strictP99 = files[2].slas[0].objectives.find((o) => o.id === 'latency-p99')!;
    assert.equal(strictP99.status, 'breached');
    assert.equal(standing.breached, files.flatMap((f) => f.slas.flatMap((s) => s.objectives)).filter((o) => o.status === 'breached').length);
    assert.ok(standing.breached >= 1);

    // A metric file changes (a failing evaluation run appended): the next answer says so, not a cached one.
    appendFileSync(join(dir, 'metrics', 'churn-eval-runs.csv'), '2026-10-14T06:00:00Z,churn-xgb-2026.09.1,churn-holdout-2026q3,6000,0.500,0.500,0.500\n');
    const again = await send<StandingResult>('modelSla/standing');
    const f1 = (r: StandingResult) => r.folders[0].files[1].slas[0].objectives.find((o) => o.id === 'f1-holdout')!;
    assert.equal(f1(standing).status, 'met-so-far');
    assert.equal(f1(again).status, 'breached');
    assert.equal(again.breached, standing.breached + 2); // strict.sla.yaml reads the same runs

    // Opening a file (as a click in the view does) changes its version, not its text: the same answer,
    // so the view does not redraw under the user's next click.
    const externalPath = join(dir, 'churn-external.sla.yaml');
    await client.open(fileUri(externalPath), readFileSync(externalPath, 'utf8'), 7);
    const opened = await send<StandingResult>('modelSla/standing');
    assert.deepEqual(opened, again);

    const uri = fileUri(join(dir, 'churn-external.sla.yaml'));
    const explained = await send<ExplainResult>('modelSla/explain', { uri, objective: 'latency-p99', window: 'latest' });
    assert.equal(explained.error, undefined);
    const x = explained.explanation!;
    assert.equal(x.rank, 10150);
    assert.equal(x.evidence[0].file, 'metrics/churn-latency.csv');
    assert.equal(x.evidenceUris![0], fileUri(join(dir, 'metrics', 'churn-latency.csv')));
    assert.equal(readFileSync(join(dir, 'metrics', 'churn-latency.csv'), 'utf8').split('\n')[x.evidence[0].line! - 1].split(',')[2], '237.2');
    const wrong = await send<ExplainResult>('modelSla/explain', { uri, objective: 'latency-p99', window: '1999-01' });
    assert.equal(wrong.explanation, null);
    assert.match(wrong.error!, /no window `1999-01`/);

    // The notice of September's breach (spec §8.2): the CLI's Markdown, over LSP.
    const notice = await send<NoticeResult>('modelSla/notice', { uri, window: '2026-09' });
    assert.equal(notice.error, undefined);
    assert.equal(notice.title, 'Service level notice: Churn model — Retention Analytics customer contract, availability, 2026-09');
    const cliNotice = runCli(['notice', 'churn-external.sla.yaml', '--window', '2026-09'], { cwd: dir }).stdout;
    assert.equal(notice.markdown, cliNotice);
    // An empty window lists the final breaches (the palette's pick list).
    const listed = await send<NoticeResult>('modelSla/notice', { uri, window: '' });
    assert.deepEqual(listed.finalBreaches, [{ sla: 'churn-external', objective: 'availability', window: '2026-09', finalAt: '2026-09-30T22:00:00.000Z' }]);
    const none = await send<NoticeResult>('modelSla/notice', { uri, window: '2026-08' });
    assert.equal(none.markdown, null);
    assert.match(none.error!, /no breach in 2026-08: nothing to notify; final breaches: 2026-09/);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});

test('explain over LSP, a segmented objective: without a segment the window\'s segment that missed; with one, that one', async () => {
  const segDir = mkdtempSync(join(tmpdir(), 'model-sla-explain-seg-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'segments'), segDir, { recursive: true });
  const { client } = await LspClient.start({ rootUri: fileUri(segDir) });
  try {
    const send = <T>(method: string, params?: unknown) => withTimeout(client.connection.sendRequest(method, params), method, 60_000) as Promise<T>;
    const uri = fileUri(join(segDir, 'segments.sla.yaml'));
    const picked = await send<ExplainResult>('modelSla/explain', { uri, objective: 'availability-per-region', window: 'latest' });
    assert.equal(picked.error, undefined);
    assert.deepEqual([picked.explanation!.segment, picked.explanation!.window], ['us-east', '2026-W13']);
    assert.deepEqual(picked.explanation!.segments!.map((s) => `${s.value} ${s.status}`), ['ap-south met', 'eu-west met', 'us-east breached']);
    const eu = await send<ExplainResult>('modelSla/explain', { uri, objective: 'availability-per-region', window: '2026-W13', segment: 'eu-west' });
    assert.deepEqual([eu.explanation!.segment, eu.explanation!.status, eu.explanation!.observations], ['eu-west', 'met', 300]);
    const unknown = await send<ExplainResult>('modelSla/explain', { uri, objective: 'availability-per-region', window: '2026-W13', segment: 'mars' });
    assert.match(unknown.error!, /has no segment `mars`; its segments are ap-south, eu-west, us-east/);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
    rmSync(segDir, { recursive: true, force: true });
  }
});

test('a file with an error (the CLI refuses it): the view, the lenses and the preview show the same numbers, the view and lenses say it has an error', async () => {
  const segDir = mkdtempSync(join(tmpdir(), 'model-sla-standing-err-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'segments'), segDir, { recursive: true });
  const path = join(segDir, 'segments.sla.yaml');
  const text = readFileSync(path, 'utf8').replace('model: churn-xgb', 'model: churn-xgb\nmodle: typo');
  writeFileSync(path, text);
  const { client } = await LspClient.start({ rootUri: fileUri(segDir) });
  try {
    const send = <T>(method: string, params?: unknown) => withTimeout(client.connection.sendRequest(method, params), method, 60_000) as Promise<T>;
    const standing = await send<StandingResult>('modelSla/standing');
    const file = standing.folders[0].files[0];
    assert.match(file.problem ?? '', /^1 error to fix \(line 6: /);
    assert.equal(file.slas[0].objectives[0].status, 'breached');
    assert.equal(standing.breached, 1);
    await client.open(fileUri(path), text, 1);
    const lenses = await send<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: fileUri(path) } });
    assert.match(lenses[0].command.title, /^⚠ 1 error to fix · ✗ at risk — 1 of 3 regions missed \(us-east\)/);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
    rmSync(segDir, { recursive: true, force: true });
  }
});

test('in an untrusted workspace the SLAs are listed, nothing computed, nothing explained', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir), initializationOptions: { trusted: false } });
  try {
    const standing = await withTimeout(client.connection.sendRequest('modelSla/standing'), 'standing', 30_000) as StandingResult;
    assert.equal(standing.trusted, false);
    const objectives = standing.folders[0].files.flatMap((f) => f.slas.flatMap((s) => s.objectives));
    assert.ok(objectives.length >= 12);
    assert.ok(objectives.every((o) => o.status === 'unknown'));
    assert.equal(standing.breached, 0);
    const explained = await withTimeout(client.connection.sendRequest('modelSla/explain', { uri: fileUri(join(dir, 'churn-external.sla.yaml')), objective: 'latency-p99', window: 'latest' }), 'explain', 30_000) as ExplainResult;
    assert.match(explained.error!, /not trusted/);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});
