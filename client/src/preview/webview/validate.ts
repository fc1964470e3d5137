/**
 * Validation of what the extension posts to the webview: every field checked and copied, nothing
 * trusted; anything malformed is dropped (or the message rejected). The received objects are read
 * through the keys of the protocol's types (`Untrusted<WindowReport>`…), so the names here are the
 * report's own: renaming one in engine/reportTypes.ts fails the typecheck here.
 */
import type { ObjectiveReport, PreviewObjective, PreviewReport, SeriesPoint, WindowReport } from '../../../../server/src/protocol/previewReport';
import type { PreviewState, UpdateMessage } from '../../../../server/src/protocol/webviewMessages';
import { asOfInputOf } from './format';
import type { BaselineView, ErrorBudgetView, IncomingMessage, ObjectiveView, ReportView, RepeatedView, Status, UpdateView, WindowView } from './viewTypes';

/**
 * Series points kept (the latest ones; a timeslice series may have 10,000). Tied to the protocol's
 * MAX_SERIES_POINTS by its type, without importing the value into the webview bundle.
 */
const MAX_SERIES_POINTS: typeof import('../../../../server/src/protocol/previewReport').MAX_SERIES_POINTS = 10_000;

const MAX_TEXT = 10_000;

/** An object received from outside, read through the keys of T, every value still unknown. */
type Untrusted<T> = { readonly [K in keyof T]?: unknown };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const fields = <T>(x: unknown): Untrusted<T> | undefined => (isObj(x) ? (x as Untrusted<T>) : undefined);
const text = (x: unknown): string | undefined => (typeof x === 'string' ? x.slice(0, MAX_TEXT) : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const numOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const bool = (x: unknown): boolean => x === true;
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function toStatus(x: unknown): Status {
  return x === 'met' || x === 'breached' ? x : 'no-data';
}

function setOpt<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function budgetOf(raw: unknown): ErrorBudgetView | undefined {
  const x = fields<ErrorBudgetView>(raw);
  if (!x) return undefined;
  return { remaining: numOrNull(x.remaining), burnRate: numOrNull(x.burnRate), elapsed: num(x.elapsed) ?? 1 };
}

function windowOf(raw: unknown): WindowView | undefined {
  const x = fields<WindowReport>(raw);
  if (!x) return undefined;
  const start = text(x.start);
  const end = text(x.end);
  if (start === undefined || end === undefined) return undefined;
  const w: WindowView = {
    start, end, label: text(x.label) ?? start, partial: bool(x.partial), value: numOrNull(x.value), unit: text(x.unit) ?? '',
    observations: num(x.observations) ?? 0, excluded: num(x.excluded) ?? 0, status: toStatus(x.status),
    gaps: arr(x.gaps).flatMap((g) => (isObj(g) && typeof g.from === 'string' && typeof g.to === 'string' ? [{ from: g.from, to: g.to }] : [])),
  };
  if (x.clipped === true) w.clipped = true;
  setOpt(w, 'reason', text(x.reason));
  setOpt(w, 'problem', text(x.problem));
  setOpt(w, 'valueText', text(x.valueText));
  const range = Array.isArray(x.valueRange) ? x.valueRange : undefined;
  if (range && range.length === 2 && typeof range[0] === 'number' && (typeof range[1] === 'number' || range[1] === '+Inf')) w.valueRange = [range[0], range[1]];
  setOpt(w, 'projectedCredit', text(x.projectedCredit));
  setOpt(w, 'errorBudget', budgetOf(x.errorBudget));
  setOpt(w, 'belowMinSamples', num(x.belowMinSamples));
  if (x.provisional === true) { w.provisional = true; setOpt(w, 'provisionalUntil', text(x.provisionalUntil)); }
  if (x.exclusionBudgetExceeded === true) w.exclusionBudgetExceeded = true;
  if (x.certain === true) w.certain = true;
  if (Array.isArray(x.breachedSegments)) w.breachedSegments = x.breachedSegments.filter((s): s is string => typeof s === 'string').slice(0, 100);
  return w;
}

function baselineOf(raw: unknown): BaselineView | undefined {
  const b = fields<NonNullable<ObjectiveReport['baseline']>>(raw);
  if (!b) return undefined;
  const bv: BaselineView = { dates: text(b.dates) ?? '', value: numOrNull(b.value), unit: text(b.unit) ?? '', status: toStatus(b.status) };
  setOpt(bv, 'margin', text(b.margin));
  setOpt(bv, 'suggested', text(b.suggested));
  if (typeof b.stricter === 'boolean') bv.stricter = b.stricter;
  return bv;
}

/**
 * A series' points, at most MAX_SERIES_POINTS: over that, the latest ones (by `at`) — the chart
 * ends at asOf, so the points dropped are the oldest, never the most recent.
 */
export function seriesOf(raw: unknown[]): SeriesPoint[] {
  const points = raw.flatMap((p) => {
    const x = fields<SeriesPoint>(p);
    const at = x ? text(x.at) : undefined;
    return x && at !== undefined ? [{ at, value: numOrNull(x.value) }] : [];
  });
  if (points.length <= MAX_SERIES_POINTS) return points;
  const time = (p: SeriesPoint) => { const t = Date.parse(p.at); return Number.isFinite(t) ? t : -Infinity; };
  return points
    .map((p, i) => ({ p, t: time(p), i }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i))
    .slice(-MAX_SERIES_POINTS)
    .map((e) => e.p);
}

function objectiveOf(raw: unknown): ObjectiveView | undefined {
  const x = fields<PreviewObjective>(raw);
  if (!x) return undefined;
  const id = text(x.id);
  if (id === undefined) return undefined;
  const o: ObjectiveView = {
    id, indicator: text(x.indicator) ?? '', target: text(x.target) ?? '', status: toStatus(x.status),
    windows: arr(x.windows).flatMap((w) => windowOf(w) ?? []),
  };
  setOpt(o, 'sliceTarget', text(x.sliceTarget));
  setOpt(o, 'sliceGood', text(x.sliceGood));
  setOpt(o, 'slice', text(x.slice));
  setOpt(o, 'metric', text(x.metric));
  setOpt(o, 'window', text(x.window));
  setOpt(o, 'description', text(x.description));
  setOpt(o, 'problem', text(x.problem));
  setOpt(o, 'errorBudget', budgetOf(x.errorBudget));
  setOpt(o, 'baseline', baselineOf(x.baseline));
  if (Array.isArray(x.series)) o.series = seriesOf(x.series);
  if (Array.isArray(x.segments)) {
    o.segments = x.segments.slice(0, 100).flatMap((s) => {
      if (!isObj(s) || typeof s.value !== 'string') return [];
      return [{ value: s.value, status: toStatus(s.status), windows: arr(s.windows).flatMap((w) => windowOf(w) ?? []) }];
    });
    setOpt(o, 'segmentsBy', text(x.segmentsBy));
    if (x.segmentsRequire === 'all' || x.segmentsRequire === 'any') o.segmentsRequire = x.segmentsRequire;
  }
  if (Array.isArray(x.creditTiers)) {
    o.creditTiers = x.creditTiers.flatMap((t) => {
      if (!isObj(t)) return [];
      const below = typeof t.below === 'number' ? String(t.below) : text(t.below);
      const credit = typeof t.credit === 'number' ? String(t.credit) : text(t.credit);
      return below !== undefined && credit !== undefined ? [{ below, credit }] : [];
    });
  }
  const r = fields<RepeatedView>(x.repeated);
  if (r) {
    const rv: RepeatedView = { count: num(r.count) ?? 0, within: text(r.within) ?? '', breaches: num(r.breaches) ?? 0, triggered: bool(r.triggered) };
    setOpt(rv, 'action', text(r.action));
    o.repeated = rv;
  }
  return o;
}

const OBLIGATION_KINDS = new Set(['credit', 'remediation', 'communication', 'action', 'escalation', 'review']);

/** A validated obligation (spec §8.2): its kind, and its texts bounded. */
function obligationOf(raw: unknown): ReportView['obligations'] {
  if (!isObj(raw) || typeof raw.kind !== 'string' || !OBLIGATION_KINDS.has(raw.kind)) return [];
  const o: ReportView['obligations'][number] = { kind: raw.kind as ReportView['obligations'][number]['kind'] };
  for (const k of ['objective', 'window', 'amount', 'to', 'action', 'notify', 'finalAt'] as const) {
    const v = text(raw[k]);
    if (v !== undefined) o[k] = v;
  }
  if (raw.due === null) o.due = null;
  else if (text(raw.due) !== undefined) o.due = text(raw.due);
  for (const k of ['breaches', 'objectives', 'segments'] as const) {
    if (Array.isArray(raw[k])) o[k] = (raw[k] as unknown[]).filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, MAX_TEXT));
  }
  return [o];
}

