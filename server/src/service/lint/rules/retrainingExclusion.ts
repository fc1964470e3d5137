/** SLA106: an accuracy objective with no exclusion provision for planned retraining. */
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

const RETRAIN = /retrain|re-train|model (update|refresh|rollout)|redeploy/i;

export const retrainingExclusion = objectiveRule<string>({
  codes: ['SLA106'],
  // The year the suggested exclusion is dated in.
  shared: ({ sla }) => {
    const year = typeof sla.period?.start === 'string' && /^\d{4}/.test(sla.period.start) ? sla.period.start.slice(0, 4) : '2026';
    return { key: year, value: year };
  },
  check({ objective, index, label }, year, _context, report) {
    if (objective.indicator !== 'accuracy') return;
    const exclusions: any[] = Array.isArray(objective.exclusions) ? objective.exclusions : [];
    if (exclusions.some((e) => typeof e?.reason === 'string' && RETRAIN.test(e.reason))) return;
    const path = objectivePath(index);
    const entry = `{ reason: planned retraining, from: ${year}-01-01T00:00:00Z, to: ${year}-01-02T00:00:00Z }`;
    report({
      code: 'SLA106',
      message: `${label} has no exclusion for planned retraining: evaluations during a scheduled retrain or model rollout will count against the target, and whether they should is exactly what gets argued after a breach. Add an \`exclusions\` entry (reason: planned retraining) for each planned window.`,
      at: { path, as: 'key' },
      fixes: [Array.isArray(objective.exclusions)
        ? { title: 'Add an exclusion for planned retraining', kind: 'appendItem', path: [...path, 'exclusions'], item: entry, comment: 'set to the planned window', preferred: true }
        : { title: 'Add an exclusion for planned retraining', kind: 'insertBlock', path, key: 'exclusions', lines: [`- ${entry}  # set to the planned window`], flow: `[${entry}]`, preferred: true }],
    });
  },
});
