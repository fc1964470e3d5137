// SLA115's "Create `<file>` with its header" over stdio, in a workspace with no metric files yet (a
// first SLA): the fix is requested for the published finding, its WorkspaceEdit applied to disk as
// an editor does (create the file, insert the header), the file events sent, and SLA115 is gone.
// A client that cannot create files is not offered the fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeActionRequest, DidChangeWatchedFilesNotification, FileChangeType, type CodeAction, type CreateFile, type Diagnostic, type FileEvent, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { CLIENT_CAPABILITIES, fileUri, LspClient, withTimeout } from './lspClient';
import { applyEdits, VALID_SLA } from '../helpers';

const CAN_CREATE = {
  ...CLIENT_CAPABILITIES,
  workspace: { ...CLIENT_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const, 'rename' as const, 'delete' as const] } },
};

let dir: string;
before(() => { dir = mkdtempSync(join(tmpdir(), 'model-sla-create-metric-')); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

async function withClient(capabilities: typeof CLIENT_CAPABILITIES, fn: (client: LspClient) => Promise<void>): Promise<void> {
  const { client } = await LspClient.start({ rootUri: fileUri(dir), capabilities });
  try {
    await fn(client);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
}

const sla115 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'SLA115');

async function actionsFor(client: LspClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return await withTimeout(client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }), 'the code actions') as CodeAction[];
}

/** Applies resource operations and text edits to disk, in order, as an editor does; returns the file URIs touched. */
function applyToDisk(changes: NonNullable<CodeAction['edit']>['documentChanges']): string[] {
  const touched: string[] = [];
  for (const change of changes ?? []) {
    if ('kind' in change) {
      assert.equal(change.kind, 'create');
      const create = change as CreateFile;
      const path = fileURLToPath(create.uri);
      // As VS Code does without overwrite/ignoreIfExists: an existing file fails the whole edit.
      assert.ok(!existsSync(path) || create.options?.ignoreIfExists, `${path} exists: the edit must be refused, not write over it`);
      if (existsSync(path)) continue;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '');
      touched.push(create.uri);
    } else {
      const edit = change as TextDocumentEdit;
      const path = fileURLToPath(edit.textDocument.uri);
      writeFileSync(path, applyEdits(readFileSync(path, 'utf8'), edit.edits as Parameters<typeof applyEdits>[1]));
    }
  }
  return touched;
}

test('a first SLA linking metric files that do not exist yet: create them, and SLA115 goes', async () => {
  await withClient(CAN_CREATE, async (client) => {
    const uri = fileUri(join(dir, 'first.sla.yaml'));
    await client.open(uri, VALID_SLA);
    const published = await client.diagnostics(uri, (p) => sla115(p.diagnostics).length === 2, 'SLA115 for both missing files');
    const created: string[] = [];
    for (const [file, title] of [['metrics/latency.csv', 'Create `metrics/latency.csv` with its header'], ['metrics/requests.jsonl', 'Create `metrics/requests.jsonl` (empty)']]) {
      const diagnostic = sla115(published.diagnostics).find((d) => String(d.message).includes(`\`${file}\` does not exist`));
      assert.ok(diagnostic, `SLA115 for ${file}: ${published.diagnostics.map((d) => d.message).join(' | ')}`);
      const actions = await actionsFor(client, uri, diagnostic);
      const action = actions.find((a) => a.title === title);
      assert.ok(action?.edit?.documentChanges, `${title} among ${actions.map((a) => a.title).join(' | ')}`);
      created.push(...applyToDisk(action.edit.documentChanges));
    }
    assert.equal(readFileSync(join(dir, 'metrics', 'latency.csv'), 'utf8'), 'ts,latency_ms\n');
    assert.equal(readFileSync(join(dir, 'metrics', 'requests.jsonl'), 'utf8'), '');
    assert.deepEqual(created, [fileUri(join(dir, 'metrics', 'latency.csv')), fileUri(join(dir, 'metrics', 'requests.jsonl'))]);

    // The editor's file watcher reports the new files; the server lints the linked data again.
    const before = client.publishedFor(uri).length;
    const cleared = client.diagnostics(uri, (p) => client.publishedFor(uri).indexOf(p) >= before && sla115(p.diagnostics).length === 0, 'a publication without SLA115');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: created.map((u): FileEvent => ({ uri: u, type: FileChangeType.Created })) });
    const after = await cleared;
    assert.deepEqual(after.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  });
});

test('a client that cannot create files is not offered the fix', async () => {
  rmSync(join(dir, 'metrics'), { recursive: true, force: true });
  await withClient(CLIENT_CAPABILITIES, async (client) => {
    const uri = fileUri(join(dir, 'other.sla.yaml'));
    await client.open(uri, VALID_SLA);
    const published = await client.diagnostics(uri, (p) => sla115(p.diagnostics).length === 2, 'SLA115 for both missing files');
    const titles = (await actionsFor(client, uri, sla115(published.diagnostics)[0])).map((a) => a.title);
    assert.ok(titles.includes('Show documentation for SLA115'), titles.join(' | '));
    assert.deepEqual(titles.filter((t) => t.startsWith('Create')), []);
  });
});
