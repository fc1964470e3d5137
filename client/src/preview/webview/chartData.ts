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
