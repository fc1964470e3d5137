/**
 * A lint rule reads one SLA document (and, for some, the workspace or the linked data) and reports
 * findings. Rules never throw into each other: the runner isolates them (see index.ts).
 */
import type { SlaDoc, SlaFile } from '../parse';
import type { JsonPath } from '../yamlAst';
import type { LintCodeId } from './codes';
import type { Fix } from './fixes';
import type { WorkspaceIndex } from './workspaceIndex';

export type Sla = Record<string, any>;

export interface FindingSpec {
  /** A methodology code, or SLA004 for names duplicated across the workspace. */
  code: LintCodeId | 'SLA004';
  message: string;
  /** Where: a span of offsets, or a path placed as a key (`key`) or value (`value`). */
  at: { span: [number, number] } | { path: JsonPath; as: 'key' | 'value' };
  /** Mechanical fixes offered as quick fixes (applied by codeActions.ts). */
  fixes?: Fix[];
}

export interface RuleContext {
  file: SlaFile;
  doc: SlaDoc;
  sla: Sla;
  workspace?: WorkspaceIndex;
  report(finding: FindingSpec): void;
}

export interface Rule {
  /** The codes this rule may report (for documentation and severity overrides). */
  codes: LintCodeId[];
  check(context: RuleContext): void;
}

/** Objectives with their index, skipping anything that is not a mapping. */
export function objectivesOf(sla: Sla): { objective: Record<string, any>; index: number; label: string }[] {
  const list: unknown[] = Array.isArray(sla.objectives) ? sla.objectives : [];
  const out: { objective: Record<string, any>; index: number; label: string }[] = [];
  list.forEach((objective, index) => {
    if (objective && typeof objective === 'object' && !Array.isArray(objective)) {
      const o = objective as Record<string, any>;
      out.push({ objective: o, index, label: typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}` });
    }
  });
  return out;
}

export const objectivePath = (index: number): JsonPath => ['objectives', index];
