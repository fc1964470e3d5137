/**
 * `.model-sla.yaml` at the workspace root: settings shared by the editor and CI, e.g.
 *
 *   severity:
 *     SLA108: off
 *     SLA101: error
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseOverrides, type SeverityOverrides } from '../service/lint/severity';

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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { severity: {}, problems: [] };
  }
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
