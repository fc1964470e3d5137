/** SLA123: a number in an objective's description that contradicts the objective (spec §7). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brief } from '../helpers';
import { ACCURACY_SLA, actionsFor, applyEdits, assertFixClean, edit, lint, one, only, TIMESLICES_SLA, VALID_SLA } from './lint-support';

const LATENCY_DESCRIPTION = 'description: p99 server-side latency of /v1/predict';
const withLatencyDescription = (text: string) => edit(VALID_SLA, LATENCY_DESCRIPTION, `description: ${text}`);
const accuracyDescription = (text: string) => edit(ACCURACY_SLA, '    target: ">= 0.82"\n', `    target: ">= 0.82"\n    description: >-\n      ${text}\n`);
/** The text a finding's range covers. */
const covered = (text: string, d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) => {
  const lines = text.split('\n');
  assert.equal(d.range.start.line, d.range.end.line);
  return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
};

describe('SLA123 description numbers', () => {
  test('an accuracy description with another bare ratio than the target: on the number, both fixes offered', () => {
    const text = accuracyDescription('The weekly F1 on the holdout set is at least 0.85, over at least 5000 labelled rows.');
    const finding = one(text, 'SLA123');
    assert.equal(covered(text, finding), '0.85');
    assert.match(finding.message, /says "at least 0\.85" but its target is `>= 0\.82`/);
    const { actions, uri } = actionsFor(text, finding);
    const titles = actions.map((a) => a.title);
    const toTarget = actions.find((a) => /^Set the target to ">= 0\.85"/.test(a.title));
    const toDescription = actions.find((a) => /^Change the description to say 0\.82/.test(a.title));
    assert.ok(toTarget && toDescription, titles.join(' | '));
    assert.equal(toDescription.isPreferred, true);
    const targetFixed = applyEdits(text, toTarget.edit!.changes![uri]);
    assert.match(targetFixed, /target: ">= 0\.85"/);
    assert.deepEqual(only(targetFixed, 'SLA123').map(brief), []);
    const descriptionFixed = applyEdits(text, toDescription.edit!.changes![uri]);
    assert.match(descriptionFixed, /is at least 0\.82, over at least 5000 labelled rows/);
  });

  test('the preferred fix leaves a lint-clean file', () => {
    assertFixClean(accuracyDescription('The weekly F1 is at least 0.85 on the holdout set.'), 'SLA123');
  });

  test('latency: durations compared after unit conversion; p95 against percentile p99', () => {
    assert.deepEqual(only(withLatencyDescription('p99 of server-side latency is at most 0.3 s'), 'SLA123'), []);
    assert.deepEqual(only(withLatencyDescription('p99 of server-side latency is at most 300 ms'), 'SLA123'), []);
    const text = withLatencyDescription('p99 of server-side latency is under 250 ms');
    const finding = one(text, 'SLA123');
    assert.equal(covered(text, finding), '250 ms');
    const { actions, uri } = actionsFor(text, finding);
    const toTarget = actions.find((a) => a.title.startsWith('Set the target'))!;
    assert.match(applyEdits(text, toTarget.edit!.changes![uri]), /target: "<= 250ms"/);
    const toDescription = actions.find((a) => a.title.startsWith('Change the description'))!;
    assert.match(applyEdits(text, toDescription.edit!.changes![uri]), /is under 300 ms/);
    const percentile = withLatencyDescription('p95 server-side latency of /v1/predict');
    const p = one(percentile, 'SLA123');
    assert.equal(covered(percentile, p), 'p95');
    assert.match(p.message, /percentile is `p99`/);
  });

  test('availability: percent against percent, the other quantities of the objective are no contradiction', () => {
    const text = edit(TIMESLICES_SLA, '    measurement: { point: gateway }', '    measurement: { point: gateway }\n    description: at least 99.5 % of requests succeed')
    const finding = one(text, 'SLA123');
    assert.equal(covered(text, finding), '99.5 %');
    const ok = edit(TIMESLICES_SLA, '    measurement: { point: gateway }', '    measurement: { point: gateway }\n    description: over the trailing 28 days at least 99.9% of requests succeed, and at least 99 % of 5-minute slices (at least 1000 requests each) are good');
    assert.deepEqual(only(ok, 'SLA123').map(brief), []);
  });

  test('no false positives: windows, counts, dates, percentiles as names, numbers without a comparison', () => {
    for (const description of [
      'p99 server-side latency of /v1/predict over 30 s windows, at most 300ms, measured since 2026-01-01',
      'p99 latency at most 300 ms; alerts fire when it exceeds 300ms for more than 5 minutes',
      'the 99th percentile of latency is at most 300 ms for at least 1000 requests a day',
      'p99 latency, at most 300 ms (version 2.5 of the API)',
    ]) assert.deepEqual(only(withLatencyDescription(description), 'SLA123').map(brief), [], description);
    for (const description of [
      'The weekly F1 is at least 0.82 on at least 5000 labelled rows, released under v1.2',
      'F1 of at least 0.82; the model had 0.85 last year',
      'At least 82 percent of the holdout... no: F1 is at least 0.82',
      'F1 at least 0.82 over more than 3 runs a month',
    ]) assert.deepEqual(only(accuracyDescription(description), 'SLA123').map(brief), [], description);
  });

  test('the bundled examples have no SLA123', () => {
    const examples = join(__dirname, '..', '..', 'examples');
    for (const name of ['fraud.sla.yaml', 'churn-internal.sla.yaml', 'churn-external.sla.yaml', 'draft-search-ranking.sla.yaml']) {
      const text = readFileSync(join(examples, name), 'utf8');
      assert.deepEqual(lint(text, undefined, `examples-${name}`).filter((d) => d.code === 'SLA123').map(brief), [], name);
    }
  });
});
