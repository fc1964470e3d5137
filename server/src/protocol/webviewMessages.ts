/**
 * The messages between the extension and the compliance preview's webview (`postMessage`), both
 * directions, as the markdown preview types its messaging; and the validators the extension runs on
 * what the webview posts (a webview is untrusted: every field checked). The webview validates what
 * it receives itself (client/src/preview/webview/validate.ts), against these types.
 * No imports but types: the webview bundle may use this file (esbuild.mjs refuses Node and LSP
 * imports in its graph).
 */
import type { PreviewReport } from './previewReport';

// ---------------------------------------------------------------------------------------------
// extension → webview

/** The report to show (`stale`: out of date, a newer one is being computed). */
export interface UpdateMessage {
  type: 'update';
  uri: string;
  version: number | null;
  reports: PreviewReport[];
  /** Per report: metric id → file URI (the extension uses it; the webview ignores it). */
  metricFiles?: Record<string, string>[];
  stale?: boolean;
  error?: string;
  /**
   * The instant the extension asked for (ISO), null for the latest data; absent when the sender
   * does not say. The as-of control follows it (another file previewed = latest data again).
   */
  requestedAsOf?: string | null;
}

/** Mark the objective the editor's cursor is in (null: none). */
export interface HighlightMessage { type: 'highlight'; objectiveId: string | null }

/** Long first loads: how far the server has read a metric file (0..1). */
export interface ProgressMessage { type: 'progress'; uri: string; metric: string; fraction: number }

export type ToWebviewMessage = UpdateMessage | HighlightMessage | ProgressMessage;

// ---------------------------------------------------------------------------------------------
// webview → extension

/** The webview (re)loaded: send what there is. */
export interface ReadyMessage { type: 'ready' }

/** Show this objective (of the previewed file) in the editor; `uri` is informational only. */
export interface RevealMessage { type: 'reveal'; uri?: string; objectiveId: string; windowLabel?: string }

/** Open a metric file of the previewed SLA at a data issue's line. */
export interface RevealMetricLineMessage { type: 'revealMetricLine'; uri?: string; metric: string; line: number }

/** Compute as of this UTC wall time (`2026-09-30T12:00`), or null for the default. */
export interface AsOfMessage { type: 'asOf'; value: string | null }

/** Explain one window of an objective (spec §8.1): a window row's Explain button. `uri` informational; `sla`: the report's SLA name (a multi-document file). */
export interface ExplainWindowMessage { type: 'explainWindow'; uri?: string; sla?: string; objectiveId: string; windowLabel: string }

/** Open the notice of a window's final breach (spec §8.2) as a Markdown document: an obligations block's button. */
export interface OpenNoticeMessage { type: 'openNotice'; uri?: string; sla?: string; objectiveId: string; windowLabel: string }

export type FromWebviewMessage = ReadyMessage | RevealMessage | RevealMetricLineMessage | AsOfMessage | ExplainWindowMessage | OpenNoticeMessage;

/**
 * What the webview persists with `vscode.setState` — and what VS Code hands the panel serializer
 * after a reload: `uri` (the previewed SLA) is what brings the tab back; `asOf` the chosen instant
 * as the datetime-local text ('' = latest data).
 */
export interface PreviewState { scrollY: number; asOf: string; uri?: string }

/** The extension's state of a preview panel (`asOf`: an ISO instant). */
export interface PanelState { uri: string; locked: boolean; asOf?: string }

// ---------------------------------------------------------------------------------------------
// Validators of what the webview posts (run by the extension)

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

export function isExplainWindowMessage(x: unknown): x is ExplainWindowMessage {
  return isRecord(x) && x.type === 'explainWindow' && typeof x.objectiveId === 'string' && x.objectiveId.length > 0 && x.objectiveId.length < 256
    && typeof x.windowLabel === 'string' && x.windowLabel.length > 0 && x.windowLabel.length < 256
    && (x.sla === undefined || (typeof x.sla === 'string' && x.sla.length < 256));
}

export function isOpenNoticeMessage(x: unknown): x is OpenNoticeMessage {
  return isRecord(x) && x.type === 'openNotice' && typeof x.objectiveId === 'string' && x.objectiveId.length > 0 && x.objectiveId.length < 256
    && typeof x.windowLabel === 'string' && x.windowLabel.length > 0 && x.windowLabel.length < 256
    && (x.sla === undefined || (typeof x.sla === 'string' && x.sla.length < 256));
}

export function isReadyMessage(x: unknown): x is ReadyMessage {
  return isRecord(x) && x.type === 'ready';
}

export function isRevealMessage(x: unknown): x is RevealMessage {
  return isRecord(x) && x.type === 'reveal' && typeof x.objectiveId === 'string' && x.objectiveId.length < 256
    && (x.windowLabel === undefined || typeof x.windowLabel === 'string');
}

export function isRevealMetricLineMessage(x: unknown): x is RevealMetricLineMessage {
  return isRecord(x) && x.type === 'revealMetricLine' && typeof x.metric === 'string' && x.metric.length < 256
    && typeof x.line === 'number' && Number.isInteger(x.line) && x.line >= 1;
}

export function isAsOfMessage(x: unknown): x is AsOfMessage {
  return isRecord(x) && x.type === 'asOf' && (x.value === null || (typeof x.value === 'string' && x.value.length < 64 && (x.value === '' || asOfInstant(x.value) !== undefined)));
}

/** The preview's as-of control is labelled UTC: a wall time without offset is read as UTC. */
export function asOfInstant(value: string): string | undefined {
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * The panel state to restore after a reload from what the webview saved (PreviewState, and maybe
 * `locked`): undefined when it names no file to preview.
 */
export function restoredPanelState(saved: unknown): PanelState | undefined {
  if (!isRecord(saved) || typeof saved.uri !== 'string' || saved.uri.length === 0 || saved.uri.length >= 4096) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(saved.uri)) return undefined;
  const state: PanelState = { uri: saved.uri, locked: saved.locked === true };
  if (typeof saved.asOf === 'string' && saved.asOf !== '') {
    const instant = asOfInstant(saved.asOf);
    if (instant) state.asOf = instant;
  }
  return state;
}
