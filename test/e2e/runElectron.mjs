// The desktop runner of the extension-host suite, for developers with internet access:
// @vscode/test-electron downloads VS Code (cached in .vscode-test/), starts it with this repository
// as the development extension on a copy of examples/, and runs out/e2e/suite/index.js.
// (It cannot run on machines without access to update.code.visualstudio.com; there, and in CI,
// test/e2e/runSuite.mjs runs the same suite in code-server.)
//
// Usage: npm run test:e2e:electron        VSCODE_VERSION=1.100.3 picks the version (default: stable)
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuite, repoRoot } from './lib/buildSuite.mjs';
import { copyExamples } from './lib/workspace.mjs';

const extensionTestsPath = await buildSuite();
const workspace = copyExamples('electron');
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { MODEL_SLA_E2E_RESULTS: join(repoRoot, 'test-results', 'e2e-electron.json') },
  });
  console.log('extension-host suite (VS Code desktop): passed');
} catch (error) {
  console.error(`extension-host suite (VS Code desktop): failed — ${error?.message ?? error}`);
  process.exitCode = 1;
} finally {
  workspace.cleanup();
}
