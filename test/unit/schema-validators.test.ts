/**
 * The bundled schema's validators are compiled at build time (service/schemaValidators.ts): the
 * generated file must be what the schema gives now, and its validators must report exactly what
 * validators compiled at run time from the same schema report (ajv's errors, `parentSchema` and
 * all: the messages are built from them), on valid SLAs, broken ones and randomly edited ones.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseSlaFile } from '../../server/src/service/parse';
import { SchemaService, SLA_SCHEMA } from '../../server/src/service/schema';
import { BASES, applyEdit, edit } from '../fuzz/serviceFuzz';

const root = join(__dirname, '..', '..');

test('the generated validators are current with schemas/sla.schema.json', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'schemas/generate-validators.ts', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the generated validators report what validators compiled at run time report', () => {
  const generated = new SchemaService();
  // Another object with the same content: compiled at run time.
  const compiled = new SchemaService(structuredClone(SLA_SCHEMA));
  let compared = 0;
  let withErrors = 0;
  fc.assert(fc.property(fc.nat(BASES.length - 1), fc.array(edit, { minLength: 0, maxLength: 12 }), (base, edits) => {
    let text = BASES[base]!;
    for (const e of edits) text = applyEdit(text, e);
    for (const doc of parseSlaFile('file:///generated.sla.yaml', 1, text).docs) {
      if (doc.valueError !== undefined) continue;
      const errors = generated.validate(doc.value);
      assert.deepEqual(errors, compiled.validate(doc.value));
      assert.deepEqual(generated.validateWhole(doc.value), compiled.validateWhole(doc.value));
      compared++;
      if (errors.length) withErrors++;
    }
  }), { numRuns: 600, seed: 7 });
  assert.ok(compared > 400 && withErrors > 100, `compared ${compared}, with errors ${withErrors}`);
});
