/**
 * The compliance preview webview in headless Chromium (playwright-core): the bundle built from
 * client/src/preview/webview renders real engine output (examples/churn-external, examples/fraud)
 * in a plain page under a strict CSP; XSS payloads render as text; clicks post messages; light and
 * dark screenshots go to test-results/. Skipped when /usr/bin/chromium is missing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildPreview, previewPage, repoRoot } from './buildPreview';
import { restoredPanelState } from '../../server/src/protocol/webviewMessages';
import { runCliJson, why } from '../support/cli';
import { chromiumMissing, launchBrowser } from '../support/chromium.mjs';

const skip = chromiumMissing();
const NONCE = 'r4nd0mN0nce';
const XSS = '<img src=x onerror=window.__xss=1>';
/** Payloads for every HTML context a careless renderer could put a string in. */
const XSS_CORPUS = [
  '<img src=x onerror=window.__xss=11>',
  '<script>window.__xss=12</script>',
  '<svg onload=window.__xss=13><circle r=1></svg>',
  '"><img src=x onerror=window.__xss=14>',
  "'><iframe srcdoc=\"<script>parent.__xss=15</script>\"></iframe>",
  'javascript:window.__xss=16',
  '<a href="javascript:window.__xss=17">click</a>',
  '</title></style></textarea><script>window.__xss=18</script>',
  '<style>*{background:url(javascript:window.__xss=19)}</style>',
  '<object data="data:text/html,<script>parent.__xss=20</script>"></object>',
  '{{constructor.constructor("window.__xss=21")()}}',
  '${window.__xss=22}',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=23>',
  '\u2028\u2029<img src=x onerror=window.__xss=24>',
];
/** Report fields that carry text from SLA and metric files (names, descriptions, targets, labels, file names, problems). */
const FREE_TEXT = new Set(['sla', 'title', 'model', 'id', 'description', 'indicator', 'target', 'sliceTarget', 'label', 'reason', 'metric', 'window', 'dates', 'margin', 'suggested', 'field', 'within', 'action', 'objective', 'credit', 'problem', 'file']);
let poisoned = 0;
let fraudForSwitch: unknown;

