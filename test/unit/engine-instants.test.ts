/**
 * `parseInstant` (engine/evaluate/fields.ts) keeps one timestamp parser per zone; every answer must
 * equal a fresh `parseTimestamp` of the same text in the same zone, whatever was parsed before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInstant } from '../../server/src/engine/evaluate/fields';
import { parseTimestamp } from '../../server/src/engine/metrics/timestamps';
import { rng } from '../support/prng';

const outcome = (f: () => number): string => {
  try { return `ok ${f()}`; } catch (error) { return `error ${error instanceof Error ? error.message : String(error)}`; }
};
const plain = (text: string, zone: string): string => {
  const r = parseTimestamp(text, { timezone: zone });
  return r.ok ? `ok ${r.ms}` : `error x \`${text}\`: ${r.problem}`;
};

test('parseInstant with a reused parser per zone equals a fresh parseTimestamp, in random order', () => {
  const random = rng(20);
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Pacific/Apia'];
  const texts = [
    '2026-03-29T02:30:00', '2026-03-29T01:59:59', '2026-10-25T02:30:00', '2026-10-25T02:30:00Z', '2026-11-01T01:30:00',
    '2026-01-01', '2026-02-30', '2026-12-31T23:59:59.999', '2026-06-01T12:00:00+02:00', '2011-12-30T12:00:00',
    'not a date', '', '  2026-05-05T05:05:05Z ', '2026-13-01T00:00:00', '1700000000', '2026-04-05T02:30:00',
  ];
  for (let i = 0; i < 2000; i++) {
    const zone = zones[Math.floor(random() * zones.length)]!;
    const text = texts[Math.floor(random() * texts.length)]!;
    assert.equal(outcome(() => parseInstant(text, zone, 'x')), plain(text, zone), `${text} in ${zone}`);
  }
});

test('parseInstant in an unknown zone throws as parseTimestamp does, every time', () => {
  for (let i = 0; i < 3; i++) {
    assert.throws(() => parseInstant('2026-01-01T00:00:00', 'Mars/Olympus', 'x'), RangeError);
    assert.throws(() => parseTimestamp('2026-01-01T00:00:00', { timezone: 'Mars/Olympus' }), RangeError);
  }
});
