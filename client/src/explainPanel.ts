/**
 * "Explain" (spec §8.1, issue 17): one window of an objective traced to the rows of data behind its
 * value, in a panel beside the editor — asked of the server (`modelSla/explain`), rendered by
 * explainModel.ts. One panel, reused; a newer request cancels the one in flight. Each evidence row
 * the server resolved to a workspace file is a link: the page posts which row (an index), and the
 * extension opens that file at the row's line — the page never names a file.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExplainRequest } from '../../server/src/protocol/requests';
import type { ExplainParams, ExplainResult } from '../../server/src/protocol/standing';
import { explainTitle, explanationHtml, isExplainPanelMessage, pendingHtml, restoredExplainParams, type ExplanationData } from './explainModel';
import { objectiveLine } from './preview/previewManager';

const VIEW_TYPE = 'modelSla.explain';

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

/** The 0-based line of objective `id` within the SLA named `sla` of a (multi-document) file. */
export function objectiveLineIn(document: vscode.TextDocument, id: string, sla?: string): number | undefined {
  if (sla) {
    const escaped = sla.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const name = new RegExp(`^\\s*(?:metadata:\\s*\\{.*\\b)?name:\\s*["']?${escaped}["']?\\s*[,}]?\\s*(#.*)?$`);
    for (let line = 0; line < document.lineCount; line++) {
      if (!name.test(document.lineAt(line).text)) continue;
      for (let l = line; l < document.lineCount; l++) {
        const text = document.lineAt(l).text;
        if (l > line && /^---\s*$/.test(text)) break;
        const match = /^\s*(?:-\s+)?id:\s*["']?([^"'#\s]+)/.exec(text);
        if (match && match[1] === id) return l;
      }
      break;
    }
  }
  return objectiveLine(document, id);
}

export class ExplainPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private params: ExplainParams | undefined;
  private explanation: ExplanationData | undefined;
  private inFlight: vscode.CancellationTokenSource | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      // After a reload: the page saved what it explained (setState); ask again once the server runs.
      deserializeWebviewPanel: async (panel, saved: unknown) => {
        const params = restoredExplainParams(saved);
        if (!params || this.panel) { panel.dispose(); return; }
        this.adopt(panel);
        this.params = params;
        panel.webview.html = pendingHtml(params, this.pageOptions(panel));
        for (let waited = 0; !this.client()?.isRunning() && waited < 60_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
        if (this.panel === panel && this.params === params) await this.explain(params);
      },
    }));
  }

  /** What the panel shows (the end-to-end tests read it). */
  get current(): { params: ExplainParams; explanation: ExplanationData | undefined; visible: boolean } | undefined {
    return this.params ? { params: this.params, explanation: this.explanation, visible: !!this.panel?.visible } : undefined;
  }

  /** Asks the server and shows the answer; an error is shown in the panel and as an error message. */
  async explain(params: ExplainParams): Promise<ExplainResult | undefined> {
    const client = this.client();
    if (!client?.isRunning()) {
      void vscode.window.showErrorMessage('Model SLA: the language server is not running; nothing can be explained.');
      return undefined;
    }
    const panel = this.ensurePanel();
    this.params = params;
    this.explanation = undefined;
    panel.title = explainTitle(params);
    panel.webview.html = pendingHtml(params, this.pageOptions(panel));
    this.inFlight?.cancel();
    const request = (this.inFlight = new vscode.CancellationTokenSource());
    try {
      const result = await client.sendRequest(ExplainRequest.type, params, request.token);
      if (this.inFlight !== request || this.panel !== panel) return result;
      if (!result.explanation) {
        // Why there is nothing to explain (no data, an unknown window) is an answer: said in the panel only.
        const error = result.error ?? 'no explanation';
        panel.webview.html = pendingHtml(params, this.pageOptions(panel), error);
        this.log.info(`explain ${params.objective} (${params.window}): ${error}`);
        return result;
      }
      this.explanation = result.explanation;
      panel.title = explainTitle(result.explanation);
      panel.webview.html = explanationHtml(result.explanation, this.pageOptions(panel));
      return result;
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (request.token.isCancellationRequested || code === -32800) return undefined;
      this.log.error(`explain ${params.objective} (${params.window}): ${String(error)}`);
      if (this.panel === panel) panel.webview.html = pendingHtml(params, this.pageOptions(panel), String(error));
      void vscode.window.showErrorMessage(`Model SLA: cannot explain ${params.objective} (${params.window}): ${String(error)}`);
      return undefined;
    } finally {
      if (this.inFlight === request) this.inFlight = undefined;
      request.dispose();
    }
  }

  /**
   * Opens evidence row `index` (of the evidence, or of the accuracy runs) at its line — only a file
   * the server resolved inside a workspace folder.
   */
  async openRow(kind: 'evidence' | 'run', index: number): Promise<vscode.TextEditor | undefined> {
    const x = this.explanation;
    if (!x) return undefined;
    const uris = kind === 'evidence' ? x.evidenceUris : x.runUris;
    const row = kind === 'evidence' ? x.evidence[index] : x.runs?.[index];
    const uri = uris?.[index];
    if (typeof uri !== 'string' || typeof row?.line !== 'number') return undefined;
    const target = vscode.Uri.parse(uri);
    if (target.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(target)) return undefined;
    const document = await vscode.workspace.openTextDocument(target);
    const line = Math.max(0, Math.min(row.line - 1, document.lineCount - 1));
    const position = new vscode.Position(line, 0);
    const range = new vscode.Range(position, document.lineAt(line).range.end);
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  /** Shows the explained objective in its SLA file. */
  async revealObjective(): Promise<void> {
    const params = this.params;
    if (!params) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(params.uri));
    const line = objectiveLineIn(document, params.objective, this.explanation?.sla ?? params.sla) ?? 0;
    const position = new vscode.Position(line, 0);
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(position, position) });
  }

  private pageOptions(panel: vscode.WebviewPanel) {
    return { nonce: nonce(), cspSource: panel.webview.cspSource, ...(this.params ? { state: this.params } : {}) };
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn, true);
      return this.panel;
    }
    // Beside the active group: the SLA, the preview or the metric file it was asked from stays in view.
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Explain', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true, enableFindWidget: true, localResourceRoots: [],
    });
    this.adopt(panel);
    return panel;
  }

  /** Makes `panel` the explanation panel (a new one, or one VS Code restored after a reload). */
  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = undefined;
        this.params = undefined;
        this.explanation = undefined;
        this.inFlight?.cancel();
      }
    }, null, this.disposables);
    panel.webview.onDidReceiveMessage(async (message: unknown) => {
      if (!isExplainPanelMessage(message)) return;
      try {
        if (message.type === 'revealObjective') await this.revealObjective();
        // Another segment of the same window (spec §12): the explanation's own window label, not `latest`.
        else if (message.type === 'segment') { if (this.params) await this.explain({ ...this.params, window: this.explanation?.window ?? this.params.window, segment: message.value }); }
        else await this.openRow(message.kind, message.index);
      } catch (error) {
        this.log.error(`explain panel: ${String(error)}`);
        void vscode.window.showErrorMessage(`Model SLA: ${String(error)}`);
      }
    }, null, this.disposables);
  }

  dispose(): void {
    this.inFlight?.cancel();
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
