/** SLA107: `budgeting: timeslices` without `slice` or `sliceTarget` — the verdict cannot be computed. */
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

export const timeslices = objectiveRule({
  codes: ['SLA107'],
  check({ objective, index, label }, _shared, _context, report) {
    if (objective.budgeting !== 'timeslices') return;
    const path = objectivePath(index);
    const missing = (['slice', 'sliceTarget'] as const).filter((k) => objective[k] === undefined);
    if (missing.length === 0) return;
    report({
      code: 'SLA107',
      message: `${label} counts time slices but has no ${missing.map((k) => `\`${k}\``).join(' and ')}: ${missing.includes('slice') ? 'without a slice length (e.g. `5m`) nobody can cut the window' : ''}${missing.length === 2 ? '; ' : ''}${missing.includes('sliceTarget') ? 'without `sliceTarget` (e.g. `">= 99%"` of slices good) a window has no pass mark' : ''}.`,
      at: { path: [...path, missing[0]], as: 'key' }, // the objective's id line (spec §9)
      fixes: [{ title: `Add ${missing.map((k) => `\`${k}\``).join(' and ')}`, kind: 'setKeys', path, entries: missing.map((k) => (k === 'slice' ? ['slice', '5m'] : ['sliceTarget', '">= 99%"'])), preferred: true }],
    });
  },
});
