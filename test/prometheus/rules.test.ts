/**
 * Prometheus rules generated from an SLA (spec §11) against the real promtool: the file passes
 * `promtool check rules`, and `promtool test rules` with synthetic series shows the tiers fire when
 * they should — nothing while every request succeeds, every tier ten minutes into a total outage —
 * with the factors of spec §11 (s · P / L); a slow leak opens tickets without paging; traffic below
 * `minObservations` pages nobody; a missing SLI raises the absent alert. The CLI and the committed
 * example are checked too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSlaFile } from '../../server/src/service/parse';
import { prometheusRules, prometheusRulesYaml } from '../../server/src/service/generate/prometheusRules';
import { PROMTOOL, prometheusAvailable } from '../support/prometheus';
import { repoRoot, runCli, why } from '../support/cli';

const skip = prometheusAvailable() ? false : 'Debian\'s prometheus package is not installed (apt-get install prometheus; .ci/run does)';

const SLA = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: churn, owner: team@example.com }
model: churn-xgb
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  requests:
    prometheus: { server: prod, total: 'http_requests_total{job="api"}', good: 'http_requests_total{job="api", code!~"5.."}' }
  latency:
    prometheus: { server: prod, histogram: 'http_request_duration_seconds{job="api"}' }
    unit: s
  files:
    { file: metrics/requests.csv, timestamp: ts, total: n, goodCount: ok }
objectives:
  - { id: availability, indicator: availability, metric: requests, target: ">= 99.9%", window: { calendar: month } }
  - { id: fast, indicator: latency, metric: latency, threshold: "<= 300ms", target: ">= 99%", window: { rolling: 28d } }
  - { id: p99, indicator: latency, metric: latency, percentile: p99, percentileMethod: nearest-rank, target: "<= 500ms", window: { calendar: month } }
  - { id: from-file, indicator: availability, metric: files, target: ">= 99%", window: { calendar: month } }
breach:
  escalation:
    - { after: 1h, notify: ml-oncall }
`;

describe('Prometheus rules checked by promtool', { skip }, () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'model-sla-rules-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
  const generated = () => prometheusRules(parseSlaFile('file:///churn.sla.yaml', 1, SLA).docs[0].value);

  test('the ratio objectives get rules, the others are listed with why; the factors are s · P / L', () => {
    const r = generated();
    assert.deepEqual(r.groups.map((g) => g.name), ['modelsla/churn/availability', 'modelsla/churn/fast']);
    assert.deepEqual(r.skipped.map((s) => s.objective), ['p99', 'from-file']);
    const alerts = r.groups[0].rules.filter((x) => x.alert === 'ModelSlaErrorBudgetBurn');
    // Month (30d), budget 0.001: fast 0.02 · 720h / 1h = 14.4 → 0.0144; medium 0.05 · 720 / 6 = 6 → 0.006;
    // slow 0.1 · 30 = 3 → 0.003; steady 0.1 · 10 = 1 → 0.001.
    assert.deepEqual(alerts.map((a) => /> ([\d.]+) and/.exec(a.expr)?.[1]), ['0.0144', '0.006', '0.003', '0.001']);
    assert.deepEqual(alerts.map((a) => a.labels?.burnrate_tier), ['fast', 'medium', 'slow', 'steady']);
    assert.match(alerts[0].annotations?.description ?? '', /after 1h: ml-oncall/);
    // Rolling 28d, budget 0.01: fast 0.02 · 672 = 13.44 → 0.1344.
    assert.match(r.groups[1].rules.find((x) => x.labels?.burnrate_tier === 'fast')!.expr, /> 0\.1344 and/);
    assert.match(r.groups[1].rules[0].expr, /le="0\.3"/);
  });

  test('promtool check rules accepts the file; promtool test rules: nothing before the outage, every tier ten minutes into it', () => {
    const rules = join(dir, 'rules.yml');
    writeFileSync(rules, prometheusRulesYaml(generated().groups, 'churn.sla.yaml'));
    // Lint errors (duplicate rules: two absent() alerts with the same labels) fail too.
    const check = spawnSync(PROMTOOL, ['check', 'rules', '--lint=all', '--lint-fatal', rules], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /SUCCESS: 26 rules found/); // 2 objectives × (7 recording rules, 4 tiers, 2 absent())
    // 100 requests a minute for 3 hours; from 2h on, every request fails (an outage) on one instance.
    const tests = `rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="200"}'
        values: '0+100x120 12000x60'
      - series: 'http_requests_total{job="api", code="500"}'
        values: '0x120 0+100x60'
      - series: 'http_request_duration_seconds_bucket{job="api", le="0.3"}'
        values: '0+100x180'
      - series: 'http_request_duration_seconds_count{job="api"}'
        values: '0+100x180'
    alert_rule_test:
      - eval_time: 110m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts: []
      - eval_time: 130m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts:
          - exp_labels: { severity: page, burnrate_tier: fast, sla: churn, objective: availability, model: churn-xgb }
            exp_annotations:
              summary: "churn / availability: 2 % of the error budget (0.1 % of requests) spent within 1h (burn rate above 14.4)"
              description: "Objective availability: good events / all events in each calendar month (UTC), as a percentage; met when ≥ 99.9%. Escalation: after 1h: ml-oncall."
          - exp_labels: { severity: page, burnrate_tier: medium, sla: churn, objective: availability, model: churn-xgb }
            exp_annotations:
              summary: "churn / availability: 5 % of the error budget (0.1 % of requests) spent within 6h (burn rate above 6)"
              description: "Objective availability: good events / all events in each calendar month (UTC), as a percentage; met when ≥ 99.9%. Escalation: after 1h: ml-oncall."
          - exp_labels: { severity: ticket, burnrate_tier: slow, sla: churn, objective: availability, model: churn-xgb }
            exp_annotations:
              summary: "churn / availability: 10 % of the error budget (0.1 % of requests) spent within 1d (burn rate above 3)"
              description: "Objective availability: good events / all events in each calendar month (UTC), as a percentage; met when ≥ 99.9%. Escalation: after 1h: ml-oncall."
          - exp_labels: { severity: ticket, burnrate_tier: steady, sla: churn, objective: availability, model: churn-xgb }
            exp_annotations:
              summary: "churn / availability: 10 % of the error budget (0.1 % of requests) spent within 3d (burn rate above 1)"
              description: "Objective availability: good events / all events in each calendar month (UTC), as a percentage; met when ≥ 99.9%. Escalation: after 1h: ml-oncall."
`;
    writeFileSync(join(dir, 'tests.yml'), tests);
    const run = spawnSync(PROMTOOL, ['test', 'rules', join(dir, 'tests.yml')], { encoding: 'utf8', cwd: dir });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  test('model-sla generate prometheus-rules: the rule file of a folder, what it leaves out on stderr, exit 0; an SLA with errors is refused', () => {
    const folder = join(dir, 'slas');
    mkdirSync(folder);
    writeFileSync(join(folder, 'churn.sla.yaml'), SLA);
    const out = join(dir, 'generated.yml');
    const run = runCli(['generate', 'prometheus-rules', folder, '--out', out]);
    assert.equal(run.status, 0, why(run));
    assert.match(run.stderr, /objective p99: no rules: a percentile objective/);
    assert.match(run.stderr, /objective from-file: no rules: its metric is not a Prometheus metric/);
    const check = spawnSync(PROMTOOL, ['check', 'rules', '--lint=all', '--lint-fatal', out], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    writeFileSync(join(folder, 'broken.sla.yaml'), SLA.replace('target: ">= 99.9%"', 'target: 12'));
    const refused = runCli(['generate', 'prometheus-rules', join(folder, 'broken.sla.yaml')]);
    assert.equal(refused.status, 2, why(refused));
    assert.match(refused.stderr, /error SLA002 .*\n.*nothing generated: fix the errors above first/);
  });

  test('examples/churn-prometheus.rules.yml is what the example SLA generates now, and promtool accepts it', () => {
    const committed = join(repoRoot, 'examples', 'churn-prometheus.rules.yml');
    const run = runCli(['generate', 'prometheus-rules', 'examples/churn-prometheus.sla.yaml']);
    assert.equal(run.status, 0, why(run));
    assert.equal(run.stdout, readFileSync(committed, 'utf8'), 'regenerate it: model-sla generate prometheus-rules examples/churn-prometheus.sla.yaml --out examples/churn-prometheus.rules.yml');
    const check = spawnSync(PROMTOOL, ['check', 'rules', '--lint=all', '--lint-fatal', committed], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
  /** A one-objective SLA on the availability counters, with a window, a target and optional extras. */
  const availabilitySla = (window: string, target = '>= 99.9%', extra = '') => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: leak, owner: team@example.com }
