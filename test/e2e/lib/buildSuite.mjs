// Compiles the extension-host suite (test/e2e/suite/*.ts) to out/e2e/suite/*.js, one CommonJS file
// per source as the extension host loads them; `vscode` and `mocha` stay runtime requires.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const suiteOut = join(repoRoot, 'out', 'e2e', 'suite');

export async function buildSuite() {
  const source = join(repoRoot, 'test', 'e2e', 'suite');
  rmSync(suiteOut, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: readdirSync(source).filter((f) => f.endsWith('.ts')).map((f) => join(source, f)),
    outdir: suiteOut,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(suiteOut, 'index.js');
}
