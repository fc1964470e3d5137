/**
 * The format's facts (server/src/facts/): one table per fact, and every place that needs one reads it —
 * the schema's `measure` enum, the linter's range checks, the file names the editor and CLI serve.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEASURES, lowerIsBetterMeasure, unitRangeMeasure } from '../../server/src/facts/measures';
import { isSlaFileName } from '../../server/src/facts/slaFiles';
import { formatOfExtension, METRIC_FILE_GLOB } from '../../server/src/facts/metricFormats';
import { SERVER_FILE_EVENTS } from '../../client/src/selector';
import { detectFormat } from '../../server/src/engine/metrics/format';
import { diagnose } from '../helpers';
import { ACCURACY_SLA, edit } from './lint-support';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'sla.schema.json'), 'utf8'));

test('the schema\'s measure enum and its descriptions are the measures table', () => {
  const measure = schema.definitions.objective.properties.measure;
  assert.deepEqual(measure.enum, MEASURES.map((m) => m.name));
  assert.deepEqual(measure.enumDescriptions, MEASURES.map((m) => m.description));
  for (const m of MEASURES) {
    assert.match(m.description, m.direction === 'lower-is-better' ? /lower is better/ : /higher is better/, m.name);
    assert.ok(measure.markdownDescription.includes(`\`${m.name}\``), `the measure's hover names ${m.name}`);
  }
});

test('mse is an error measure: lower is better, no [0, 1] range', () => {
  assert.equal(lowerIsBetterMeasure('mse'), true);
  assert.equal(unitRangeMeasure('mse'), false);
  assert.equal(unitRangeMeasure('f1'), true);
  assert.equal(lowerIsBetterMeasure('F1'), false);
  assert.equal(unitRangeMeasure('made-up'), false, 'an unknown measure gets the enum error, not a range guess');
});

test('`measure: mse` with `target: "<= 2.5"` is a valid objective (no enum error, no ratio message)', () => {
  const text = edit(edit(ACCURACY_SLA, 'measure: f1', 'measure: mse'), 'target: ">= 0.82"', 'target: "<= 2.5"');
  const messages = diagnose(text).filter((d) => d.code === 'SLA002').map((d) => d.message);
  assert.deepEqual(messages, []);
});

test('an unknown measure gets one message: the enum, not a range guess', () => {
  const text = edit(edit(ACCURACY_SLA, 'measure: f1', 'measure: msle'), 'target: ">= 0.82"', 'target: "<= 2.5"');
  const messages = diagnose(text).filter((d) => d.code === 'SLA002').map((d) => d.message);
  assert.equal(messages.length, 1, messages.join('\n'));
  assert.doesNotMatch(messages[0], /\[0, 1\]|between 0 and 1/);
});

test('SLA file names: both suffixes, any case, a URI with a query', () => {
  for (const name of ['a.sla.yaml', 'A.SLA.YML', 'file:///w/x.sla.yaml?v=1', 'c:\\w\\x.sla.yml']) assert.equal(isSlaFileName(name), true, name);
  for (const name of ['a.yaml', 'sla.yaml', 'a.sla.yaml.bak', '.model-sla.yaml']) assert.equal(isSlaFileName(name), false, name);
});

test('metric formats: one table for the reader, completion and the watchers', () => {
  assert.deepEqual(formatOfExtension('m/latency.TSV'), { format: 'csv', tab: true });
  assert.equal(formatOfExtension('m/latency.log'), undefined);
  assert.deepEqual(detectFormat('m/x.ndjson', { file: 'm/x.ndjson' }), { format: 'jsonl', tab: false });
  assert.throws(() => detectFormat('m/x.log', { file: 'm/x.log' }), /name the file \.csv, \.tsv, \.jsonl or \.ndjson/);
  assert.equal(METRIC_FILE_GLOB, '**/*.{csv,tsv,jsonl,ndjson}');
  assert.equal(SERVER_FILE_EVENTS, '**/{*.sla.yaml,*.sla.yml,.model-sla.yaml,*.csv,*.tsv,*.jsonl,*.ndjson}');
});
