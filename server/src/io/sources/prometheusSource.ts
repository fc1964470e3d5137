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
 *   hour (a target down across the range's start, a job scraped every 2 h) is asked for its last
 *   sample in the `previousMs` (default 35 days) before (`last_over_time()`, batched per chunk):
 *   dropping what it counted during the gap would undercount silently. Only a series with no sample
 *   there either is a series start (its first sample counts nothing).
 * - The identity's version changes every `refreshMs` (default 60 s): within it, a cached read is
 *   used again; a server has no cheap "changed?" question that stays exact.
 */
import { MetricFileError } from '../../engine/metrics/errors';
import type { MetricData, SeriesIssue } from '../../engine/metrics/types';
import { CounterSeries, GapWatch, scrapeInterval } from '../../engine/prometheus/counters';
import { boundaryOf } from '../../engine/prometheus/histogram';
import { seriesSegments } from '../../engine/metrics/segmentCodes';
import { SampleOrigins, seriesText } from '../../engine/sources/origins';
import { matches, parseSelector, selectorText, type LabelMatcher, type SeriesSelector } from '../../engine/prometheus/selector';
import type { MetricReadRequest, MetricSource, SourceIdentity, TimeRange } from '../../engine/sources/metricSource';
import { collectPages, type ObservationPage, type PageColumns } from '../../engine/sources/pagedRows';
import { PrometheusError, type PrometheusClient } from '../prometheus/client';
import { commonBoundaries, DEFAULT_PREVIOUS_MS, HOUR, labelKey, previousValues, sourceError } from './prometheusReads';
import { CellReader, CellsUnsupported, cellSeriesIssues, counterCellData, histogramCellData, subsetCells, type SelectorNotes } from './prometheusCells';
import type { EdgePlan } from '../../engine/sources/evaluationEdges';

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
  /** How far before the lookback a series first seen inside the range is looked for (default 35 days). */
  previousMs?: number;
  refreshMs?: number;
  /** The clock (tests pin it). */
  now?: () => number;
  /** The range read when the request names none (the SLA's, from the service's hints). */
  range?: TimeRange;
  /**
   * The evaluation's edges (engine/sources/evaluationEdges.ts): with them, increases are summed per
   * cell between edges, mostly by the server (io/sources/prometheusCells.ts); without, one row per sample.
   */
  edges?: EdgePlan;
  /** The report's asOf when the caller fixes it (`--as-of`, or the asOf of another metric of the SLA). */
  asOf?: number;
  /** The label an objective's `segments.by` names (spec §12): each row's segment is its series' value of it. */
  segment?: string;
  /** Samples before the last hour by remote read where the server answers it (prometheusCells.ts; the CLI). */
  remoteRead?: boolean;
}

/**
 * When `inner` selects a subset of `outer`'s series — the same metric, every matcher of `outer`
 * and more, the extra ones `=` or `!=` (a regex is matched by the server's RE2, which JavaScript's
 * engine does not always read alike) — the test a series of `outer` passes to be one of `inner`'s.
 */
export function narrowing(outer: SeriesSelector, inner: SeriesSelector): ((labels: Record<string, string>) => boolean) | undefined {
  if (outer.metric !== inner.metric) return undefined;
  const key = (m: LabelMatcher) => JSON.stringify([m.name, m.op, m.value]);
  const innerKeys = new Set(inner.matchers.map(key));
  if (!outer.matchers.every((m) => innerKeys.has(key(m)))) return undefined;
  const outerKeys = new Set(outer.matchers.map(key));
  const extra = inner.matchers.filter((m) => !outerKeys.has(key(m)));
  if (extra.length === 0 || !extra.every((m) => m.op === '=' || m.op === '!=')) return undefined;
  return (labels) => extra.every((m) => matches(m, labels[m.name] ?? ''));
}

/** Samples per series kept for the scrape interval's median. */
const INTERVAL_SAMPLES = 1000;

/** Series-start and NaN counts of the last read, per selector role (for the report's data issues). */
export interface SeriesNotes {
  series: number;
  starts: { labels: Record<string, string>; t: number }[];
  resets: number;
  nanSamples: number;
  /** Series with NaN samples: how many, and the first's instant. */
  nanSeries: { labels: Record<string, string>; count: number; first: number }[];
}