model: churn-xgb
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  requests:
    prometheus: { server: prod, total: 'http_requests_total{job="api"}', good: 'http_requests_total{job="api", code!~"5.."}' }
objectives:
  - { id: availability, indicator: availability, metric: requests, target: "${target}", window: ${window}${extra} }
breach:
  runbook: https://runbooks.example.com/leak
  escalation:
    - { after: 1h, notify: ml-oncall }
`;
  const bounds = (slaText: string) => prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, slaText).docs[0].value).groups[0].rules
    .filter((x) => x.alert === 'ModelSlaErrorBudgetBurn').map((a) => /> ([\d.e-]+) and/.exec(a.expr)?.[1]);

  test('the factors s · P / L for rolling 28d and 30d, calendar week, month and quarter (budget 0.1 %), worked by hand', () => {
    // P in hours: 28d 672, 30d 720, week 168, month 720 (30d), quarter 2160 (90d). Tiers: fast 2 % / 1h,
    // medium 5 % / 6h, slow 10 % / 24h, steady 10 % / 72h; the bound is factor · 0.001.
    assert.deepEqual(bounds(availabilitySla('{ rolling: 28d }')), ['0.01344', '0.0056', '0.0028', '0.000933333333333']);
    assert.deepEqual(bounds(availabilitySla('{ rolling: 30d }')), ['0.0144', '0.006', '0.003', '0.001']);
    assert.deepEqual(bounds(availabilitySla('{ calendar: week }')), ['0.00336', '0.0014', '0.0007', '0.000233333333333']);
    assert.deepEqual(bounds(availabilitySla('{ calendar: month }')), ['0.0144', '0.006', '0.003', '0.001']);
    assert.deepEqual(bounds(availabilitySla('{ calendar: quarter }')), ['0.0432', '0.018', '0.009', '0.003']);
    // Budget 1 % on a month: ten times the bounds.
    assert.deepEqual(bounds(availabilitySla('{ calendar: month }', '>= 99%')), ['0.144', '0.06', '0.03', '0.01']);
    const all = ['{ rolling: 28d }', '{ rolling: 30d }', '{ calendar: week }', '{ calendar: quarter }'].map((w, i) => prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, availabilitySla(w).replace('name: leak', `name: leak-${i}`)).docs[0].value).groups).flat();
    const file = join(dir, 'windows.yml');
    writeFileSync(file, prometheusRulesYaml(all, 'x'));
    const check = spawnSync(PROMTOOL, ['check', 'rules', '--lint=all', '--lint-fatal', file], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  /** Runs promtool test rules over the generated rules of an SLA and the given test groups; the expected alerts' annotations come from the rules. */
  function promtoolTest(name: string, slaText: string, tests: (annotations: (tier: string) => string) => string) {
    const result = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, slaText).docs[0].value);
    const rulesFile = join(dir, `${name}.rules.yml`);
    writeFileSync(rulesFile, prometheusRulesYaml(result.groups, 'x'));
    const annotations = (tier: string) => {
      const rule = result.groups[0].rules.find((x) => x.alert && (tier.startsWith('absent:') ? x.alert === 'ModelSlaSliAbsent' && x.labels?.sli === tier.slice(7) : x.labels?.burnrate_tier === tier))!;
      return JSON.stringify(rule.annotations);
    };
    const testFile = join(dir, `${name}.test.yml`);
    writeFileSync(testFile, `rule_files: [${name}.rules.yml]\nevaluation_interval: 1m\ntests:\n${tests(annotations)}`);
    const run = spawnSync(PROMTOOL, ['test', 'rules', testFile], { encoding: 'utf8', cwd: dir });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  }
  const alert = (tier: string, severity: string, annotations: (tier: string) => string) =>
    `          - exp_labels: { severity: ${severity}, burnrate_tier: ${tier}, sla: leak, objective: availability, model: churn-xgb }\n            exp_annotations: ${annotations(tier)}\n`;
  /** Every tier firing: the two that page and the two that open a ticket. */
  const everyTier = (annotations: (tier: string) => string) =>
    `${alert('fast', 'page', annotations)}${alert('medium', 'page', annotations)}${alert('slow', 'ticket', annotations)}${alert('steady', 'ticket', annotations)}`;

  test('a slow leak spending a little more than 10 % of a 30-day budget a day opens tickets (slow, steady) and pages nobody', () => {
    // 1000 requests a minute, 3.5 of them failing: error ratio 0.0035 > 0.003 (slow: 10 % of the month's
    // budget in a day) and > 0.001 (steady), below 0.006 (medium) and 0.0144 (fast). After 25 h the
    // day-long window is full of the leak; the fast and medium tiers never fire.
    promtoolTest('leak', availabilitySla('{ calendar: month }'), (annotations) => `  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="200"}'
        values: '0+996.5x1560'
      - series: 'http_requests_total{job="api", code="500"}'
        values: '0+3.5x1560'
    alert_rule_test:
      - eval_time: 25h
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts:
${alert('slow', 'ticket', annotations)}${alert('steady', 'ticket', annotations)}`);
  });

  test('a total outage with traffic below minObservations pages nobody; the same outage with enough traffic pages within minutes', () => {
    const sla = availabilitySla('{ calendar: month }', '>= 99.9%', ', minObservations: 1000');
    promtoolTest('low-traffic', sla, (annotations) => `  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="200"}'
        values: '0x180'
      - series: 'http_requests_total{job="api", code="500"}'
        values: '0+1x180'
    alert_rule_test:
      - eval_time: 3h
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts: []
  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="200"}'
        values: '0+100x60 6000x60'
      - series: 'http_requests_total{job="api", code="500"}'
        values: '0x60 0+100x60'
    alert_rule_test:
      - eval_time: 64m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts:
