/**
 * Counter edges a careful SRE checks by hand, against a real Prometheus (spec §10): the increase
 * a series shows at its first sample inside the range is counted from its last sample before the
 * range, however long before that sample is (a scrape gap across the period's start: a target
 * down for hours, a job scraped every 2 h); only a series with no sample before the range at all
 * is a series start that counts nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PrometheusClient } from '../../server/src/io/prometheus/client';
import { PrometheusMetricSource } from '../../server/src/io/sources/prometheusSource';
import { parseServers } from '../../server/src/service/prometheusServers';
import { prometheusAvailable, startPrometheus, type Family, type RunningPrometheus } from '../support/prometheus';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';
const FROM = Date.parse('2026-03-01T00:00:00Z');
const TO = Date.parse('2026-03-02T00:00:00Z');
const M10 = 600_000;

/** From `first`, a sample every 10 min, +1 each, until TO (exclusive); `head` samples before. */
function samples(head: { t: number; v: number }[], first: number, v0: number): { t: number; v: number }[] {
  const out = [...head];
  let v = v0;
  for (let t = first; t < TO; t += M10) out.push({ t, v: v++ });
  return out;
}

const families: Family[] = [{
  name: 'req', type: 'counter', series: [
    // 4 h without a sample across the range's start: 21:00 → 01:00 shows 50 requests, then 137 × 1.
    { labels: { job: 'gap' }, samples: samples([{ t: FROM - 3 * 3_600_000, v: 100 }], FROM + 3_600_000, 150) },
    // The same, but the counter restarted meanwhile: 01:00 shows its 40 (a reset), then 137 × 1.
    { labels: { job: 'gap-reset' }, samples: samples([{ t: FROM - 3 * 3_600_000, v: 100 }], FROM + 3_600_000, 40) },
    // Born inside the range at 01:00: the first sample counts nothing, then 137 × 1.
    { labels: { job: 'new' }, samples: samples([], FROM + 3_600_000, 150) },
    // 30 pods across the gap: the look-back is asked in a few batched requests, not one per series.
    ...Array.from({ length: 30 }, (_, i) => ({ labels: { job: 'pods', pod: `p${i}` }, samples: samples([{ t: FROM - 3 * 3_600_000, v: 100 }], FROM + 3_600_000, 150) })),
  ],
}];

describe('counter increases across a long scrape gap at the range\'s start', { skip }, () => {
  let prom: RunningPrometheus;
  before(async () => { prom = await startPrometheus(families); });
  after(async () => { await prom?.stop(); });

  const sum = async (job: string, trace?: (line: string) => void) => {
    const server = parseServers({ prod: { url: prom.url } }).servers.get('prod')!;
    const source = new PrometheusMetricSource(new PrometheusClient(server, trace ? { trace } : {}), { server: 'prod', total: `req_total{job="${job}"}`, good: `req_total{job="${job}"}` }, { now: () => TO + 86_400_000 });
    const data = await source.read({ range: { from: FROM, to: TO } });
    let total = 0;
    for (let i = 0; i < data.rows; i++) if (data.timestamps[i] >= FROM && data.timestamps[i] < TO) total += data.totals![i];
    return { total, notes: source.notes.total };
  };

  test('the first sample inside counts from the last sample 4 h before: 50 + 137 = 187', async () => {
    const { total, notes } = await sum('gap');
    assert.equal(total, 187);
    assert.equal(notes.starts.length, 0, 'a series seen before the range is no series start');
  });

  test('a reset during the gap counts the new value: 40 + 137 = 177', async () => {
    const { total, notes } = await sum('gap-reset');
    assert.equal(total, 177);
    assert.equal(notes.resets, 1);
  });

  test('30 series across the gap: each counts 187, asked for in batches (not 60 requests)', async () => {
    const lines: string[] = [];
    const { total, notes } = await sum('pods', (line) => lines.push(line));
    assert.equal(total, 30 * 187);
    assert.equal(notes.starts.length, 0);
    const lookbacks = lines.filter((l) => l.includes('last_over_time')).length;
    assert.ok(lookbacks > 0 && lookbacks <= 4, `${lookbacks} look-back requests`);
  });

  test('a series with no sample before the range is a start: 137', async () => {
    const { total, notes } = await sum('new');
    assert.equal(total, 137);
    assert.equal(notes.starts.length, 1);
  });
});
