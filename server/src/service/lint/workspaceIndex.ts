/**
 * What the linter knows of the other SLA files of the workspace (for SLA111 and workspace-wide
 * SLA004): a summary per SLA, kept by the host (the server indexes the workspace folders, the CLI
 * the files it checks plus the root folder).
 */
import type { JsonPath } from '../yamlAst';

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
