// A small LSP test client: spawns the BUNDLED language server (`node dist/server.js --stdio`) and
// talks to it over stdio with vscode-languageserver-protocol, like an editor would. It answers the
// server's own requests (`workspace/configuration`, `client/registerCapability`), records every
// publishDiagnostics and logMessage, and lets tests wait for the notification they expect, with a
// timeout that fails the test instead of a sleep.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = join(__dirname, '..', '..');
export const serverPath = join(repoRoot, 'dist', 'server.js');

/** Default time a test waits for something the server must send. */
export const TIMEOUT_MS = 10_000;

/** Rejects with a descriptive error after `ms`, unless `promise` settles first. */
export function withTimeout<T>(promise: Promise<T>, what: string, ms = TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    definition: { linkSupport: false },
    documentLink: { tooltipSupport: true },
  },
};

interface DiagnosticsWaiter {
  uri: string;
  predicate: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every window/logMessage and window/showMessage received. */
  readonly logs: LogMessageParams[] = [];
  /** Sections asked for with workspace/configuration. */
  readonly configurationRequests: unknown[] = [];
  /**
   * The client's settings by section, answered to workspace/configuration; a section without an
   * entry is answered with `{}` (the server's defaults).
   */
  settings: Record<string, unknown> = {};
  /** Methods the server registered with client/registerCapability. */
  readonly registrations: string[] = [];
  private readonly registrationWaiters: { method: string; predicate: (options: unknown) => boolean; resolve: (options: unknown) => void }[] = [];
  /** Every dynamic registration's `registerOptions`, by method. */
  readonly registrationOptions: { method: string; options: unknown }[] = [];
  /** Resolves at the server's first workspace/configuration request. */
  readonly firstConfigurationRequest: Promise<void>;
  private configurationRequested!: () => void;
  stderr = '';
  private readonly waiters: DiagnosticsWaiter[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(readonly proc: ChildProcessWithoutNullStreams) {
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve({ code, signal });
      });
    });
    this.firstConfigurationRequest = new Promise((resolve) => { this.configurationRequested = resolve; });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => { this.stderr += chunk; });
    this.connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    // Once the process is gone, writes fail; tests see that through exitInfo, not as noise here.
    this.connection.onError(() => undefined);
    this.connection.onClose(() => undefined);
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(...params.items.map((i) => i.section));
      this.configurationRequested();
      return params.items.map((i) => (i.section !== undefined && i.section in this.settings ? this.settings[i.section] : {}));
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
      this.registrationOptions.push(...params.registrations.map((r) => ({ method: r.method, options: r.registerOptions })));
      for (const waiter of [...this.registrationWaiters]) {
        const found = params.registrations.find((r) => r.method === waiter.method && waiter.predicate(r.registerOptions));
        if (found) { this.registrationWaiters.splice(this.registrationWaiters.indexOf(waiter), 1); waiter.resolve(found.registerOptions); }
      }
      return undefined;
    });
    this.connection.onNotification(LogMessageNotification.type, (p) => { this.logs.push(p); });
    this.connection.onNotification(ShowMessageNotification.type, (p) => { this.logs.push(p); });
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === p.uri && w.predicate(p)) {
          this.waiters.splice(i, 1);
          w.resolve(p);
        }
      }
    });
    this.connection.listen();
  }

  /** Spawns the bundled server and completes the initialize / initialized handshake. */
  static async start(options: { rootUri?: string | null; initializationOptions?: unknown; capabilities?: ClientCapabilities; settings?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<{ client: LspClient; init: InitializeResult }> {
    const proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
    const client = new LspClient(proc);
    if (options.settings) client.settings = options.settings;
    const init = await withTimeout(
      client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'model-sla-protocol-tests', version: '0' },
        rootUri: options.rootUri ?? null,
        workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'workspace' }] : null,
        capabilities: options.capabilities ?? CLIENT_CAPABILITIES,
        initializationOptions: options.initializationOptions,
      }),
      'the initialize response',
    );
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, init };
  }

  get exitStatus() {
    return this.exitInfo;
  }

  /**
   * The first publishDiagnostics for `uri` that satisfies `predicate`, already received or still
   * to come. Tests pass a version predicate so an older publication never answers a newer question.
   */
  diagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, what = `diagnostics for ${uri}`): Promise<PublishDiagnosticsParams> {
    const seen = this.published.find((p) => p.uri === uri && predicate(p));
    if (seen) return Promise.resolve(seen);
    let waiter: DiagnosticsWaiter | undefined;
    const promise = new Promise<PublishDiagnosticsParams>((resolve) => {
      waiter = { uri, predicate, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(promise, what).finally(() => {
      const i = waiter ? this.waiters.indexOf(waiter) : -1;
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }

  /** Diagnostics published for `version` of `uri` or a later one. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.diagnostics(uri, (p) => p.version === undefined || p.version >= version, `diagnostics for ${uri} at version ≥ ${version}`);
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /**
   * Many tests open the same SLA text under different URIs; SLA names are unique in the workspace
   * (SLA004), so with `uniqueNames` each opened document's `name: X` gets a same-length variant
   * (ranges stay as in the text the test holds), except for the first document opened.
   */
  uniqueNames = false;
  private opened = 0;

  /** The options of the first (past or future) dynamic registration of `method` that satisfies `predicate`. */
  registered(method: string, predicate: (options: unknown) => boolean, what: string): Promise<unknown> {
    const past = this.registrationOptions.find((r) => r.method === method && predicate(r.options));
    if (past) return Promise.resolve(past.options);
    return withTimeout(new Promise((resolve) => { this.registrationWaiters.push({ method, predicate, resolve }); }), what);
  }

  async open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    const n = this.opened++;
    const sent = this.uniqueNames && n > 0 ? text.replace(/^(  name: \S*?)(\S{3})$/gm, (_m, head: string) => `${head}${n.toString(36).padStart(3, '0').slice(-3)}`) : text;
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text: sent } });
  }

  /** Opens a document and waits for its first diagnostics. */
  async openAndWait(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<PublishDiagnosticsParams> {
    const published = this.diagnosticsFor(uri, version);
    await this.open(uri, text, version, languageId);
    return published;
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Resolves with how the server process ended (bounded by the default timeout). */
  waitForExit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return withTimeout(this.exited, 'the server process to exit');
  }

  /** shutdown → exit; resolves with how the process ended. */
  async shutdownAndExit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 'the shutdown response');
    await this.connection.sendNotification(ExitNotification.type);
    return this.waitForExit();
  }

  /** Last resort for a test that failed half-way: never leaves a server process behind. */
  dispose(): void {
    this.connection.dispose();
    if (!this.exitInfo) this.proc.kill();
  }
}

/** `file://` URI of a path. */
export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}
