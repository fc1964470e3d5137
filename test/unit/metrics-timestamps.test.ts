/** Metric timestamps (server/src/engine/metrics/timestamps.ts): ISO-8601, naive in a zone, epoch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IANAZone } from 'luxon';
import { TimestampParser, ZoneResolver, daysFromCivil, parseTimestamp } from '../../server/src/engine/metrics/timestamps';
import { rng } from '../support/prng';

const ms = (text: string, options: Parameters<typeof parseTimestamp>[1] = {}): number => {
  const r = parseTimestamp(text, options);
  if (!r.ok) throw new Error(r.problem);
  return r.ms;
};
const iso = (t: number) => new Date(t).toISOString();
const problem = (text: string, options: Parameters<typeof parseTimestamp>[1] = {}): string => {
  const r = parseTimestamp(text, options);
  if (r.ok) throw new Error(`parsed: ${iso(r.ms)}`);
  return r.problem;
};

test('ISO-8601 with Z and offsets in every spelling', () => {
  assert.equal(ms('2026-08-03T12:00:00Z'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('2026-08-03T12:00:00z'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('2026-08-03T14:00:00+02:00'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('2026-08-03T14:00:00+0200'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('2026-08-03T14:00:00+02'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('2026-08-03T06:30:00-05:30'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('2026-08-03 12:00:00Z'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('2026-08-03T12:00Z'), Date.UTC(2026, 7, 3, 12));
  assert.equal(ms('  2026-08-03T12:00:00Z  '), Date.UTC(2026, 7, 3, 12));
  assert.deepEqual(parseTimestamp('2026-08-03T12:00:00Z'), { ok: true, ms: Date.UTC(2026, 7, 3, 12), naive: false });
});

test('fractions: milliseconds kept, finer digits truncated (floor)', () => {
  assert.equal(ms('2026-08-03T12:00:00.5Z'), Date.UTC(2026, 7, 3, 12, 0, 0, 500));
  assert.equal(ms('2026-08-03T12:00:00.123Z'), Date.UTC(2026, 7, 3, 12, 0, 0, 123));
  assert.equal(ms('2026-08-03T12:00:00.123999999Z'), Date.UTC(2026, 7, 3, 12, 0, 0, 123));
  assert.equal(ms('2026-08-03T23:59:59.9999999Z'), Date.UTC(2026, 7, 3, 23, 59, 59, 999));
});

test('leap years and calendar checks', () => {
  assert.equal(ms('2028-02-29T00:00:00Z'), Date.UTC(2028, 1, 29));
  assert.equal(ms('2000-02-29T00:00:00Z'), Date.UTC(2000, 1, 29));
  assert.match(problem('2026-02-29T00:00:00Z'), /^invalid timestamp `2026-02-29T00:00:00Z`: no such date/);
  assert.match(problem('1900-02-29T00:00:00Z'), /no such date/);
  assert.match(problem('2026-02-30'), /no such date/);
  assert.match(problem('2026-13-01T00:00:00Z'), /no such date/);
  assert.match(problem('2026-04-31T00:00:00Z'), /no such date/);
  assert.match(problem('2026-08-03T24:00:00Z'), /time of day out of range/);
  assert.match(problem('2026-08-03T12:60:00Z'), /time of day out of range/);
  assert.match(problem('2026-08-03T12:00:60Z'), /time of day out of range/);
  for (let y = 1600; y <= 2400; y += 37) for (const [m, d] of [[1, 1], [2, 28], [3, 1], [12, 31]]) {
    assert.equal(daysFromCivil(y, m, d) * 86_400_000, Date.UTC(y, m - 1, d), `${y}-${m}-${d}`);
  }
});

test('unparseable text is a data issue with the text quoted', () => {
  assert.equal(problem('17/08/2026 07:14:00'), 'unparseable timestamp `17/08/2026 07:14:00` (expected ISO-8601 such as 2026-08-03T12:00:00Z)');
  for (const bad of ['not-a-time', '2026-8-3T12:00:00Z', '2026-08-03T12', '2026-08-03T12:00:00ZZ', '2026-08-03T12:00:00+2', '2026-08-03T12:00:00.Z', '2026/08/03', '20260803T120000Z', 'yesterday', '']) {
    assert.ok(!parseTimestamp(bad).ok, bad);
  }
  assert.equal(problem(''), 'empty timestamp');
});

test('epoch seconds and milliseconds, fractional, need timestampUnit', () => {
  assert.equal(ms('1785715200', { unit: 's' }), Date.UTC(2026, 7, 3));
  assert.equal(ms('1785715200.25', { unit: 's' }), Date.UTC(2026, 7, 3) + 250);
  assert.equal(ms('1785715200.2509', { unit: 's' }), Date.UTC(2026, 7, 3) + 250);
  assert.equal(ms('1785715200000', { unit: 'ms' }), Date.UTC(2026, 7, 3));
  assert.equal(ms('1785715200000.9', { unit: 'ms' }), Date.UTC(2026, 7, 3));
  assert.equal(ms('1.7857152e9', { unit: 's' }), Date.UTC(2026, 7, 3));
  assert.equal(ms('-1.5', { unit: 's' }), -1500);
  assert.equal(ms('-0.0005', { unit: 's' }), -1);
  assert.equal(ms('-2.5', { unit: 'ms' }), -3);
  assert.equal(problem('1785715200'), 'numeric timestamp `1785715200` but the metric has no `timestampUnit` (s or ms)');
  assert.equal(problem('1785715200000'), 'numeric timestamp `1785715200000` but the metric has no `timestampUnit` (s or ms)');
  assert.match(problem('99999999999999999', { unit: 's' }), /out of range/);
  // ISO stays readable when a unit is set
  assert.equal(ms('2026-08-03T00:00:00Z', { unit: 's' }), Date.UTC(2026, 7, 3));
});

test('naive timestamps are read in the zone and flagged', () => {
  const r = parseTimestamp('2026-08-03T12:00:00', { timezone: 'Europe/Berlin' });
  assert.deepEqual(r, { ok: true, ms: Date.UTC(2026, 7, 3, 10), naive: true });
  assert.deepEqual(parseTimestamp('2026-08-03T12:00:00'), { ok: true, ms: Date.UTC(2026, 7, 3, 12), naive: true });
  assert.deepEqual(parseTimestamp('2026-01-15', { timezone: 'Europe/Berlin' }), { ok: true, ms: Date.UTC(2026, 0, 14, 23), naive: true });
  assert.deepEqual(parseTimestamp('2026-01-15T08:00:00', { timezone: 'America/New_York' }), { ok: true, ms: Date.UTC(2026, 0, 15, 13), naive: true });
  assert.throws(() => new TimestampParser({ timezone: 'Mars/Olympus' }), /unknown time zone `Mars\/Olympus`/);
});

test('Europe/Berlin spring-forward gap (2026-03-29 02:00 → 03:00): the earlier offset, +01:00', () => {
  const b = (t: string) => iso(ms(t, { timezone: 'Europe/Berlin' }));
  assert.equal(b('2026-03-29T01:59:59'), '2026-03-29T00:59:59.000Z');
  assert.equal(b('2026-03-29T02:00:00'), '2026-03-29T01:00:00.000Z'); // does not exist: read as 03:00 CEST
  assert.equal(b('2026-03-29T02:30:00'), '2026-03-29T01:30:00.000Z');
  assert.equal(b('2026-03-29T02:59:59.999'), '2026-03-29T01:59:59.999Z');
  assert.equal(b('2026-03-29T03:00:00'), '2026-03-29T01:00:00.000Z');
  assert.equal(b('2026-03-29T12:00:00'), '2026-03-29T10:00:00.000Z');
  assert.equal(b('2026-03-28T02:30:00'), '2026-03-28T01:30:00.000Z');
});

test('Europe/Berlin fall-back fold (2026-10-25 03:00 → 02:00): the earlier offset, +02:00', () => {
  const b = (t: string) => iso(ms(t, { timezone: 'Europe/Berlin' }));
  assert.equal(b('2026-10-25T01:59:59'), '2026-10-24T23:59:59.000Z');
  assert.equal(b('2026-10-25T02:00:00'), '2026-10-25T00:00:00.000Z'); // twice: the first (CEST)
  assert.equal(b('2026-10-25T02:30:00'), '2026-10-25T00:30:00.000Z');
  assert.equal(b('2026-10-25T02:59:59.999'), '2026-10-25T00:59:59.999Z');
  assert.equal(b('2026-10-25T03:00:00'), '2026-10-25T02:00:00.000Z');
  assert.equal(b('2026-10-25'), '2026-10-24T22:00:00.000Z');
  // explicit offsets are not touched
  assert.equal(iso(ms('2026-10-25T02:30:00+01:00', { timezone: 'Europe/Berlin' })), '2026-10-25T01:30:00.000Z');
});

test('a transition inside a wall hour (Australia/Lord_Howe, 30-minute DST) is not cached per hour', () => {
  // 2026-10-04 02:00 LHST (+10:30) jumps to 02:30 LHDT (+11:00).
  const lh = (t: string) => iso(ms(t, { timezone: 'Australia/Lord_Howe' }));
  assert.equal(lh('2026-10-04T01:59:00'), '2026-10-03T15:29:00.000Z');
  assert.equal(lh('2026-10-04T02:15:00'), '2026-10-03T15:45:00.000Z'); // in the gap: +10:30
  assert.equal(lh('2026-10-04T02:45:00'), '2026-10-03T15:45:00.000Z'); // after it: +11:00
  // the same hour, parsed in the other order through one parser (cache)
  const p = new TimestampParser({ timezone: 'Australia/Lord_Howe' });
  assert.equal(iso(p.parseText('2026-10-04T02:45:00')), '2026-10-03T15:45:00.000Z');
  assert.equal(iso(p.parseText('2026-10-04T02:10:00')), '2026-10-03T15:40:00.000Z');
  assert.equal(iso(p.parseText('2026-10-04T02:50:00')), '2026-10-03T15:50:00.000Z');
});

test('the per-hour cache agrees with a direct search over many zones and times', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca'];
  const rnd = rng(42);
  for (const zone of zones) {
    const z = IANAZone.create(zone);
    const resolver = new ZoneResolver(zone);
    const off = (u: number) => z.offset(u) * 60_000;
    for (let k = 0; k < 3000; k++) {
      // random wall times, dense around the transitions of 2025-2027
      const wall = Date.UTC(2025, 0, 1) + Math.floor(rnd() * 3 * 365) * 86_400_000 + Math.floor(rnd() * 86_400_000);
      const candidates = new Set([off(wall - 86_400_000), off(wall + 86_400_000), off(wall)]);
      const valid = [...candidates].map((o) => wall - o).filter((u) => u + off(u) === wall).sort((a, b) => a - b);
      const expected = valid.length > 0 ? valid[0] : wall - off(wall - 86_400_000);
      assert.equal(resolver.toUtc(wall), expected, `${zone} ${iso(wall)}`);
    }
  }
});

test('the parser works on byte ranges and reports naive per call', () => {
  const p = new TimestampParser({ timezone: 'Europe/Berlin' });
  const buf = Buffer.from('xx2026-08-03T12:00:00Z|2026-08-03T12:00:00|yy');
  assert.equal(p.parse(buf, 2, 22), Date.UTC(2026, 7, 3, 12));
  assert.equal(p.naive, false);
  assert.equal(p.parse(buf, 23, 42), Date.UTC(2026, 7, 3, 10));
  assert.equal(p.naive, true);
  assert.ok(Number.isNaN(p.parse(buf, 42, 45)));
  assert.equal(p.problem, 'unparseable timestamp `|yy` (expected ISO-8601 such as 2026-08-03T12:00:00Z)');
});
