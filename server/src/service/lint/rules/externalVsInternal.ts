/**
 * SLA111: an external SLA stricter than an internal SLA of the same `model` and indicator. The
 * customer promise must be the more conservative one, or the provider breaches its contract before
 * its own alarms fire. Pairs by indicator (and percentile / measure); flagged on the external target.
 */
import { parseTarget } from '../../quantities';
import { objectivePath, objectivesOf, type Rule } from '../rule';
import type { SlaSummary } from '../workspaceIndex';

type Direction = 'lower' | 'higher';

/** Which way the target's bound is better for the consumer (a stricter promise). */
function strictness(target: string): { value: number; direction: Direction } | undefined {
  const parsed = parseTarget(target);
  if (!parsed.ok) return undefined;
  const { op, quantity } = parsed.value;
  return { value: quantity.normalized, direction: op.startsWith('<') ? 'lower' : 'higher' };
}

function key(o: { indicator?: string; percentile?: string; measure?: string; threshold?: string }): string {
  return [o.indicator, o.percentile ?? '', o.measure ?? '', o.threshold !== undefined ? `threshold:${o.threshold}` : ''].join('|');
}

export const externalVsInternal: Rule = {
  codes: ['SLA111'],
  check({ sla, file, workspace, report }) {
    if (sla.scope !== 'external' || typeof sla.model !== 'string' || !workspace) return;
    const internals = workspace.slas().filter((s) => s.scope === 'internal' && s.model === sla.model && !(s.uri === file.uri && s.name === sla.metadata?.name));
    if (internals.length === 0) return;
    for (const { objective, index, label } of objectivesOf(sla)) {
      if (typeof objective.target !== 'string' || typeof objective.indicator !== 'string') continue;
      const ours = strictness(objective.target);
      if (!ours) continue;
      for (const internal of internals) {
        const match = internal.objectives.find((o) => typeof o.target === 'string' && key(o) === key(objective));
        if (!match) continue;
        const theirs = strictness(match.target!);
        if (!theirs || theirs.direction !== ours.direction) continue;
        const stricter = ours.direction === 'lower' ? ours.value < theirs.value : ours.value > theirs.value;
        if (!stricter) continue;
        report({
          code: 'SLA111',
          message: `${label} promises \`${objective.target}\` to the customer, stricter than the internal \`${match.target}\` of \`${internal.name ?? '?'}\` (${where(internal, file.uri)}, objective \`${match.id ?? '?'}\`): the contract would breach before the team's own objective does. Make the external target the more conservative one.`,
          at: { path: [...objectivePath(index), 'target'], as: 'value' },
          fixes: [{ title: `Use the internal target \`${match.target}\``, kind: 'replaceValue', path: [...objectivePath(index), 'target'], value: `"${match.target}"` }],
        });
        break;
      }
    }
  },
};

function where(s: SlaSummary, currentUri: string): string {
  const name = s.uri === currentUri ? 'this file' : decodeURIComponent(s.uri.replace(/^.*\//, ''));
  return s.nameLine !== undefined ? `${name}:${s.nameLine + 1}` : name;
}
