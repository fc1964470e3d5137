/// <reference lib="dom" />
/**
 * An objective's chart: uPlot over chartData (./chartData.ts), coloured from the theme, with its
 * text alternative as the figure's label. The live plots are kept in `charts` (destroyed on each
 * render, resized with the window).
 */
import uPlot from 'uplot';
import { chartData, chartSummary, TICK_SPACE, windowTicks, windowUnit, windowXRange, type ObjectiveView } from './model';
import { cssVar, el } from './dom';

/** The plots on the page now. */
export const charts: uPlot[] = [];

/** A small multiple's height (CSS px) and the gutter right of its plot for the target's label. */
const SMALL_HEIGHT = 130;
const TARGET_GUTTER = 58;

/**
 * `small`: a segment's small multiple (spec §12): shorter, no legend, the target labelled beside
 * the plot. `yRange`: a fixed y range (the small multiples of one objective share one, see sharedYRange).
 */
export function chart(o: ObjectiveView, options: { small?: boolean; yRange?: [number, number] } = {}): HTMLElement {
  const data = chartData(o);
  const summary = chartSummary(o);
  const small = options.small === true;
  const figure = el('figure', small ? 'chart small' : 'chart', undefined, { role: 'img', 'aria-label': summary, 'data-points': String(data.points) });
  const holder = el('div', 'chart-canvas', undefined, { 'aria-hidden': 'true' });
  figure.append(holder, el('figcaption', 'visually-hidden', summary));
  // Nothing to draw: an axis auto-ranged around no value showed years that never happened (user pass).
  if (data.points === 0) return figure;
  const fg = cssVar('--vscode-foreground', '#616161');
  const line = cssVar('--vscode-charts-blue', '#1a85ff');
  const target = cssVar('--vscode-charts-orange', '#d18616');
  const bad = cssVar('--vscode-errorForeground', '#e51400');
  const provisional = cssVar('--vscode-charts-yellow', '#cca700');
  const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  const font = `11px ${cssVar('--vscode-editor-font-family', 'monospace')}`;
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font };
  // Calendar windows: one tick per window at most, labelled as the window ("Sep", "W12"), thinned to
  // the plot's width — uPlot's own time ticks put days under a chart of months (user pass).
  const unit = windowUnit(o);
  const xRange = windowXRange(data.xs, unit);
  let xLabels: string[] = [];
  const xAxis: uPlot.Axis = unit === undefined ? { ...axis } : {
    ...axis,
    splits: (u) => {
      const ticks = windowTicks(o, u.bbox.width / uPlot.pxRatio / TICK_SPACE[unit], data);
      xLabels = ticks?.labels ?? [];
      return ticks?.xs ?? [];
    },
    values: () => xLabels,
  };
  const targetValue = data.target.find((v) => v !== null) ?? null;
  // A small multiple has no legend: its target line is labelled beside the plot, level with the line.
  const targetLabel = small && targetValue !== null ? el('span', 'target-label', `target\n${o.target}`) : undefined;
  const opts: uPlot.Options = {
    width: small ? 260 : 560,
    height: small ? SMALL_HEIGHT : 180,
    legend: { show: !small, live: false },
    ...(targetLabel ? { padding: [10, TARGET_GUTTER, 0, 0] as uPlot.Padding } : {}),
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: xRange ? { time: true, range: () => xRange } : { time: true },
      y: options.yRange ? { range: () => options.yRange! } : {},
    },
    axes: [
      xAxis,
      { ...axis, size: small ? 52 : 64, values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(6)}${data.unit}`) },
    ],
    series: [
      { label: 'window' },
      { label: 'value', stroke: line, width: 2, spanGaps: false, points: { show: true, size: 5 } },
      // The target across the whole plot, not only between the first and the last window's points.
      { label: 'target', stroke: target, width: 1, dash: [6, 4], points: { show: false }, ...(targetValue !== null ? { paths: (u: uPlot) => acrossPlot(u, targetValue) } : {}) },
      { label: 'breached', stroke: bad, fill: bad, width: 0, paths: () => null, points: { show: true, size: 9, stroke: bad, fill: bad } },
      // Labels still arriving (spec §12): a hollow ring, not a verdict yet.
      { label: 'provisional', stroke: provisional, width: 0, paths: () => null, points: { show: true, size: 11, stroke: provisional, fill: 'transparent', width: 2 } },
    ],
    hooks: {
      draw: [(u) => {
        // What was drawn, for people inspecting the page and for the tests: the y range and the x ticks.
        figure.dataset.yRange = `${u.scales.y.min},${u.scales.y.max}`;
        if (unit !== undefined) figure.dataset.xTicks = xLabels.map((l) => l.replace('\n', ' ')).join('|');
        if (targetLabel && targetValue !== null) placeTargetLabel(u, targetLabel, targetValue);
      }],
    },
  };
  const plot = new uPlot(opts, [data.xs, data.values, data.target, data.breached, data.provisional], holder);
  if (targetLabel) plot.over.append(targetLabel);
  charts.push(plot);
  requestAnimationFrame(() => fitChart(plot));
  return figure;
}

/** A level line at `value` over the plot's full width (canvas pixels, as uPlot's path builders). */
function acrossPlot(u: uPlot, value: number): uPlot.Series.Paths {
  const stroke = new Path2D();
  const y = Math.round(u.valToPos(value, 'y', true));
  stroke.moveTo(u.bbox.left, y);
  stroke.lineTo(u.bbox.left + u.bbox.width, y);
  return { stroke, fill: null, clip: null };
}

/**
 * The target's label in the gutter right of the plot, level with its line: beside the data, never
 * over it (the latest window's point is at the plot's right end).
 */
function placeTargetLabel(u: uPlot, label: HTMLElement, target: number): void {
  const y = u.valToPos(target, 'y');
  const height = u.over.clientHeight;
  const inside = Number.isFinite(y) && y >= 0 && y <= height;
  label.hidden = !inside;
  if (!inside) return;
  const h = label.offsetHeight;
  label.style.top = `${Math.round(Math.max(-4, Math.min(height - h + 4, y - h / 2)))}px`;
}

export function fitChart(plot: uPlot): void {
  const figure = plot.root.closest('figure');
  const small = figure?.classList.contains('small') === true;
  const w = Math.max(small ? 160 : 240, Math.min(small ? 420 : 900, figure?.clientWidth || (small ? 260 : 560)));
  if (w !== plot.width) plot.setSize({ width: w, height: small ? SMALL_HEIGHT : 180 });
}
