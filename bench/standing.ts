// The Model SLA view and explain (issue 17), measured, never asserted in a test:
// 1. A workspace of 50 generated SLAs (each on its own 200,000-row latency CSV, a monthly p99 and a
//    ratio objective) served by the bundled language server over stdio: `modelSla/standing` cold
//    (every report computed) and then again with the reports cached. Goal: cached ≤ 0.25 × cold.
// 2. `model-sla explain` on the latest monthly window of a big latency CSV against `model-sla report`
//    of the same SLA. Goal: explain ≤ 1.5 × report. (EXPLAIN_ROWS, default 10,000,000; the file is
//    the engine benchmark's, generated once into bench/results.)
//   node --import tsx bench/standing.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, fileUri, withTimeout } from '../test/protocol/lspClient';

const root = join(__dirname, '..');
const SLAS = Number(process.env.SLAS ?? 50);
const ROWS_PER_SLA = Number(process.env.ROWS_PER_SLA ?? 200_000);
const EXPLAIN_ROWS = Number(process.env.EXPLAIN_ROWS ?? 10_000_000);
if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

async function main(): Promise<void> {
  // 1. The view.
  const ws = join(root, 'bench', 'results', `standing-${SLAS}x${ROWS_PER_SLA}`);
  mkdirSync(join(ws, 'metrics'), { recursive: true });
  const start = Date.parse('2026-08-01T00:00:00Z');
  for (let i = 0; i < SLAS; i++) {
    const csv = join(ws, 'metrics', `latency-${i}.csv`);
    if (!existsSync(csv)) {
      let seed = i + 1;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const lines = ['ts,ms'];
      const step = (90 * 86_400_000) / ROWS_PER_SLA;
      for (let k = 0; k < ROWS_PER_SLA; k++) lines.push(`${new Date(start + Math.floor(k * step)).toISOString()},${(50 + 200 * rand() ** 3).toFixed(1)}`);
      writeFileSync(csv, `${lines.join('\n')}\n`);
    }
    writeFileSync(join(ws, `model-${i}.sla.yaml`), `apiVersion: modelsla/v1
kind: SLA
metadata: { name: model-${i}, owner: bench@example.com }
model: m${i}
scope: internal
period: { start: 2026-08-01, end: 2026-12-31, timezone: UTC }
metrics:
  latency: { file: metrics/latency-${i}.csv, timestamp: ts, value: ms, unit: ms }
objectives:
  - { id: p99, indicator: latency, metric: latency, percentile: p99, percentileMethod: nearest-rank, target: "<= ${i % 10 === 0 ? 200 : 260}ms", window: { calendar: month } }
  - { id: under-250, indicator: latency, metric: latency, threshold: "<= 250ms", target: ">= 99%", window: { calendar: month } }
`);
  }
  const { client } = await LspClient.start({ rootUri: fileUri(ws) });
  const timeStanding = async () => {
    const t0 = performance.now();
    const r = await withTimeout(client.connection.sendRequest('modelSla/standing'), 'standing', 600_000) as { breached: number; folders: { files: unknown[] }[] };
    return { ms: performance.now() - t0, breached: r.breached, files: r.folders[0].files.length };
  };
  const cold = await timeStanding();
  const cached: number[] = [];
  for (let k = 0; k < 5; k++) cached.push((await timeStanding()).ms);
  await client.shutdownAndExit().catch(() => client.dispose());
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`standing benchmark: ${SLAS} SLAs × ${ROWS_PER_SLA.toLocaleString('en')} rows, node ${process.version}`);
  console.log(`view cold (reports computed), ms      ${cold.ms.toFixed(0).padStart(10)}   (${cold.files} files, ${cold.breached} breached)`);
  console.log(`view with cached reports, ms          ${median(cached).toFixed(0).padStart(10)}`);
  console.log(`view ratio ${(median(cached) / cold.ms).toFixed(3)} (goal ≤ 0.25)`);

  // 2. Explain against report on the engine benchmark's file.
  const dir = join(root, 'bench', 'results', `engine-data-${EXPLAIN_ROWS}`);
  const csv = join(dir, 'latency.csv');
  if (!existsSync(csv)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [join(root, '..', 'shared', 'bench', 'gen-metrics.mjs'), '--out', dir, '--rows', String(EXPLAIN_ROWS), '--only', 'latency'], { stdio: 'inherit' });
  }
  const sla = join(dir, 'explain.sla.yaml');
  writeFileSync(sla, `apiVersion: modelsla/v1
kind: SLA
metadata: { name: explain-bench, owner: bench@example.com }
model: bench
scope: internal
period: { start: 2026-08-01, end: 2026-12-31, timezone: UTC }
metrics:
  latency: { file: latency.csv, timestamp: ts, value: latency_ms, unit: ms }
objectives:
  - { id: p99-monthly, indicator: latency, metric: latency, percentile: p99, percentileMethod: nearest-rank, target: "<= 800ms", window: { calendar: month } }
`);
  const timed = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
    return { ms: performance.now() - t0, out: r.stdout };
  };
  const reports: number[] = [], explains: number[] = [];
  let explained = '';
  for (let k = 0; k < Number(process.env.RUNS ?? 3); k++) {
    reports.push(timed(['report', sla, '--format', 'json']).ms);
    const e = timed(['explain', sla, '--objective', 'p99-monthly', '--format', 'json']);
    explains.push(e.ms); explained = e.out;
  }
  const x = JSON.parse(explained);
  console.log(`explain on ${EXPLAIN_ROWS.toLocaleString('en')} rows: window ${x.window}, ${x.observations} observations, rank ${x.rank}, line ${x.evidence[0]?.line}`);
  console.log(`report, ms                            ${median(reports).toFixed(0).padStart(10)}`);
  console.log(`explain, ms                           ${median(explains).toFixed(0).padStart(10)}`);
  console.log(`explain ratio ${(median(explains) / median(reports)).toFixed(3)} (goal ≤ 1.5)`);
}

main().catch((error) => { console.error(error); process.exit(1); });
