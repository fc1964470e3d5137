/**
 * The language service under random edits (fast-check): what a user half-types, what breaks YAML,
 * random bytes. After every edit each request must answer without throwing (and no lint rule may
 * throw, which the service would only log); after every sequence the diagnostics of the edited
 * document must equal those of opening its final text fresh — which checks the incremental parse
 * and every cache keyed by document version.
 *
 * Used by test/unit/fuzz-service.test.ts (short, in `npm test`) and test/fuzz/service.fuzz.ts
 * (`npm run test:fuzz`: ≥ 100,000 edits, fixed seed).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { getLanguageService, type LanguageService, type TextDocumentLike } from '../../server/src/service/languageService';
import { VALID_SLA } from '../helpers';

const root = join(__dirname, '..', '..');
const example = (name: string) => readFileSync(join(root, 'examples', name), 'utf8');

export const BASES: string[] = [
  VALID_SLA,
  example('churn-external.sla.yaml'),
  example('churn-internal.sla.yaml'),
  example('fraud.sla.yaml'),
  example('draft-search-ranking.sla.yaml'),
  '',
  'apiVersion: modelsla/v1\nkind: SLA\n',
];

/** What an edit inserts: typing, YAML structure, snippets, hostile text. */
const typed = fc.constantFrom(
  'a', 'e', 'x', '1', '9', '.', ' ', '  ', '\n', ':', ': ', '- ', '#', '"', "'", '%', 'ms', 's', '<=', '>= ',
  'target: "<= 300ms"', 'percentile: p99', 'window: { calendar: month }', 'indicator: ', 'metric: latency',
  '\n  - id: new\n    indicator: latency\n', 'objectives:\n', '---\n', '...\n',
  '{', '}', '[', ']', ',', '&a ', '*a', '!!str ', '? ', '|\n', '>-\n', '\t', '\r\n', '\r', '\uFEFF', '\u0000', '\uD800', '😀', '…',
);
const inserted = fc.oneof(
  { weight: 6, arbitrary: typed },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

export interface Edit { at: number; remove: number; insert: string }
export const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(8) }, { weight: 1, arbitrary: fc.nat(200) }),
  insert: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 4, arbitrary: inserted }),
});

export function applyEdit(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

function positionIn(text: string, n: number): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const line = n % lines.length;
  return { line, character: (n >>> 8) % ((lines[line]?.length ?? 0) + 2) };
}

export interface FuzzStats { edits: number; sequences: number; ruleErrors: string[] }

/** Every request the editor can make, at positions derived from `seed`; each must not throw. */
function exercise(service: LanguageService, doc: TextDocumentLike, diagnostics: Diagnostic[], seed: number): void {
  const text = doc.getText();
  const p = positionIn(text, seed);
  service.complete(doc, p);
  service.hover(doc, positionIn(text, seed * 31 + 7));
  service.documentSymbols(doc);
  service.definition(doc, p);
  service.documentLinks(doc);
  const range: Range = diagnostics[seed % Math.max(1, diagnostics.length)]?.range ?? { start: p, end: p };
  service.codeActions(doc, range, diagnostics.filter((d) => d.range.start.line === range.start.line));
}

export function fuzzService(options: { runs: number; editsPerRun: number; seed: number }): FuzzStats {
  const stats: FuzzStats = { edits: 0, sequences: 0, ruleErrors: [] };
  const onRuleError = (rule: { id?: string; codes?: string[] }, error: unknown) => {
    stats.ruleErrors.push(`${rule.codes?.join(',') ?? rule.id}: ${error instanceof Error ? error.stack : String(error)}`);
  };
  const service = getLanguageService({ onRuleError });
  const fresh = getLanguageService({ onRuleError });
  let n = 0;
  fc.assert(
    fc.property(
      fc.nat(BASES.length - 1),
      fc.array(edit, { minLength: Math.ceil(options.editsPerRun / 2), maxLength: options.editsPerRun }),
      fc.nat(),
      (baseIndex, edits, seed) => {
        const uri = `file:///fuzz/doc-${n++ % 50}.sla.yaml`;
        service.close(uri);
        let text = BASES[baseIndex]!;
        let version = 1;
        let diagnostics = service.validate({ uri, version, getText: () => text });
        for (const e of edits) {
          text = applyEdit(text, e);
          const current = text;
          const doc = { uri, version: ++version, getText: () => current };
          diagnostics = service.validate(doc);
          exercise(service, doc, diagnostics, seed + version);
          stats.edits++;
        }
        const final = text;
        const opened = fresh.validate({ uri, version: 1, getText: () => final });
        fresh.close(uri);
        assert.deepEqual(diagnostics, opened, 'diagnostics after the edits differ from a fresh open of the same text');
        assert.deepEqual(stats.ruleErrors, [], 'a lint rule threw');
        stats.sequences++;
      },
    ),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true },
  );
  return stats;
}

/** Whole documents of random bytes (read as Latin-1 and as UTF-8 with replacement characters). */
export function fuzzBytes(options: { runs: number; seed: number }): number {
  const service = getLanguageService();
  let count = 0;
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (bytes, utf8) => {
      const text = Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1');
      const doc = { uri: `file:///fuzz/bytes-${count++ % 20}.sla.yaml`, version: count, getText: () => text };
      const diagnostics = service.validate(doc);
      exercise(service, doc, diagnostics, count);
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  return count;
}
