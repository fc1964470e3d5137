/**
 * `.model-sla.yaml` at the workspace root: settings shared by the editor and CI, e.g.
 *
 *   severity:
 *     SLA108: off
 *     SLA101: error
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseOverrides, type SeverityOverrides } from '../service/lint/severity';
import { MAX_CONFIG_FILE_BYTES, readTextFile } from './readTextFile';

export const CONFIG_FILE = '.model-sla.yaml';

export interface ProjectConfig {
  severity: SeverityOverrides;
  /** Problems found in the file (shown in the log / on stderr, never fatal). */
  problems: string[];
  /** The file read, if there was one. */
  path?: string;
}

export function readProjectConfig(root: string): ProjectConfig {
  const path = join(root, CONFIG_FILE);
  // Read like an SLA file (io/readTextFile.ts): a regular file of at most 1 MB, never a FIFO or
  // a symlink to /dev/zero. No file is no configuration; any other refusal is a problem, and the
  // defaults apply.
  const read = readTextFile(path, { maxBytes: MAX_CONFIG_FILE_BYTES, what: CONFIG_FILE });
  if (!read.ok && read.reason === 'missing') return { severity: {}, problems: [] };
  if (!read.ok) return { severity: {}, problems: [`${CONFIG_FILE}: ${read.message}; ignored`], path };
  const text = read.text;
  let raw: unknown;
  try {
    raw = parse(text, { version: '1.2', schema: 'core', maxAliasCount: 100 });
  } catch (error) {
    return { severity: {}, problems: [`${CONFIG_FILE}: ${(error as Error).message.split('\n')[0]}`], path };
  }
  if (raw === null || raw === undefined) return { severity: {}, problems: [], path };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { severity: {}, problems: [`${CONFIG_FILE}: expected a mapping with \`severity\``], path };
  const unknown = Object.keys(raw).filter((k) => k !== 'severity');
  const { overrides, problems } = parseOverrides((raw as Record<string, unknown>).severity);
  return { severity: overrides, problems: [...unknown.map((k) => `${CONFIG_FILE}: unknown key \`${k}\``), ...problems.map((p) => `${CONFIG_FILE}: ${p}`)], path };
}
