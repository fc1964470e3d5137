/**
 * Quick fixes where the message already names the fix: the rename a "did you mean" proposes, the
 * operator a bare target is missing, the existing metric file a missing one is close to, the
 * calendar window a description's "monthly" asks for. Each is applied and the result re-linted.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLanguageService } from '../../server/src/service/languageService';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { applyEdits, brief } from '../helpers';
import { actionsFor, applyPreferred, edit, lint, VALID_SLA } from './lint-support';
import type { Diagnostic } from 'vscode-languageserver-types';

/** Applies the quick fix titled `title` (asserting it is offered). */
function applyTitled(text: string, diagnostic: Diagnostic, title: RegExp): string {
  const { actions, uri } = actionsFor(text, diagnostic);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, actions.map((a) => a.title).join(' | '));
  return applyEdits(text, action.edit!.changes![uri]);
}

describe('schema findings (SLA002)', () => {
  test('`windw:` says "did you mean `window`?" and the fix renames it', () => {
    const text = edit(VALID_SLA, '    window: { calendar: month }\n', '    windw: { calendar: month }\n');
    const finding = lint(text).find((d) => /did you mean `window`/.test(d.message));
    assert.ok(finding, lint(text).map((d) => d.message).join('\n'));
    const fixed = applyPreferred(text, finding);
    assert.equal(fixed.title, 'Rename `windw` to `window`');
    assert.equal(fixed.text, VALID_SLA);
    assert.deepEqual(lint(fixed.text).map(brief), []);
  });
  test('no rename onto a key the mapping already has', () => {
    const text = edit(VALID_SLA, '    window: { calendar: month }\n', '    window: { calendar: month }\n    windw: { calendar: month }\n');
    const finding = lint(text).find((d) => /`windw`/.test(d.message))!;
    assert.ok(!(finding.data as { fixes?: unknown[] } | undefined)?.fixes);
  });
  test('`calendar: 1m` says first that `1m` is one minute, and the fix writes `month`', () => {
    const text = edit(VALID_SLA, '    window: { calendar: month }\n', '    window: { calendar: 1m }\n');
    const finding = lint(text).find((d) => d.code === 'SLA002');
    assert.ok(finding, lint(text).map(brief).join(' '));
    // The hint leads; the allowed values follow it, not the other way round.
    assert.match(finding.message, /^`calendar` in `window` of objective `latency-p99`: `1m` is one minute, not a month: a calendar month is `month` \(one of `day`, `week`, `month`, `quarter`, `year`\)$/);
    const fixed = applyPreferred(text, finding);
    assert.equal(fixed.title, 'Change the calendar to `month`');
    assert.equal(fixed.text, VALID_SLA);
    assert.deepEqual(lint(fixed.text).map(brief), []);
  });
  test('`calendar: 1Q` (quoted) becomes `quarter`', () => {
    const text = edit(VALID_SLA, '    window: { calendar: month }\n', '    window: { calendar: "1Q" }\n');
    const finding = lint(text).find((d) => d.code === 'SLA002')!;
    assert.match(finding.message, /: a calendar quarter is `quarter`, not `1Q` \(one of /);
    assert.equal(applyPreferred(text, finding).text, edit(VALID_SLA, '    window: { calendar: month }\n', '    window: { calendar: quarter }\n'));
  });
  const targets: [string, string, string][] = [
    ['latency', '    target: "<= 300ms"\n', '<= 300ms'],
    ['availability', '    target: ">= 99.9%"\n', '>= 99.9%'],
  ];
  for (const [indicator, line, expected] of targets) {
    test(`a ${indicator} target without an operator: the fix inserts \`${expected.slice(0, 2)}\` as the message says`, () => {
      const bare = expected.slice(3);
      const text = edit(VALID_SLA, line, `    target: ${bare}\n`);
      const finding = lint(text).find((d) => d.message.includes(`\`${expected}\``));
      assert.ok(finding, lint(text).map((d) => d.message).join('\n'));
      const fixed = applyPreferred(text, finding);
      assert.equal(fixed.text, VALID_SLA);
      assert.deepEqual(lint(fixed.text).map(brief), []);
    });
  }
});

describe('SLA117: the description says "monthly", the window is rolling', () => {
  test('the fix switches to the calendar window the word names', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    description: monthly share of good requests\n    method: request-based\n');
    const finding = lint(text).find((d) => d.code === 'SLA117');
    assert.ok(finding, lint(text).map(brief).join(', '));
    const fixed = { text: applyTitled(text, finding, /^Switch to a calendar window/) };
    assert.match(fixed.text, /\n {4}window: \{ calendar: month \}\n {4}measurement: \{ point: gateway \}/);
    assert.deepEqual(lint(fixed.text).filter((d) => d.code === 'SLA117' || d.code === 'SLA002' || d.code === 'SLA001').map(brief), []);
  });
  test('"weekly" gives `calendar: week`', () => {
    const text = edit(VALID_SLA, '    method: request-based\n', '    description: weekly availability\n    method: request-based\n');
    assert.match(applyTitled(text, lint(text).find((d) => d.code === 'SLA117')!, /calendar: week/), /window: \{ calendar: week \}/);
  });
});

