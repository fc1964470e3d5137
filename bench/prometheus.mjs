#!/usr/bin/env node
// Prometheus source benchmark (issue 15): `model-sla report` of an SLA over a month of data in a
// real Prometheus — 100 series at a 15 s scrape, 17,280,000 samples, backfilled (data cached in
// bench/results/prometheus-data; bench/prometheus-data.mjs) — an availability objective (total and
// good counters) and a ratio-form latency objective (a histogram's bucket at 300 ms over `_count`),
// calendar month, side by side with the same Prometheus answering the `increase()` queries Sloth or
// Pyrra would send for the same two numbers (`sum(increase(x[30d]))` of each numerator and
// denominator: 4 instant queries, sent 2 at a time as our source does). Prints wall time, peak
// RSS, the ratio, and checks the report's counts against what the generator wrote (exact).
//   node bench/prometheus.mjs            (RUNS=3 by default)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { END, generate, servePrometheus } from './prometheus-data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.RUNS ?? 3);
const dataDir = join(root, 'bench', 'results', 'prometheus-data');

if (spawnSync('prometheus', ['--version']).status !== 0) { console.error('missing prometheus: apt-get install -y prometheus'); process.exit(2); }
if (!existsSync('/usr/bin/time')) { console.error('missing /usr/bin/time: apt-get install -y time'); process.exit(2); }
if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (!existsSync(join(dataDir, 'truth.json'))) {
  console.error('generating 17,280,000 samples and backfilling them (a few minutes, once) …');
  await generate(dataDir);
}
const truth = JSON.parse(readFileSync(join(dataDir, 'truth.json'), 'utf8'));

const served = await servePrometheus(dataDir);
const { url, work } = served;
const ws = join(work, 'ws');
execFileSync('mkdir', ['-p', ws]);
writeFileSync(join(ws, '.model-sla.yaml'), `servers:\n  bench: { url: "${url}", timeout: 120s }\n`);
// The same report by the query API only (the path of a server without remote read: Thanos' querier).
const wsQuery = join(work, 'ws-query');
execFileSync('mkdir', ['-p', wsQuery]);
writeFileSync(join(wsQuery, '.model-sla.yaml'), `servers:\n  bench: { url: "${url}", timeout: 120s, remoteRead: false }\n`);
writeFileSync(join(ws, 'bench.sla.yaml'), `apiVersion: modelsla/v1
kind: SLA
metadata: { name: prometheus-bench, owner: bench@example.com }
model: bench
scope: internal
period: { start: 2026-11-01, end: 2026-11-30, timezone: UTC }
metrics:
  requests:
    prometheus: { server: bench, total: model_requests_total, good: 'model_requests_total{code="200"}' }
  latency:
    prometheus: { server: bench, histogram: model_latency_seconds }
    unit: s
objectives:
  - id: availability
    indicator: availability
    metric: requests
    target: ">= 99.9%"
    window: { calendar: month }
  - id: latency
    indicator: latency
    metric: latency
    threshold: "<= 300ms"
    target: ">= 98%"
    window: { calendar: month }
`);

cpSync(join(ws, 'bench.sla.yaml'), join(wsQuery, 'bench.sla.yaml'));