${everyTier(annotations)}`);
  });

  test('a missing SLI series raises the absent alert (ticket, the role of the selector named) after 10 minutes, and only that one', () => {
    // The latency objective reads the bucket le="0.3"; the service only exports le="0.25" and le="0.5".
    const sla = SLA.replace('name: churn', 'name: leak').replace(/  - \{ id: (availability|p99|from-file)[^\n]*\n/g, '');
    promtoolTest('absent', sla, (annotations) => `  - interval: 1m
    input_series:
      - series: 'http_request_duration_seconds_bucket{job="api", le="0.25"}'
        values: '0+90x30'
      - series: 'http_request_duration_seconds_bucket{job="api", le="0.5"}'
        values: '0+100x30'
      - series: 'http_request_duration_seconds_count{job="api"}'
        values: '0+100x30'
    alert_rule_test:
      - eval_time: 5m
        alertname: ModelSlaSliAbsent
        exp_alerts: []
      - eval_time: 12m
        alertname: ModelSlaSliAbsent
        exp_alerts:
          - exp_labels: { severity: ticket, sla: leak, objective: fast, model: churn-xgb, sli: bucket, job: api, le: "0.3" }
            exp_annotations: ${annotations('absent:bucket')}
      - eval_time: 12m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts: []
`);
  });

  test('a runbook named by the SLA is every alert\'s runbook_url; an objective\'s own runbook wins', () => {
    const rules = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, availabilitySla('{ calendar: month }')).docs[0].value).groups[0].rules.filter((x) => x.alert);
    assert.equal(rules.length, 6);
    assert.ok(rules.every((x) => x.annotations?.runbook_url === 'https://runbooks.example.com/leak'));
    const own = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, availabilitySla('{ calendar: month }', '>= 99.9%', ', runbook: "https://runbooks.example.com/own"')).docs[0].value).groups[0].rules.filter((x) => x.alert);
    assert.ok(own.every((x) => x.annotations?.runbook_url === 'https://runbooks.example.com/own'));
  });
  test('a new deployment that fails every request pages, though no good series exists yet (good or vector(0))', () => {
    promtoolTest('no-good-yet', availabilitySla('{ calendar: month }'), (annotations) => `  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="500"}'
        values: '0+100x30'
    alert_rule_test:
      - eval_time: 10m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts:
