/**
 * Rules keep what they compute from one objective per objective object (lint/objectiveMemo.ts: SLA121's
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
