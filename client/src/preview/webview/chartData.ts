/**
 * The chart of an objective as data (uPlot's columns) and its text alternative: a rolling
 * objective's series point by point, else one point per shown window; misses of the target marked.
 */
import { windowLabelText } from '../../../../server/src/engine/render/windowLabel';
import { formatWindowValue, parseTargetText, windowStatusLabel } from './format';
import { previewWindows } from './verdicts';
import type { ObjectiveView } from './viewTypes';

/** The target the chart draws and the value is compared with: sliceTarget for timeslice budgets reported in %. */
export function chartTarget(o: ObjectiveView): string {
  return o.target;
}

export interface ChartData {
  /** x: window starts in seconds (uPlot's unit). */
  xs: number[];
  values: (number | null)[];
  target: (number | null)[];
  breached: (number | null)[];
  /** Provisional windows' values (spec §12: labels still arriving), drawn hollow: their verdict may change. */
  provisional: (number | null)[];
  labels: string[];
  unit: string;
  /** Windows with a value. */
  points: number;
}

export function chartData(o: ObjectiveView): ChartData {
  const t = parseTargetText(chartTarget(o));
  const unit = o.windows.find((w) => w.value !== null)?.unit ?? o.windows[0]?.unit ?? t?.unit ?? '';
  const targetValue = t && (t.unit === unit || t.unit === '') ? t.value : null;
  if (o.series && o.series.length >= 2) {
    // A rolling objective: its value over time, each point breached when it misses the target.
    const points = o.series.map((p) => ({ x: Date.parse(p.at) / 1000, v: p.value })).filter((p) => Number.isFinite(p.x)).sort((a, b) => a.x - b.x);
    const misses = (v: number | null) => v !== null && targetValue !== null && t !== undefined
      && !(t.op === '<=' ? v <= targetValue : t.op === '<' ? v < targetValue : t.op === '>' ? v > targetValue : t.op === '==' ? v === targetValue : v >= targetValue);
    return {
      xs: points.map((p) => p.x),
      values: points.map((p) => p.v),
      target: points.map(() => targetValue),
      breached: points.map((p) => (misses(p.v) ? p.v : null)),
      provisional: points.map(() => null),
      labels: points.map((p) => new Date(p.x * 1000).toISOString().slice(0, 10)),
      unit,
      points: points.filter((p) => p.v !== null).length,
    };
  }
  const rows = previewWindows(o).windows
    .map((w) => ({ x: Date.parse(w.start) / 1000, w }))
    .filter((r) => Number.isFinite(r.x))
    .sort((a, b) => a.x - b.x);
  return {
    xs: rows.map((r) => r.x),
    values: rows.map((r) => r.w.value),
    target: rows.map(() => targetValue),
    breached: rows.map((r) => (r.w.status === 'breached' && !r.w.provisional ? r.w.value : null)),
    provisional: rows.map((r) => (r.w.provisional ? r.w.value : null)),
    labels: rows.map((r) => r.w.label),
    unit,
    points: rows.filter((r) => r.w.value !== null).length,
  };
}

/** Text alternative of a chart (aria-label). */
export function chartSummary(o: ObjectiveView): string {
  const d = chartData(o);
  const windows = previewWindows(o).windows;
  const parts = windows.map((w) => `${windowLabelText(w).text}: ${formatWindowValue(w, o.sliceTarget ?? o.target)} ${windowStatusLabel(w)}`);
  // A histogram's percentile has no value to draw but a bucket to say: that is data too.
  const data = d.points > 0 || windows.some((w) => w.valueRange !== undefined);
  return `${o.id}: value per window against the target ${o.target || 'n/a'}${data ? '' : ' (no data)'}. ${parts.join('; ')}`;
}

/** The calendar unit of an objective's windows (spec §9), from its `window` or its labels' shape; undefined for rolling windows. */
export type WindowUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const LABEL_SHAPES: [WindowUnit, RegExp][] = [
  ['day', /^\d{4}-\d{2}-\d{2}$/], ['week', /^\d{4}-W\d{2}$/], ['month', /^\d{4}-\d{2}$/], ['quarter', /^\d{4}-Q[1-4]$/], ['year', /^\d{4}$/],
];

