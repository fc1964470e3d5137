/**
 * OpenSLO v1 export and import (spec §11). The export of every example SLA (and of a synthetic one
 * with every indicator, budgeting and window kind) meets the OpenSLO v1 rules — checked here by
 * plain assertions, independent of the validator — and imports back as the same SLA; without the
 * `modelsla.dev/` annotations the objectives, windows and targets still come back and what OpenSLO
 * cannot say comes back as findings. OpenSLO's own example shapes (occurrences, timeslices, ratio
 * timeslices; test/fixtures/openslo/) import with findings instead of guesses. The validator catches
 * each rule broken.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseSlaFile } from '../../server/src/service/parse';
import { parseDuration, parseTarget } from '../../server/src/facts/quantities';
import { exportOpenSlo, openSloYaml } from '../../server/src/service/openslo/export';
import { importOpenSlo, importOpenSloText, slaYaml } from '../../server/src/service/openslo/import';
import { objectName, validateOpenSlo } from '../../server/src/service/openslo/openslo';
import { getLanguageService } from '../../server/src/service/languageService';
import { repoRoot } from '../support/cli';

const examples = join(repoRoot, 'examples');
const exampleFiles = readdirSync(examples).filter((f) => f.endsWith('.sla.yaml'));
const slaOf = (text: string) => parseSlaFile('file:///x.sla.yaml', 1, text).docs.map((d) => d.value as Record<string, any>);
const servers = new Map([['local', { url: 'http://127.0.0.1:19190' }]]);
/** Export as text, parse it back as YAML documents (what a consumer reads), import. */
function roundTrip(sla: Record<string, any>, strip = false) {
  const exported = exportOpenSlo(sla, servers);
  const documents = parseAllDocuments(openSloYaml(exported.documents, 'x')).map((d) => d.toJS());
  if (strip) for (const d of documents) if (d.metadata?.annotations) {
    for (const k of Object.keys(d.metadata.annotations)) if (k.startsWith('modelsla.dev/')) delete d.metadata.annotations[k];
  }
  return { exported, documents, imported: importOpenSlo(documents) };
}

const SYNTHETIC = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: every-kind, title: Every kind of objective, owner: team@example.com }
model: Scorer_V2
scope: external
period: { start: 2026-01-01, end: 2026-12-31, timezone: Australia/Sydney }
metrics:
  requests: { file: metrics/requests.csv, timestamp: ts, total: n, goodCount: ok }
  events: { file: metrics/events.jsonl, timestamp: time, good: "status < 500", filter: 'route == "/v1"' }
  latency: { file: metrics/latency.csv, timestamp: ts, value: ms, unit: ms }
  eval: { file: metrics/eval.csv, timestamp: at, value: f1, samples: n, dataset: ds }
  prom: { prometheus: { server: prod, total: 'req_total{job="a"}', bad: 'req_total{job="a", code=~"5.."}' } }
objectives:
  - { id: avail-slices, indicator: availability, metric: requests, method: request-based, target: ">= 99%", window: { calendar: week }, budgeting: timeslices, slice: 5m, sliceTarget: ">= 95%", emptySlices: ignore, minObservations: 20 }
  - { id: events, indicator: availability, metric: events, method: request-based, target: "> 99.5%", window: { rolling: 36h } }
  - { id: under-300, indicator: latency, metric: latency, threshold: "<= 300ms", target: ">= 99%", window: { calendar: quarter }, measurement: { point: gateway, includes: [queueing] } }
  - { id: p99-9, indicator: latency, metric: latency, percentile: p99.9, percentileMethod: linear, target: "< 1.5s", window: { rolling: 90s } }
  - { id: p95-slices, indicator: latency, metric: latency, percentile: p95, percentileMethod: nearest-rank, target: "<= 200ms", window: { calendar: day }, budgeting: timeslices, slice: 90s, sliceTarget: ">= 90%" }
  - { id: f1, indicator: accuracy, metric: eval, measure: f1, target: ">= 0.82", window: { calendar: month }, evaluation: { cadence: weekly, dataset: holdout, minSamples: 5000, aggregate: every }, exclusions: [{ reason: retraining, from: "2026-03-02T00:00:00Z", to: "2026-03-04T00:00:00Z" }] }
  - { id: rps, indicator: throughput, metric: events, statistic: p5, slice: 1m, target: ">= 50rps", window: { calendar: year } }
  - { id: prom-bad, indicator: availability, metric: prom, method: request-based, target: ">= 99.95%", window: { rolling: 28d }, runbook: "https://runbooks.example.com/x" }