// The CLI's own cost (node's start, loading, a report of one file row): what is not the source's.
writeFileSync(join(ws, 'tiny.csv'), 'ts,n,g\n2026-11-02T00:00:00Z,10,10\n');
writeFileSync(join(ws, 'tiny.sla.yaml'), `apiVersion: modelsla/v1
kind: SLA
metadata: { name: tiny, owner: bench@example.com }
model: bench
scope: internal
period: { start: 2026-11-01, end: 2026-11-30, timezone: UTC }
metrics:
  r: { file: tiny.csv, timestamp: ts, total: n, goodCount: g }
objectives:
  - { id: a, indicator: availability, metric: r, target: ">= 99%", window: { calendar: month } }
`);
function cliBaseline() {
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'report', 'tiny.sla.yaml', '--format', 'json', '--root', ws], { cwd: ws });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** One `model-sla report` run: wall seconds, peak RSS MiB, the JSON report. */
function ours(folder = ws) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'dist', 'cli.js'), 'report', 'bench.sla.yaml', '--format', 'json', '--root', folder], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`model-sla report failed (${r.status}): ${r.stderr}`);
  const rss = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
  return { wall, rss, report: JSON.parse(r.stdout) };
}
/** The Sloth/Pyrra reference: the four increase() queries, two at a time. */
async function reference() {
  const at = (END - 1) / 1000;
  const queries = [
    'sum(increase(model_requests_total[30d]))',
    'sum(increase(model_requests_total{code="200"}[30d]))',
    'sum(increase(model_latency_seconds_count[30d]))',
    'sum(increase(model_latency_seconds_bucket{le="0.3"}[30d]))',
  ];
  const t0 = process.hrtime.bigint();
  const ask = async (q) => {
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: q, time: String(at) })}`);
    return Number((await res.json()).data.result[0].value[1]);
  };
  const values = [];
  for (let i = 0; i < queries.length; i += 2) values.push(...await Promise.all(queries.slice(i, i + 2).map(ask)));
  return { wall: Number(process.hrtime.bigint() - t0) / 1e9, values };
}

try {
  const oursRuns = [], refRuns = [], baseRuns = [], queryRuns = [];
  let report, refValues;
  for (let i = 0; i < runs; i++) {
    const ref = await reference(); refRuns.push(ref.wall); refValues = ref.values;
    const o = ours(); oursRuns.push(o); report = o.report;
    baseRuns.push(cliBaseline());
    const q = ours(wsQuery); queryRuns.push(q);
    if (JSON.stringify(q.report.objectives) !== JSON.stringify(o.report.objectives)) throw new Error('the query API and the remote read gave different reports');
    console.error(`run ${i + 1}: ours ${o.wall.toFixed(2)} s, ${o.rss.toFixed(0)} MiB; query API only ${q.wall.toFixed(2)} s; increase() queries ${ref.wall.toFixed(2)} s`);
  }
  const byId = Object.fromEntries(report.objectives.map((o) => [o.id, o.windows.at(-1)]));
  const availability = byId.availability, latency = byId.latency;
  const exact = availability.observations === truth.requests && latency.observations === truth.observations
    && availability.value === (truth.good * 100) / truth.requests && latency.value === (truth.fast * 100) / truth.observations;
  const wall = median(oursRuns.map((r) => r.wall)), rss = median(oursRuns.map((r) => r.rss)), refWall = median(refRuns);
  console.log(`Prometheus source: 30-day report, 100 series × 15 s scrape (17,280,000 samples), median of ${runs}`);
  console.log(`${'measure'.padEnd(40)}${'ours'.padStart(10)}${'increase()'.padStart(12)}${'ratio'.padStart(8)}`);
  console.log(`${'wall time, s'.padEnd(40)}${wall.toFixed(2).padStart(10)}${refWall.toFixed(2).padStart(12)}${(wall / refWall).toFixed(2).padStart(8)}`);
  const base = median(baseRuns);
  console.log(`${'  of which the CLI itself, s'.padEnd(40)}${base.toFixed(2).padStart(10)}`);
  console.log(`${'  the rest (reading, computing), s'.padEnd(40)}${(wall - base).toFixed(2).padStart(10)}${refWall.toFixed(2).padStart(12)}${((wall - base) / refWall).toFixed(2).padStart(8)}`);
  console.log(`${'peak RSS, MiB'.padEnd(40)}${rss.toFixed(0).padStart(10)}`);
  const qWall = median(queryRuns.map((r) => r.wall));
  console.log(`${'query API only (remoteRead: false), s'.padEnd(40)}${qWall.toFixed(2).padStart(10)}${refWall.toFixed(2).padStart(12)}${(qWall / refWall).toFixed(2).padStart(8)}   (same report; peak RSS ${median(queryRuns.map((r) => r.rss)).toFixed(0)} MiB)`);
  console.log(`peak RSS ≤ 200 MB: ${(rss * 1.048576).toFixed(0)} MB`);
  console.log(`availability: ${availability.observations} requests, ${availability.value}% (generator: ${truth.requests}, ${(truth.good * 100) / truth.requests}%; increase(): ${(refValues[1] / refValues[0]) * 100}%)`);
  console.log(`latency ≤ 300 ms: ${latency.observations} observations, ${latency.value}% (generator: ${truth.observations}, ${(truth.fast * 100) / truth.observations}%; increase(): ${(refValues[3] / refValues[2]) * 100}%)`);
  console.log(`exact: ${exact ? 'yes' : 'NO'}`);
  if (!exact) process.exitCode = 1;
} finally {
  await served.stop();
}
