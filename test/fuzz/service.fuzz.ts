/**
 * `npm run test:fuzz`: the long fuzz run — at least 100,000 random edits across many documents,
 * and 20,000 random-byte documents, with a fixed seed (FUZZ_SEED to vary it, FUZZ_EDITS to scale).
 * A failure prints fast-check's counterexample and the seed/path that replays it.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fuzzBytes, fuzzService } from './serviceFuzz';

const seed = Number(process.env.FUZZ_SEED ?? 20261125);
const edits = Number(process.env.FUZZ_EDITS ?? 100_000);
const perRun = 60;

test(`${edits.toLocaleString('en')} random edits (seed ${seed}): no request throws, no rule throws, edited diagnostics equal a fresh open`, () => {
  // Sequences of 30–60 edits (45 on average): enough runs that the total passes `edits`.
  const stats = fuzzService({ runs: Math.ceil(edits / (perRun * 0.7)), editsPerRun: perRun, seed });
  console.log(`fuzz: ${stats.edits} edits in ${stats.sequences} sequences`);
  assert.ok(stats.edits >= edits, `only ${stats.edits} edits`);
});

test(`random bytes (seed ${seed + 1}): every request answers`, () => {
  assert.equal(fuzzBytes({ runs: 20_000, seed: seed + 1 }), 20_000);
});
