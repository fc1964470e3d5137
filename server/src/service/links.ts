/** Document links on metric `file:` paths, resolved relative to the SLA file. */
import type { DocumentLink } from 'vscode-languageserver-types';
import { isMap } from './yamlNodes';
import { rangeOf, type SlaFile } from './parse';
import { findPair, nodeSpan, scalarText } from './yamlAst';

/** The URI a metric path names, relative to the SLA file's URI; undefined for non-file URIs. */
export function resolveMetricUri(slaUri: string, path: string): string | undefined {
  if (!slaUri.startsWith('file:') || path.includes('\0')) return undefined;
  try {
    const encoded = path.split(/[\\/]/).map(encodeURIComponent).join('/');
    return new URL(encoded, slaUri).href;
  } catch {
    return undefined;
  }
}

export function documentLinks(file: SlaFile): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const doc of file.docs) {
    const metrics = findPair(doc.yaml.contents, 'metrics')?.value;
    if (!isMap(metrics)) continue;
    for (const pair of metrics.items) {
      const fileNode = findPair(pair.value, 'file')?.value;
      const path = scalarText(fileNode);
      const span = nodeSpan(fileNode);
      if (!path || !span) continue;
      const target = resolveMetricUri(file.uri, path);
      if (!target) continue;
      out.push({ range: rangeOf(file, span[0], span[1]), target, tooltip: `Open metric file ${path}` });
    }
  }
  return out;
}
