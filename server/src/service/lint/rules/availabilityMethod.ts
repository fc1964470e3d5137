/**
 * SLA104: availability without `method`; request-based (or time-based: a slice's good/total ratio
 * needs the classification too) with a metric that has no `good`/`goodCount`; time-based without
 * `sliceGood`. Each leaves "what is a good event / an up minute" open. The missing good-event
 * definition is reported on the objective's `metric` line (spec §9): the objective chose a metric
 * that cannot say which events are good, while another objective (a latency percentile, say) may
 * use the same metric rightly. One finding per such objective; the quick fix adds `good` (or
 * `goodCount`) to the metric source.
 */
import { objectivePath, type Sla } from '../rule';
import { objectiveRule } from '../objectiveRule';

export const availabilityMethod = objectiveRule<Sla['metrics']>({
  codes: ['SLA104'],
  // The metric sources (whether the objective's metric defines good events).
  shared: ({ sla }) => ({ key: JSON.stringify(sla.metrics) ?? '', value: sla.metrics }),
  check({ objective, index, label }, metrics, _context, report) {
    if (objective.indicator !== 'availability') return;
    const path = objectivePath(index);
    if (objective.method === undefined) {
      report({
        code: 'SLA104',
        message: `${label} has no \`method\`: request-based availability (good requests / all requests) and time-based availability (up minutes / all minutes) give different numbers for the same incident — a 10-minute outage at night costs few requests but ten minutes. Choose one.`,
        at: { path, as: 'key' },
        // `sliceGood` only goes with time-based: then request-based would be a schema error.
        fixes: objective.sliceGood !== undefined
          ? [{ title: 'Add `method: time-based`', kind: 'setKey', path, key: 'method', value: 'time-based', preferred: true }]
          : [
            { title: 'Add `method: request-based`', kind: 'setKey', path, key: 'method', value: 'request-based', preferred: true },
            { title: 'Add `method: time-based`', kind: 'setKey', path, key: 'method', value: 'time-based' },
          ],
      });
      return;
    }
    const metric = typeof objective.metric === 'string' && metrics && typeof metrics === 'object' ? metrics[objective.metric] : undefined;
    if ((objective.method === 'request-based' || objective.method === 'time-based') && metric && typeof metric === 'object' && !Array.isArray(metric)
      && metric.prometheus === undefined && metric.good === undefined && metric.goodCount === undefined) {
      const id: string = objective.metric;
      const aggregated = metric.total !== undefined;
      report({
        code: 'SLA104',
        message: `${label} counts ${objective.method} availability from metric \`${id}\`, which defines no good events: is a 4xx a success, a timeout a failure? ${aggregated ? 'Name the metric\'s column of good events per row (`goodCount`)' : 'Classify each row of the metric (`good: "status < 500"`)'}, or choose a metric that does.`,
        at: { path: [...path, 'metric'], as: 'value' },
        fixes: [aggregated
          ? { title: `Add \`goodCount: ok_requests\` to metric \`${id}\` (name the column of good events)`, kind: 'setKey', path: ['metrics', id], key: 'goodCount', value: 'ok_requests', preferred: true }
          : { title: `Add \`good: "status < 500"\` to metric \`${id}\``, kind: 'setKey', path: ['metrics', id], key: 'good', value: '"status < 500"', preferred: true }],
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
  },
});
