/**
 * A Prometheus metric read as increases per cell (spec §10, exact), with the arithmetic pushed to
 * the server where it stays exact — what makes a month of 100 series at a 15 s scrape a few dozen
 * small answers instead of 17 million samples:
 *
 * 1. The tail (the last hour before the range's end, and the hour before it) is read as samples:
 *    the latest sample (asOf), each series' scrape interval, and one sample to learn whether the
 *    server's range selectors include their left end (Prometheus 2.x: `[t − r, t]`; 3.x and
 *    VictoriaMetrics: `(t − r, t]`), so that every range below covers exactly the instants meant.
 * 2. The cells: the evaluation's edges for that asOf (engine/sources/evaluationEdges.ts), the
 *    chunk edges (a day apart from the range's start) and the latest sample.
 * 3. Per chunk and series, one range query says whether the chunk is clean: its samples
 *    (`count_over_time`, at least the chunk's length over the scrape interval, less one: no gap),
 *    no reset (`resets`, over the chunk and the hour before it, so a reset between chunks shows)
 *    and no NaN (`sum_over_time` is NaN then).
 * 4. For every cell, the last sample before its end, L (`last_over_time` over exactly the cell, or
 *    its last hour for a cell longer than that): in a clean chunk a series' increase over a cell is
 *    L(end) − L(start), and an empty answer over exactly the cell means no sample in it.
 * 5. A chunk that is not clean for a series (a reset, NaN, a gap, a series start, a missing L) is
 *    read as samples (with the hour before it, and the series' last number before that when it has
 *    none there) and counted sample by sample, as io/sources/prometheusSource.ts does everywhere.
 *
 * Each cell's increases of a series are one row at the cell's start (origins: the series and the
 * cell); rows scale with the cells, not with the samples. Gaps, series starts, resets and NaN
 * samples are found in the chunks read as samples (a chunk with a gap, a start or NaN is one).
 * Returns undefined when cells do not apply (no sample in the last hour, too many edges): the
 * caller then reads samples as they are.
 */
import { MetricFileError } from '../../engine/metrics/errors';
import type { MetricData, SeriesIssue } from '../../engine/metrics/types';
import { seriesSegments } from '../../engine/metrics/segmentCodes';
import { cellGrid, CellStream, queryRuns, type CellGrid, type QueryRun } from '../../engine/prometheus/cells';
import { CounterSeries, GapWatch, medianSpacing, scrapeInterval } from '../../engine/prometheus/counters';
import { boundaryOf } from '../../engine/prometheus/histogram';
import { parseSelector, selectorText, type SeriesSelector as Selector } from '../../engine/prometheus/selector';
import type { EdgePlan } from '../../engine/sources/evaluationEdges';
import type { MetricReadRequest } from '../../engine/sources/metricSource';
import { CellOrigins, seriesText } from '../../engine/sources/origins';
import { PrometheusError, type PrometheusClient, type RawSeries } from '../prometheus/client';
import { commonBoundaries, HOUR, labelKey, previousValues, sourceError } from './prometheusReads';
import { cachedAnswer, keepAnswer, type InstantValue } from '../prometheus/answerCache';
import { remoteReadSeries, RemoteReadUnsupported } from '../prometheus/remoteRead';

const DAY = 24 * HOUR;
/**
 * Requests to the server at once: two keep a Prometheus (which evaluates one query on one core)
 * busy on two cores while the answers are parsed here, without crowding a shared server.
 */
const MAX_IN_FLIGHT = 2;
/** The first hour after the range's and the period's start is read as samples. */
const HEAD_MS = HOUR;
/** A chunk with at most this many unclean series reads them one by one (else the whole selector). */
const FEW_SERIES = 8;
/** Cells × series above this: samples as they are (the cells would not save memory). */
const MAX_CELL_ROWS = 4_000_000;

export interface CellReadOptions {
  client: PrometheusClient;
  /** `.model-sla.yaml`'s name of the server (messages). */
  serverName: string;
  from: number;
  to: number;
  plan: EdgePlan;
  /** The report's asOf when given (`--as-of`); else the plan's default for the latest sample. */
  asOf?: number;
  lookbackMs: number;
  previousMs: number;
  /** Chunk length (default a day). */
  chunkMs?: number;
  /** The clock (tests pin it): answers for instants settled by then are kept (io/prometheus/answerCache.ts). */
  now: number;
  /**
   * Read the samples before the tail with one remote read per selector (io/prometheus/remoteRead.ts)
   * where the server answers it, instead of the chunk checks and L: one pass over compressed
   * samples, counted here. Nothing is kept between reads (the CLI reads once; the editor, which
   * reads again every minute, keeps answers of the query API instead).
   */
  remoteRead?: boolean;
}

/** What one selector's read saw, for the report's data issues and the source's notes. */
export interface SelectorNotes {
  series: number;
  starts: { labels: Record<string, string>; t: number }[];
  resets: number;
  /** Resets per series (label key), for a role whose series are a subset of another's. */
  resetsBySeries: Map<string, number>;
  nanSamples: number;
  nanSeries: { labels: Record<string, string>; count: number; first: number }[];
  gaps: { labels: Record<string, string>; from: number; to: number }[];
  /** Median spacing per series in the tail (SLA120). */
  tailInstants: Float64Array[];
}

