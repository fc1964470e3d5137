/**
 * Streamed reports (server/src/engine/stream): a metric file aggregated while it is read, no row
 * kept, gives the very report a read of its rows gives — byte for byte, over random files and SLAs
 * (percentiles and methods, day/week/month windows, zones, nearest-rank timeslices with values on
 * the bound, long decimals, ties, unsorted rows, an explicit asOf), in one piece and on 2–3 worker
 * threads. What the aggregates cannot answer (values at the rank that were not kept, rows far
 * outside the period, an objective the plan does not cover) falls back to the rows, with the same
 * report; the plan refuses what it cannot aggregate.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { reportFiles } from '../../server/src/cli/report';
import { streamCounts } from '../../server/src/service/compliance';
import { configureParallelRead, type ParallelReadConfig } from '../../server/src/io/sources/parallelRead';
import { readMetric } from '../../server/src/io/sources/fileSource';
import { streamPlan } from '../../server/src/engine/stream/plan';
import { NotStreamed, StreamAnswers } from '../../server/src/engine/stream/answers';
import { StreamAggregator } from '../../server/src/engine/stream/aggregate';
import { streamedReads } from '../../server/src/engine/stream/streamedRead';
import type { SlaReport } from '../../server/src/engine/report';
import { rng } from '../support/prng';

const root = join(__dirname, '..', '..');
const script = join(root, 'dist', 'metricWorker.js');
const tmp = mkdtempSync(join(tmpdir(), 'stream-report-'));
let saved: ParallelReadConfig;
const savedMode = process.env.MODEL_SLA_STREAM;
before(() => {
  if (!existsSync(script)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  saved = configureParallelRead({ script: undefined, minBytes: 0 });
});
after(() => {
  configureParallelRead(saved);
  if (savedMode === undefined) delete process.env.MODEL_SLA_STREAM; else process.env.MODEL_SLA_STREAM = savedMode;
  rmSync(tmp, { recursive: true, force: true });
});

/** An SLA with one latency metric `latency.csv` (`latency_ms` in ms) and the given objectives' YAML. */
function slaText(name: string, period: string, objectives: string): string {
  return `apiVersion: modelsla/v1
kind: SLA
metadata: { name: ${name}, owner: team@example.com }
model: m
scope: internal
period: { ${period} }
metrics:
  latency: { file: latency.csv, timestamp: ts, value: latency_ms, unit: ms }
objectives:
${objectives}
`;
}

