/**
 * The VS Code side of Model SLA: starts the language server, and adds what an editor user expects
 * around it — settings, a restart command, an output channel with protocol trace and a language
 * status item. All SLA knowledge lives in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_FILE_EVENTS, SLA_SELECTOR } from './selector';
import { createStatusItem, type StatusItem } from './statusItem';
import { PreviewManager } from './preview/previewManager';
import { RestartPolicy, defaultReporter } from './restartPolicy';
import { createSlaFile } from './newSlaFile';
import { ruleDocUri } from './ruleDocs';
import { serverEnvironment, setServerToken } from './serverTokens';
import { generateCommand, importOpenSloCommand, regenerateOnSave } from './generate';
import { NewSlaTemplateRequest, NoticeRequest, ProgressNotification, ServerNamesRequest, StandingChangedNotification, TrustNotification } from '../../server/src/protocol/requests';
import type { ExplainParams, ExplainResult, NoticeParams, StandingResult } from '../../server/src/protocol/standing';
import { StandingView, revealNode } from './standingView';
import { ExplainPanel } from './explainPanel';
import { allObjectives, explainParamsOf, isStandingNode, slaAtLine, uriOf } from './standingModel';
import { objectiveAt } from './preview/previewManager';

let client: LanguageClient | undefined;
let status: StatusItem | undefined;


/** The commands the server's compliance lenses run (complianceLens.ts): an Explain lens goes beside each. */
const PREVIEW_LENS_COMMANDS = new Set(['modelSla.showPreview', 'modelSla.showPreviewToSide']);

/**
 * Beside each compliance lens of an objective (not an invalid one), "Explain": the latest window of
 * that objective explained (spec §8.1). Added here, from the server's lenses, so both stay on the
 * same objectives; the SLA of a multi-document file from the view's last answer.
 */
export function withExplainLenses(lenses: vscode.CodeLens[], standing: () => StandingResult | undefined): vscode.CodeLens[] {
  const out: vscode.CodeLens[] = [];
  for (const lens of lenses) {
    out.push(lens);
    const command = lens.command;
    const [uri, objective] = command?.arguments ?? [];
    if (!command || !PREVIEW_LENS_COMMANDS.has(command.command) || typeof uri !== 'string' || typeof objective !== 'string' || command.title.startsWith('⚠')) continue;
    const sla = slaAtLine(standing(), uri, lens.range.start.line)?.name;
    out.push(new vscode.CodeLens(lens.range, {
      title: 'Explain',
      tooltip: `Explain the latest window of ${objective}: the rank, the counts and the rows of data behind its value`,
      command: 'modelSla.explainWindow',
      arguments: [uri, objective, 'latest', sla],
    }));
  }
  return out;
}

async function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, trace: vscode.LogOutputChannel, errorHandler: RestartPolicy, standing: () => StandingResult | undefined): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  // Tokens for Prometheus servers go in the server's environment, never in a message (serverTokens.ts).
  const env = await serverEnvironment(context.secrets);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { env } },
    debug: { module, transport: TransportKind.stdio, options: { env, execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SLA_SELECTOR,
    outputChannel: output,
    traceOutputChannel: trace,
    // Crashes: restarted a bounded number of times, and the user is told each time (restartPolicy.ts).
    errorHandler,
    synchronize: {
      configurationSection: 'modelSla',
      // Other SLA files (cross-file findings) and the shared `.model-sla.yaml` configuration.
      fileEvents: vscode.workspace.createFileSystemWatcher(SERVER_FILE_EVENTS),
    },
    // Workspace Trust: untrusted, the server validates SLA files but reads no metric file.
    initializationOptions: { settings: vscode.workspace.getConfiguration('modelSla'), trusted: vscode.workspace.isTrusted },
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses ? withExplainLenses(lenses, standing) : lenses;
      },
    },
  };
  return new LanguageClient('modelSla', 'Model SLA Language Server', serverOptions, clientOptions);
}

/** What `activate` returns: read by the end-to-end tests (and by anyone measuring startup). */
export interface ModelSlaApi {
  /** Milliseconds from the start of `activate` until the language server answered `initialize`. */
  readonly activationMs: number;
  /** The Model SLA view (its tree, badge and status bar item): read by the end-to-end tests. */
  readonly standing: StandingView;
  /** The explanation panel: read by the end-to-end tests. */
  readonly explain: ExplainPanel;
}

