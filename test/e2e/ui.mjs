// The UI test: the packaged extension (model-sla.vsix, installed with --install-extension, so what is
// tested is what ships) in code-server, driven like a user through Debian's Chromium: open an SLA
// file from the explorer, read the finding in the Problems panel, complete a value with the keyboard,
// open the compliance preview and read it from inside its webview frame, click an objective there and
// see the editor's cursor move; then the explorer's context menu (the SLA commands in their own group,
// Import OpenSLO File… only where it belongs), the Settings editor's labels ("Model SLA", never
// "Model Sla") and regenerate-on-save's warning (once per broken SLA, not on every save). Each step
// is one check; a failed step leaves a screenshot in test-results/ and the remaining steps are
// reported as not run.
//
// Usage: node test/e2e/ui.mjs    (after `npm run package`; installs code-server if needed)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  // Rules regenerated on save (the last steps break the SLA and save it).
  mkdirSync(join(workspace.folder, '.vscode'), { recursive: true });
  writeFileSync(join(workspace.folder, '.vscode', 'settings.json'), JSON.stringify({ 'modelSla.generate.prometheusRulesOnSave': true }, null, 2));
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

    await step('the preview\'s Explain button on a window row opens the explanation; an evidence link opens the metric file at that line', async () => {
      await webview.locator('article[data-objective="availability"] tr[data-window="2026-09"] button.explain').click();
      const explain = await findFrame(page, 'h1 a[data-reveal]');
      await explain.locator('h1', { hasText: 'availability' }).waitFor(WAIT);
      await explain.locator('.badge.status-breached').waitFor(WAIT);
      const text = await explain.locator('main').innerText();
      if (!/window 2026-09/.test(text) || !/good of/.test(text)) throw new Error(`the explanation of availability 2026-09:\n${text.slice(0, 800)}`);
      const link = explain.locator('a[data-kind="evidence"]').first();
      const place = (await link.innerText()).trim();
      const m = /^(.*\/)?([^/]+):(\d+)$/.exec(place);
      if (!m) throw new Error(`an evidence link names a file and line: ${place}`);
      await page.screenshot({ path: join(SHOTS, 'e2e-ui-explain.png') });
      await link.click();
      await editorTab(m[2]).waitFor(WAIT);
      await statusSelection.filter({ hasText: `Ln ${m[3]},` }).waitFor(WAIT);
      facts.explainEvidence = place;
    });

    const sidebarRow = (text) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
    await step('the Model SLA view lists the SLAs with their statuses; the badge and the status bar count the breached; a click reveals the objective', async () => {
      await runCommand('Focus on Model SLA View');
      await sidebarRow('churn-internal.sla.yaml').waitFor(WAIT);
      const f1 = sidebarRow('0.812 < 0.82');
      await f1.waitFor(WAIT);
      const label = await f1.getAttribute('aria-label');
      if (!/^f1-holdout: breached\./.test(label ?? '')) throw new Error(`the breached objective's row: ${label}`);
      if (!(await f1.locator('.codicon-error').count())) throw new Error('the breached objective has no error icon');
      if (!(await sidebarRow('p99 237.2 ms ≤ 400 ms').locator('.codicon-pass').count())) throw new Error('a met-so-far objective has no pass icon');
      const status = page.locator('.statusbar-item', { hasText: /objectives? breached/ }).first();
      await status.waitFor(WAIT);
      const count = Number(/(\d+) objectives? breached/.exec(await status.innerText())?.[1]);
      const badge = page.locator('.part.activitybar .action-item', { has: page.locator('[aria-label^="Model SLA"]') }).locator('.badge-content').first();
      // (While the view computes, the icon shows progress instead of the count.)
      await badge.filter({ hasText: new RegExp(`^\\s*${count}\\s*$`) }).waitFor(WAIT).catch(() => {});
      const badgeText = (await badge.innerText().catch(() => '')).trim();
      if (!(count > 0) || badgeText !== String(count)) {
        const items = await page.locator('.part.activitybar .action-item').evaluateAll((els) => els.map((e) => `${e.querySelector('[aria-label]')?.getAttribute('aria-label')} [${e.querySelector('.badge-content')?.textContent ?? ''}]`));
        throw new Error(`status bar ${count} breached, badge ${JSON.stringify(badgeText)}; activity bar: ${items.join(' | ')}`);
      }
      facts.viewBreached = count;
      await f1.click();
      await editorTab('churn-internal.sla.yaml').waitFor(WAIT).catch((error) => { throw new Error(`${error.message}\nthe Model SLA output:\n${outputLog(dirs.data)}`); });
      await statusSelection.filter({ hasText: 'Ln 93,' }).waitFor(WAIT);
      // For the README: the view beside the SLA, an objective's tooltip with its recent windows.
      // A wider side bar (drag its edge), so the descriptions show whole.
      const bar = await page.locator('.part.sidebar').boundingBox();
      if (bar) {
        await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
        await page.mouse.down();
        await page.mouse.move(bar.x + bar.width + 180, bar.y + bar.height / 2, { steps: 8 });
        await page.mouse.up();
      }
      await sidebarRow('p99 237.2 ms ≤ 400 ms').hover();
      await page.locator('.monaco-hover', { hasText: 'Window' }).first().waitFor({ timeout: 5_000 }).catch(() => {});
      mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
      await page.screenshot({ path: join(repoRoot, 'docs', 'images', 'model-sla-view.png') });
      await page.mouse.move(700, 10);
    });

    await step('Explain Latest Window, the view\'s inline action, explains that objective', async () => {
      const row = sidebarRow('p99 237.2 ms ≤ 400 ms');
      await row.hover();
      await row.locator('.action-label[aria-label="Explain Latest Window"]').click();
      const explain = await findFrame(page, 'a[data-kind="evidence"][title*="churn-latency.csv"]');
      const text = await explain.locator('main').innerText();
      if (!/latency-p99/.test(text) || !/nearest-rank: the value is observation [\d,]+ of [\d,]+/.test(text)) throw new Error(`the explanation of latency-p99:\n${text.slice(0, 800)}`);
      await runCommand('View: Show Explorer');
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor(WAIT);
    });

    const explorerRow = (name) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    /** The entries of the context menu of an explorer row: titles, and `---` for the separators between groups. */
    const contextMenu = async (name) => {
      await explorerRow(name).click({ button: 'right' });
      const list = page.locator('.context-view .monaco-menu .actions-container').first();
      await list.waitFor(WAIT);
      const entries = await list.evaluate((ul) => [...ul.children].map((li) => (li.querySelector('.separator') || li.classList.contains('separator') ? '---' : (li.querySelector('.action-label')?.textContent ?? li.textContent ?? '').trim())));
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached', ...WAIT });
      return entries;
    };

    await step('the explorer\'s context menu: the SLA commands in a group of their own; Import OpenSLO File… on an OpenSLO file, not on .model-sla.yaml', async () => {
      const sla = await contextMenu('churn-prometheus.sla.yaml');
      const at = sla.findIndex((e) => e.startsWith('Generate Prometheus Rules'));
      if (at < 0) throw new Error(`no Generate Prometheus Rules in: ${sla.join(' | ')}`);
      let from = at; while (from > 0 && sla[from - 1] !== '---') from--;
      let to = at; while (to < sla.length - 1 && sla[to + 1] !== '---') to++;
      const group = sla.slice(from, to + 1);
      if (group.join(' | ') !== 'Generate Prometheus Rules | Export as OpenSLO') throw new Error(`the group of Generate Prometheus Rules: ${group.join(' | ')} (menu: ${sla.join(' | ')})`);
      if (!sla.some((e) => /^Rename/.test(e))) throw new Error(`no Rename in: ${sla.join(' | ')}`);
      const openslo = await contextMenu('churn-prometheus.openslo.yaml');
      if (!openslo.some((e) => /^Import OpenSLO File/.test(e))) throw new Error(`no Import OpenSLO File… on an OpenSLO file: ${openslo.join(' | ')}`);
      for (const name of ['.model-sla.yaml', 'churn-prometheus.rules.yml']) {
        const entries = await contextMenu(name);
        if (entries.some((e) => /^Import OpenSLO File/.test(e))) throw new Error(`Import OpenSLO File… offered on ${name}: ${entries.join(' | ')}`);
      }
    });

    await step('the Settings editor shows the settings under "Model SLA", labelled "Code Lens: Enable", not "Model Sla › Code Lens: Enable"', async () => {
      // Browsing (a search labels every setting by its whole key): the table of contents needs a wide editor.
      await runCommand('Preferences: Open Settings (UI)');
      await page.locator('.settings-editor').first().waitFor(WAIT);
      await runCommand('View: Toggle Maximize Editor Group');
      const toc = (label) => page.locator('.settings-editor .settings-toc-container .monaco-list-row', { hasText: label }).first();
      await toc('Extensions').click();
      await page.keyboard.press('ArrowRight');
      // The table of contents lists the extensions alphabetically, only the visible rows rendered: scroll to ours.
      const tocBox = await page.locator('.settings-editor .settings-toc-container').first().boundingBox();
      for (let i = 0; i < 40 && !(await toc('Model SLA').count()); i++) {
        await page.mouse.move(tocBox.x + tocBox.width / 2, tocBox.y + tocBox.height / 2);
        await page.mouse.wheel(0, 200);
        await page.waitForTimeout(100);
      }
      await toc('Model SLA').click();
      const codeLens = page.locator('.settings-editor .setting-item-contents', { hasText: 'Show the compliance status of each objective' }).first();
      await codeLens.waitFor(WAIT);
      const label = `${(await codeLens.locator('.setting-item-category').innerText()).trim()} ${(await codeLens.locator('.setting-item-label').innerText()).trim()}`;
      const text = await page.locator('.settings-editor .settings-tree-container').innerText();
      await runCommand('View: Toggle Maximize Editor Group');
      if (label !== 'Code Lens: Enable') throw new Error(`modelSla.codeLens.enable is labelled ${JSON.stringify(label)}`);
      if (/Model Sla/.test(text)) throw new Error(`"Model Sla" in the Settings editor:\n${text.split('\n').filter((l) => /Model Sla/.test(l)).join('\n')}`);
      if (!/Model SLA/.test(text)) throw new Error(`no "Model SLA" in the Settings editor:\n${text.slice(0, 2000)}`);
    });

    const notRegenerated = page.locator('.notifications-toasts .notification-toast', { hasText: 'was not regenerated on save' });
    const statusMessage = (text) => page.locator('.statusbar-item', { hasText: text });
    const activeEditor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    const typeLine = async (line) => { await page.keyboard.type(line); await page.keyboard.press('Escape'); await page.keyboard.press('Enter'); };
    await step('regenerate on save: an SLA with errors warns once (with Show Problems), not on every save; again after a good save in between', async () => {
      await explorerRow('churn-prometheus.sla.yaml').click();
      await editorTab('churn-prometheus.sla.yaml').waitFor(WAIT);
      await activeEditor.click();
      await page.keyboard.press('Control+Home');
      await typeLine('bogus: 1');
      await page.keyboard.press('Control+S');
      await notRegenerated.first().waitFor(WAIT);
      const toast = await notRegenerated.first().innerText();
      if (!/fix 1 error first: unknown field `bogus`/.test(toast) || /\)\)/.test(toast)) throw new Error(`the warning: ${toast}`);
      if (!(await notRegenerated.first().locator('.monaco-button', { hasText: 'Show Problems' }).count())) throw new Error(`no Show Problems on: ${toast}`);
      await runCommand('Notifications: Clear All Notifications');
      await notRegenerated.first().waitFor({ state: 'detached', ...WAIT });
      // Saved again, still broken: the status bar says so (the save was handled), no new notification.
      await statusMessage('rules not regenerated').first().waitFor({ state: 'detached', timeout: 15_000 });
      await activeEditor.click();
      await page.keyboard.press('Control+Home');
      await typeLine('bogus2: 1');
      await page.keyboard.press('Control+S');
      await statusMessage('rules not regenerated').first().waitFor(WAIT);
      if (await notRegenerated.count()) throw new Error('warned again on the second broken save');
      // Fixed and saved: regenerated; broken again: warned again.
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Delete');
      await page.keyboard.press('Control+S');
      // Regenerated: the rules file now names the SLA as the CLI run in its folder does (the committed one says examples/…).
      const rules = join(workspace.folder, 'churn-prometheus.rules.yml');
      const deadline = Date.now() + 30_000;
      while (!readFileSync(rules, 'utf8').startsWith('# Generated by model-sla from churn-prometheus.sla.yaml:')) {
        if (Date.now() > deadline) throw new Error(`not regenerated after a good save; the rules file starts: ${readFileSync(rules, 'utf8').split('\n')[0]}; the Model SLA output:\n${outputLog(dirs.data)}`);
        await page.waitForTimeout(200);
      }
      await typeLine('bogus: 1');
      await page.keyboard.press('Control+S');
      await notRegenerated.first().waitFor(WAIT);
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

/** The end of the extension's output channel (its log file in the user-data folder), for a failure's message. */
function outputLog(dataDir) {
  const found = spawnSync('find', [dataDir, '-name', '*Model SLA.log'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)[0];
  return found ? readFileSync(found, 'utf8').split('\n').slice(-30).join('\n') : '(no log file)';
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
