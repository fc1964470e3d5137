/**
 * `model-sla generate prometheus-rules <files|folders>` (spec §11): the Prometheus rule file of the
 * ratio objectives on Prometheus metrics of every SLA given (folders searched for *.sla.yaml).
 * Offline: only the files are read, never a server. An SLA with errors (SLA001–SLA004) is refused
 * (loadSlas.ts); objectives that cannot be expressed are listed with why (stderr).
 */
import { prometheusRules, prometheusRulesYaml, rulesNotes, type RuleGroup } from '../service/generate/prometheusRules';
import { slaNameOf } from '../service/generate/fromSla';
import { loadSlas } from './loadSlas';

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
  const loaded = loadSlas(paths, 'generated', cwd);
  const groups: RuleGroup[] = [];
  const messages = [...loaded.messages];
  for (const { file, value } of loaded.slas) {
    const r = prometheusRules(value);
    groups.push(...r.groups);
    for (const note of rulesNotes(slaNameOf(value), r)) messages.push(`${file}: ${note}`);
  }
  return { text: prometheusRulesYaml(groups, loaded.files.join(', ') || 'no SLA file'), groups: groups.length, messages, failed: loaded.failed };
}
