/**
 * `model-sla export openslo <files|folders>` and `model-sla import openslo <file>` (spec §11).
 *
 * Export: every SLA given as OpenSLO v1 documents (service/openslo/export.ts), the Prometheus
 * servers' URLs from the root's .model-sla.yaml; what went into `modelsla.dev/` annotations is
 * listed on stderr. The documents are checked against the OpenSLO v1 rules before they are written.
 *
 * Import: OpenSLO v1 documents as an SLA file (service/openslo/import.ts), then linted like `check`
 * lints it, so what OpenSLO left open comes back as findings (stderr). Exit 1 when the imported SLA
 * has errors to fix, 2 when the input cannot be read or holds no SLO.
 */
import { writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { readProjectConfig } from '../io/projectConfig';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { getLanguageService } from '../service/languageService';
import { exportOpenSlo, openSloYaml } from '../service/openslo/export';
import { importOpenSloText } from '../service/openslo/import';
import { ObjectNames, validateOpenSlo, type OpenSloDocument } from '../service/openslo/openslo';
import { checkPaths } from './check';
import { loadSlas } from './loadSlas';

export interface ConvertResult {
  text: string;
  messages: string[];
  /** 0 written, 1 written but the imported SLA has errors, 2 nothing usable. (Import writes `out` itself, to lint the file where it is.) */
  code: number;
}

export function exportOpenSloFiles(paths: string[], options: { root?: string; cwd?: string } = {}): ConvertResult {
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadSlas(paths, 'exported', cwd);
  const config = readProjectConfig(resolve(cwd, options.root ?? '.'));
  const servers = new Map([...config.servers].map(([name, s]) => [name, { url: s.url }]));
  const documents: OpenSloDocument[] = [];
  const messages = [...loaded.messages];
  const names = new ObjectNames();
  for (const { file, value } of loaded.slas) {
    const r = exportOpenSlo(value, servers, names);
    documents.push(...r.documents);
    for (const note of r.notes) messages.push(`${file}: ${note}`);
  }
  // Two SLAs of one model share its Service: write it once.
  const seen = new Set<string>();
  const unique = documents.filter((d) => { const key = `${d.kind}/${d.metadata.name}`; if (seen.has(key)) return false; seen.add(key); return true; });
  const problems = validateOpenSlo(unique);
  for (const p of problems) messages.push(`internal error: the export breaks OpenSLO v1: ${p.name} ${p.path}: ${p.message}`);
  return { text: openSloYaml(unique, loaded.files.join(', ') || 'no SLA file'), messages, code: loaded.failed || problems.length ? 2 : 0 };
}

export async function importOpenSloFile(path: string, options: { out?: string; root?: string; cwd?: string } = {}): Promise<ConvertResult> {
  const cwd = options.cwd ?? process.cwd();
  const file = relative(cwd, resolve(cwd, path)) || path;
  const read = readTextFile(resolve(cwd, path), { maxBytes: MAX_SLA_FILE_BYTES, what: 'OpenSLO files' });
  if (!read.ok) return { text: '', messages: [`${file}: ${read.message}`], code: 2 };
  if (read.notUtf8) return { text: '', messages: [`${file}:${read.notUtf8.line}:${read.notUtf8.column} ${read.notUtf8.message}`], code: 2 };
  const result = importOpenSloText(read.text, file);
  if (result.yamlErrors.length) return { text: '', messages: result.yamlErrors.map((e) => `${file}:${e}`), code: 2 };
  const messages = result.problems.map((p) => `${file}: ${p.name} ${p.path}: not OpenSLO v1: ${p.message}`);
  messages.push(...result.notes.map((n) => `${file}: ${n}`));
  if (result.text === null) return { text: '', messages, code: 2 };
  const text = result.text;
  const configured = readProjectConfig(resolve(cwd, options.root ?? '.')).servers;
  for (const [name, url] of result.servers) {
    if (configured.get(name)?.url !== url) messages.push(`${file}: the Prometheus server \`${name}\` (${url}) is not in .model-sla.yaml: add servers: { ${name}: { url: ${url} } }`);
  }
  // Lint what was imported (offline: no data read, no server contacted): the written file with the
  // workspace's cross-file rules, or the text in memory.
  let errors = false;
  if (options.out) {
    try {
      writeFileSync(resolve(cwd, options.out), text);
    } catch (error) {
      return { text, messages: [...messages, `${options.out}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`], code: 2 };
    }
    const check = await checkPaths([resolve(cwd, options.out)], { cwd, root: options.root, offline: true });
    for (const f of check.findings) messages.push(`${relative(cwd, f.file) || f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
    errors = check.findings.some((f) => f.severity === 'error');
  } else {
    const name = `${basename(file).replace(/\.(ya?ml)$/i, '')}.sla.yaml`;
    const diagnostics = getLanguageService({}).validate({ uri: pathToFileURL(join(cwd, name)).href, version: 1, getText: () => text });
    for (const d of diagnostics) {
      const severity = d.severity === DiagnosticSeverity.Error ? 'error' : d.severity === DiagnosticSeverity.Warning ? 'warning' : 'info';
      messages.push(`(imported):${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
      errors ||= severity === 'error';
    }
  }
  return { text, messages, code: errors ? 1 : 0 };
}
