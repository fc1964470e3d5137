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
