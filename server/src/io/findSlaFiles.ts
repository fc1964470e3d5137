/** Node-side file discovery for the CLI and the server. Expands path arguments: files as given, folders searched recursively for *.sla.yaml. */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSlaFileName } from '../service/languageService';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

export interface Expanded {
  files: string[];
  errors: { path: string; message: string }[];
}

export function expandPaths(paths: string[]): Expanded {
  const files: string[] = [];
  const errors: Expanded['errors'] = [];
  // Symlinked folders are followed once: each real folder and file is visited at most once.
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const real = (path: string) => { try { return realpathSync(path); } catch { return path; } };
  const addFile = (path: string) => {
    const key = real(path);
    if (!seenFiles.has(key)) { seenFiles.add(key); files.push(path); }
  };
  const walk = (dir: string) => {
    const key = real(dir);
    if (seenDirs.has(key)) return;
    seenDirs.add(key);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      errors.push({ path: dir, message: (error as Error).message });
      return;
    }
    for (const name of entries) {
      if (SKIP.has(name)) continue;
      const path = join(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch (error) {
        // An SLA-named entry that cannot be read (a dangling symlink, a permission problem) is reported, not skipped.
        if (isSlaFileName(name)) errors.push({ path, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}${(error as NodeJS.ErrnoException).code === 'ENOENT' ? ': a symlink to nothing?' : ''})` });
        continue;
      }
      if (stat.isDirectory()) walk(path);
      else if (isSlaFileName(name)) addFile(path);
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      errors.push({ path, message: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) walk(path);
    else addFile(path); // named explicitly: checked whatever its name
  }
  return { files, errors };
}
