/**
 * Label delay (spec §12), worked by hand: a monthly accuracy window (September 2026, UTC) with
 * `labelDelay: 14d` is provisional until 15 Oct 00:00 — reported with `provisional: true`, its
 * breach neither in `breaches` nor a credit nor a failing exit — and final from then on.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFiles } from '../../server/src/cli/report';
import { explainFile, explanationText } from '../../server/src/cli/explain';
import { anyBreached } from '../../server/src/engine/report';
import { statusWord } from '../../server/src/engine/render/common';
import { renderText } from '../../server/src/engine/render/text';
import { noticeFile } from '../../server/src/cli/notice';
import { parseSlaFile } from '../../server/src/service/parse';
import { labelDelay } from '../../server/src/service/lint/rules/labelDelay';
import { complianceLenses } from '../../server/src/service/complianceLens';

let dir: string;
const SLA = (labelDelay: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: acc, owner: t@example.com }
model: m
scope: external
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  eval: { file: eval.csv, timestamp: at, value: f1, samples: n }
breach:
  external: { serviceCredits: [{ objective: f1, tiers: [{ below: 80%, credit: 10% }] }] }
objectives:
  - id: f1
    indicator: accuracy
    metric: eval
    measure: f1
    target: ">= 80%"
    window: { calendar: month }
    evaluation: { cadence: weekly, minSamples: 100, aggregate: mean${labelDelay} }
`;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-labels-'));
  // September's weekly runs (one in each cadence period from 1 Sep) average 70 %: breached, once the labels count.
  writeFileSync(join(dir, 'eval.csv'), `at,f1,n\n${['01', '08', '15', '22', '29'].map((d) => `2026-09-${d}T06:00:00Z,70,1000`).join('\n')}\n`);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const reportAt = async (labelDelay: string, asOf: string) => {
  writeFileSync(join(dir, 'acc.sla.yaml'), SLA(labelDelay));
  const { reports } = await reportFiles(['acc.sla.yaml'], { cwd: dir, asOf: Date.parse(asOf) });
  return reports[0];
};

test('September with labelDelay 14d: provisional until 2026-10-15T00:00Z — no breach, no credit, no failing exit — then final', async () => {
  const early = await reportAt(', labelDelay: 14d', '2026-10-14T23:59:59Z');
  const sept = early.objectives[0].windows.find((w) => w.label === '2026-09')!;
  assert.equal(sept.status, 'breached', 'the value as measured so far');
  assert.equal(sept.provisional, true);
  assert.equal(sept.provisionalUntil, '2026-10-15T00:00:00.000Z');
  assert.equal(early.breaches.length, 0);
  assert.equal(early.credits.length, 0);
  assert.equal(sept.projectedCredit, '10%');
  assert.equal(statusWord(sept), 'provisional until 2026-10-15 (breached so far)');

  const late = await reportAt(', labelDelay: 14d', '2026-10-15T00:00:00Z');
  const final = late.objectives[0].windows.find((w) => w.label === '2026-09')!;
  assert.equal(final.provisional, undefined, 'end + labelDelay = asOf: final');
  assert.deepEqual(late.breaches.map((b) => b.window), ['2026-09']);
  assert.deepEqual(late.credits.map((c) => [c.window, c.credit]), [['2026-09', '10%']]);

  // The latest window (October, no runs) is provisional; September's breach alone does not fail a
  // report whose latest window has no data — and a provisional latest breach fails nothing.
  const noDelay = await reportAt('', '2026-10-14T23:59:59Z');
  assert.deepEqual(noDelay.breaches.map((b) => b.window), ['2026-09'], 'without labelDelay the breach counts at once');
  const septOnly = await reportAt(', labelDelay: 14d', '2026-09-30T12:00:00Z');
  assert.equal(septOnly.objectives[0].status, 'breached');
  assert.equal(septOnly.objectives[0].provisional, true);
  assert.equal(anyBreached([septOnly]), false);
});

test('the exit code follows the latest final window while the latest is provisional: September final and breached fails on 20 Oct', async () => {
  const r = await reportAt(', labelDelay: 14d', '2026-10-20T00:00:00Z');
  const o = r.objectives[0];
  assert.equal(o.provisional, true, 'October is provisional');
  assert.equal(o.windows.at(-2)!.label, '2026-09');
  assert.equal(anyBreached([r]), true);
  // The text report names the window the exit code follows.
  assert.match(renderText([r]), /: provisional; the exit code follows 2026-09 \(breached\)/);
  assert.match(renderText([await reportAt(', labelDelay: 14d', '2026-09-30T12:00:00Z')]), /: provisional; the exit code follows 2026-08 \(no data\)/);
});

test('the notice of a labelDelay window: final (and its clocks start) when the labels are in, end + labelDelay', async () => {
  writeFileSync(join(dir, 'acc.sla.yaml'), SLA(', labelDelay: 14d'));
  const early = await noticeFile('acc.sla.yaml', { window: '2026-09', cwd: dir, asOf: Date.parse('2026-10-14T23:59:59Z') });
  assert.ok(!early.ok);
  assert.match(early.messages[0], /no final breach in 2026-09 to notify: f1 2026-09 is provisional until 2026-10-15T00:00:00.000Z/);
  const run = await noticeFile('acc.sla.yaml', { window: '2026-09', cwd: dir, asOf: Date.parse('2026-10-20T00:00:00Z') });
  assert.ok(run.ok, run.messages.join('\n'));
  assert.equal(run.notice.breaches[0].finalAt, '2026-10-15T00:00:00.000Z');
});

test('a rolling window with labelDelay: the window ending labelDelay before asOf is final, the one ending at asOf provisional', async () => {
  writeFileSync(join(dir, 'roll.sla.yaml'), SLA(', labelDelay: 14d').replace('window: { calendar: month }', 'window: { rolling: 28d }').replace('name: acc', 'name: roll'));
  const { reports } = await reportFiles(['roll.sla.yaml'], { cwd: dir, asOf: Date.parse('2026-10-13T00:00:00Z') });
  const [final, latest] = reports[0].objectives[0].windows;
  // Final: [1 Sep, 29 Sep) holds the runs of 1, 8, 15, 22 Sep (70 %): breached, and a breach.
  assert.deepEqual([final.start, final.end, final.provisional], ['2026-09-01T00:00:00.000Z', '2026-09-29T00:00:00.000Z', undefined]);
  assert.equal(final.status, 'breached');
  assert.deepEqual([latest.start, latest.end, latest.provisional, latest.provisionalUntil], ['2026-09-15T00:00:00.000Z', '2026-10-13T00:00:00.000Z', true, '2026-10-27T00:00:00.000Z']);
  assert.deepEqual(reports[0].breaches.map((b) => b.window), [final.label]);
  assert.equal(anyBreached(reports), true);
});

test('the code lens says "provisional until" while the labels arrive', async () => {
  const report = await reportAt(', labelDelay: 14d', '2026-09-30T12:00:00Z');
  const lenses = complianceLenses(parseSlaFile('file:///acc.sla.yaml', 1, SLA(', labelDelay: 14d')), [report]).map((l) => l.command!.title);
  assert.equal(lenses.length, 1);
  assert.match(lenses[0], /^◌ provisional — .* \(2026-09, provisional until 2026-10-15\)$/);
});

test('SLA122 (the rule, not yet run by default): an accuracy objective without labelDelay, with a fix; none with it', () => {
  const codes = (text: string) => {
    const found: string[] = [];
    const file = parseSlaFile('file:///a.sla.yaml', 1, text);
    labelDelay.check({ file, doc: file.docs[0], sla: file.docs[0].value as Record<string, unknown>, report: (f) => found.push(f.code) });
    return found;
  };
  assert.deepEqual(codes(SLA('')), ['SLA122']);
  assert.deepEqual(codes(SLA(', labelDelay: 14d')), []);
});

test('a baseline whose labels are not all in suggests no target: it is provisional', async () => {
  const text = SLA(', labelDelay: 14d').replace('period: {', 'baseline: { from: 2026-09-01, to: 2026-09-30, margin: 0% }\nperiod: {');
  writeFileSync(join(dir, 'base.sla.yaml'), text);
  const early = (await reportFiles(['base.sla.yaml'], { cwd: dir, asOf: Date.parse('2026-10-10T00:00:00Z') })).reports[0].objectives[0].baseline!;
  assert.deepEqual([early.value, early.provisional, early.suggested], [70, true, undefined]);
  const late = (await reportFiles(['base.sla.yaml'], { cwd: dir, asOf: Date.parse('2026-10-20T00:00:00Z') })).reports[0].objectives[0].baseline!;
  assert.equal(late.provisional, undefined);
  assert.equal(late.stricter, true, '70 % measured: >= 80 % is stricter than the baseline');
});

test('explain says a window is provisional and until when', async () => {
  writeFileSync(join(dir, 'acc.sla.yaml'), SLA(', labelDelay: 14d'));
  const run = await explainFile('acc.sla.yaml', { objective: 'f1', window: '2026-09', asOf: Date.parse('2026-10-10T00:00:00Z'), cwd: dir });
  assert.ok(run.ok, run.messages.join('\n'));
  assert.equal(run.explanation.provisionalUntil, '2026-10-15T00:00:00.000Z');
  assert.match(explanationText(run.explanation), /provisional until 2026-10-15T00:00:00\.000Z: labels are still arriving/);
});
