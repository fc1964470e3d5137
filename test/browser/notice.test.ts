/**
 * The notice's Markdown (spec §8.2) as a reader sees it: rendered with markdown-it (the renderer of
 * VS Code's Markdown preview) and opened in Debian's Chromium. The tables are tables, the checklist
 * is a list, and free text from the SLA (an <img> with onerror, a javascript: link, a pipe) stays
 * text: no element it could inject exists, no script runs. A screenshot goes to test-results/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { noticeFile } from '../../server/src/cli/notice';
import { noticeMarkdown } from '../../server/src/engine/render/notice';
import { repoRoot } from './buildPreview';
import { chromiumMissing, launchBrowser } from '../support/chromium.mjs';

const skip = chromiumMissing();
let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-notice-'));
  const rows = ['ts,good,total'];
  for (let d = 1; d <= 30; d++) rows.push(`2026-09-${String(d).padStart(2, '0')}T10:00:00Z,${d === 17 ? 900 : 1000},1000`);
  writeFileSync(join(dir, 'req.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'n.sla.yaml'), `apiVersion: modelsla/v1
kind: SLA
metadata: { name: notice-test, title: "Notice <b>test</b> &amp; [x](y)", owner: t@example.com }
model: m
scope: external
parties: { provider: "ML | Platform", consumer: "<img src=x onerror=\\"window.pwned=1\\">" }
period: { start: 2026-09-01, end: 2026-12-31, timezone: Europe/Berlin }
metrics:
  requests: { file: req.csv, timestamp: ts, goodCount: good, total: total }
breach:
  internal: { actions: [p1-investigation] }
  external:
    serviceCredits: [{ objective: availability, tiers: [{ below: 99.9%, credit: 10% }] }]
    remediation: { deadline: 14d }
    communication: ["[click](javascript:window.pwned=2)"]
  escalation: [{ after: 1h, notify: on-call }]
objectives:
  - id: availability
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.9%"
    description: "Requests <script>window.pwned=3</script> answered | below 500, see https://evil.example/phish or www.evil.example"
    window: { calendar: month }
`);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the notice renders as Markdown in Chromium: tables and headings, the SLA\'s free text as text', { skip }, async () => {
  const run = await noticeFile('n.sla.yaml', { window: '2026-09', cwd: dir, asOf: Date.parse('2026-10-20T00:00:00Z') });
  assert.ok(run.ok, run.messages.join('\n'));
  const html = new MarkdownIt({ html: true, linkify: true }).render(noticeMarkdown(run.notice));
  const browser = await launchBrowser({ viewport: { width: 900, height: 1400 } });
  try {
    const { page } = browser;
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:sans-serif;max-width:860px;margin:2em} table{border-collapse:collapse} td,th{border:1px solid #999;padding:2px 6px}</style></head><body>${html}</body></html>`);
    const seen = await page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned ?? 0,
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      links: Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href')),
      h1: document.querySelector('h1')?.textContent,
      tables: Array.from(document.querySelectorAll('table')).map((t) => Array.from(t.querySelectorAll('tr')).map((r) => Array.from(r.children).map((c) => c.textContent))),
      text: document.body.innerText,
    }));
    assert.deepEqual([seen.pwned, seen.imgs, seen.scripts, seen.links], [0, 0, 0, []]);
    assert.equal(seen.h1, 'Service level notice: Notice <b>test</b> &amp; [x](y), availability, 2026-09');
    // What was measured: one row of four cells — the pipe in the description did not split anything.
    assert.deepEqual(seen.tables[0], [['measured', 'target', 'observations', 'excluded'], ['99.66%', '>= 99.9%', '30,000', '0']]);
    assert.match(seen.text, /To: <img src=x onerror="window.pwned=1">/);
    assert.match(seen.text, /Requests <script>window.pwned=3<\/script> answered \| below 500, see https:\/\/evil.example\/phish or www.evil.example/);
    assert.match(seen.text, /The value before rounding, as the report has it: 99.66666666666667%/);
    assert.match(seen.text, /A credit of 10% is owed to <img src=x onerror="window.pwned=1"> for 2026-09/);
    assert.match(seen.text, /A remediation plan is due by 2026-10-15 00:00 Europe\/Berlin \(2026-10-14 22:00 UTC\)/);
    assert.match(seen.text, /Also informed: \[click\]\(javascript:window.pwned=2\)/);
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-results', 'notice-markdown.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
