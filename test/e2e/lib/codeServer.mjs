// code-server for the end-to-end tests: installed once (pinned, from the npm registry) into a cache
// directory, started per test run on a free loopback port with throwaway user-data and extensions
// directories, and stopped by process group so that no extension host or language server outlives it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const here = import.meta.dirname;

export function codeServerDir() {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return process.env.MODEL_SLA_CODE_SERVER_DIR || join(cache, 'model-sla-e2e', `code-server-${CODE_SERVER_VERSION}`);
}

function binary(dir = codeServerDir()) {
  return join(dir, 'node_modules', '.bin', 'code-server');
}

/** Installs code-server unless the cache already holds a working copy of the pinned version. */
export function ensureCodeServer(log = console.log) {
  const dir = codeServerDir();
  if (existsSync(binary(dir))) {
    const version = spawnSync(binary(dir), ['--version'], { encoding: 'utf8' });
    if (version.status === 0 && version.stdout.startsWith(CODE_SERVER_VERSION)) return binary(dir);
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (1–3 minutes, once)`);
  const started = Date.now();
  const result = spawnSync('bash', [join(here, '..', 'install-code-server.sh'), dir, CODE_SERVER_VERSION], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`installing code-server failed (exit ${result.status})`);
  log(`installed code-server in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binary(dir);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Throwaway directories of one run (user data, extensions, config), removed by `cleanup()`. */
export function runDirs(label) {
  const root = mkdtempSync(join(tmpdir(), `model-sla-${label}-`));
  const dirs = { root, data: join(root, 'data'), extensions: join(root, 'extensions'), config: join(root, 'config.yaml') };
  mkdirSync(dirs.data);
  mkdirSync(dirs.extensions);
  // Without --config code-server writes ~/.config/code-server/config.yaml.
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  // Quiet, deterministic workbench: no welcome page, no trust prompt, no telemetry.
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  writeFileSync(join(dirs.data, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'editor.minimap.enabled': false,
  }, null, 2));
  return { ...dirs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function codeServerArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions];
}

export function installExtension(bin, dirs, vsix) {
  const result = spawnSync(bin, [...codeServerArgs(dirs), '--install-extension', vsix], { encoding: 'utf8' });
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout.trim();
}

/** Starts code-server on a free loopback port; resolves once it says it listens (routes registered) and /healthz answers. */
export async function startCodeServer(bin, dirs, { workspace, env = {}, log = () => {} }) {
  const port = await freePort();
  const child = spawn(bin, [
    ...codeServerArgs(dirs), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    workspace,
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const output = [];
  let onOutput = () => {};
  const keep = (chunk) => { output.push(chunk.toString()); log(chunk.toString().trimEnd()); onOutput(); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let alive = true;
  void exited.then(() => { alive = false; });

  // code-server logs "HTTP server listening on …" after its routes are registered: wait for that line
  // (or the exit, or the deadline), then /healthz must answer.
  const listening = /HTTP server listening on /;
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), 60_000);
    const settle = (how) => { clearTimeout(timer); onOutput = () => {}; resolve(how); };
    onOutput = () => { if (listening.test(output.join(''))) settle('listening'); };
    onOutput();
    void exited.then(() => settle('exited'));
  });
  if (ready === 'exited' || !alive) throw new Error(`code-server exited before it was ready:\n${output.join('')}`);
  if (ready === 'timeout') { stopGroup(child.pid); throw new Error(`code-server did not say it listens within 60 s:\n${output.join('')}`); }
  const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch((error) => ({ ok: false, status: String(error) }));
  if (!health.ok) { stopGroup(child.pid); throw new Error(`code-server listens but /healthz answered ${health.status}:\n${output.join('')}`); }
  return {
    port,
    host: `127.0.0.1:${port}`,
    output: () => output.join(''),
    /** SIGTERM to the whole process group (extension hosts, language servers), SIGKILL after 5 s. */
    async stop() {
      if (!alive) return;
      stopGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => stopGroup(child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      stopGroup(child.pid, 'SIGKILL'); // stragglers that ignored SIGTERM
    },
  };
}

function stopGroup(pid, signal = 'SIGKILL') {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}
