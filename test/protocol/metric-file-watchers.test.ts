// A metric file whose name does not say its format (`latency.log` with `format: csv`) is outside the
// extension's static file watcher: the server registers a watcher for it (dynamic registration of
// workspace/didChangeWatchedFiles), and a change to it re-reads the data like a change to a .csv.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic, type DidChangeWatchedFilesRegistrationOptions } from 'vscode-languageserver-protocol/node';
import { CLIENT_CAPABILITIES, fileUri, LspClient } from './lspClient';
import { VALID_SLA } from '../helpers';

const WATCHING = {
  ...CLIENT_CAPABILITIES,
  workspace: { ...CLIENT_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
};

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-watch-'));
  mkdirSync(join(dir, 'metrics'));
  writeFileSync(join(dir, 'metrics', 'latency.log'), 'ts,latency\n2026-09-01T00:00:00Z,120\n');
  writeFileSync(join(dir, 'metrics', 'requests.jsonl'), '{"time":"2026-09-01T00:00:00Z","status":200}\n');
});
after(() => { rmSync(dir, { recursive: true, force: true }); });

const sla115 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'SLA115');

test('`format: csv` on a .log file: the server watches it, and fixing the file clears SLA115', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir), capabilities: WATCHING });
  try {
    const uri = fileUri(join(dir, 'watch.sla.yaml'));
    await client.open(uri, VALID_SLA.replace('file: metrics/latency.csv', 'file: metrics/latency.log\n    format: csv'));
    const missing = await client.diagnostics(uri, (p) => sla115(p.diagnostics).some((d) => /latency_ms/.test(String(d.message))), 'SLA115: the column latency_ms is missing');
    assert.equal(sla115(missing.diagnostics).length, 1, missing.diagnostics.map((d) => d.message).join(' | '));

    const options = await client.registered(DidChangeWatchedFilesNotification.method, (o) => JSON.stringify(o).includes('latency.log'), 'a watcher for latency.log') as DidChangeWatchedFilesRegistrationOptions;
    assert.deepEqual(options.watchers, [{ globPattern: { baseUri: fileUri(join(dir, 'metrics')), pattern: 'latency.log' } }], 'only the file the static watcher misses');

    writeFileSync(join(dir, 'metrics', 'latency.log'), 'ts,latency_ms\n2026-09-01T00:00:00Z,120\n');
    const before = client.publishedFor(uri).length;
    const cleared = client.diagnostics(uri, (p) => client.publishedFor(uri).indexOf(p) >= before && sla115(p.diagnostics).length === 0, 'a publication without SLA115');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(join(dir, 'metrics', 'latency.log')), type: FileChangeType.Changed }] });
    await cleared;
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});

test('a client without dynamic registration of file watchers is not asked', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir), capabilities: CLIENT_CAPABILITIES });
  try {
    writeFileSync(join(dir, 'metrics', 'other.log'), 'ts,latency\n2026-09-01T00:00:00Z,120\n');
    const uri = fileUri(join(dir, 'plain.sla.yaml'));
    await client.open(uri, VALID_SLA.replace('file: metrics/latency.csv', 'file: metrics/other.log\n    format: csv'));
    await client.diagnostics(uri, (p) => sla115(p.diagnostics).length === 1, 'the data findings (SLA115)');
    assert.deepEqual(client.registrations.filter((m) => m === DidChangeWatchedFilesNotification.method), []);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});