breach:
  external:
    serviceCredits:
      - { objective: events, tiers: [{ below: 99.5%, credit: 10% }] }
    remediation: { deadline: 14d }
    communication: [account-executive]
  escalation:
    - { after: 90s, notify: on-call }
    - { after: 1d, notify: director }
`;

/** The OpenSLO v1 rules, asserted without the validator (a second reading of the README). */
function assertOpenSloV1(documents: any[]): void {
  const kinds = new Set(['DataSource', 'SLO', 'SLI', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget', 'Service']);
  const names = new Set<string>();
  for (const d of documents) {
    assert.equal(d.apiVersion, 'openslo/v1');
    assert.ok(kinds.has(d.kind), d.kind);
    assert.match(d.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.ok(d.metadata.name.length <= 63, d.metadata.name);
    assert.ok(!names.has(`${d.kind}/${d.metadata.name}`), `${d.kind} ${d.metadata.name} twice`);
    names.add(`${d.kind}/${d.metadata.name}`);
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      assert.match(k, /^modelsla\.dev\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
      assert.ok(k.length - 'modelsla.dev/'.length <= 63 && typeof v === 'string', k);
    }
    if (d.kind !== 'SLO') continue;
    assert.equal(d.spec.timeWindow.length, 1);
    const w = d.spec.timeWindow[0];
    assert.match(w.duration, /^[1-9]\d*[mhdwMQY]$/);
    if (w.isRolling === false) {
      assert.match(w.calendar.startTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.equal(typeof w.calendar.timeZone, 'string');
    } else assert.equal(w.isRolling, true);
    assert.ok(['Occurrences', 'Timeslices', 'RatioTimeslices'].includes(d.spec.budgetingMethod));
    assert.ok(names.has(`Service/${d.spec.service}`), `the SLO's service ${d.spec.service} is a Service document`);
    for (const o of d.spec.objectives) {
      assert.ok(typeof o.target === 'number' && o.target >= 0 && o.target < 1, `target ${o.target}`);
      if (d.spec.budgetingMethod === 'Timeslices') {
        assert.ok(o.timeSliceTarget > 0 && o.timeSliceTarget <= 1);
        assert.match(o.timeSliceWindow, /^[1-9]\d*[mhdwMQY]$/);
      }
    }
    const sli = d.spec.indicator.spec;
    assert.ok((sli.ratioMetric === undefined) !== (sli.thresholdMetric === undefined));
    if (sli.ratioMetric) assert.equal(sli.ratioMetric.counter, true);
    const refs = [sli.thresholdMetric, sli.ratioMetric?.good, sli.ratioMetric?.bad, sli.ratioMetric?.total].filter(Boolean).map((m) => m.metricSource.metricSourceRef);
    for (const r of refs) assert.ok(names.has(`DataSource/${r}`), `metricSourceRef ${r} is a DataSource`);
  }
}

/** Targets, durations and windows compared by what they mean, not how they are spelled. */
function meaning(o: Record<string, any>): Record<string, unknown> {
  const target = (t: unknown) => { if (typeof t !== 'string') return t; const p = parseTarget(t); return p.ok ? `${p.value.op} ${p.value.quantity.normalized}${p.value.quantity.unit === '%' ? '%' : ''}` : t; };
  const duration = (d: unknown) => { if (typeof d !== 'string') return d; const p = parseDuration(d); return p.ok ? p.value.normalized : d; };
  return {
    id: o.id, indicator: o.indicator, metric: o.metric, target: target(o.target), percentile: o.percentile,
    window: o.window?.calendar ?? duration(o.window?.rolling), budgeting: o.budgeting ?? 'occurrences',
    slice: o.budgeting === 'timeslices' ? duration(o.slice) : undefined, sliceTarget: target(o.sliceTarget),
  };
}