/** A validated copy of one §8 report, or undefined when it is not one. */
export function reportOf(raw: unknown): ReportView | undefined {
  const x = fields<PreviewReport>(raw);
  if (!x || !Array.isArray(x.objectives)) return undefined;
  const r: ReportView = {
    sla: text(x.sla) ?? '', file: text(x.file) ?? '', asOf: text(x.asOf) ?? '', timezone: text(x.timezone) ?? 'UTC',
    objectives: x.objectives.flatMap((o) => objectiveOf(o) ?? []),
    credits: arr(x.credits).flatMap((c) => (isObj(c) && typeof c.objective === 'string' && typeof c.window === 'string' && typeof c.credit === 'string' ? [{ objective: c.objective, window: c.window, credit: c.credit }] : [])),
    breaches: arr(x.breaches).flatMap((c) => (isObj(c) && typeof c.objective === 'string' && typeof c.window === 'string' && typeof c.value === 'string' ? [{ objective: c.objective, window: c.window, value: c.value }] : [])),
    obligations: arr(x.obligations).flatMap(obligationOf),
    dataIssues: arr(x.dataIssues).flatMap((d) => {
      if (!isObj(d) || typeof d.metric !== 'string' || typeof d.problem !== 'string') return [];
      const entry: ReportView['dataIssues'][number] = { metric: d.metric, problem: d.problem.slice(0, MAX_TEXT) };
      if (num(d.line) !== undefined) entry.line = d.line as number;
      else if (typeof d.series === 'string') {
        entry.series = d.series.slice(0, MAX_TEXT);
        if (typeof d.from === 'string') entry.from = d.from.slice(0, 64);
        if (typeof d.to === 'string') entry.to = d.to.slice(0, 64);
      } else return [];
      return [entry];
    }),
    dataIssueCounts: {},
    filteredRows: {},
    metricErrors: arr(x.metricErrors).flatMap((m) => {
      if (!isObj(m) || typeof m.metric !== 'string' || typeof m.message !== 'string') return [];
      const e: ReportView['metricErrors'][number] = { metric: m.metric, message: m.message };
      setOpt(e, 'reason', text(m.reason));
      return [e];
    }),
  };
  if (isObj(x.dataIssueCounts)) for (const [k, v] of Object.entries(x.dataIssueCounts)) if (num(v) !== undefined) r.dataIssueCounts[k] = v as number;
  if (isObj(x.filteredRows)) for (const [k, v] of Object.entries(x.filteredRows)) if (num(v) !== undefined) r.filteredRows[k] = v as number;
  setOpt(r, 'title', text(x.title));
  setOpt(r, 'model', text(x.model));
  setOpt(r, 'scope', text(x.scope));
  const syntaxError = fields<NonNullable<PreviewReport['syntaxError']>>(x.syntaxError);
  if (syntaxError && num(syntaxError.line) !== undefined && text(syntaxError.message) !== undefined) {
    r.syntaxError = { line: syntaxError.line as number, message: text(syntaxError.message)! };
  }
  return r;
}

