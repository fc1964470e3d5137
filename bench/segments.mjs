#!/usr/bin/env node
// Segments benchmark (issue 18, spec §12): `model-sla report` on the engine benchmark's 10 M-row
// latency CSV, a monthly nearest-rank p99 objective, unsegmented and with `segments: { by: region }`.
// The segment column is read in the same pass and the rows split once: goal ≤ 1.5 × the unsegmented
// wall time. Prints wall time, peak RSS and the ratio.
//   node bench/segments.mjs          (ROWS=10000000 RUNS=3; data shared with bench/engine.mjs)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rows = Number(process.env.ROWS ?? 10_000_000);
const runs = Number(process.env.RUNS ?? 3);
const dir = join(root, 'bench', 'results', `engine-data-${rows}`);
const gen = join(root, '..', 'shared', 'bench', 'gen-metrics.mjs');
if (!existsSync('/usr/bin/time')) { console.error('missing /usr/bin/time: apt-get install -y time'); process.exit(2); }
if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
mkdirSync(dir, { recursive: true });
if (!existsSync(join(dir, 'latency.csv'))) execFileSync(process.execPath, [gen, '--out', dir, '--rows', String(rows), '--only', 'latency'], { stdio: 'inherit' });

const sla = (segments) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: segments-bench, owner: bench@example.com }
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
${segments}`;
writeFileSync(join(dir, 'plain.sla.yaml'), sla(''));
writeFileSync(join(dir, 'segmented.sla.yaml'), sla('    segments: { by: region }\n'));

function timed(file) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'dist', 'cli.js'), 'report', file, '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  if (r.status !== 0 && r.status !== 1) { console.error(r.stderr); process.exit(2); }
  return { seconds, rss, json: JSON.parse(r.stdout) };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plain = [], segmented = [];
let last;
for (let i = 0; i < runs; i++) {
  plain.push(timed('plain.sla.yaml'));
  segmented.push((last = timed('segmented.sla.yaml')));
}
const t0 = median(plain.map((r) => r.seconds)), t1 = median(segmented.map((r) => r.seconds));
const m0 = median(plain.map((r) => r.rss)), m1 = median(segmented.map((r) => r.rss));
const segs = last.json.objectives[0].segments ?? [];
console.log(`segments bench: ${rows.toLocaleString('en-US')} rows, p99 per calendar month, ${segs.length} segments (${segs.map((s) => s.value).join(', ')}); median of ${runs}`);
console.log(`  unsegmented   ${t0.toFixed(2)} s   ${m0.toFixed(0)} MiB`);
console.log(`  by region     ${t1.toFixed(2)} s   ${m1.toFixed(0)} MiB`);
console.log(`  ratio         ${(t1 / t0).toFixed(2)} × time (goal ≤ 1.5)   ${(m1 / m0).toFixed(2)} × peak RSS`);