export interface SelectorCells { streams: Map<string, CellStream>; notes: SelectorNotes }

/**
 * A selector's cells from another's whose series include all of its own (`good` =
 * `requests_total{code="200"}` within `total` = `requests_total`): the series that pass `keep`,
 * so the server is asked once for both.
 */
export function subsetCells(of: SelectorCells, keep: (labels: Record<string, string>) => boolean): SelectorCells {
  const streams = new Map([...of.streams].filter(([, s]) => keep(s.labels)));
  const n = of.notes;
  const named = (labels: Record<string, string>) => { const { __name__: _n, ...rest } = labels; return keep(rest); };
  const resetsBySeries = new Map([...n.resetsBySeries].filter(([key]) => streams.has(key)));
  return {
    streams,
    notes: {
      series: streams.size, starts: n.starts.filter((x) => named(x.labels)), resets: [...resetsBySeries.values()].reduce((a, b) => a + b, 0), resetsBySeries,
      nanSamples: n.nanSeries.filter((x) => named(x.labels)).reduce((a, x) => a + x.count, 0), nanSeries: n.nanSeries.filter((x) => named(x.labels)),
      gaps: n.gaps.filter((x) => named(x.labels)), tailInstants: [],
    },
  };
}

/** The role of a selector's series in the rows. */
type Role = 'total' | 'good' | 'bad';

/** The server refused or misread a query the cells need: read samples as they are instead. */
export class CellsUnsupported extends Error {}

/** A run of evaluation instants as two runs (one when it has fewer than four). */
function halves(run: QueryRun): QueryRun[] {
  if (run.count < 4) return [run];
  const k = Math.ceil(run.count / 2);
  return [
    { ...run, count: k, cells: run.cells.slice(0, k) },
    { ...run, first: run.first + k * run.step, count: run.count - k, cells: run.cells.slice(k) },
  ];
}

/** Whether the server's range selectors include their left end, per server (asked once a process). */
const leftClosedOf = new Map<string, Promise<boolean>>();
/** Servers that refused a remote read with a 4xx (they will again): not asked again this process. */
const noRemoteRead = new Set<string>();
/** Remote reads answered and refused, this process (tests and the benchmark read them). */
export const remoteReadCounts = { read: 0, refused: 0, lastRefusal: '' };

const exact = (metric: string, labels: Record<string, string>): string =>
  selectorText({ metric, matchers: Object.entries(labels).map(([name, value]) => ({ name, op: '=' as const, value })) });

/** The state of one series as the chunks go by. */
interface SeriesState {
  labels: Record<string, string>;
  /** The last number before the current chunk (undefined: not known — read its samples). */
  last: number | undefined;
  /** The last chunk with samples of this series was read as samples (its gap watch goes on). */
  raw: boolean;
  gap?: GapWatch;
  /** The next chunk with samples must be read as samples (a gap ran to the end of this one). */
  forceRaw: boolean;
  interval: number | undefined;
  counter?: CounterSeries;
}

export class CellReader {
  private leftClosed = false;
  /** The asOf the cells were cut for. */
  asOf: number | undefined;
  private grid!: CellGrid;
  /** Chunk bounds: chunk j is [chunks[j], chunks[j+1]); the last bound is the tail's start. */
  private chunks: number[] = [];
  private tailStart = 0;
  /** Starts of the chunks read as samples whatever their checks say (the first hour of the range and of the period). */
  private heads = new Set<number>();
  private requests = 0;
  private plannedRequests = 1;

  constructor(private readonly o: CellReadOptions, private readonly request: MetricReadRequest) {}

  private progress(): void {
    this.requests++;
    this.plannedRequests = Math.max(this.plannedRequests, this.requests + 1);
    this.request.onProgress?.(this.requests, this.plannedRequests);
  }

