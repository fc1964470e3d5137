/** SLA103: no `measurement.point` — client-side and server-side latency differ by the network. */
import { objectivePath, objectivesOf, type Rule } from '../rule';

export const measurementPoint: Rule = {
  codes: ['SLA103'],
  check({ sla, report }) {
    for (const { objective, index, label } of objectivesOf(sla)) {
      if (typeof objective.measurement?.point === 'string') continue;
      const path = [...objectivePath(index), 'measurement'];
      report({
        code: 'SLA103',
        message: `${label} does not say where it is measured (\`measurement.point\`): latency seen by the client includes the network and the gateway, latency at the model server does not, and availability differs the same way. Name the point: client, gateway, server or model.`,
        at: { path: [...path, 'point'], as: 'key' }, // on `measurement`, else the objective's id
        fixes: ['server', 'gateway', 'client', 'model'].map((point, i) => ({
          title: `Add \`measurement.point: ${point}\``, kind: 'setKey' as const, path, key: 'point', value: point, preferred: i === 0,
        })),
      });
    }
  },
};
