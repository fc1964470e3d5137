// Hostile input through the real stdio server: alias bombs, deep nesting, huge files and lines,
// binary content, BOMs, CRLF and tabs each get a clear diagnostic, requests on them answer, and the
// server keeps serving other files; then a random edit storm (fast-check) with interleaved requests
// ends in the same diagnostics as opening the final text fresh. No timing is asserted.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionRequest, DocumentSymbolRequest, HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, withTimeout } from './lspClient';
import { VALID_SLA } from '../helpers';
import { applyEdit, edit } from '../fuzz/serviceFuzz';

const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const nested = (depth: number, open: string, close: string) => `a: ${open.repeat(depth)}${close.repeat(depth)}\n`;
const HOSTILE: Array<{ name: string; text: string; expect: (d: Diagnostic[]) => boolean; what: string }> = [
  {
    name: 'alias-bomb',
    text: 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + 'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`).join('\n') + '\n',
    expect: (d) => d.some((x) => x.code === 'SLA001' && /billion laughs/.test(text(x))), what: 'SLA001 naming the alias bomb',
  },
  { name: 'deep-flow', text: nested(10_000, '[', ']'), expect: (d) => d.some((x) => x.code === 'SLA001' && /nests more than 100 levels/.test(text(x))), what: 'SLA001: nested too deeply' },
  { name: 'deep-mappings', text: Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n', expect: (d) => d.some((x) => x.code === 'SLA001' && /nests more than 100 levels/.test(text(x)) && x.range.start.line === 101), what: 'SLA001 at the 102nd level' },
  {
    name: 'deep-sequence', text: `${'- '.repeat(10_000)}1\n`,
    expect: (d) => d.some((x) => x.code === 'SLA001' && /nest/i.test(text(x))), what: 'SLA001: nested too deeply',
  },
  { name: 'long-line', text: `apiVersion: modelsla/v1\nkind: SLA\nmetadata: { name: "${'x'.repeat(10 * 1024 * 1024)}" }\n`, expect: (d) => d.some((x) => x.code === 'SLA002'), what: 'SLA002 (missing fields)' },
  { name: 'fifty-mb', text: `# ${'y'.repeat(50 * 1024 * 1024)}\n`, expect: (d) => d.length === 1 && /maxFileSizeMB/.test(text(d[0]!)), what: 'the size-limit notice' },
  { name: 'binary', text: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'), expect: (d) => d.length > 0, what: 'a finding' },
  { name: 'invalid-utf8', text: Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x0a]).toString('utf8'), expect: (d) => d.some((x) => x.code === 'SLA002'), what: 'SLA002' },
  { name: 'bom-crlf-tabs', text: '\uFEFFapiVersion: modelsla/v1\r\nkind: SLA\r\nmetadata:\r\n\tname: x\r\n', expect: (d) => d.some((x) => x.code === 'SLA001' && /Tabs/.test(text(x)) && x.range.start.line === 3), what: 'SLA001 on the tab, line 4' },
];

describe('hostile input over stdio', () => {
  let client: LspClient;
  before(async () => { ({ client } = await LspClient.start({ rootUri: null })); });
  after(() => client?.dispose());

  for (const h of HOSTILE) {
    test(`${h.name}: ${h.what}; requests on it answer`, async () => {
      const uri = `file:///hostile/${h.name}.sla.yaml`;
      const published = await withTimeout(client.openAndWait(uri, h.text), `diagnostics of ${h.name}`, 60_000);
      assert.ok(h.expect(published.diagnostics), `${h.name}: ${published.diagnostics.map((d) => `${d.code} ${text(d).slice(0, 80)}`).join(' | ')}`);
      const position = { line: 0, character: 1 };
      await withTimeout(Promise.all([
        client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
        client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
        client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
      ]), `requests on ${h.name}`, 60_000);
      await client.close(uri);
    });
  }

  test('after all of them the server still serves a normal file, and its memory stayed bounded', async () => {
    const uri = 'file:///hostile/normal.sla.yaml';
    const published = await client.openAndWait(uri, VALID_SLA);
    assert.deepEqual(published.diagnostics, []);
    const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } }), 'hover');
    assert.ok(hover);
    const status = readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
    const peakMiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
    // The 50 MB file arrives as a 100 MB JS string (UTF-16) in the protocol buffer; nothing else comes close.
    assert.ok(peakMiB < 1536, `peak RSS ${peakMiB.toFixed(0)} MiB`);
  });
});

describe('an edit storm over stdio', () => {
  let client: LspClient;
  before(async () => { ({ client } = await LspClient.start({ rootUri: null })); });
  after(() => client?.dispose());

  test('300 random incremental edits with requests in between: every request answers, the last diagnostics equal a fresh open', async () => {
    const edits = fc.sample(edit, { numRuns: 300, seed: 7 });
    const uri = 'file:///storm/edited.sla.yaml';
    let doc = TextDocument.create(uri, 'model-sla', 1, VALID_SLA);
    await client.openAndWait(uri, VALID_SLA);
    const pending: Promise<unknown>[] = [];
    for (const [i, e] of edits.entries()) {
      const before = doc.getText();
      const after = applyEdit(before, e);
      // The same change as one incremental range (what VS Code sends).
      let start = 0;
      while (start < before.length && start < after.length && before[start] === after[start]) start++;
      let end = 0;
      while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
      // A position cannot fall between \r and \n (nor can an editor's cursor): widen over the pair.
      if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') start--;
      const cut = before.length - end;
      if (end > 0 && cut > start && before[cut - 1] === '\r' && before[cut] === '\n') end--;
      const change = { range: { start: doc.positionAt(start), end: doc.positionAt(before.length - end) }, text: after.slice(start, after.length - end) };
      doc = TextDocument.update(doc, [change], doc.version + 1);
      assert.equal(doc.getText(), after);
      await client.change(uri, doc.version, [change]);
      if (i % 7 === 0) pending.push(client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: doc.positionAt(e.at % (after.length + 1)) }));
      if (i % 11 === 0) pending.push(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt((e.at * 31) % (after.length + 1)) }));
    }
    await withTimeout(Promise.all(pending), `${pending.length} requests during the storm`, 60_000);
    const last = await withTimeout(client.diagnostics(uri, (p) => p.version === doc.version), 'diagnostics of the last version', 60_000);
    await client.close(uri);
    const fresh = await client.openAndWait('file:///storm/fresh.sla.yaml', doc.getText());
    assert.deepEqual(fresh.diagnostics, last.diagnostics);
  });
});
