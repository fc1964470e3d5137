/**
 * Where a metric path from an SLA may point: inside the workspace, never outside (spec §1). Checked
 * before any read — by the path's text, then by the real path (a symlink pointing out is refused) —
 * and only a regular file is let through: a FIFO would block the read (and, in the server, one of
 * Node's four file-I/O threads) until a writer comes, a device may never end.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errnoText, nonRegularKind } from '../engine/metrics/fileKind';

export type Resolved = { ok: true; path: string } | { ok: false; reason: 'outside' | 'invalid' | 'missing' | 'unreadable'; message: string };

/** Whether `path` is `root` or below it. A first segment `..weird.csv` is a name, not `..`. */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel === '') return true;
  if (isAbsolute(rel)) return false;
  const first = rel.split(sep)[0];
  return first !== '..';
}

/**
 * @param slaPath the SLA file (absolute)
 * @param reference the metric `file:` value as written
 * @param roots the workspace folders (absolute); the first one holding the SLA file is the workspace
 */
export function resolveMetricPath(slaPath: string, reference: string, roots: string[]): Resolved {
  if (reference.includes('\0')) return { ok: false, reason: 'invalid', message: 'the path contains a NUL byte' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference) || /^file:/i.test(reference)) return { ok: false, reason: 'invalid', message: `\`${reference}\` is a URI; metric files are paths relative to the SLA file` };
  if (/^(\\\\|\/\/)/.test(reference)) return { ok: false, reason: 'outside', message: `\`${reference}\` is a network (UNC) path, outside the workspace` };
  if (isAbsolute(reference) || /^[A-Za-z]:[\\/]/.test(reference)) return { ok: false, reason: 'outside', message: `\`${reference}\` is an absolute path; metric files are referenced relative to the SLA file, inside the workspace` };
  // A path that reads differently on another machine: `\` is a separator on Windows only (a name
  // character elsewhere), and a trailing `/` names a folder.
  if (reference.includes('\\')) return { ok: false, reason: 'invalid', message: `\`${reference}\` uses \`\\\` as a separator, which only Windows reads as one (elsewhere it is part of the file name); write \`${reference.replace(/\\/g, '/')}\`` };
  if (/\/\.?$/.test(reference)) return { ok: false, reason: 'invalid', message: `\`${reference}\` ends with \`/\`, so it names a folder, not a metric file; name the file in it` };
  const realRoots = roots.map((r) => { try { return realpathSync(r); } catch { return resolve(r); } });
  const slaReal = (() => { try { return realpathSync(slaPath); } catch { return resolve(slaPath); } })();
  const root = realRoots.find((r) => inside(r, slaReal)) ?? dirname(slaReal);
  const target = resolve(dirname(slaReal), reference);
  if (!inside(root, target)) return { ok: false, reason: 'outside', message: `\`${reference}\` leaves the workspace folder (${root})` };
  let real: string;
  try {
    real = realpathSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, reason: 'unreadable', message: `\`${reference}\` is a symlink loop (looked for ${target})` };
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === undefined) return { ok: false, reason: 'missing', message: `\`${reference}\` does not exist (looked for ${target})` };
    return { ok: false, reason: 'unreadable', message: `\`${reference}\` cannot be read (${errnoText(code, 'error')})` };
  }
  if (!inside(root, real)) return { ok: false, reason: 'outside', message: `\`${reference}\` is a link to ${real}, outside the workspace folder` };
  let kind: string | undefined;
  try {
    kind = nonRegularKind(statSync(real));
  } catch { /* the reader reports it */ }
  if (kind === 'a folder') return { ok: false, reason: 'invalid', message: `\`${reference}\` is a folder, not a metric file` };
  if (kind) return { ok: false, reason: 'unreadable', message: `\`${reference}\` is not a regular file (${kind}); metric files are regular files` };
  return { ok: true, path: real };
}

export function uriToPath(uri: string): string | undefined {
  try { return uri.startsWith('file:') ? fileURLToPath(uri) : undefined; } catch { return undefined; }
}
