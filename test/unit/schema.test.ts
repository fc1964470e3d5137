// Tests of schemas/sla.schema.json: it compiles, accepts realistic files from the shared generator,
// rejects the generator's schema-visible injected errors, documents every property and enum, and its
// quantity patterns and snippets behave as the format spec (../shared/spec/sla-format.md) says.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import Ajv from 'ajv';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };
interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: Schema;
}
interface Validate {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
interface AjvLike {
  compile(schema: unknown): Validate;
  getSchema(ref: string): Validate | undefined;
  addVocabulary(keywords: string[]): unknown;
}
// ajv is CommonJS (module.exports = Ajv, plus .default); both shapes are handled here.
const AjvClass = ((Ajv as unknown as { default?: unknown }).default ?? Ajv) as new (opts: object) => AjvLike;

// package.json has no "type": "module", so tsx runs this file as CommonJS and `tsc` (module NodeNext)
// rejects import.meta here (TS1470): __dirname is the portable choice for this package.
const repoRoot = join(__dirname, '..', '..');
const schemaPath = join(repoRoot, 'schemas', 'sla.schema.json');
const genSla = join(repoRoot, '..', 'shared', 'bench', 'gen-sla.mjs');
// The shared harness's generator lives beside the repository (../shared, as in CI); without it these
// tests say so and skip rather than fail on a machine that has only the repository.
const noGenerator = existsSync(genSla) ? false : `needs ${genSla} (the shared bench harness beside the repository)`;
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
const SCHEMA_ID = 'https://model-sla.dev/schemas/sla.schema.json';

const ajv = new AjvClass({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(schema);
const objectiveValidator = () => {
  const v = ajv.getSchema(`${SCHEMA_ID}#/definitions/objective`);
  assert.ok(v, 'objective definition reachable');
  return v;
};

const parseYaml = (text: string): unknown => parse(text, { version: '1.2', schema: 'core' });
const gen = (...args: string[]): string => execFileSync(process.execPath, [genSla, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const errorsOf = (v: Validate, data: unknown): AjvError[] => (v(data) ? [] : [...(v.errors ?? [])]);
const fmt = (errs: AjvError[]): string => errs.map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message}`).join('\n');

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------- schema walking ----------
interface Visit {
  node: Schema;
  path: string;
  /** inside if/then/else/not/allOf/anyOf/oneOf/dependencies: constraints, not declarations */
  conditional: boolean;
  /** directly a branch of oneOf/anyOf */
  branchOf?: 'oneOf' | 'anyOf';
}
function walk(node: Json, path: string, conditional: boolean, out: Visit[], branchOf?: 'oneOf' | 'anyOf'): void {
  if (!isObj(node)) return;
  out.push({ node, path, conditional, branchOf });
  for (const [key, value] of Object.entries(node)) {
    if (key === 'defaultSnippets' || key === 'examples' || key === 'enum' || key === 'const' || key === 'default') continue;
    if (key === 'properties' || key === 'definitions') {
      if (isObj(value)) for (const [k, sub] of Object.entries(value)) walk(sub, `${path}/${key}/${k}`, conditional, out);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      if (Array.isArray(value)) value.forEach((sub, i) => walk(sub, `${path}/${key}/${i}`, true, out, key === 'allOf' ? undefined : key));
    } else if (key === 'if' || key === 'then' || key === 'else' || key === 'not') {
      walk(value, `${path}/${key}`, true, out);
    } else if (key === 'dependencies') {
      if (isObj(value)) for (const [k, sub] of Object.entries(value)) walk(sub, `${path}/${key}/${k}`, true, out);
    } else if (key === 'items' || key === 'additionalProperties' || key === 'propertyNames') {
      walk(value, `${path}/${key}`, conditional, out);
    }
  }
}
const visits: Visit[] = [];
walk(schema, '#', false, visits);

/** [path, schema] of every declared property (outside conditional blocks). */
function declaredProperties(): [string, Json][] {
  const res: [string, Json][] = [];
  for (const { node, path, conditional } of visits) {
    if (conditional || !isObj(node.properties)) continue;
    for (const [k, sub] of Object.entries(node.properties)) res.push([`${path}/properties/${k}`, sub]);
  }
  return res;
}

function resolveRef(ref: string): Schema {
  assert.ok(ref.startsWith('#/definitions/'), `local ref ${ref}`);
  const def = (schema.definitions as Schema)[ref.slice('#/definitions/'.length)];
  assert.ok(isObj(def), `ref ${ref} resolves`);
  return def;
}

// ---------- yaml-language-server style snippet rendering ----------
// yaml-language-server inserts snippet body strings verbatim (no YAML quoting), so the schema's
// bodies carry their own quotes where YAML needs them. Render the same way, then expand tab stops.
function renderYaml(value: Json, indent: string): string {
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (isObj(item)) {
          const inner = renderYaml(item, indent + '  ');
          return `${indent}- ${inner.slice(indent.length + 2)}`;
        }
        return `${indent}- ${String(item)}`;
      })
      .join('\n');
  }
  if (isObj(value)) {
    return Object.entries(value)
      .map(([k, v]) => {
        if (Array.isArray(v)) return `${indent}${k}:\n${renderYaml(v, indent + '  ')}`;
        if (isObj(v)) return `${indent}${k}:\n${renderYaml(v, indent + '  ')}`;
        return `${indent}${k}: ${String(v)}`;
      })
      .join('\n');
  }
  return String(value);
}
const expandTabStops = (text: string): string => text.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');

// ======================================================================================

describe('sla.schema.json', () => {
  test('is draft-07 with the agreed $id and compiles in ajv (strict:false, and strict with the editor vocabulary)', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.$id, SCHEMA_ID);
    assert.equal(typeof validate, 'function');
    for (const key of ['title', 'description', 'markdownDescription']) assert.equal(typeof schema[key], 'string', key);
    // strict mode catches misspelled keywords; the editor extensions are declared as vocabulary
    const strict = new AjvClass({ allErrors: true, strict: true, strictRequired: false, verbose: true });
    strict.addVocabulary(['markdownDescription', 'enumDescriptions', 'defaultSnippets', 'patternErrorMessage', 'x-quantity']);
    assert.doesNotThrow(() => strict.compile(schema));
  });

  test('generated valid SLA files (gen-sla.mjs, several seeds and both scopes) validate without errors', { skip: noGenerator }, () => {
    const runs: string[][] = [
      ['--objectives', '40'],
      ['--objectives', '120', '--seed', '7'],
      ['--objectives', '30', '--seed', '3', '--scope', 'internal'],
    ];
    for (const args of runs) {
      const doc = parseYaml(gen(...args));
      const errs = errorsOf(validate, doc);
      assert.deepEqual(errs, [], `gen-sla ${args.join(' ')}:\n${fmt(errs)}`);
    }
  });

  test('each schema-visible injected error kind fails, at its objective; the others do not', { skip: noGenerator }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-schema-'));
    try {
      const manifestPath = join(dir, 'manifest.json');
      const text = gen('--errors', '12', '--objectives', '24', '--manifest', manifestPath);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { kind: string; schema: boolean; objectiveIndex: number }[];
      const errs = errorsOf(validate, parseYaml(text));
      assert.ok(errs.length > 0, 'the file with injected errors is invalid');
      const schemaKinds = manifest.filter((m) => m.schema).map((m) => m.kind);
      assert.equal(new Set(schemaKinds).size, 8, `8 schema kinds injected: ${schemaKinds.join(', ')}`);

      const at = (i: number) => errs.filter((e) => e.instancePath === `/objectives/${i}` || e.instancePath.startsWith(`/objectives/${i}/`));
      const has = (list: AjvError[], pred: (e: AjvError) => boolean) => list.some(pred);
      for (const m of manifest) {
        const list = at(m.objectiveIndex);
        if (!m.schema) {
          assert.deepEqual(list, [], `${m.kind} is a linter finding, not a schema error:\n${fmt(list)}`);
          continue;
        }
        assert.ok(list.length > 0, `${m.kind} must fail validation`);
        const base = `/objectives/${m.objectiveIndex}`;
        const expectations: Record<string, (e: AjvError) => boolean> = {
          'bare-target': (e) => e.instancePath === `${base}/target` && e.keyword === 'pattern' && e.parentSchema?.['x-quantity'] === 'target',
          'unknown-indicator': (e) => e.instancePath === `${base}/indicator` && e.keyword === 'enum',
          'missing-window': (e) => e.keyword === 'required' && e.params.missingProperty === 'window',
          'missing-percentile': (e) => e.keyword === 'required' && e.params.missingProperty === 'percentile',
          'bad-unit': (e) => e.instancePath === `${base}/target` && e.keyword === 'pattern' && e.parentSchema?.['x-quantity'] === 'target',
          'timeslices-without-slice': (e) => e.keyword === 'required' && ['slice', 'sliceTarget'].includes(String(e.params.missingProperty)),
          'misspelled-field': (e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'taget',
          'wrong-type': (e) => e.instancePath === `${base}/evaluation/minSamples` && e.keyword === 'type',
        };
        const expect = expectations[m.kind];
        assert.ok(expect, `known schema kind ${m.kind}`);
        assert.ok(has(list, expect), `${m.kind}: expected error not found in:\n${fmt(list)}`);
      }
      const injected = new Set(manifest.map((m) => m.objectiveIndex));
      const stray = errs.filter((e) => !/^\/objectives\/\d+/.test(e.instancePath) || !injected.has(Number(e.instancePath.split('/')[2])));
      assert.deepEqual(stray, [], `errors outside the injected objectives:\n${fmt(stray)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every property at every level has description and markdownDescription', () => {
    const props = declaredProperties();
    assert.ok(props.length > 60, `walked ${props.length} properties`);
    const missing: string[] = [];
    for (const [path, sub] of props) {
      if (!isObj(sub)) { missing.push(`${path} (not an object schema)`); continue; }
      for (const key of ['description', 'markdownDescription']) {
        const v = sub[key];
        if (typeof v !== 'string' || v.trim().length < 10) missing.push(`${path}.${key}`);
      }
    }
    const definitions = schema.definitions as Schema;
    for (const [name, def] of Object.entries(definitions)) {
      if (!isObj(def) || typeof def.markdownDescription !== 'string' || typeof def.description !== 'string') missing.push(`#/definitions/${name}`);
    }
    assert.deepEqual(missing, []);
  });

  test('every enum has enumDescriptions of the same length', () => {
    let enums = 0;
    for (const { node, path } of visits) {
      if (!Array.isArray(node.enum)) continue;
      enums++;
      const d = node.enumDescriptions;
      assert.ok(Array.isArray(d), `${path} has enumDescriptions`);
      assert.equal(d.length, node.enum.length, `${path} enumDescriptions length`);
      for (const s of d) assert.ok(typeof s === 'string' && s.length > 3, `${path} enumDescriptions entries are text`);
    }
    assert.ok(enums >= 15, `found ${enums} enums`);
  });

  test('objects are closed (additionalProperties:false) and oneOf/anyOf branches never close objects', () => {
    for (const { node, path, conditional, branchOf } of visits) {
      if (!conditional && isObj(node.properties)) {
        assert.equal(node.additionalProperties, false, `${path} has additionalProperties:false`);
      }
      if (branchOf) assert.equal(node.additionalProperties, undefined, `${path}: no additionalProperties inside ${branchOf}`);
    }
  });

  test('x-quantity annotations sit next to their pattern and cover the agreed fields', () => {
    const kinds = new Map<string, Set<string>>();
    for (const { node, path } of visits) {
      const q = node['x-quantity'];
      if (q === undefined) continue;
      assert.ok(['duration', 'target', 'percent', 'percentile'].includes(String(q)), `${path}: x-quantity ${String(q)}`);
      assert.equal(node.type, 'string', `${path}: type string`);
      assert.equal(typeof node.pattern, 'string', `${path}: pattern beside x-quantity`);
      assert.equal(typeof node.patternErrorMessage, 'string', `${path}: patternErrorMessage for plain yaml-language-server users`);
      const set = kinds.get(String(q)) ?? new Set<string>();
      set.add(String(node.pattern));
      kinds.set(String(q), set);
    }
    for (const [k, patterns] of kinds) assert.equal(patterns.size, 1, `one pattern per x-quantity kind (${k})`);

    const defs = schema.definitions as Schema;
    const quantityAt = (s: Json): string | undefined => {
      if (!isObj(s)) return undefined;
      if (typeof s.$ref === 'string') return quantityAt(resolveRef(s.$ref));
      if (typeof s['x-quantity'] === 'string') return s['x-quantity'];
      if (Array.isArray(s.anyOf)) for (const b of s.anyOf) { const q = quantityAt(b); if (q) return q; }
      return undefined;
    };
    const prop = (def: string, ...path: string[]): Json => {
      let s: Json = defs[def] ?? null;
      for (const p of path) {
        if (isObj(s) && typeof s.$ref === 'string') s = resolveRef(s.$ref);
        if (p === '[]') s = isObj(s) ? s.items ?? null : null;
        else s = isObj(s) && isObj(s.properties) ? s.properties[p] ?? null : null;
      }
      return s;
    };
    const root = (...path: string[]): Json => {
      let s: Json = schema;
      for (const p of path) s = isObj(s) && isObj(s.properties) ? s.properties[p] ?? null : null;
      return s;
    };
    const expected: [string, Json, string][] = [
      ['objective.target', prop('objective', 'target'), 'target'],
      ['objective.sliceTarget', prop('objective', 'sliceTarget'), 'target'],
      ['objective.threshold', prop('objective', 'threshold'), 'target'],
      ['objective.sliceGood', prop('objective', 'sliceGood'), 'target'],
      ['objective.slice', prop('objective', 'slice'), 'duration'],
      ['objective.percentile', prop('objective', 'percentile'), 'percentile'],
      ['window.rolling', prop('window', 'rolling'), 'duration'],
      ['evaluation.cadence', prop('evaluation', 'cadence'), 'duration'],
      ['remediation.deadline', prop('breach', 'external', 'remediation', 'deadline'), 'duration'],
      ['escalation[].after', prop('breach', 'escalation', '[]', 'after'), 'duration'],
      ['repeated.within', prop('breach', 'repeated', 'within'), 'duration'],
      ['tiers[].below', prop('creditTier', 'below'), 'percent'],
      ['tiers[].credit', prop('creditTier', 'credit'), 'percent'],
      ['baseline.margin', root('baseline', 'margin'), 'percent'],
    ];
    for (const [name, s, q] of expected) assert.equal(quantityAt(s), q, `${name} has x-quantity ${q}`);
  });

  describe('quantity patterns', () => {
    const patternOf = (kind: string): RegExp => {
      const v = visits.find((x) => x.node['x-quantity'] === kind);
      assert.ok(v, `a ${kind} schema exists`);
      return new RegExp(String(v.node.pattern), 'u');
    };
    const check = (kind: string, good: string[], bad: string[]) => {
      const re = patternOf(kind);
      for (const s of good) assert.ok(re.test(s), `${kind} accepts ${JSON.stringify(s)}`);
      for (const s of bad) assert.ok(!re.test(s), `${kind} rejects ${JSON.stringify(s)}`);
    };
    test('duration', () =>
      check(
        'duration',
        ['300ms', '300 ms', '28d', '1.5h', '5m', '2w', '0s', '90d'],
        ['28days', '1M', '30 days', '1mo', 'ms', '-5m', '5', '5  m', '1,5h', ' 5m', '5m ', '<= 5m', '1y'],
      ));
    test('target', () =>
      check(
        'target',
        ['<= 300ms', '>= 99.9%', '>= 0.82', '>=20rps', '< 1s', '> 10rpm', '>= 5 rph', '<=300 ms', '>= 100%', '<= 12.5', '>= 99.95 %'],
        ['300ms', '99.9%', '0.82', '=> 300ms', '== 300ms', '= 300ms', '<= 300 msec', '>= 0.8 pts', '>= 50 reqs', '>= 99.9 pct', '>= 101%', '<= 1M', '<= ', '>= 28days'],
      ));
    test('percent', () =>
      check('percent', ['5%', '99.9%', '100%', '0%', '95.0%', '10 %'], ['5', '0.05', '101%', '99.9', '%', '-5%', '5 pct', '100.5%']));
    test('percentile', () => check('percentile', ['p50', 'p99', 'p99.9', 'p99.99', 'p5', 'p0.5'], ['99', 'P99', 'p999', 'p99.999', 'p', 'p99.', '99p', 'p0', 'p00', 'p0.0', 'p100']));
  });

  describe('objective rules', () => {
    const latency = { id: 'l', indicator: 'latency', metric: 'latency', percentile: 'p99', percentileMethod: 'linear', target: '<= 300ms', window: { rolling: '28d' } };
    const fails = (o: unknown, why: string) => assert.ok(!objectiveValidator()(o), `should fail: ${why}`);
    const passes = (o: unknown, why: string) => {
      const v = objectiveValidator();
      assert.ok(v(o), `should pass: ${why}\n${fmt(v.errors ?? [])}`);
    };
    test('latency: exactly one of percentile / threshold; fields of other indicators are refused', () => {
      passes(latency, 'percentile form');
      passes({ ...latency, percentile: undefined, percentileMethod: undefined, threshold: '<= 300ms', target: '>= 99%' }, 'ratio form');
      fails({ ...latency, threshold: '<= 300ms' }, 'both percentile and threshold');
      fails({ ...latency, percentile: undefined }, 'neither percentile nor threshold');
      fails({ ...latency, percentile: undefined, threshold: '<= 300ms' }, 'percentileMethod with threshold form');
      fails({ ...latency, measure: 'f1' }, 'measure on latency');
      fails({ ...latency, method: 'request-based' }, 'method on latency');
      fails({ ...latency, statistic: 'min' }, 'statistic on latency');
      fails({ ...latency, target: '300ms' }, 'bare target');
    });
    test('required fields, windows, budgeting', () => {
      for (const k of ['id', 'indicator', 'metric', 'target', 'window']) fails({ ...latency, [k]: undefined }, `missing ${k}`);
      passes({ ...latency, window: { calendar: 'month' } }, 'calendar window');
      fails({ ...latency, window: { rolling: '28d', calendar: 'month' } }, 'both window kinds');
      fails({ ...latency, window: {} }, 'empty window');
      fails({ ...latency, window: { rolling: '1M' } }, 'month duration');
      fails({ ...latency, window: { calendar: 'fortnight' } }, 'unknown calendar');
      passes({ ...latency, budgeting: 'timeslices', slice: '5m', sliceTarget: '>= 99%', emptySlices: 'ignore', minObservations: 10 }, 'timeslices');
      fails({ ...latency, budgeting: 'timeslices', slice: '5m' }, 'timeslices without sliceTarget');
      fails({ ...latency, sliceTarget: '>= 99%', slice: '5m' }, 'sliceTarget without timeslices');
      fails({ ...latency, minObservations: 0 }, 'minObservations 0');
      fails({ ...latency, exclusions: [{ reason: 'x', from: '2026-03-01T02:00:00', to: '2026-03-01T04:00:00Z' }] }, 'naive exclusion time');
      passes({ ...latency, exclusions: [{ reason: 'x', from: '2026-03-01', to: '2026-03-01T04:00:00+01:00' }] }, 'date / offset exclusion');
      fails({ ...latency, exclusions: [{ from: '2026-03-01', to: '2026-03-02' }] }, 'exclusion without reason');
    });
    test('availability, accuracy, throughput', () => {
      const avail = { id: 'a', indicator: 'availability', metric: 'requests', method: 'time-based', slice: '1m', sliceGood: '>= 90%', target: '>= 99.9%', window: { calendar: 'month' } };
      passes(avail, 'time-based availability');
      fails({ ...avail, method: 'request-based' }, 'sliceGood with request-based');
      fails({ ...avail, percentile: 'p99' }, 'percentile on availability');
      const acc = {
        id: 'f1', indicator: 'accuracy', metric: 'eval', measure: 'f1', target: '>= 0.82', window: { calendar: 'month' },
        evaluation: { cadence: '3d', dataset: 'd', minSamples: 5000, aggregate: 'every' },
      };
      passes(acc, 'accuracy');
      passes({ ...acc, measure: 'rmse', target: '<= 0.3', evaluation: { cadence: 'weekly' } }, 'lower-is-better measure');
      fails({ ...acc, measure: undefined }, 'accuracy without measure');
      fails({ ...acc, measure: 'r2' }, 'unknown measure');
      fails({ ...acc, evaluation: { cadence: 'fortnightly' } }, 'bad cadence');
      fails({ ...acc, evaluation: { minSamples: 0 } }, 'minSamples 0');
      fails({ ...acc, budgeting: 'timeslices', slice: '1d', sliceTarget: '>= 90%' }, 'timeslices on accuracy');
      const tp = { id: 't', indicator: 'throughput', metric: 'requests-agg', statistic: 'p5', target: '>= 50rps', window: { rolling: '7d' }, slice: '1m' };
      passes(tp, 'throughput');
      fails({ ...tp, statistic: 'max' }, 'unknown statistic');
      fails({ ...tp, evaluation: { cadence: 'daily' } }, 'evaluation on throughput');
    });
  });

  describe('top level, metrics and breach', () => {
    const base = (): Record<string, unknown> =>
      parseYaml(expandTabStops(renderYaml((schema.defaultSnippets as Schema[])[0]!.body as Json, ''))) as Record<string, unknown>;
    const fails = (doc: unknown, why: string) => assert.ok(!validate(doc), `should fail: ${why}`);
    test('the base document is valid', () => assert.ok(validate(base()), fmt(validate.errors ?? [])));
    test('top-level and metadata rules', () => {
      for (const k of ['apiVersion', 'kind', 'metadata', 'model', 'scope', 'metrics', 'objectives']) fails({ ...base(), [k]: undefined }, `missing ${k}`);
      fails({ ...base(), apiVersion: 'modelsla/v2' }, 'apiVersion');
      fails({ ...base(), kind: 'Sla' }, 'kind');
      fails({ ...base(), scope: 'public' }, 'scope');
      fails({ ...base(), objectives: [] }, 'no objectives');
      fails({ ...base(), owner: 'x' }, 'unknown top-level key');
      fails({ ...base(), metadata: { name: 'Churn_External', owner: 'x' } }, 'metadata.name pattern');
      fails({ ...base(), metadata: { name: 'churn' } }, 'metadata.owner missing');
      fails({ ...base(), period: { start: '2026-01-01', end: '2026-13-01' } }, 'bad date');
      fails({ ...base(), period: { start: '2026-01-01', end: '2026-12-31', timezone: '+01:00' } }, 'offset as timezone');
      fails({ ...base(), baseline: { from: '2026-08-03', to: '2026-09-14', margin: '0.05' } }, 'margin without %');
    });
    test('metric sources', () => {
      const withMetric = (m: unknown, key = 'latency') => ({ ...base(), metrics: { [key]: m } });
      const ok = { file: 'm.csv', timestamp: 'ts', value: 'v', unit: 'ms' };
      assert.ok(validate(withMetric(ok)));
      assert.ok(validate(withMetric({ file: 'r.jsonl', timestamp: 't', good: 'status < 500' })));
      assert.ok(validate(withMetric({ file: 'r.csv', timestamp: 't', total: 'n', goodCount: 'ok', delimiter: ';', timestampUnit: 's' })));
      // `timestamp` alone is an event log (spec §4; it was refused before issue 12), `filter` fits every form.
      assert.ok(validate(withMetric({ file: 'm.csv', timestamp: 'ts' })));
      assert.ok(validate(withMetric({ file: 'm.csv', timestamp: 'ts', filter: 'route == "/v1/score"' })));
      assert.ok(validate(withMetric({ file: 'm.csv', timestamp: 'ts', value: 'v', filter: '`http status` < 500' })));
      fails(withMetric({ file: 'm.csv', timestamp: 'ts', filter: 'route "/v1"' }), 'filter without operator');
      fails(withMetric({ file: 'm.csv', timestamp: 'ts', filter: 7 }), 'filter not a string');
      fails(withMetric({ file: 'm.csv', timestamp: 'ts', goodCount: 'ok', value: 'v' }), 'goodCount without total');
      fails(withMetric({ file: 'm.csv', timestamp: 'ts', good: 'status 500' }), 'good without operator');
      fails(withMetric({ file: 'm.csv', timestamp: 'ts', value: 'v', delimiter: ';;' }), 'two-character delimiter');
      fails(withMetric({ file: 'm.jsonl', format: 'jsonl', timestamp: 'ts', value: 'v', delimiter: ';' }), 'delimiter on jsonl');
      fails(withMetric({ ...ok, unit: 'msec' }), 'unknown unit');
      fails(withMetric({ ...ok, timestampUnit: 'us' }), 'unknown timestampUnit');
      fails(withMetric({ ...ok, fiel: 'x' }), 'unknown metric key');
      fails(withMetric(ok, '-latency'), 'metric id pattern');
    });
    test('breach policy', () => {
      const withBreach = (b: unknown) => ({ ...base(), breach: b });
      const full = {
        internal: { actions: ['p1-investigation'] },
        external: {
          serviceCredits: [{ objective: 'availability', tiers: [{ below: '99.9%', credit: '10%' }, { below: '95.0%', credit: '100%' }] }],
          remediation: { deadline: '14d' },
          communication: ['account-executive'],
        },
        escalation: [{ after: '1h', notify: 'on-call' }],
        repeated: { count: 3, within: '90d', action: 'architectural-review' },
      };
      assert.ok(validate(withBreach(full)), fmt(validate.errors ?? []));
      fails(withBreach({ ...full, external: { ...full.external, serviceCredits: [{ objective: 'a', tiers: [] }] } }), 'empty tiers');
      fails(withBreach({ ...full, external: { ...full.external, serviceCredits: [{ objective: 'a', tiers: [{ below: '99.9', credit: '10%' }] }] } }), 'below without %');
      fails(withBreach({ ...full, external: { ...full.external, remediation: { deadline: '2 weeks' } } }), 'deadline not a duration');
      fails(withBreach({ ...full, escalation: [{ after: '1h' }] }), 'escalation without notify');
      fails(withBreach({ ...full, repeated: { count: 1, within: '90d', action: 'x' } }), 'repeated count < 2');
      fails(withBreach({ ...full, repeated: { count: 3, within: '3M', action: 'x' } }), 'repeated within in months');
      fails(withBreach({ ...full, penalties: [] }), 'unknown breach key');
    });
  });

  describe('snippets', () => {
    test('objectives items offer four lint-clean objective snippets that validate once inserted', () => {
      const items = (schema.properties as Schema).objectives as Schema;
      const snippets = (items.items as Schema).defaultSnippets as Schema[];
      assert.deepEqual(
        snippets.map((s) => s.label),
        ['latency objective', 'availability objective', 'accuracy objective', 'throughput objective'],
      );
      const v = objectiveValidator();
      for (const s of snippets) {
        assert.equal(typeof s.description, 'string');
        const yamlText = expandTabStops(renderYaml(s.body as Json, ''));
        const obj = parseYaml(yamlText) as Record<string, unknown>;
        assert.ok(v(obj), `${String(s.label)}:\n${yamlText}\n${fmt(v.errors ?? [])}`);
        // lint-relevant completeness (SLA101/103/105/106)
        assert.ok((obj.measurement as Record<string, unknown> | undefined)?.point, `${String(s.label)} has measurement.point`);
        if (obj.indicator === 'latency') assert.ok(obj.percentileMethod, 'latency snippet has percentileMethod');
        if (obj.indicator === 'availability') assert.ok(obj.method, 'availability snippet has method');
        if (obj.indicator === 'accuracy') {
          const ev = obj.evaluation as Record<string, unknown>;
          for (const k of ['cadence', 'dataset', 'minSamples', 'aggregate']) assert.ok(ev[k] !== undefined, `accuracy snippet has evaluation.${k}`);
          assert.match(JSON.stringify(obj.exclusions), /retraining/);
        }
      }
    });
    test('the root offers a complete "new SLA" snippet that validates once inserted', () => {
      const snippets = schema.defaultSnippets as Schema[];
      assert.equal(snippets.length, 1);
      assert.equal(snippets[0]!.label, 'new SLA');
      const yamlText = expandTabStops(renderYaml(snippets[0]!.body as Json, ''));
      const doc = parseYaml(yamlText) as Record<string, unknown>;
      assert.ok(validate(doc), `${yamlText}\n${fmt(validate.errors ?? [])}`);
      for (const k of ['apiVersion', 'kind', 'metadata', 'model', 'scope', 'period', 'baseline', 'metrics', 'objectives', 'breach']) assert.ok(k in doc, `new SLA has ${k}`);
      assert.ok((doc.period as Record<string, unknown>).timezone, 'period.timezone');
      assert.ok(Array.isArray((doc.breach as Record<string, unknown>).escalation), 'breach.escalation');
    });
  });
});