export function windowUnit(o: Pick<ObjectiveView, 'window' | 'windows' | 'series'>): WindowUnit | undefined {
  if (o.series && o.series.length >= 2) return undefined; // charted point by point, not per window
  const named = /^calendar (day|week|month|quarter|year)$/.exec(o.window ?? '');
  if (named) return named[1] as WindowUnit;
  const labels = o.windows.map((w) => w.label);
  if (labels.length === 0) return undefined;
  return LABEL_SHAPES.find(([, shape]) => labels.every((l) => shape.test(l)))?.[0];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A window's tick text without its year: "Sep", "W12", "15 Mar", "Q3", "2026"; undefined when the label is not of the unit's shape. */
function tickText(unit: WindowUnit, label: string): { year: string; text: string } | undefined {
  const year = label.slice(0, 4);
  if (!LABEL_SHAPES.find(([u]) => u === unit)![1].test(label)) return undefined;
  switch (unit) {
    case 'day': return { year, text: `${Number(label.slice(8, 10))} ${MONTHS[Number(label.slice(5, 7)) - 1]}` };
    case 'week': return { year, text: label.slice(5) };
    case 'month': return { year, text: MONTHS[Number(label.slice(5, 7)) - 1] };
    case 'quarter': return { year, text: label.slice(5) };
    case 'year': return { year, text: year };
  }
}

/** The room one tick label takes on the x axis (CSS px, 11px monospace and a gap), per unit: "15 Mar" is wider than "Sep". */
export const TICK_SPACE: Record<WindowUnit, number> = { day: 54, week: 34, month: 32, quarter: 30, year: 40 };

export interface XTicks {
  /** Window starts (s) that get a tick: a subset of the chart's xs, the latest window always among them. */
  xs: number[];
  /** Each tick's text: the window in its unit ("Sep", "W12", "15 Mar"), its year on a second line at the first tick and where the year changes. */
  labels: string[];
}

/**
 * The x axis of a chart of calendar windows: at most one tick per window, labelled as the window (a
 * chart of months shows months, not days), thinned to `maxTicks` by a whole stride counted back from
 * the latest window. Undefined for rolling series and labels of no calendar shape (uPlot's own time axis).
 */
export function windowTicks(o: ObjectiveView, maxTicks: number, data: ChartData = chartData(o)): XTicks | undefined {
  const unit = windowUnit(o);
  if (!unit || data.xs.length === 0) return undefined;
  const texts = data.labels.map((l) => tickText(unit, l));
  if (texts.some((t) => t === undefined)) return undefined;
  const n = data.xs.length;
  const stride = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(maxTicks))));
  const shown = data.xs.map((_, i) => i).filter((i) => (n - 1 - i) % stride === 0);
  let year = '';
  const labels = shown.map((i) => {
    const t = texts[i]!;
    const withYear = unit !== 'year' && t.year !== year;
    year = t.year;
    return withYear ? `${t.text}\n${t.year}` : t.text;
  });
  return { xs: shown.map((i) => data.xs[i]), labels };
}

/**
 * The x range of a chart of windows: half a window before the first and after the last, so that the
 * first and last ticks (and points) sit inside the plot, not on its edge. Undefined without windows.
 */
export function windowXRange(xs: number[], unit: WindowUnit | undefined): [number, number] | undefined {
  if (!unit || xs.length === 0) return undefined;
  const steps = xs.slice(1).map((x, i) => x - xs[i]).filter((d) => d > 0).sort((a, b) => a - b);
  const nominal = { day: 86_400, week: 7 * 86_400, month: 30.4 * 86_400, quarter: 91.3 * 86_400, year: 365.25 * 86_400 }[unit];
  const half = (steps.length ? steps[Math.floor(steps.length / 2)] : nominal) / 2;
  return [xs[0] - half, xs[xs.length - 1] + half];
}

/**
 * One y range for several charts (a segmented objective's small multiples, spec §12): every value
 * and the target inside it, padded a little, so that a 96 % segment sits lower than a 100 % one.
 * Undefined when no chart has a value.
 */
export function sharedYRange(charts: ChartData[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of charts) {
    for (const v of [...d.values, ...d.target]) {
      if (v === null || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo > hi) return undefined;
  const span = hi - lo;
  const pad = span > 0 ? span * 0.1 : Math.max(Math.abs(hi) * 0.005, 0.5);
  return [lo - pad, hi + pad];
}
