/**
 * Node-side file discovery for the CLI and the server. Expands path arguments: files as given,
 * folders searched recursively for *.sla.yaml. Only `readdir` and `stat`: nothing is opened here (a
 * FIFO with an SLA name is listed, and refused by its type when it is read: io/readTextFile.ts).
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSlaFileName } from '../facts/slaFiles';
import { errnoText } from '../engine/metrics/fileKind';

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
        const code = (error as NodeJS.ErrnoException).code;
        if (isSlaFileName(name)) errors.push({ path, message: `cannot be read (${code === 'ENOENT' ? 'ENOENT: a symlink to nothing?' : errnoText(code, (error as Error).message)})` });
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
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push({ path, message: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or folder' : `cannot be read (${errnoText(code, (error as Error).message)})` });
      continue;
    }
    if (stat.isDirectory()) walk(path);
    else addFile(path); // named explicitly: checked whatever its name
  }
  return { files, errors };
}
