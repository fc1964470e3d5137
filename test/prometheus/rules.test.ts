/**
 * Prometheus rules generated from an SLA (spec §11) against the real promtool: the file passes
 * `promtool check rules`, and `promtool test rules` with synthetic series shows the tiers fire when
 * they should — nothing while every request succeeds, every tier ten minutes into a total outage —
 * with the factors of spec §11 (s · P / L). (The CLI command and the remaining cases of issue 16
 * come next.)
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
    assert.deepEqual(r.groups.map((g) => g.name), ['modelsla-churn-availability', 'modelsla-churn-fast']);
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
    writeFileSync(rules, prometheusRulesYaml(generated(), 'churn.sla.yaml'));
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
              description: "Objective availability: >= 99.9% Escalation: after 1h: ml-oncall."
          - exp_labels: { severity: page, burnrate_tier: medium, sla: churn, objective: availability, model: churn-xgb }
            exp_annotations:
              summary: "churn / availability: 5 % of the error budget (0.1 % of requests) spent within 6h (burn rate above 6)"
              description: "Objective availability: >= 99.9% Escalation: after 1h: ml-oncall."
          - exp_labels: { severity: ticket, burnrate_tier: slow, sla: churn, objective: availability, model: churn-xgb }
            exp_annotations:
              summary: "churn / availability: 10 % of the error budget (0.1 % of requests) spent within 1d (burn rate above 3)"
              description: "Objective availability: >= 99.9% Escalation: after 1h: ml-oncall."
          - exp_labels: { severity: ticket, burnrate_tier: steady, sla: churn, objective: availability, model: churn-xgb }
            exp_annotations:
              summary: "churn / availability: 10 % of the error budget (0.1 % of requests) spent within 3d (burn rate above 1)"
              description: "Objective availability: >= 99.9% Escalation: after 1h: ml-oncall."
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
    assert.match(refused.stderr, /error SLA002 .*\n.*no rules generated: fix the errors above first/);
  });

  test('examples/churn-prometheus.rules.yml is what the example SLA generates now, and promtool accepts it', () => {
    const committed = join(repoRoot, 'examples', 'churn-prometheus.rules.yml');
    const run = runCli(['generate', 'prometheus-rules', 'examples/churn-prometheus.sla.yaml']);
    assert.equal(run.status, 0, why(run));
    assert.equal(run.stdout, readFileSync(committed, 'utf8'), 'regenerate it: model-sla generate prometheus-rules examples/churn-prometheus.sla.yaml --out examples/churn-prometheus.rules.yml');
    const check = spawnSync(PROMTOOL, ['check', 'rules', '--lint=all', '--lint-fatal', committed], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});
