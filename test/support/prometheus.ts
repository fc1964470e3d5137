/**
 * A real Prometheus for tests (Debian's `prometheus` package, 2.42): known samples are written as
 * OpenMetrics text, backfilled with `promtool tsdb create-blocks-from openmetrics`, and served by
 * `prometheus` on a free loopback port from its own temporary folder. `stop()` ends the process and
 * removes the folder. Readiness is the server's own log line, not a poll.
 *
 * Timestamps in the helpers are epoch milliseconds (as everywhere in the engine); OpenMetrics wants
 * seconds, which `openMetrics` writes with millisecond precision.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS = process.env.MODEL_SLA_PROMETHEUS ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.MODEL_SLA_PROMTOOL ?? '/usr/bin/promtool';

/** Whether prometheus and promtool can run here (`.ci/run` installs Debian's package). */
export function prometheusAvailable(): boolean {
  return spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' }).status === 0
    && spawnSync(PROMETHEUS, ['--version'], { encoding: 'utf8' }).status === 0;
}

export interface Sample { t: number; v: number }
export interface Series { labels: Record<string, string>; samples: Sample[] }
/** A metric family: its name (`http_requests` for a counter written as `http_requests_total`), type and series. */
export interface Family { name: string; type: 'counter' | 'gauge' | 'histogram' | 'unknown'; series: Series[] }

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function valueText(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);
}

/**
 * OpenMetrics text for promtool. Each series' `labels.__name__` (when given) is the sample name;
 * otherwise a counter's samples are `<name>_total` and others `<name>`. Samples are sorted by time
 * within a series, as the format requires.
 */
export function openMetrics(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# TYPE ${f.name} ${f.type}`);
    // OpenMetrics wants a family's samples grouped by time-ordered series; promtool accepts
    // series one after another.
    for (const s of f.series) {
      const { __name__: name, ...labels } = s.labels;
      const sampleName = name ?? (f.type === 'counter' ? `${f.name}_total` : f.name);
      for (const { t, v } of [...s.samples].sort((a, b) => a.t - b.t)) {
        out.push(`${sampleName}${labelText(labels)} ${valueText(v)} ${(t / 1000).toFixed(3)}`);
      }
    }
  }
  out.push('# EOF');
  return out.join('\n') + '\n';
}

/** A free TCP port on 127.0.0.1 (bound and released; prometheus binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningPrometheus {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  dir: string;
  /** Its log so far (stderr), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra command-line flags (e.g. `--web.route-prefix=/prometheus`). */
  flags?: string[];
  /** Milliseconds to wait for "ready" before failing (a safety net, not a measurement). */
  timeoutMs?: number;
}

/** Backfills `families` and serves them. Throws (with promtool's or prometheus's output) on failure. */
export async function startPrometheus(families: Family[] | string, options: StartOptions = {}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-prom-'));
  const input = join(dir, 'data.om.txt');
  writeFileSync(input, typeof families === 'string' ? families : openMetrics(families));
  const tsdb = join(dir, 'tsdb');
  const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', input, tsdb], { encoding: 'utf8' });
  if (backfill.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool create-blocks-from failed (${backfill.status}): ${backfill.stderr || backfill.stdout}`);
  }
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global: {}\n');
  const port = await freePort();
  const child: ChildProcess = spawn(PROMETHEUS, [
    `--config.file=${config}`, `--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=100y',
    `--web.listen-address=127.0.0.1:${port}`, '--log.level=info', ...(options.flags ?? []),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`prometheus not ready after ${options.timeoutMs ?? 30_000} ms:\n${log}`)), options.timeoutMs ?? 30_000);
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        log += chunk;
        if (log.includes('Server is ready to receive web requests')) { clearTimeout(timer); resolve(); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`prometheus exited (${code}) before it was ready:\n${log}`)); });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const prefix = options.flags?.find((f) => f.startsWith('--web.route-prefix='))?.slice('--web.route-prefix='.length) ?? '';
  return { url: `http://127.0.0.1:${port}${prefix.replace(/\/$/, '')}`, port, dir, log: () => log, stop };
}
