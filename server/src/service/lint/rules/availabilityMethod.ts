/**
 * SLA104: availability without `method`; request-based with a metric that has no `good`/`goodCount`;
 * time-based without `sliceGood`. Each leaves "what is a good event / an up minute" open.
 */
import { objectivePath, objectivesOf, type Rule } from '../rule';

export const availabilityMethod: Rule = {
  codes: ['SLA104'],
  check({ sla, report }) {
    for (const { objective, index, label } of objectivesOf(sla)) {
      if (objective.indicator !== 'availability') continue;
      const path = objectivePath(index);
      if (objective.method === undefined) {
        report({
          code: 'SLA104',
          message: `${label} has no \`method\`: request-based availability (good requests / all requests) and time-based availability (up minutes / all minutes) give different numbers for the same incident — a 10-minute outage at night costs few requests but ten minutes. Choose one.`,
          at: { path, as: 'key' },
          fixes: [
            { title: 'Add `method: request-based`', kind: 'setKey', path, key: 'method', value: 'request-based', preferred: true },
            { title: 'Add `method: time-based`', kind: 'setKey', path, key: 'method', value: 'time-based' },
          ],
        });
        continue;
      }
      const metric = typeof objective.metric === 'string' ? sla.metrics?.[objective.metric] : undefined;
      if (objective.method === 'request-based' && metric && typeof metric === 'object' && metric.good === undefined && metric.goodCount === undefined) {
        report({
          code: 'SLA104',
          message: `${label} is request-based, but metric \`${objective.metric}\` defines no good events (\`good: "status < 500"\` per row, or \`goodCount\` for pre-aggregated rows): is a 4xx a success, a timeout a failure? Define it on the metric.`,
          at: { path: [...path, 'metric'], as: 'value' },
          fixes: [{ title: 'Add `good: "status < 500"` to the metric', kind: 'setKey', path: ['metrics', objective.metric], key: 'good', value: '"status < 500"', preferred: true }],
        });
      }
      if (objective.method === 'time-based' && objective.sliceGood === undefined) {
        report({
          code: 'SLA104',
          message: `${label} is time-based but has no \`sliceGood\`: when is a minute "up" — no errors at all, or 90% good requests? Without it the count of downtime minutes is anyone's guess.`,
          at: { path, as: 'key' },
          fixes: [{ title: 'Add `sliceGood: ">= 90%"`', kind: 'setKey', path, key: 'sliceGood', value: '">= 90%"', preferred: true }],
        });
      }
    }
  },
};
