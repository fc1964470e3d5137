/**
 * The compliance preview: a webview beside the SLA editor that shows the §8 report the language
 * server computes (`modelSla/compliance`) — the way the markdown preview follows a markdown file.
 * First render at once, later updates batched; the panel follows the active SLA editor unless
 * locked; it restores after a reload (serializer) without `retainContextWhenHidden`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatOfExtension } from '../../../server/src/facts/metricFormats';
import { ComplianceHtmlRequest, ComplianceRequest, type ProgressParams } from '../../../server/src/protocol/requests';
import type { ComplianceResult } from '../../../server/src/protocol/previewReport';
import {
  asOfInstant, isAsOfMessage, isReadyMessage, isRevealMessage, isRevealMetricLineMessage, restoredPanelState, type PanelState, type ToWebviewMessage,
  isExplainWindowMessage, isOpenNoticeMessage,
} from '../../../server/src/protocol/webviewMessages';

const VIEW_TYPE = 'modelSla.preview';
const UPDATE_DELAY_MS = 300;


/** Set when a compliance preview opened: the walkthrough's preview step completes on it (not on the click). */
export const PREVIEW_OPENED_CONTEXT = 'modelSla.previewOpened';

function isSlaDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'model-sla' || /\.sla\.ya?ml$/i.test(document.uri.path);
}

