/**
 * What the two ways of reading a Prometheus metric share (io/sources/prometheusSource.ts: samples
 * as they are; io/sources/prometheusCells.ts: increases per cell): how a client failure becomes the
 * source's error, the key of a series' labels, and the last number of series first seen inside the
 * range (so that their first increase is not taken for a series start).
 */
import { MetricFileError } from '../../engine/metrics/errors';
import type { HistogramBuckets } from '../../engine/metrics/types';
import { selectorText } from '../../engine/prometheus/selector';
import { PrometheusError, type PrometheusClient } from '../prometheus/client';

export const HOUR = 3_600_000;
export const DEFAULT_PREVIOUS_MS = 35 * 24 * HOUR;

/** A client failure as the source reports it (a cancellation stays one). */
export function sourceError(error: unknown, client: PrometheusClient, signal: AbortSignal | undefined): unknown {
  if (!(error instanceof PrometheusError)) return error;
  if (error.kind === 'aborted') return signal?.reason ?? error;
  return new MetricFileError(error.kind === 'query' || error.kind === 'too-large' ? 'invalid' : 'unreachable', error.message, client.server.url);
}

/**
 * Series looked back for per request (`a or b or …`): at most 16, and a query of at most ~3,000
 * characters — proxies in front of Prometheus refuse request lines past 8 kB (nginx's default).
 */
const LOOKBACK_BATCH = 16;
const LOOKBACK_QUERY_CHARS = 3_000;

/**
 * The last number before `readStart` (within `rangeMs`) of each series in `series` (all of `metric`,
 * each first read at or after `from` without a sample in the lookback), by label key. Each series is
 * asked for by its exact labels; the answers are matched on the exact label set, since equality
 * matchers also match series with more labels.
 */
export async function previousValues(client: PrometheusClient, metric: string, series: Record<string, string>[], readStart: number, rangeMs: number, signal: AbortSignal | undefined): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const wanted = new Set(series.map(labelKey));
  const all = series.map((labels) => selectorText({ metric, matchers: Object.entries(labels).map(([name, value]) => ({ name, op: '=' as const, value })) }));
  for (let i = 0; i < all.length;) {
    const selectors = [all[i++]];
    let chars = selectors[0].length;
    while (i < all.length && selectors.length < LOOKBACK_BATCH && chars + all[i].length <= LOOKBACK_QUERY_CHARS) { chars += all[i].length; selectors.push(all[i++]); }
    let found;
    try {
      found = await client.lastSamples(selectors, readStart, rangeMs, signal);
    } catch (error) {
      throw sourceError(error, client, signal);
    }
    for (const f of found) {
      const key = labelKey(f.labels);
      if (wanted.has(key) && !Number.isNaN(f.v)) out.set(key, f.v);
    }
  }
  return out;
}

export const labelKey = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * A histogram's boundaries every series has (only those can be summed exactly), increasing, and
 * the ones some series lacks (with one that lacks it, for SLA118's words). No `+Inf` in every
 * series: not a Prometheus histogram.
 */
export function commonBoundaries(all: { labels: Record<string, string>; buckets: Map<number, unknown> }[], texts: Map<number, string>, metric: string, url: string): { bounds: number[]; partial: NonNullable<HistogramBuckets['partial']> } {
  let bounds = [...all[0].buckets.keys()];
  for (const inst of all.slice(1)) bounds = bounds.filter((b) => inst.buckets.has(b));
  bounds.sort((x, y) => x - y);
  const partial: NonNullable<HistogramBuckets['partial']> = [];
  for (const [bound, text] of [...texts].sort(([x], [y]) => x - y)) {
    if (bounds.includes(bound)) continue;
    const lacking = all.find((i) => !i.buckets.has(bound));
    if (lacking) partial.push({ bound, text, lackedBy: lacking.labels });
  }
  if (bounds.at(-1) !== Infinity) throw new MetricFileError('invalid', `\`${metric}_bucket\` has no \`le="+Inf"\` bucket in every series: not a Prometheus histogram`, url, 'histogram');
  return { bounds, partial };
}
