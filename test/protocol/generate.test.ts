// The editor's requests of spec §11 through the bundled server over stdio (dist/server.js: `npm run
// build` first): `modelSla/generate` gives an open SLA's Prometheus rules (the CLI's text) and its
// OpenSLO documents (with the server's URL from .model-sla.yaml), refuses an SLA with errors and
// says which; `modelSla/importOpenSlo` turns OpenSLO text into an SLA file's text, with notes and the
// servers to configure; a document that is not open, YAML that is not YAML and no SLO at all are
// answers, not crashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LspClient, fileUri, withTimeout } from './lspClient';
import { repoRoot, runCli } from '../support/cli';
import type { GenerateResult, ImportOpenSloResult } from '../../server/src/protocol/requests';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-generate-lsp-'));
  writeFileSync(join(dir, '.model-sla.yaml'), `servers:\n  local: { url: 'http://127.0.0.1:19190' }\n`);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('generate and import over LSP: the CLI\'s rules, OpenSLO with the configured URL, a refused SLA, imported OpenSLO', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir) });
  try {
    const text = readFileSync(join(repoRoot, 'examples', 'churn-prometheus.sla.yaml'), 'utf8');
    const uri = fileUri(join(dir, 'churn-prometheus.sla.yaml'));
    await withTimeout(client.openAndWait(uri, text), 'diagnostics', 30_000);
    const send = <T>(method: string, params: unknown) => withTimeout(client.connection.sendRequest(method, params), method, 30_000) as Promise<T>;

    const rules = await send<GenerateResult>('modelSla/generate', { uri, what: 'prometheus-rules' });
    assert.equal(rules.count, 2);
    assert.ok(rules.notes.some((n) => /objective latency-p99: no rules/.test(n)));
    // The same text as the CLI's (apart from the header naming the source).
    const cli = runCli(['generate', 'prometheus-rules', 'examples/churn-prometheus.sla.yaml']);
    const body = (t: string) => t.split('\n').slice(1).join('\n');
    assert.equal(body(rules.text!), body(cli.stdout));

    const openslo = await send<GenerateResult>('modelSla/generate', { uri, what: 'openslo' });
    assert.equal(openslo.count, 3);
    const documents = parseAllDocuments(openslo.text!).map((d) => d.toJS());
    assert.equal(documents.find((d) => d.kind === 'DataSource').spec.connectionDetails.url, 'http://127.0.0.1:19190');

    // Back: the exported text imports as the same SLA, and the server is already configured.
    const imported = await send<ImportOpenSloResult>('modelSla/importOpenSlo', { text: openslo.text, source: 'churn.openslo.yaml' });
    assert.equal(imported.objectives, 3);
    assert.deepEqual(imported.servers, [{ name: 'local', url: 'http://127.0.0.1:19190', configured: true }]);
    assert.match(imported.text!, /^  name: churn-prometheus$/m);

    // An SLA with a schema error is refused, and the answer says where.
    await client.change(uri, 2, [{ text: text.replace('target: ">= 99.9%"', 'target: 12') }]);
    const refused = await send<GenerateResult>('modelSla/generate', { uri, what: 'prometheus-rules' });
    assert.equal(refused.text, null);
    assert.equal(refused.refused, true);
    assert.match(refused.notes[0], /^\d+:\d+ SLA002 /);

    const closed = await send<GenerateResult>('modelSla/generate', { uri: fileUri(join(dir, 'other.sla.yaml')), what: 'openslo' });
    assert.equal(closed.text, null);
    assert.match(closed.error ?? '', /not open/);
    const notYaml = await send<ImportOpenSloResult>('modelSla/importOpenSlo', { text: 'kind: [SLO\n', source: 'x.yaml' });
    assert.equal(notYaml.text, null);
    assert.match(notYaml.notes[0], /^x\.yaml:\d+:\d+ /);
    const noSlo = await send<ImportOpenSloResult>('modelSla/importOpenSlo', { text: 'apiVersion: openslo/v1\nkind: Service\nmetadata: { name: x }\nspec: {}\n', source: 'x.yaml' });
    assert.equal(noSlo.text, null);
    assert.ok(noSlo.notes.some((n) => /no SLO documents/.test(n)));
    // Over the CLI's 20 MB limit: refused with why, not parsed.
    const huge = await send<ImportOpenSloResult>('modelSla/importOpenSlo', { text: `# ${'x'.repeat(21 * 1024 * 1024)}\n`, source: 'huge.yaml' });
    assert.equal(huge.text, null);
    assert.match(huge.notes[0], /huge\.yaml is over the 20 MB limit/);
    const prometheus = await send<ImportOpenSloResult>('modelSla/importOpenSlo', { text: readFileSync(join(repoRoot, 'test', 'fixtures', 'openslo', 'prometheus.yaml'), 'utf8'), source: 'p.yaml' });
    assert.deepEqual(prometheus.servers, [{ name: 'prometheus-prod', url: 'http://prometheus.example.com:9090', configured: false }]);
    assert.equal(client.stderr.includes('Error'), false, client.stderr);
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});