/** Posts a message to the panel's webview (typed: protocol/webviewMessages.ts). */
function post(panel: vscode.WebviewPanel | undefined, message: ToWebviewMessage): void {
  void panel?.webview.postMessage(message);
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

export class PreviewManager implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: PanelState | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshWhenVisible = false;
  private lastResult: ComplianceResult | undefined;
  /** The SLA text or a metric file changed since `lastResult`: the view is marked stale while recomputing. */
  private outOfDate = false;
  /** The request in flight: a newer update cancels it (the server stops computing it). */
  private inFlight: vscode.CancellationTokenSource | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The SLA editor last active: the walkthrough (or any webview) in front still previews it. */
  private lastSlaUri: string | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: () => LanguageClient | undefined, private readonly log: vscode.LogOutputChannel) {
    const active = vscode.window.activeTextEditor?.document;
    if (active && isSlaDocument(active)) this.lastSlaUri = active.uri.toString();
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isSlaDocument(editor.document)) this.lastSlaUri = editor.document.uri.toString();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.toString() === this.lastSlaUri) this.lastSlaUri = undefined;
      }),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        // After a reload: the webview saved the previewed uri (and the chosen as-of) with setState.
        deserializeWebviewPanel: async (panel, saved: unknown) => {
          const state = restoredPanelState(saved);
          if (!state) { panel.dispose(); return; }
          this.attach(panel, state);
        },
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !this.panel || this.state?.locked || !isSlaDocument(editor.document)) return;
        if (editor.document.uri.toString() === this.state?.uri) return;
        this.state = { ...this.state!, uri: editor.document.uri.toString(), asOf: undefined };
        this.panel.title = this.title();
        this.refresh(true);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === this.state?.uri) { this.outOfDate = true; this.refresh(false); }
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (!this.panel || event.textEditor.document.uri.toString() !== this.state?.uri) return;
        const id = objectiveAt(event.textEditor.document, event.selections[0].active.line);
        if (id) post(this.panel, { type: 'highlight', objectiveId: id });
      }),
      // Metric files changed on disk: the server re-reads them (its cache checks size and mtime).
      // Every file is watched and the previewed SLA's linked files are picked out, so a metric file
      // whose name does not say its format (`requests.log` with `format: csv`) refreshes too.
      ...(() => {
        const watcher = vscode.workspace.createFileSystemWatcher('**/*');
        const changed = (uri: vscode.Uri) => {
          if (!this.panel || !this.isLinkedMetricFile(uri)) return;
          this.outOfDate = true;
          void this.refresh(false);
        };
        return [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
      })(),
      vscode.languages.onDidChangeDiagnostics((event) => {
        // Data findings arrive after the metric files were (re-)read: the report may have changed too.
        if (this.state && event.uris.some((u) => u.toString() === this.state!.uri)) this.refresh(false);
      }),
    );
  }

  /** A metric file of the previewed SLA (as the last report linked them), or before any report, any file named as a metric format. */
  private isLinkedMetricFile(uri: vscode.Uri): boolean {
    const linked = this.lastResult?.uri === this.state?.uri ? this.lastResult?.metricFiles : undefined;
    if (!linked) return formatOfExtension(uri.path) !== undefined;
    const text = uri.toString();
    return linked.some((files) => Object.values(files).some((u) => u === text || vscode.Uri.parse(u).toString() === text));
  }

  /** Opens (or reveals) the preview of `uri` (default: the active SLA editor), optionally at an objective. */
  async show(toSide: boolean, uri?: string, objectiveId?: string): Promise<void> {
    const target = uri ?? await this.pickTarget();
    if (!target) return;
    const column = toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (this.panel) {
      // Another file: at its latest data (the as-of control follows, see requestedAsOf).
      this.state = { ...this.state!, uri: target, asOf: target === this.state?.uri ? this.state.asOf : undefined };
      this.panel.reveal(column, toSide);
    } else {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Compliance', { viewColumn: column, preserveFocus: toSide }, this.options());
      this.attach(panel, { uri: target, locked: false });
    }
    this.panel!.title = this.title();
    await this.refresh(true);
    if (objectiveId) post(this.panel, { type: 'highlight', objectiveId });
  }

  /**
   * Which SLA to preview without an explicit uri: the active SLA editor, else the one last active
   * (the walkthrough or another webview may be in front), else a visible one; else the user picks
   * one of the workspace's SLA files, or is offered to create one.
   */
  private async pickTarget(): Promise<string | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (active && isSlaDocument(active)) return active.uri.toString();
    if (this.lastSlaUri) return this.lastSlaUri;
    const visible = vscode.window.visibleTextEditors.find((e) => isSlaDocument(e.document));
    if (visible) return visible.document.uri.toString();
    const files = await vscode.workspace.findFiles('**/*.{sla.yaml,sla.yml}', '**/node_modules/**', 200);
    if (files.length === 1) return files[0].toString();
    if (files.length > 1) {
      const items = files
        .map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f }))
        .sort((a, b) => a.label.localeCompare(b.label));
      const picked = await vscode.window.showQuickPick(items, { title: 'Compliance preview of which SLA file?', placeHolder: 'an SLA file of the workspace' });
      return picked?.uri.toString();
    }
    const create = 'New SLA File';
    const answer = await vscode.window.showInformationMessage('Model SLA: there is no SLA file (*.sla.yaml) to preview yet.', create);
    if (answer === create) await vscode.commands.executeCommand('modelSla.newSlaFile');
    return undefined;
  }

  /** Saves the previewed report (at the preview's as-of) as the CLI's self-contained HTML page. */
  async exportHtml(): Promise<void> {
    const uri = this.state?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    const client = this.client();
    if (!uri || !client?.isRunning()) {
      void vscode.window.showInformationMessage('Model SLA: open an SLA file and its preview to export a report.');
      return;
    }
    const result = await client.sendRequest(ComplianceHtmlRequest.type, { uri, asOf: this.state?.asOf });
    if (!result.html) {
      void vscode.window.showErrorMessage(`Model SLA: the report could not be computed: ${result.error ?? 'unknown error'}`);
      return;
    }
    const source = vscode.Uri.parse(uri);
    const target = await vscode.window.showSaveDialog({
      defaultUri: source.with({ path: source.path.replace(/\.sla\.ya?ml$/i, '.compliance.html') }),
      filters: { HTML: ['html'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.html));
    void vscode.window.showInformationMessage(`Model SLA: report saved to ${vscode.workspace.asRelativePath(target)}`);
  }

  /** The server is reading a large metric file for the previewed SLA. */
  /** The server stopped or is back (after a crash): show the error state, or fresh numbers. */
  serverAvailable(): void {
    if (this.panel) void this.refresh(true);
  }

  progress(p: ProgressParams): void {
    // Checked all the same: a notification's params are whatever the other side sent.
    if (!this.panel || p?.uri !== this.state?.uri || typeof p.metric !== 'string' || typeof p.fraction !== 'number') return;
    post(this.panel, { type: 'progress', uri: p.uri, metric: p.metric, fraction: p.fraction });
  }

  toggleLock(): void {
    if (!this.state) return;
    this.state.locked = !this.state.locked;
    if (this.panel) this.panel.title = this.title();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')], enableFindWidget: true };
  }

  private attach(panel: vscode.WebviewPanel, state: PanelState): void {
    this.panel = panel;
    this.state = state;
    panel.webview.options = this.options();
    panel.webview.html = this.html(panel.webview);
    panel.title = this.title();
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.state = undefined;
      if (this.liveTimer) clearTimeout(this.liveTimer);
      this.liveTimer = undefined;
    }, null, this.disposables);
    panel.onDidChangeViewState(() => {
      if (panel.visible && this.refreshWhenVisible) { this.refreshWhenVisible = false; void this.refresh(true); }
    }, null, this.disposables);
    void vscode.commands.executeCommand('setContext', PREVIEW_OPENED_CONTEXT, true);
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message), null, this.disposables);
    void this.refresh(true);
  }

  private title(): string {
    const name = this.state ? decodeURIComponent(this.state.uri.replace(/^.*\//, '')) : '';
    return `${this.state?.locked ? '[Locked] ' : ''}Compliance: ${name}`;
  }

  /**
   * Metrics a server holds move on without any event here: ask again after `ms` (the server reads
   * only what is new) while the panel is visible; a hidden panel asks when it is shown again.
   */
  private scheduleLiveRefresh(ms: number | undefined): void {
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    if (!ms || ms < 5_000) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = undefined;
      if (this.panel?.visible) void this.refresh(true);
      else this.refreshWhenVisible = true;
    }, ms);
  }

  /** Immediately (first render, explicit requests) or after a short pause (typing). */
  refresh(now: boolean): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (now) return this.update();
    this.timer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
    return Promise.resolve();
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    const state = this.state;
    const client = this.client();
    if (!panel || !state) return;
    if (!client?.isRunning()) {
      post(panel, { type: 'update', uri: state.uri, version: null, reports: this.lastResult?.reports ?? [], stale: true, error: 'The Model SLA language server is not running.' });
      return;
    }
    // Keep the current view, marked stale, while the server computes — only when something it was
    // computed from changed (a refresh after new diagnostics usually confirms the same numbers), and
    // never another file's report (the panel follows the active editor).
    if (this.lastResult && this.outOfDate && this.lastResult.uri === state.uri) post(panel, { type: 'update', ...this.lastResult, stale: true, requestedAsOf: state.asOf ?? null });
    this.outOfDate = false;
    this.inFlight?.cancel();
    const request = (this.inFlight = new vscode.CancellationTokenSource());
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(state.uri));
      if (!isSlaDocument(document)) return;
      const result = await client.sendRequest(ComplianceRequest.type, { uri: state.uri, asOf: state.asOf }, request.token);
      if (this.state?.uri !== state.uri) return;
      this.lastResult = result;
      post(panel, { type: 'update', ...result, stale: false, requestedAsOf: state.asOf ?? null });
      this.scheduleLiveRefresh(result.refreshMs);
    } catch (error) {
      // Cancelled by a newer update, or the document changed while the server computed (it then
      // answers ContentModified): the newer request brings the numbers; keep the view as it is.
      const code = (error as { code?: unknown } | undefined)?.code;
      if (request.token.isCancellationRequested || code === -32800 || code === -32801) return;
      this.log.error(`compliance preview: ${String(error)}`);
      post(panel, { type: 'update', uri: state.uri, version: null, reports: this.lastResult?.reports ?? [], stale: true, error: String(error) });
    } finally {
      if (this.inFlight === request) this.inFlight = undefined;
      request.dispose();
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!this.state) return;
    if (isReadyMessage(message)) {
      // A (re)loaded webview: send what we have at once, then fresh numbers.
      if (this.lastResult) post(this.panel, { type: 'update', ...this.lastResult, stale: true });
      await this.refresh(true);
      return;
    }
    if (isAsOfMessage(message)) {
      this.state.asOf = message.value ? asOfInstant(message.value) : undefined;
      await this.refresh(true);
      return;
    }
    if (isRevealMetricLineMessage(message)) {
      // Only a metric file the server resolved inside the workspace for this SLA.
      const target = this.lastResult?.metricFiles?.map((m) => m[message.metric]).find((u) => typeof u === 'string');
      if (!target) return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target));
      const position = new vscode.Position(Math.min(message.line - 1, document.lineCount - 1), 0);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
      return;
    }
    if (isExplainWindowMessage(message)) {
      // The previewed file only; an SLA name the previewed reports do not have is dropped.
      const sla = message.sla !== undefined && this.lastResult?.reports.some((r) => r.sla === message.sla) ? message.sla : undefined;
      await vscode.commands.executeCommand('modelSla.explainWindow', this.state.uri, message.objectiveId, message.windowLabel, sla, this.state.asOf);
      return;
    }
    if (isOpenNoticeMessage(message)) {
      const sla = message.sla !== undefined && this.lastResult?.reports.some((r) => r.sla === message.sla) ? message.sla : undefined;
      await vscode.commands.executeCommand('modelSla.openNotice', this.state.uri, message.windowLabel, message.objectiveId, sla, this.state.asOf);
      return;
    }
    if (isRevealMessage(message)) {
      // Only the previewed SLA file: the webview never chooses which file is opened.
      const uri = vscode.Uri.parse(this.state.uri);
      const document = await vscode.workspace.openTextDocument(uri);
      const line = objectiveLine(document, message.objectiveId);
      if (line === undefined) return;
      const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      const position = new vscode.Position(line, 0);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private html(webview: vscode.Webview): string {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'preview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'preview.css'));
    const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource}`, `script-src 'nonce-${n}'`, `font-src ${webview.cspSource}`].join('; ');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Compliance</title></head>
<body><main id="root" aria-live="polite"><p class="loading">Computing compliance…</p></main>
<script nonce="${n}" src="${script}"></script></body></html>`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The 0-based line of `- id: <objectiveId>` in the document. */
export function objectiveLine(document: vscode.TextDocument, objectiveId: string): number | undefined {
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    const match = /^\s*(?:-\s+)?id:\s*["']?([^"'#\s]+)/.exec(text);
    if (match && match[1] === objectiveId) return line;
  }
  return undefined;
}

/** The id of the objective whose block holds `line` (the nearest `- id:` above it). */
export function objectiveAt(document: vscode.TextDocument, line: number): string | undefined {
  for (let l = Math.min(line, document.lineCount - 1); l >= 0; l--) {
    const text = document.lineAt(l).text;
    const match = /^\s*-\s+id:\s*["']?([^"'#\s]+)/.exec(text);
    if (match) return match[1];
    if (/^(objectives|metrics|breach):/.test(text)) return undefined;
  }
  return undefined;
}
