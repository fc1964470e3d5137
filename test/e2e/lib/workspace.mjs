// A throwaway copy of the bundled examples/ workspace: tests edit, create and delete files in it.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');

export function copyExamples(label) {
  const root = mkdtempSync(join(tmpdir(), `model-sla-${label}-ws-`));
  const folder = join(root, 'examples');
  cpSync(examples, folder, { recursive: true, filter: (source) => !/\.(mjs|md)$/.test(source) });
  return { folder, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