describe('SLA115: a missing metric file next to a similarly named one', () => {
  let ws: string;
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'model-sla-fix-file-'));
    mkdirSync(join(ws, 'metrics'));
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'metrics', 'latency.csv'), 'ts,latency_ms\n2026-08-03T00:00:00Z,60\n');
    writeFileSync(join(ws, 'data', 'requests.jsonl'), '{"time":"2026-08-03T00:00:00Z","status":200}\n');
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  const cases: [string, string, string][] = [
    ['a typo in the name', 'metrics/latency.cvs', 'metrics/latency.csv'],
    ['a typo in the folder', 'metric/latency.csv', 'metrics/latency.csv'],
    ['the right name in another folder', 'metrics/requests.jsonl', 'data/requests.jsonl'],
  ];
  for (const [what, written, existing] of cases) {
    test(`${what}: \`${written}\` → \`${existing}\``, async () => {
      const service = getLanguageService({ metrics: new NodeMetricAccess(() => [ws]) });
      const uri = pathToFileURL(join(ws, 'a.sla.yaml')).href;
      const base = VALID_SLA.replace('file: metrics/requests.jsonl', 'file: data/requests.jsonl');
      const text = base.replace(`file: ${existing}`, `file: ${written}`);
      assert.notEqual(text, base);
      const document = { uri, version: 1, getText: () => text };
      await service.lintData(document);
      const finding = service.validate(document).find((d) => d.code === 'SLA115');
      assert.ok(finding, 'SLA115 for the missing file');
      const preferred = service.codeActions(document, finding.range, [finding]).filter((a) => a.isPreferred);
      assert.deepEqual(preferred.map((a) => a.title), [`Link \`${existing}\` instead`]);
      const fixedText = applyEdits(text, preferred[0].edit!.changes![uri]);
      assert.equal(fixedText, base);
      const fixed = { uri, version: 2, getText: () => fixedText };
      await service.lintData(fixed);
      assert.deepEqual(service.validate(fixed).filter((d) => d.code === 'SLA115').map(brief), []);
    });
  }
  test('nothing close: no fix', async () => {
    const service = getLanguageService({ metrics: new NodeMetricAccess(() => [ws]) });
    const text = VALID_SLA.replace('file: metrics/latency.csv', 'file: exports/p99-by-hour.csv').replace('file: metrics/requests.jsonl', 'file: data/requests.jsonl');
    const document = { uri: pathToFileURL(join(ws, 'b.sla.yaml')).href, version: 1, getText: () => text };
    await service.lintData(document);
    const finding = service.validate(document).find((d) => d.code === 'SLA115')!;
    assert.ok(finding);
    assert.deepEqual(service.codeActions(document, finding.range, [finding]).filter((a) => a.isPreferred), []);
  });
});
