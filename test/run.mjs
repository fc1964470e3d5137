// Runs every test file under test/ (except the end-to-end suites) with node's test runner; TypeScript
// is loaded through tsx. Usage: node test/run.mjs [substring filter...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const skipDirs = new Set(['fixtures', 'e2e', 'node_modules']);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { if (!skipDirs.has(name)) walk(path); }
    else if (/\.test\.(ts|mjs)$/.test(name)) files.push(relative(root, path));
  }
})(join(root, 'test'));
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
if (selected.length === 0) { console.error('no test files matched'); process.exit(2); }
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...selected], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