  /** Requests in flight, and the ones waiting for a turn (at most MAX_IN_FLIGHT run at once). */
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  private async call<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    try {
      const out = await work();
      this.progress();
      return out;
    } catch (error) {
      // A store that speaks only part of PromQL (no `resets`, no `label_replace`, no range queries):
      // the caller reads samples instead.
      if (error instanceof PrometheusError && (error.kind === 'query' || error.kind === 'unsupported')) throw new CellsUnsupported(error.message);
      throw sourceError(error, this.o.client, this.request.signal);
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  /**
   * `expr` at first, first + step, … (count instants): per series its instants and values. Instants
   * answered before and settled come from the answer cache; the others are asked for in runs.
   */
  private async ask(expr: string, first: number, count: number, step: number): Promise<{ labels: Record<string, string>; t: number[]; v: number[] }[]> {
    const { client, now } = this.o;
    const server = JSON.stringify([client.server.url, client.server.headers]);
    const signal = this.request.signal;
    const answers = new Map<number, InstantValue[]>();
    const missing: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = first + i * step;
      const known = cachedAnswer(server, expr, at, now);
      if (known) answers.set(at, known); else missing.push(at);
    }
    // Missing instants in runs of consecutive ones: a range query each (an instant query for one).
    for (let i = 0; i < missing.length;) {
      let j = i + 1;
      while (j < missing.length && missing[j] - missing[j - 1] === step) j++;
      const a = missing[i], n = j - i;
      const got = new Map<number, InstantValue[]>(missing.slice(i, j).map((t) => [t, []]));
      if (n > 1) {
        for (const r of await this.call(() => client.queryMatrix(expr, a, a + (n - 1) * step, step, signal))) {
          for (let k = 0; k < r.t.length; k++) got.get(r.t[k])?.push({ labels: r.labels, v: r.v[k] });
        }
      } else {
        got.set(a, await this.call(() => client.queryVector(expr, a, signal)));
      }
      for (const [at, values] of got) { answers.set(at, values); keepAnswer(server, expr, at, values, now); }
      i = j;
    }
    const bySeries = new Map<string, { labels: Record<string, string>; t: number[]; v: number[] }>();
    for (const [at, values] of [...answers].sort(([x], [y]) => x - y)) {
      for (const { labels, v } of values) {
        const key = labelKey(labels);
        let s = bySeries.get(key);
        if (!s) { s = { labels, t: [], v: [] }; bySeries.set(key, s); }
        s.t.push(at);
        s.v.push(v);
      }
    }
    return [...bySeries.values()];
  }

  /**
   * The instant of the latest sample of the selectors in [from, to): the last day (from the
   * range's start) that holds samples, by `count_over_time` per day, then inside it the last
   * minute's `timestamp()` (a plain selector's value is its sample's own instant); undefined when
   * there is none, or the server's lookback is shorter than a minute.
   */
  private async latestSample(selectors: string[]): Promise<number | undefined> {
    const { from, to } = this.o;
    const days = Math.ceil((to - from) / DAY);
    let lastDay = -1;
    for (const selector of selectors) {
      const full = days - 1;
      if (full > 0) {
        for (const r of await this.ask(`count_over_time(${selector}[${DAY}ms])`, from + DAY - 1, full, DAY)) {
          for (let i = 0; i < r.t.length; i++) if (r.v[i] > 0) lastDay = Math.max(lastDay, Math.round((r.t[i] + 1 - from) / DAY) - 1);
        }
      }
      const lastStart = from + full * DAY;
      for (const r of await this.ask(`count_over_time(${selector}[${to - lastStart}ms])`, to - 1, 1, 0)) if (r.v[0] > 0) lastDay = full;
    }
    if (lastDay < 0) return undefined;
    const a = from + lastDay * DAY, b = Math.min(to, a + DAY) - 1;
    let latest: number | undefined;
    for (const selector of selectors) {
      for (const r of await this.ask(`max(timestamp(${selector}))`, a, Math.floor((b - a) / 60_000) + 1, 60_000)) {
        for (const v of r.v) if (Number.isFinite(v) && v * 1000 < to) latest = Math.max(latest ?? -Infinity, Math.round(v * 1000));
      }
    }
    return latest;
  }

  /** The tail of each selector: samples in [tailStart − lookback, to). */
  private tail(selector: string): Promise<RawSeries[]> {
    return this.call(() => this.o.client.rangeSamples(selector, this.tailStart - this.o.lookbackMs - 1, this.o.to - 1, this.request.signal));
  }

  /**
   * Sets up the cells from the tails (latest sample, asOf, edges); false when cells do not apply.
   * `tails` are the selectors' tails; `metrics` their metric names.
   */
  private async setUp(tails: { metric: string; series: RawSeries[] }[]): Promise<boolean> {
    const { from, to } = this.o;
    let latest = -Infinity;
    let probe: { metric: string; labels: Record<string, string>; t: number } | undefined;
    let series = 0;
    for (const { metric, series: all } of tails) {
      for (const s of all) {
        series++;
        const n = s.t.length;
        if (n && s.t[n - 1] >= this.tailStart) {
          if (s.t[n - 1] > latest) latest = s.t[n - 1];
          probe ??= { metric, labels: s.labels, t: s.t[n - 1] };
        }
      }
    }
    if (!probe || !Number.isFinite(latest)) return false;
    const asOf = this.o.asOf ?? this.o.plan.defaultAsOf(latest);
    this.asOf = asOf;
    const edges = this.o.plan.edges(asOf, { from, to });
    if (!edges) return false;
    const chunkMs = this.o.chunkMs ?? DAY;
    // Chunks a day apart from the range's start; the first hour after the range's and the period's
    // start are chunks of their own, read as samples (their rows then sit at the first sample in
    // each cell, so the first observation is the first sample's instant, as one row per sample has it).
    const bounds = new Set<number>([this.tailStart]);
    for (let c = from; c < this.tailStart; c += chunkMs) bounds.add(c);
    this.heads = new Set<number>();
    for (const a of [from, this.o.plan.periodStart]) {
      if (a === undefined || a < from || a >= this.tailStart) continue;
      bounds.add(a);
      bounds.add(Math.min(a + HEAD_MS, this.tailStart));
      this.heads.add(a);
    }
    this.chunks = [...bounds].sort((x, y) => x - y);
    this.grid = cellGrid(from, to, edges, [...this.chunks, latest]);
    if (this.grid.cells * Math.max(1, series) > MAX_CELL_ROWS) return false;
    this.probe = probe;
    return true;
  }

