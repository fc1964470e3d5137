/**
 * Rules keep what they compute from one objective per objective object (lint/objectiveRule.ts: SLA121's
 * excluded share, SLA123's parsed numbers) and word searches per scalar node (textSearch.ts). After
 * every random edit, validating the spliced tree with those caches warm must equal validating the
 * same text in a fresh service.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { getLanguageService } from '../../server/src/service/languageService';
import { VALID_SLA } from '../helpers';
import { rng as random } from '../support/prng';

function objectives(n: number): string {
  const head = VALID_SLA.slice(0, VALID_SLA.indexOf('objectives:'));
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push(`  - id: latency-${i}
    description: p99 latency stays under ${300 + i} ms, fast for p95 too
    indicator: latency
    metric: latency
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= ${300 + (i % 3)}ms"
    window: { ${i % 2 ? 'rolling: 28d' : 'calendar: month'} }
    measurement: { point: server }
    exclusions:
      - { reason: maintenance, from: 2026-03-0${1 + (i % 9)}T00:00:00Z, to: 2026-03-0${1 + (i % 9)}T${10 + i % 10}:00:00Z }
      - { reason: deploys, schedule: "FREQ=WEEKLY;BYDAY=SU", duration: ${1 + (i % 4)}h }
`);
  }
  return `${head}objectives:\n${items.join('')}`;
}

test('lint with per-objective caches after random edits equals a fresh validation', () => {
  const next = random(121);
  const service = getLanguageService();
  const base = objectives(12);
  let text = base;
  const pieces = ['1', '0', '9', ' ', 'x', 'h', 'Z', ':', '-'];
  let findings = 0;
  for (let version = 1; version <= 200; version++) {
    if (version % 20 === 0) text = base;
    else {
      const numbers = [...text.matchAll(/\d/g)];
      const at = next() < 0.7 && numbers.length ? numbers[Math.floor(next() * numbers.length)]!.index! : Math.floor(next() * text.length);
      text = next() < 0.6 ? text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at + 1) : text.slice(0, at) + text.slice(at + 1);
    }
    const snapshot = text;
    const edited = service.validate({ uri: 'file:///ws/memo.sla.yaml', version, getText: () => snapshot });
    const fresh = getLanguageService().validate({ uri: 'file:///ws/memo.sla.yaml', version: 1, getText: () => snapshot });
    assert.deepEqual(edited, fresh, `version ${version}`);
    findings += edited.filter((d) => d.code === 'SLA121' || d.code === 'SLA123').length;
  }
  assert.ok(service.cache.incrementalParses > 50, `incremental parses: ${service.cache.incrementalParses}`);
  assert.ok(findings > 20, `SLA121/SLA123 findings compared: ${findings}`);
});

/**
 * The rules checked objective by objective (lint/objectiveRule.ts) keep their findings per objective
 * object and replay them. Each edit below leaves most objectives' objects unchanged while something
 * their findings depend on moves or changes: their place (an objective inserted before them), their
 * offsets (a longer line above), the document-level facts a rule declares (the metric sources for
 * SLA104, the period's year for SLA106's fix, the zone and period for SLA121). Every version must
 * equal a fresh validation.
 */
test('per-objective findings replayed after edits elsewhere equal a fresh validation', () => {
  const head = VALID_SLA.slice(0, VALID_SLA.indexOf('objectives:')).replace('    good: "status < 500"\n', '');
  const item = (i: number) => `  - ${i % 4 === 3 ? '' : `id: o-${i}\n    `}description: ${i % 2 ? 'a fast and monthly' : 'rolling, at least 0.9'} promise ${i}
    indicator: ${['latency', 'availability', 'accuracy', 'latency'][i % 4]}
    metric: ${['latency', 'requests', 'latency', 'latency'][i % 4]}
${i % 4 === 0 || i % 4 === 3 ? '    percentile: p99\n    budgeting: timeslices\n    slice: 5m\n' : ''}${i % 4 === 1 ? '    method: time-based\n' : ''}${i % 4 === 2 ? '    measure: f1\n    evaluation: { dataset: holdout, cadence: weekly }\n' : ''}    target: "${i % 4 === 2 ? '>= 0.92' : i % 4 === 1 ? '>= 99.9%' : '<= 300ms'}"
    window: { ${i % 2 ? 'rolling: 28d' : 'calendar: month'} }
    exclusions:
      - { reason: maintenance, from: 2026-03-01T00:00:00Z, to: 2026-03-0${2 + (i % 3)}T00:00:00Z }
`;
  const body = (n: number, from = 0) => Array.from({ length: n }, (_, k) => item(from + k)).join('');
  const base = `${head}objectives:\n${body(8)}`;
  const edits: Array<[string, (t: string) => string]> = [
    ['an objective inserted first', (t) => t.replace('objectives:\n', `objectives:\n${item(9)}`)],
    ['a longer title above', (t) => t.replace('title: Churn model — internal', 'title: Churn model — internal, the long title')],
    ['a shorter title above', (t) => t.replace('title: Churn model — internal', 'title: Churn')],
    ['a metric gains `good`', (t) => t.replace('    timestamp: time\n', '    good: "status < 500"\n    timestamp: time\n')],
    ['another year', (t) => t.replace('start: 2026-01-01', 'start: 2025-01-01')],
    ['another zone', (t) => t.replace('timezone: Europe/Berlin', 'timezone: UTC')],
    ['a shorter period', (t) => t.replace('end: 2026-12-31', 'end: 2026-03-31')],
    ['the first objective removed', (t) => t.replace(item(0), '')],
    ['one objective edited', (t) => t.replace('promise 5\n', 'promise 5, best effort\n')],
  ];
  const service = getLanguageService();
  let version = 0;
  const seen = new Set<string>();
  const check = (text: string, what: string) => {
    const edited = service.validate({ uri: 'file:///ws/rules.sla.yaml', version: ++version, getText: () => text });
    const fresh = getLanguageService().validate({ uri: 'file:///ws/rules.sla.yaml', version: 1, getText: () => text });
    assert.deepEqual(edited, fresh, what);
    for (const d of edited) seen.add(String(d.code));
  };
  let text = base;
  check(text, 'base');
  for (const [what, edit] of edits) {
    const next = edit(text);
    assert.notEqual(next, text, `${what}: the edit applies`);
    text = next;
    check(text, what);
    check(base, `${what}, then back`);
    check(text, `${what}, again`);
  }
  for (const code of ['SLA101', 'SLA103', 'SLA104', 'SLA105', 'SLA106', 'SLA107', 'SLA108', 'SLA116', 'SLA117', 'SLA121', 'SLA122', 'SLA123']) {
    assert.ok(seen.has(code), `${code} was compared`);
  }
  assert.ok(service.cache.incrementalParses > 5, `incremental parses: ${service.cache.incrementalParses}`);
});
