/**
 * SLA116: timeslices without `emptySlices` (do slices without traffic count?), or without
 * `minObservations` (a slice with one request can decide it), and ratio objectives over short
 * windows without `minObservations`.
 */
import { objectivePath, objectivesOf, type Rule } from '../rule';

export const lowTraffic: Rule = {
  codes: ['SLA116'],
  check({ sla, report }) {
    for (const { objective, index, label } of objectivesOf(sla)) {
      const path = objectivePath(index);
      const slices = objective.budgeting === 'timeslices' || (objective.indicator === 'availability' && objective.method === 'time-based');
      if (slices && objective.emptySlices === undefined) {
        report({
          code: 'SLA116',
          message: `${label} counts slices but does not say how slices without data count (\`emptySlices\`): a quiet night is 100% good, 0% good or not counted depending on the reader. The tool ignores them; say so with \`emptySlices: ignore\` (or good / bad).`,
          at: { path, as: 'key' },
          fixes: ['ignore', 'good', 'bad'].map((v, i) => ({ title: `Add \`emptySlices: ${v}\``, kind: 'setKey' as const, path, key: 'emptySlices', value: v, preferred: i === 0 })),
        });
      }
      if (slices && objective.minObservations === undefined) {
        report({
          code: 'SLA116',
          message: `${label} judges each slice on its own, but has no \`minObservations\`: a slice with a single slow or failed request counts as a bad slice. Set the number of observations a slice needs to be judged (fewer is no-data).`,
          at: { path, as: 'key' },
          fixes: [{ title: 'Add `minObservations: 10`', kind: 'setKey', path, key: 'minObservations', value: '10', preferred: true }],
        });
      }
    }
  },
};
