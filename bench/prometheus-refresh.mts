// The preview's refresh of a Prometheus metric (issue 15, incremental refresh): the same month as
// bench/prometheus.mjs read in-process through the service path, cold, then again a minute later
// (the source's identity changes every minute), when the answers for settled instants are kept
// (io/prometheus/answerCache.ts). Prints both times, the requests each made, and the ratio.
//   node --import tsx bench/prometheus-refresh.mts     (after `npm run bench:prometheus` made the data)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess } from '../server/src/io/metricAccess';
import { complianceReports } from '../server/src/service/compliance';
import { parseSlaFile } from '../server/src/service/parse';
import { parseServers } from '../server/src/service/prometheusServers';
import { clearAnswers } from '../server/src/io/prometheus/answerCache';
// @ts-expect-error a plain ES module of the benchmark
import { END, servePrometheus } from './prometheus-data.mjs';

const dataDir = join(import.meta.dirname, 'results', 'prometheus-data');
if (!existsSync(join(dataDir, 'truth.json'))) { console.error('no data yet: run `npm run bench:prometheus` first'); process.exit(2); }
const served = await servePrometheus(dataDir);
try {
  const ws = join(served.work, 'ws');
  mkdirSync(ws);
  const text = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: refresh, owner: bench@example.com }
model: bench
scope: internal
period: { start: 2026-11-01, end: 2026-11-30, timezone: UTC }
metrics:
  requests:
    prometheus: { server: bench, total: model_requests_total, good: 'model_requests_total{code="200"}' }
objectives:
  - { id: availability, indicator: availability, metric: requests, target: ">= 99.9%", window: { calendar: month } }
  - { id: rolling, indicator: availability, metric: requests, target: ">= 99.9%", window: { rolling: 7d } }
`;
  writeFileSync(join(ws, 'refresh.sla.yaml'), text);
  const { servers } = parseServers({ bench: { url: served.url, timeout: '120s' } });
  let requests = 0;
  const read = async (now: number) => {
    const access = new NodeMetricAccess(() => [ws], 32, { servers: () => servers, trace: () => { requests++; }, source: { now: () => now } });
    const file = parseSlaFile(pathToFileURL(join(ws, 'refresh.sla.yaml')).href, 1, text);
    requests = 0;
    const t0 = performance.now();
    const [report] = await complianceReports(file, access, { file: 'refresh.sla.yaml', series: true });
    return { ms: performance.now() - t0, requests, observations: report.objectives[0].windows.at(-1)!.observations };
  };
  // "Now" is the month's last minute: the preview open while the month ends.
  const cold = await read(END - 60_000);
  const again = await read(END);
  // The same instant read cold must count the same (the minute in between brought new samples).
  clearAnswers();
  const check = await read(END);
  if (again.observations !== check.observations) throw new Error(`the refresh counted ${again.observations}, a cold read ${check.observations}`);
  console.log(`cold read ${cold.ms.toFixed(0)} ms (${cold.requests} requests); a minute later ${again.ms.toFixed(0)} ms (${again.requests} requests); ratio ${(again.ms / cold.ms).toFixed(2)}; counts equal to a cold read's`);
} finally {
  await served.stop();
}
