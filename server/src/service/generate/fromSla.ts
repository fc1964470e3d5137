/**
 * What the SLA drives (spec §11), from one SLA file's text: the Prometheus rule file or the OpenSLO
 * documents — the one path behind the CLI (cli/loadSlas.ts uses `refusingErrors`) and the editor's
 * Generate Prometheus Rules / Export as OpenSLO commands and regenerate-on-save (lsp/startServer.ts).
 * An SLA with syntax, schema, reference or duplicate errors (SLA001–SLA004) is refused, as `report`
 * refuses it; findings from data do not stop it.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { LanguageService, TextDocumentLike } from '../languageService';
import { exportOpenSlo, openSloYaml } from '../openslo/export';
import { prometheusRules, prometheusRulesYaml, rulesNotes, type RuleGroup } from './prometheusRules';
import { ObjectNames, type OpenSloDocument } from '../openslo/openslo';

const REFUSING = new Set(['SLA001', 'SLA002', 'SLA003', 'SLA004']);

/** The diagnostics that stop generation (errors SLA001–SLA004). */
export function refusingErrors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error && REFUSING.has(String(d.code)));
}

/** An SLA's `metadata.name`, as the generated names use it. */
export function slaNameOf(value: unknown): string {
  const name = (value as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' ? name : 'sla';
}

export type Generated = 'prometheus-rules' | 'openslo';

export interface GeneratedText {
  /** The file's text; null when the SLA was refused. */
  text: string | null;
  /** Rule groups (prometheus-rules) or SLO documents (openslo) written: 0 means nothing to watch. */
  count: number;
  /** What was left out or carried in annotations, and why; or the errors that refused the SLA ("line:col code message"). */
  notes: string[];
  refused: boolean;
}

export function generateFromSla(service: LanguageService, document: TextDocumentLike, what: Generated, source: string, servers: ReadonlyMap<string, { url: string }> = new Map()): GeneratedText {
  const errors = refusingErrors(service.validate(document));
  if (errors.length) {
    return { text: null, count: 0, refused: true, notes: errors.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`) };
  }
  const notes: string[] = [];
  const docs = service.parse(document).docs;
  if (what === 'prometheus-rules') {
    const groups: RuleGroup[] = [];
    for (const doc of docs) {
      const r = prometheusRules(doc.value);
      groups.push(...r.groups);
      notes.push(...rulesNotes(slaNameOf(doc.value), r));
    }
    return { text: prometheusRulesYaml(groups, source), count: groups.length, notes, refused: false };
  }
  const documents: OpenSloDocument[] = [];
  const seen = new Set<string>();
  const names = new ObjectNames();
  for (const doc of docs) {
    const r = exportOpenSlo(doc.value, servers, names);
    // Two SLAs of one model share its Service: written once.
    for (const d of r.documents) { const key = `${d.kind}/${d.metadata.name}`; if (!seen.has(key)) { seen.add(key); documents.push(d); } }
    notes.push(...r.notes.map((n) => `${slaNameOf(doc.value)}: ${n}`));
  }
  return { text: openSloYaml(documents, source), count: documents.filter((d) => d.kind === 'SLO').length, notes, refused: false };
}