${everyTier(annotations)}`);
  });

  test('with a `bad` selector: no errors yet is no alert at all (no absent alert for bad, a ratio of 0); errors then page', () => {
    const sla = availabilitySla('{ calendar: month }').replace(`good: 'http_requests_total{job="api", code!~"5.."}'`, `bad: 'http_requests_total{job="api", code=~"5.."}'`);
    const rules = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, sla).docs[0].value).groups[0].rules;
    assert.deepEqual(rules.filter((x) => x.alert === 'ModelSlaSliAbsent').map((x) => x.labels?.sli), ['total']);
    promtoolTest('bad-only', sla, (annotations) => `  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="200"}'
        values: '0+100x120'
    alert_rule_test:
      - eval_time: 60m
        alertname: ModelSlaSliAbsent
        exp_alerts: []
      - eval_time: 60m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts: []
    promql_expr_test:
      - expr: modelsla:error_ratio:rate5m
        eval_time: 60m
        exp_samples:
          - labels: 'modelsla:error_ratio:rate5m{sla="leak", objective="availability"}'
            value: 0
  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="200"}'
        values: '0x30'
      - series: 'http_requests_total{job="api", code="503"}'
        values: '0+100x30'
    alert_rule_test:
      - eval_time: 10m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts:
${everyTier(annotations)}`);
  });

  test('the bucket bound is written without float noise, and a whole bound matches both `1` and Prometheus 3\'s `1.0`', () => {
    const latency = (threshold: string, unit: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: leak, owner: team@example.com }
model: churn-xgb
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  latency:
    prometheus: { server: prod, histogram: 'http_request_duration_seconds{job="api"}' }
    unit: ${unit}
objectives:
  - { id: fast, indicator: latency, metric: latency, threshold: "${threshold}", target: ">= 99%", window: { rolling: 28d } }
`;
    const first = (text: string) => prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, text).docs[0].value).groups[0].rules[0].expr;
    assert.match(first(latency('<= 700ms', 's')), /le="0\.7"/); // 700 · 0.001 is 0.7000000000000001 in floating point
    assert.match(first(latency('<= 1s', 's')), /le=~"1\|1\\\\\.0"/);
    // The 1.0 spelling (Prometheus 3) is matched: 50 of 100 requests within 1 s is an error ratio of 0.5.
    promtoolTest('whole-bound', latency('<= 1s', 's'), () => `  - interval: 1m
    input_series:
      - series: 'http_request_duration_seconds_bucket{job="api", le="1.0"}'
        values: '0+50x30'
      - series: 'http_request_duration_seconds_count{job="api"}'
        values: '0+100x30'
    promql_expr_test:
      - expr: modelsla:error_ratio:rate5m
        eval_time: 20m
        exp_samples:
          - labels: 'modelsla:error_ratio:rate5m{sla="leak", objective="fast"}'
            value: 0.5
`);
    // `<` is not a bucket: said with the fix.
    const lt = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, latency('< 300ms', 'ms')).docs[0].value);
    assert.equal(lt.groups.length, 0);
    assert.match(lt.skipped[0].why, /only a `<=` threshold is a bucket: write `threshold: "<= 300ms"`/);
  });

  test('left out, with why: timeslices objectives, tiers that cannot fire or look past the window', () => {
    const slices = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, availabilitySla('{ calendar: month }', '>= 99.9%', ', budgeting: timeslices, slice: 5m, sliceTarget: ">= 99%"')).docs[0].value);
    assert.equal(slices.groups.length, 0);
    assert.match(slices.skipped[0].why, /bad time slices/);
    // A day: the 3d steady tier looks past the window. Budget 10 % on a day: fast 0.02 · 24 · 0.1 = 0.048,
    // medium 0.05 · 4 · 0.1 = 0.02, slow 0.1 · 0.1 = 0.01.
    const day = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, availabilitySla('{ calendar: day }', '>= 90%')).docs[0].value);
    assert.deepEqual(day.groups[0].rules.filter((x) => x.alert === 'ModelSlaErrorBudgetBurn').map((x) => x.labels?.burnrate_tier), ['fast', 'medium', 'slow']);
    assert.match(day.notes[0].note, /steady burn tier left out: its 3d window is longer than the objective's window/);
    // Budget 10 % on a quarter: fast 0.02 · 2160 · 0.1 = 4.32 and medium 0.05 · 360 · 0.1 = 1.8 — an error
    // ratio cannot exceed 1; slow 0.1 · 90 · 0.1 = 0.9 and steady 0.1 · 30 · 0.1 = 0.3 stay.
    const wide = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, availabilitySla('{ calendar: quarter }', '>= 90%')).docs[0].value);
    assert.deepEqual(wide.groups[0].rules.filter((x) => x.alert === 'ModelSlaErrorBudgetBurn').map((x) => x.labels?.burnrate_tier), ['slow', 'steady']);
    assert.deepEqual(wide.notes.map((n) => /the (\w+) burn tier/.exec(n.note)?.[1]), ['fast', 'medium']);
  });

  test('text from the SLA that looks like a template (`{{`) reads as written in the fired alert, and promtool accepts it', () => {
    const sla = availabilitySla('{ calendar: month }', '>= 99.9%', ', description: "Alert {{ $labels.job }} owners"');
    const rules = prometheusRules(parseSlaFile('file:///x.sla.yaml', 1, sla).docs[0].value).groups[0].rules;
    const description = rules.find((x) => x.labels?.burnrate_tier === 'fast')!.annotations!.description;
    assert.match(description, /Alert \{\{ "\{\{" \}\} \$labels\.job \}\} owners/);
    // promtool renders the template: the expected annotation is the text as the SLA says it.
    const said = description.replace('{{ "{{" }}', '{{');
    promtoolTest('template', sla, (annotations) => `  - interval: 1m
    input_series:
      - series: 'http_requests_total{job="api", code="500"}'
        values: '0+100x30'
    alert_rule_test:
      - eval_time: 10m
        alertname: ModelSlaErrorBudgetBurn
        exp_alerts:
${['fast', 'medium', 'slow', 'steady'].map((tier) => `          - exp_labels: { severity: ${tier === 'fast' || tier === 'medium' ? 'page' : 'ticket'}, burnrate_tier: ${tier}, sla: leak, objective: availability, model: churn-xgb }\n            exp_annotations: ${JSON.stringify({ ...JSON.parse(annotations(tier)), description: said })}\n`).join('')}`);
  });

  test('group names never collide (SLA a-b objective c, SLA a objective b-c); two files with one SLA name are refused, nothing written', () => {
    const folder = join(dir, 'names');
    mkdirSync(folder);
    writeFileSync(join(folder, 'one.sla.yaml'), availabilitySla('{ calendar: month }').replace('name: leak', 'name: a-b').replace('id: availability', 'id: c'));
    writeFileSync(join(folder, 'two.sla.yaml'), availabilitySla('{ calendar: month }').replace('name: leak', 'name: a').replace('id: availability', 'id: b-c'));
    const out = join(dir, 'names.yml');
    const run = runCli(['generate', 'prometheus-rules', folder, '--out', out]);
    assert.equal(run.status, 0, why(run));
    const check = spawnSync(PROMTOOL, ['check', 'rules', '--lint=all', '--lint-fatal', out], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    writeFileSync(join(folder, 'three.sla.yaml'), availabilitySla('{ calendar: month }').replace('name: leak', 'name: a'));
    const again = join(dir, 'names-again.yml');
    const twice = runCli(['generate', 'prometheus-rules', folder, '--out', again]);
    assert.equal(twice.status, 2, why(twice));
    assert.match(twice.stderr, /SLA004 the SLA name `a` is also used in/);
    assert.match(twice.stderr, /nothing written to/);
    assert.throws(() => readFileSync(again), /ENOENT/);
  });
});
