#!/usr/bin/env node
// Deterministic generator for the metric files under examples/metrics/.
//
//   node examples/generate-metrics.mjs          (from the repository root, or any directory)
//
// Plain Node ESM, no dependencies, seeded PRNG (mulberry32): running it twice gives byte-identical
// files. Data covers 2026-08-03T00:00:00Z .. 2026-10-16T00:00:00Z (exclusive), i.e. the baseline
// (2026-08-03 .. 2026-09-14) plus August, September and the first half of October.
//
// What is in the data (the "story" the example SLAs are checked against):
//   churn-xgb
//   - 2026-08-20 09:40-10:00Z  bad deploy, 20 % of requests answered 5xx, rolled back.
//   - 2026-09-08/09            planned retraining (excluded in the SLAs); a shadow evaluation run of
//                              the half-trained model scores f1 0.792 on 2026-09-09 (excluded).
//   - 2026-09-14 06:00Z        evaluation run with only 3120 labeled samples (labels late), re-run
//                              20:00Z the same day with 5610 samples.
//   - 2026-09-17 13:05-14:15Z  feature-store outage: 60 % of requests answered 503, latency of the
//                              rest x1.8. Breaks availability for September (internal and external).
//   - 2026-09-22               an ad-hoc evaluation against the old holdout set
//                              (churn-holdout-2026q2): must be ignored by the dataset filter.
//   - 2026-10-03 01:00-03:00Z  metrics exporter restart: no rows in churn-requests-1m.csv.
//   - 2026-10-12               evaluation shows drift: f1 0.812 (< 0.82 internal target).
//   fraud-gbm
//   - 2026-09-03 12:00-12:30Z  brownout: 50 % errors.
//   - 2026-09-14/15            planned retraining; a shadow evaluation run (auc 0.88) on 09-14.
//   - 2026-09-15 12:00Z .. 2026-09-21 12:00Z
//                              the retrained model (more trees) is ~2.2x slower; pruned version
//                              deployed 09-21. Rolling-28d p95 rises above 100 ms and recovers.
//   - 2026-10-02 02:20-03:05Z  full outage (all 503): 9 sampled minutes down.
//
// Files:
//   metrics/churn-latency.csv       ts,server_ms,gateway_ms  one row per sampled request (~1 per 2 min,
//                                   denser by day). server_ms: model server; gateway_ms: API gateway
//                                   (server time + network/TLS/queueing).
//   metrics/churn-requests.jsonl    {"time","status"}  head-sampled access log (~1 in 3500 requests).
//   metrics/churn-requests-1m.csv   minute,requests,ok_requests  complete 1-minute buckets; the
//                                   exporter keeps one bucket in five (minutes :00, :05, ...).
//   metrics/churn-eval-runs.csv     evaluated_at,model_version,dataset,n_labeled,f1,precision,recall
//   metrics/fraud-latency.csv       timestamp;latency_s  ';'-delimited, seconds (decimal point).
//   metrics/fraud-requests-1m.csv   bucket_start,scored,scored_ok  1-minute buckets, one in five kept.
//   metrics/fraud-eval.jsonl        {"evaluated_at","model_version","dataset","n_labeled","auc"}
//
// Deliberately malformed rows in metrics/churn-latency.csv (physical line numbers, header = line 1;
// the script re-checks these numbers on every run and fails if they drift):
//   line 9654  17/08/2026 07:14:00,...            unparseable timestamp (not ISO-8601)
//   line 18044  ...,timeout,30000.0                non-numeric server_ms (gateway_ms is numeric)
//   line 26094  "2026-09-10T08:00<newline>:00Z"    quoted field containing a newline -> unparseable
//                                                  timestamp; the record spans lines 26094-26095, so
//                                                  every later physical line number is shifted by one
//   line 36228  ...,,                              empty server_ms and gateway_ms
//   line 43778  2026-10-06T09:20:00,...            timestamp without offset (naive): readable, but
//                                                  interpreted in period.timezone and flagged
// (The CSV format has no comments, so they are documented here and in examples/README.md.)

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'metrics');
const START = Date.UTC(2026, 7, 3); // 2026-08-03T00:00:00Z (a Monday)
const END = Date.UTC(2026, 9, 16); //  2026-10-16T00:00:00Z, exclusive
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------- PRNG and distributions
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function makeRng(seed) {
  const u = mulberry32(seed);
  const normal = () => {
    let x = 0;
    while (x === 0) x = u();
    return Math.sqrt(-2 * Math.log(x)) * Math.cos(2 * Math.PI * u());
  };
  const lognormal = (median, sigma) => median * Math.exp(sigma * normal());
  const poisson = (mean) => {
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= u();
    } while (p > l);
    return k - 1;
  };
  const uniform = (a, b) => a + (b - a) * u();
  return { u, normal, lognormal, poisson, uniform };
}

