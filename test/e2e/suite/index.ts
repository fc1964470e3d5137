/**
 * The extension-host test suite's entry point: VS Code loads this module (extensionTestsPath) inside
 * its extension host and calls `run()`, exactly as `@vscode/test-electron` expects. The same module
 * runs under both runners (test/e2e/runElectron.mjs and test/e2e/runCodeServer.mjs).
 *
 * Besides mocha's own report it writes a JSON summary to $MODEL_SLA_E2E_RESULTS when set: the
 * code-server runner cannot read the extension host's stdout, so that file is how counts and
 * failure messages get back to CI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Outcome { title: string; state: 'passed' | 'failed'; error?: string; durationMs?: number }

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  const outcomes: Outcome[] = [];
  const facts: Record<string, unknown> = {};
  (globalThis as { modelSlaE2eFacts?: Record<string, unknown> }).modelSlaE2eFacts = facts;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env.MODEL_SLA_E2E_RESULTS;
      if (file) {
        const passed = outcomes.filter((o) => o.state === 'passed').length;
        fs.writeFileSync(file, JSON.stringify({ passed, failed: outcomes.length - passed, outcomes, facts }, null, 2));
      }
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => outcomes.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error: Error) => outcomes.push({ title: test.fullTitle(), state: 'failed', error: String(error?.stack ?? error) }));
  });
}