/** At most this many series issues are listed (all are counted), as for a file's row issues. */
const MAX_LISTED_ISSUES = 20;

/** The series issues in time order, the first MAX_LISTED_ISSUES listed, all counted. */
function setSeriesIssues(data: MetricData, issues: SeriesIssue[]): void {
  if (issues.length === 0) return;
  issues.sort((a, b) => a.from - b.from);
  data.seriesIssues = issues.slice(0, MAX_LISTED_ISSUES);
  data.seriesIssueCount = issues.length;
}

export class PrometheusMetricSource implements MetricSource {
  /** What the last read saw, per role (`total`, `good`, `bad`). */
  notes: Record<string, SeriesNotes> = {};

  constructor(readonly client: PrometheusClient, readonly spec: PrometheusSpec, readonly options: PrometheusSourceOptions = {}, readonly unit?: string) {}

  private now(): number { return (this.options.now ?? Date.now)(); }

  async identify(): Promise<SourceIdentity> {
    const { server } = this.client;
    const refresh = this.options.refreshMs ?? 60_000;
    return {
      key: JSON.stringify(['prometheus', server.url, server.headers, this.spec, this.unit ?? null, this.options.range?.from ?? null, this.options.range?.to ?? null, this.options.edges?.key ?? null, this.options.asOf ?? null, this.options.segment ?? null]),
      version: String(Math.floor(this.now() / refresh)),
      label: `${this.spec.server}: ${this.spec.total ?? this.spec.histogram ?? ''}`,
      location: `${server.url} (${this.spec.server})`,
    };
  }

