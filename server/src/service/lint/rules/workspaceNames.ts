/**
 * SLA004 across the workspace: `metadata.name` is unique among all SLA files (spec §2), so that
 * reports, credits and breaches name one SLA. (Duplicates within one file: validation/references.ts.)
 */
import type { Rule } from '../rule';

export const workspaceNames: Rule = {
  codes: [],
  check({ sla, file, workspace, report }) {
    const name = sla.metadata?.name;
    if (typeof name !== 'string' || !workspace) return;
    const other = workspace.slas().find((s) => s.name === name && s.uri !== file.uri);
    if (!other) return;
    const where = decodeURIComponent(other.uri.replace(/^.*\//, ''));
    report({
      code: 'SLA004',
      message: `SLA name \`${name}\` is also used by ${where}${other.nameLine !== undefined ? `:${other.nameLine + 1}` : ''}; names are unique in the workspace, since reports and credits are keyed by them`,
      at: { path: ['metadata', 'name'], as: 'value' },
    });
  },
};
