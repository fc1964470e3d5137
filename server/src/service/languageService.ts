/**
 * The Model SLA language service: the one entry point the LSP server, the CLI and the tests call.
 * Pure: text in, LSP types out; no import of `vscode` or `vscode-languageserver`. State (the parse
 * cache, the compiled schema) lives in the object this returns, never in modules.
 */
import type { CodeAction, CompletionList, Diagnostic, DocumentLink, DocumentSymbol, Hover, Location, Position, Range } from 'vscode-languageserver-types';
import { codeActions, type CodeActionOptions } from './codeActions';
import { ComplianceRuns, sharedComplianceReports, type ComplianceOptions } from './compliance';
import type { SlaReport } from '../engine/report';
import type { Rule } from './lint/rule';
import { applySeverity, type SeverityOverrides } from './lint/severity';
import { applySuppressions } from './lint/suppression';
import type { WorkspaceIndex } from './lint/workspaceIndex';
import type { MetricAccess } from './lint/dataAccess';
import { lintData, type EvaluationMemo } from './lint/dataRules';
import type { FindingSpec } from './lint/rule';
import { completionNeeds, doComplete, type CompletionWorkspace } from './completion';
import { newSlaFileOrder } from './completionSnippets';
import { findDefinition } from './definition';
import { obligationHoverTarget, obligationHoverText } from './obligationHover';
import { doHover } from './hover';
import { selectorHoverTarget, seriesInfoMarkdown } from './selectorHover';
import { documentLinks } from './links';
import { ParseCache, type SlaFile } from './parse';
import { SchemaService } from './schema';
import { documentSymbols } from './symbols';
import { validateFile } from './validation';
import { WorkStopped, type StepOptions } from './steps';

/** The part of a text document the service needs (vscode-languageserver-textdocument fits). */
export interface TextDocumentLike {
  uri: string;
  version: number;
  getText(): string;
}

export interface LanguageService {
  parse(document: TextDocumentLike): SlaFile;
  validate(document: TextDocumentLike): Diagnostic[];
  /** The diagnostics of this version when already computed (validate's last answer), else computed now. */
  currentDiagnostics(document: TextDocumentLike): Diagnostic[];
  /** Completion from the text alone (no file is read). */
  complete(document: TextDocumentLike, position: Position): CompletionList;
  /**
   * Completion that also offers what the workspace holds (through `metrics`): the metric files that
   * exist after `file:`, the linked file's columns after `timestamp:` / `value:` / `good:` …, a new
   * SLA that links an existing file.
   */
  completeInWorkspace(document: TextDocumentLike, position: Position): Promise<CompletionList>;
  /** `now`: the instant "next occurrences" count from (tests fix it). */
  hover(document: TextDocumentLike, position: Position, now?: number): Hover | null;
  /** Hover with what the workspace adds: on a Prometheus selector, what its server has now. */
  /** `reportFile`: the SLA file as reports name it (shares the lenses' computation); for obligation hovers. */
  hoverInWorkspace(document: TextDocumentLike, position: Position, reportFile?: string): Promise<Hover | null>;
  documentSymbols(document: TextDocumentLike): DocumentSymbol[];
  definition(document: TextDocumentLike, position: Position): Location | null;
  documentLinks(document: TextDocumentLike): DocumentLink[];
  /** Quick fixes for the diagnostics the editor sent for `range`. */
  /** `options`: what the client can apply (file creation) beyond text edits. */
  codeActions(document: TextDocumentLike, range: Range, diagnostics: Diagnostic[], options?: CodeActionOptions): CodeAction[];
  /**
   * Reads the metric files the document links and computes the data findings (SLA114, SLA115, …);
   * they join every later `validate` of the document. Resolves to whether they changed. With
   * `steps.sliceMs` the evaluations run in time slices; `steps.shouldStop` ends them (WorkStopped).
   */
  lintData(document: TextDocumentLike, steps?: StepOptions): Promise<boolean>;
  /**
   * The §8 compliance report of every SLA in the document, computed from the linked metric files
   * (cached reads). `file` is how the report names the SLA file (relative to the workspace root).
   * Requests for the same version, asOf and data share one computation and its result is kept for
   * the next request; with `sliceMs` it runs in time slices and `shouldStop` can end it early
   * (rejects with `ComplianceStopped`).
   */
  compliance(document: TextDocumentLike, options: ComplianceOptions): Promise<SlaReport[]>;
  /** Severity overrides and the workspace (for cross-file rules); takes effect on the next validate. */
  configure(options: ServiceOptions): void;
  /** Forget a closed document. */
  close(uri: string): void;
  readonly schema: SchemaService;
  readonly cache: ParseCache;
}

/** `*.sla.yaml` / `*.sla.yml`: the files the service is for (facts/slaFiles.ts). */
export { isSlaFileName } from '../facts/slaFiles';

export interface ServiceOptions {
  severity?: SeverityOverrides;
  workspace?: WorkspaceIndex;
  /** Access to metric files; without it, data findings are not computed. */
  metrics?: MetricAccess;
  /** Called when a lint rule throws (the other rules still run). */
  onRuleError?: (rule: Rule, error: unknown) => void;
}

