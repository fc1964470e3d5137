// A selector the schema refuses (SLA002 at its column: `sum(...)`, `offset`, a `__name__` pattern, a
// broken regular expression) is said once, there — not a second time as SLA119 on the `server`
// line with the same words, as if the server had failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/service/languageService';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { parseServers } from '../../server/src/service/prometheusServers';

const SLA = (total: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: sel, owner: team@example.com }
model: m
scope: internal
period: { start: 2026-03-01, end: 2026-03-02, timezone: UTC }
metrics:
  requests:
    prometheus:
      server: prod
      total: '${total}'
      good: 'req_total{code="200"}'
objectives:
  - { id: avail, indicator: availability, metric: requests, method: request-based, target: ">= 99%", window: { calendar: day }, measurement: { point: gateway } }
`;

test('a refused selector is SLA002 once, with no SLA119 beside it', async () => {
  // Nobody listens on port 9: a read would be an SLA119 "connection refused", so none may happen.
  const access = new NodeMetricAccess(() => ['/tmp'], 32, { servers: () => parseServers({ prod: { url: 'http://127.0.0.1:9' } }).servers });
  const service = getLanguageService({ metrics: access });
  for (const total of ['sum(req_total)', 'req_total offset 5m', '{__name__=~"req_total|bad_total"}', 'req_total{job=~"("}']) {
    const document = { uri: 'file:///tmp/sel.sla.yaml', version: 1, getText: () => SLA(total) };
    await service.lintData(document);
    const codes = service.validate(document).filter((d) => d.severity === 1).map((d) => d.code);
    assert.deepEqual(codes, ['SLA002'], `${total}: ${codes.join(', ')}`);
  }
});
