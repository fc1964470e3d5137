#!/usr/bin/env node
// A local Prometheus holding the churn service's metrics, for examples/churn-prometheus.sla.yaml
// (the server `local` in examples/.model-sla.yaml: http://127.0.0.1:19190).
//
//   node examples/prometheus.mjs       serve until Ctrl-C (open examples/ in VS Code meanwhile)
//
// Needs Debian's `prometheus` package (prometheus and promtool). The data is generated here,
// deterministically (no file is committed): 2026-08-31 12:00 .. 2026-10-16 (UTC), scraped every 5 minutes
// from two instances — `churn_requests_total{instance, code}` and the histogram
// `churn_request_duration_seconds` (buckets 0.05, 0.1, 0.25, 0.5, 1 s, +Inf) — with the same story as
// the files: the feature-store outage of 2026-09-17 13:05-14:15Z (60 % answered 503, the rest 1.8 x
// slower), and instance b restarting on 2026-10-07 (its counters start again from 0). It is written
// as OpenMetrics, backfilled with `promtool tsdb create-blocks-from openmetrics` one 2-hour block at
// a time, and kept in out/examples/prometheus/ (built once, a few seconds).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PORT = 19190;
const root = join(import.meta.dirname, '..');
const dir = join(root, 'out', 'examples', 'prometheus');
const START = Date.UTC(2026, 7, 31, 12); // half a day before September (Berlin): no series starts inside the period
const END = Date.UTC(2026, 9, 16);
const STEP = 5 * 60_000;
const BLOCK = 2 * 3_600_000;
const BOUNDS = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];
const OUTAGE = [Date.parse('2026-09-17T13:05:00Z'), Date.parse('2026-09-17T14:15:00Z')];
const RESTART = Date.parse('2026-10-07T04:00:00Z');

/** Whether prometheus and promtool can run here. */
export function prometheusInstalled() {
  return spawnSync('promtool', ['--version']).status === 0 && spawnSync('prometheus', ['--version']).status === 0;
}

/** A deterministic generator in [0, 1) (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Requests per scrape of one instance: a daily cycle (busiest at 14:00 Berlin), quieter at weekends. */
function requests(t, random) {
  const hour = (((t / 3_600_000) + 2) % 24 + 24) % 24;
  const day = new Date(t).getUTCDay();
  const load = (0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 16) * Math.PI))) * (day === 0 || day === 6 ? 0.6 : 1);
  return Math.round(STEP / 1000 * 20 * load * (0.9 + 0.2 * random()));
}

/** The share of observations at most each bound (cumulative), slower during the outage. */
function cumulativeShares(t) {
  const slow = t >= OUTAGE[0] && t < OUTAGE[1];
  return slow ? [0.05, 0.4, 0.85, 0.97, 0.995, 1] : [0.3, 0.78, 0.9935, 0.9995, 0.99995, 1];
}

function* instances() {
  for (const [name, seed] of [['a', 11], ['b', 23]]) yield { name, random: rng(seed), ok: 0, bad: 0, buckets: BOUNDS.map(() => 0), count: 0 };
}

/** OpenMetrics text of [from, to) for every series, advancing the instances' counters. */
function blockText(state, from, to) {
  const lines = { requests: [], buckets: [], counts: [] };
  const seconds = (t) => (t / 1000).toFixed(3);
  for (const inst of state) {
    const req = [], buckets = BOUNDS.map(() => []), count = [];
    for (let t = from; t < to; t += STEP) {
      if (inst.name === 'b' && t === RESTART) { inst.ok = 0; inst.bad = 0; inst.buckets.fill(0); inst.count = 0; }
      const n = requests(t, inst.random);
      const errorRate = t >= OUTAGE[0] && t < OUTAGE[1] ? 0.6 : 0.0004 + 0.0008 * inst.random();
      const bad = Math.round(n * errorRate);
      inst.ok += n - bad;
      inst.bad += bad;
      const served = n - bad;
      const shares = cumulativeShares(t);
      BOUNDS.forEach((_, k) => { inst.buckets[k] += Math.round(served * shares[k]); });
      inst.count += Math.round(served * shares[BOUNDS.length - 1]);
      req.push([`churn_requests_total{instance="${inst.name}",code="200"} ${inst.ok} ${seconds(t)}`, `churn_requests_total{instance="${inst.name}",code="503"} ${inst.bad} ${seconds(t)}`]);
      BOUNDS.forEach((le, k) => buckets[k].push(`churn_request_duration_seconds_bucket{instance="${inst.name}",le="${le}"} ${inst.buckets[k]} ${seconds(t)}`));
      count.push(`churn_request_duration_seconds_count{instance="${inst.name}"} ${inst.count} ${seconds(t)}`);
    }
    lines.requests.push(req.map((r) => r[0]), req.map((r) => r[1]));
    lines.buckets.push(...buckets);
    lines.counts.push(count);
  }
  return ['# TYPE churn_requests counter', ...lines.requests.flat(), '# TYPE churn_request_duration_seconds histogram',
    ...lines.buckets.flat(), ...lines.counts.flat(), '# EOF', ''].join('\n');
}

/** Builds out/examples/prometheus/tsdb once (a marker file says it is complete). */
export function buildData() {
  const tsdb = join(dir, 'tsdb');
  const done = join(dir, 'complete');
  if (existsSync(done)) return tsdb;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const text = join(dir, 'block.om.txt');
  const state = [...instances()];
  for (let from = START; from < END; from += BLOCK) {
    writeFileSync(text, blockText(state, from, Math.min(from + BLOCK, END)));
    const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', text, tsdb], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`promtool create-blocks-from failed (${r.status})`);
  }
  rmSync(text);
  writeFileSync(done, new Date().toISOString() + '\n');
  return tsdb;
}

/** Serves the example data on 127.0.0.1:PORT; resolves with `stop()` once it answers. */
export async function startExamplePrometheus() {
  const tsdb = buildData();
  writeFileSync(join(dir, 'prometheus.yml'), 'global: {}\n');
  const child = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${PORT}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    let log = '';
    child.stderr.on('data', (d) => { log += d; if (log.includes('Server is ready to receive web requests')) resolve(); });
    child.once('exit', (code) => reject(new Error(`prometheus exited (${code}): is port ${PORT} taken?\n${log.split('\n').slice(-5).join('\n')}`)));
  });
  return { url: `http://127.0.0.1:${PORT}`, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!prometheusInstalled()) { console.error('needs Debian\'s prometheus package: apt-get install -y prometheus'); process.exit(2); }
  const t0 = Date.now();
  const server = await startExamplePrometheus();
  console.log(`Prometheus with the churn example's metrics at ${server.url} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s); Ctrl-C stops it.`);
  process.on('SIGINT', async () => { await server.stop(); process.exit(0); });
}