test('an SLA in a subfolder: the header names it as the CLI run in its folder does (the same text); the notes of a file of two SLAs name each SLA, once', async () => {
  const { client } = await LspClient.start({ rootUri: fileUri(dir) });
  try {
    const text = readFileSync(join(repoRoot, 'examples', 'churn-prometheus.sla.yaml'), 'utf8');
    mkdirSync(join(dir, 'slas'), { recursive: true });
    const uri = fileUri(join(dir, 'slas', 'churn-prometheus.sla.yaml'));
    await withTimeout(client.openAndWait(uri, text), 'diagnostics', 30_000);
    const send = <T>(method: string, params: unknown) => withTimeout(client.connection.sendRequest(method, params), method, 30_000) as Promise<T>;

    // `model-sla generate prometheus-rules churn-prometheus.sla.yaml` in examples/: every byte the same, header too.
    const rules = await send<GenerateResult>('modelSla/generate', { uri, what: 'prometheus-rules' });
    const cli = runCli(['generate', 'prometheus-rules', 'churn-prometheus.sla.yaml'], { cwd: join(repoRoot, 'examples') });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(rules.text!.split('\n')[0]!, / from churn-prometheus\.sla\.yaml: /);
    assert.equal(rules.text, cli.stdout);
    const openslo = await send<GenerateResult>('modelSla/generate', { uri, what: 'openslo' });
    assert.match(openslo.text!.split('\n')[0]!, /exported by model-sla from churn-prometheus\.sla\.yaml\./);

    // Two SLAs of one model in one file: each note says which SLA it is about, and none comes twice.
    const named = (name: string) => text.replace(/^  name: churn-prometheus$/m, `  name: ${name}`);
    const two = `${named('churn-us')}---\n${named('churn-eu')}`;
    const twoUri = fileUri(join(dir, 'slas', 'two.sla.yaml'));
    await withTimeout(client.openAndWait(twoUri, two), 'diagnostics', 30_000);
    for (const what of ['prometheus-rules', 'openslo'] as const) {
      const result = await send<GenerateResult>('modelSla/generate', { uri: twoUri, what });
      assert.notEqual(result.text, null, result.notes.join('\n'));
      assert.ok(result.notes.length >= 2, `${what}: ${result.notes.join(' | ')}`);
      assert.deepEqual(result.notes, [...new Set(result.notes)], `${what}: no note twice`);
      for (const note of result.notes) assert.match(note, /^churn-(us|eu)\b/, `${what}: ${note}`);
      const of = (name: string) => result.notes.filter((n) => n.startsWith(name)).map((n) => n.slice(name.length));
      assert.ok(of('churn-us').length > 0, `${what}: ${result.notes.join(' | ')}`);
      assert.deepEqual(of('churn-eu'), of('churn-us'), `${what}: the same notes for each SLA, each named`);
    }
    const single = await send<GenerateResult>('modelSla/generate', { uri, what: 'prometheus-rules' });
    assert.ok(single.notes.every((n) => /^churn-prometheus\b.*objective /.test(n)), single.notes.join(' | '));
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
});