// ---------------------------------------------------------------- helpers
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const isoSec = (ms) => iso(Math.floor(ms / 1000) * 1000);
const within = (t, from, to) => t >= Date.parse(from) && t < Date.parse(to);
// Europe/Berlin is UTC+2 (CEST) for the whole data range (DST ends 2026-10-25).
const berlinHour = (t) => (((t + 2 * HOUR) % DAY) + DAY) % DAY / HOUR;
const isWeekend = (t) => {
  const d = new Date(t + 2 * HOUR).getUTCDay();
  return d === 0 || d === 6;
};
// Daily load in [0, 1]: trough 04:00 local, peak 16:00 local; weekends at 70 %.
function load(t) {
  const h = berlinHour(t);
  const base = 0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 4)) / 24);
  return isWeekend(t) ? 0.7 * base : base;
}
const fmt1 = (x) => x.toFixed(1);

const files = {};
function emit(name, text) {
  files[name] = text;
}

// ---------------------------------------------------------------- churn-xgb: incidents
const churnErrorRate = (t) => {
  if (within(t, '2026-09-17T13:05:00Z', '2026-09-17T14:15:00Z')) return 0.6;
  if (within(t, '2026-08-20T09:40:00Z', '2026-08-20T10:00:00Z')) return 0.2;
  return 0.0001;
};
const churnLatencyFactor = (t) => (within(t, '2026-09-17T13:05:00Z', '2026-09-17T14:15:00Z') ? 1.8 : 1);

// ---------------------------------------------------------------- churn-latency.csv
{
  const r = makeRng(20260803);
  const lines = ['ts,server_ms,gateway_ms'];
  for (let m = START; m < END; m += MIN) {
    // ~0.5 rows per minute on average, following traffic.
    const n = r.poisson(0.18 + 0.64 * load(m));
    const secs = Array.from({ length: n }, () => Math.floor(r.u() * 60)).sort((a, b) => a - b);
    for (const s of secs) {
      const t = m + s * 1000;
      let server = r.lognormal(52 + 42 * load(t), 0.36) * churnLatencyFactor(t);
      if (r.u() < 0.004) server *= r.uniform(2.5, 6); // cold feature fetch
      let gateway = server + 4 + r.lognormal(7, 0.6);
      if (r.u() < 0.002) gateway += r.uniform(150, 900); // client retry / TLS renegotiation
      lines.push(`${iso(t)},${fmt1(server)},${fmt1(gateway)}`);
    }
  }
  // Deliberately malformed rows, each replacing the first row at or after the given instant.
  const bad = [
    ['2026-08-17T07:14:00Z', () => '17/08/2026 07:14:00,88.1,97.4', 'unparseable timestamp'],
    ['2026-08-29T11:02:00Z', (ts) => `${ts},timeout,30000.0`, 'non-numeric server_ms'],
    ['2026-09-10T08:00:00Z', () => '"2026-09-10T08:00\n:00Z",101.5,112.0', 'quoted newline in timestamp'],
    ['2026-09-24T21:40:00Z', (ts) => `${ts},,`, 'empty values'],
    ['2026-10-06T09:20:00Z', () => '2026-10-06T09:20:00,95.3,104.8', 'timestamp without offset'],
  ];
  const expectedLines = [9654, 18044, 26094, 36228, 43778];
  let physical = 1; // header
  let bi = 0;
  const out = [lines[0]];
  const found = [];
  for (let i = 1; i < lines.length; i++) {
    let line = lines[i];
    physical++;
    if (bi < bad.length && line.slice(0, 20) >= bad[bi][0]) {
      line = bad[bi][1](line.slice(0, 20));
      found.push([physical, bad[bi][2]]);
      bi++;
    }
    out.push(line);
    physical += (line.match(/\n/g) || []).length;
  }
  for (let i = 0; i < found.length; i++) {
    if (found[i][0] !== expectedLines[i]) {
      console.error(`malformed row ${i} (${found[i][1]}) is at line ${found[i][0]}, expected ${expectedLines[i]}:` +
        ' update the comment at the top of this script and examples/README.md');
      process.exitCode = 1;
    }
  }
  emit('churn-latency.csv', out.join('\n') + '\n');
  console.log('churn-latency.csv malformed rows:', found.map(([l, p]) => `${l} (${p})`).join(', '));
}