export async function activate(context: vscode.ExtensionContext): Promise<ModelSlaApi> {
  const activationStarted = Date.now();
  const output = vscode.window.createOutputChannel('Model SLA', { log: true });
  const trace = vscode.window.createOutputChannel('Model SLA (trace)', { log: true });
  status = createStatusItem();
  context.subscriptions.push(output, trace, status);

  const restartPolicy = new RestartPolicy(defaultReporter(output, (state, detail) => status?.set(state, detail)));
  // The Model SLA view and its status bar item; the explanation panel (issue 17).
  const standing = new StandingView(() => client, output);
  const explainPanel = new ExplainPanel(() => client, output);
  context.subscriptions.push(standing, explainPanel);
  const start = async () => {
    client = await createClient(context, output, trace, restartPolicy, () => standing.standing);
    status?.set('starting');
    // After a crash the client restarts the server by itself: the status, the preview and the view follow it.
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) { status?.set('running'); preview.serverAvailable(); standing.schedule(0); }
      else if (event.newState === State.Stopped) { preview.serverAvailable(); standing.serverStopped(); }
    });
    try {
      await client.start();
      client.onNotification(ProgressNotification.type, (p) => preview.progress(p));
      client.onNotification(StandingChangedNotification.type, () => standing.schedule());
      standing.schedule(0);
      status?.set('running');
    } catch (error) {
      status?.set('failed', String(error));
      standing.serverStopped();
      output.error(`The Model SLA language server failed to start: ${String(error)}`);
      void vscode.window.showErrorMessage('Model SLA: the language server failed to start. See the "Model SLA" output.', 'Show Output')
        .then((choice) => { if (choice) output.show(); });
    }
  };

  const restart = async () => {
    output.info('Restarting the language server');
    restartPolicy.reset();
    if (client) {
      try { await client.stop(); } catch (error) { output.warn(`stopping the server: ${String(error)}`); }
      client = undefined;
    }
    await start();
    void vscode.window.setStatusBarMessage('Model SLA: language server restarted', 3000);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('modelSla.restartServer', restart),
    vscode.commands.registerCommand('modelSla.setServerToken', async () => {
      // The configured servers' names (never their addresses or tokens) from the running server.
      const names = client?.isRunning() ? (await client.sendRequest(ServerNamesRequest.type).catch(() => ({ names: [] }))).names : [];
      if (await setServerToken(context.secrets, names)) await restart();
    }),
    vscode.commands.registerCommand('modelSla.showOutput', () => output.show()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => { void client?.sendNotification(TrustNotification.type, { trusted: true }); standing.schedule(); }),
    // Sent by the server's "Show documentation for SLAxxx" quick fix: the rule page shipped in the
    // extension (docs/rules/), in VS Code's markdown preview.
    vscode.commands.registerCommand('modelSla.showRuleDocs', async (code: unknown) => {
      const page = ruleDocUri(context.extensionUri, code);
      if (!page) { output.warn(`no documentation page for ${String(code)}`); return; }
      try {
        await vscode.workspace.fs.stat(page);
      } catch {
        output.warn(`no documentation page for ${String(code)}: ${page.fsPath} is missing`);
        return;
      }
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
    // What the SLA drives (spec §11): rules and OpenSLO beside the SLA, OpenSLO imported as an SLA.
    vscode.commands.registerCommand('modelSla.generatePrometheusRules', (uri?: unknown) => generateCommand('prometheus-rules', uri, client, output)),
    vscode.commands.registerCommand('modelSla.exportOpenSlo', (uri?: unknown) => generateCommand('openslo', uri, client, output)),
    vscode.commands.registerCommand('modelSla.importOpenSlo', (uri?: unknown, to?: unknown) => importOpenSloCommand(uri, to, client, output)),
    vscode.workspace.onDidSaveTextDocument((document) => { void regenerateOnSave(document, client, output).catch((error) => output.error(`regenerating rules: ${String(error)}`)); }),
    vscode.commands.registerCommand('modelSla.newSlaFile', () => createSlaFile(async (uri) =>
      client?.isRunning() ? (await client.sendRequest(NewSlaTemplateRequest.type, { uri: uri?.toString() })).snippet ?? undefined : undefined)),
  );
  const preview = new PreviewManager(context, () => client, output);
  context.subscriptions.push(
    preview,
    vscode.commands.registerCommand('modelSla.showPreview', (uri?: unknown, objectiveId?: unknown) =>
      preview.show(false, typeof uri === 'string' ? uri : undefined, typeof objectiveId === 'string' ? objectiveId : undefined)),
    vscode.commands.registerCommand('modelSla.showPreviewToSide', (uri?: unknown, objectiveId?: unknown) =>
      preview.show(true, typeof uri === 'string' ? uri : undefined, typeof objectiveId === 'string' ? objectiveId : undefined)),
    vscode.commands.registerCommand('modelSla.togglePreviewLock', () => preview.toggleLock()),
    vscode.commands.registerCommand('modelSla.exportReport', () => preview.exportHtml()),
    // The Model SLA view.
    vscode.commands.registerCommand('modelSla.standing.refresh', () => standing.refresh(true)),
    vscode.commands.registerCommand('modelSla.standing.showOnlyBreached', () => standing.setOnlyBreached(true)),
    vscode.commands.registerCommand('modelSla.standing.showAll', () => standing.setOnlyBreached(false)),
    vscode.commands.registerCommand('modelSla.standing.reveal', (node?: unknown) => (isStandingNode(node) ? revealNode(node) : undefined)),
    vscode.commands.registerCommand('modelSla.standing.openPreview', (node?: unknown) => {
      if (!isStandingNode(node) || node.kind === 'folder') return undefined;
      return preview.show(false, uriOf(node), node.kind === 'objective' ? node.objective.id : undefined);
    }),
    // Explain a window (spec §8.1): from the view (a node), a code lens, the preview (uri, objective,
    // window, sla, asOf), or the palette (the objective at the cursor, else one picked).
    vscode.commands.registerCommand('modelSla.explainWindow', async (target?: unknown, objective?: unknown, window?: unknown, sla?: unknown, asOf?: unknown): Promise<ExplainResult | undefined> => {
      let params: ExplainParams | undefined;
      if (isStandingNode(target)) {
        if (target.kind !== 'objective') return undefined;
        params = explainParamsOf(target);
      } else if ((typeof target === 'string' || target instanceof vscode.Uri) && typeof objective === 'string') {
        params = {
          uri: target.toString(), objective, window: typeof window === 'string' && window ? window : 'latest',
          ...(typeof sla === 'string' && sla ? { sla } : {}), ...(typeof asOf === 'string' && asOf ? { asOf } : {}),
        };
      } else {
        params = await pickObjectiveToExplain(standing.standing);
      }
      return params ? explainPanel.explain(params) : undefined;
    }),
    // The notice of a window's final breach (spec §8.2) as an untitled Markdown document: from the
    // preview's obligations (uri, window, objective, sla, asOf) or the palette (asked for).
    vscode.commands.registerCommand('modelSla.openNotice', async (target?: unknown, window?: unknown, objective?: unknown, sla?: unknown, asOf?: unknown): Promise<vscode.TextDocument | undefined> => {
      const c = client;
      if (!c?.isRunning()) { void vscode.window.showErrorMessage('Model SLA: the language server is not running; no notice can be written.'); return undefined; }
      const uri = typeof target === 'string' ? target : target instanceof vscode.Uri ? target.toString() : vscode.window.activeTextEditor?.document.uri.toString();
      let label = typeof window === 'string' && window ? window : undefined;
      if (!uri) return undefined;
      let chosenObjective = typeof objective === 'string' && objective ? objective : undefined;
      let chosenSla = typeof sla === 'string' && sla ? sla : undefined;
      if (!label) {
        // From the palette: a pick list of the file's final breaches (the server knows them).
        const listed = await c.sendRequest(NoticeRequest.type, { uri, window: '' });
        const breaches = listed.finalBreaches ?? [];
        if (!breaches.length) { void vscode.window.showInformationMessage(`Model SLA: ${listed.error ?? 'no final breach: nothing to notify'}.`); return undefined; }
        const picked = await vscode.window.showQuickPick(breaches.map((b) => ({ label: `${b.objective} · ${b.window}`, description: b.sla, detail: `final ${b.finalAt}`, breach: b })), { title: 'Model SLA: open the notice of a breach', placeHolder: 'A final breach' });
        if (!picked) return undefined;
        label = picked.breach.window;
        chosenObjective = picked.breach.objective;
        chosenSla = picked.breach.sla;
      }
      const params: NoticeParams = {
        uri, window: label, ...(chosenObjective ? { objective: chosenObjective } : {}),
        ...(chosenSla ? { sla: chosenSla } : {}), ...(typeof asOf === 'string' && asOf ? { asOf } : {}),
      };
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Model SLA: writing the notice' }, () => c.sendRequest(NoticeRequest.type, params));
      if (result.markdown === null) {
        output.info(`notice ${label}: ${result.error ?? 'none'}`);
        void vscode.window.showInformationMessage(`Model SLA: no notice for ${label}: ${result.error ?? 'nothing to notify'}`);
        return undefined;
      }
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
      await vscode.window.showTextDocument(document, { preview: false });
      return document;
    }),
  );
  await start();
  const activationMs = Date.now() - activationStarted;
  output.info(`Activated in ${activationMs} ms (language server started and initialized)`);
  return { activationMs, standing, explain: explainPanel };
}

/** Explain without arguments: the objective at the cursor of the active SLA editor, else one picked from the view's last answer. */
async function pickObjectiveToExplain(standing: StandingResult | undefined): Promise<ExplainParams | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && (editor.document.languageId === 'model-sla' || /\.sla\.ya?ml$/i.test(editor.document.uri.path))) {
    const line = editor.selection.active.line;
    const id = objectiveAt(editor.document, line);
    const uri = editor.document.uri.toString();
    if (id) {
      const sla = slaAtLine(standing, uri, line)?.name;
      return { uri, objective: id, window: 'latest', ...(sla ? { sla } : {}) };
    }
  }
  const items = allObjectives(standing).filter((x) => x.objective.status !== 'unknown').map((x) => ({
    label: x.objective.id,
    description: `${x.sla.name} · ${x.file.path}`,
    detail: x.objective.description,
    params: { uri: x.file.uri, objective: x.objective.id, window: 'latest', sla: x.sla.name } satisfies ExplainParams,
  }));
  if (!items.length) {
    void vscode.window.showInformationMessage('Model SLA: there is no computed objective to explain (open an SLA file, or see the Model SLA view).');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Explain the latest window of which objective?', matchOnDescription: true, matchOnDetail: true });
  return picked?.params;
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
