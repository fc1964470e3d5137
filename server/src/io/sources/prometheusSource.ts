/**
 * A Prometheus metric (spec §10) as a MetricSource: the raw samples of its counter selectors, read
 * from the server in chunks of `chunkMs` (default 6 h) over the range the caller evaluates, turned
 * into rows at the instants that show each increase (engine/prometheus/counters.ts), one page per
 * series and chunk (engine/sources/pagedRows.ts). Memory holds one chunk's answer at a time plus
 * the rows.
 *
 * - `total` rows carry the increases of all requests, `good` rows (or `bad` rows) those of the good
 *   (bad) ones; a window's sums are exact whatever the scrape instants (spec §10).
 * - To attribute the first increase inside the range, the read starts `lookbackMs` (default 1 h)
 *   before it: the last sample there is only the previous value. A series with no sample in that
 *   hour is taken to start at its first sample inside (which then counts nothing).
 * - The identity's version changes every `refreshMs` (default 60 s): within it, a cached read is
 *   used again; a server has no cheap "changed?" question that stays exact.
 */
import { MetricFileError } from '../../engine/metrics/errors';
import type { MetricData } from '../../engine/metrics/types';
import { CounterSeries } from '../../engine/prometheus/counters';
import { parseSelector, selectorText } from '../../engine/prometheus/selector';
import type { MetricReadRequest, MetricSource, SourceIdentity, TimeRange } from '../../engine/sources/metricSource';
import { collectPages, type ObservationPage, type PageColumns } from '../../engine/sources/pagedRows';
import { PrometheusError, type PrometheusClient } from '../prometheus/client';

export interface PrometheusSpec {
  server: string;
  total?: string;
  good?: string;
  bad?: string;
  histogram?: string;
}

export interface PrometheusSourceOptions {
  chunkMs?: number;
  lookbackMs?: number;
  refreshMs?: number;
  /** The clock (tests pin it). */
  now?: () => number;
  /** The range read when the request names none (the SLA's, from the service's hints). */
  range?: TimeRange;
}

const HOUR = 3_600_000;

/** Series-start and NaN counts of the last read, per selector role (for the report's data issues). */
export interface SeriesNotes {
  series: number;
  starts: { labels: Record<string, string>; t: number }[];
  resets: number;
  nanSamples: number;
}

export class PrometheusMetricSource implements MetricSource {
  /** What the last read saw, per role (`total`, `good`, `bad`). */
  notes: Record<string, SeriesNotes> = {};

  constructor(readonly client: PrometheusClient, readonly spec: PrometheusSpec, readonly options: PrometheusSourceOptions = {}) {}

  private now(): number { return (this.options.now ?? Date.now)(); }

  async identify(): Promise<SourceIdentity> {
    const { server } = this.client;
    const refresh = this.options.refreshMs ?? 60_000;
    return {
      key: JSON.stringify(['prometheus', server.url, server.headers, this.spec, this.options.range?.from ?? null, this.options.range?.to ?? null]),
      version: String(Math.floor(this.now() / refresh)),
      label: `${this.spec.server}: ${this.spec.total ?? this.spec.histogram ?? ''}`,
      location: `${server.url} (${this.spec.server})`,
    };
  }

  async read(request: MetricReadRequest = {}): Promise<MetricData> {
    const spec = this.spec;
    if (spec.histogram !== undefined) throw new MetricFileError('invalid', 'histogram metrics cannot be computed yet (counters — `total` with `good` or `bad` — can)', this.client.server.url);
    if (spec.total === undefined) throw new MetricFileError('invalid', 'a Prometheus metric needs `total` (with `good` or `bad`) or `histogram`', this.client.server.url);
    const range = request.range ?? this.options.range;
    const to = Math.min(Number.isFinite(range?.to) ? range!.to : Infinity, this.now() + 1);
    const from = Number.isFinite(range?.from) ? range!.from : to - 35 * 24 * HOUR;
    if (!(to > from)) return collectPages((async function* () { /* nothing */ })(), { totals: true, goodCounts: true }, request);
    const roles = (['total', 'good', 'bad'] as const).filter((r) => spec[r] !== undefined);
    const selectors = new Map<string, string>();
    for (const role of roles) {
      const parsed = parseSelector(spec[role]!);
      if (!parsed.ok) throw new MetricFileError('invalid', `\`${role}\`: ${parsed.message}`, this.client.server.url);
      selectors.set(role, selectorText(parsed.selector));
    }
    const columns: PageColumns = { totals: true, ...(spec.bad !== undefined ? { badCounts: true } : { goodCounts: true }) };
    const chunkMs = this.options.chunkMs ?? 6 * HOUR;
    const start = from - (this.options.lookbackMs ?? HOUR) - 1;
    const chunks = Math.max(1, Math.ceil((to - 1 - start) / chunkMs));
    const client = this.client;
    const notes: Record<string, SeriesNotes> = {};
    const signal = request.signal;
    async function* pages(): AsyncGenerator<ObservationPage> {
      for (const role of roles) {
        const state = new Map<string, CounterSeries>();
        for (let c = 0; c < chunks; c++) {
          const a = start + c * chunkMs;
          const b = Math.min(a + chunkMs, to - 1);
          let raw;
          try {
            raw = await client.rangeSamples(selectors.get(role)!, a, b, signal);
          } catch (error) {
            if (error instanceof PrometheusError) {
              if (error.kind === 'aborted') throw signal?.reason ?? error;
              throw new MetricFileError(error.kind === 'query' || error.kind === 'too-large' ? 'invalid' : 'unreachable', error.message, client.server.url);
            }
            throw error;
          }
          for (const s of raw) {
            const key = JSON.stringify(Object.entries(s.labels).sort());
            let counter = state.get(key);
            if (!counter) { counter = new CounterSeries(s.labels, from); state.set(key, counter); }
            const t: number[] = [];
            const inc: number[] = [];
            for (let i = 0; i < s.t.length; i++) {
              const d = counter.step(s.t[i], s.v[i]);
              if (d === undefined) continue;
              t.push(s.t[i]);
              inc.push(d);
            }
            if (t.length === 0) continue;
            const zeros = new Float64Array(t.length);
            const incs = Float64Array.from(inc);
            const page: ObservationPage = {
              timestamps: t, series: s.labels, progress: { done: (roles.indexOf(role) * chunks + c + 1), total: roles.length * chunks },
              totals: role === 'total' ? incs : zeros,
              ...(columns.badCounts ? { badCounts: role === 'bad' ? incs : zeros } : { goodCounts: role === 'good' ? incs : zeros }),
            };
            yield page;
          }
        }
        const all = [...state.values()];
        notes[role] = {
          series: all.length,
          starts: all.filter((s) => s.start !== undefined).map((s) => ({ labels: s.labels, t: s.start! })),
          resets: all.reduce((n, s) => n + s.resets, 0),
          nanSamples: all.reduce((n, s) => n + s.nanSamples, 0),
        };
        if (all.length === 0) throw new MetricFileError('no-series', `\`${role}\` \`${spec[role]}\` matches no series on ${spec.server} between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`, client.server.url, role);
      }
    }
    const data = await collectPages(pages(), columns, request);
    this.notes = notes;
    return data;
  }
}
