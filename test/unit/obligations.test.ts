/**
 * What a breach obliges (spec §8.2), computed by hand. Weekly availability windows in Europe/Berlin
 * across the end of DST (25 Oct 2026, 03:00 CEST → 02:00 CET), 1,000 requests a day:
 * - W41 (5–12 Oct) 99.5 %: tier 10 %;  W42 (12–19 Oct) 98 %: tier 25 %;  W43 (19–26 Oct, 169 h) 90 %: tier 100 %;
 * - W44 (26 Oct – 2 Nov) 99.9 % exactly: met, and not below the 99.9 % tier;
 * - W45 (from 2 Nov) 50 % so far: partial — at risk, no obligation.
 * Each week is final at its end (Monday 00:00 local): W41 at 11 Oct 22:00Z, W42 at 18 Oct 22:00Z,
 * W43 at 25 Oct 23:00Z (CET).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFiles } from '../../server/src/cli/report';
import { renderText } from '../../server/src/engine/render/text';
import { renderMarkdown } from '../../server/src/engine/render/markdown';
import { renderHtml } from '../../server/src/engine/render/html';
import { noticeFile } from '../../server/src/cli/notice';
import { complianceLenses, obligationsWords } from '../../server/src/service/complianceLens';
import { parseSlaFile } from '../../server/src/service/parse';
import { getLanguageService } from '../../server/src/service/languageService';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { pathToFileURL } from 'node:url';
import { obligationWindows, reportOf } from '../../client/src/preview/webview/model';
import { noticeMarkdown, noticeText } from '../../server/src/engine/render/notice';

let dir: string;
const GOOD_PER_DAY: [string, number][] = [['2026-10-05', 995], ['2026-10-12', 980], ['2026-10-19', 900], ['2026-10-26', 999], ['2026-11-02', 500]];

const SLA = (scope: 'external' | 'internal', extra = '', window = '{ calendar: week }') => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: ob, owner: t@example.com }
model: m
scope: ${scope}
parties: { provider: ML Platform, consumer: Retention Analytics }
period: { start: 2026-10-05, end: 2026-11-30, timezone: Europe/Berlin }
metrics:
  requests: { file: req.csv, timestamp: ts, goodCount: good, total: total }
breach:
  internal: { actions: [p1-investigation, deployment-freeze] }
  external:
    serviceCredits:
      - objective: availability
        tiers: [{ below: 99.9%, credit: 10% }, { below: 99.0%, credit: 25% }, { below: 95.0%, credit: 100% }]
    remediation: { deadline: 14d }
    communication: [account-executive]
  escalation: [{ after: 1h, notify: on-call }, { after: 24h, notify: engineering-director }]
${extra}objectives:
  - id: availability
    indicator: availability
    metric: requests
    method: request-based
    target: ">= 99.9%"
    window: ${window}
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-obligations-'));
  const rows: string[] = [];
  for (const [monday, good] of GOOD_PER_DAY) {
    for (let d = 0; d < 7; d++) {
      const day = new Date(Date.parse(`${monday}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
      if (day >= '2026-11-04') break; // W45: two days so far
      rows.push(`${day}T10:00:00Z,${good},1000`);
    }
  }
  writeFileSync(join(dir, 'req.csv'), `ts,good,total\n${rows.join('\n')}\n`);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const report = async (text: string, asOf = '2026-11-04T00:00:00Z') => {
  writeFileSync(join(dir, 'ob.sla.yaml'), text);
  const { reports } = await reportFiles(['ob.sla.yaml'], { cwd: dir, asOf: Date.parse(asOf) });
  return reports[0];
};
const brief = (o: { kind: string; window?: string; amount?: string; to?: string; due?: string | null; action?: string; notify?: string }) =>
  [o.window, o.kind, o.amount ?? o.to ?? o.action ?? o.notify ?? '', o.due === undefined ? '' : String(o.due)].join(' ');

test('external: per final breach the credit of its tier, remediation, communication, actions and escalations, due from the breach\'s final instant', async () => {
  const r = await report(SLA('external'));
  assert.deepEqual(r.objectives[0].windows.map((w) => `${w.label} ${w.status}${w.partial ? ' partial' : ''}`), ['2026-W41 breached', '2026-W42 breached', '2026-W43 breached', '2026-W44 met', '2026-W45 breached partial']);
  assert.deepEqual(r.obligations.map(brief), [
    '2026-W41 credit 10% null',
    '2026-W41 remediation  2026-10-25T22:00:00.000Z',
    '2026-W41 communication account-executive ',
    '2026-W41 action p1-investigation ',
    '2026-W41 action deployment-freeze ',
    '2026-W41 escalation on-call 2026-10-11T23:00:00.000Z',
    '2026-W41 escalation engineering-director 2026-10-12T22:00:00.000Z',
    '2026-W42 credit 25% null',
    // 18 Oct 22:00Z (19 Oct 00:00 CEST) + 14 × 24 h = 1 Nov 22:00Z: 23:00 CET, the hour DST gave back.
    '2026-W42 remediation  2026-11-01T22:00:00.000Z',
    '2026-W42 communication account-executive ',
    '2026-W42 action p1-investigation ',
    '2026-W42 action deployment-freeze ',
    '2026-W42 escalation on-call 2026-10-18T23:00:00.000Z',
    '2026-W42 escalation engineering-director 2026-10-19T22:00:00.000Z',
    '2026-W43 credit 100% null',
    '2026-W43 remediation  2026-11-08T23:00:00.000Z',
    '2026-W43 communication account-executive ',
    '2026-W43 action p1-investigation ',
    '2026-W43 action deployment-freeze ',
    '2026-W43 escalation on-call 2026-10-26T00:00:00.000Z',
    '2026-W43 escalation engineering-director 2026-10-26T23:00:00.000Z',
  ]);
  // Credits at each tier: 99.5 % → 10 %, 98 % → 25 %, 90 % → 100 %; 99.9 % exactly is not below 99.9 %.
  assert.deepEqual(r.obligations.filter((o) => o.kind === 'credit').map((o) => [o.window, o.amount]), [['2026-W41', '10%'], ['2026-W42', '25%'], ['2026-W43', '100%']]);
  assert.equal(r.obligations[0].finalAt, '2026-10-11T22:00:00.000Z');
  assert.equal(r.obligations[0].to, 'Retention Analytics', 'a credit is owed to parties.consumer');
  // The partial week breached so far obliges nothing (its credit is projected, not owed).
  assert.ok(!r.obligations.some((o) => o.window === '2026-W45'));
  assert.equal(r.objectives[0].windows[4].projectedCredit, '100%');
});

test('internal: actions and escalations only — no credit, remediation or communication', async () => {
  const r = await report(SLA('internal'));
  assert.deepEqual([...new Set(r.obligations.map((o) => o.kind))], ['action', 'escalation']);
  assert.equal(r.obligations.length, 3 * 4);
});

test('a review exactly at the repeated count, naming its breaches — not one breach before', async () => {
  // W41 → W43 final 14 d 1 h apart: within 15 d.
  const text = SLA('internal').replace('  escalation: [', `  repeated: { count: 3, within: 15d, action: architectural-review }\n  escalation: [`);
  const at3 = await report(text);
  const reviews = at3.obligations.filter((o) => o.kind === 'review');
  assert.deepEqual(reviews, [{ kind: 'review', action: 'architectural-review', breaches: ['2026-W41', '2026-W42', '2026-W43'], objectives: ['availability', 'availability', 'availability'], finalAt: '2026-10-25T23:00:00.000Z' }]);
  // The instant before W43 is final: two final breaches, no review.
  const before3 = await report(text, '2026-10-25T22:59:59.999Z');
  assert.deepEqual(before3.obligations.filter((o) => o.kind === 'review'), []);
  // 14 d: W41's final instant is 14 d 1 h before W43's — outside; no review.
  const tight = await report(text.replace('within: 15d', 'within: 14d'));
  assert.deepEqual(tight.obligations.filter((o) => o.kind === 'review'), []);
});

test('a rolling window\'s breach is final at asOf: its escalations count from there', async () => {
  const r = await report(SLA('internal', '', '{ rolling: 7d }'), '2026-10-20T00:00:00Z');
  // 13–20 Oct: 980 a day on 13–18 Oct and 900 on 19 Oct: breached, final at asOf.
  assert.deepEqual(r.obligations.filter((o) => o.kind === 'escalation').map((o) => [o.notify, o.due, o.finalAt]), [
    ['on-call', '2026-10-20T01:00:00.000Z', '2026-10-20T00:00:00.000Z'],
    ['engineering-director', '2026-10-21T00:00:00.000Z', '2026-10-20T00:00:00.000Z'],
  ]);
});

test('text, markdown and HTML list the obligations with due dates in the SLA\'s zone, overdue against asOf, free text escaped', async () => {
  const r = await report(SLA('external').replace('[p1-investigation, deployment-freeze]', '[p1-investigation, "freeze | <b>all</b>"]'));
  const text = renderText([r]);
  assert.match(text, /Obligations \(21, from final breaches; due in Europe\/Berlin\):/);
  // W42's remediation: 1 Nov 22:00Z is 23:00 CET (after the end of DST); asOf 4 Nov: overdue.
  assert.match(text, /2026-11-01 23:00 OVERDUE +availability +2026-W42 +remediation +remediation plan delivered/);
  // W43's: 8 Nov 23:00Z = 9 Nov 00:00 CET, after asOf: not overdue.
  assert.match(text, /2026-11-09 00:00 +availability +2026-W43 +remediation/);
  assert.match(text, / -  +availability +2026-W41 +credit +10% credit to Retention Analytics/);
  const md = renderMarkdown([r]);
  assert.match(md, /\| 2026-11-01 23:00 \*\*overdue\*\* \| availability \| 2026-W42 \| remediation \| remediation plan delivered \|/);
  assert.ok(md.includes('| action | freeze \\| \\<b\\>all\\</b\\> |'), 'markdown escapes the pipe and the tag');
  assert.doesNotMatch(md, /\| freeze \| /, 'a pipe in free text does not split the row');
  const html = renderHtml([r]);
  assert.match(html, /<tr class="overdue"><td>2026-11-01 23:00 <strong>overdue<\/strong><\/td><td>availability<\/td><td>2026-W42<\/td><td>remediation<\/td>/);
  assert.match(html, /freeze \| &lt;b&gt;all&lt;\/b&gt;/);
  assert.doesNotMatch(html, /<b>all<\/b>/);
});

test('notice, external: the consumer notice\'s numbers are the report\'s — value, credit, remediation due date', async () => {
  writeFileSync(join(dir, 'ob.sla.yaml'), SLA('external'));
  const r = await report(SLA('external'));
  const run = await noticeFile('ob.sla.yaml', { window: '2026-W42', cwd: dir, asOf: Date.parse('2026-11-04T00:00:00Z') });
  assert.ok(run.ok, run.messages.join('\n'));
  const n = run.notice;
  assert.equal(n.kind, 'consumer-notice');
  assert.equal(n.consumer, 'Retention Analytics');
  const b = n.breaches[0];
  assert.equal(b.value, r.breaches.find((x) => x.window === '2026-W42')!.value);
  assert.equal(b.value, '98%');
  assert.deepEqual(b.credit?.amount, r.obligations.find((o) => o.window === '2026-W42' && o.kind === 'credit')!.amount);
  assert.equal(b.remediationDue, r.obligations.find((o) => o.window === '2026-W42' && o.kind === 'remediation')!.due);
  assert.deepEqual([b.observations, b.excluded], [7000, 0]);
  const md = noticeMarkdown(n);
  assert.match(md, /A credit of \*\*25%\*\* is owed to Retention Analytics for 2026-W42/);
  assert.match(md, /A remediation plan is due by \*\*2026-11-01 23:00 Europe\/Berlin \(22:00 UTC\)\*\* \(overdue\)\./);
  assert.match(md, /Window 2026-W42: 2026-10-12 00:00 – 2026-10-19 00:00 Europe\/Berlin/);
  assert.match(noticeText(n), /remediation due: 2026-11-01 23:00 Europe\/Berlin \(22:00 UTC\)/);
});

test('notice, internal: the incident brief with actions, escalation timeline, the explanation\'s counts and a post-mortem skeleton', async () => {
  writeFileSync(join(dir, 'ob.sla.yaml'), SLA('internal'));
  const run = await noticeFile('ob.sla.yaml', { window: '2026-W43', cwd: dir, asOf: Date.parse('2026-11-04T00:00:00Z') });
  assert.ok(run.ok, run.messages.join('\n'));
  const n = run.notice;
  assert.equal(n.kind, 'incident-brief');
  assert.deepEqual(n.breaches[0].actions, ['p1-investigation', 'deployment-freeze']);
  assert.deepEqual(n.breaches[0].escalation, [{ notify: 'on-call', due: '2026-10-26T00:00:00.000Z' }, { notify: 'engineering-director', due: '2026-10-26T23:00:00.000Z' }]);
  assert.equal(n.breaches[0].credit, undefined);
  assert.deepEqual([n.breaches[0].explanation?.good, n.breaches[0].explanation?.total], [6300, 7000]);
  const md = noticeMarkdown(n);
  assert.match(md, /^# Incident brief: availability breached in 2026-W43 \(ob\)/);
  assert.match(md, /- \[ \] p1-investigation\n- \[ \] deployment-freeze/);
  assert.match(md, /\| 2026-10-26 01:00 Europe\/Berlin \(00:00 UTC\) \(overdue\) \| on-call \|/);
  assert.match(md, /6300 good of 7000: 700 bad/);
  assert.match(md, /## Blameless post-mortem/);
});

test('notice: a partial window breached so far is at risk (nothing owed), a met window has no notice, an unknown one is named', async () => {
  writeFileSync(join(dir, 'ob.sla.yaml'), SLA('external'));
  const asOf = Date.parse('2026-11-04T00:00:00Z');
  const partial = await noticeFile('ob.sla.yaml', { window: '2026-W45', cwd: dir, asOf });
  assert.ok(!partial.ok);
  assert.match(partial.messages[0], /no final breach in 2026-W45 to notify: availability 2026-W45 is breached so far \(partial: at risk, nothing owed yet\)/);
  const met = await noticeFile('ob.sla.yaml', { window: '2026-W44', cwd: dir, asOf });
  assert.match(met.messages[0], /no breach in 2026-W44: nothing to notify; final breaches: 2026-W41, 2026-W42, 2026-W43/);
  const unknown = await noticeFile('ob.sla.yaml', { window: '2026-09', cwd: dir, asOf });
  assert.match(unknown.messages[0], /no window `2026-09`/);
});

test('notice: free text from the SLA cannot become markup or break a table in the Markdown', async () => {
  const hostile = SLA('internal')
    .replace('actions: [p1-investigation, deployment-freeze]', 'actions: ["<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "a | b"]')
    .replace('target: ">= 99.9%"', 'target: ">= 99.9%"\n    description: "<script>alert(1)</script> **bold** `code`"');
  writeFileSync(join(dir, 'ob.sla.yaml'), hostile);
  const run = await noticeFile('ob.sla.yaml', { window: '2026-W41', cwd: dir, asOf: Date.parse('2026-11-04T00:00:00Z') });
  assert.ok(run.ok, run.messages.join('\n'));
  const md = noticeMarkdown(run.notice);
  assert.ok(md.includes('- [ ] \\<img src=x onerror=alert(1)\\>'), md);
  assert.ok(md.includes('- [ ] \\[click\\](javascript:alert(1))'), md);
  assert.ok(md.includes('\\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\`code\\`'), md);
});

test('code lenses: a final breach says what it obliges (credit, remediation due in the SLA\'s zone), a partial one is at risk', async () => {
  const r = await report(SLA('external'));
  assert.equal(obligationsWords(r, 'availability', '2026-W42'), 'credit 25% owed, remediation due 1 Nov 23:00 (overdue)');
  const internal = await report(SLA('internal'));
  assert.equal(obligationsWords(internal, 'availability', '2026-W43'), 'p1-investigation, deployment-freeze, on-call by 26 Oct 01:00 (overdue)');
  const lens = complianceLenses(parseSlaFile('file:///ob.sla.yaml', 1, SLA('external')), [r])[0].command!.title;
  // The partial week is at risk; the breaches counted are the final ones among the complete weeks.
  assert.match(lens, /^✗ at risk — 50% vs >= 99\.9% \(2026-W45, so far\): 100% credit if it ends so · breached 3 of 4 complete windows$/);
});

test('the preview lists each breached window\'s obligations latest first, due dates in the SLA\'s zone, overdue against asOf; the partial week at risk', async () => {
  const r = reportOf(JSON.parse(JSON.stringify(await report(SLA('external')))))!;
  const windows = obligationWindows(r, r.objectives[0]);
  assert.deepEqual(windows.map((w) => [w.window, w.atRisk, w.final ?? '', w.entries.length]), [
    ['2026-W45', true, '', 0], ['2026-W43', false, '26 Oct 00:00', 7], ['2026-W42', false, '19 Oct 00:00', 7], ['2026-W41', false, '12 Oct 00:00', 7],
  ]);
  assert.equal(windows[0].projectedCredit, '100%');
  assert.deepEqual(windows[2].entries.find((e) => e.kind === 'remediation'), { kind: 'remediation', text: 'remediation plan delivered', due: '1 Nov 23:00', overdue: true });
  assert.deepEqual(windows[1].entries.find((e) => e.kind === 'remediation'), { kind: 'remediation', text: 'remediation plan delivered', due: '9 Nov 00:00', overdue: false });
});

test('hover on remediation.deadline and an escalation step: what it means for the latest breach, in the SLA\'s zone', async () => {
  const text = SLA('external');
  writeFileSync(join(dir, 'ob.sla.yaml'), text);
  const service = getLanguageService({ metrics: new NodeMetricAccess(() => [dir]) });
  const document = { uri: pathToFileURL(join(dir, 'ob.sla.yaml')).href, version: 1, getText: () => text };
  const lines = text.split('\n');
  const hoverAt = async (needle: string, offset = 0) => {
    const line = lines.findIndex((l) => l.includes(needle));
    const h = await service.hoverInWorkspace(document, { line, character: lines[line].indexOf(needle) + offset }, 'ob.sla.yaml');
    return (h?.contents as { value: string } | undefined)?.value ?? '';
  };
  // No asOf given: the report's asOf is 1 ms after the latest row (3 Nov 10:00Z); W43 is the latest final breach.
  assert.match(await hoverAt('deadline: 14d', 11), /\*\*For the latest breach\*\* \(availability 2026-W43, final 2026-10-26 00:00 Europe\/Berlin \(2026-10-25 23:00 UTC\)\): the remediation plan is due \*\*2026-11-09 00:00 Europe\/Berlin \(2026-11-08 23:00 UTC\)\*\*\.$/);
  assert.match(await hoverAt('notify: engineering-director', 8), /`engineering-director` is to be told by \*\*2026-10-27 00:00 Europe\/Berlin \(2026-10-26 23:00 UTC\)\*\* \(overdue as of the report\)\.$/);
});

test('from the adversary: `after: 0ms` notifies at the final instant; a review is completed by its last breach only; --window latest; the escalation chain stays out of the consumer notice', async () => {
  const zero = await report(SLA('internal').replace('escalation: [{ after: 1h, notify: on-call }', 'escalation: [{ after: 0ms, notify: at-once }, { after: 1h, notify: on-call }'));
  assert.deepEqual(zero.obligations.filter((o) => o.window === '2026-W41' && o.kind === 'escalation').map((o) => [o.notify, o.due]), [['at-once', '2026-10-11T22:00:00.000Z'], ['on-call', '2026-10-11T23:00:00.000Z'], ['engineering-director', '2026-10-12T22:00:00.000Z']]);
  writeFileSync(join(dir, 'ob.sla.yaml'), SLA('internal').replace('  escalation: [', `  repeated: { count: 3, within: 15d, action: architectural-review }\n  escalation: [`));
  const asOf = Date.parse('2026-11-04T00:00:00Z');
  const first = await noticeFile('ob.sla.yaml', { window: '2026-W41', cwd: dir, asOf });
  const last = await noticeFile('ob.sla.yaml', { window: 'latest', cwd: dir, asOf });
  assert.ok(first.ok && last.ok);
  assert.equal(last.notice.window, '2026-W43');
  assert.match(noticeMarkdown(first.notice), /this breach is one of 3 \(availability 2026-W41, availability 2026-W42, availability 2026-W43\) that call for architectural-review/);
  assert.match(noticeMarkdown(last.notice), /this breach completes 3 \(/);
  writeFileSync(join(dir, 'ob.sla.yaml'), SLA('external'));
  const consumer = await noticeFile('ob.sla.yaml', { window: '2026-W42', cwd: dir, asOf });
  assert.ok(consumer.ok);
  assert.doesNotMatch(noticeMarkdown(consumer.notice), /Escalation timeline|on-call|engineering-director/);
});

test('the preview lists a final breach of an SLA without a breach policy too (its notice is still there), with nothing obliged', async () => {
  const text = SLA('internal').replace(/breach:\n[\s\S]*?objectives:/, 'objectives:');
  const r = reportOf(JSON.parse(JSON.stringify(await report(text))))!;
  assert.deepEqual(r.obligations, []);
  assert.deepEqual(obligationWindows(r, r.objectives[0]).map((w) => [w.window, w.atRisk, w.entries.length]), [['2026-W45', true, 0], ['2026-W43', false, 0], ['2026-W42', false, 0], ['2026-W41', false, 0]]);
});
