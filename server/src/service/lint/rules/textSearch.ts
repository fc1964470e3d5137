/** Finding words inside scalar values, with their offsets in the file (for findings on the word). */
import { isScalar } from '../../yamlNodes';
import type { SlaDoc, SlaFile } from '../../parse';
import { locate, nodeSpan, type JsonPath } from '../../yamlAst';

export interface WordHit { span: [number, number]; word: string }

/**
 * Matches per scalar node and pattern, as offsets relative to the node. A node's text never changes
 * (an edit replaces the nodes it touches; the incremental parse re-uses the others, only moved), so
 * after a keystroke only the edited objective's texts are searched again.
 */
type Matches = Array<{ from: number; to: number; word: string }>;
/**
 * Kept on the node itself under a symbol (a property lookup): a WeakMap over every scalar of a
 * 2,000-objective file was most of this function's time, once per rule per keystroke.
 */
const MATCHES = Symbol('modelSla.matches');
type Searched = { [MATCHES]?: Map<RegExp, Matches> };

/** Every match of `pattern` (global) in the scalar at `path`, located in the source text. */
export function findInScalar(file: SlaFile, doc: SlaDoc, path: JsonPath, pattern: RegExp): WordHit[] {
  const node = locate(doc.yaml, path)?.node;
  const span = nodeSpan(node);
  if (!isScalar(node) || typeof node.value !== 'string' || !span) return [];
  let byPattern = (node as Searched)[MATCHES];
  if (!byPattern) Object.defineProperty(node, MATCHES, { value: (byPattern = new Map()), enumerable: false });
  let relative = byPattern.get(pattern);
  if (!relative) {
    relative = [];
    const source = file.text.slice(span[0], span[1]);
    for (const match of source.matchAll(pattern)) relative.push({ from: match.index!, to: match.index! + match[0].length, word: match[0] });
    byPattern.set(pattern, relative);
  }
  return relative.map((r) => ({ span: [span[0] + r.from, span[0] + r.to] as [number, number], word: r.word }));
}

/** Paths of the descriptive texts of an SLA document outside its objectives: titles and `description`s (document, metric, remediation). */
export function documentDescriptionPaths(sla: Record<string, any>): JsonPath[] {
  const paths: JsonPath[] = [];
  if (typeof sla.metadata?.title === 'string') paths.push(['metadata', 'title']);
  if (typeof sla.metadata?.description === 'string') paths.push(['metadata', 'description']);
  if (typeof sla.description === 'string') paths.push(['description']);
  for (const [id, m] of Object.entries<any>(sla.metrics && typeof sla.metrics === 'object' && !Array.isArray(sla.metrics) ? sla.metrics : {})) {
    if (typeof m?.description === 'string') paths.push(['metrics', id, 'description']);
  }
  if (typeof sla.breach?.external?.remediation?.description === 'string') paths.push(['breach', 'external', 'remediation', 'description']);
  return paths;
}

/** Paths of an objective's descriptive texts: its `description` and its measurement's. */
export function objectiveDescriptionPaths(objective: Record<string, any>, index: number): JsonPath[] {
  const paths: JsonPath[] = [];
  if (typeof objective.description === 'string') paths.push(['objectives', index, 'description']);
  if (typeof objective.measurement?.description === 'string') paths.push(['objectives', index, 'measurement', 'description']);
  return paths;
}
