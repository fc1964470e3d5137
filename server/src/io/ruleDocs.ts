/**
 * The rule pages (docs/rules/SLAxxx.md) shipped next to the bundle (dist/ → ../docs/rules/, in the
 * VSIX and in the repository): their file URL, so a finding's link opens a page that exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setDocsBase } from '../service/diagnostics';

/** The file URL (ending in `/`) of docs/rules/ beside `bundleDir`'s parent, or undefined when absent. */
export function ruleDocsBase(bundleDir: string): string | undefined {
  const dir = join(bundleDir, '..', 'docs', 'rules');
  return existsSync(join(dir, 'README.md')) || existsSync(join(dir, 'SLA001.md')) ? `${pathToFileURL(dir).href}/` : undefined;
}

/** Links findings to the shipped rule pages (no link when they are not there). */
export function linkRuleDocs(bundleDir: string): void {
  setDocsBase(ruleDocsBase(bundleDir));
}
