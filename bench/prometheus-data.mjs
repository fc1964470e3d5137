// The Prometheus benchmark's data (issue 15): 30 days (November 2026, UTC) of 100 series scraped
// every 15 s — 17,280,000 samples, and two hours before the month —, written as OpenMetrics and backfilled with
// `promtool tsdb create-blocks-from openmetrics` into DIR/tsdb.
//   node bench/prometheus-data.mjs DIR
// Series: `model_requests_total{instance, code}` (10 instances × code 200/500: 20 series) and the
// histogram `model_latency_seconds` (10 instances × 7 buckets, and `_count`: 80 series). Counts are
// deterministic (a fixed LCG per series); instance i3 restarts (every counter resets) on
// 2026-11-17 12:00, so the reset path is on the measured path too.
//
// promtool 2.42 parses its whole input once per 2-hour block it writes, so the text is written
// and backfilled one 2-hour file at a time (one parse per block instead of 360).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const START = Date.UTC(2026, 10, 1);
/** The service ran before the SLA's period: its series begin two hours before it (no series start inside it). */
const DATA_START = START - 2 * 3_600_000;
export const END = Date.UTC(2026, 11, 1);
export const STEP = 15_000;
export const INSTANCES = 10;
export const BOUNDS = ['0.05', '0.1', '0.2', '0.3', '0.5', '1', '+Inf'];
export const RESTART = { instance: 3, t: Date.UTC(2026, 10, 17, 12) };
const BLOCK = 2 * 3_600_000;

/** A deterministic generator in [0, 1). */
function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** The bucket of one observation (cumulative buckets count it from here on). */
const bucketOf = (x) => (x < 0.5 ? 0 : x < 0.8 ? 1 : x < 0.93 ? 2 : x < 0.985 ? 3 : x < 0.996 ? 4 : x < 0.999 ? 5 : 6);

/** The generator's state across blocks: each series' value and random stream. */
function initialState() {
  const requests = [];
  for (let i = 0; i < INSTANCES; i++) for (const code of ['200', '500']) requests.push({ i, code, v: 0, rnd: lcg(1000 + i * 2 + (code === '500' ? 1 : 0)) });
  const histograms = [];
  for (let i = 0; i < INSTANCES; i++) histograms.push({ i, v: new Array(BOUNDS.length).fill(0), rnd: lcg(5000 + i) });
  return { requests, histograms };
}

/**
 * OpenMetrics text of [from, to) (every series of the state, advanced). `truth` sums what the
 * samples inside the month show (each counts since the sample before it, spec §10): requests,
 * good requests (code 200), observations, observations ≤ 0.3 s.
 */
function blockText(state, from, to, truth) {
  const counts = (t) => t >= START;
  const out = [];
  const seconds = (t) => (t / 1000).toFixed(3);
  out.push('# TYPE model_requests counter');
  for (const s of state.requests) {
    for (let t = from; t < to; t += STEP) {
      if (s.i === RESTART.instance && t === RESTART.t) s.v = 0;
      const inc = s.code === '200' ? 40 + Math.floor(s.rnd() * 20) : (s.rnd() < 0.05 ? 1 : 0);
      s.v += inc;
      if (counts(t)) { truth.requests += inc; if (s.code === '200') truth.good += inc; }
      out.push(`model_requests_total{instance="i${s.i}",code="${s.code}"} ${s.v} ${seconds(t)}`);
    }
  }
  out.push('# TYPE model_latency_seconds histogram');
  for (const h of state.histograms) {
    // Per scrape: the cumulative bucket values after it; then one series after another.
    const values = [];
    for (let t = from; t < to; t += STEP) {
      if (h.i === RESTART.instance && t === RESTART.t) h.v.fill(0);
      const n = 40 + Math.floor(h.rnd() * 20);
      for (let k = 0; k < n; k++) {
        const b = bucketOf(h.rnd());
        for (let j = b; j < BOUNDS.length; j++) h.v[j]++;
        if (counts(t)) { truth.observations++; if (b <= 3) truth.fast++; }
      }
      values.push([...h.v]);
    }
    for (let j = 0; j < BOUNDS.length; j++) {
      let s = 0;
      for (let t = from; t < to; t += STEP, s++) out.push(`model_latency_seconds_bucket{instance="i${h.i}",le="${BOUNDS[j]}"} ${values[s][j]} ${seconds(t)}`);
    }
    let s = 0;
    for (let t = from; t < to; t += STEP, s++) out.push(`model_latency_seconds_count{instance="i${h.i}"} ${values[s][BOUNDS.length - 1]} ${seconds(t)}`);
  }
  out.push('# EOF');
  return out.join('\n') + '\n';
}

/**
 * Lets a Prometheus compact the 2-hour blocks as it would have over the month (a real server
 * queries a few large blocks, not 360 small ones), so that no compaction runs while the benchmark
 * measures: serve the folder until the block count has not changed for 20 s.
 */
async function compact(tsdb, port) {
  const config = join(tsdb, '..', 'prometheus.yml');
  writeFileSync(config, 'global: {}\n');
  const child = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const blocks = () => readdirSync(tsdb).filter((n) => /^[0-9A-Z]{26}$/.test(n)).length;
  let last = blocks(), stable = 0;
  for (let waited = 0; waited < 600 && stable < 20; waited++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = blocks();
    stable = now === last && now < 20 ? stable + 1 : 0;
    last = now;
  }
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return last;
}

export async function generate(dir, port = 19_099) {
  mkdirSync(dir, { recursive: true });
  const tsdb = join(dir, 'tsdb');
  rmSync(tsdb, { recursive: true, force: true });
  const text = join(dir, 'block.om.txt');
  const state = initialState();
  const truth = { requests: 0, good: 0, observations: 0, fast: 0 };
  for (let from = DATA_START; from < END; from += BLOCK) {
    writeFileSync(text, blockText(state, from, Math.min(from + BLOCK, END), truth));
    const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', text, tsdb], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`promtool create-blocks-from failed (${r.status})`);
  }
  rmSync(text);
  const blocks = await compact(tsdb, port);
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
  console.error(`backfilled ${Math.round((END - DATA_START) / STEP) * 100} samples; ${blocks} blocks after compaction`);
  return tsdb;
}

/**
 * Serves a copy of DIR/tsdb (the cache stays as it is) on a free loopback port; `stop()` ends the
 * server and removes the copy. `work` is a temporary folder the caller may use too.
 */
export async function servePrometheus(dir) {
  const work = mkdtempSync(join(tmpdir(), 'model-sla-bench-prom-'));
  cpSync(join(dir, 'tsdb'), join(work, 'tsdb'), { recursive: true });
  writeFileSync(join(work, 'prometheus.yml'), 'global: {}\n');
  const port = await new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); }); });
  const prom = spawn('prometheus', [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'tsdb')}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    let log = '';
    prom.stderr.on('data', (d) => { log += d; if (log.includes('Server is ready to receive web requests')) resolve(); });
    prom.once('exit', (code) => reject(new Error(`prometheus exited (${code}): ${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`, work,
    stop: async () => { prom.kill('SIGTERM'); await new Promise((r) => prom.once('exit', r)); rmSync(work, { recursive: true, force: true }); },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: node bench/prometheus-data.mjs DIR'); process.exit(2); }
  const t0 = Date.now();
  await generate(dir);
  console.error(`generated and backfilled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
