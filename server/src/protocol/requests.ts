/**
 * The custom requests and notifications between the extension and the language server, one typed
 * `RequestType`/`NotificationType` each (as vscode-eslint's shared custom messages): the server
 * registers its handlers with these and the client sends with them, so a method name or a
 * parameter shape exists once and both sides are checked against it. `RequestType` comes from
 * vscode-languageserver-protocol (vscode-jsonrpc), which both `vscode-languageserver` and
 * `vscode-languageclient` re-export: the same classes on both sides. Not for the webview (it talks
 * to the extension by `postMessage`, see ./webviewMessages.ts; and it must not bundle jsonrpc).
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ComplianceResult } from './previewReport';
import type { ExplainParams, ExplainResult, NoticeParams, NoticeResult, StandingResult } from './standing';

/** `asOf`: an ISO instant (`2026-09-30T12:00:00Z`); absent = the report's default (spec §9). */
export interface ComplianceParams { uri: string; asOf?: string }

/** The §8 reports of an open SLA document, with the preview's fields (./previewReport.ts). */
export const ComplianceRequest = {
  method: 'modelSla/compliance',
  type: new RequestType<ComplianceParams, ComplianceResult, void>('modelSla/compliance'),
} as const;

/** `html`: the self-contained page of `model-sla report --format html`, null when not computed (`error` says why). */
export interface ComplianceHtmlResult { html: string | null; error?: string }

/** The previewed report as the CLI's HTML page (the preview's Export command). */
export const ComplianceHtmlRequest = {
  method: 'modelSla/complianceHtml',
  type: new RequestType<ComplianceParams, ComplianceHtmlResult, void>('modelSla/complianceHtml'),
} as const;

/** `uri`: the new file's (its name and folder shape the template); absent = the plain template. */
export interface NewSlaTemplateParams { uri?: string }
/** `snippet`: snippet text (`${1:…}` placeholders) for the new file, null when there is none. */
export interface NewSlaTemplateResult { snippet: string | null }

/** The text of a new SLA file (the New SLA File command): what completion offers in an empty file. */
export const NewSlaTemplateRequest = {
  method: 'modelSla/newSlaTemplate',
  type: new RequestType<NewSlaTemplateParams | undefined, NewSlaTemplateResult, void>('modelSla/newSlaTemplate'),
} as const;

/** The names under `servers:` in .model-sla.yaml (never an address, a header or a token). */
export interface ServerNamesResult { names: string[] }

/** client → server: the configured Prometheus servers' names (Set Server Token offers them). */
export const ServerNamesRequest = {
  method: 'modelSla/serverNames',
  type: new RequestType0<ServerNamesResult, void>('modelSla/serverNames'),
} as const;

/** `what`: the Prometheus rule file or the OpenSLO documents (spec §11) of the SLA document `uri`. */
export interface GenerateParams { uri: string; what: 'prometheus-rules' | 'openslo' }
/**
 * `text`: the generated file, null when the SLA has errors (SLA001–SLA004) that refuse it (`notes`
 * then lists them, "line:col code message"); `count`: rule groups or SLOs written (0: nothing the
 * rules could watch); `notes`: what was left out or carried in annotations, and why.
 */
export interface GenerateResult { text: string | null; count: number; notes: string[]; refused: boolean; error?: string }

/** client → server: Generate Prometheus Rules, Export as OpenSLO, and the rules regenerated on save. */
export const GenerateRequest = {
  method: 'modelSla/generate',
  type: new RequestType<GenerateParams, GenerateResult, void>('modelSla/generate'),
} as const;

/** `text`: an OpenSLO v1 file's text; `source`: its name, for the header and the notes. */
export interface ImportOpenSloParams { text: string; source: string }
/**
 * `text`: the SLA file (null when the input held no SLO or was not YAML: `notes` says why);
 * `servers`: the Prometheus servers its DataSources named, for .model-sla.yaml (`configured`: already there with that URL).
 */
export interface ImportOpenSloResult { text: string | null; objectives: number; notes: string[]; servers: { name: string; url: string; configured: boolean }[] }

/** client → server: Import OpenSLO File… (the client reads the file and writes the SLA where the user says). */
export const ImportOpenSloRequest = {
  method: 'modelSla/importOpenSlo',
  type: new RequestType<ImportOpenSloParams, ImportOpenSloResult, void>('modelSla/importOpenSlo'),
} as const;

/** How far a compliance request has read a metric file of `uri`: `fraction` in 0..1. */
export interface ProgressParams { uri: string; metric: string; fraction: number }

/** server → client, while a compliance request reads large metric files. */
export const ProgressNotification = {
  method: 'modelSla/progress',
  type: new NotificationType<ProgressParams>('modelSla/progress'),
} as const;

/** `trusted: true` is the only message (trust is never revoked within a session). */
export interface TrustParams { trusted: boolean }

/** client → server: the user trusted the workspace; the server starts reading metric files. */
export const TrustNotification = {
  method: 'modelSla/trust',
  type: new NotificationType<TrustParams>('modelSla/trust'),
} as const;

/** client → server: every SLA of the workspace and where its objectives stand (the Model SLA view). */
export const StandingRequest = {
  method: 'modelSla/standing',
  type: new RequestType0<StandingResult, void>('modelSla/standing'),
} as const;

/** server → client: SLA or metric files changed, the standing may have: ask again. */
export const StandingChangedNotification = {
  method: 'modelSla/standingChanged',
  type: new NotificationType<Record<string, never>>('modelSla/standingChanged'),
} as const;

/** client → server: explain one window of an objective (spec §8.1). */
export const ExplainRequest = {
  method: 'modelSla/explain',
  type: new RequestType<ExplainParams, ExplainResult, void>('modelSla/explain'),
} as const;

/** client → server: the notice of a window's final breaches, as Markdown (spec §8.2). */
export const NoticeRequest = {
  method: 'modelSla/notice',
  type: new RequestType<NoticeParams, NoticeResult, void>('modelSla/notice'),
} as const;

/** Every custom method, for tests and traces. */
export const CUSTOM_METHODS = [
  ComplianceRequest.method, ComplianceHtmlRequest.method, NewSlaTemplateRequest.method, ServerNamesRequest.method, GenerateRequest.method, ImportOpenSloRequest.method, ProgressNotification.method, TrustNotification.method,
  StandingRequest.method, StandingChangedNotification.method, ExplainRequest.method, NoticeRequest.method,
] as const;

/**
 * Not a message: the environment variable through which the extension hands the server the tokens
 * of Prometheus servers from VS Code's secret storage (`{"prod": "…"}`), read once at start. A
 * request or notification would show the token in the LSP trace.
 */
export const SERVER_TOKENS_ENV = 'MODEL_SLA_SERVER_TOKENS';