function cliReport(sla: string): unknown {
  const r = runCliJson(['report', sla, '--root', 'examples', '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, why(r));
  return r.json;
}

// Recorded by the acquireVsCodeApi stub; the page runs it before the bundle.
const STUB = `window.__posted = []; window.__state = undefined; window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) { window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });
window.acquireVsCodeApi = function () { return {
  postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
  getState: function () { return window.__state; },
  setState: function (s) { window.__state = s; } }; };`;

const DARK = `:root{--vscode-editor-background:#1f1f1f;--vscode-foreground:#cccccc;--vscode-descriptionForeground:#9d9d9d;--vscode-editorWidget-background:#202020;--vscode-panel-border:#2b2b2b;--vscode-testing-iconPassed:#73c991;--vscode-errorForeground:#f85149;--vscode-focusBorder:#0078d4;--vscode-textLink-foreground:#4daafc;--vscode-input-background:#313131;--vscode-input-foreground:#cccccc;--vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#cccccc;--vscode-editor-font-family:monospace}`;

let server: Server | undefined;
let base = '';
const pages = new Map<string, string>();

before(async () => {
  if (skip) return;
  // MODEL_SLA_PREVIEW_MINIFY=1: test the production (minified) bundle.
  const { dir } = buildPreview(undefined, process.env.MODEL_SLA_PREVIEW_MINIFY === '1');
  const churn = cliReport('examples/churn-external.sla.yaml') as Record<string, unknown>;
  const fraud = cliReport('examples/fraud.sla.yaml');
  assert.ok(Array.isArray(fraud));
  // XSS payloads in every kind of string the page shows.
  const evil = JSON.parse(JSON.stringify(churn)) as { sla: string; objectives: Record<string, unknown>[]; dataIssues: { metric: string }[]; credits: { objective: string }[] };
  evil.sla = XSS;
  evil.objectives[0].id = XSS;
  evil.objectives[0].description = `${XSS} <script>window.__xss=2</script>`;
  evil.dataIssues[0].metric = `${XSS}.csv`;
  (evil.objectives[2] as Record<string, unknown>).creditTiers = [{ below: '99.9%', credit: '10%' }, { below: XSS, credit: '25%' }];
  const update = (reports: unknown, extra: Record<string, unknown> = {}) => ({ type: 'update', uri: 'file:///work/examples/x.sla.yaml', version: 3, reports, ...extra });
  pages.set('churn.html', previewPage({ nonce: NONCE, prelude: STUB, initial: update([churn]) }));
  pages.set('churn-dark.html', previewPage({ nonce: NONCE, prelude: STUB, initial: update([churn]), bodyClass: 'vscode-dark' }).replace('</head>', `<link rel="stylesheet" href="dark.css">\n</head>`));
  pages.set('fraud.html', previewPage({ nonce: NONCE, prelude: STUB, initial: update(fraud, { stale: true, error: 'metric file <b>gone</b>' }) }));
  pages.set('evil.html', previewPage({ nonce: NONCE, prelude: STUB, initial: update([evil]) }));
  // The corpus: every free-text field of the report gets one payload after the other.
  const corpus = JSON.parse(JSON.stringify(churn)) as Record<string, unknown>;
  let k = 0;
  (function poison(value: unknown): void {
    if (Array.isArray(value)) { value.forEach(poison); return; }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(record)) {
      if (typeof v === 'string' && FREE_TEXT.has(key)) record[key] = `${XSS_CORPUS[k++ % XSS_CORPUS.length]}`;
      else poison(v);
    }
  })(corpus);
  poisoned = k;
  pages.set('corpus.html', previewPage({ nonce: NONCE, prelude: STUB, initial: update([corpus], { error: XSS_CORPUS[1] }) }));
  pages.set('empty.html', previewPage({ nonce: NONCE, prelude: STUB }));
  // The first SLA of fraud with a YAML syntax error (service/compliance.ts syntaxErrorReport): shown, not dropped.
  const broken = { sla: 'fraud-scoring-internal', title: 'Fraud scoring — internal', file: 'fraud.sla.yaml', asOf: '', objectives: [], credits: [], breaches: [], dataIssues: [], dataIssueCounts: {}, timezone: 'UTC',
    syntaxError: { line: 80, message: `YAML syntax: this line starts at column 1 ${XSS}` } };
  pages.set('syntax.html', previewPage({ nonce: NONCE, prelude: STUB, initial: update([broken, (fraud as unknown[])[1]]) }));
  // A reloaded webview: VS Code hands back what it saved with setState (here: as the churn page left it).
  pages.set('restored.html', previewPage({ nonce: NONCE, prelude: `${STUB}\nwindow.__state = { scrollY: 0, asOf: '2026-09-30T12:00', uri: 'file:///work/examples/x.sla.yaml' };` }));
  const fraudUpdate = update(fraud);
  pages.set('fraud-plain.html', previewPage({ nonce: NONCE, prelude: STUB, initial: fraudUpdate }));
  fraudForSwitch = fraudUpdate;
  const files: Record<string, { type: string; body: string | Buffer }> = {
    'preview.js': { type: 'text/javascript', body: readFileSync(join(dir, 'preview.js')) },
    'preview.css': { type: 'text/css', body: readFileSync(join(dir, 'preview.css')) },
    'dark.css': { type: 'text/css', body: DARK },
  };
  server = createServer((req, res) => {
    const name = (req.url ?? '/').replace(/^\/+/, '').split('?')[0];
    const page = pages.get(name);
    const file = page !== undefined ? { type: 'text/html', body: page } : files[name];
    if (!file) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

/**
 * Resolves once the page has rendered two more frames: what the webview queued with
 * requestAnimationFrame (charts fitted to their width) has run, and events raised while the report
 * rendered (CSP violations, errors) have been dispatched.
 */
async function painted(page: import('playwright-core').Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/** The page has loaded everything a payload could pull in (a failing `<img>` raises `onerror`) and rendered since. */
async function settled(page: import('playwright-core').Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await painted(page);
}

async function withPage<T>(name: string, fn: (page: import('playwright-core').Page, problems: string[]) => Promise<T>, viewport = { width: 1000, height: 900 }): Promise<T> {
  const browser = await launchBrowser({ viewport });
  try {
    const { page } = browser;
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`); });
    await page.goto(`${base}/${name}`);
    await page.waitForSelector('#root .toolbar');
    await painted(page);
    const result = await fn(page, problems);
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    assert.deepEqual(violations, [], 'no CSP violation');
    assert.deepEqual(problems, [], 'no page or console errors');
    return result;
  } finally {
    await browser.close();
  }
}

test('renders the churn report: statuses, values, credits, charts, data issues; screenshots', { skip, timeout: 60_000 }, async () => {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  await withPage('churn.html', async (page) => {
    const card = page.locator('.objective[data-objective="availability"]');
    await card.locator('tr[data-window="2026-09"]').waitFor();
    const row = card.locator('tr[data-window="2026-09"]');
    const cells = await row.locator('th, td').allInnerTexts();
    assert.equal(cells[0], '2026-09');
    assert.equal(cells[1], 'breached');
    assert.equal(cells[2], '99.82%');
    assert.equal(cells[5], '10%');
    // September was breached and owes a credit: that is the verdict, October's partial "met" comes second.
    assert.equal(await card.locator('.objective-head .badge.verdict').innerText(), 'breached in 2026-09 · 10% credit owed');
    assert.equal(await card.locator('.objective-head .badge.latest').innerText(), 'now: met (so far) in 2026-10');
    assert.match(await page.locator('section.sla .summary').innerText(), /^6 objectives: 5 met, 1 breached; 1 service credit owed \(availability 2026-09: 10%\)\.$/);
    assert.match(await page.locator('.credits').innerText(), /availability\s+2026-09\s+10%/);
    // One chart per objective, each with data points and a text alternative.
    const objectives = await page.locator('.objective').count();
    assert.equal(objectives, 6);
    assert.equal(await page.locator('.objective figure.chart canvas').count(), objectives);
    const points = await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) => Number(f.getAttribute('data-points'))));
    assert.ok(points.every((n) => n > 0), `points per chart: ${points}`);
    assert.match((await card.locator('figure.chart').getAttribute('aria-label')) ?? '', /2026-09: 99\.82% breached/);
    // The canvas was drawn on (some non-transparent pixels).
    const drawn = await card.locator('canvas').evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(drawn > 500, `drawn pixels: ${drawn}`);
    // Monthly windows: one tick per month, named as the month (the user pass found day ticks: 8/1, 8/5, …).
    assert.equal(await card.locator('figure.chart').getAttribute('data-x-ticks'), 'Aug 2026|Sep|Oct');
    const ticks = await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-x-ticks')));
    assert.ok(ticks.every((t) => t !== null && /^[A-Z][a-z]{2} \d{4}(\|[A-Z][a-z]{2}( \d{4})?)*$/.test(t)), `ticks: ${ticks.join(' / ')}`);
    // Error budget, baseline and suggestion, data issue links.
    const facts = await card.locator('.facts').innerText();
    assert.match(facts, /Error budget left\s+95\.0%/);
    assert.match(facts, /suggested target >= 99\.97%/);
    assert.match(await page.locator('.data-issues').innerText(), /latency, line 9654: unparseable timestamp/);
    await page.screenshot({ path: join(repoRoot, 'test-results', 'preview-light.png'), fullPage: true });
    await page.screenshot({ path: join(repoRoot, 'test-results', 'preview-light-top.png') });

    // Clicking / Enter on a window row and on an objective title posts reveal; data issue posts revealMetricLine.
    await row.click();
    await card.locator('h2 button.reveal').focus();
    await page.keyboard.press('Enter');
    await card.locator('tr[data-window="2026-08"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.data-issues a').first().click();
    await page.fill('#asof', '2026-09-30T12:00');
    await page.click('.toolbar button[type=submit]');
    const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    assert.deepEqual(posted, [
      { type: 'ready' },
      { type: 'reveal', uri: 'file:///work/examples/x.sla.yaml', objectiveId: 'availability', windowLabel: '2026-09' },
      { type: 'reveal', uri: 'file:///work/examples/x.sla.yaml', objectiveId: 'availability' },
      { type: 'reveal', uri: 'file:///work/examples/x.sla.yaml', objectiveId: 'availability', windowLabel: '2026-08' },
      { type: 'revealMetricLine', uri: 'file:///work/examples/x.sla.yaml', metric: 'latency', line: 9654 },
      { type: 'asOf', value: '2026-09-30T12:00' },
    ]);
    assert.equal((await page.evaluate(() => (window as unknown as { __state: { asOf: string } }).__state)).asOf, '2026-09-30T12:00');

    // highlight from the extension; malformed messages are ignored.
    await page.evaluate(() => {
      window.postMessage({ type: 'highlight', objectiveId: 'throughput-floor' }, '*');
      window.postMessage({ type: 'update', uri: 42, reports: 'nope' }, '*');
      window.postMessage({ type: 'highlight', objectiveId: { toString: 1 } }, '*');
      window.postMessage('garbage', '*');
    });
    await page.locator('.objective.highlighted[data-objective="throughput-floor"]').waitFor();
    assert.equal(await page.locator('.objective.highlighted').count(), 1);
    assert.equal(await page.locator('.objective').count(), 6);
  });
  await withPage('churn-dark.html', async (page) => {
    await page.locator('.objective').first().waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(31, 31, 31)');
    await page.screenshot({ path: join(repoRoot, 'test-results', 'preview-dark.png'), fullPage: true });
    await page.screenshot({ path: join(repoRoot, 'test-results', 'preview-dark-top.png') });
  });
});

test('fraud (two documents, rolling windows) with stale and error states', { skip, timeout: 60_000 }, async () => {
  await withPage('fraud.html', async (page) => {
    assert.equal(await page.locator('section.sla').count(), 2);
    assert.match(await page.locator('.notice.stale').innerText(), /Out of date/);
    assert.equal(await page.locator('.notice.error').first().innerText(), 'Error: metric file <b>gone</b>');
    const avail = page.locator('section.sla').first().locator('.objective[data-objective="availability-minutes"]');
    assert.match(await avail.locator('.objective-head .badge').innerText(), /breached/);
    assert.equal(await page.locator('figure.chart canvas').count(), 6);
  });
});

test('strings from SLA and metric files render as text (XSS payloads)', { skip, timeout: 60_000 }, async () => {
  await withPage('evil.html', async (page) => {
    await page.locator('.objective').first().waitFor();
    await settled(page);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    assert.equal(await page.locator('#root img, #root script').count(), 0);
    assert.equal(await page.locator('.objective h2').first().innerText(), XSS);
    assert.match(await page.locator('.objective .description').first().innerText(), /<img src=x onerror=window.__xss=1> <script>/);
    assert.match(await page.locator('.data-issues').innerText(), /<img src=x onerror=window.__xss=1>\.csv, line 9654/);
    assert.match(await page.locator('section.sla h1').innerText(), /Churn model/);
    assert.match(await page.locator('table.tiers').innerText(), /99\.9%\s+10%[\s\S]*<img src=x onerror=window.__xss=1>\s+25%/);
  });
});

test('a corpus of XSS payloads in every free-text field: no script runs, no element is injected, no CSP violation', { skip, timeout: 60_000 }, async () => {
  assert.ok(poisoned > 100, `payloads placed: ${poisoned}`);
  await withPage('corpus.html', async (page) => {
    await page.locator('.objective').first().waitFor();
    // Click what can be clicked (reveal buttons, window rows): handlers post messages, never navigate.
    const buttons = await page.locator('button.reveal').all();
    assert.ok(buttons.length > 0);
    for (const button of buttons) await button.click();
    // Every click posted its message (and nothing else happened: no navigation, below).
    await page.waitForFunction((n) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal').length >= n, buttons.length);
    await settled(page);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    assert.equal(await page.locator('#root img, #root script, #root svg, #root iframe, #root object, #root style, #root a[href^="javascript"], #root math').count(), 0);
    const text = await page.locator('#root').innerText();
    for (const payload of XSS_CORPUS.slice(0, 4)) assert.ok(text.includes(payload.trim()), `shown as text: ${payload}`);
    assert.equal(page.url(), `${base}/corpus.html`, 'no navigation');
  });
});

test('never blank: a page without data says it is waiting', { skip, timeout: 60_000 }, async () => {
  await withPage('empty.html', async (page) => {
    assert.match(await page.locator('#root').innerText(), /Waiting for the compliance report/);
  });
});


test('an SLA with a YAML syntax error is listed with its line, not dropped', { skip, timeout: 60_000 }, async () => {
  await withPage('syntax.html', async (page) => {
    assert.equal(await page.locator('section.sla').count(), 2);
    const first = page.locator('section.sla').first();
    assert.match(await first.locator('h1').innerText(), /Fraud scoring — internal/);
    const notice = await first.locator('.notice.syntax-error').innerText();
    assert.match(notice, /YAML syntax error at line 80/);
    assert.ok(notice.includes(XSS), 'the message is text');
    assert.equal(await first.locator('.objective').count(), 0);
    assert.equal(await page.locator('section.sla').nth(1).locator('.objective').count(), 3);
  });
});
test('after a reload: the saved state names the previewed file, and the serializer restores the tab from it', { skip, timeout: 60_000 }, async () => {
  // The webview saves the uri of what it shows (and the chosen as-of) whenever a report arrives.
  const saved = await withPage('churn.html', async (page) => {
    await page.locator('.objective').first().waitFor();
    await page.fill('#asof', '2026-09-30T12:00');
    await page.click('.toolbar button[type=submit]');
    return page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  });
  assert.equal((saved as { uri?: string }).uri, 'file:///work/examples/x.sla.yaml');
  // What deserializeWebviewPanel makes of it: the same file at the same instant (before: discarded, no uri).
  assert.deepEqual(restoredPanelState(saved), { uri: 'file:///work/examples/x.sla.yaml', locked: false, asOf: '2026-09-30T12:00:00.000Z' });
  assert.equal(restoredPanelState({ scrollY: 0, asOf: '' }), undefined);
  assert.equal(restoredPanelState({ uri: 'not a uri' }), undefined);
  // The reloaded webview keeps its state until the first report, and says it is waiting meanwhile.
  await withPage('restored.html', async (page) => {
    assert.match(await page.locator('#root').innerText(), /Waiting for the compliance report/);
    assert.equal(await page.inputValue('#asof'), '2026-09-30T12:00');
    assert.equal(await page.locator('.asof-mode').innerText(), 'chosen date');
  });
});

test('the as-of control shows the instant the report is at, and follows a switch to another file', { skip, timeout: 60_000 }, async () => {
  await withPage('churn.html', async (page) => {
    await page.locator('.objective').first().waitFor();
    // Latest data: the report's own asOf, not an empty control.
    assert.equal(await page.inputValue('#asof'), '2026-10-15T23:57');
    assert.equal(await page.getByRole('button', { name: 'Latest data' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.asof-mode').count(), 0, 'the pressed button says it: no second "latest data"');
    // A chosen date, computed by the extension.
    await page.evaluate((m) => window.postMessage(m, '*'), { ...(fraudForSwitch as object), uri: 'file:///work/examples/x.sla.yaml', version: 4, requestedAsOf: '2026-09-30T12:00:00.000Z' });
    await page.locator('.asof-mode.chosen').waitFor();
    assert.equal(await page.inputValue('#asof'), '2026-09-30T12:00');
    assert.equal(await page.getByRole('button', { name: 'Latest data' }).getAttribute('aria-pressed'), 'false');
    // Scrolled down in this file: another file's report must start at the top (a user pass found it mid-page).
    await page.evaluate(() => window.scrollTo(0, 600));
    assert.ok(await page.evaluate(() => window.scrollY) > 0, 'the report is long enough to scroll');
    // Another file previewed (the extension resets to its latest data): the control follows.
    await page.evaluate((m) => window.postMessage(m, '*'), { ...(fraudForSwitch as object), uri: 'file:///work/examples/fraud.sla.yaml', requestedAsOf: null });
    await page.locator('.toolbar button[aria-pressed="true"]').waitFor();
    assert.equal(await page.locator('.asof-mode').count(), 0);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    const fraudAsOf = await page.locator('.toolbar time').getAttribute('datetime');
    assert.ok(fraudAsOf);
    assert.equal(await page.inputValue('#asof'), fraudAsOf!.slice(0, 16));
    const state = await page.evaluate(() => (window as unknown as { __state: { asOf: string; uri: string } }).__state);
    assert.equal(state.asOf, '');
    assert.equal(state.uri, 'file:///work/examples/fraud.sla.yaml');
  });
});

test('side by side (480 px): the windows tables fit without horizontal scrolling; rolling windows read as lengths', { skip, timeout: 60_000 }, async () => {
  for (const name of ['churn.html', 'fraud-plain.html']) {
    await withPage(name, async (page) => {
      await page.locator('.objective table.windows').first().waitFor();
      const overflow = await page.locator('.table-wrap').evaluateAll((ws) => ws.map((w) => w.scrollWidth - w.clientWidth));
      assert.ok(overflow.length > 0);
      assert.deepEqual(overflow.filter((d) => d > 0), [], `${name}: tables wider than their card`);
      if (name === 'fraud-plain.html') {
        const rolling = page.locator('table.windows tbody th .rolling').first();
        assert.match(await rolling.innerText(), /^28 days to \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2} UTC$/);
        assert.match((await rolling.getAttribute('title')) ?? '', /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\/\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
        // Time-based availability names its sliceGood.
        assert.match(await page.locator('.objective[data-objective="availability-minutes"] .facts').first().innerText(), /Slice good\s+>= 90%/);
      }
    }, { width: 480, height: 900 });
  }
});

test('an objective with windows but no value draws no chart axis (no invented years)', { skip, timeout: 60_000 }, async () => {
  // The user pass: a first SLA's rolling window without data drew an axis from 2027 to 2029.
  const noData = JSON.parse(JSON.stringify(fraudForSwitch)) as { reports: { objectives: { windows: Record<string, unknown>[]; series?: unknown[]; status: string }[] }[] };
  const o = noData.reports[0].objectives[0];
  o.windows = o.windows.map((w) => ({ ...w, value: null, valueText: undefined, status: 'no-data', observations: 0 }));
  o.series = [];
  o.status = 'no-data';
  await withPage('fraud-plain.html', async (page) => {
    await page.locator('.objective').first().waitFor();
    await page.evaluate((m) => window.postMessage(m, '*'), { ...noData, uri: 'file:///work/examples/fraud.sla.yaml', version: 9 });
    await page.locator('section.sla .objective figure.chart[data-points="0"]').first().waitFor({ state: 'attached' });
    const first = page.locator('section.sla').first().locator('.objective').first();
    assert.equal(await first.locator('figure.chart canvas').count(), 0, 'no canvas for a chart without points');
    assert.match((await first.locator('figure.chart').getAttribute('aria-label')) ?? '', /\(no data\)/);
    assert.ok(await page.locator('section.sla').first().locator('.objective figure.chart canvas').count() > 0, 'the other objectives still draw');
  });
});

test('segments (spec §12): small multiples, the breached segment first, each a chart; a screenshot', { skip, timeout: 60_000 }, async () => {
  const r = runCliJson(['report', 'test/fixtures/segments/segments.sla.yaml', '--root', 'test/fixtures/segments', '--format', 'json']);
  assert.equal(r.status, 1, why(r));
  await withPage('fraud-plain.html', async (page) => {
    await page.locator('.objective').first().waitFor();
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'update', uri: 'file:///work/test/fixtures/segments/segments.sla.yaml', version: 11, reports: [r.json] });
    const section = page.locator('.objective[data-objective="availability-per-region"] section.segments');
    await section.waitFor();
    assert.equal(await section.locator('h3').innerText(), 'Per region (require all)');
    assert.deepEqual(await section.locator('.small-multiple').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-segment'))), ['us-east', 'ap-south', 'eu-west']);
    assert.match(await section.locator('.small-multiple.status-breached h4').innerText(), /^us-east\s+breached \(so far\)$/);
    await painted(page);
    assert.equal(await section.locator('figure.chart.small canvas').count(), 3);
    // One y range for all three (a 96 % segment sits lower than a 100 % one), holding every value and the target.
    const ranges = await section.locator('figure.chart.small').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-y-range')));
    assert.equal(new Set(ranges).size, 1, `y ranges: ${ranges.join(' / ')}`);
    const [lo, hi] = ranges[0]!.split(',').map(Number);
    assert.ok(lo < 96 && hi > 100, `y range ${ranges[0]}`);
    // Weekly windows: a tick per week at most, named as the week.
    const xTicks = await section.locator('figure.chart.small').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-x-ticks')));
    assert.ok(xTicks.every((t) => t !== null && /^W\d{2} 2026(\|W\d{2})*$/.test(t)), `x ticks: ${xTicks.join(' / ')}`);
    // Each small chart labels its target, beside the plot (not over the data), level with the line: the same height in all three.
    const labels = await section.locator('figure.chart.small').evaluateAll((fs) => fs.map((f) => {
      const label = f.querySelector<HTMLElement>('.target-label');
      const over = f.querySelector<HTMLElement>('.u-over');
      if (!label || !over || label.hidden) return undefined;
      const l = label.getBoundingClientRect();
      const o = over.getBoundingClientRect();
      return { text: label.innerText, left: l.left - o.right, mid: Math.round(l.top + l.height / 2 - o.top), visible: l.width > 0 && l.right <= f.getBoundingClientRect().right + 1 };
    }));
    assert.equal(labels.length, 3);
    for (const l of labels) {
      assert.ok(l, 'a target label on each small chart');
      assert.equal(l.text, 'target\n>= 99.5%');
      assert.ok(l.left >= 0, 'right of the plot');
      assert.ok(l.visible, 'inside its figure');
    }
    assert.equal(new Set(labels.map((l) => l!.mid)).size, 1, `label heights: ${labels.map((l) => l!.mid)}`);
    // Level with the line: the target's y on the shared range (over's height, uPlot's linear scale).
    const overHeight = await section.locator('figure.chart.small .u-over').first().evaluate((o) => o.clientHeight);
    const lineY = ((hi - 99.5) / (hi - lo)) * overHeight;
    assert.ok(Math.abs(labels[0]!.mid - lineY) <= 6, `label at ${labels[0]!.mid}px, line at ${lineY}px`);
    assert.match(await page.locator('.objective[data-objective="availability-per-region"] tr[data-window="2026-W12"]').innerText(), /1 of 3 regions missed \(us-east\)/);
    await section.screenshot({ path: join(repoRoot, 'test-results', 'preview-segments.png') });
  });
});

test('a narrow preview (360 px): table headers wrap between words only, "latest data" reads once; screenshots', { skip, timeout: 90_000 }, async () => {
  const r = runCliJson(['report', 'test/fixtures/segments/segments.sla.yaml', '--root', 'test/fixtures/segments', '--format', 'json']);
  assert.equal(r.status, 1, why(r));
  const segments = { type: 'update', uri: 'file:///work/test/fixtures/segments/segments.sla.yaml', version: 12, reports: [r.json] };
  for (const name of ['churn.html', 'segments']) {
    await withPage(name === 'segments' ? 'fraud-plain.html' : name, async (page) => {
      await page.locator('.objective').first().waitFor();
      if (name === 'segments') {
        await page.evaluate((m) => window.postMessage(m, '*'), segments);
        await page.locator('section.segments').waitFor();
      }
      await painted(page);
      // Every word of a header (and of a window's label) on one line: a word split over lines has two boxes.
      const split = await page.locator('table thead th, table.windows tbody th').evaluateAll((cells) => {
        const out: string[] = [];
        for (const cell of cells) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent ?? '';
            for (const m of text.matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, m.index!);
              range.setEnd(node, m.index! + m[0].length);
              const lines = new Set(Array.from(range.getClientRects()).filter((b) => b.width > 0).map((b) => Math.round(b.top)));
              if (lines.size > 1) out.push(m[0]);
            }
          }
        }
        return out;
      });
      assert.ok(await page.locator('table thead th').count() > 5);
      assert.deepEqual(split, [], `${name}: words broken over lines`);
      // A table wider than the card scrolls in its .table-wrap; the page itself does not scroll sideways.
      assert.deepEqual(await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]), [360, 360]);
      // The toolbar says "latest data" once: the pressed button, no label beside it.
      const saying = await page.locator('.toolbar').evaluate((bar) => Array.from(bar.querySelectorAll<HTMLElement>('*'))
        .filter((e) => Array.from(e.childNodes).some((c) => c.nodeType === Node.TEXT_NODE && /latest data/i.test(c.textContent ?? '')))
        .filter((e) => e.getBoundingClientRect().width > 1 && getComputedStyle(e).visibility !== 'hidden')
        .map((e) => e.tagName.toLowerCase()));
      assert.deepEqual(saying, ['button']);
      assert.equal(await page.getByRole('button', { name: 'Latest data' }).getAttribute('aria-pressed'), 'true');
      await page.screenshot({ path: join(repoRoot, 'test-results', `preview-narrow-${name.replace('.html', '')}.png`), fullPage: true });
    }, { width: 360, height: 900 });
  }
});

test('obligations (spec §8.2): a breached window lists what it obliges with due dates in the SLA\'s zone, overdue marked; Open notice posts openNotice', { skip, timeout: 60_000 }, async () => {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  await withPage('churn.html', async (page) => {
    const section = page.locator('.objective[data-objective="availability"] section.obligations');
    await section.waitFor();
    assert.equal(await section.locator('h3').innerText(), 'Obligations (due in Europe/Berlin)');
    const block = section.locator('.obligation-window[data-window="2026-09"]');
    assert.match(await block.locator('h4').innerText(), /^2026-09 breach final 1 Oct 00:00\s+Open notice$/);
    const items = await block.locator('li').allInnerTexts();
    assert.deepEqual(items.slice(0, 2), ['credit 10% credit to Retention Analytics GmbH', 'remediation remediation plan delivered — due 15 Oct 00:00 (overdue)']);
    assert.equal(await block.locator('li.overdue').count(), 4, 'the remediation and the three escalations are past asOf');
    await block.locator('button.open-notice').click();
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'openNotice'));
    assert.deepEqual(posted, [{ type: 'openNotice', uri: 'file:///work/examples/x.sla.yaml', sla: 'churn-external', objectiveId: 'availability', windowLabel: '2026-09' }]);
    await section.screenshot({ path: join(repoRoot, 'test-results', 'preview-obligations.png') });
  });
});
