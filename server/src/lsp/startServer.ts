/**
 * Wires an LSP connection to the language service. Everything the server knows about SLAs is in
 * ../service; this file only translates requests, schedules validation and keeps errors contained.
 * (Over 400 lines on purpose: one handler per LSP request, each a few lines, read top to bottom as
 * the server's whole surface; what any handler needs beyond wiring lives in its own module.)
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  type CancellationToken,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type CompletionList, type Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, isSlaFileName } from '../service/languageService';
import { DEFAULT_SETTINGS, mergeSettings, type ServerSettings } from './settings';
import { ValidationScheduler } from './validationScheduler';
import { SOURCE } from '../service/diagnostics';
import { summarize } from '../service/lint/workspaceIndex';
import { parseOverrides } from '../service/lint/severity';
import { CONFIG_FILE, readProjectConfig, type ProjectConfig } from '../io/projectConfig';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, relative, sep } from 'node:path';
import { WorkspaceSlas } from './workspaceSlas';
import { NodeMetricAccess, tokenFromEnvironment } from '../io/metricAccess';
import { complianceLenses } from '../service/complianceLens';
import { withoutFixData } from '../service/codeActions';
import { renderHtml } from '../engine/render/html';
import { parseInstant } from '../engine/metrics/timestamps';
import { ComplianceStopped, metricFileUris, reportRefusals, type StopReason } from '../service/compliance';
import { resolveMetricPath } from '../io/workspacePaths';
import { MetricFileWatchers, registerWatchersWith } from './metricFileWatchers';
import { newSlaTemplate } from '../service/newSlaTemplate';
import { ComplianceHtmlRequest, ComplianceRequest, NewSlaTemplateRequest, ProgressNotification, ServerNamesRequest, TrustNotification } from '../protocol/requests';
import { serverTokensFromEnvironment } from './serverTokens';
import { registerGenerateRequests } from './generateRequests';
import { registerStandingRequests } from './standingRequests';
import type { ComplianceResult } from '../protocol/previewReport';
import { isPrometheusSpec, type MetricSpec } from '../engine/metrics/types';

/** How often the preview asks again for an SLA whose metrics a server holds (its data moves on its own). */
const LIVE_REFRESH_MS = 60_000;

export const SERVER_NAME = 'model-sla-language-server';

/**
 * Long computations (compliance reports, code lenses) run in slices of this many milliseconds and
 * hand the event loop back in between, so that `$/cancelRequest`, edits and other requests are read
 * and answered while they run.
 */
export const WORK_SLICE_MS = 15;

