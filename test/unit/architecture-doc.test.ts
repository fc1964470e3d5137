/**
 * ARCHITECTURE.md stays true: every file it names exists (a file name anywhere in the repository;
 * a path with folders as the end of a real path), and it stays one page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', '.git', 'dist', '.scratch', 'bench', 'out']);

function files(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (SKIP.has(e.name) && dir === '.') continue;
    if (e.name === 'node_modules' || e.name === '.git') continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(`${rel}/`, ...files(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out;
}

test('every file and folder ARCHITECTURE.md names exists', () => {
  const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
  // Build output named by the page: what `npm run build` writes.
  const all = [...files('.'), 'bench/', 'dist/preview.js', 'dist/server.js', 'dist/cli.js'];
  const names = new Set(all.map((p) => p.replace(/\/$/, '').split('/').pop()!));
  const missing: string[] = [];
  for (const [token] of text.matchAll(/[\w.-]+(?:\/[\w.-]+)*\.(?:ts|mjs|js|json|md|css|yaml)\b|[a-z][\w-]*(?:\/[\w-]+)*\/(?![\w/])/g)) {
    if (/^(e\.g|i\.e)\b/.test(token) || token.startsWith('.model-sla') || /^\d/.test(token)) continue;
    if (token.includes('/') && token.replace(/\/$/, '').includes('/')) {
      const suffix = token.replace(/\/$/, '');
      if (!all.some((p) => p.replace(/\/$/, '') === suffix || p.replace(/\/$/, '').endsWith(`/${suffix}`))) missing.push(token);
    } else if (!names.has(token.replace(/\/$/, ''))) missing.push(token);
  }
  assert.deepEqual([...new Set(missing)], []);
});

test('ARCHITECTURE.md is one page', () => {
  const words = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8').split(/\s+/).length;
  assert.ok(words <= 1400, `${words} words`);
});