/** Validates a message posted to the webview; undefined = ignore it. */
export function parseIncoming(raw: unknown): IncomingMessage | undefined {
  if (!isObj(raw)) return undefined;
  if (raw.type === 'highlight') {
    if (raw.objectiveId === null) return { type: 'highlight', objectiveId: null };
    const id = text(raw.objectiveId);
    return id === undefined ? undefined : { type: 'highlight', objectiveId: id };
  }
  if (raw.type === 'progress') {
    const uri = text(raw.uri);
    const metric = text(raw.metric);
    const fraction = typeof raw.fraction === 'number' && Number.isFinite(raw.fraction) ? Math.min(1, Math.max(0, raw.fraction)) : undefined;
    return uri === undefined || metric === undefined || fraction === undefined ? undefined : { type: 'progress', uri, metric, fraction };
  }
  if (raw.type === 'update') {
    const x = raw as Untrusted<UpdateMessage>;
    const uri = text(x.uri);
    if (uri === undefined) return undefined;
    const reports = Array.isArray(x.reports) ? x.reports : isObj(x.reports) ? [x.reports] : x.reports === undefined ? [] : undefined;
    if (reports === undefined) return undefined;
    const m: UpdateView = {
      type: 'update', uri, version: numOrNull(x.version), stale: bool(x.stale),
      reports: reports.flatMap((r) => reportOf(r) ?? []),
    };
    setOpt(m, 'error', text(x.error));
    if (x.requestedAsOf === null) m.requestedAsOf = null;
    else if (typeof x.requestedAsOf === 'string' && asOfInputOf(x.requestedAsOf) !== '') m.requestedAsOf = x.requestedAsOf;
    return m;
  }
  return undefined;
}

/** The state the webview saved (vscode.getState), validated. */
export function parseState(raw: unknown): PreviewState {
  const x = fields<PreviewState>(raw);
  if (!x) return { scrollY: 0, asOf: '' };
  const asOf = typeof x.asOf === 'string' && isAsOfInput(x.asOf) ? x.asOf : '';
  const state: PreviewState = { scrollY: num(x.scrollY) ?? 0, asOf };
  if (typeof x.uri === 'string' && x.uri.length > 0 && x.uri.length < 4096) state.uri = x.uri;
  return state;
}

/** A datetime-local value ("2026-09-30T12:00" or with seconds) or empty. */
export function isAsOfInput(value: string): boolean {
  return value === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value);
}
