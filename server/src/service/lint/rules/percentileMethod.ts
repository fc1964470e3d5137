/** SLA101: a latency percentile without `percentileMethod` — two readers compute different p99s. */
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

export const percentileMethod = objectiveRule({
  codes: ['SLA101'],
  check({ objective, index, label }, _shared, _context, report) {
    // Percentile form only (a missing percentile/threshold is a schema error of its own).
    if (objective.indicator !== 'latency' || typeof objective.percentile !== 'string' || objective.percentileMethod !== undefined) return;
    const p = objective.percentile;
    report({
      code: 'SLA101',
      message: `${label} has no \`percentileMethod\`: nearest-rank and linear interpolation give different ${p} values on the same observations (they differ most in small windows), so provider and consumer can both be right and disagree. The tool computes nearest-rank; state it: \`percentileMethod: nearest-rank\` (or \`linear\`).`,
      at: { path: objectivePath(index), as: 'key' },
      fixes: [
        { title: 'Add `percentileMethod: nearest-rank`', kind: 'setKey', path: objectivePath(index), key: 'percentileMethod', value: 'nearest-rank', preferred: true },
        { title: 'Add `percentileMethod: linear`', kind: 'setKey', path: objectivePath(index), key: 'percentileMethod', value: 'linear' },
      ],
    });
  },
});
