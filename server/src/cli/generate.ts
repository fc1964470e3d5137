/**
 * `model-sla generate prometheus-rules <files|folders>` (spec §11): the Prometheus rule file of the
 * ratio objectives on Prometheus metrics of every SLA given (folders searched for *.sla.yaml).
 * Offline: only the files are read, never a server. An SLA with syntax, schema, reference or
 * duplicate errors (SLA001–SLA004) is refused, as `report` refuses it; objectives that cannot be
 * expressed are listed with why (stderr).
 */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { expandPaths } from '../io/findSlaFiles';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { prometheusRules, prometheusRulesYaml, type RuleGroup } from '../service/generate/prometheusRules';
import { getLanguageService } from '../service/languageService';

const REFUSING = new Set(['SLA001', 'SLA002', 'SLA003', 'SLA004']);

export interface GenerateResult {
  /** The rule file's text (empty groups when nothing could be generated). */
  text: string;
  groups: number;
  /** Lines for stderr: refused files, objectives left out and why. */
  messages: string[];
  /** A file could not be read or was refused: exit 2. */
  failed: boolean;
}

export function generatePrometheusRules(paths: string[], cwd = process.cwd()): GenerateResult {
  const service = getLanguageService({});
  const expanded = expandPaths(paths.map((p) => resolve(cwd, p)));
  const messages: string[] = expanded.errors.map((e) => `${relative(cwd, e.path) || e.path}: ${e.message}`);
  let failed = expanded.errors.length > 0;
  const groups: RuleGroup[] = [];
  const sources: string[] = [];
  for (const path of expanded.files) {
    const file = relative(cwd, path) || path;
    const read = readTextFile(path, { maxBytes: MAX_SLA_FILE_BYTES, what: 'SLA files' });
    if (!read.ok) { messages.push(`${file}: ${read.message}`); failed = true; continue; }
    const text = read.text;
    const document = { uri: pathToFileURL(path).href, version: 1, getText: () => text };
    const errors = service.validate(document).filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error && REFUSING.has(String(d.code)));
    if (errors.length) {
      for (const d of errors) messages.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
      messages.push(`${file}: no rules generated: fix the errors above first (model-sla check ${file})`);
      failed = true;
      continue;
    }
    sources.push(file);
    for (const doc of service.parse(document).docs) {
      const r = prometheusRules(doc.value);
      groups.push(...r.groups);
      for (const s of r.skipped) messages.push(`${file}: objective ${s.objective}: no rules: ${s.why}`);
    }
  }
  return { text: prometheusRulesYaml({ groups, skipped: [] }, sources.join(', ') || 'no SLA file'), groups: groups.length, messages, failed };
}
