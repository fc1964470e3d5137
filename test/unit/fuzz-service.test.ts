/** The short fuzz run of `npm test` (the long one: `npm run test:fuzz`); see test/fuzz/serviceFuzz.ts. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fuzzBytes, fuzzService } from '../fuzz/serviceFuzz';

test('2,000 random edits over many documents: no request throws, edited diagnostics equal a fresh open', () => {
  const stats = fuzzService({ runs: 80, editsPerRun: 50, seed: 1 });
  assert.ok(stats.edits >= 1500, `edits: ${stats.edits}`);
});

test('random bytes as SLA files: every request answers', () => {
  assert.equal(fuzzBytes({ runs: 200, seed: 2 }), 200);
});