describe('OpenSLO export', () => {
  for (const file of [...exampleFiles, '(synthetic)']) {
    test(`${file}: the export meets the OpenSLO v1 rules, by the validator and by hand`, () => {
      for (const sla of slaOf(file === '(synthetic)' ? SYNTHETIC : readFileSync(join(examples, file), 'utf8'))) {
        const { documents } = roundTrip(sla);
        assert.deepEqual(validateOpenSlo(documents), []);
        assertOpenSloV1(documents);
        assert.equal(documents.filter((d) => d.kind === 'SLO').length, sla.objectives.length);
      }
    });
  }

  test('the mapping of spec §11, by hand: names, windows, budgeting, targets, SLIs, data sources, escalation', () => {
    const [sla] = slaOf(SYNTHETIC);
    const { exported } = roundTrip(sla);
    const slo = (id: string) => exported.documents.find((d) => d.kind === 'SLO' && d.metadata.annotations?.['modelsla.dev/objective'] === id)!;
    assert.equal(exported.documents[0].kind, 'Service');
    assert.equal(exported.documents[0].metadata.name, 'scorer-v2'); // RFC 1123 from Scorer_V2
    assert.equal(slo('avail-slices').metadata.name, 'every-kind-avail-slices');
    // Calendar week: 1w from the ISO week that holds period.start (2026-01-01 is a Thursday: its week
    // starts on Monday 2025-12-29, as the SLA's weeks do) in the SLA's zone; timeslices: target = the
    // share of good slices (sliceTarget), timeSliceTarget = the per-slice target.
    assert.deepEqual(slo('avail-slices').spec.timeWindow, [{ duration: '1w', isRolling: false, calendar: { startTime: '2025-12-29 00:00:00', timeZone: 'Australia/Sydney' } }]);
    assert.ok(exported.notes.some((n) => n.includes('period.start 2026-01-01 is within a week') && n.includes('2025-12-29')), exported.notes.join('\n'));
    assert.equal(slo('avail-slices').spec.budgetingMethod, 'Timeslices');
    assert.deepEqual(slo('avail-slices').spec.objectives, [{ displayName: 'avail-slices', target: 0.95, timeSliceTarget: 0.99, timeSliceWindow: '5m' }]);
    assert.deepEqual(slo('events').spec.timeWindow, [{ duration: '36h', isRolling: true }]);
    assert.equal(slo('events').metadata.annotations!['modelsla.dev/target'], '> 99.5%'); // OpenSLO's targets are "at least"
    assert.deepEqual(slo('under-300').spec.timeWindow[0].duration, '1Q');
    // Percentile form: thresholdMetric, op and value from the target, the percentile as the share.
    assert.deepEqual(slo('p99-9').spec.objectives, [{ displayName: 'p99-9', op: 'lt', value: 1.5, target: 0.999 }]);
    assert.equal(slo('p99-9').metadata.annotations!['modelsla.dev/unit'], 's');
    assert.equal(slo('p99-9').metadata.annotations!['modelsla.dev/percentileMethod'], 'linear');
    assert.equal(slo('p99-9').metadata.annotations!['modelsla.dev/window'], '{"rolling":"90s"}'); // 90 s is not whole minutes
    assert.deepEqual(slo('p99-9').spec.timeWindow, [{ duration: '2m', isRolling: true }]);
    assert.ok(slo('p99-9').spec.indicator.spec.thresholdMetric);
    assert.equal(slo('f1').metadata.annotations!['modelsla.dev/evaluation'], '{"cadence":"weekly","dataset":"holdout","minSamples":5000,"aggregate":"every"}');
    // Prometheus: the DataSource carries the URL from .model-sla.yaml, the SLI the selectors (bad/total).
    const prom = slo('prom-bad').spec.indicator.spec.ratioMetric;
    assert.equal(prom.bad.metricSource.spec.query, 'req_total{job="a", code=~"5.."}');
    assert.equal(prom.total.metricSource.spec.query, 'req_total{job="a"}');
    const ds = exported.documents.find((d) => d.kind === 'DataSource' && d.metadata.name === prom.total.metricSource.metricSourceRef)!;
    assert.equal(ds.spec.type, 'Prometheus');
    assert.equal(ds.spec.connectionDetails.server, 'prod');
    assert.ok(exported.notes.some((n) => /server `prod` is not in .model-sla.yaml/.test(n)));
    assert.equal(exported.documents.find((d) => d.kind === 'DataSource' && d.metadata.annotations?.['modelsla.dev/metric'] === 'latency')!.spec.type, 'File');
    // Escalation: a target and a policy per step; 90 s rounds up to whole minutes, and says so.
    const policies = exported.documents.filter((d) => d.kind === 'AlertPolicy');
    assert.deepEqual(policies.map((p) => p.spec.conditions[0].spec.condition.alertAfter), ['2m', '1d']);
    assert.ok(exported.notes.some((n) => /escalation step 1: `after: 90s` is not whole minutes/.test(n)));
    assert.deepEqual(slo('f1').spec.alertPolicies, policies.map((p) => ({ alertPolicyRef: p.metadata.name })));
    // The top-level fields ride on the first SLO only.
    assert.equal(slo('avail-slices').metadata.annotations!['modelsla.dev/scope'], 'external');
    assert.equal(slo('events').metadata.annotations!['modelsla.dev/scope'], undefined);
  });

  test('a name longer than 63 characters keeps its start and a hash of the whole, so two long names stay apart', () => {
    const a = objectName(`${'very-long-sla-name-'.repeat(4)}-objective-a`), b = objectName(`${'very-long-sla-name-'.repeat(4)}-objective-b`);
    assert.ok(a.length <= 63 && b.length <= 63);
    assert.notEqual(a, b);
    assert.match(a, /^very-long-sla-name-very-long/);
    assert.equal(objectName('--Churn__XGB.v2--'), 'churn-xgb-v2');
  });

  test('ids, metrics and contacts that map to one name (a.b, a_b, A-B) get names of their own; the validator refuses two of one kind and name', () => {
    const [sla] = slaOf(SYNTHETIC);
    const three = ['a.b', 'a_b', 'A-B'];
    sla.objectives = three.map((id) => ({ ...sla.objectives.find((o: Record<string, any>) => o.id === 'events'), id }));
    sla.metrics = { ...sla.metrics, 'ev.x': sla.metrics.events, ev_x: sla.metrics.events };
    sla.breach.escalation = [{ after: '1h', notify: 'ops.team' }, { after: '2h', notify: 'ops_team' }];
    const { exported, documents, imported } = roundTrip(sla);
    assert.deepEqual(validateOpenSlo(documents), []);
    const slos = exported.documents.filter((d) => d.kind === 'SLO');
    assert.equal(new Set(slos.map((d) => d.metadata.name)).size, 3);
    assert.equal(slos[0].metadata.name, 'every-kind-a-b');
    assert.equal(new Set(exported.documents.filter((d) => d.kind === 'DataSource').map((d) => d.metadata.name)).size, Object.keys(sla.metrics).length);
    assert.equal(exported.documents.filter((d) => d.kind === 'AlertNotificationTarget').length, 2);
    assert.ok(exported.notes.some((n) => /the SLO for every-kind-a_b is named every-kind-a-b-\w+: every-kind-a-b is the SLO of every-kind-a\.b/.test(n)), exported.notes.join('\n'));
    assert.deepEqual(imported.slas[0].objectives.map((o: Record<string, any>) => o.id), three);
    // The validator's own rule: two SLOs of one name.
    const twice = [documents.find((d) => d.kind === 'SLO'), documents.find((d) => d.kind === 'SLO')];
    assert.match(validateOpenSlo(twice).map((p) => p.message).join('\n'), /a second SLO named every-kind-a-b/);
  });

  test('strings that look like JSON (an owner "123", a title "true") come back as strings; a description over 1050 characters comes back whole', () => {
    const [sla] = slaOf(SYNTHETIC);
    sla.metadata.owner = '123';
    sla.metadata.title = 'true';
    sla.objectives[1].description = 'x'.repeat(1100);
    const { exported, imported } = roundTrip(sla);
    assert.equal(exported.documents.find((d) => d.kind === 'SLO' && d.metadata.annotations?.['modelsla.dev/objective'] === 'events')!.spec.description.length, 1050);
    assert.deepEqual(imported.slas[0], sla);
  });

  test('a percentile objective per slice with `>` as its sliceTarget keeps it exactly (OpenSLO only says "at least")', () => {
    const [sla] = slaOf(SYNTHETIC);
    sla.objectives[4].sliceTarget = '> 90%';
    const { exported, imported } = roundTrip(sla);
    assert.equal(exported.documents.find((d) => d.metadata.annotations?.['modelsla.dev/objective'] === 'p95-slices')!.metadata.annotations!['modelsla.dev/sliceTarget'], '> 90%');
    assert.deepEqual(imported.slas[0], sla);
  });

  test('an SLA without a period: the calendar anchored for OpenSLO, and nothing invented on the way back (SLA102 stays)', () => {
    const [sla] = slaOf(SYNTHETIC);
    delete sla.period;
    const { exported, imported } = roundTrip(sla);
    assert.ok(exported.notes.some((n) => n.includes('no period.timezone')), exported.notes.join('\n'));
    assert.deepEqual(imported.slas[0], sla);
  });
});

