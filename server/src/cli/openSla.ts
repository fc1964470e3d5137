/**
 * One SLA file opened for a command that computes from it (`explain`, `notice`): read (bounded, UTF-8
 * checked), the workspace's metric access (never outside `--root`; Prometheus servers from its
 * .model-sla.yaml, tokens from the environment), and refused — as `report` refuses — while it has
 * syntax, schema or reference errors.
 */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess, tokenFromEnvironment } from '../io/metricAccess';
import { readProjectConfig } from '../io/projectConfig';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { getLanguageService } from '../service/languageService';
import { reportRefusals } from '../service/compliance';
import type { SlaFile } from '../service/parse';

export interface OpenedSla {
  ok: true;
  /** The file as messages name it: relative to the current folder. */
  file: string;
  parsed: SlaFile;
  access: NodeMetricAccess;
  /** A metric's resolved path as evidence names it: relative to the root. */
  relativePath: (location: string) => string;
}

export function openSla(path: string, options: { cwd?: string; root?: string }, verb: string): OpenedSla | { ok: false; messages: string[] } {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root ?? '.');
  const full = resolve(cwd, path);
  const file = relative(cwd, full) || full;
  const read = readTextFile(full, { maxBytes: MAX_SLA_FILE_BYTES, what: 'SLA files' });
  if (!read.ok) return { ok: false, messages: [`${file}: ${read.message}`] };
  const config = readProjectConfig(root);
  const access = new NodeMetricAccess(() => [root], 32, { servers: () => config.servers, refused: () => config.refusedServers ?? new Map(), token: tokenFromEnvironment });
  const service = getLanguageService({ metrics: access });
  const text = read.text;
  const document = { uri: pathToFileURL(full).href, version: 1, getText: () => text };
  const errors = reportRefusals(service.validate(document));
  if (errors.length || read.notUtf8) {
    const messages = errors.map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
    if (read.notUtf8) messages.push(`${file}:${read.notUtf8.line}:${read.notUtf8.column} error SLA001 ${read.notUtf8.message}`);
    messages.push(`${file}: not ${verb}: fix the errors above first (model-sla check ${file})`);
    return { ok: false, messages };
  }
  return { ok: true, file, parsed: service.parse(document), access, relativePath: (location) => relative(root, location).split('\\').join('/') };
}
