/**
 * What the linter knows of the other SLA files of the workspace (for SLA111 and workspace-wide
 * SLA004): a summary per SLA, kept by the host (the server indexes the workspace folders, the CLI
 * the files it checks plus the root folder).
 */
import { findPair, locate, type JsonPath } from '../yamlAst';
import { positionAt } from '../parse';

export interface SlaSummary {
  uri: string;
  name?: string;
  model?: string;
  scope?: string;
  /** 0-based line of `metadata.name`, for messages. */
  nameLine?: number;
  objectives: { id?: string; indicator?: string; percentile?: string; measure?: string; target?: string; threshold?: string; line: number; path: JsonPath }[];
}

export interface WorkspaceIndex {
  /** Every SLA in the workspace, including the file being linted (callers skip their own). */
  slas(): readonly SlaSummary[];
}

/** The summaries of the SLAs in one parsed file (one per YAML document). */
export function summarize(file: import('../parse').SlaFile): SlaSummary[] {
  const out: SlaSummary[] = [];
  for (const doc of file.docs) {
    const v = doc.value as Record<string, any> | undefined;
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const nameSpan = keyLine(file, doc, ['metadata', 'name']);
    // The objectives' nodes once, not a path walk from the root per objective (2,000 of them per keystroke).
    const seq = locate(doc.yaml, ['objectives'])?.node as { items?: unknown[] } | null | undefined;
    const objectives = (Array.isArray(v.objectives) ? v.objectives : []).flatMap((o: any, i: number) => {
      if (!o || typeof o !== 'object') return [];
      const target = findPair(seq?.items?.[i], 'target')?.value as { range?: number[] } | undefined;
      const line = target?.range ? positionAt(file, target.range[0]).line : 0;
      return [{ id: str(o.id), indicator: str(o.indicator), percentile: str(o.percentile), measure: str(o.measure), target: str(o.target), threshold: str(o.threshold), line, path: ['objectives', i] }];
    });
    out.push({ uri: file.uri, name: str(v.metadata?.name), model: str(v.model), scope: str(v.scope), nameLine: nameSpan, objectives });
  }
  return out;
}

const str = (x: unknown) => (typeof x === 'string' ? x : undefined);

function keyLine(file: import('../parse').SlaFile, doc: import('../parse').SlaDoc, path: JsonPath): number | undefined {
  const node = locate(doc.yaml, path)?.node as { range?: number[] } | undefined;
  return node?.range ? positionAt(file, node.range[0]).line : undefined;
}

/** An index over a fixed set of summaries (the CLI's files, a test's fixtures). */
export function staticIndex(summaries: SlaSummary[]): WorkspaceIndex {
  return { slas: () => summaries };
}