/** How long the start-up scan's parses are kept for the editor's first opens. */
const SCANNED_PARSE_MS = 30_000;
/** How long the parse of a closed document is kept for a re-open of the same text. */
const RETIRED_PARSE_MS = 60_000;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new WorkspaceSlas(
    (path, problem) => connection.console.warn(`${path}: ${problem}; not read for the cross-file checks`),
    (file) => service.cache.offer(file), // the scan's parses, for the files the editor opens right away
  );
  let folders: string[] = [];
  // Prometheus metrics (spec §10): the servers of .model-sla.yaml; tokens from the editor's secret
  // storage (handed over in the server's environment at start, never in a message: the LSP trace
  // would show it) or the variable a server's `tokenEnv` names; no network in an untrusted workspace.
  const editorTokens = serverTokensFromEnvironment();
  const metrics = new NodeMetricAccess(() => folders.map((f) => fileURLToPath(f)), 32, {
    servers: () => projectConfig.servers,
    refused: () => projectConfig.refusedServers ?? new Map(),
    token: (server) => editorTokens.get(server.name) ?? tokenFromEnvironment(server),
    network: () => trusted,
  });
  const service = getLanguageService({
    workspace,
    metrics,
    onRuleError: (rule, error) => connection.console.error(`lint rule ${rule.codes.join('/')} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let projectConfig: ProjectConfig = { severity: {}, servers: new Map(), problems: [] };

  /** `.model-sla.yaml` first, the editor's `modelSla.lint.severity` on top. */
  function applyLintConfiguration(): void {
    const fromSettings = parseOverrides(settings.lint.severity);
    for (const problem of [...projectConfig.problems, ...fromSettings.problems.map((p) => `modelSla.lint.severity: ${p}`)]) connection.console.warn(problem);
    service.configure({ severity: { ...projectConfig.severity, ...fromSettings.overrides } });
  }

  function readConfig(): void {
    const root = folders.find((f) => f.startsWith('file:'));
    projectConfig = root ? readProjectConfig(fileURLToPath(root)) : { severity: {}, servers: new Map(), problems: [] };
    applyLintConfiguration();
  }

  let standing: { changed: () => void } | undefined;
  const revalidateAll = () => { for (const d of documents.all()) scheduler.later(d.uri); };
  let pullConfiguration = false;
  let trusted = true;
  let registerConfiguration = false;
  let registerFileWatchers = false;
  let relativePatterns = false;
  let metricWatchers = new MetricFileWatchers(undefined, false);
  /** The client applies CreateFile in a WorkspaceEdit (the SLA115 fix that creates a missing metric file). */
  let createFiles = false;

  /** Runs a handler; a bug in one feature answers with `fallback` and is logged, never fatal. */
  function guard<T>(what: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      connection.console.error(`${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  }

  const served = (uri: string) => isSlaFileName(uri);

  function validate(uri: string): void {
    const document = documents.get(uri);
    if (!document || !served(uri)) return;
    const version = document.version;
    const started = performance.now();
    const diagnostics: Diagnostic[] = guard(`validating ${uri}`, [], () => {
      if (!settings.validation.enable) return [];
      const size = document.getText().length;
      if (size > settings.maxFileSizeMB * 1024 * 1024) {
        return [{
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: SOURCE,
          message: `This file is ${(size / 1048576).toFixed(1)} MB, over the \`modelSla.maxFileSizeMB\` limit (${settings.maxFileSizeMB} MB): it is not validated.`,
        }];
      }
      return service.validate(document);
    });
    // An edit's pause follows what edits cost: the full parse of an open is not one of them.
    if (!fullParse.delete(uri)) scheduler.cost(uri, performance.now() - started);
    const current = documents.get(uri)?.version === version;
    if (current) void connection.sendDiagnostics({ uri, version, diagnostics: withoutFixData(diagnostics) });
    // After the publish (it does not wait for this): keep the workspace index current; other files'
    // cross-file findings may change with it.
    if (settings.validation.enable) setImmediate(() => updateWorkspaceIndex(uri, version));
    if (current && settings.validation.enable) dataScheduler.later(uri);
  }

  /** The open document's summary in the workspace index (SLA111, workspace-wide SLA004), if it is still at `version`. */
  function updateWorkspaceIndex(uri: string, version: number): void {
    const document = documents.get(uri);
    if (!document || document.version !== version || document.getText().length > settings.maxFileSizeMB * 1024 * 1024) return;
    guard(`indexing ${uri}`, undefined, () => {
      if (workspace.documentChanged(uri, summarize(service.parse(document)))) {
        for (const other of documents.all()) if (other.uri !== uri) scheduler.later(other.uri);
      }
    });
  }

  /** Per YAML document of an open SLA: metric id → the metric file's URI (inside the workspace only). */
  function linkedMetricFiles(uri: string): Record<string, string>[] {
    const document = documents.get(uri);
    if (!document || !uri.startsWith('file:')) return [];
    const path = fileURLToPath(uri);
    const roots = folders.map((f) => fileURLToPath(f));
    return metricFileUris(service.parse(document), (reference) => {
      const resolved = resolveMetricPath(path, reference, roots);
      return resolved.ok ? pathToFileURL(resolved.path).href : undefined;
    });
  }

  /** Whether a document's SLAs read some metric from a server (spec §10). */
  function readsServers(document: TextDocument): boolean {
    return service.parse(document).docs.some((d) => Object.values((d.value as { metrics?: Record<string, unknown> } | undefined)?.metrics ?? {})
      .some((m) => typeof m === 'object' && m !== null && isPrometheusSpec(m as MetricSpec)));
  }

  /** Data findings: read the linked metric files after a pause, then publish again if they changed. */
  async function lintData(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document || !served(uri)) return;
    const version = document.version;
    let changed = false;
    try {
      // Evaluations for thousands of objectives take long: in time slices, stopped by a newer version.
      changed = await service.lintData(document, { sliceMs: WORK_SLICE_MS, shouldStop: () => (documents.get(uri)?.version !== version ? 'modified' : undefined) });
    } catch (error) {
      if (error instanceof ComplianceStopped) return; // the newer version is linted in its turn
      connection.console.error(`reading metric files for ${uri} failed: ${String(error)}`);
    }
    guard('watching metric files', undefined, () => { if (trusted) metricWatchers.watch(linkedMetricFiles(uri).flatMap((m) => Object.values(m))); });
    const current = documents.get(uri);
    if (!changed || !current || current.version !== version) return;
    const diagnostics = guard(`validating ${uri}`, [], () => service.validate(current));
    void connection.sendDiagnostics({ uri, version, diagnostics: withoutFixData(diagnostics) });
  }
  const dataScheduler = new ValidationScheduler((uri) => void lintData(uri), () => Math.max(250, settings.validation.delayMs * 3));

  const scheduler = new ValidationScheduler(validate, () => settings.validation.delayMs, true);

  async function refreshSettings(): Promise<void> {
    if (!pullConfiguration) return;
    try {
      const raw = await connection.workspace.getConfiguration('modelSla');
      settings = mergeSettings(raw);
      applyLintConfiguration();
    } catch (error) {
      connection.console.warn(`could not read settings: ${String(error)}`);
    }
  }

  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    registerConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    registerFileWatchers = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    relativePatterns = !!params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport;
    // The quick fix that creates a missing metric file is a CreateFile: offered only if the client applies one.
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    createFiles = workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create');
    settings = mergeSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    // Workspace Trust (VS Code): in an untrusted workspace no metric file is read until trust is granted.
    if ((params.initializationOptions as { trusted?: unknown } | undefined)?.trusted === false) {
      trusted = false;
      service.configure({ metrics: undefined });
    }
    folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : [])).filter((u) => u.startsWith('file:'));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' ', '"', '<', '>', '-'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: SERVER_NAME, version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (registerFileWatchers) metricWatchers = new MetricFileWatchers(registerWatchersWith(connection.client), relativePatterns);
    guard('reading the workspace', undefined, () => {
      workspace.scan(folders);
      readConfig();
    });
    setTimeout(() => service.cache.dropScanned(), SCANNED_PARSE_MS).unref();
    // Compile the schema's validators while nothing is open yet: ~150 ms the first open would wait for.
    setTimeout(() => guard('compiling the schema', undefined, () => service.schema.warm()), 0);
    if (pullConfiguration) {
      if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'modelSla' }).catch(() => undefined);
      await refreshSettings();
      for (const document of documents.all()) scheduler.now(document.uri);
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullConfiguration) await refreshSettings();
    else {
      settings = mergeSettings((change.settings as { modelSla?: unknown } | undefined)?.modelSla);
      applyLintConfiguration();
    }
    for (const document of documents.all()) scheduler.now(document.uri);
  });

  // TextDocuments fires onDidOpen and then onDidChangeContent for an opened document: validate an
  // opened document at once, and a changed one after the delay.
  const justOpened = new Set<string>();
  /** Documents whose next validation parses them whole (just opened). */
  const fullParse = new Set<string>();
  documents.onDidOpen((event) => {
    justOpened.add(event.document.uri);
    fullParse.add(event.document.uri);
    scheduler.forget(event.document.uri);
    scheduler.now(event.document.uri);
  });
  documents.onDidChangeContent((event) => {
    standing?.changed();
    if (justOpened.delete(event.document.uri)) return;
    scheduler.later(event.document.uri);
  });
  let dropRetired: ReturnType<typeof setTimeout> | undefined;
  documents.onDidClose((event) => {
    scheduler.forget(event.document.uri);
    dataScheduler.cancel(event.document.uri);
    service.close(event.document.uri);
    // The service keeps the closed document's parse for a quick re-open; not for long.
    if (dropRetired) clearTimeout(dropRetired);
    const closed = event.document.uri;
    dropRetired = setTimeout(() => { dropRetired = undefined; service.cache.dropRetired(closed); }, RETIRED_PARSE_MS);
    dropRetired.unref();
    // The index goes back to the file on disk (the editor's unsaved text is gone).
    workspace.documentChanged(event.document.uri, undefined);
    if (served(event.document.uri)) workspace.fileChanged(event.document.uri, false);
    if (served(event.document.uri)) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  const withDocument = <T>(uri: string, fallback: T, what: string, fn: (d: TextDocument) => T): T => {
    const document = documents.get(uri);
    if (!document || !served(uri)) return fallback;
    return guard(what, fallback, () => fn(document));
  };

  connection.onCompletion(async (params) => {
    const empty: CompletionList = { isIncomplete: false, items: [] };
    try {
      return await withDocument(params.textDocument.uri, Promise.resolve(empty), 'completion', (d) => service.completeInWorkspace(d, params.position));
    } catch (error) {
      connection.console.error(`completion failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return empty;
    }
  });
  connection.onHover(async (params) => {
    try {
      return await withDocument(params.textDocument.uri, Promise.resolve(null), 'hover', (d) => service.hoverInWorkspace(d, params.position, reportFileName(d.uri)));
    } catch (error) {
      connection.console.error(`hover failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return null;
    }
  });
  connection.onDocumentSymbol((params) => withDocument(params.textDocument.uri, [], 'document symbols', (d) => service.documentSymbols(d)));
  connection.onDefinition((params) => withDocument(params.textDocument.uri, null, 'definition', (d) => service.definition(d, params.position)));
  connection.onDocumentLinks((params) => withDocument(params.textDocument.uri, [], 'document links', (d) => service.documentLinks(d)));

  connection.onCodeAction((params) =>
    withDocument(params.textDocument.uri, [], 'code actions', (d) => service.codeActions(d, params.range, params.context.diagnostics, { createFiles })));

  connection.onNotification(TrustNotification.type, (params) => {
    if ((params as { trusted?: unknown } | undefined)?.trusted !== true || trusted) return;
    trusted = true;
    service.configure({ metrics });
    for (const d of documents.all()) dataScheduler.later(d.uri);
    standing?.changed();
  });

  // The compliance preview's data (spec §8), computed by the engine from the linked metric files.
  /**
   * When long work for `document` at `version` should stop: the request was cancelled (LSP
   * RequestCancelled) or the document changed meanwhile (ContentModified: the answer would be stale).
   */
  const stopWhen = (token: CancellationToken | undefined, uri: string, version: number) => (): StopReason | undefined =>
    token?.isCancellationRequested ? 'cancelled' : documents.get(uri)?.version !== version ? 'modified' : undefined;
  const stoppedError = (error: ComplianceStopped) =>
    new ResponseError(error.reason === 'cancelled' ? LSPErrorCodes.RequestCancelled : LSPErrorCodes.ContentModified, error.message);
  /** The SLA's file name (an untitled document's too: its uri's last segment). */
  const slaFileName = (uri: string): string => {
    try { return basename(fileURLToPath(uri)); } catch { return decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() || uri); }
  };
  /** How a compliance report names the SLA file: relative to its workspace folder. */
  const reportFileName = (uri: string): string => {
    const path = fileURLToPath(uri);
    const root = folders.map((f) => fileURLToPath(f)).find((r) => path.startsWith(r + sep));
    return root ? relative(root, path) : basename(path);
  };

  connection.onRequest(ComplianceRequest.type, async (params, token): Promise<ComplianceResult> => {
    if (!trusted) return { uri: params?.uri, version: null, reports: [], error: 'This workspace is not trusted: metric files are not read. Trust the workspace to see compliance.' };
    const document = documents.get(params?.uri);
    if (!document || !served(params.uri)) return { uri: params?.uri, version: null, reports: [], error: 'the document is not open' };
    const instant = typeof params.asOf === 'string' ? parseInstant(params.asOf) : undefined;
    if (instant && !instant.ok) return { uri: params.uri, version: document.version, reports: [], error: `\`${params.asOf}\` ${instant.problem}` };
    const asOf = instant?.ok ? instant.ms : undefined;
    const version = document.version;
    try {
      let lastProgress = 0;
      const onProgress = (metric: string, read: number, total: number) => {
        const now = Date.now();
        if (now - lastProgress < 200 && read < total) return;
        lastProgress = now;
        void connection.sendNotification(ProgressNotification.type, { uri: params.uri, metric, fraction: total > 0 ? read / total : 1 });
      };
      const reports = await service.compliance(document, {
        file: reportFileName(params.uri), asOf, onProgress, sliceMs: WORK_SLICE_MS, shouldStop: stopWhen(token, params.uri, version),
      });
      // Where each report's metric files are (inside the workspace only), for links to data issues.
      const metricFiles = linkedMetricFiles(params.uri);
      return { uri: params.uri, version, reports, metricFiles, ...(readsServers(document) ? { refreshMs: LIVE_REFRESH_MS } : {}) };
    } catch (error) {
      if (error instanceof ComplianceStopped) throw stoppedError(error);
      connection.console.error(`compliance for ${params.uri} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return { uri: params.uri, version: document.version, reports: [], error: String(error instanceof Error ? error.message : error) };
    }
  });

  // The text of a new SLA file (the client's New SLA File command).
  // Given the new file's uri: what completion offers in that empty file (the workspace's metric files
  // and their columns, the name from the file name), so the command and completion give one text.
  connection.onRequest(ServerNamesRequest.type, () => ({ names: [...projectConfig.servers.keys()].sort() }));
  // The generated file's header names the SLA by its file name, as the CLI run in the SLA's folder does.
  registerGenerateRequests(connection, { service, documents, served, servers: () => projectConfig.servers, fileName: slaFileName });
  // The Model SLA view: every SLA's standing, and explain (spec §8.1).
  standing = registerStandingRequests(connection, {
    service, metrics: () => metrics, documents, folders: () => folders, slaUris: () => workspace.uris(), trusted: () => trusted, reportFileName, sliceMs: WORK_SLICE_MS,
  });

  connection.onRequest(NewSlaTemplateRequest.type, async (params) => {
    if (typeof params?.uri === 'string' && served(params.uri)) {
      try {
        const list = await service.completeInWorkspace(TextDocument.create(params.uri, 'model-sla', 0, ''), { line: 0, character: 0 });
        const item = list.items.find((i) => i.label === 'new SLA');
        const text = item?.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined;
        if (text) return { snippet: `${text}\n` };
      } catch (error) {
        connection.console.error(`new SLA template for ${params.uri}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { snippet: newSlaTemplate() ?? null };
  });

  // The current view as the self-contained HTML page of `model-sla report --format html`.
  connection.onRequest(ComplianceHtmlRequest.type, async (params, token) => {
    const document = documents.get(params?.uri);
    if (!trusted) return { html: null, error: 'This workspace is not trusted: metric files are not read.' };
    if (!document || !served(params.uri)) return { html: null, error: 'the document is not open' };
    const instant = typeof params.asOf === 'string' ? parseInstant(params.asOf) : undefined;
    if (instant && !instant.ok) return { html: null, error: `\`${params.asOf}\` ${instant.problem}` };
    const asOf = instant?.ok ? instant.ms : undefined;
    try {
      const reports = await service.compliance(document, {
        // With the preview's series (already computed for it): the page draws the same charts.
        file: reportFileName(params.uri), asOf,
        sliceMs: WORK_SLICE_MS, shouldStop: stopWhen(token, params.uri, document.version),
      });
      return { html: renderHtml(reports) };
    } catch (error) {
      if (error instanceof ComplianceStopped) throw stoppedError(error);
      return { html: null, error: String(error instanceof Error ? error.message : error) };
    }
  });

  // Compliance status above each objective (the same report, so the same numbers as the preview).
  // The same computation as the preview's (one shared run per version), in time slices; a newer
  // version or a cancellation ends it (ContentModified / RequestCancelled), never a stale answer.
  connection.onCodeLens(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!trusted || !document || !served(document.uri) || !settings.codeLens.enable || !document.uri.startsWith('file:')) return [];
    try {
      const reports = await service.compliance(document, {
        file: reportFileName(document.uri), series: false, sliceMs: WORK_SLICE_MS, shouldStop: stopWhen(token, document.uri, document.version),
      });
      if (documents.get(document.uri)?.version !== document.version) throw new ComplianceStopped('modified');
      return complianceLenses(service.parse(document), reports, reportRefusals(service.currentDiagnostics(document)).length);
    } catch (error) {
      if (error instanceof ComplianceStopped) throw stoppedError(error);
      connection.console.error(`code lenses for ${document.uri} failed: ${String(error)}`);
      return [];
    }
  });

  connection.onDidChangeWatchedFiles((params) => guard('file events', undefined, () => {
    let changed = false;
    let metricsChanged = false;
    for (const event of params.changes) {
      if (event.uri.endsWith(`/${CONFIG_FILE}`)) {
        readConfig();
        changed = true;
        metricsChanged = true; // its `servers:` may point a Prometheus metric elsewhere
      } else if (served(event.uri)) {
        if (!documents.get(event.uri)) changed = workspace.fileChanged(event.uri, event.type === FileChangeType.Deleted) || changed;
      } else {
        metricsChanged = true; // a metric file: the cache checks size and mtime
      }
    }
    if (changed) revalidateAll();
    if (metricsChanged) for (const d of documents.all()) dataScheduler.later(d.uri);
    if (changed || metricsChanged) standing?.changed();
  }));

  // Open SLAs on Prometheus metrics are linted again every minute: a server's data (and the server
  // itself: down, then back) changes without any file event; only what is new is read.
  const live = setInterval(() => {
    if (!trusted || !settings.validation.enable) return;
    for (const d of documents.all()) {
      if (guard('finding Prometheus metrics', false, () => readsServers(d))) dataScheduler.later(d.uri);
    }
  }, LIVE_REFRESH_MS);
  live.unref();
  connection.onShutdown(() => { clearInterval(live); scheduler.dispose(); dataScheduler.dispose(); });

  documents.listen(connection);
  connection.listen();
}
