/** SLA103: no `measurement.point` — client-side and server-side latency differ by the network. */
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';

/** Why the point matters, in the words of the objective's indicator. */
const WHY: Record<string, string> = {
  latency: 'latency seen by the client includes the network and the gateway, latency at the model server does not.',
  availability: 'a request that fails in the network or the gateway is an error to the client and never reaches the model server.',
  throughput: 'the gateway counts requests it rejects or throttles, the model server only those it serves.',
  accuracy: 'predictions captured at the model are its raw output; at the client they are what consumers received, after post-processing, fallbacks and caches.',
};

export const measurementPoint = objectiveRule({
  codes: ['SLA103'],
  check({ objective, index, label }, _shared, _context, report) {
    if (typeof objective.measurement?.point === 'string') return;
    const path = [...objectivePath(index), 'measurement'];
    report({
      code: 'SLA103',
      message: `${label} does not say where it is measured (\`measurement.point\`): ${WHY[String(objective.indicator)] ?? WHY.latency} Name the point: client, gateway, server or model.`,
      at: { path: [...path, 'point'], as: 'key' }, // on `measurement`, else the objective's id
      fixes: ['server', 'gateway', 'client', 'model'].map((point, i) => ({
        title: `Add \`measurement.point: ${point}\``, kind: 'setKey' as const, path, key: 'point', value: point, preferred: i === 0,
      })),
    });
  },
});
