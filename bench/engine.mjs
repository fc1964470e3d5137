#!/usr/bin/env node
// Engine benchmark: `model-sla report` on a 10,000,000-row latency CSV (a p99 monthly objective and a
// 5-minute timeslices objective) side by side with pandas + numpy (read_csv, an exact nearest-rank
// p99 per calendar month) and DuckDB (read_csv + quantile_disc per month, 2 threads:
// bench/duckdb_p99.mjs). Prints wall time, peak RSS and the ratios, and checks that all three
// computed the same monthly p99 values.
//   node bench/engine.mjs            (ROWS=10000000 RUNS=3 by default; data cached in bench/results/engine-data)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rows = Number(process.env.ROWS ?? 10_000_000);
const runs = Number(process.env.RUNS ?? 3);
const dir = join(root, 'bench', 'results', `engine-data-${rows}`);
const gen = join(root, '..', 'shared', 'bench', 'gen-metrics.mjs');

// Debian's python3 (where apt's pandas lives), not a pyenv shim earlier on the PATH.
const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
if (spawnSync(python, ['-c', 'import pandas, numpy']).status !== 0) { console.error('missing pandas/numpy: apt-get install -y python3-pandas python3-numpy'); process.exit(2); }
if (!existsSync('/usr/bin/time')) { console.error('missing /usr/bin/time: apt-get install -y time'); process.exit(2); }
if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

/** The generator's latency CSV of `n` rows in `folder` (made once, then cached). */
function latencyCsv(folder, n) {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'latency.csv');
  if (!existsSync(file)) {
    console.error(`generating ${n} rows → ${file}`);
    execFileSync(process.execPath, [gen, '--out', folder, '--rows', String(n), '--only', 'latency'], { stdio: 'inherit' });
  }
  return file;
}
const csv = latencyCsv(dir, rows);
const sla = join(dir, 'bench.sla.yaml');
writeFileSync(sla, `apiVersion: modelsla/v1
kind: SLA
metadata: { name: engine-bench, owner: bench@example.com }
model: bench
scope: internal
period: { start: 2026-08-01, end: 2026-12-31, timezone: UTC }
metrics:
  latency: { file: latency.csv, timestamp: ts, value: latency_ms, unit: ms }
objectives:
  - id: p99-monthly
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 800ms"
    window: { calendar: month }
  - id: p99-slices
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 800ms"
    window: { calendar: month }
    budgeting: timeslices
    slice: 5m
    sliceTarget: ">= 99%"
`);
const py = join(dir, 'pandas_p99.py');
writeFileSync(py, `import sys, json, numpy as np, pandas as pd
df = pd.read_csv(sys.argv[1], usecols=['ts', 'latency_ms'])
ts = pd.to_datetime(df['ts'], utc=True, errors='coerce')
v = pd.to_numeric(df['latency_ms'], errors='coerce')
ok = ts.notna() & v.notna()
month = ts[ok].dt.strftime('%Y-%m')
out = {}
for m, g in v[ok].groupby(month.values):
    out[m] = float(np.percentile(g.to_numpy(), 99, method='inverted_cdf'))  # nearest-rank
print(json.dumps(out))
`);

function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { seconds, rss, stdout: r.stdout, status: r.status, stderr: r.stderr };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ours = [];
const pandas = [];
const duck = [];
let oursOut = '';
let pandasOut = '';
let duckOut = '';
for (let i = 0; i < runs; i++) {
  // The order rotates, so no side always runs with a warm page cache.
  const order = [['ours', 'pandas', 'duckdb'], ['pandas', 'duckdb', 'ours'], ['duckdb', 'ours', 'pandas']][i % 3];
  for (const side of order) {
    if (side === 'duckdb') {
      const r = timed(process.execPath, [join(root, 'bench', 'duckdb_p99.mjs'), csv]);
      if (r.status !== 0) { console.error(r.stderr); process.exit(2); }
      duck.push(r); duckOut = r.stdout;
      continue;
    }
    if (side === 'ours') {
      const r = timed(process.execPath, [join(root, 'dist', 'cli.js'), 'report', sla, '--format', 'json', '--root', dir]);
      if (r.status !== 0 && r.status !== 1) { console.error(r.stderr); process.exit(2); }
      ours.push(r); oursOut = r.stdout;
    } else {
      const r = timed(python, [py, csv]);
      if (r.status !== 0) { console.error(r.stderr); process.exit(2); }
      pandas.push(r); pandasOut = r.stdout;
    }
  }
}
// Same numbers?
const report = JSON.parse(oursOut);
const ourMonths = Object.fromEntries(report.objectives[0].windows.filter((w) => w.value !== null).map((w) => [w.label ?? w.start.slice(0, 7), w.value]));
const theirMonths = JSON.parse(pandasOut);
const months = Object.keys(theirMonths);
const duckMonths = JSON.parse(duckOut);
const same = (theirs) => Object.keys(theirs).length > 0 && Object.keys(theirs).length === Object.keys(ourMonths).length && Object.keys(theirs).every((m) => ourMonths[m] === theirs[m]);
const agree = months.length > 0 && same(theirMonths);
const agreeDuck = same(duckMonths);

