/** Messages between the extension and the preview webview, and the server's compliance result. */

export interface ComplianceResult {
  uri: string;
  version: number | null;
  /** SlaReport[] (spec §8) as the server sends it. */
  reports: unknown[];
  error?: string;
}

/** webview → extension: show this objective (of the previewed file) in the editor. */
export interface RevealMessage { type: 'reveal'; uri?: string; objectiveId: string; windowLabel?: string }
/** webview → extension: compute as of this instant ('' for the default). */
export interface AsOfMessage { type: 'asOf'; value: string }

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

export function isRevealMessage(x: unknown): x is RevealMessage {
  return isRecord(x) && x.type === 'reveal' && typeof x.objectiveId === 'string' && x.objectiveId.length < 256
    && (x.windowLabel === undefined || typeof x.windowLabel === 'string');
}

export function isAsOfMessage(x: unknown): x is AsOfMessage {
  return isRecord(x) && x.type === 'asOf' && typeof x.value === 'string' && (x.value === '' || !Number.isNaN(Date.parse(x.value)));
}
