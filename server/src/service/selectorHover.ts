/**
 * Hover on a Prometheus selector (spec §10): what the server has for it now — how many series
 * match, their scrape interval, the latest sample, and for a histogram its bucket boundaries — so a
 * selector is checked against the data while it is written. The host asks the server
 * (io/metricAccess.ts `prometheusSeriesInfo`: cached, bounded to 2 s, nothing when untrusted).
 */
import type { Position } from 'vscode-languageserver-types';
import { parseSelector, selectorText } from '../engine/prometheus/selector';
import { docAt, offsetAt, rangeOf, type SlaFile } from './parse';
import { nodeSpan, pathAtOffset, scalarText } from './yamlAst';

export interface SeriesInfoRequest {
  /** The selector of the series to look at (`<base>_count` for a histogram). */
  selector: string;
  /** For a histogram: the selector of its buckets (their `le` are the boundaries). */
  buckets?: string;
}

export interface SeriesInfo {
  /** Series with a sample in the last 10 minutes. */
  series: number;
  latest?: { t: number; v: number; series: string };
  intervalMs?: number;
  boundaries?: string[];
}

const SELECTOR_FIELDS = new Set(['total', 'good', 'bad', 'histogram']);

/** The selector under the cursor and the server it is read from, or undefined. */
export function selectorHoverTarget(file: SlaFile, position: Position): { server: string; request: SeriesInfoRequest; range: ReturnType<typeof rangeOf> } | undefined {
  const offset = offsetAt(file, position);
  const doc = docAt(file, offset);
  if (!doc) return undefined;
  const at = pathAtOffset(doc.yaml, offset);
  if (!at || at.onKey) return undefined;
  const path = at.path;
  if (path.length !== 4 || path[0] !== 'metrics' || path[2] !== 'prometheus' || !SELECTOR_FIELDS.has(String(path[3]))) return undefined;
  const server = (doc.value as any)?.metrics?.[path[1]]?.prometheus?.server;
  const text = scalarText(at.node);
  if (typeof server !== 'string' || text === undefined) return undefined;
  const histogram = path[3] === 'histogram';
  const parsed = parseSelector(text, histogram ? ['le'] : []);
  if (!parsed.ok) return undefined; // SLA002 says what is wrong
  const span = nodeSpan(at.node);
  const request: SeriesInfoRequest = histogram
    ? { selector: selectorText(parsed.selector, `${parsed.selector.metric}_count`), buckets: selectorText(parsed.selector, `${parsed.selector.metric}_bucket`) }
    : { selector: selectorText(parsed.selector) };
  return { server, request, range: span ? rangeOf(file, span[0], span[1]) : rangeOf(file, offset, offset) };
}

const duration = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`);

/** The hover's words for what the server said (or that it could not be asked). */
export function seriesInfoMarkdown(server: string, request: SeriesInfoRequest, info: SeriesInfo | undefined): string {
  if (!info) return `**On ${server}:** not available now (not configured, not trusted, or the server did not answer within 2 s).`;
  const lines = [info.series === 0
    ? `**On ${server}:** \`${request.selector}\` has no sample in the last 10 minutes. The report reads the SLA's period, which may lie further back (SLA119 says so if the selector matches nothing there).`
    : `**On ${server}** (the last 10 minutes): \`${request.selector}\` matches ${info.series === 1 ? '1 series' : `${info.series.toLocaleString('en-US')} series`}.`];
  if (info.intervalMs !== undefined) lines.push(`Scrape interval: ${duration(info.intervalMs)}.`);
  if (info.latest) lines.push(`Latest sample: ${info.latest.v} at ${new Date(info.latest.t).toISOString()} (\`${info.latest.series}\`).`);
  if (info.boundaries) lines.push(`Bucket boundaries (\`le\`): ${info.boundaries.map((b) => `\`${b}\``).join(', ') || 'none'} — a threshold or target must be one of them (SLA118).`);
  return lines.join('\n\n');
}
