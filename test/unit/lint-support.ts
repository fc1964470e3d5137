/**
 * Shared fixtures and helpers of the linter tests (lint*.test.ts): lint-clean base SLAs, applying
 * a code action's text edits, and "apply the preferred fix, re-lint" in one call.
 */
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { LanguageService } from '../../server/src/service/languageService';
import { brief, service, textDocument, VALID_SLA, type Finding, applyEdits } from '../helpers';
export { applyEdits } from '../helpers';

export { VALID_SLA };

/** `base` with `from` replaced by `to`; `from` must occur. */
export function edit(base: string, from: string | RegExp, to: string): string {
  if (typeof from === 'string') assert.ok(base.includes(from), `fixture lacks ${JSON.stringify(from)}`);
  else assert.ok(from.test(base), `fixture lacks ${from}`);
  return base.replace(from, to);
}

/** VALID_SLA plus an evaluation metric and a complete accuracy objective: lint-clean. */
export const ACCURACY_SLA = edit(edit(VALID_SLA, 'objectives:\n', `  eval:
    file: metrics/eval-runs.csv
    timestamp: evaluated_at
    value: f1
    samples: n_labeled
objectives:
`), 'breach:\n', `  - id: f1-monthly
    indicator: accuracy
    metric: eval
    measure: f1
    target: ">= 0.82"
    window: { calendar: month }
    measurement: { point: model }
    evaluation:
      cadence: weekly
      dataset: churn-holdout-2026q3
      minSamples: 5000
      aggregate: every
      labelDelay: 0d
    exclusionBudget: 10%
    exclusions:
      - { reason: planned retraining, from: 2026-03-02T00:00:00Z, to: 2026-03-04T00:00:00Z }
breach:
`);

/** VALID_SLA turned into a complete external SLA: lint-clean. */
export const EXTERNAL_SLA = edit(edit(edit(VALID_SLA, 'name: churn-internal', 'name: churn-external'), 'scope: internal', 'scope: external'), '  escalation:\n', `  external:
    serviceCredits:
      - objective: availability
        tiers:
          - { below: 99.9%, credit: 10% }
          - { below: 99.0%, credit: 25% }
    remediation: { deadline: 14d }
    communication: [account-executive]
  escalation:
`);

/** VALID_SLA whose availability objective counts 5-minute timeslices, complete: lint-clean. */
export const TIMESLICES_SLA = edit(VALID_SLA, '    method: request-based\n', `    method: request-based
    budgeting: timeslices
    slice: 5m
    sliceTarget: ">= 99%"
    emptySlices: ignore
    minObservations: 1000
`);


export function lint(text: string, svc: LanguageService = service, name?: string): Finding[] {
  return svc.validate(textDocument(text, name)) as Finding[];
}

export function only(text: string, code: string, svc: LanguageService = service): Finding[] {
  return lint(text, svc).filter((d) => d.code === code);
}

/** The single finding of `code` (asserting there is exactly one). */
export function one(text: string, code: string, svc: LanguageService = service): Finding {
  const all = lint(text, svc);
  const found = all.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${all.map(brief).join(', ')}`);
  return found[0];
}

export function actionsFor(text: string, diagnostic: Diagnostic, svc: LanguageService = service, name?: string): { actions: CodeAction[]; uri: string } {
  const document = textDocument(text, name);
  svc.validate(document);
  return { actions: svc.codeActions(document, diagnostic.range, [diagnostic]), uri: document.uri };
}

/** Applies the one preferred quick fix of `diagnostic` and returns the new text. */
export function applyPreferred(text: string, diagnostic: Diagnostic, svc: LanguageService = service): { text: string; title: string } {
  const { actions, uri } = actionsFor(text, diagnostic, svc);
  const preferred = actions.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1, `one preferred fix for ${brief(diagnostic)}; got ${actions.map((a) => a.title).join(' | ')}`);
  const edits = preferred[0].edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, 'the preferred fix edits the document');
  return { text: applyEdits(text, edits), title: preferred[0].title };
}

/**
 * The fixture must hold exactly one finding of `code` and nothing else; its preferred fix must
 * leave a file without any finding. Returns the fixed text (for further assertions on it).
 */
export function assertFixClean(text: string, code: string, svc: LanguageService = service): string {
  const before = lint(text, svc);
  const mine = before.filter((d) => d.code === code);
  assert.ok(mine.length >= 1, `no ${code} in the fixture: ${before.map(brief).join(', ')}`);
  assert.deepEqual(before.filter((d) => d.code !== code).map(brief), [], 'the fixture has only the finding under test');
  const fixed = applyPreferred(text, mine[0], svc).text;
  const after = lint(fixed, svc);
  assert.deepEqual(after.map((d) => `${brief(d)} ${d.message}`), [], `re-linted after the fix:\n${fixed}`);
  return fixed;
}