describe('OpenSLO import', () => {
  for (const file of [...exampleFiles, '(synthetic)']) {
    test(`${file}: export then import gives the same SLA`, () => {
      const slas = slaOf(file === '(synthetic)' ? SYNTHETIC : readFileSync(join(examples, file), 'utf8'));
      for (const sla of slas) {
        const { imported } = roundTrip(sla);
        assert.deepEqual(imported.problems, []);
        assert.equal(imported.slas.length, 1);
        assert.deepEqual(imported.slas[0], sla);
      }
    });
  }

  test('without the modelsla.dev/ annotations, the objectives, windows and targets come back, and what OpenSLO cannot say comes back as findings', () => {
    for (const text of [...exampleFiles.map((f) => readFileSync(join(examples, f), 'utf8')), SYNTHETIC]) {
      for (const sla of slaOf(text)) {
        const { imported } = roundTrip(sla, true);
        const back = imported.slas[0];
        // 90 s windows become the 2 minutes OpenSLO can say, `> 99.5%` its "at least" (both carried
        // by annotations, stripped here); everything else means the same. Without
        // annotations an objective's id and metric come from the SLO's and the SLI's names, its
        // indicator from the SLI's form (ratio: availability, threshold: latency).
        const exact = (o: any) => o.window?.rolling !== '90s' && o.slice !== '90s' && !String(o.target).startsWith('> ');
        const strip = (m: Record<string, unknown>, o: any) => ({ ...m, id: undefined, metric: undefined, indicator: undefined, percentile: o.indicator === 'latency' ? m.percentile : undefined });
        assert.equal(back.objectives.length, sla.objectives.length);
        // (An accuracy or throughput objective comes back as a latency percentile, and says so in a note.)
        const got = back.objectives.map((o: any, i: number) => [o, sla.objectives[i]]).filter(([, original]: any[]) => exact(original)).map(([o, original]: any[]) => strip(meaning(o), original));
        const expected = sla.objectives.filter(exact).map((o: any) => strip(meaning(o), o));
        assert.deepEqual(got, expected, sla.metadata.name);
      }
    }
    // The example on Prometheus without annotations: the linter says the percentile method is open.
    const prometheusSla = slaOf(readFileSync(join(examples, 'churn-prometheus.sla.yaml'), 'utf8'))[0];
    const { imported } = roundTrip(prometheusSla, true);
    const codes = lint(slaYaml(imported.slas, 'x'));
    assert.ok(codes.includes('SLA101'), codes.join(' '));
    assert.ok(imported.notes.some((n) => /has no owner/.test(n)));
  });

  const fixture = (name: string) => importOpenSlo(parseAllDocuments(readFileSync(join(repoRoot, 'test', 'fixtures', 'openslo', name), 'utf8')).map((d) => d.toJS()));
  function lint(text: string): string[] {
    return getLanguageService({}).validate({ uri: 'file:///imported.sla.yaml', version: 1, getText: () => text }).map((d) => `${String(d.code)}${d.message.toString().includes('one minute') ? ':minute' : ''}`);
  }

  test('OpenSLO\'s occurrences example: a latency percentile whose unit and method OpenSLO left open: SLA002 (no unit) and SLA101, not a guess', () => {
    const r = fixture('occurrences.yaml');
    assert.deepEqual(r.problems, []);
    const o = r.slas[0].objectives[0];
    assert.deepEqual({ indicator: o.indicator, percentile: o.percentile, target: o.target, window: o.window, percentileMethod: o.percentileMethod }, { indicator: 'latency', percentile: 'p99', target: '< 500', window: { rolling: '2w' }, percentileMethod: undefined });
    const codes = lint(slaYaml(r.slas, 'x'));
    assert.ok(codes.includes('SLA101') && codes.includes('SLA002'), codes.join(' '));
    assert.ok(r.notes.some((n) => /type "Any" cannot be read/.test(n)));
  });

  test('OpenSLO\'s timeslices example: two objectives, the zone and start from the calendar, and `1m` (a minute) flagged where a month was meant', () => {
    const r = fixture('timeslices.yaml');
    const sla = r.slas[0];
    assert.deepEqual(sla.period, { start: '2022-01-01', timezone: 'America/New_York' });
    assert.deepEqual(sla.objectives.map((o: any) => [o.id, o.target, o.sliceTarget, o.slice, o.budgeting, o.window.calendar]), [
      ['service-availability-internal-objective', '>= 99%', '>= 99.5%', '1m', 'timeslices', '1m'],
      ['service-availability-sla', '>= 99%', '>= 99%', '1m', 'timeslices', '1m'],
    ]);
    assert.ok(lint(slaYaml(r.slas, 'x')).includes('SLA002:minute'));
    assert.ok(r.notes.some((n) => /starts at 12:00:00/.test(n)));
  });

  test('OpenSLO\'s ratio-timeslices example: imported, with RatioTimeslices left for the user to choose (SLA002 and a note)', () => {
    const r = fixture('ratio-timeslices.yaml');
    const o = r.slas[0].objectives[0];
    assert.deepEqual([o.target, o.budgeting, o.slice, o.window], ['>= 99%', 'RatioTimeslices', '1m', { rolling: '2w' }]);
    assert.ok(lint(slaYaml(r.slas, 'x')).includes('SLA002'));
    assert.ok(r.notes.some((n) => /RatioTimeslices .* has no equivalent/.test(n)));
  });

  test('OpenSLO on Prometheus: the queries become selectors, the DataSource the server (and its URL for .model-sla.yaml), targetPercent a percentage', () => {
    const r = fixture('prometheus.yaml');
    assert.deepEqual(r.slas[0].metrics, { 'checkout-requests': { prometheus: { server: 'prometheus-prod', total: 'http_requests_total{job="checkout"}', good: 'http_requests_total{job="checkout", code!~"5.."}' } } });
    assert.deepEqual(r.slas[0].objectives[0], { id: 'availability', indicator: 'availability', metric: 'checkout-requests', method: 'request-based', target: '>= 99.95%', window: { rolling: '28d' } });
    assert.deepEqual([...r.servers], [['prometheus-prod', 'http://prometheus.example.com:9090']]);
    assert.equal(r.slas[0].metadata.title, 'Checkout API');
  });

  test('a foreign calendar week starting on a Thursday: imported with a note that the SLA\'s weeks are ISO weeks', () => {
    const documents = parseAllDocuments(readFileSync(join(repoRoot, 'test', 'fixtures', 'openslo', 'timeslices.yaml'), 'utf8')).map((d) => d.toJS());
    for (const d of documents) if (d.kind === 'SLO') d.spec.timeWindow = [{ duration: '1w', isRolling: false, calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'Europe/Berlin' } }];
    const imported = importOpenSlo(documents);
    assert.ok(imported.notes.some((n) => /starts on 2026-01-01, within a week; an SLA's weeks are calendar ISO weeks \(Monday to Sunday\), so its windows start on 2025-12-29/.test(n)), imported.notes.join('\n'));
  });

  test('an SLO without a spec is left out with a note; an alias bomb is a message, not a crash', () => {
    const imported = importOpenSlo([{ apiVersion: 'openslo/v1', kind: 'SLO', metadata: { name: 'bare' } }]);
    assert.deepEqual(imported.slas, []);
    assert.ok(imported.notes.includes('SLO bare: no spec: left out'), imported.notes.join('\n'));
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    const result = importOpenSloText(bomb, 'bomb.yaml');
    assert.equal(result.text, null);
    assert.match(result.yamlErrors.join('\n'), /^1:1 .*alias/i);
  });

  test('a calendar without a timeZone leaves period.timezone open: SLA102', () => {
    const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'openslo', 'timeslices.yaml'), 'utf8').replace('        timeZone: America/New_York\n', '').replace(/duration: 1m/, 'duration: 1M');
    const r = importOpenSlo(parseAllDocuments(text).map((d) => d.toJS()));
    assert.ok(r.problems.some((p) => /timeZone/.test(p.message)));
    assert.equal(r.slas[0].objectives[0].window.calendar, 'month');
    assert.ok(lint(slaYaml(r.slas, 'x')).includes('SLA102'));
  });
});

