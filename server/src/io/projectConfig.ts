/**
 * `.model-sla.yaml` at the workspace root: settings shared by the editor and CI, e.g.
 *
 *   severity:
 *     SLA108: off
 *     SLA101: error
 *   servers:                     # Prometheus-compatible servers a metric may name (spec §10)
 *     prod: { url: https://prometheus.example.com, tokenEnv: PROMETHEUS_TOKEN }
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseOverrides, type SeverityOverrides } from '../service/lint/severity';
import { MAX_CONFIG_FILE_BYTES, readTextFile } from './readTextFile';

import { PROJECT_CONFIG_FILE } from '../facts/slaFiles';
import { parseServers, type PrometheusServer } from '../service/prometheusServers';

export const CONFIG_FILE = PROJECT_CONFIG_FILE;

export interface ProjectConfig {
  severity: SeverityOverrides;
  /** `servers:` — where the Prometheus metrics' data is (entries with a problem are left out, and said). */
  servers: Map<string, PrometheusServer>;
  /** Entries of `servers:` left out, with why (absent: none). */
  refusedServers?: Map<string, string>;
  /** Problems found in the file (shown in the log / on stderr). */
  problems: string[];
  /**
   * Why the file as a whole cannot be used: not valid YAML, or not a mapping with a `severity`
   * mapping. `check` then checks nothing and exits 2 (its severities would be silently lost); the
   * server logs it and goes on with the defaults. Single bad entries are only `problems`.
   */
  broken?: string;
  /** The file read, if there was one. */
  path?: string;
}

export function readProjectConfig(root: string): ProjectConfig {
  const path = join(root, CONFIG_FILE);
  // Read like an SLA file (io/readTextFile.ts): a regular file of at most 1 MB, never a FIFO or
  // a symlink to /dev/zero. No file is no configuration; any other refusal is a problem, and the
  // defaults apply.
  const read = readTextFile(path, { maxBytes: MAX_CONFIG_FILE_BYTES, what: CONFIG_FILE });
  if (!read.ok && read.reason === 'missing') return { severity: {}, servers: new Map(), problems: [] };
  if (!read.ok) return { severity: {}, servers: new Map(), problems: [`${CONFIG_FILE}: ${read.message}; ignored`], path };
  const broken = (why: string): ProjectConfig => ({ severity: {}, servers: new Map(), problems: [`${CONFIG_FILE}: ${why}; ignored, the defaults apply`], broken: why, path });
  let raw: unknown;
  try {
    raw = parse(read.text, { version: '1.2', schema: 'core', maxAliasCount: 100, prettyErrors: true });
  } catch (error) {
    const e = error as Error & { linePos?: { line: number; col: number }[] };
    const at = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    return broken(`not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${at}`);
  }
  if (raw === null || raw === undefined) return { severity: {}, servers: new Map(), problems: [], path };
  if (typeof raw !== 'object' || Array.isArray(raw)) return broken(`expected a mapping with \`severity\`, found ${Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}`);
  const severity = (raw as Record<string, unknown>).severity;
  if (severity !== undefined && severity !== null && (typeof severity !== 'object' || Array.isArray(severity))) {
    return broken(`\`severity\` must be a mapping of codes to off, info, warning or error (\`SLA108: off\`), found ${Array.isArray(severity) ? 'a list' : `a ${typeof severity}`}`);
  }
  const unknown = Object.keys(raw).filter((k) => k !== 'severity' && k !== 'servers');
  const { overrides, problems } = parseOverrides(severity);
  const servers = parseServers((raw as Record<string, unknown>).servers, CONFIG_FILE);
  return {
    severity: overrides, servers: servers.servers, refusedServers: servers.refused,
    problems: [...unknown.map((k) => `${CONFIG_FILE}: unknown key \`${k}\``), ...problems.map((p) => `${CONFIG_FILE}: ${p}`), ...servers.problems],
    path,
  };
}