// ---------------------------------------------------------------- churn traffic (rps)
const churnRps = (t) => 10 + 35 * load(t);

// ---------------------------------------------------------------- churn-requests.jsonl
{
  const r = makeRng(20260804);
  const lines = [];
  for (let m = START; m < END; m += MIN) {
    const n = r.poisson((churnRps(m) * 60) / 3500); // head sampling, ~1 in 3500
    const secs = Array.from({ length: n }, () => r.u() * 60).sort((a, b) => a - b);
    for (const s of secs) {
      const t = m + Math.floor(s * 1000);
      let status = 200;
      const x = r.u();
      if (x < churnErrorRate(t)) status = within(t, '2026-09-17T13:05:00Z', '2026-09-17T14:15:00Z') ? 503 : (r.u() < 0.5 ? 500 : 502);
      else if (r.u() < 0.004) status = r.u() < 0.7 ? 422 : 400; // invalid payloads: client errors, not outages
      lines.push(JSON.stringify({ time: isoSec(t), status }));
    }
  }
  emit('churn-requests.jsonl', lines.join('\n') + '\n');
}

// ---------------------------------------------------------------- churn-requests-1m.csv
{
  const r = makeRng(20260805);
  const lines = ['minute,requests,ok_requests'];
  for (let m = START; m < END; m += 5 * MIN) {
    if (within(m, '2026-10-03T01:00:00Z', '2026-10-03T03:00:00Z')) continue; // exporter restart
    const total = r.poisson(churnRps(m) * 60 * r.uniform(0.93, 1.07));
    const badCount = Math.min(total, r.poisson(total * churnErrorRate(m)));
    lines.push(`${iso(m)},${total},${total - badCount}`);
  }
  emit('churn-requests-1m.csv', lines.join('\n') + '\n');
}

// ---------------------------------------------------------------- churn-eval-runs.csv
{
  const r = makeRng(20260806);
  const runs = [
    ['2026-08-03T06:00:00Z', 'churn-xgb-2026.07.3', 'churn-holdout-2026q3', 6120, 0.861],
    ['2026-08-10T06:00:00Z', 'churn-xgb-2026.07.3', 'churn-holdout-2026q3', 5980, 0.858],
    ['2026-08-17T06:00:00Z', 'churn-xgb-2026.07.3', 'churn-holdout-2026q3', 6210, 0.855],
    ['2026-08-24T06:00:00Z', 'churn-xgb-2026.07.3', 'churn-holdout-2026q3', 6045, 0.851],
    ['2026-08-31T06:00:00Z', 'churn-xgb-2026.07.3', 'churn-holdout-2026q3', 6302, 0.846],
    ['2026-09-07T06:00:00Z', 'churn-xgb-2026.07.3', 'churn-holdout-2026q3', 6150, 0.838],
    ['2026-09-09T12:00:00Z', 'churn-xgb-2026.09.1-rc', 'churn-holdout-2026q3', 6088, 0.792], // retraining: excluded
    ['2026-09-14T06:00:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q3', 3120, 0.871], // below minSamples
    ['2026-09-14T20:00:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q3', 5610, 0.869], // re-run, labels landed
    ['2026-09-21T06:00:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q3', 6230, 0.866],
    ['2026-09-22T09:30:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q2', 5900, 0.803], // wrong dataset
    ['2026-09-28T06:00:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q3', 6175, 0.862],
    ['2026-09-30T18:00:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q3', 6190, 0.860], // month-end review run
    ['2026-10-05T06:00:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q3', 6240, 0.857],
    ['2026-10-12T06:00:00Z', 'churn-xgb-2026.09.1', 'churn-holdout-2026q3', 6101, 0.812], // drift
  ];
  const lines = ['evaluated_at,model_version,dataset,n_labeled,f1,precision,recall'];
  for (const [t, v, ds, n, f1] of runs) {
    const precision = f1 + r.uniform(0.005, 0.03);
    const recall = (f1 * precision) / (2 * precision - f1);
    lines.push(`${t},${v},${ds},${n},${f1.toFixed(3)},${precision.toFixed(3)},${recall.toFixed(3)}`);
  }
  emit('churn-eval-runs.csv', lines.join('\n') + '\n');
}

