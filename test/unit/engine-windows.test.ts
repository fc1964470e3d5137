/** Calendar and rolling windows, period/baseline bounds, slices (server/src/engine/windows.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  baselineBounds, calendarWindowAt, calendarWindows, defaultAsOf, isoWeek, periodBounds, reportCalendarWindows, rollingWindow, sliceCount, slices,
  type CalendarUnit,
} from '../../server/src/engine/windows';
import { daysFromCivil } from '../../server/src/engine/metrics/timestamps';
import { DAY, HOUR, MIN, iso, ms } from './engine-support';
import { rng } from '../support/prng';

const view = (ws: { start: number; end: number; label: string }[]) => ws.map((w) => [w.label, iso(w.start), iso(w.end)]);

test('calendar months in Europe/Berlin: March is 1 h short, October 1 h long (DST)', () => {
  const ws = calendarWindows('month', 'Europe/Berlin', ms('2026-02-15T00:00:00Z'), ms('2026-11-02T00:00:00Z'));
  assert.deepEqual(ws.map((w) => w.label), ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  const march = ws[1], october = ws[8];
  assert.deepEqual(view([march]), [['2026-03', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']]);
  assert.equal(march.end - march.start, 31 * DAY - HOUR);
  assert.deepEqual(view([october]), [['2026-10', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']]);
  assert.equal(october.end - october.start, 31 * DAY + HOUR);
  // Contiguous: each window starts where the previous ended.
  for (let i = 1; i < ws.length; i++) assert.equal(ws[i].start, ws[i - 1].end);
});

test('calendar months in Australia/Sydney (southern hemisphere): April gains, October loses an hour', () => {
  const ws = calendarWindows('month', 'Australia/Sydney', ms('2026-04-10T00:00:00Z'), ms('2026-10-10T00:00:00Z'));
  const april = ws[0], october = ws[ws.length - 1];
  assert.deepEqual(view([april]), [['2026-04', '2026-03-31T13:00:00.000Z', '2026-04-30T14:00:00.000Z']]);
  assert.equal(april.end - april.start, 30 * DAY + HOUR);
  assert.deepEqual(view([october]), [['2026-10', '2026-09-30T14:00:00.000Z', '2026-10-31T13:00:00.000Z']]);
  assert.equal(october.end - october.start, 31 * DAY - HOUR);
});

test('calendar days across DST: 23 h and 25 h local days', () => {
  const spring = calendarWindows('day', 'Europe/Berlin', ms('2026-03-29T12:00:00Z'), ms('2026-03-29T12:00:01Z'));
  assert.deepEqual(view(spring), [['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']]);
  const autumn = calendarWindowAt('day', 'Europe/Berlin', ms('2026-10-25T12:00:00Z'));
  assert.equal(autumn.end - autumn.start, 25 * HOUR);
  assert.equal(iso(autumn.start), '2026-10-24T22:00:00.000Z');
  const sydney = calendarWindowAt('day', 'Australia/Sydney', ms('2026-04-05T05:00:00Z'));
  assert.deepEqual(view([sydney]), [['2026-04-05', '2026-04-04T13:00:00.000Z', '2026-04-05T14:00:00.000Z']]);
  // Havana skips midnight (00:00 → 01:00 on 2026-03-08): the day starts at 01:00 local.
  const havana = calendarWindowAt('day', 'America/Havana', ms('2026-03-08T12:00:00Z'));
  assert.deepEqual(view([havana]), [['2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']]);
});

test('ISO week labels at year boundaries', () => {
  const w = (d: string) => calendarWindowAt('week', 'UTC', ms(`${d}T12:00:00Z`));
  assert.equal(w('2026-12-31').label, '2026-W53'); // 2026 starts on a Thursday: 53 ISO weeks
  assert.equal(w('2027-01-03').label, '2026-W53');
  assert.deepEqual(view([w('2027-01-01')]), [['2026-W53', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z']]);
  assert.equal(w('2027-01-04').label, '2027-W01');
  assert.equal(w('2025-12-29').label, '2026-W01');
  assert.equal(w('2025-12-28').label, '2025-W52');
  assert.equal(w('2024-12-30').label, '2025-W01');
  assert.equal(w('2021-01-03').label, '2020-W53');
  assert.equal(w('2026-11-04').label, '2026-W45');
  // Weeks start on Monday, local midnight.
  const berlin = calendarWindowAt('week', 'Europe/Berlin', ms('2026-03-29T12:00:00Z'));
  assert.deepEqual(view([berlin]), [['2026-W13', '2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']]);
  assert.equal(berlin.end - berlin.start, 7 * DAY - HOUR);
});

test('quarter, year and day labels', () => {
  assert.deepEqual(view([calendarWindowAt('quarter', 'Europe/Berlin', ms('2026-08-15T00:00:00Z'))]), [['2026-Q3', '2026-06-30T22:00:00.000Z', '2026-09-30T22:00:00.000Z']]);
  assert.deepEqual(view([calendarWindowAt('year', 'Europe/Berlin', ms('2026-08-15T00:00:00Z'))]), [['2026', '2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z']]);
  assert.equal(calendarWindowAt('day', 'UTC', ms('2026-03-03T23:59:59.999Z')).label, '2026-03-03');
  // An instant before local midnight in UTC terms belongs to the next local day.
  assert.equal(calendarWindowAt('day', 'Europe/Berlin', ms('2026-03-02T23:30:00Z')).label, '2026-03-03');
});

test('calendarWindows: overlap with [from, to) is half-open', () => {
  const start = ms('2026-09-01T00:00:00Z');
  assert.deepEqual(calendarWindows('month', 'UTC', start, start + 1).map((w) => w.label), ['2026-09']);
  assert.deepEqual(calendarWindows('month', 'UTC', start - 1, start).map((w) => w.label), ['2026-08']);
  assert.deepEqual(calendarWindows('month', 'UTC', start - 1, start + 1).map((w) => w.label), ['2026-08', '2026-09']);
  assert.deepEqual(calendarWindows('month', 'UTC', start, start), []);
  assert.throws(() => calendarWindows('month', 'Mars/Olympus', 0, 1), RangeError);
  assert.throws(() => calendarWindows('fortnight' as CalendarUnit, 'UTC', 0, 1), RangeError);
});

test('calendar windows agree with luxon startOf/plus in many zones (seeded)', () => {
  const zones = ['UTC', 'Europe/Berlin', 'Australia/Sydney', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Chatham', 'America/Havana'];
  const units: CalendarUnit[] = ['day', 'week', 'month', 'quarter', 'year'];
  const rnd = rng(42);
  for (let k = 0; k < 400; k++) {
    const zone = zones[k % zones.length];
    const unit = units[Math.floor(rnd() * units.length)];
    const t = ms('2015-01-01T00:00:00Z') + Math.floor(rnd() * 15 * 365 * DAY);
    const w = calendarWindowAt(unit, zone, t);
    const dt = DateTime.fromMillis(t, { zone }).startOf(unit);
    assert.equal(w.start, dt.toMillis(), `${zone} ${unit} ${iso(t)}`);
    assert.equal(w.end, dt.plus({ [`${unit}s`]: 1 }).startOf(unit).toMillis(), `${zone} ${unit} end ${iso(t)}`);
    const fmt = { day: 'yyyy-MM-dd', week: "kkkk-'W'WW", month: 'yyyy-MM', quarter: "yyyy-'Q'q", year: 'yyyy' }[unit];
    assert.equal(w.label, dt.toFormat(fmt));
    assert.ok(w.start <= t && t < w.end);
  }
});

test('isoWeek by day number', () => {
  assert.deepEqual(isoWeek(daysFromCivil(2026, 12, 31)), { year: 2026, week: 53 });
  assert.deepEqual(isoWeek(daysFromCivil(2027, 1, 4)), { year: 2027, week: 1 });
  assert.deepEqual(isoWeek(daysFromCivil(2008, 12, 29)), { year: 2009, week: 1 });
});

test('rollingWindow: [asOf − d, asOf) with an ISO label', () => {
  const asOf = ms('2026-10-15T23:55:00.001Z');
  const w = rollingWindow(asOf, 28 * DAY);
  assert.equal(w.end, asOf);
  assert.equal(w.start, ms('2026-09-17T23:55:00.001Z'));
  assert.equal(w.label, '2026-09-17T23:55:00.001Z/2026-10-15T23:55:00.001Z');
});

test('periodBounds and baselineBounds: dates in the zone, end/to inclusive', () => {
  const p = periodBounds({ start: '2026-01-01', end: '2026-12-31' }, 'Europe/Berlin');
  assert.equal(iso(p.start!), '2025-12-31T23:00:00.000Z');
  assert.equal(iso(p.end!), '2026-12-31T23:00:00.000Z');
  assert.deepEqual(periodBounds({ start: '2026-02-30', end: 'soon' }, 'UTC'), { start: undefined, end: undefined });
  assert.deepEqual(periodBounds(undefined, 'UTC'), { start: undefined, end: undefined });
  const b = baselineBounds({ from: '2026-08-03', to: '2026-09-14' }, 'Europe/Berlin')!;
  assert.equal(iso(b.start), '2026-08-02T22:00:00.000Z');
  assert.equal(iso(b.end), '2026-09-14T22:00:00.000Z');
  assert.equal((b.end - b.start) / DAY, 43);
  // Across the October DST change the inclusive end is local midnight of the next day.
  const s = baselineBounds({ from: '2026-10-01', to: '2026-10-31' }, 'Europe/Berlin')!;
  assert.equal(iso(s.end), '2026-10-31T23:00:00.000Z');
  assert.equal(s.end - s.start, 31 * DAY + HOUR);
  assert.equal(baselineBounds({ from: '2026-09-14', to: '2026-08-03' }, 'UTC'), undefined);
  assert.equal(baselineBounds({ from: '2026-08-03' }, 'UTC'), undefined);
  // A single day is a valid (one-day) baseline.
  assert.equal(baselineBounds({ from: '2026-08-03', to: '2026-08-03' }, 'UTC')!.end - ms('2026-08-03T00:00:00Z'), DAY);
});

test('slices: aligned to the window start, clipped at the window end and at asOf', () => {
  const w = { start: 1000, end: 1000 + 10 * MIN };
  assert.deepEqual([...slices(w, 3 * MIN)].map((x) => (x - 1000) / MIN), [0, 3, 6, 9, 10]);
  assert.deepEqual([...slices(w, 3 * MIN, 1000 + 7 * MIN)].map((x) => (x - 1000) / MIN), [0, 3, 6, 7]);
  assert.deepEqual([...slices(w, 5 * MIN, 1000 + 5 * MIN)].map((x) => (x - 1000) / MIN), [0, 5]);
  assert.equal(slices(w, MIN, 1000).length, 0);
  assert.equal(sliceCount(w, MIN), 10);
  assert.equal(sliceCount(w, MIN, 1000 + 1), 1);
  assert.equal(sliceCount(w, 0), 0);
});

test('reportCalendarWindows: from the window containing period.start to the last starting before asOf, partial marked', () => {
  const zone = 'Europe/Berlin';
  const p = periodBounds({ start: '2026-01-01', end: '2026-12-31' }, zone);
  const asOf = ms('2026-10-15T23:55:00.001Z');
  const ws = reportCalendarWindows('month', zone, { periodStart: p.start, periodEnd: p.end, asOf });
  assert.equal(ws.length, 10);
  assert.equal(ws[0].label, '2026-01');
  assert.equal(ws[9].label, '2026-10');
  assert.deepEqual(ws.map((w) => w.partial), [false, false, false, false, false, false, false, false, false, true]);
  assert.equal(iso(ws[9].end), '2026-10-31T23:00:00.000Z'); // the calendar end, not asOf
  // Exactly at a window start: that window has not started before asOf.
  const at = reportCalendarWindows('month', zone, { periodStart: p.start, asOf: ws[9].start });
  assert.equal(at.length, 9);
  assert.equal(at[8].partial, false);
  // No period start: from the earliest observation; period end stops the list.
  const fromObs = reportCalendarWindows('month', 'UTC', { firstObservation: ms('2026-08-03T00:08:55Z'), periodEnd: ms('2026-09-01T00:00:00Z'), asOf });
  assert.deepEqual(fromObs.map((w) => [w.label, w.partial]), [['2026-08', false]]);
});

test('defaultAsOf: 1 ms after the latest timestamp over all data', () => {
  assert.equal(defaultAsOf([{ rows: 2, maxTime: 10 }, { rows: 1, maxTime: 50 }, { rows: 0, maxTime: NaN }, undefined]), 51);
  assert.equal(defaultAsOf([{ rows: 0, maxTime: NaN }]), undefined);
});
