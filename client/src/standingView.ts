/**
 * The Model SLA view (issue 17): where every objective of the workspace's SLAs stands, as a tree in
 * its own activity-bar container — folder → SLA file → SLA → objective (standingModel.ts builds it
 * from the server's `modelSla/standing` answer) — with a badge of the breached objectives, an
 * "only breached" filter, and a status bar item that summarises and focuses the view. The server
 * computes the answer from its cached reports in time slices; here the request is only ever awaited
 * off the tree's rendering path (the last answer is shown until the next arrives), a newer request
 * cancels the older, and `modelSla/standingChanged` asks again after a short pause.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StandingRequest } from '../../server/src/protocol/requests';
import type { StandingResult } from '../../server/src/protocol/standing';
import {
  STATUS_WORDS, childrenOf, contextValueOf, fileLabel, lineOf, markdownText, objectiveTooltip, slaDescription, slaTooltip, standingBadge,
  standingTree, statusBarSummary, statusIcon, updateInPlace, uriOf, viewMessage, type StandingNode,
} from './standingModel';

export const VIEW_ID = 'modelSla.standing';
export const ONLY_BREACHED_CONTEXT = 'modelSla.standing.onlyBreached';
/** `loading` (no answer yet), `empty` (no SLA file: the welcome), `ready`, `serverDown` (no server, no answer). */
export const STATE_CONTEXT = 'modelSla.standing.state';
const CHANGE_DELAY_MS = 300;

