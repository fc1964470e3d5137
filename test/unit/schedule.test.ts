/**
 * Scheduled exclusions (spec §12), worked by hand: a weekly Sunday 02:00 retraining across both DST
 * days of 2026 in Europe/Berlin (northern) and Australia/Sydney (southern) — a wall time in a gap or
 * a fold takes the earlier offset (§9); the report excluding each occurrence's rows once, overlap
 * with a one-off exclusion included; an exclusion budget that is exceeded; SLA002 on a rule's part,
 * SLA121, and the hover that says the rule in words with its next occurrences.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { occurrences, parseRule } from '../../server/src/engine/schedule';
import { reportFiles } from '../../server/src/cli/report';
import { getLanguageService } from '../../server/src/service/languageService';
import { parseSlaFile } from '../../server/src/service/parse';
import { exclusionBudget, largestExcludedShare } from '../../server/src/service/lint/rules/exclusionBudget';

const iso = (t: number) => new Date(t).toISOString();
const weekly = parseRule('FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0');
const HOURS_3 = 3 * 3_600_000;
const at = (zone: string, from: string, to: string) => {
  assert.ok(weekly.ok);
  return occurrences(weekly.rule, zone, Date.parse('2025-12-31T23:00:00Z'), HOURS_3, Date.parse(from), Date.parse(to)).map(iso);
};

describe('scheduled exclusions: occurrences in the SLA\'s zone', () => {
  test('Europe/Berlin: 29 Mar 2026 02:00 does not exist (gap) → the offset before, +1: 01:00Z; 25 Oct 02:00 exists twice (fold) → the earlier, +2: 00:00Z', () => {
    assert.deepEqual(at('Europe/Berlin', '2026-03-20T00:00:00Z', '2026-04-06T00:00:00Z'), ['2026-03-22T01:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-04-05T00:00:00.000Z']);
    assert.deepEqual(at('Europe/Berlin', '2026-10-20T00:00:00Z', '2026-11-03T00:00:00Z'), ['2026-10-25T00:00:00.000Z', '2026-11-01T01:00:00.000Z']);
  });

  test('Australia/Sydney: 5 Apr 2026 02:00 is in the fold (AEDT ends at 03:00) → +11: 4 Apr 15:00Z; 4 Oct 02:00 is in the gap → +10: 3 Oct 16:00Z', () => {
    assert.deepEqual(at('Australia/Sydney', '2026-03-30T00:00:00Z', '2026-04-13T00:00:00Z'), ['2026-04-04T15:00:00.000Z', '2026-04-11T16:00:00.000Z']);
    assert.deepEqual(at('Australia/Sydney', '2026-09-28T00:00:00Z', '2026-10-12T00:00:00Z'), ['2026-10-03T16:00:00.000Z', '2026-10-10T15:00:00.000Z']);
  });

  test('an occurrence that began before the span still meets it; DTSTART from the rule; a bad part is named at its offset', () => {
    assert.deepEqual(at('UTC', '2026-03-01T03:00:00Z', '2026-03-01T04:00:00Z'), ['2026-03-01T02:00:00.000Z'], 'Sunday 1 Mar 02:00–05:00 meets [03:00, 04:00)');
    const every2 = parseRule('DTSTART:20260302T000000\nRRULE:FREQ=DAILY;INTERVAL=2');
    assert.ok(every2.ok);
    assert.deepEqual(occurrences(every2.rule, 'UTC', undefined, 60_000, Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-07T00:00:00Z')).map(iso), ['2026-03-02T00:00:00.000Z', '2026-03-04T00:00:00.000Z', '2026-03-06T00:00:00.000Z']);
    const bad = parseRule('FREQ=WEEKLY;BYDAY=XU');
    assert.ok(!bad.ok);
    assert.deepEqual([bad.problem.offset, bad.problem.length], [18, 2]);
    for (const text of ['BYDAY=SU', 'FREQ=MINUTELY', 'FREQ=WEEKLY;BYHOUR=24', 'FREQ=DAILY;COUNT=2;UNTIL=20261231', 'DTSTART:20260301T020000Z\nRRULE:FREQ=DAILY']) assert.ok(!parseRule(text).ok, text);
  });
});

describe('scheduled exclusions in the report', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-sla-schedule-'));
    // April 2026 in Berlin (+2 all month): one row an hour from 1 Apr 00:00 local (31 Mar 22:00Z), 720 rows.
    const start = Date.parse('2026-03-31T22:00:00Z');
    writeFileSync(join(dir, 'lat.csv'), `ts,ms\n${Array.from({ length: 720 }, (_, k) => `${iso(start + k * 3_600_000)},100`).join('\n')}\n`);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  const sla = (exclusions: string, budget = '') => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: s, owner: t@example.com }
model: m
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: Europe/Berlin }
metrics:
  lat: { file: lat.csv, timestamp: ts, value: ms, unit: ms }
objectives:
  - id: p99
    indicator: latency
    metric: lat
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 300ms"
    window: { calendar: month }
${budget}    exclusions:
${exclusions}`;
  const april = async (text: string) => {
    writeFileSync(join(dir, 's.sla.yaml'), text);
    const { reports, messages } = await reportFiles(['s.sla.yaml'], { cwd: dir, asOf: Date.parse('2026-05-01T00:00:00Z') });
    assert.deepEqual(messages, []);
    return reports[0].objectives[0].windows.find((w) => w.label === '2026-04')!;
  };

  test('every Sunday 02:00 for 3 h: 4 Sundays in April (5, 12, 19, 26) × 3 hourly rows = 12 excluded; a one-off overlapping one occurrence excludes its rows once', async () => {
    const weeklyOnly = await april(sla('      - { reason: weekly retraining, rrule: "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0", duration: 3h }\n'));
    assert.equal(weeklyOnly.excluded, 12);
    assert.equal(weeklyOnly.observations, 708);
    // 12 Apr 03:00–06:00 local overlaps the occurrence 02:00–05:00: 02..06 local = 4 rows, not 3 + 3.
    const both = await april(sla('      - { reason: weekly retraining, rrule: "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0", duration: 3h }\n      - { reason: migration, from: "2026-04-12T03:00:00+02:00", to: "2026-04-12T06:00:00+02:00" }\n'));
    assert.equal(both.excluded, 13);
    assert.equal(both.exclusionBudgetExceeded, undefined);
  });

  test('exclusionBudget 5 % of April (36 h) against 3 h a day (90 h): the first 12 days\' occurrences stay excluded, the latest 18 count again, and the window says so', async () => {
    const w = await april(sla('      - { reason: nightly batch, rrule: "FREQ=DAILY;BYHOUR=2", duration: 3h }\n', '    exclusionBudget: 5%\n'));
    assert.equal(w.excluded, 36);
    assert.equal(w.exclusionBudgetExceeded, true);
    const unlimited = await april(sla('      - { reason: nightly batch, rrule: "FREQ=DAILY;BYHOUR=2", duration: 3h }\n'));
    assert.equal(unlimited.excluded, 90);
    assert.equal(unlimited.exclusionBudgetExceeded, undefined);
  });

  test('the editor: SLA002 on the part at fault, SLA121 without a budget, the hover says the rule and its next occurrences', () => {
    const service = getLanguageService();
    const text = sla('      - { reason: nightly batch, rrule: "FREQ=DAILY;BYHOUR=2", duration: 3h }\n      - { reason: typo, rrule: "FREQ=WEEKLY;BYDAY=XU", duration: 1h }\n');
    const diagnostics = service.validate({ uri: 'file:///s.sla.yaml', version: 1, getText: () => text });
    const lines = text.split('\n');
    const sla002 = diagnostics.find((d) => d.code === 'SLA002')!;
    assert.match(String(sla002.message), /`XU` is not a weekday/);
    assert.equal(lines[sla002.range.start.line].slice(sla002.range.start.character, sla002.range.end.character), 'XU');
    // SLA121 (the rule; not yet run by default): 3 h a day is 12.5 % of a month.
    const file = parseSlaFile('file:///s.sla.yaml', 1, text);
    const found: string[] = [];
    exclusionBudget.check({ file, doc: file.docs[0], sla: file.docs[0].value as Record<string, unknown>, report: (f) => found.push(`${f.code} ${f.message}`) });
    assert.equal(found.length, 1);
    assert.match(found[0], /^SLA121 .*12\.5 %/);
    const line = lines.findIndex((l) => l.includes('nightly batch'));
    const hover = service.hover({ uri: 'file:///h.sla.yaml', version: 1, getText: () => text }, { line, character: lines[line].indexOf('FREQ') + 2 }, Date.parse('2026-03-28T12:00:00Z'));
    const value = (hover?.contents as { value: string }).value;
    assert.match(value, /every day at 02:00, in Europe\/Berlin wall time, 3h each/);
    // On the bad rule: no hover of its own (the SLA002 already says why; VS Code shows both).
    const bad = lines.findIndex((l) => l.includes('XU'));
    const badHover = service.hover({ uri: 'file:///h.sla.yaml', version: 1, getText: () => text }, { line: bad, character: lines[bad].indexOf('XU') }, Date.parse('2026-03-28T12:00:00Z'));
    assert.doesNotMatch((badHover?.contents as { value: string } | undefined)?.value ?? '', /not a weekday/);
    // 29 Mar 02:00 does not exist in Berlin: the offset before (+1), 03:00 CEST.
    assert.match(value, /- 2026-03-29 03:00 Europe\/Berlin \(01:00 UTC\) – 06:00 Europe\/Berlin \(04:00 UTC\)\n- 2026-03-30 02:00 Europe\/Berlin \(00:00 UTC\)/);
    assert.match(value, /Next 5 occurrences/);
    // After the period (the walk-through hovered in December on a past SLA): its last occurrences, counted.
    const after = (service.hover({ uri: 'file:///h.sla.yaml', version: 1, getText: () => text }, { line, character: lines[line].indexOf('FREQ') + 2 }, Date.parse('2027-02-01T00:00:00Z'))?.contents as { value: string }).value;
    assert.match(after, /The period has ended; its last 5 occurrences \(of 365\):\n- 2026-12-27 02:00 Europe\/Berlin/);
    assert.match(after, /- 2026-12-31 02:00 Europe\/Berlin \(01:00 UTC\) – 05:00 Europe\/Berlin \(04:00 UTC\)$/);
  });
});

test('SLA121 says when its largest share comes from a window period.start cuts short, with a full window\'s share', () => {
  // 12 h every Sunday from 00:00 UTC. The period starts on Saturday 28 March: March's window is 4 days
  // (96 h) holding Sunday 29 (12 h, 12.5 %); April has 4 Sundays of 720 h (6.7 %), May 5 of 744 h (8.1 %).
  const objective = { window: { calendar: 'month' }, exclusions: [{ reason: 'retrain', rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=0', duration: '12h' }] };
  const largest = largestExcludedShare(objective, 'UTC', { start: Date.parse('2026-03-28T00:00:00Z'), end: Date.parse('2026-06-01T00:00:00Z') })!;
  assert.equal(largest.share, 12 / 96);
  assert.equal(largest.cut, 'start');
  assert.equal(largest.full, 60 / 744);
  // A period of whole months: no window is cut.
  const whole = largestExcludedShare(objective, 'UTC', { start: Date.parse('2026-04-01T00:00:00Z'), end: Date.parse('2026-06-01T00:00:00Z') })!;
  assert.deepEqual(whole, { share: 60 / 744, start: Date.parse('2026-05-01T00:00:00Z') });
});

describe('scheduled exclusions: from the adversary', () => {
  test('a block scalar rule (`rrule: |`, its trailing line break) parses; `duration: 0s` is SLA002 at check time', () => {
    assert.ok(parseRule('DTSTART:20260101T020000\nRRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=3\n').ok);
    // RFC 5545 names and values are case-insensitive: lower case reads as upper case, the same occurrences.
    const lower = parseRule('freq=weekly;byday=su;byhour=2;byminute=0');
    assert.ok(lower.ok);
    const span = [Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z')] as const;
    assert.deepEqual(occurrences(lower.rule, 'UTC', span[0], 1, span[0], span[1]), occurrences((weekly as { rule: any }).rule, 'UTC', span[0], 1, span[0], span[1]));
    // A numbered BYDAY needs FREQ=MONTHLY or YEARLY: with WEEKLY it is refused at the BYDAY value.
    const numbered = parseRule('FREQ=WEEKLY;BYDAY=1SU');
    assert.ok(!numbered.ok);
    assert.match(numbered.problem.message, /numbered BYDAY \(`1SU`\) needs FREQ=MONTHLY or YEARLY .* \(`SU`\)/);
    assert.deepEqual([numbered.problem.offset, numbered.problem.length], [18, 3]);
    assert.ok(parseRule('FREQ=MONTHLY;BYDAY=1SU').ok);
    const text = `apiVersion: modelsla/v1
kind: SLA
metadata: { name: z, owner: t@example.com }
model: m
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  lat: { file: lat.csv, timestamp: ts, value: ms, unit: ms }
objectives:
  - id: p99
    indicator: latency
    metric: lat
    percentile: p99
    percentileMethod: nearest-rank
    target: "<= 300ms"
    window: { calendar: month }
    exclusions:
      - reason: retraining
        rrule: |
          DTSTART:20260101T020000
          RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=3
        duration: 1h
      - { reason: nothing, rrule: "FREQ=DAILY;BYHOUR=10", duration: 0s }
`;
    const found = getLanguageService().validate({ uri: 'file:///z.sla.yaml', version: 1, getText: () => text }).filter((d) => d.code === 'SLA002');
    assert.equal(found.length, 1, JSON.stringify(found.map((d) => d.message)));
    assert.match(String(found[0].message), /`duration` must be longer than zero/);
  });
});
