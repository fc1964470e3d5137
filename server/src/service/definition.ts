/** Go to definition: from `metric: x` to `metrics.x`, from a credit's `objective:` to that objective. */
import type { Location, Position } from 'vscode-languageserver-types';
import { isMap, isSeq } from './yamlNodes';
import { docAt, offsetAt, rangeOf, type SlaFile } from './parse';
import { findPair, nodeSpan, pathAtOffset, scalarText } from './yamlAst';

export function findDefinition(file: SlaFile, position: Position): Location | null {
  const offset = offsetAt(file, position);
  const doc = docAt(file, offset);
  if (!doc) return null;
  const at = pathAtOffset(doc.yaml, offset);
  if (!at || at.onKey) return null;
  const key = at.path[at.path.length - 1];
  const value = scalarText(at.node);
  if (value === undefined) return null;
  const root = doc.yaml.contents;
  if (key === 'metric' && at.path[0] === 'objectives') {
    const metrics = findPair(root, 'metrics')?.value;
    const pair = findPair(metrics, value);
    const span = nodeSpan(pair?.key);
    return span ? { uri: file.uri, range: rangeOf(file, span[0], span[1]) } : null;
  }
  if (key === 'objective' && at.path.includes('serviceCredits')) {
    const objectives = findPair(root, 'objectives')?.value;
    if (!isSeq(objectives)) return null;
    for (const item of objectives.items) {
      if (!isMap(item)) continue;
      const idNode = findPair(item, 'id')?.value;
      if (scalarText(idNode) === value) {
        const span = nodeSpan(idNode)!;
        return { uri: file.uri, range: rangeOf(file, span[0], span[1]) };
      }
    }
  }
  return null;
}