const f = (x, unit) => String(x.toFixed(unit === 's' ? 2 : 0)).padStart(10);
const row = (name, a, b, c, unit) => console.log(`${name.padEnd(22)}${f(a, unit)}${f(b, unit)}${f(c, unit)}${(a / b).toFixed(2).padStart(10)}${(a / c).toFixed(2).padStart(10)}`);
console.log(`engine benchmark: ${rows.toLocaleString('en')} rows, ${runs} runs (median), node ${process.version}, ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores`);
console.log(`${''.padEnd(22)}${'ours'.padStart(10)}${'pandas'.padStart(10)}${'duckdb'.padStart(10)}${'/pandas'.padStart(10)}${'/duckdb'.padStart(10)}`);
const wall = [median(ours.map((r) => r.seconds)), median(pandas.map((r) => r.seconds)), median(duck.map((r) => r.seconds))];
const rss = [median(ours.map((r) => r.rss)), median(pandas.map((r) => r.rss)), median(duck.map((r) => r.rss))];
row('wall time, s', ...wall, 's');
row('peak RSS, MiB', ...rss, 'MiB');
console.log(`goals vs DuckDB (issue 20): wall ≤ 0.5 × ${wall[0] / wall[2] <= 0.5 ? 'met' : 'NOT met'}, peak RSS ≤ 0.5 × ${rss[0] / rss[2] <= 0.5 ? 'met' : 'NOT met'}`);
console.log(`monthly p99 identical: pandas ${agree ? 'yes' : 'NO'}, duckdb ${agreeDuck ? 'yes' : 'NO'}  ours ${JSON.stringify(ourMonths)}  pandas ${JSON.stringify(theirMonths)}  duckdb ${JSON.stringify(duckMonths)}`);

// Memory that does not grow with the file (issue 20): the same generator at LARGE_ROWS (default
// 100,000,000 rows, ~5.2 GB, cached beside the 10 M file; LARGE=0 skips it), reported once: peak RSS
// ≤ 1.3 × and wall time ≤ 11 × the 10 M-row medians above.
if (process.env.LARGE !== '0') {
  const largeRows = Number(process.env.LARGE_ROWS ?? 100_000_000);
  const largeDir = join(root, 'bench', 'results', `engine-data-${largeRows}`);
  latencyCsv(largeDir, largeRows);
  const largeSla = join(largeDir, 'bench.sla.yaml');
  writeFileSync(largeSla, readFileSync(sla, 'utf8'));
  const r = timed(process.execPath, [join(root, 'dist', 'cli.js'), 'report', largeSla, '--format', 'json', '--root', largeDir]);
  const large = (() => { try { return JSON.parse(r.stdout); } catch { return undefined; } })();
  const refused = large?.objectives?.[0]?.windows?.every((w) => w.value === null) ? (large.dataIssues?.[0]?.problem ?? large.objectives[0].problem ?? 'no value') : undefined;
  const problem = r.status !== 0 && r.status !== 1 ? r.stderr.trim().split('\n').pop() : refused;
  console.log(`large file: ${largeRows.toLocaleString('en')} rows`);
  console.log(`large wall time, s ${r.seconds.toFixed(2)} vs ${wall[0].toFixed(2)}: ${(r.seconds / wall[0]).toFixed(2)} × (goal ≤ 11)`);
  console.log(`large peak RSS, MiB ${r.rss.toFixed(0)} vs ${rss[0].toFixed(0)}: ${(r.rss / rss[0]).toFixed(2)} × (goal ≤ 1.3)`);
  if (problem) console.log(`large file not reported: ${problem}`);
}
process.exit(agree && agreeDuck ? 0 : 1);
