/**
 * The schema is checked per objective with a cache (schema.ts); the result must be exactly what one
 * ajv call over the whole document gives — the same diagnostics in the same order — on valid SLAs,
 * broken ones, and thousands of randomly edited ones.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseSlaFile } from '../../server/src/service/parse';
import { SchemaService } from '../../server/src/service/schema';
import { schemaDiagnostics } from '../../server/src/service/validation/schemaErrors';
import { BASES, applyEdit, edit } from '../fuzz/serviceFuzz';

test('per-objective validation gives the diagnostics of whole-document validation', () => {
  const schema = new SchemaService();
  const whole = Object.assign(Object.create(SchemaService.prototype) as SchemaService, schema, { validate: (d: unknown) => schema.validateWhole(d) });
  let compared = 0;
  let withErrors = 0;
  fc.assert(fc.property(fc.nat(BASES.length - 1), fc.array(edit, { minLength: 0, maxLength: 12 }), (base, edits) => {
    let text = BASES[base]!;
    for (const e of edits) text = applyEdit(text, e);
    const file = parseSlaFile('file:///split.sla.yaml', 1, text);
    for (const doc of file.docs) {
      if (doc.valueError !== undefined) continue;
      // Twice through the cached path (the second from the cache) and once whole.
      const split = schemaDiagnostics(file, doc, schema);
      assert.deepEqual(schemaDiagnostics(file, doc, schema), split);
      assert.deepEqual(split, schemaDiagnostics(file, doc, whole));
      compared++;
      if (split.length) withErrors++;
    }
  }), { numRuns: 1500, seed: 3 });
  assert.ok(compared > 1000 && withErrors > 300, `compared ${compared}, with errors ${withErrors}`);
});
