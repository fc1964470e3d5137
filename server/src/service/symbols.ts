/** Outline: each SLA (one per YAML document) → its objectives and metric sources. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Pair } from 'yaml';
import { isMap, isSeq } from './yamlNodes';
import { rangeOf, type SlaFile } from './parse';
import { findPair, keyName, nodeSpan, scalarText } from './yamlAst';

function pairRange(file: SlaFile, pair: Pair<unknown, unknown>) {
  const keySpan = nodeSpan(pair.key);
  const valueSpan = nodeSpan(pair.value);
  const start = keySpan?.[0] ?? valueSpan?.[0] ?? 0;
  const end = valueSpan?.[1] ?? keySpan?.[1] ?? start;
  return rangeOf(file, start, end);
}

export function documentSymbols(file: SlaFile): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const doc of file.docs) {
    const root = doc.yaml.contents;
    if (!isMap(root)) continue;
    const nameNode = findPair(findPair(root, 'metadata')?.value, 'name')?.value;
    const name = scalarText(nameNode) ?? `SLA ${doc.index + 1}`;
    const docSpan = nodeSpan(root) ?? [doc.start, doc.end];
    const nameSpan = nodeSpan(nameNode) ?? docSpan;
    const children: DocumentSymbol[] = [];
    const objectives = findPair(root, 'objectives');
    if (objectives && isSeq(objectives.value)) {
      for (const item of objectives.value.items) {
        if (!isMap(item)) continue;
        const idNode = findPair(item, 'id')?.value;
        const span = nodeSpan(item);
        if (!span) continue;
        const get = (k: string) => scalarText(findPair(item, k)?.value);
        const detail = [get('indicator'), get('percentile'), get('measure'), get('target')].filter(Boolean).join(' ');
        const selection = nodeSpan(idNode) ?? span;
        children.push({
          name: scalarText(idNode) ?? '(objective without id)',
          detail,
          kind: SymbolKind.Event,
          range: rangeOf(file, span[0], span[1]),
          selectionRange: rangeOf(file, selection[0], selection[1]),
        });
      }
    }
    const metrics = findPair(root, 'metrics');
    if (metrics && isMap(metrics.value)) {
      for (const pair of metrics.value.items) {
        const keySpan = nodeSpan(pair.key);
        if (!keySpan) continue;
        children.push({
          name: keyName(pair.key) ?? '',
          detail: scalarText(findPair(pair.value, 'file')?.value) ?? 'metric source',
          kind: SymbolKind.Field,
          range: pairRange(file, pair),
          selectionRange: rangeOf(file, keySpan[0], keySpan[1]),
        });
      }
    }
    const scope = scalarText(findPair(root, 'scope')?.value);
    const model = scalarText(findPair(root, 'model')?.value);
    out.push({
      name,
      detail: [scope, model].filter(Boolean).join(' · '),
      kind: SymbolKind.Module,
      range: rangeOf(file, docSpan[0], docSpan[1]),
      selectionRange: rangeOf(file, nameSpan[0], nameSpan[1]),
      children,
    });
  }
  return out;
}