  /** A sample the tails saw (metric, labels, instant): what the left-end probe asks about. */
  private probe: { metric: string; labels: Record<string, string>; t: number } | undefined;

  /** Learns whether the server's ranges include their left end (once per server and process). */
  private async learnLeftClosed(): Promise<void> {
    const server = this.serverKey();
    let known = leftClosedOf.get(server);
    if (!known) {
      const p = this.probe!;
      known = this.call(() => this.o.client.queryVector(`count_over_time(${exact(p.metric, p.labels)}[1ms])`, p.t + 1, this.request.signal)).then((r) => r.some((x) => x.v >= 1));
      leftClosedOf.set(server, known);
      known.catch(() => leftClosedOf.delete(server));
    }
    this.leftClosed = await known;
  }

  private serverKey(): string {
    return JSON.stringify([this.o.client.server.url, this.o.client.server.headers]);
  }

  /**
   * The range (ms) that covers exactly [start, end) when evaluated at end − 1, or undefined for a
   * cell of a millisecond or two (its chunk is read as samples): the same cells are asked for
   * whichever the semantics, and no `[1ms]` range is ever needed.
   */
  private exactRange(start: number, end: number): number | undefined {
    const r = this.leftClosed ? end - 1 - start : end - start;
    return end - start >= 3 ? r : undefined;
  }

  /** Reads every selector into cells; undefined when cells do not apply. */
  async read(selectors: { key: string; selector: string; metric: string }[]): Promise<Map<string, SelectorCells> | undefined> {
    const { from, to, lookbackMs } = this.o;
    this.tailStart = Math.max(from, to - lookbackMs);
    let tails = await Promise.all(selectors.map(async (s) => ({ metric: s.metric, series: await this.tail(s.selector) })));
    if (!tails.some((t) => t.series.some((s) => s.t.length && s.t[s.t.length - 1] >= this.tailStart))) {
      // Nothing in the last hour (a period that runs on after the data stopped, a stale exporter):
      // the tail is the hour before the latest sample, wherever that is.
      const latest = await this.latestSample(selectors.map((s) => s.selector));
      if (latest === undefined) return undefined;
      this.tailStart = Math.max(from, Math.min(to, latest + 1) - lookbackMs);
      tails = await Promise.all(selectors.map(async (s) => ({ metric: s.metric, series: await this.tail(s.selector) })));
    }
    if (!(await this.setUp(tails))) return undefined;
    const read = await Promise.all(selectors.map((s, i) => this.readSelector(s.selector, s.metric, tails[i].series)));
    return new Map(selectors.map((s, i) => [s.key, read[i]]));
  }

  /**
   * One selector's cells: by a remote read where it applies and the server answers it, else by
   * the query API (the chunk checks, L, and samples where a chunk is not clean).
   */
  private async readSelector(selector: string, metric: string, tail: RawSeries[]): Promise<SelectorCells> {
    const server = this.serverKey();
    if (this.o.remoteRead && !noRemoteRead.has(server) && this.tailStart > this.o.from) {
      const parsed = parseSelector(selector);
      if (parsed.ok) {
        try {
          return await this.cellsOf(selector, metric, tail, parsed.selector);
        } catch (error) {
          if (!(error instanceof RemoteReadUnsupported)) throw sourceError(error, this.o.client, this.request.signal);
          remoteReadCounts.refused++;
          remoteReadCounts.lastRefusal = error.message;
          if (error.remember) noRemoteRead.add(server);
        }
      }
    }
    await this.learnLeftClosed();
    return this.cellsOf(selector, metric, tail, undefined);
  }

