/**
 * SLA122 (spec §12): an accuracy objective without `evaluation.labelDelay` — when are the labels
 * in? Ground truth arrives late (a churn label after the customer has churned, a fraud label after
 * the chargeback); an accuracy window judged before then is judged on part of its labels, and its
 * verdict can flip. With `labelDelay` the window is provisional until its end + the delay.
 */
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

export const labelDelay = objectiveRule({
  codes: ['SLA122'],
  check({ objective, index, label }, _shared, _context, report) {
    if (objective.indicator !== 'accuracy') return;
    const evaluation = objective.evaluation;
    // No `evaluation` at all is SLA105's, whose fix writes the block with a labelDelay.
    if (!evaluation || typeof evaluation !== 'object' || evaluation.labelDelay !== undefined) return;
    const path = objectivePath(index);
    report({
      code: 'SLA122',
      message: `${label} does not say when its labels are in (\`evaluation.labelDelay\`): a window judged before its ground truth has arrived is judged on part of it, and its verdict can change. Add e.g. \`labelDelay: 14d\`: the window is provisional until its end + the delay, and no credit or breach comes from it before. Runs on a labeled holdout set whose labels are in when the run is: \`labelDelay: 0d\`.`,
      at: { path: [...path, 'evaluation'], as: 'key' },
      fixes: [
        { title: 'Add `labelDelay: 14d`', kind: 'setKey', path: [...path, 'evaluation'], key: 'labelDelay', value: '14d', preferred: true },
        { title: 'Add `labelDelay: 0d` (a labeled holdout set: the labels are in when the run is)', kind: 'setKey', path: [...path, 'evaluation'], key: 'labelDelay', value: '0d' },
      ],
    });
  },
});
