/**
 * The `model-sla` command line as a real process (`node bin/model-sla.js …`, which loads the bundled
 * dist/cli.js: `npm run build` first). One helper for every test that runs it: the timeout is a
 * safety net (a hang fails with "could not run"), never the assertion.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
export const cliPath = join(repoRoot, 'bin', 'model-sla.js');

export interface CliOptions {
  /** Working folder (default: the repository root). */
  cwd?: string;
  /** Text for stdin. */
  input?: string;
  /** Milliseconds before the run is killed and the test fails (default 60 s). */
  timeout?: number;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Node options before the script (e.g. `--require`, a preload). */
  nodeArgs?: string[];
}

export interface CliRun {
  /** The arguments after `model-sla`. */
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `model-sla ...args` to its end; fails the test if it could not run or timed out. */
export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 1 << 26,
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  assert.equal(r.error, undefined, `model-sla ${args.join(' ')} could not run (a hang?): ${String(r.error)}\nstderr:\n${r.stderr}`);
  return { args, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `model-sla ...args` (which must print JSON, e.g. with `--format json`) and parses stdout. */
export function runCliJson<T = unknown>(args: string[], options: CliOptions = {}): CliRun & { json: T } {
  const r = runCli(args, options);
  let json: T;
  try {
    json = JSON.parse(r.stdout) as T;
  } catch (error) {
    assert.fail(`stdout is not JSON (${String(error)}): ${why(r)}`);
  }
  return { ...r, json };
}

/** What a run did, for an assertion message: command, exit code, stdout and stderr (each cut at `limit` characters). */
export function why(r: CliRun, limit = 3000): string {
  return `model-sla ${r.args.join(' ')} → exit ${r.status}\nstdout:\n${r.stdout.slice(0, limit)}\nstderr:\n${r.stderr.slice(0, limit)}`;
}