  /** The cells of one selector; `remote`: the selector, read by a remote read before the tail. */
  private async cellsOf(selector: string, metric: string, tail: RawSeries[], remote: Selector | undefined): Promise<SelectorCells> {
    const { client } = this.o;
    const signal = this.request.signal;
    const grid = this.grid;
    const chunks = this.chunks;
    const J = chunks.length - 1;
    const lookback = this.o.lookbackMs;
    const states = new Map<string, SeriesState>();
    const streams = new Map<string, CellStream>();
    const notes: SelectorNotes = { series: 0, starts: [], resets: 0, resetsBySeries: new Map(), nanSamples: 0, nanSeries: [], gaps: [], tailInstants: [] };
    const stateOf = (labels: Record<string, string>): SeriesState => {
      const key = labelKey(labels);
      let s = states.get(key);
      if (!s) { s = { labels, last: undefined, raw: false, forceRaw: false, interval: undefined }; states.set(key, s); }
      return s;
    };
    const streamOf = (labels: Record<string, string>): CellStream => {
      const key = labelKey(labels);
      let s = streams.get(key);
      if (!s) { s = new CellStream(labels, grid.cells); streams.set(key, s); }
      return s;
    };
    /** A series' gaps found so far (its gap watch ends: the next raw chunk starts a new one). */
    const harvest = (state: SeriesState) => {
      for (const [a, b] of state.gap?.finish() ?? []) notes.gaps.push({ labels: { __name__: metric, ...state.labels }, from: a, to: b });
      state.gap = undefined;
    };
    for (const s of tail) {
      stateOf(s.labels).interval = medianSpacing(s.t);
      notes.tailInstants.push(s.t);
    }
    const overall = scrapeInterval(tail.map((s) => s.t));

    // 3. Chunk checks: per series and chunk, its sample count and resets (NaN when a sample is NaN).
    const counts = new Map<string, Float64Array>();
    const flags = new Map<string, Float64Array>();
    const record = (rows: { labels: Record<string, string>; t: ArrayLike<number>; v: ArrayLike<number> }[], chunkOf: (t: number) => number) => {
      for (const r of rows) {
        const { __msla: kind, ...labels } = r.labels;
        const key = labelKey(labels);
        stateOf(labels);
        const into = kind === 'n' ? counts : flags;
        let a = into.get(key);
        if (!a) { a = new Float64Array(J).fill(-1); into.set(key, a); }
        for (let i = 0; i < r.t.length; i++) { const j = chunkOf(r.t[i]); if (j >= 0 && j < J) a[j] = Number.isNaN(r.v[i]) ? -2 : r.v[i]; }
      }
    };
    // Resets are looked for from a few scrapes before the chunk: the pair that straddles its start
    // is compared too (a longer silence there is a gap: that chunk is read as samples anyway).
    // The slowest series sets it; a series whose interval is not known (none in the tail) the hour.
    const intervals = [...states.values()].map((st) => st.interval);
    const slowest = intervals.length && intervals.every((x) => x !== undefined) ? Math.max(...(intervals as number[])) : lookback;
    const overlap = Math.min(lookback, Math.max(60_000, 4 * slowest));
    const checkExpr = (len: number) => `label_replace(count_over_time(${selector}[${this.exactRange(0, len)}ms]), "__msla", "n", "", "") or label_replace(resets(${selector}[${len + overlap}ms]) + 0 * sum_over_time(${selector}[${len + overlap}ms]), "__msla", "r", "", "")`;
    const chunkAt = new Map<number, number>();
    for (let j = 0; j < J; j++) chunkAt.set(chunks[j + 1] - 1, j);
    const chunkOf = (t: number) => chunkAt.get(t) ?? -1;
    // The checks read every sample once: split in halves, both of a server's cores work on them.
    const checkRuns = queryRuns([...Array(J).keys()], (j) => chunks[j + 1] - 1, (j) => chunks[j + 1] - chunks[j]).flatMap((run) => halves(run));
    if (!remote) await Promise.all(checkRuns.map(async (run) => record(await this.ask(checkExpr(run.range), run.first, run.count, run.step), chunkOf)));

    // 4. L at each cell's end (before the tail), and before the range's start.
    const tailCell = grid.cellOf(this.tailStart);
    const cellsBefore = [...Array(Math.max(0, tailCell)).keys()];
    const rangeOf = (k: number) => {
      const len = grid.end(k) - grid.start(k);
      return len > lookback ? lookback : this.exactRange(grid.start(k), grid.end(k)) ?? 0;
    };
    const unqueryable = new Set(cellsBefore.filter((k) => rangeOf(k) === 0));
    const values = new Map<string, Float64Array>();
    const present = new Map<string, Uint8Array>();
    const keep = (labels: Record<string, string>, k: number, v: number) => {
      const key = labelKey(labels);
      stateOf(labels);
      let a = values.get(key), p = present.get(key);
      if (!a || !p) { a = new Float64Array(grid.cells); p = new Uint8Array(grid.cells); values.set(key, a); present.set(key, p); }
      a[k] = v;
      p[k] = Number.isNaN(v) ? 2 : 1;
    };
    if (!remote) await Promise.all(queryRuns(cellsBefore.filter((k) => !unqueryable.has(k)), (k) => grid.end(k) - 1, rangeOf).map(async (run) => {
      const index = new Map(run.cells.map((k) => [grid.end(k) - 1, k]));
      for (const r of await this.ask(`last_over_time(${selector}[${run.range}ms])`, run.first, run.count, run.step)) {
        for (let i = 0; i < r.t.length; i++) { const k = index.get(r.t[i]); if (k !== undefined) keep(r.labels, k, r.v[i]); }
      }
    }));
    if (J > 0 && !remote) {
      for (const r of await this.ask(`last_over_time(${selector}[${lookback}ms])`, this.o.from - 1, 1, 0)) {
        if (!Number.isNaN(r.v[0])) stateOf(r.labels).last = r.v[0];
      }
    }

    // Chunks next to one a series is absent from are read as samples (the gap's ends).
    const forced = new Map<string, Set<number>>();
    for (const [key, n] of counts) {
      const set = new Set<number>();
      for (let j = 0; j < J; j++) {
        if (n[j] >= 0) continue;
        if (j > 0 && n[j - 1] >= 0) set.add(j - 1);
        if (j + 1 < J && n[j + 1] >= 0) set.add(j + 1);
      }
      forced.set(key, set);
    }

    /**
     * A series' samples in (start − lookback, end) counted into its cells: its last number before
     * `start` (`previous`: asked for when the samples hold none), resets, NaN, gaps and a start noted.
     */
    const countSeries = (s: RawSeries, start: number, end: number, previous: number | undefined) => {
      const key = labelKey(s.labels);
      const state = stateOf(s.labels);
      const counter = new CounterSeries(s.labels, start);
      // Its last number before the chunk: known from the chunk before, else asked for; none: a series start.
      const seed = state.last ?? previous;
      if (seed !== undefined) counter.seed(seed);
      if (!state.raw || !state.gap) {
        harvest(state);
        // Gaps against the series' own spacing: from the tail, else from its first samples here.
        state.gap = new GapWatch(start, 1000, state.interval);
      }
      const stream = streamOf(s.labels);
      let lastT: number | undefined;
      for (let i = 0; i < s.t.length; i++) {
        const t = s.t[i];
        state.gap.see(t);
        const d = counter.step(t, s.v[i]);
        if (d === undefined) continue;
        const cell = grid.cellOf(t);
        stream.add(cell, d);
        stream.seen(cell, t);
        lastT = t;
      }
      if (counter.start !== undefined) notes.starts.push({ labels: { __name__: metric, ...s.labels }, t: counter.start });
      notes.resets += counter.resets;
      if (counter.resets) notes.resetsBySeries.set(key, (notes.resetsBySeries.get(key) ?? 0) + counter.resets);
      notes.nanSamples += counter.nanSamples;
      if (counter.nanSamples) {
        // One entry per series, however many chunks its NaN samples fall in.
        const known = notes.nanSeries.find((x) => labelKey(x.labels) === labelKey({ __name__: metric, ...s.labels }));
        if (known) { known.count += counter.nanSamples; known.first = Math.min(known.first, counter.firstNaN!); }
        else notes.nanSeries.push({ labels: { __name__: metric, ...s.labels }, count: counter.nanSamples, first: counter.firstNaN! });
      }
      if (counter.lastNumber !== undefined) state.last = counter.lastNumber;
      state.raw = true;
      const interval = state.interval ?? overall;
      // Silent for more than a scrape and a half at the chunk's end: a gap (or the reset-hiding pair
      // of one) may run into the next chunk, which is then read as samples too.
      state.forceRaw = lastT !== undefined && interval !== undefined && end - lastT > 1.5 * interval;
    };

    // Before the tail, read remotely: every series in one pass over its samples.
    if (remote) {
      const from = this.o.from;
      const fresh: RawSeries[] = [];
      remoteReadCounts.read++;
      await remoteReadSeries(client, remote, from - lookback - 1, this.tailStart - 1, (s) => {
        if (s.t.length === 0) return;
        // A series without a sample in the lookback: its last number before is asked for below.
        if (!(s.t[0] < from)) fresh.push({ labels: s.labels, t: s.t.slice(), v: s.v.slice() });
        else countSeries(s, from, this.tailStart, undefined);
      }, signal);
      this.progress();
      const previous = fresh.length ? await previousValues(client, metric, fresh.map((s) => s.labels), from - lookback - 1, this.o.previousMs, signal) : new Map<string, number>();
      for (const s of fresh) countSeries(s, from, this.tailStart, previous.get(labelKey(s.labels)));
    }

    // 5. The chunks in order, then the tail.
    const lastCellOf = (j: number) => grid.cellOf(chunks[j + 1] - 1);
    for (let j = remote ? J : 0; j <= J; j++) {
      const isTail = j === J;
      const start = chunks[j] ?? this.tailStart;
      const end = isTail ? this.o.to : chunks[j + 1];
      const firstCell = grid.cellOf(start);
      const lastCell = isTail ? grid.cells - 1 : lastCellOf(j);
      const rawKeys = new Set<string>();
      if (!isTail) {
        let chunkUnqueryable = false;
        for (let k = firstCell; k <= lastCell; k++) if (unqueryable.has(k)) chunkUnqueryable = true;
        for (const [key, state] of states) {
          const n = counts.get(key)?.[j] ?? -1;
          if (n < 0) continue; // no sample in the chunk
          const r = flags.get(key)?.[j] ?? -1;
          // A series not in the tail (stopped before it) has no known interval: read as samples.
          const expected = state.interval ? Math.floor((end - start) / state.interval) - 1 : Infinity;
          let clean = !this.heads.has(start) && !chunkUnqueryable && r === 0 && n >= expected && state.last !== undefined && !state.forceRaw && !forced.get(key)?.has(j);
          // L at every cell end: present, or (over exactly the cell) absent; never NaN.
          const p = present.get(key), v = values.get(key);
          let last = state.last ?? 0;
          const incs: [number, number][] = [];
          for (let k = firstCell; clean && k <= lastCell; k++) {
            const len = grid.end(k) - grid.start(k);
            const has = p?.[k] ?? 0;
            // NaN; no sample in a cell's last hour; or a fractional count, whose differences would
            // round otherwise than the sums of its samples' increases: read as samples.
            if (has === 2 || (has === 0 && len > lookback) || (has === 1 && !Number.isInteger(v![k]))) { clean = false; break; }
            if (has === 0) continue;
            const d = v![k] - last;
            if (!(d >= 0)) { clean = false; break; }
            incs.push([k, d]);
            last = v![k];
          }
          if (!clean) { rawKeys.add(key); continue; }
          const stream = streamOf(state.labels);
          for (const [k, d] of incs) stream.add(k, d);
          state.last = last;
          state.raw = false;
          state.forceRaw = false;
        }
        if (rawKeys.size === 0) continue;
      }
      const samples = isTail ? tail : await this.chunkSamples(selector, metric, rawKeys, states, start, end);
      // Series read as samples: every one in the tail; in a chunk, the ones that are not clean.
      const todo = samples.filter((s) => isTail || rawKeys.has(labelKey(s.labels)));
      const fresh = todo.filter((s) => { const st = stateOf(s.labels); return st.last === undefined && !(s.t.length && s.t[0] < start) && s.t.length > 0; }).map((s) => s.labels);
      const previous = fresh.length ? await previousValues(client, metric, fresh, start - lookback - 1, this.o.previousMs, signal) : new Map<string, number>();
      for (const s of todo) countSeries(s, start, end, previous.get(labelKey(s.labels)));
    }
    for (const state of states.values()) harvest(state);
    notes.series = streams.size;
    return { streams, notes };
  }

