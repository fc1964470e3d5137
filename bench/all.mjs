// `npm run bench`: every benchmark — the language server against yaml-language-server, the engine
// against pandas + numpy, the Prometheus source against the increase() queries of Sloth or Pyrra,
// the preview refresh cached against cold — then one table of the ratios
// against the performance goals. Each benchmark's own output is echoed as it runs.
// Environment: SIZES (default "2000 10000"), RUNS (default 3) and BENCH_ARGS for the LSP comparison.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const run = (cmd, args, env = {}) => new Promise((resolve) => {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
  child.on('close', (code) => resolve({ code, out }));
});

const rows = [];
const sizes = (process.env.SIZES || '2000 10000').split(/\s+/).filter(Boolean);
const lsp = await run('bash', ['bench/compare-lsp.sh', ...sizes], { RUNS: process.env.RUNS || '3' });
// The harness's table: a header line per file, then `  measure   yaml-ls   ours   ratio`.
let file = '';
for (const line of lsp.out.split('\n')) {
  const header = /^(bench-\d+)\.sla\.yaml/.exec(line);
  if (header) { file = header[1]; continue; }
  const m = /^\s+(didOpen→diagnostics ms|didChange→diag p95 ms|completion p95 ms|hover p95 ms|peak RSS MiB)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(line);
  if (m && file) {
    // Issue 20's goals (at 2,000 objectives; the same ratios are shown for the other sizes).
    const goal = { 'didOpen→diagnostics ms': 0.5, 'didChange→diag p95 ms': 0.1, 'completion p95 ms': 0.1, 'hover p95 ms': 0.1, 'peak RSS MiB': 0.3 }[m[1]];
    rows.push([`LSP ${file.replace('bench-', '')} objectives: ${m[1]} (vs yaml-ls)`, Number(m[4]), goal, `${m[3]} vs ${m[2]}`]);
    // Completion and hover also under one frame (16 ms), whatever yaml-language-server takes.
    if (m[1] === 'completion p95 ms' || m[1] === 'hover p95 ms') rows.push([`LSP ${file.replace('bench-', '')} objectives: ${m[1]} < 16 ms`, Number(m[3]) / 16, 1.0, `${m[3]} ms`]);
  }
}
const engine = await run('node', ['bench/engine.mjs']);
for (const line of engine.out.split('\n')) {
  // Columns: ours, pandas, DuckDB, ours/pandas, ours/DuckDB (issue 20's goals: ≤ 0.5 × DuckDB in time and memory).
  const m = /^(wall time, s|peak RSS, MiB)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(line);
  if (m) {
    rows.push([`engine 10M rows: ${m[1]} (vs pandas)`, Number(m[5]), m[1].startsWith('wall') ? 1.0 : undefined, `${m[2]} vs ${m[3]}`]);
    rows.push([`engine 10M rows: ${m[1]} (vs DuckDB)`, Number(m[6]), 0.5, `${m[2]} vs ${m[4]}`]);
  }
  const rss = /^peak RSS, MiB\s+([\d.]+)/.exec(line);
  if (rss) rows.push(['engine 10M rows: peak RSS ≤ 200 MB', Number(rss[1]) * 1.048576 / 200, 1.0, `${(Number(rss[1]) * 1.048576).toFixed(0)} MB`]);
}
const largeWall = /^large wall time, s ([\d.]+) vs ([\d.]+): ([\d.]+) ×/m.exec(engine.out);
const largeRss = /^large peak RSS, MiB ([\d.]+) vs ([\d.]+): ([\d.]+) ×/m.exec(engine.out);
const largeProblem = /^large file not reported: (.*)$/m.exec(engine.out);
const largeRows = /^large file: ([\d,]+) rows/m.exec(engine.out)?.[1] ?? '100,000,000';
const largeNote = largeProblem ? ` — not reported: ${largeProblem[1].slice(0, 60)}` : '';
if (largeWall) rows.push([`engine ${largeRows} rows: wall time (vs 10M rows)`, largeProblem ? Infinity : Number(largeWall[3]), 11, `${largeWall[1]} vs ${largeWall[2]} s${largeNote}`]);
if (largeRss) rows.push([`engine ${largeRows} rows: peak RSS (vs 10M rows)`, largeProblem ? Infinity : Number(largeRss[3]), 1.3, `${largeRss[1]} vs ${largeRss[2]} MiB${largeNote}`]);
const prometheus = await run('node', ['bench/prometheus.mjs']);
const promWall = /^wall time, s\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/m.exec(prometheus.out);
if (promWall) rows.push(['Prometheus 30-day report: wall time, s (vs increase())', Number(promWall[3]), 1.0, `${promWall[1]} vs ${promWall[2]}`]);
const promRss = /^peak RSS ≤ 200 MB: ([\d.]+) MB/m.exec(prometheus.out);
if (promRss) rows.push(['Prometheus 30-day report: peak RSS ≤ 200 MB', Number(promRss[1]) / 200, 1.0, `${promRss[1]} MB`]);
const preview = await run('node', ['--import', 'tsx', 'bench/preview.ts']);
const ratio = /^ratio\s+([\d.]+)/m.exec(preview.out);
if (ratio) rows.push(['preview refresh: cached vs cold', Number(ratio[1]), 0.1, '']);
const standing = await run('node', ['--import', 'tsx', 'bench/standing.ts']);
const view = /^view ratio ([\d.]+)/m.exec(standing.out);
if (view) rows.push(['Model SLA view, 50 SLAs: cached reports vs cold', Number(view[1]), 0.25, '']);
const explain = /^explain ratio ([\d.]+)/m.exec(standing.out);
if (explain) rows.push(['explain on a 10M-row window vs its report', Number(explain[1]), 1.5, '']);
const segments = await run('node', ['bench/segments.mjs']);
const segRatio = /^\s*ratio\s+([\d.]+) × time/m.exec(segments.out);
if (segRatio) rows.push(['segments by region, 10M rows: report vs unsegmented', Number(segRatio[1]), 1.5, '']);

console.log('\nSummary (ratio: lower is better; goal: the performance issue\'s)');
console.log(`${'measure'.padEnd(62)}${'ratio'.padStart(8)}${'goal'.padStart(8)}  met  detail`);
for (const [name, r, goal, detail] of rows) {
  console.log(`${name.padEnd(62)}${(Number.isFinite(r) ? r.toFixed(2) : '—').padStart(8)}${(goal === undefined ? '' : `≤ ${goal}`).padStart(8)}  ${goal === undefined ? '   ' : r <= goal ? 'yes' : 'no '}  ${detail}`);
}
process.exit([lsp, engine, prometheus, preview, standing, segments].every((r) => r.code === 0) ? 0 : 1);
