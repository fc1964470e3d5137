// Hostile files on disk, through the bundled server over stdio (dist/server.js: `npm run build`
// first). The workspace is built by the test at run time under a temp folder and removed after: SLA
// files and .model-sla.yaml that are symlinks to /dev/zero, a FIFO with an SLA name, a UTF-16 SLA,
// and four SLAs whose metric files are FIFOs beside one healthy SLA. The server's workspace scan
// must refuse each by its type or encoding (logged, with a bounded peak RSS, trusted or not), and
// the healthy SLA's compliance must answer while the FIFO ones are refused (they used to hold all
// four of Node's file-I/O threads). Timeouts are only a safety net; the assertions are the answers.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, fileUri, withTimeout } from './lspClient';

const skip = process.platform === 'win32' ? 'FIFOs, /dev/zero and symlinks: POSIX only' : false;
/** Peak RSS bound for the server after the scan (Node and the server alone are ~60-90 MiB). */
const MAX_RSS_MIB = 300;

const HEALTHY_CSV = 'ts,total,ok\n2026-03-01T12:00:00Z,1000,999\n2026-03-02T12:00:00Z,1000,995\n';
function sla(name: string, file: string): string {
  return `apiVersion: modelsla/v1
kind: SLA
metadata: { name: ${name}, owner: sre@example.com }
model: m
scope: internal
period: { start: 2026-03-01, end: 2026-03-31, timezone: UTC }
metrics:
  requests: { file: ${file}, timestamp: ts, total: total, goodCount: ok }
objectives:
  - { id: availability, indicator: availability, metric: requests, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
`;
}
const FILE_CHARACTER = '  requests: { file: '.length;
const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const peakMiB = (client: LspClient) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${client.proc.pid}/status`, 'utf8'))?.[1]) / 1024;

interface Result { reports: { objectives: { id: string; status: string; problem?: string; windows: { label: string; value: number | null; status: string }[] }[]; metricErrors?: { metric: string; message: string }[] }[]; error?: string }

describe('hostile files in the workspace, over stdio', { skip }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-hostile-server-'));
    mkdirSync(join(dir, 'metrics'));
    writeFileSync(join(dir, 'metrics', 'requests.csv'), HEALTHY_CSV);
    writeFileSync(join(dir, 'good.sla.yaml'), sla('good', 'metrics/requests.csv'));
    for (let i = 1; i <= 4; i++) {
      execFileSync('mkfifo', [join(dir, 'metrics', `f${i}.csv`)]);
      writeFileSync(join(dir, `f${i}.sla.yaml`), sla(`fifo-${i}`, `metrics/f${i}.csv`));
    }
    symlinkSync('/dev/zero', join(dir, 'zero.sla.yaml'));
    symlinkSync('/dev/zero', join(dir, '.model-sla.yaml'));
    execFileSync('mkfifo', [join(dir, 'pipe.sla.yaml')]);
    writeFileSync(join(dir, 'wide.sla.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sla('wide', 'metrics/requests.csv'), 'utf16le')]));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  const scanProblems = (client: LspClient) => client.logs.map((l) => l.message).filter((m) => m.endsWith('; not read for the cross-file checks')).sort();
  const expectedScan = () => [
    `${join(dir, 'pipe.sla.yaml')}: not a regular file (a FIFO); not read for the cross-file checks`,
    `${join(dir, 'wide.sla.yaml')}: the file is UTF-16; save it as UTF-8; not read for the cross-file checks`,
    `${join(dir, 'zero.sla.yaml')}: not a regular file (a character device); not read for the cross-file checks`,
  ];

  for (const trusted of [true, false]) {
    test(`the workspace scan${trusted ? '' : ' (untrusted)'} refuses /dev/zero, a FIFO and UTF-16 by type and encoding, says why, and memory stays bounded`, async () => {
      const { client } = await LspClient.start({ rootUri: fileUri(dir), initializationOptions: { trusted } });
      try {
        // The scan runs in `initialized`, before the open below is handled: its log lines come first.
        const uri = fileUri(join(dir, 'good.sla.yaml'));
        const published = await withTimeout(client.openAndWait(uri, sla('good', 'metrics/requests.csv')), 'diagnostics of good.sla.yaml', 30_000);
        assert.deepEqual(published.diagnostics.filter((d) => d.severity === 1), []);
        assert.deepEqual(scanProblems(client), expectedScan());
        assert.ok(client.logs.some((l) => l.message === '.model-sla.yaml: not a regular file (a character device); ignored'), JSON.stringify(client.logs));
        const peak = peakMiB(client);
        assert.ok(peak < MAX_RSS_MIB, `peak RSS ${peak.toFixed(0)} MiB`);
      } finally {
        await client.shutdownAndExit().catch(() => client.dispose()); // a hung server must not hide the failure
      }
    });
  }

  test('four SLAs with FIFO metrics and a healthy one: the healthy compliance answers; the FIFO ones are refused with SLA115', async () => {
    const { client } = await LspClient.start({ rootUri: fileUri(dir) });
    try {
      const fifos = [1, 2, 3, 4].map((i) => fileUri(join(dir, `f${i}.sla.yaml`)));
      for (const [i, uri] of fifos.entries()) await client.open(uri, sla(`fifo-${i + 1}`, `metrics/f${i + 1}.csv`));
      const ask = (uri: string) => client.connection.sendRequest('modelSla/compliance', { uri }) as Promise<Result>;
      // The FIFO SLAs first: before the fix each held one of Node's four file-I/O threads forever.
      const pending = fifos.map(ask);
      const good = fileUri(join(dir, 'good.sla.yaml'));
      await client.open(good, sla('good', 'metrics/requests.csv'));
      const healthy = await withTimeout(ask(good), 'compliance of the healthy SLA', 30_000);
      assert.equal(healthy.error, undefined);
      assert.deepEqual(healthy.reports[0].objectives[0].windows.map((w) => [w.label, w.value, w.status]), [['2026-03-01', 99.9, 'met'], ['2026-03-02', 99.5, 'met']]);
      const refused = await withTimeout(Promise.all(pending), 'compliance of the FIFO SLAs', 30_000);
      for (const [i, r] of refused.entries()) {
        const problem = `\`metrics/f${i + 1}.csv\` is not a regular file (a FIFO); metric files are regular files`;
        assert.equal(r.reports[0].objectives[0].status, 'no-data');
        assert.equal(r.reports[0].objectives[0].problem, problem);
      }
      // The data lint publishes SLA115 on the `file` value.
      const withData = await withTimeout(client.diagnostics(fifos[0], (p) => p.diagnostics.some((d) => d.code === 'SLA115')), 'SLA115 on f1.sla.yaml', 30_000);
      assert.deepEqual(withData.diagnostics.filter((d) => d.code === 'SLA115').map((d) => [d.range.start.line, d.range.start.character, text(d)]), [
        [7, FILE_CHARACTER, 'metric `requests`: `metrics/f1.csv` is not a regular file (a FIFO); metric files are regular files; `availability` cannot be checked.'],
      ]);
    } finally {
      await client.shutdownAndExit().catch(() => client.dispose());
    }
  });
});