  get cellGrid(): CellGrid { return this.grid; }

  /**
   * The samples of a chunk (and the lookback before it) of the series in `keys`: each series by its
   * exact labels when they are few (a restart touches one instance's series), else the selector's.
   */
  private async chunkSamples(selector: string, metric: string, keys: Set<string>, states: Map<string, SeriesState>, start: number, end: number): Promise<RawSeries[]> {
    const { client } = this.o;
    const signal = this.request.signal;
    const from = start - this.o.lookbackMs - 1, to = end - 1;
    if (keys.size > FEW_SERIES || keys.size * 2 > states.size) return this.call(() => client.rangeSamples(selector, from, to, signal));
    const answers = await Promise.all([...keys].map(async (key) => {
      const labels = states.get(key)!.labels;
      // Equality matchers also match series with more labels: keep the one with exactly these.
      return (await this.call(() => client.rangeSamples(exact(metric, labels), from, to, signal))).filter((s) => labelKey(s.labels) === key);
    }));
    return answers.flat();
  }
}

/** The series issues of the notes, in time order, the first `max` listed (all counted). */
export function cellSeriesIssues(all: SelectorNotes[], max: number): { issues: SeriesIssue[]; count: number } {
  const issues: SeriesIssue[] = [];
  for (const n of all) {
    for (const g of n.gaps) issues.push({ problem: 'gap', series: seriesText(g.labels), from: g.from, to: g.to });
    for (const s of n.starts) issues.push({ problem: 'series start', series: seriesText(s.labels), from: s.t });
    for (const x of n.nanSeries) issues.push({ problem: 'NaN samples', series: seriesText(x.labels), from: x.first, count: x.count });
  }
  issues.sort((a, b) => a.from - b.from);
  return { issues: issues.slice(0, max), count: issues.length };
}

