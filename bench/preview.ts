// Preview refresh benchmark: the server's `modelSla/compliance` on a 1,000,000-row latency file,
// cold (first read) vs after a target edit (metric data cached). Goal: refresh ≤ 0.1 × cold.
//   node --import tsx bench/preview.ts      (ROWS=1000000 RUNS=5)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileUri, LspClient } from '../test/protocol/lspClient';

const root = join(__dirname, '..');
const rows = Number(process.env.ROWS ?? 1_000_000);
const runs = Number(process.env.RUNS ?? 5);
const dir = join(root, 'bench', 'results', `preview-data-${rows}`);
mkdirSync(dir, { recursive: true });
if (!existsSync(join(dir, 'latency.csv'))) {
  execFileSync(process.execPath, [join(root, '..', 'shared', 'bench', 'gen-metrics.mjs'), '--out', dir, '--rows', String(rows), '--only', 'latency'], { stdio: 'inherit' });
}
if (!existsSync(join(root, 'dist', 'server.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const sla = (target: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: preview-bench, owner: bench@example.com }
model: bench
scope: internal
period: { start: 2026-08-01, end: 2026-12-31, timezone: Europe/Berlin }
metrics:
  latency: { file: latency.csv, timestamp: ts, value: latency_ms, unit: ms }
objectives:
  - id: p99-monthly
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "${target}"
    window: { calendar: month }
  - id: p95-weekly
    indicator: latency
    metric: latency
    percentile: p95
    percentileMethod: linear
    target: "<= 400ms"
    window: { calendar: week }
`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const colds: number[] = [];
  const warms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const { client } = await LspClient.start({ rootUri: fileUri(dir) });
    try {
      const uri = fileUri(join(dir, `bench-${r}.sla.yaml`));
      await client.openAndWait(uri, sla('<= 800ms'));
      const ask = async () => {
        const t = performance.now();
        await client.connection.sendRequest('modelSla/compliance', { uri });
        return performance.now() - t;
      };
      colds.push(await ask());
      for (let i = 0; i < 3; i++) {
        const version = 2 + i;
        await client.change(uri, version, [{ text: sla(`<= ${700 + i}ms`) }]);
        warms.push(await ask());
      }
    } finally {
      await client.shutdownAndExit();
    }
  }
  const cold = median(colds);
  const warm = median(warms);
  console.log(`preview refresh benchmark: ${rows.toLocaleString('en')} rows, ${runs} server starts, node ${process.version}`);
  console.log(`cold (first read), median ms        ${cold.toFixed(0)}`);
  console.log(`after a target edit (cached), ms    ${warm.toFixed(0)}`);
  console.log(`ratio                               ${(warm / cold).toFixed(3)}  (goal ≤ 0.1)`);
}
main().catch((e) => { console.error(e); process.exit(1); });
