// A server entry of .model-sla.yaml that is refused (credentials in its url, a header with a line
// break, a wrong timeout) is there, so SLA119 must say why it is not used — not "add it under
// `servers:`", which sends the reader to write what is already written. The editor shows the
// configuration's problems only in its log, so the finding is where the reader learns the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePrometheus } from '../../server/src/io/metricAccess';
import { parseServers } from '../../server/src/service/prometheusServers';

const spec = { prometheus: { server: 'prod', total: 'x_total', good: 'x_total' } };

test('SLA119 for a refused server entry says why it is not used', () => {
  const parsed = parseServers({ prod: { url: 'https://user:pw@prom.example.com' }, other: { url: 'https://prom.example.com' } });
  assert.equal(parsed.servers.has('prod'), false);
  const resolved = resolvePrometheus(spec, { servers: () => parsed.servers, refused: () => parsed.refused }, {});
  assert.equal(resolved.ok, false);
  const message = resolved.ok ? '' : resolved.message;
  assert.match(message, /`prod` in \.model-sla\.yaml cannot be used: `url` holds credentials/);
  assert.doesNotMatch(message, /add it under/);
});

test('a server not written at all still says to add it, naming the configured ones', () => {
  const parsed = parseServers({ other: { url: 'https://prom.example.com' } });
  const resolved = resolvePrometheus(spec, { servers: () => parsed.servers, refused: () => parsed.refused }, {});
  assert.match(resolved.ok ? '' : resolved.message, /is not configured: add it under `servers:`.*configured: `other`/);
});
