// The UI test: the packaged extension (model-sla.vsix, installed with --install-extension, so what is
// tested is what ships) in code-server, driven like a user through Debian's Chromium: open an SLA
// file from the explorer, read the finding in the Problems panel, complete a value with the keyboard,
// open the compliance preview and read it from inside its webview frame, click an objective there and
// see the editor's cursor move. Each step is one check; a failed step leaves a screenshot in
// test-results/ and the remaining steps are reported as not run.
//
// Usage: node test/e2e/ui.mjs    (after `npm run package`; installs code-server if needed)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../support/chromium.mjs';
import { repoRoot } from './lib/buildSuite.mjs';
import { ensureCodeServer, installExtension, runDirs, startCodeServer } from './lib/codeServer.mjs';
import { copyExamples } from './lib/workspace.mjs';

const VSIX = join(repoRoot, 'model-sla.vsix');
const SHOTS = join(repoRoot, 'test-results');
const WAIT = { timeout: 30_000 };

export async function runUiTest({ log = console.log } = {}) {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first`);
  const bin = ensureCodeServer(log);
  const dirs = runDirs('ui');
  const workspace = copyExamples('ui');
  mkdirSync(SHOTS, { recursive: true });
  const outcomes = [];
  const facts = {};
  const started = Date.now();
  installExtension(bin, dirs, VSIX);
  const server = await startCodeServer(bin, dirs, { workspace: workspace.folder });
  const browser = await launchBrowser();
  const { page } = browser;
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  let failed = false;
  const step = async (title, fn) => {
    if (failed) { outcomes.push({ title, state: 'failed', error: 'not run: an earlier step failed' }); return; }
    const t0 = Date.now();
    try {
      await fn();
      outcomes.push({ title, state: 'passed', durationMs: Date.now() - t0 });
    } catch (error) {
      failed = true;
      const shot = join(SHOTS, `e2e-ui-${outcomes.length + 1}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      outcomes.push({ title, state: 'failed', error: `${error?.message ?? error}\n(screenshot: ${shot})` });
    }
  };

  const editorTab = (name) => page.locator('.tabs-container .tab', { hasText: name });
  const statusSelection = page.locator('#status\\.editor\\.selection');
  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor(WAIT);
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor(WAIT);
    await page.keyboard.press('Enter');
  };
  let webview;

  try {
    await step('the workbench loads the examples workspace', async () => {
      await page.goto(`http://${server.host}/?folder=${encodeURIComponent(workspace.folder)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'draft-search-ranking.sla.yaml' }).waitFor({ timeout: 60_000 });
    });

    await step('opening an SLA file from the explorer shows its finding in the Problems panel', async () => {
      const t0 = Date.now();
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'draft-search-ranking.sla.yaml' }).click();
      await editorTab('draft-search-ranking.sla.yaml').waitFor(WAIT);
      await page.keyboard.press('Control+Shift+M');
      const finding = page.locator('.markers-panel .monaco-list-row', { hasText: 'SLA102' });
      await finding.first().waitFor(WAIT);
      facts.openToProblemsMs = Date.now() - t0;
      const text = await finding.first().innerText();
      if (!/period\.timezone/.test(text)) throw new Error(`SLA102's message in the Problems panel: ${text}`);
    });

    await step('completion from the keyboard inserts a percentile method', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').waitFor(WAIT);
      await page.keyboard.type('30');
      await page.keyboard.press('Enter');
      await statusSelection.filter({ hasText: 'Ln 30,' }).waitFor(WAIT);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('percentileMethod: ');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'nearest-rank' });
      await item.first().waitFor(WAIT);
      await page.keyboard.type('near');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-line', { hasText: 'percentileMethod: nearest-rank' }).first().waitFor(WAIT);
      // SLA101 of that objective (no percentileMethod) leaves the Problems panel.
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'SLA101' }).waitFor({ state: 'detached', ...WAIT });
    });

    await step('the compliance preview shows a status and a value inside its webview', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'churn-external.sla.yaml' }).click();
      await editorTab('churn-external.sla.yaml').waitFor(WAIT);
      await runCommand('Model SLA: Open Compliance Preview to the Side');
      const t0 = Date.now();
      webview = await findFrame(page, 'article[data-objective="availability"]');
      facts.previewFirstRenderMs = Date.now() - t0;
      const september = webview.locator('article[data-objective="availability"] tr[data-window="2026-09"]');
      const status = (await september.locator('.badge').innerText()).trim();
      const value = (await september.locator('td.num').first().innerText()).trim();
      if (!/breached/i.test(status)) throw new Error(`availability 2026-09 status: ${status}`);
      if (!/^99\.8\d*%$/.test(value)) throw new Error(`availability 2026-09 value: ${value}`);
      facts.previewRead = `availability 2026-09: ${status}, ${value}`;
      await page.screenshot({ path: join(SHOTS, 'e2e-ui-preview.png') });
    });

    await step('clicking an objective in the preview moves the editor\'s cursor to it', async () => {
      const before = await statusSelection.innerText();
      await webview.locator('article[data-objective="f1-holdout"] button.reveal').click();
      await statusSelection.filter({ hasText: 'Ln 154,' }).waitFor(WAIT);
      const after = await statusSelection.innerText();
      if (after === before) throw new Error(`the cursor stayed at ${before}`);
    });

    await step('after the server is killed it comes back, and the preview still shows the report', async () => {
      const before = serverPids(dirs.extensions);
      if (before.length !== 1) throw new Error(`expected one server process, found ${before.join(', ') || 'none'}`);
      process.kill(before[0], 'SIGKILL');
      const deadline = Date.now() + 60_000;
      let after = [];
      while (Date.now() < deadline) {
        after = serverPids(dirs.extensions).filter((p) => p !== before[0]);
        if (after.length) break;
        await page.waitForTimeout(250);
      }
      if (!after.length) throw new Error('no new language server process within 60 s');
      // Ask the preview for a new report (as of the latest data): the restarted server must answer it.
      await webview.getByRole('button', { name: 'Latest data' }).click();
      await webview.locator('.notice.error').waitFor({ state: 'detached', ...WAIT });
      await webview.locator('article[data-objective="availability"] tr[data-window="2026-09"] .badge', { hasText: 'breached' }).waitFor(WAIT);
      await webview.locator('.notice.stale').waitFor({ state: 'detached', ...WAIT });
    });
  } finally {
    await browser.close();
    await server.stop();
    workspace.cleanup();
    dirs.cleanup();
  }
  const passed = outcomes.filter((o) => o.state === 'passed').length;
  return { passed, failed: outcomes.length - passed, outcomes, facts, seconds: (Date.now() - started) / 1000, consoleErrors };
}

/** Language server processes of the extension installed in `extensionsDir`. */
function serverPids(extensionsDir) {
  const table = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return table.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    return m && m[2].includes(extensionsDir) && /dist\/server\.js/.test(m[2]) ? [Number(m[1])] : [];
  });
}

/** The webview's content frame (VS Code nests it in two iframes); waits until `selector` is in one. */
async function findFrame(page, selector, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview frame with ${selector} within ${timeoutMs / 1000} s`);
    await page.waitForEvent('framenavigated', { timeout: 500 }).catch(() => {});
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runUiTest();
  for (const o of result.outcomes) console.log(`${o.state === 'passed' ? '✔' : '✖'} ${o.title}${o.error ? `\n  ${o.error.split('\n').join('\n  ')}` : ''}`);
  console.log('facts:', JSON.stringify(result.facts));
  console.log(`UI test: ${result.passed} passed, ${result.failed} failed (${result.seconds.toFixed(0)} s)`);
  process.exit(result.failed === 0 ? 0 : 1);
}