describe('OpenSLO v1 validator', () => {
  const base = () => parseAllDocuments(readFileSync(join(repoRoot, 'test', 'fixtures', 'openslo', 'prometheus.yaml'), 'utf8')).map((d) => d.toJS());
  const broken: [string, (docs: any[]) => void, RegExp][] = [
    ['apiVersion', (d) => { d[2].apiVersion = 'openslo/v1alpha'; }, /apiVersion/],
    ['kind', (d) => { d[2].kind = 'Slo'; }, /kind/],
    ['a 64-character name', (d) => { d[2].metadata.name = 'a'.repeat(64); }, /RFC 1123/],
    ['an uppercase name', (d) => { d[0].metadata.name = 'Checkout'; }, /RFC 1123/],
    ['two time windows', (d) => { d[2].spec.timeWindow.push({ duration: '7d', isRolling: true }); }, /exactly one item/],
    ['no time window', (d) => { d[2].spec.timeWindow = []; }, /exactly one item/],
    ['a duration that is not shorthand', (d) => { d[2].spec.timeWindow[0].duration = '30 days'; }, /duration shorthand/],
    ['a calendar without startTime', (d) => { d[2].spec.timeWindow[0] = { duration: '1M', isRolling: false, calendar: { timeZone: 'UTC' } }; }, /startTime/],
    ['budgetingMethod in lowercase', (d) => { d[2].spec.budgetingMethod = 'occurrences'; }, /budgetingMethod/],
    ['a target of 1', (d) => { d[2].spec.objectives[0] = { target: 1 }; }, /not in \[0, 1\)/],
    ['targetPercent 100', (d) => { d[2].spec.objectives[0] = { targetPercent: 100 }; }, /not in \[0, 100\)/],
    ['both target and targetPercent', (d) => { d[2].spec.objectives[0].target = 0.9; }, /exactly one of target and targetPercent/],
    ['Timeslices without timeSliceTarget', (d) => { d[2].spec.budgetingMethod = 'Timeslices'; d[2].spec.objectives[0].timeSliceWindow = '5m'; }, /timeSliceTarget/],
    ['good and bad', (d) => { d[2].spec.indicator.spec.ratioMetric.bad = d[2].spec.indicator.spec.ratioMetric.good; }, /exactly one of good and bad/],
    ['a long description', (d) => { d[2].spec.description = 'x'.repeat(1051); }, /1050/],
    ['an annotation key with a bad prefix', (d) => { d[2].metadata.annotations = { 'Model SLA/x': 'y' }; }, /annotation key/],
  ];
  test('the fixture itself is valid', () => assert.deepEqual(validateOpenSlo(base()), []));
  for (const [what, mutate, message] of broken) {
    test(`flags ${what}`, () => {
      const docs = base();
      mutate(docs);
      const problems = validateOpenSlo(docs);
      assert.ok(problems.some((p) => message.test(p.message)), JSON.stringify(problems));
    });
  }
});
