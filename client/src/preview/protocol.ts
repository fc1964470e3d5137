/** Messages between the extension and the preview webview, and the server's compliance result. */

export interface ComplianceResult {
  uri: string;
  version: number | null;
  /** SlaReport[] (spec §8) as the server sends it. */
  reports: unknown[];
  /** Per report (YAML document): metric id → file URI inside the workspace. */
  metricFiles?: Record<string, string>[];
  error?: string;
}

/** webview → extension: open a metric file at a data issue's line. */
export interface RevealMetricLineMessage { type: 'revealMetricLine'; uri?: string; metric: string; line: number }

export function isRevealMetricLineMessage(x: unknown): x is RevealMetricLineMessage {
  return isRecord(x) && x.type === 'revealMetricLine' && typeof x.metric === 'string' && x.metric.length < 256
    && typeof x.line === 'number' && Number.isInteger(x.line) && x.line >= 1;
}

/** webview → extension: show this objective (of the previewed file) in the editor. */
export interface RevealMessage { type: 'reveal'; uri?: string; objectiveId: string; windowLabel?: string }
/** webview → extension: compute as of this UTC wall time (`2026-09-30T12:00`), or null for the default. */
export interface AsOfMessage { type: 'asOf'; value: string | null }

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

export function isRevealMessage(x: unknown): x is RevealMessage {
  return isRecord(x) && x.type === 'reveal' && typeof x.objectiveId === 'string' && x.objectiveId.length < 256
    && (x.windowLabel === undefined || typeof x.windowLabel === 'string');
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

export function isReadyMessage(x: unknown): boolean {
  return isRecord(x) && x.type === 'ready';
}

/** The extension's state of a preview panel. */
export interface PanelState { uri: string; locked: boolean; asOf?: string }

/**
 * The panel state to restore after a reload from what the webview saved with `vscode.setState`
 * (`{uri, asOf: "2026-09-30T12:00" | "", scrollY}`): undefined when it names no file to preview.
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
