/** SLA105: accuracy without `evaluation.dataset`, `cadence`, `minSamples` or `aggregate`. */
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

const PARTS: { key: string; why: string; placeholder: string }[] = [
  { key: 'dataset', why: 'which labeled test set', placeholder: 'holdout-set-name' },
  { key: 'cadence', why: 'how often it is evaluated', placeholder: 'weekly' },
  { key: 'minSamples', why: 'how many labels an evaluation needs to count', placeholder: '1000' },
  { key: 'aggregate', why: 'how runs in a window combine (every, latest, mean, min; default every)', placeholder: 'every' },
];

export const accuracyEvaluation = objectiveRule({
  codes: ['SLA105'],
  check({ objective, index, label }, _shared, _context, report) {
    if (objective.indicator !== 'accuracy') return;
    const evaluation = objective.evaluation && typeof objective.evaluation === 'object' ? objective.evaluation : undefined;
    const missing = PARTS.filter((p) => evaluation?.[p.key] === undefined);
    if (missing.length === 0) return;
    const path = [...objectivePath(index), 'evaluation'];
    report({
      code: 'SLA105',
      message: `${label} does not fix ${missing.map((p) => `${p.why} (\`evaluation.${p.key}\`)`).join(', ')}: an f1 of 0.83 on 300 hand-picked labels and one on 20,000 production labels are different promises.`,
      at: { path: [...path, missing[0].key], as: 'key' }, // on `evaluation`, else the objective's id
      fixes: evaluation
        ? [{ title: `Add ${missing.map((p) => `\`${p.key}\``).join(', ')} to \`evaluation\``, kind: 'setKeys', path, entries: missing.map((p) => [p.key, p.placeholder]), preferred: true }]
        : [{
          title: 'Add an `evaluation` block with placeholders', kind: 'insertBlock', path: objectivePath(index), key: 'evaluation',
          // The whole block, with when its labels are in (spec §12, SLA122 waits for this block).
          lines: [...PARTS.map((p) => `${p.key}: ${p.placeholder}`), 'labelDelay: 14d'], flow: `{ ${PARTS.map((p) => `${p.key}: ${p.placeholder}`).join(', ')}, labelDelay: 14d }`, preferred: true,
        }],
    });
  },
});