// ---------------------------------------------------------------- fraud-gbm
const fraudSlow = (t) => within(t, '2026-09-15T12:00:00Z', '2026-09-21T12:00:00Z');
const fraudErrorRate = (t) => {
  if (within(t, '2026-10-02T02:20:00Z', '2026-10-02T03:05:00Z')) return 1;
  if (within(t, '2026-09-03T12:00:00Z', '2026-09-03T12:30:00Z')) return 0.5;
  return 0.0001;
};
const fraudRps = (t) => 18 + 55 * load(t);

// fraud-latency.csv: ';'-delimited, seconds.
{
  const r = makeRng(20260807);
  const lines = ['timestamp;latency_s'];
  for (let m = START; m < END; m += MIN) {
    const n = r.poisson(0.04 + 0.12 * load(m)); // ~1 row per 10 min
    const secs = Array.from({ length: n }, () => Math.floor(r.u() * 60)).sort((a, b) => a - b);
    for (const s of secs) {
      const t = m + s * 1000;
      let ms = r.lognormal(34 + 10 * load(t), 0.35) * (fraudSlow(t) ? 2.2 : 1);
      if (r.u() < 0.003) ms *= r.uniform(2, 4);
      lines.push(`${iso(t)};${(ms / 1000).toFixed(4)}`);
    }
  }
  emit('fraud-latency.csv', lines.join('\n') + '\n');
}

// fraud-requests-1m.csv
{
  const r = makeRng(20260808);
  const lines = ['bucket_start,scored,scored_ok'];
  for (let m = START; m < END; m += 5 * MIN) {
    const total = r.poisson(fraudRps(m) * 60 * r.uniform(0.95, 1.05));
    const rate = fraudErrorRate(m);
    const badCount = rate === 1 ? total : Math.min(total, r.poisson(total * rate));
    lines.push(`${iso(m)},${total},${total - badCount}`);
  }
  emit('fraud-requests-1m.csv', lines.join('\n') + '\n');
}

// fraud-eval.jsonl: every Wednesday 07:30Z on the chargeback-labelled set of the previous 30 days.
{
  const r = makeRng(20260809);
  const lines = [];
  for (let t = Date.parse('2026-08-05T07:30:00Z'); t < END; t += 7 * DAY) {
    const version = t < Date.parse('2026-09-15T00:00:00Z') ? 'fraud-gbm-2026.07.2'
      : t < Date.parse('2026-09-21T12:00:00Z') ? 'fraud-gbm-2026.09.1' : 'fraud-gbm-2026.09.2-pruned';
    const auc = 0.948 + r.uniform(-0.006, 0.006) - (t > Date.parse('2026-09-21T00:00:00Z') ? 0.004 : 0);
    lines.push(JSON.stringify({ evaluated_at: iso(t), model_version: version, dataset: 'fraud-chargebacks-30d',
      n_labeled: Math.round(r.uniform(48000, 56000)), auc: Number(auc.toFixed(4)) }));
    if (iso(t) === '2026-09-09T07:30:00Z') {
      // shadow evaluation of the half-trained candidate during the planned retraining (excluded)
      lines.push(JSON.stringify({ evaluated_at: '2026-09-14T20:00:00Z', model_version: 'fraud-gbm-2026.09.1-rc',
        dataset: 'fraud-chargebacks-30d', n_labeled: 51234, auc: 0.881 }));
    }
  }
  emit('fraud-eval.jsonl', lines.join('\n') + '\n');
}

// ---------------------------------------------------------------- write
mkdirSync(OUT, { recursive: true });
let totalBytes = 0;
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(OUT, name), text);
  totalBytes += Buffer.byteLength(text);
  console.log(`${name.padEnd(24)} ${String(text.split('\n').length - 1).padStart(7)} lines ${(Buffer.byteLength(text) / 1024).toFixed(0).padStart(6)} KiB`);
}
console.log(`total ${(totalBytes / 1024 / 1024).toFixed(2)} MiB`);