  async read(request: MetricReadRequest = {}): Promise<MetricData> {
    const spec = this.spec;
    if (spec.total === undefined && spec.histogram === undefined) throw new MetricFileError('invalid', 'a Prometheus metric needs `total` (with `good` or `bad`) or `histogram`', this.client.server.url);
    const range = request.range ?? this.options.range;
    const to = Math.min(Number.isFinite(range?.to) ? range!.to : Infinity, this.now() + 1);
    const from = Number.isFinite(range?.from) ? range!.from : to - 35 * 24 * HOUR;
    if (!(to > from)) return collectPages((async function* () { /* nothing */ })(), { totals: true, goodCounts: true }, request);
    if (this.options.edges) {
      try {
        const cells = await this.readCells(this.options.edges, from, to, request);
        if (cells) return cells;
      } catch (error) {
        if (!(error instanceof CellsUnsupported)) throw error;
      }
    }
    if (spec.histogram !== undefined) return this.readHistogram(spec.histogram, from, to, request);
    const roles = (['total', 'good', 'bad'] as const).filter((r) => spec[r] !== undefined);
    const selectors = new Map<string, string>();
    const metricOf = new Map<string, string>();
    for (const role of roles) {
      const parsed = parseSelector(spec[role]!);
      if (!parsed.ok) throw new MetricFileError('invalid', `\`${role}\`: ${parsed.message}`, this.client.server.url);
      selectors.set(role, selectorText(parsed.selector));
      metricOf.set(role, parsed.selector.metric);
    }
    const previousMs = this.options.previousMs ?? DEFAULT_PREVIOUS_MS;
    const columns: PageColumns = { totals: true, ...(spec.bad !== undefined ? { badCounts: true } : { goodCounts: true }), ...(this.options.segment !== undefined ? { segment: this.options.segment } : {}) };
    const start = from - (this.options.lookbackMs ?? HOUR) - 1;
    const chunks = Math.max(1, Math.ceil((to - 1 - start) / (this.options.chunkMs ?? 6 * HOUR)));
    const client = this.client;
    const notes: Record<string, SeriesNotes> = {};
    const signal = request.signal;
    // The pages carry the progress (collectPages reports it); the chunks do not report it again.
    const readChunks = (selector: string) => this.chunks(selector, from, to, { ...(signal ? { signal } : {}) }, { done: 0, total: chunks });
    // The scrape interval (SLA120): from the first samples of each `total` series (enough for a median);
    // the series' gaps, starts and NaN samples for the report's data issues.
    const instants = new Map<string, number[]>();
    const gapWatches = new Map<string, { labels: Record<string, string>; watch: GapWatch }>();
    async function* pages(): AsyncGenerator<ObservationPage> {
      for (const role of roles) {
        const state = new Map<string, CounterSeries>();
        let c = -1;
        for await (const raw of readChunks(selectors.get(role)!)) {
          c++;
          const fresh = raw.filter((s) => s.t.length > 0 && s.t[0] >= from && !state.has(labelKey(s.labels))).map((s) => s.labels);
          const previous = fresh.length ? await previousValues(client, metricOf.get(role)!, fresh, start, previousMs, signal) : undefined;
          for (const s of raw) {
            const key = labelKey(s.labels);
            let counter = state.get(key);
            if (!counter) {
              counter = new CounterSeries(s.labels, from);
              state.set(key, counter);
              const before = previous?.get(key);
              if (before !== undefined) counter.seed(before);
            }
            if (role === 'total') {
              let seen = instants.get(key);
              if (!seen) { seen = []; instants.set(key, seen); }
              for (let i = 0; i < s.t.length && seen.length < INTERVAL_SAMPLES; i++) seen.push(s.t[i]);
            }
            let gw = gapWatches.get(`${role}|${key}`);
            if (!gw) { gw = { labels: { __name__: metricOf.get(role)!, ...s.labels }, watch: new GapWatch(from, INTERVAL_SAMPLES) }; gapWatches.set(`${role}|${key}`, gw); }
            for (let i = 0; i < s.t.length; i++) gw.watch.see(s.t[i]);
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
          nanSeries: all.filter((s) => s.nanSamples > 0).map((s) => ({ labels: s.labels, count: s.nanSamples, first: s.firstNaN! })),
        };
        if (all.length === 0) throw new MetricFileError('no-series', `\`${role}\` \`${spec[role]}\` matches no series on ${spec.server} between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`, client.server.url, role);
      }
    }
    const data = await collectPages(pages(), columns, request);
    this.notes = notes;
    const interval = scrapeInterval(instants.values());
    if (interval !== undefined) data.scrapeIntervalMs = interval;
    const issues: SeriesIssue[] = [];
    for (const { labels, watch } of gapWatches.values()) for (const [a, b] of watch.finish()) issues.push({ problem: 'gap', series: seriesText(labels), from: a, to: b });
    for (const [role, note] of Object.entries(notes)) {
      for (const st of note.starts) issues.push({ problem: 'series start', series: seriesText({ __name__: metricOf.get(role)!, ...st.labels }), from: st.t });
    }
    for (const [role, note] of Object.entries(notes)) {
      for (const { labels, count, first } of note.nanSeries) issues.push({ problem: 'NaN samples', series: seriesText({ __name__: metricOf.get(role)!, ...labels }), from: first, count });
    }
    setSeriesIssues(data, issues);
    return data;
  }

  /** Increases per cell (io/sources/prometheusCells.ts), or undefined when cells do not apply. */
  private async readCells(plan: EdgePlan, from: number, to: number, request: MetricReadRequest): Promise<MetricData | undefined> {
    const spec = this.spec;
    const { url } = this.client.server;
    const reader = new CellReader({
      client: this.client, serverName: spec.server, from, to, plan, ...(this.options.asOf !== undefined ? { asOf: this.options.asOf } : {}),
      lookbackMs: this.options.lookbackMs ?? HOUR, previousMs: this.options.previousMs ?? DEFAULT_PREVIOUS_MS, now: this.now(),
      remoteRead: this.options.remoteRead === true && this.client.server.remoteRead !== false,
    }, request);
    const window = `between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`;
    let data: MetricData;
    let notes: SelectorNotes[];
    let intervalFrom: Float64Array[];
    if (spec.histogram !== undefined) {
      const parsed = parseSelector(spec.histogram, ['le']);
      if (!parsed.ok) throw new MetricFileError('invalid', `\`histogram\`: ${parsed.message}`, url);
      const base = parsed.selector;
      const read = await reader.read([
        { key: 'bucket', selector: await this.bucketSelector(plan, base, request), metric: `${base.metric}_bucket` },
        { key: 'count', selector: selectorText(base, `${base.metric}_count`), metric: `${base.metric}_count` },
      ]);
      if (!read) return undefined;
      const buckets = read.get('bucket')!, count = read.get('count')!;
      if (buckets.streams.size === 0) throw new MetricFileError('no-series', `\`histogram\` \`${spec.histogram}\` matches no \`${base.metric}_bucket\` series on ${spec.server} ${window}`, url, 'histogram');
      data = histogramCellData(reader.cellGrid, base, buckets, count.streams.size ? count : undefined, request.origins === true, spec.server, url, this.options.segment);
      if (this.unit !== undefined) data.unit = this.unit;
      notes = [buckets.notes, count.notes];
      intervalFrom = count.streams.size ? count.notes.tailInstants : buckets.notes.tailInstants;
      this.notes = { histogram: { series: buckets.notes.series, starts: [], resets: 0, nanSamples: 0, nanSeries: [] } };
    } else {
      const roles = (['total', 'good', 'bad'] as const).filter((r) => spec[r] !== undefined);
      const parsed = roles.map((role) => {
        const p = parseSelector(spec[role]!);
        if (!p.ok) throw new MetricFileError('invalid', `\`${role}\`: ${p.message}`, url);
        return { role, selector: p.selector };
      });
      // A role whose series are a subset of `total`'s is not asked for again (good = total{code="200"}).
      const total = parsed.find((p) => p.role === 'total');
      const within = new Map(parsed.filter((p) => p.role !== 'total').map((p) => [p.role, total ? narrowing(total.selector, p.selector) : undefined] as const));
      const read = await reader.read(parsed.filter((p) => !within.get(p.role)).map((p) => ({ key: p.role, selector: selectorText(p.selector), metric: p.selector.metric })));
      if (!read) return undefined;
      for (const [role, keep] of within) if (keep) read.set(role, subsetCells(read.get('total')!, keep));
      for (const { role } of parsed) {
        if (read.get(role)!.streams.size === 0) throw new MetricFileError('no-series', `\`${role}\` \`${spec[role]}\` matches no series on ${spec.server} ${window}`, url, role);
      }
      data = counterCellData(reader.cellGrid, parsed.map((p) => ({ role: p.role, metric: p.selector.metric, cells: read.get(p.role)! })), spec.bad !== undefined, request.origins === true, this.options.segment);
      notes = parsed.map((p) => read.get(p.role)!.notes);
      intervalFrom = read.get('total')?.notes.tailInstants ?? [];
      this.notes = Object.fromEntries(parsed.map((p) => {
        const n = read.get(p.role)!.notes;
        return [p.role, { series: n.series, starts: n.starts, resets: n.resets, nanSamples: n.nanSamples, nanSeries: n.nanSeries }];
      }));
    }
    const interval = scrapeInterval(intervalFrom);
    if (interval !== undefined) data.scrapeIntervalMs = interval;
    data.cellsAsOf = reader.asOf;
    const { issues, count } = cellSeriesIssues(notes, MAX_LISTED_ISSUES);
    if (count) { data.seriesIssues = issues; data.seriesIssueCount = count; }
    return data;
  }

  /**
   * The `_bucket` selector, narrowed to the `le` values the objectives read when they read only
   * some (a ratio-form threshold and `+Inf`): a tenth of the series of a ten-bucket histogram.
   */
  private async bucketSelector(plan: EdgePlan, base: SeriesSelector, request: MetricReadRequest): Promise<string> {
    const all = selectorText(base, `${base.metric}_bucket`);
    let values: string[];
    try {
      values = await this.client.labelValues('le', all, request.signal);
    } catch (error) {
      if (error instanceof PrometheusError && (error.kind === 'query' || error.kind === 'unsupported')) return all;
      throw sourceError(error, this.client, request.signal);
    }
    const needed = plan.histogramBuckets(values, this.unit);
    if (!needed) return all;
    const alternatives = needed.map((le) => le.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|');
    return selectorText(base, `${base.metric}_bucket`, [{ name: 'le', op: '=~', value: alternatives }]);
  }

  /** The raw samples of one selector over (start, to − 1], one chunk's series at a time. */
  private async *chunks(selector: string, from: number, to: number, request: MetricReadRequest, progress: { done: number; total: number }): AsyncGenerator<{ labels: Record<string, string>; t: Float64Array; v: Float64Array }[]> {
    const chunkMs = this.options.chunkMs ?? 6 * HOUR;
    const start = from - (this.options.lookbackMs ?? HOUR) - 1;
    const count = Math.max(1, Math.ceil((to - 1 - start) / chunkMs));
    for (let c = 0; c < count; c++) {
      const a = start + c * chunkMs;
      const b = Math.min(a + chunkMs, to - 1);
      let raw;
      try {
        raw = await this.client.rangeSamples(selector, a, b, request.signal);
      } catch (error) {
        throw sourceError(error, this.client, request.signal);
      }
      progress.done++;
      request.onProgress?.(progress.done, progress.total);
      yield raw;
    }
  }

  /**
   * A histogram: `<base>_bucket` (every `le`) and `<base>_count`, each series' increases exact as for
   * counters; per histogram series (its labels without `le`) one row per sample instant, with each
   * bucket's increase and `_count`'s (in `totals`). Boundaries are compared as numbers (`0.3` and
   * `0.30` are one); only boundaries every histogram series has are kept — a bucket one series lacks
   * cannot be summed exactly.
   */
  private async readHistogram(selectorTextIn: string, from: number, to: number, request: MetricReadRequest): Promise<MetricData> {
    const parsed = parseSelector(selectorTextIn, ['le']);
    if (!parsed.ok) throw new MetricFileError('invalid', `\`histogram\`: ${parsed.message}`, this.client.server.url);
    const base = parsed.selector;
    const chunkCount = Math.max(1, Math.ceil((to - 1 - (from - (this.options.lookbackMs ?? HOUR) - 1)) / (this.options.chunkMs ?? 6 * HOUR)));
    const progress = { done: 0, total: 2 * chunkCount };
    const readStart = from - (this.options.lookbackMs ?? HOUR) - 1;
    const previousMs = this.options.previousMs ?? DEFAULT_PREVIOUS_MS;
    interface Stream { counter: CounterSeries; t: number[]; inc: number[] }
    interface Instance { labels: Record<string, string>; buckets: Map<number, Stream>; count?: Stream }
    const instances = new Map<string, Instance>();
    const texts = new Map<number, string>();
    const instanceOf = (labels: Record<string, string>): Instance => {
      const { le: _le, ...rest } = labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      let inst = instances.get(key);
      if (!inst) { inst = { labels: rest, buckets: new Map() }; instances.set(key, inst); }
      return inst;
    };
    const feed = (stream: Stream, t: Float64Array, v: Float64Array) => {
      for (let i = 0; i < t.length; i++) {
        const d = stream.counter.step(t[i], v[i]);
        if (d === undefined) continue;
        stream.t.push(t[i]);
        stream.inc.push(d);
      }
    };
    // Series first read at or after `from`: their last number before the read, in batches per chunk.
    const seen = new Set<string>();
    const lookBack = async (metric: string, batch: { labels: Record<string, string>; t: Float64Array }[]) => {
      const fresh = batch.filter((s) => s.t.length > 0 && s.t[0] >= from && !seen.has(labelKey(s.labels))).map((s) => s.labels);
      for (const s of batch) seen.add(labelKey(s.labels));
      return fresh.length ? previousValues(this.client, metric, fresh, readStart, previousMs, request.signal) : new Map<string, number>();
    };
    for await (const batch of this.chunks(selectorText(base, `${base.metric}_bucket`), from, to, request, progress)) {
      const previous = await lookBack(`${base.metric}_bucket`, batch);
      for (const s of batch) {
        const le = s.labels.le ?? '';
        const bound = boundaryOf(le);
        if (bound === undefined) continue; // not a boundary: a broken exporter; the others still count
        if (!texts.has(bound)) texts.set(bound, le);
        const inst = instanceOf(s.labels);
        let stream = inst.buckets.get(bound);
        if (!stream) {
          stream = { counter: new CounterSeries(s.labels, from), t: [], inc: [] };
          inst.buckets.set(bound, stream);
          const before = previous.get(labelKey(s.labels));
          if (before !== undefined) stream.counter.seed(before);
        }
        feed(stream, s.t, s.v);
      }
    }
    for await (const batch of this.chunks(selectorText(base, `${base.metric}_count`), from, to, request, progress)) {
      const previous = await lookBack(`${base.metric}_count`, batch);
      for (const s of batch) {
        const inst = instanceOf(s.labels);
        if (!inst.count) {
          inst.count = { counter: new CounterSeries(s.labels, from), t: [], inc: [] };
          const before = previous.get(labelKey(s.labels));
          if (before !== undefined) inst.count.counter.seed(before);
        }
        feed(inst.count, s.t, s.v);
      }
    }
    const all = [...instances.values()];
    if (all.length === 0 || all.every((i) => i.buckets.size === 0)) {
      throw new MetricFileError('no-series', `\`histogram\` \`${selectorTextIn}\` matches no \`${base.metric}_bucket\` series on ${this.spec.server} between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`, this.client.server.url, 'histogram');
    }
    // Boundaries every histogram series has.
    const { bounds, partial } = commonBoundaries(all, texts, base.metric, this.client.server.url);
    // Rows: per instance, the union of its instants.
    const rowsT: number[] = [];
    const totals: number[] = [];
    const counts: number[][] = bounds.map(() => []);
    const seriesOfRow: number[] = [];
    const labelsList: Record<string, string>[] = [];
    for (const inst of all) {
      const streams = [inst.count, ...bounds.map((b) => inst.buckets.get(b))];
      const instants = new Set<number>();
      for (const s of streams) if (s) for (const t of s.t) instants.add(t);
      const sortedInstants = [...instants].sort((x, y) => x - y);
      const index = new Map(sortedInstants.map((t, i) => [t, i]));
      const base0 = rowsT.length;
      for (const t of sortedInstants) { rowsT.push(t); totals.push(0); for (const c of counts) c.push(0); seriesOfRow.push(labelsList.length); }
      if (inst.count) inst.count.t.forEach((t, i) => { totals[base0 + index.get(t)!] += inst.count!.inc[i]; });
      else bounds.forEach((b, k) => { if (b === Infinity) { const s = inst.buckets.get(b)!; s.t.forEach((t, i) => { totals[base0 + index.get(t)!] += s.inc[i]; }); void k; } });
      bounds.forEach((b, k) => { const s = inst.buckets.get(b)!; s.t.forEach((t, i) => { counts[k][base0 + index.get(t)!] += s.inc[i]; }); });
      labelsList.push(inst.labels);
    }
    const n = rowsT.length;
    const timestamps = Float64Array.from(rowsT);
    let sorted = true, minTime = NaN, maxTime = NaN;
    for (let i = 0; i < n; i++) {
      const t = timestamps[i];
      if (i === 0) { minTime = maxTime = t; continue; }
      if (t < timestamps[i - 1]) sorted = false;
      if (t < minTime) minTime = t;
      if (t > maxTime) maxTime = t;
    }
    const data: MetricData = {
      rows: n, timestamps, sorted, minTime, maxTime,
      totals: Float64Array.from(totals),
      buckets: { bounds, texts: bounds.map((b) => texts.get(b) ?? String(b)), counts: counts.map((c) => Float64Array.from(c)), ...(partial.length ? { partial } : {}) },
      issues: [], issueCount: 0, skipped: 0, naive: undefined, missingColumns: [], filtered: 0, format: 'series', bytes: 0,
      ...(this.spec.histogram !== undefined && this.unit !== undefined ? { unit: this.unit } : {}),
    };
    if (request.origins) data.origins = new SampleOrigins(labelsList, Uint32Array.from(seriesOfRow), timestamps);
    if (this.options.segment !== undefined) Object.assign(data, seriesSegments(seriesOfRow, labelsList, this.options.segment));
    this.notes = { histogram: { series: all.length, starts: [], resets: 0, nanSamples: 0, nanSeries: [] } };
    const interval = scrapeInterval(all.map((i) => (i.count ?? i.buckets.get(Infinity))?.t.slice(0, INTERVAL_SAMPLES) ?? []));
    if (interval !== undefined) data.scrapeIntervalMs = interval;
    return data;
  }
}