let counter = 0;
function workspace(sla: string, csv: string): string {
  const dir = join(tmp, `w${++counter}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'latency.csv'), csv);
  writeFileSync(join(dir, 'x.sla.yaml'), sla);
  return dir;
}

interface Run { reports: SlaReport[]; messages: string[]; streamed: number; fallbacks: number }

async function run(dir: string, mode: 'always' | 'never', workers: number, asOf?: number): Promise<Run> {
  process.env.MODEL_SLA_STREAM = mode;
  configureParallelRead(workers > 1 ? { script, workers } : { script: undefined });
  const streamedBefore = streamedReads.count, fallbacksBefore = streamCounts.fallbacks;
  const r = await reportFiles([join(dir, 'x.sla.yaml')], { cwd: dir, root: dir, ...(asOf !== undefined ? { asOf } : {}) });
  return { reports: r.reports, messages: r.messages, streamed: streamedReads.count - streamedBefore, fallbacks: streamCounts.fallbacks - fallbacksBefore };
}

/** The report streamed (one piece, 2 and 3 workers) equals the report from rows; returns how the streamed runs went. */
async function sameReport(dir: string, label: string, asOf?: number, workerCounts = [1, 2, 3]): Promise<{ streamed: number; fallbacks: number }> {
  const rows = await run(dir, 'never', 1, asOf);
  assert.equal(rows.streamed, 0, `${label}: the row read streamed`);
  let streamed = 0, fallbacks = 0;
  for (const workers of workerCounts) {
    const s = await run(dir, 'always', workers, asOf);
    assert.deepEqual(s.messages, rows.messages, `${label}, ${workers} worker(s): messages`);
    assert.equal(JSON.stringify(s.reports, null, 1), JSON.stringify(rows.reports, null, 1), `${label}, ${workers} worker(s): report`);
    streamed += s.streamed;
    fallbacks += s.fallbacks;
  }
  return { streamed, fallbacks };
}

const DAY = 86_400_000;
const periodStart = Date.UTC(2026, 7, 1);

function randomCase(seed: number): { sla: string; csv: string; asOf?: number } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const zone = pick(['UTC', 'Europe/Berlin', 'America/New_York']);
  const unit = pick(['day', 'week', 'month'] as const);
  const days = unit === 'day' ? 4 : unit === 'week' ? 20 : 70;
  const n = 2000 + Math.floor(r() * 6000);
  const bound = pick([100, 250, 300]);
  const style = pick(['ints', 'decimals', 'mixed'] as const);
  const lines = ['ts,latency_ms,route'];
  const sorted = r() < 0.6;
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(periodStart - DAY + Math.floor(r() * (days + 2) * DAY));
  if (sorted) times.sort((a, b) => a - b);
  for (const t of times) {
    let v: string;
    const u = r();
    if (u < 0.05) v = String(bound); // on the bound: below and at-most differ
    else if (u < 0.07 && style !== 'ints') v = `${bound}.00000000000000000001`; // a long decimal just above it
    else if (u < 0.09 && style !== 'ints') v = `0.1000000000000000055511151231257827${Math.floor(r() * 10)}`;
    else if (style === 'ints' || (style === 'mixed' && u < 0.5)) v = String(Math.floor(r() * r() * 600));
    else v = (r() * r() * 600).toFixed(1);
    lines.push(`${new Date(t).toISOString()},${v},/v1/${Math.floor(r() * 3)}`);
  }
  const objectives: string[] = [];
  const count = 1 + Math.floor(r() * 3);
  for (let k = 0; k < count; k++) {
    const p = pick(['p50', 'p90', 'p95', 'p99', 'p99.9', 'p99.99']);
    const method = pick(['nearest-rank', 'linear']);
    const slices = r() < 0.4;
    objectives.push(`  - id: o${k}
    indicator: latency
    metric: latency
    percentile: ${p}
    percentileMethod: ${slices ? 'nearest-rank' : method}
    target: "<= ${bound}ms"
    window: { calendar: ${unit} }${r() < 0.3 ? '\n    minObservations: 40' : ''}${slices ? `
    budgeting: timeslices
    slice: ${pick(['1h', '30m', '7m'])}
    sliceTarget: ">= 90%"` : ''}`);
  }
  const end = new Date(periodStart + (days - 1) * DAY).toISOString().slice(0, 10);
  const sla = slaText(`stream-${seed}`, `start: 2026-08-01, end: ${end}, timezone: ${zone}`, `${objectives.join('\n')}`);
  const asOf = r() < 0.25 ? periodStart + Math.floor(r() * days * DAY) : undefined;
  return { sla, csv: `${lines.join('\n')}\n`, asOf };
}

test('random files and SLAs: the streamed report equals the report from rows (one piece, 2 and 3 workers)', async () => {
  let streamed = 0, fallbacks = 0;
  for (let seed = 1; seed <= 24; seed++) {
    const c = randomCase(seed);
    const dir = workspace(c.sla, c.csv);
    assert.ok(streamPlan(parse(c.sla), 'latency', c.asOf).ok, `seed ${seed}: planned`);
    const got = await sameReport(dir, `seed ${seed}`, c.asOf);
    streamed += got.streamed;
    fallbacks += got.fallbacks;
  }
  // Nearly all were answered from the aggregates (a fallback is allowed, never a different report).
  assert.ok(streamed >= 24 * 3, `streamed ${streamed}`);
  assert.ok(fallbacks <= 6, `fell back ${fallbacks} times: ${streamCounts.lastFallback}`);
});

test('large windows (the floor of the kept values rises, repeated values are counted once): streamed equals rows', async () => {
  let fallbacks = 0;
  for (let seed = 101; seed <= 106; seed++) {
    const r = rng(seed);
    const shape = ['steady', 'rising', 'falling', 'bimodal', 'distinct', 'long'][seed - 101];
    const n = 120_000;
    const lines = ['ts,latency_ms'];
    for (let i = 0; i < n; i++) {
      const t = periodStart + Math.floor((i / n) * 30 * DAY);
      const base = r() * r() * 400;
      const x = shape === 'rising' ? base * (1 + (2 * i) / n) : shape === 'falling' ? base * (3 - (2 * i) / n) : shape === 'bimodal' ? (r() < 0.03 ? 900 + base : base) : base;
      const v = shape === 'distinct' ? String(x) : shape === 'long' && r() < 0.3 ? `${x.toFixed(1)}0000000000000000001` : x.toFixed(1);
      lines.push(`${new Date(t).toISOString()},${v}`);
    }
    const objectives = [['p99', 'nearest-rank'], ['p99.9', 'linear'], ['p50', 'linear'], ['p95', 'nearest-rank'], ['p5', 'nearest-rank'], ['p1', 'linear']].map(([p, m], k) => `  - id: o${k}
    indicator: latency
    metric: latency
    percentile: ${p}
    percentileMethod: ${m}
    target: "<= 250ms"
    window: { calendar: ${k % 2 ? 'week' : 'month'} }`).join('\n');
    const sla = slaText(`large-${seed}`, `start: 2026-08-01, end: 2026-08-31, timezone: UTC`, `${objectives}`);
    const got = await sameReport(workspace(sla, `${lines.join('\n')}\n`), `large ${shape}`, undefined, [1, 2]);
    // A median whose values triple over the month leaves the band kept around it (the rows answer);
    // every other shape and percentile is answered from the aggregates.
    if (shape !== 'rising' && shape !== 'falling') assert.equal(got.fallbacks, 0, `${shape}: ${streamCounts.lastFallback}`);
    fallbacks += got.fallbacks;
  }
  assert.ok(fallbacks <= 4, `fell back ${fallbacks} times`);
});

test('values at the rank that were not kept: the window is read as rows, the same report', async () => {
  // The first 50,000 rows of August: every tenth at 1000 ms, the rest at 10 ms — the kept values'
  // floor rises to the 1000 ms bucket; the next 500,000 at 50 ms are below it and not kept, but the
  // p99 (rank 544,500 of 550,000) is one of them.
  const lines = ['ts,latency_ms'];
  const early = 50_000, n = 550_000;
  for (let i = 0; i < n; i++) {
    const t = periodStart + Math.floor((i / n) * 30 * DAY);
    const v = i < early ? (i % 10 === 0 ? 1000 : 10) : 50;
    lines.push(`${new Date(t).toISOString()},${v}`);
  }
  const sla = slaText(`fell`, `start: 2026-08-01, end: 2026-08-31, timezone: UTC`, `  - id: p99
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 100ms"
    window: { calendar: month }`);
  const dir = workspace(sla, `${lines.join('\n')}\n`);
  const got = await sameReport(dir, 'fell', undefined, [1, 2]);
  assert.equal(got.fallbacks, 2, 'each streamed run fell back to rows');
  const rows = await run(dir, 'never', 1);
  assert.equal(rows.reports[0].objectives[0].windows[0].value, 50);
  // The answers say why, rather than answering from what was kept.
  process.env.MODEL_SLA_STREAM = 'always';
  configureParallelRead({ script: undefined });
  const planned = streamPlan(parse(sla), 'latency');
  assert.ok(planned.ok);
  const data = await readMetric(join(dir, 'latency.csv'), { file: 'latency.csv', timestamp: 'ts', value: 'latency_ms', unit: 'ms' }, { stream: planned.plan });
  assert.throws(() => data.stream!.percentile(periodStart, Date.UTC(2026, 8, 1), '99', 'nearest-rank'), NotStreamed);
  assert.throws(() => data.timestamps, NotStreamed, 'the rows of a streamed read cannot be read as none');
  assert.equal(data.rows, n);
});

test('rows far outside the period: the report reads the rows (they are removed before evaluation), the same report', async () => {
  const lines = ['ts,latency_ms'];
  for (let i = 0; i < 3000; i++) lines.push(`${new Date(periodStart + i * 600_000).toISOString()},${(i * 7919) % 400}`);
  lines.push('1970-01-02T00:00:00Z,5');
  const sla = slaText(`far`, `start: 2026-08-01, end: 2026-09-30, timezone: UTC`, `  - id: p95
    indicator: latency
    metric: latency
    percentile: p95
    target: "<= 300ms"
    window: { calendar: week }`);
  const got = await sameReport(workspace(sla, `${lines.join('\n')}\n`), 'far');
  assert.equal(got.fallbacks, 3);
});

test('the plan: only what the aggregates answer exactly is streamed', () => {
  const sla = (objective: string, extra = '') => parse(slaText('p', 'start: 2026-08-01, end: 2026-09-30, timezone: UTC', `  - id: o
    indicator: latency
    metric: latency
    target: "<= 300ms"
${objective}`) + (extra ? `${extra.trim()}\n` : ''));
  const ok = (s: unknown) => streamPlan(s, 'latency');
  assert.equal(ok(sla('    percentile: p99\n    window: { calendar: month }')).ok, true);
  const refused: [string, string, string?][] = [
    ['    percentile: p99\n    window: { rolling: 30d }', 'not a calendar window'],
    ['    threshold: "<= 300ms"\n    window: { calendar: month }', 'not a percentile'],
    ['    percentile: p99\n    window: { calendar: month }\n    exclusions: [{ from: 2026-08-03T00:00:00Z, to: 2026-08-04T00:00:00Z, reason: x }]', 'exclusions'],
    ['    percentile: p99\n    window: { calendar: month }\n    segments: { by: route }', 'segments'],
    ['    percentile: p99\n    percentileMethod: linear\n    window: { calendar: month }\n    budgeting: timeslices\n    slice: 5m\n    sliceTarget: ">= 99%"', 'linear timeslices'],
    ['    percentile: p99\n    window: { calendar: month }', 'baseline', '\nbaseline: { from: 2026-07-01, to: 2026-07-31 }'],
    // Three counts per slice on every core: a millisecond slice over two months is left to the rows (helper-46).
    ['    percentile: p99\n    window: { calendar: quarter }\n    budgeting: timeslices\n    slice: 1ms\n    sliceTarget: ">= 90%"', 'slices'],
  ];
  for (const [objective, why, extra] of refused) {
    const planned = ok(sla(objective, extra));
    assert.equal(planned.ok, false, why);
    if (!planned.ok) assert.match(planned.why, new RegExp(why), why);
  }
});

test('kept values: a band around the rank, for low and middle percentiles too (memory that does not grow with the rows)', () => {
  const from = Date.UTC(2026, 7, 1), to = Date.UTC(2026, 8, 1);
  for (const [pText, method] of [['1', 'nearest-rank'], ['5', 'linear'], ['50', 'nearest-rank'], ['99', 'nearest-rank'], ['99.9', 'linear']] as const) {
    const aggregator = new StreamAggregator({ targets: [{ kind: 'percentile', from: [from], to: [to], gridStart: [from], pText, method }], cells: 1 });
    const r = rng(7);
    const n = 400_000;
    for (let i = 0; i < n; i++) aggregator.row(from + i * 1000, r() * 1000, undefined); // every value distinct
    const cell = aggregator.state().targets[0].percentile![0];
    // A band around the rank (a median keeps its middle 20%, plus the buckets the bounds fall in), never the whole window.
    const limit = pText === '50' ? 0.35 * n : 0.2 * n;
    assert.ok(cell.values.length < limit, `p${pText}: kept ${cell.values.length} of ${n}`);
    const answers = new StreamAnswers(aggregator.plan, [aggregator.state()]);
    const got = answers.percentile(from, to, pText, method);
    assert.equal(got.n, n, `p${pText}`);
  }
});

test('two SLAs on one large file (internal and external): one streamed read serves both, the same reports', async () => {
  const dir = join(tmp, `w${++counter}`);
  mkdirSync(dir);
  const r = rng(42);
  const lines = ['ts,latency_ms'];
  for (let i = 0; i < 30_000; i++) lines.push(`${new Date(periodStart + Math.floor(r() * 60 * DAY)).toISOString()},${(r() * r() * 500).toFixed(1)}`);
  writeFileSync(join(dir, 'latency.csv'), `${lines.join('\n')}\n`);
  const period = 'start: 2026-08-01, end: 2026-09-30, timezone: UTC';
  writeFileSync(join(dir, 'internal.sla.yaml'), slaText('internal', period, `  - id: p99
    indicator: latency
    metric: latency
    percentile: p99
    target: "<= 300ms"
    window: { calendar: month }`));
  writeFileSync(join(dir, 'external.sla.yaml'), slaText('external', period, `  - id: p95
    indicator: latency
    metric: latency
    percentile: p95
    percentileMethod: linear
    target: "<= 400ms"
    window: { calendar: week }
  - id: slices
    indicator: latency
    metric: latency
    percentile: p90
    percentileMethod: nearest-rank
    target: "<= 250ms"
    window: { calendar: month }
    budgeting: timeslices
    slice: 1h
    sliceTarget: ">= 95%"`));
  const both = async (mode: 'always' | 'never') => {
    process.env.MODEL_SLA_STREAM = mode;
    configureParallelRead({ script: undefined });
    const before = streamedReads.count;
    const got = await reportFiles([dir], { cwd: dir, root: dir });
    return { got, reads: streamedReads.count - before };
  };
  const rows = await both('never');
  const streamed = await both('always');
  assert.equal(rows.got.reports.length, 2);
  assert.equal(JSON.stringify(streamed.got.reports), JSON.stringify(rows.got.reports));
  assert.deepEqual(streamed.got.messages, rows.got.messages);
  assert.equal(streamed.reads, 1, 'the two SLAs share one streamed read of latency.csv');
});
