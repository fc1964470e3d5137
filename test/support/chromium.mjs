// The tests' one Chromium: Debian's /usr/bin/chromium (MODEL_SLA_CHROMIUM to override) through
// playwright-core, never a downloaded browser. Used by the preview tests (test/browser, TypeScript
// through tsx: types in chromium.d.mts) and the code-server end-to-end runs (test/e2e, plain node).
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.MODEL_SLA_CHROMIUM || '/usr/bin/chromium';

/** A skip reason when the browser is not installed, else false (for node:test's `skip`). */
export function chromiumMissing() {
  return existsSync(CHROMIUM) ? false : `chromium not installed: apt-get install -y chromium (${CHROMIUM} missing)`;
}

/** Headless Chromium with a fresh profile and one page; `close()` ends it and removes the profile. */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'model-sla-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