export function getLanguageService(initial: ServiceOptions = {}): LanguageService {
  const cache = new ParseCache();
  const schema = new SchemaService();
  let options: ServiceOptions = initial;
  /** The diagnostics of the latest validated version per document, for fix-all. */
  const validated = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  /** Data findings per document URI and YAML document index, placed by path at each validation. */
  const dataFindings = new Map<string, Map<number, FindingSpec[]>>();
  const evaluations: EvaluationMemo = new WeakMap();
  const complianceRuns = new ComplianceRuns();
  const parse = (d: TextDocumentLike) => cache.get(d.uri, d.version, d.getText());
  const validate = (d: TextDocumentLike): Diagnostic[] => {
    const file = parse(d);
    const raw = validateFile(file, schema, { workspace: options.workspace, onRuleError: options.onRuleError, extra: dataFindings.get(d.uri) });
    // Suppressions first (so a code that is also `off` does not make its comment look unused), then
    // severities, then document order.
    const diagnostics = applySeverity(applySuppressions(file, raw), options.severity ?? {})
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    validated.set(d.uri, { version: d.version, diagnostics });
    return diagnostics;
  };
  return {
    schema,
    cache,
    parse,
    validate,
    configure: (next) => { options = { ...options, ...next }; },
    compliance: async (d, reportOptions) => {
      if (!options.metrics) throw new Error('compliance reports need access to metric files');
      return sharedComplianceReports(complianceRuns, parse(d), d.version, options.metrics, reportOptions);
    },
    lintData: async (d, steps = {}) => {
      const access = options.metrics;
      if (!access) return false;
      const file = parse(d);
      const next = new Map<number, FindingSpec[]>();
      for (const doc of file.docs) {
        if (doc.valueError) continue;
        try {
          next.set(doc.index, await lintData(doc, file.uri, access, evaluations, steps));
        } catch (error) {
          if (error instanceof WorkStopped) throw error;
          options.onRuleError?.({ codes: ['SLA115'], check: () => undefined }, error);
        }
      }
      const before = JSON.stringify([...(dataFindings.get(d.uri) ?? new Map()).entries()]);
      dataFindings.set(d.uri, next);
      return before !== JSON.stringify([...next.entries()]);
    },
    currentDiagnostics: (d) => {
      const known = validated.get(d.uri);
      return known && known.version === d.version ? known.diagnostics : validate(d);
    },
    codeActions: (d, range, diagnostics, actionOptions) => {
      const known = validated.get(d.uri);
      const all = known && known.version === d.version ? known.diagnostics : validate(d);
      return codeActions(parse(d), range, diagnostics, all, actionOptions);
    },
    complete: (d, p) => doComplete(parse(d), p, schema),
    completeInWorkspace: async (d, p) => {
      const file = parse(d);
      const access = options.metrics;
      const needs = completionNeeds(file, p);
      const workspace: CompletionWorkspace = {};
      if (access?.listFiles && needs.metricFiles) workspace.metricFiles = await access.listFiles(d.uri);
      if (access?.columns && needs.columnsOf) workspace.columns = await access.columns(d.uri, needs.columnsOf);
      if (access?.columns && needs.columnsOfFirstFile && workspace.metricFiles?.length) {
        const first = newSlaFileOrder(workspace.metricFiles)[0];
        workspace.columns = await access.columns(d.uri, { file: first });
      }
      if (access?.prometheusNames && needs.prometheus) {
        const names = await access.prometheusNames(d.uri, needs.prometheus.server, needs.prometheus.request);
        if (names) workspace.selectorNames = names;
      }
      return doComplete(parse(d), p, schema, workspace);
    },
    hover: (d, p, now) => doHover(parse(d), p, schema, now),
    hoverInWorkspace: async (d, p, reportFile) => {
      const file = parse(d);
      const base = doHover(file, p, schema);
      // A remediation deadline or an escalation step: what it means for the latest breach (spec §8.2).
      const obligation = options.metrics ? obligationHoverTarget(file, p) : undefined;
      if (obligation) {
        const reports = await sharedComplianceReports(complianceRuns, file, d.version, options.metrics!, { file: reportFile ?? d.uri.replace(/^.*\//, ''), series: false }).catch(() => undefined);
        // The document's report by its SLA's name (documents without a value have none).
        const name = (file.docs[obligation.docIndex]?.value as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
        const words = obligationHoverText(obligation, reports?.find((r) => r.sla === name) ?? reports?.[obligation.docIndex]);
        if (!words) return base;
        const before = base && typeof base.contents === 'object' && 'value' in base.contents ? `${base.contents.value}\n\n---\n\n` : '';
        return { contents: { kind: 'markdown', value: `${before}${words}` }, ...(base?.range ? { range: base.range } : {}) };
      }
      const target = selectorHoverTarget(file, p);
      if (!target || !options.metrics?.prometheusSeriesInfo) return base;
      const info = await options.metrics.prometheusSeriesInfo(d.uri, target.server, target.request);
      const words = seriesInfoMarkdown(target.server, target.request, info);
      const before = base && typeof base.contents === 'object' && 'value' in base.contents ? `${base.contents.value}\n\n---\n\n` : '';
      return { contents: { kind: 'markdown', value: `${before}${words}` }, range: base?.range ?? target.range };
    },
    documentSymbols: (d) => documentSymbols(parse(d)),
    definition: (d, p) => findDefinition(parse(d), p),
    documentLinks: (d) => documentLinks(parse(d)),
    // Data findings outlive a close: a re-opened file shows the last known ones at once, and the next
    // lintData replaces them only if the metric files say otherwise (no flicker, and no second full
    // validation racing the user's first keystroke).
    close: (uri) => { cache.delete(uri); validated.delete(uri); complianceRuns.forget(uri); },
  };
}
