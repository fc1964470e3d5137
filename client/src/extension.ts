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
import { NewSlaTemplateRequest, ProgressNotification, ServerNamesRequest, TrustNotification } from '../../server/src/protocol/requests';

let client: LanguageClient | undefined;
let status: StatusItem | undefined;


async function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, trace: vscode.LogOutputChannel, errorHandler: RestartPolicy): Promise<LanguageClient> {
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
  };
  return new LanguageClient('modelSla', 'Model SLA Language Server', serverOptions, clientOptions);
}

/** What `activate` returns: read by the end-to-end tests (and by anyone measuring startup). */
export interface ModelSlaApi {
  /** Milliseconds from the start of `activate` until the language server answered `initialize`. */
  readonly activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<ModelSlaApi> {
  const activationStarted = Date.now();
  const output = vscode.window.createOutputChannel('Model SLA', { log: true });
  const trace = vscode.window.createOutputChannel('Model SLA (trace)', { log: true });
  status = createStatusItem();
  context.subscriptions.push(output, trace, status);

  const restartPolicy = new RestartPolicy(defaultReporter(output, (state, detail) => status?.set(state, detail)));
  const start = async () => {
    client = await createClient(context, output, trace, restartPolicy);
    status?.set('starting');
    // After a crash the client restarts the server by itself: the status and the preview follow it.
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) { status?.set('running'); preview.serverAvailable(); }
      else if (event.newState === State.Stopped) preview.serverAvailable();
    });
    try {
      await client.start();
      client.onNotification(ProgressNotification.type, (p) => preview.progress(p));
      status?.set('running');
    } catch (error) {
      status?.set('failed', String(error));
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
    vscode.workspace.onDidGrantWorkspaceTrust(() => { void client?.sendNotification(TrustNotification.type, { trusted: true }); }),
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
  );
  await start();
  const activationMs = Date.now() - activationStarted;
  output.info(`Activated in ${activationMs} ms (language server started and initialized)`);
  return { activationMs };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
