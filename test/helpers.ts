/**
 * Test helpers: in-memory documents with a cursor marker `§`, a fresh language service per test
 * file, and a compact view of diagnostics (code, 0-based range) for exact assertions.
 */
import type { Diagnostic, Position, TextEdit } from 'vscode-languageserver-types';
import { getLanguageService, type TextDocumentLike } from '../server/src/service/languageService';

export const CURSOR = '§';
export const service = getLanguageService();

let counter = 0;
export function textDocument(text: string, name = `test-${++counter}.sla.yaml`): TextDocumentLike {
  return { uri: `file:///work/ws/${name}`, version: 1, getText: () => text };
}

/** Splits `§` out of the text: the document and the position where it stood. */
export function withCursor(textWithCursor: string, name?: string): { document: TextDocumentLike; position: Position; text: string } {
  const offset = textWithCursor.indexOf(CURSOR);
  if (offset < 0) throw new Error('no cursor marker § in the text');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + CURSOR.length);
  const before = text.slice(0, offset).split('\n');
  return { document: textDocument(text, name), position: { line: before.length - 1, character: before[before.length - 1].length }, text };
}

/** The service's diagnostics always carry plain-text messages. */
export type Finding = Omit<Diagnostic, 'message'> & { message: string };

export function diagnose(text: string): Finding[] {
  return service.validate(textDocument(text)) as Finding[];
}

/** `SLA002@12:4-12:9` */
export function brief(d: Pick<Diagnostic, 'code' | 'range'>): string {
  return `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

/** The 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string, from = 0): number {
  const index = text.indexOf(needle, from);
  if (index < 0) throw new Error(`not found: ${needle}`);
  return text.slice(0, index).split('\n').length - 1;
}

/** 0-based position of the first occurrence of `needle` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, index + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** A valid, lint-clean SLA used as the base of most tests. */
export const VALID_SLA = `apiVersion: modelsla/v1
kind: SLA
metadata:
  name: churn-internal
  title: Churn model — internal
  owner: ml-platform@example.com
model: churn-xgb
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: Europe/Berlin }
baseline:
  from: 2026-08-03
  to: 2026-09-14
  margin: 5%
metrics:
  latency:
    file: metrics/latency.csv
    timestamp: ts
    value: latency_ms
    unit: ms
  requests:
    file: metrics/requests.jsonl
    timestamp: time
    good: "status < 500"
objectives:
  - id: latency-p99
    description: p99 server-side latency of /v1/predict
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 300ms"
    window: { calendar: month }
    measurement: { point: server, includes: [model-inference], excludes: [client-network] }
  - id: availability
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.9%"
    window: { rolling: 28d }
    measurement: { point: gateway }
breach:
  internal:
    actions: [p1-investigation, deployment-freeze, blameless-postmortem]
  escalation:
    - { after: 1h, notify: on-call }
  repeated: { count: 3, within: 90d, action: architectural-review }
`;

/** Applies LSP text edits (non-overlapping, positions in the original text). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = ({ line, character }: { line: number; character: number }) => {
    if (line >= lineStarts.length) return text.length;
    const next = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    return Math.min(lineStarts[line] + character, next);
  };
  // Later offsets first; at one offset, the later edit first so that the array order is kept (LSP).
  const sorted = edits.map((e, i) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText, i }))
    .sort((a, b) => b.start - a.start || b.i - a.i);
  for (const e of sorted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}