/** Counter rows per cell: per cell, each role's series with a sample there (a row each). */
export function counterCellData(grid: CellGrid, roles: { role: Role; metric: string; cells: SelectorCells }[], badForm: boolean, origins: boolean, segment?: string): MetricData {
  const perCell: number[] = new Array(grid.cells).fill(0);
  for (const r of roles) for (const s of r.cells.streams.values()) for (let k = 0; k < grid.cells; k++) if (s.present[k]) perCell[k]++;
  const n = perCell.reduce((a, b) => a + b, 0);
  const timestamps = new Float64Array(n);
  const totals = new Float64Array(n);
  const other = new Float64Array(n);
  const labelsList: Record<string, string>[] = [];
  const seriesIndex = new Uint32Array(origins || segment !== undefined ? n : 0);
  const cellFrom = new Float64Array(origins ? n : 0);
  const cellTo = new Float64Array(origins ? n : 0);
  const streams: { role: Role; stream: CellStream; index: number }[] = [];
  for (const r of roles) for (const s of r.cells.streams.values()) { streams.push({ role: r.role, stream: s, index: labelsList.length }); labelsList.push({ __name__: r.metric, ...s.labels }); }
  let i = 0;
  for (let k = 0; k < grid.cells; k++) {
    // Rows in time order inside the cell (a row read from samples sits at its first sample).
    const here = streams.filter((x) => x.stream.present[k]).sort((x, y) => x.stream.rowTime(k, grid) - y.stream.rowTime(k, grid));
    for (const { role, stream, index } of here) {
      timestamps[i] = stream.rowTime(k, grid);
      if (role === 'total') totals[i] = stream.inc[k]; else other[i] = stream.inc[k];
      if (origins || segment !== undefined) seriesIndex[i] = index;
      if (origins) { cellFrom[i] = grid.start(k); cellTo[i] = grid.end(k); }
      i++;
    }
  }
  const data: MetricData = {
    rows: n, timestamps, sorted: true, minTime: n ? timestamps[0] : NaN, maxTime: n ? timestamps[n - 1] : NaN, totals,
    ...(badForm ? { badCounts: other } : { goodCounts: other }),
    issues: [], issueCount: 0, skipped: 0, naive: undefined, missingColumns: [], filtered: 0, format: 'series', bytes: 0,
  };
  if (origins) data.origins = new CellOrigins(labelsList, seriesIndex, cellFrom, cellTo);
  if (segment !== undefined) Object.assign(data, seriesSegments(seriesIndex, labelsList, segment));
  return data;
}