export class StandingView implements vscode.TreeDataProvider<StandingNode>, vscode.Disposable {
  private result: StandingResult | undefined;
  private roots: StandingNode[] = [];
  private parents = new Map<string, StandingNode>();
  private onlyBreached = false;
  /** The answer shown, as JSON: an identical answer does not redraw the tree. */
  private shownText = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: vscode.CancellationTokenSource | undefined;
  /** The first answer: the tree's first getChildren waits for it (VS Code shows its progress bar). */
  private first: { promise: Promise<void>; resolve: () => void };
  private readonly changeEmitter = new vscode.EventEmitter<StandingNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly refreshedEmitter = new vscode.EventEmitter<StandingResult>();
  /** Each new answer shown (the end-to-end tests wait for it). */
  readonly onDidRefresh = this.refreshedEmitter.event;
  readonly view: vscode.TreeView<StandingNode>;
  readonly statusItem: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined, private readonly log: vscode.LogOutputChannel) {
    let resolve!: () => void;
    this.first = { promise: new Promise<void>((r) => { resolve = r; }), resolve };
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.statusItem = vscode.window.createStatusBarItem('modelSla.standing', vscode.StatusBarAlignment.Left, 10);
    this.statusItem.name = 'Model SLA Standing';
    this.statusItem.command = { title: 'Show the Model SLA view', command: `${VIEW_ID}.focus` };
    this.disposables.push(
      this.view, this.statusItem, this.changeEmitter, this.refreshedEmitter,
      // Shown again: ask again (cheap: the server's reports are cached), the last answer meanwhile.
      this.view.onDidChangeVisibility((event) => { if (event.visible) this.schedule(); }),
    );
    void vscode.commands.executeCommand('setContext', ONLY_BREACHED_CONTEXT, false);
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, 'loading');
  }

  /** The last answer (the end-to-end tests read it). */
  get standing(): StandingResult | undefined {
    return this.result;
  }

  get filtered(): boolean {
    return this.onlyBreached;
  }

  // --- TreeDataProvider

  async getChildren(node?: StandingNode): Promise<StandingNode[]> {
    if (node) return childrenOf(node);
    // Until the first answer the tree waits (with VS Code's progress bar); later answers replace the shown one.
    if (!this.result) await Promise.race([this.first.promise, new Promise((r) => setTimeout(r, 30_000))]);
    return this.roots;
  }

  getParent(node: StandingNode): StandingNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: StandingNode): vscode.TreeItem {
    const expanded = vscode.TreeItemCollapsibleState.Expanded;
    const none = vscode.TreeItemCollapsibleState.None;
    let item: vscode.TreeItem;
    switch (node.kind) {
      case 'folder': {
        item = new vscode.TreeItem(node.folder.name, node.children.length ? expanded : none);
        item.resourceUri = vscode.Uri.parse(node.folder.uri);
        item.iconPath = vscode.ThemeIcon.Folder;
        break;
      }
      case 'file': {
        const { label, description } = fileLabel(node.file);
        // No resourceUri: its decorations would add the Problems count next to the breached count.
        item = new vscode.TreeItem(label, node.children.length ? expanded : none);
        item.description = description;
        if (node.file.problem) {
          item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
          item.tooltip = new vscode.MarkdownString(`**${markdownText(node.file.path)}**\n\n${markdownText(node.file.problem)}`);
        } else {
          item.iconPath = vscode.ThemeIcon.File;
          item.tooltip = node.file.path;
        }
        break;
      }
      case 'sla': {
        item = new vscode.TreeItem(node.sla.name, node.children.length ? expanded : none);
        item.description = slaDescription(node.sla);
        item.tooltip = new vscode.MarkdownString(slaTooltip(node.sla));
        item.iconPath = new vscode.ThemeIcon('law');
        break;
      }
      case 'objective': {
        const o = node.objective;
        const icon = statusIcon(o.status);
        item = new vscode.TreeItem(o.id, none);
        // What the latest final breach obliges, in short (the tooltip has it in full).
        item.description = o.owed ? `${o.description} · ${o.owed.window} owes: ${o.owed.text}` : o.description;
        item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
        item.tooltip = new vscode.MarkdownString(objectiveTooltip(node));
        item.accessibilityInformation = { label: `${o.id}: ${STATUS_WORDS[o.status] ?? o.status}. ${o.description}`, role: 'treeitem' };
        break;
      }
    }
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    const line = lineOf(node);
    // Objectives (and SLAs) reveal themselves on click; files and folders expand.
    if (line !== undefined && (node.kind === 'objective' || (node.kind === 'sla' && !node.children.length) || (node.kind === 'file' && !node.children.length))) {
      item.command = { title: 'Reveal in the SLA file', command: 'modelSla.standing.reveal', arguments: [node] };
    }
    return item;
  }

  // --- refreshing

  /** After a short pause (notifications, the view shown again): bursts of changes make one request. */
  schedule(delayMs = CHANGE_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.refresh(); }, delayMs);
  }

  /**
   * Asks the server now; resolves when the answer is shown (or the request was superseded or failed).
   * `progress`: the view's progress bar (the first answer, the Refresh button) — not for the
   * refreshes after each change, which would make the activity bar's icon flicker while typing.
   */
  async refresh(progress = false): Promise<StandingResult | undefined> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const client = this.client();
    // Not running yet (starting: the Running state schedules a refresh) or stopped (serverStopped said so).
    if (!client?.isRunning()) return undefined;
    this.inFlight?.cancel();
    const request = (this.inFlight = new vscode.CancellationTokenSource());
    try {
      const ask = () => client.sendRequest(StandingRequest.type, request.token);
      const result = progress || !this.result ? await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, ask) : await ask();
      if (request.token.isCancellationRequested) return undefined;
      this.show(result);
      return result;
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (request.token.isCancellationRequested || code === -32800) return undefined;
      this.log.error(`Model SLA view: ${String(error)}`);
      if (!this.result) {
        this.view.message = `The standing could not be computed: ${String(error)}`;
        void vscode.commands.executeCommand('setContext', STATE_CONTEXT, 'ready');
      }
      this.first.resolve();
      return undefined;
    } finally {
      if (this.inFlight === request) this.inFlight = undefined;
      request.dispose();
    }
  }

  /** The language server stopped: keep the last answer; with none, the welcome says so. */
  serverStopped(): void {
    this.inFlight?.cancel();
    if (!this.result) void vscode.commands.executeCommand('setContext', STATE_CONTEXT, 'serverDown');
    this.first.resolve();
  }

  setOnlyBreached(value: boolean): void {
    this.onlyBreached = value;
    void vscode.commands.executeCommand('setContext', ONLY_BREACHED_CONTEXT, value);
    this.rebuild();
  }

  private show(result: StandingResult): void {
    // The same answer again (a change that moved no number): nothing to redraw.
    const text = JSON.stringify(result);
    const same = text === this.shownText;
    this.result = result;
    this.shownText = text;
    if (!same) this.rebuild();
    const summary = statusBarSummary(result);
    if (summary) {
      this.statusItem.text = summary.text;
      this.statusItem.tooltip = summary.tooltip;
      this.statusItem.accessibilityInformation = { label: summary.text.replace(/^\$\([\w-]+\)\s*/, ''), role: 'button' };
      this.statusItem.show();
    } else {
      this.statusItem.hide();
    }
    const empty = result.folders.every((f) => f.files.length === 0);
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, empty ? 'empty' : 'ready');
    this.first.resolve();
    this.refreshedEmitter.fire(result);
  }

  private rebuild(): void {
    const next = standingTree(this.result, { onlyBreached: this.onlyBreached });
    this.view.badge = standingBadge(this.result);
    this.view.message = viewMessage(this.result, { onlyBreached: this.onlyBreached });
    this.view.description = this.onlyBreached ? 'only breached' : undefined;
    // The same nodes: redraw only those whose text changed (a redrawn node's old click would fail).
    const changed = updateInPlace(this.roots, next);
    if (changed) {
      for (const node of changed) this.changeEmitter.fire(node);
      return;
    }
    this.roots = next;
    this.parents.clear();
    const walk = (node: StandingNode) => { for (const child of childrenOf(node)) { this.parents.set(child.id, node); walk(child); } };
    for (const root of this.roots) walk(root);
    this.changeEmitter.fire();
  }

  /** The nodes shown (the filter applied), for the tests: the roots and, below, their children. */
  nodes(): StandingNode[] {
    return this.roots;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.inFlight?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}

/** Opens a node's SLA file at its line (an objective: its `id`), the cursor there. */
export async function revealNode(node: StandingNode): Promise<vscode.TextEditor | undefined> {
  const line = lineOf(node);
  if (line === undefined) return undefined;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriOf(node)));
  const at = Math.max(0, Math.min(line, document.lineCount - 1));
  const position = new vscode.Position(at, document.lineAt(at).firstNonWhitespaceCharacterIndex);
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
