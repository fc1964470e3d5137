// The offline runner of the extension-host suite: code-server from the npm registry plays VS Code.
// It opens the workbench in Debian's Chromium with the development extension (this repository) and
// the suite (out/e2e/suite/index.js) in the URL payload, exactly what `--extensionDevelopmentPath`
// and `--extensionTestsPath` do on a desktop; the suite's exit code comes back through the
// workbench's `codeAutomationExit` hook, its counts through $MODEL_SLA_E2E_RESULTS.
//
// Usage: node test/e2e/runSuite.mjs       (after `npm run build`; installs code-server if needed)
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../support/chromium.mjs';
import { buildSuite, repoRoot } from './lib/buildSuite.mjs';
import { ensureCodeServer, runDirs, startCodeServer } from './lib/codeServer.mjs';
import { copyExamples } from './lib/workspace.mjs';

const TIMEOUT_MS = Number(process.env.MODEL_SLA_E2E_TIMEOUT_MS || 240_000);

export async function runExtensionHostSuite({ log = console.log, verbose = !!process.env.MODEL_SLA_E2E_VERBOSE } = {}) {
  if (!existsSync(join(repoRoot, 'dist', 'client.js'))) throw new Error('dist/client.js is missing: run `npm run build` first');
  const tests = await buildSuite();
  const bin = ensureCodeServer(log);
  const dirs = runDirs('suite');
  const workspace = copyExamples('suite');
  const resultsFile = join(dirs.root, 'results.json');
  const started = Date.now();
  const server = await startCodeServer(bin, dirs, { workspace: workspace.folder, env: { MODEL_SLA_E2E_RESULTS: resultsFile }, log: verbose ? (l) => log(`[code-server] ${l}`) : undefined });
  const browser = await launchBrowser();
  const consoleLines = [];
  try {
    const remote = (path) => `vscode-remote://${server.host}${path}`;
    const payload = [['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(tests)]];
    const url = `http://${server.host}/?folder=${encodeURIComponent(workspace.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    let exit;
    const exited = new Promise((resolve) => { exit = resolve; });
    await browser.page.exposeFunction('codeAutomationExit', (code) => exit(code));
    browser.page.on('console', (message) => {
      consoleLines.push(message.text());
      if (verbose) log(`[workbench] ${message.text().slice(0, 400)}`);
    });
    await browser.page.goto(url);
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS))]);
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
    if (code !== 0 || !results) {
      const shot = join(repoRoot, 'test-results', 'e2e-suite-failure.png');
      await browser.page.screenshot({ path: shot }).catch(() => {});
      log(`extension-host suite: exit ${code}; screenshot ${shot}`);
      if (!results) log(`workbench console (last 40 lines):\n${consoleLines.slice(-40).join('\n')}`);
    }
    return {
      exitCode: code,
      seconds: (Date.now() - started) / 1000,
      passed: results?.passed ?? 0,
      failed: results ? results.failed : 1,
      outcomes: results?.outcomes ?? [{ title: 'extension-host suite', state: 'failed', error: `no results (exit ${code})` }],
      facts: results?.facts ?? {},
    };
  } finally {
    await browser.close();
    await server.stop();
    workspace.cleanup();
    dirs.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runExtensionHostSuite();
  for (const o of result.outcomes) console.log(`${o.state === 'passed' ? '✔' : '✖'} ${o.title}${o.error ? `\n  ${o.error.split('\n').slice(0, 6).join('\n  ')}` : ''}`);
  console.log(`extension-host suite: ${result.passed} passed, ${result.failed} failed (${result.seconds.toFixed(0)} s)`);
  process.exit(result.failed === 0 && result.exitCode === 0 ? 0 : 1);
}