/** A histogram's rows per cell: per histogram series (labels without `le`) with a sample there, each bucket's and `_count`'s increases. */
export function histogramCellData(grid: CellGrid, base: Selector, buckets: SelectorCells, count: SelectorCells | undefined, origins: boolean, serverName: string, url: string, segment?: string): MetricData {
  interface Instance { labels: Record<string, string>; buckets: Map<number, CellStream>; count?: CellStream }
  const instances = new Map<string, Instance>();
  const texts = new Map<number, string>();
  const instanceOf = (labels: Record<string, string>): Instance => {
    const { le: _le, ...rest } = labels;
    const key = labelKey(rest);
    let inst = instances.get(key);
    if (!inst) { inst = { labels: rest, buckets: new Map() }; instances.set(key, inst); }
    return inst;
  };
  for (const s of buckets.streams.values()) {
    const le = s.labels.le ?? '';
    const bound = boundaryOf(le);
    if (bound === undefined) continue;
    if (!texts.has(bound)) texts.set(bound, le);
    instanceOf(s.labels).buckets.set(bound, s);
  }
  for (const s of count?.streams.values() ?? []) instanceOf(s.labels).count = s;
  const all = [...instances.values()].filter((i) => i.buckets.size > 0);
  if (all.length === 0) throw new MetricFileError('no-series', `\`histogram\` matches no \`${base.metric}_bucket\` series on ${serverName}`, url, 'histogram');
  const { bounds, partial } = commonBoundaries(all, texts, base.metric, url);
  const rowsT: number[] = [];
  const totals: number[] = [];
  const counts: number[][] = bounds.map(() => []);
  const seriesOfRow: number[] = [];
  const cellOfRow: number[] = [];
  for (let k = 0; k < grid.cells; k++) {
    const here = all.map((inst, index) => {
      const streams = [inst.count, ...bounds.map((b) => inst.buckets.get(b))].filter((x): x is CellStream => x !== undefined && x.present[k] === 1);
      return { inst, index, at: Math.min(...streams.map((x) => x.rowTime(k, grid))) };
    }).filter((x) => Number.isFinite(x.at)).sort((x, y) => x.at - y.at);
    here.forEach(({ inst, index, at }) => {
      rowsT.push(at);
      totals.push((inst.count ?? inst.buckets.get(Infinity)!).inc[k]);
      bounds.forEach((b, j) => counts[j].push(inst.buckets.get(b)!.inc[k]));
      seriesOfRow.push(index);
      cellOfRow.push(k);
    });
  }
  const n = rowsT.length;
  const timestamps = Float64Array.from(rowsT);
  const data: MetricData = {
    rows: n, timestamps, sorted: true, minTime: n ? timestamps[0] : NaN, maxTime: n ? timestamps[n - 1] : NaN,
    totals: Float64Array.from(totals),
    buckets: { bounds, texts: bounds.map((b) => texts.get(b) ?? String(b)), counts: counts.map((c) => Float64Array.from(c)), ...(partial.length ? { partial } : {}) },
    issues: [], issueCount: 0, skipped: 0, naive: undefined, missingColumns: [], filtered: 0, format: 'series', bytes: 0,
  };
  if (origins) {
    data.origins = new CellOrigins(all.map((i) => ({ __name__: base.metric, ...i.labels })), Uint32Array.from(seriesOfRow), Float64Array.from(cellOfRow.map((k) => grid.start(k))), Float64Array.from(cellOfRow.map((k) => grid.end(k))));
  }
  if (segment !== undefined) Object.assign(data, seriesSegments(seriesOfRow, all.map((i) => i.labels), segment));
  return data;
}
