// All end-to-end tests, as CI runs them after the unit and protocol tests: the extension-host suite
// (development extension) and the UI test (the packaged VSIX), both in code-server driven by
// Debian's Chromium. Ends with one `N passed, N failed` line; exit 0 only when nothing failed.
//
// Usage: npm run test:e2e   (= npm run package, then this script)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/buildSuite.mjs';
import { ensureCodeServer } from './lib/codeServer.mjs';
import { runExtensionHostSuite } from './runSuite.mjs';
import { runUiTest } from './ui.mjs';

const started = Date.now();
const parts = [];
const print = (label, result) => {
  console.log(`\n${label}`);
  for (const o of result.outcomes) {
    console.log(`  ${o.state === 'passed' ? '✔' : '✖'} ${o.title}${o.durationMs !== undefined ? ` (${o.durationMs} ms)` : ''}`);
    if (o.error) console.log(`      ${o.error.split('\n').slice(0, 8).join('\n      ')}`);
  }
};
const attempt = async (label, fn) => {
  try {
    const result = await fn();
    print(label, result);
    parts.push({ label, ...result });
  } catch (error) {
    console.log(`\n${label}\n  ✖ could not run: ${error?.stack ?? error}`);
    parts.push({ label, passed: 0, failed: 1, outcomes: [], facts: {} });
  }
};

ensureCodeServer();
await attempt('Extension-host suite (code-server, development extension)', () => runExtensionHostSuite());
await attempt('UI test (code-server + Chromium, packaged model-sla.vsix)', () => runUiTest());

const passed = parts.reduce((n, p) => n + p.passed, 0);
const failed = parts.reduce((n, p) => n + p.failed, 0);
const facts = Object.assign({}, ...parts.map((p) => p.facts));
mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
writeFileSync(join(repoRoot, 'test-results', 'e2e.json'), JSON.stringify({ passed, failed, facts, parts }, null, 2));
console.log(`\nfacts: ${JSON.stringify(facts)}`);
console.log(`end-to-end: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failed === 0 ? 0 : 1);
