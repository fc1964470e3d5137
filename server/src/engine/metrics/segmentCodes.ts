/**
 * Segment names (spec §12) as small codes while a metric is read: each row's segment cell is looked
 * up by its bytes (no string per row) and stored as a Uint16 code; `names[code]` is the text. Code 0
 * is the segment `(none)` (an empty cell, a missing key). Past MAX_SEGMENT_NAMES distinct names the
 * rest share SEGMENT_OVERFLOW — the report refuses more than 100 segments anyway.
 */
import type { MetricData } from './types';
import { utf8Text } from './utf8';

export const MAX_SEGMENT_NAMES = 1000;
export const SEGMENT_OVERFLOW = 0xffff;

const SPACE = 32, TAB = 9;
const encoder = new TextEncoder();

export class SegmentInterner {
  /** Code → name; names[0] = '' (`(none)`). */
  readonly names: string[] = [''];
  overflow = false;
  private readonly keys: Uint8Array[] = [new Uint8Array(0)];
  private readonly byHash = new Map<number, number[]>();
  private last = 0;

  /**
   * `exact`: values are compared as they are (Prometheus label values, where ` eu` is not `eu`);
   * otherwise a file cell's spaces around are trimmed, as a CSV reader trims them.
   */
  constructor(private readonly exact = false) {}

  /** The code of the bytes [s, e) (spaces around trimmed unless `exact`). */
  code(buf: Uint8Array, s: number, e: number): number {
    if (!this.exact) {
      while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
      while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    }
    if (s === e) return 0;
    // Rows of one segment often come in runs: the last code first.
    if (this.last !== 0 && this.same(this.keys[this.last], buf, s, e)) return this.last;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const list = this.byHash.get(h);
    if (list) for (const k of list) if (this.same(this.keys[k], buf, s, e)) return (this.last = k);
    if (this.names.length > MAX_SEGMENT_NAMES) { this.overflow = true; return SEGMENT_OVERFLOW; }
    const k = this.names.length;
    this.names.push(utf8Text(buf, s, e));
    this.keys.push(buf.slice(s, e));
    if (list) list.push(k); else this.byHash.set(h, [k]);
    return (this.last = k);
  }

  /** The code of a text (a JSON string with escapes, a number's text). */
  codeOfText(text: string): number {
    const bytes = encoder.encode(text);
    return this.code(bytes, 0, bytes.length);
  }

  private same(key: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
    if (key.length !== e - s) return false;
    for (let i = 0; i < key.length; i++) if (key[i] !== buf[s + i]) return false;
    return true;
  }
}

/**
 * Rows that come from series (a Prometheus metric, spec §10) segmented by a label (spec §12): each
 * row's code is its series' value of `label` — coded once per series. A series without the label
 * (Prometheus: an empty value is no label) is `(none)`. `missing`: no series has the label.
 */
export function seriesSegments(seriesOfRow: ArrayLike<number>, series: readonly Record<string, string>[], label: string): Pick<MetricData, 'segmentCodes' | 'segmentNames' | 'segmentOverflow' | 'segmentColumnMissing' | 'seriesLabelNames'> {
  // Label values are exact strings: ` eu` and `eu` are two segments.
  const interner = new SegmentInterner(true);
  const codeOf = series.map((labels) => interner.codeOfText(labels[label] ?? ''));
  const codes = new Uint16Array(seriesOfRow.length);
  for (let i = 0; i < codes.length; i++) codes[i] = codeOf[seriesOfRow[i]];
  return {
    segmentCodes: codes, segmentNames: interner.names,
    ...(interner.overflow ? { segmentOverflow: true } : {}),
    ...(series.length > 0 && codeOf.every((c) => c === 0) ? { segmentColumnMissing: true, seriesLabelNames: labelNames(series) } : {}),
  };
}

/** The label names of series (`__name__` and `le` left out: neither segments anything), sorted. */
export function labelNames(series: Iterable<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const labels of series) for (const k of Object.keys(labels)) if (k !== '__name__' && k !== 'le') names.add(k);
  return [...names].sort();
}
