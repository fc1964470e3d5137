/**
 * A histogram whose series do not share their buckets (two instances of one job exporting different
 * `le` sets, e.g. during a rollout that changed the buckets): a boundary one series lacks cannot be
 * summed exactly, so it is refused (SLA118) — and the message says that the threshold *is* a
 * boundary of some series and which series lacks it, rather than listing only the common boundaries
 * as if the exporter had never had it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { complianceReports } from '../../server/src/service/compliance';
import { getLanguageService } from '../../server/src/service/languageService';
import { parseSlaFile } from '../../server/src/service/parse';
import { parseServers } from '../../server/src/service/prometheusServers';
import { prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
const START = Date.parse('2026-11-02T00:00:00Z');
const END = START + 86_400_000;

function instance(name: string, les: string[]) {
  const series: Family['series'] = [];
  for (const [k, le] of les.entries()) {
    series.push({ labels: { __name__: 'lat_seconds_bucket', job: 'api', instance: name, le }, samples: Array.from({ length: 24 }, (_, i) => ({ t: START + i * 3_600_000, v: i * (k + 1) })) });
  }
  series.push({ labels: { __name__: 'lat_seconds_count', job: 'api', instance: name }, samples: Array.from({ length: 24 }, (_, i) => ({ t: START + i * 3_600_000, v: i * les.length })) });
  return series;
}
const families: Family[] = [{ name: 'lat_seconds', type: 'histogram', series: [...instance('a', ['0.1', '0.3', '+Inf']), ...instance('b', ['0.1', '0.5', '+Inf'])] }];

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: hist, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-11-02, end: 2026-11-02, timezone: UTC }
metrics:
  latency:
    prometheus: { server: prod, histogram: 'lat_seconds{job="api"}' }
    unit: s
objectives:
  - id: latency
    indicator: latency
    metric: latency
    threshold: "<= 300ms"
    target: ">= 90%"
    window: { calendar: day }
`;

describe('a histogram whose series have different buckets', { skip }, () => {
  let prom: RunningPrometheus;
  let ws: string;
  let access: NodeMetricAccess;
  before(async () => {
    prom = await startPrometheus(families);
    ws = mkdtempSync(join(tmpdir(), 'model-sla-hist-buckets-'));
    access = new NodeMetricAccess(() => [ws], 32, { servers: () => parseServers({ prod: { url: prom.url } }).servers, source: { now: () => END + 3_600_000 } });
  });
  after(async () => { await prom?.stop(); if (ws) rmSync(ws, { recursive: true, force: true }); });

  test('the report and SLA118 say the threshold is a boundary of some series and name one that lacks it', async () => {
    const uri = pathToFileURL(join(ws, 'h.sla.yaml')).href;
    const [r] = await complianceReports(parseSlaFile(uri, 1, SLA), access, { file: 'h.sla.yaml', asOf: END, series: false });
    const problem = r.objectives[0].problem ?? r.objectives[0].windows[0]?.problem ?? '';
    assert.match(problem, /only some series/);
    assert.match(problem, /instance="b"/);
    const service = getLanguageService({ metrics: access });
    const document = { uri, version: 1, getText: () => SLA };
    await service.lintData(document);
    const sla118 = service.validate(document).filter((d) => d.code === 'SLA118');
    assert.equal(sla118.length, 1);
    assert.match(String(sla118[0].message), /only some series of `lat_seconds`/);
    assert.match(String(sla118[0].message), /instance="b"/);
  });
});
