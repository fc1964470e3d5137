/// <reference lib="dom" />
/**
 * An objective's chart: uPlot over chartData (./chartData.ts), coloured from the theme, with its
 * text alternative as the figure's label. The live plots are kept in `charts` (destroyed on each
 * render, resized with the window).
 */
import uPlot from 'uplot';
import { chartData, chartSummary, type ObjectiveView } from './model';
import { cssVar, el } from './dom';

/** The plots on the page now. */
export const charts: uPlot[] = [];

/** `small`: a segment's small multiple (spec §12): shorter, no legend. */
export function chart(o: ObjectiveView, options: { small?: boolean } = {}): HTMLElement {
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
  const opts: uPlot.Options = {
    width: small ? 260 : 560,
    height: small ? 110 : 180,
    legend: { show: !small, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [
      { ...axis },
      { ...axis, size: 64, values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(6)}${data.unit}`) },
    ],
    series: [
      { label: 'window' },
      { label: 'value', stroke: line, width: 2, spanGaps: false, points: { show: true, size: 5 } },
      { label: 'target', stroke: target, width: 1, dash: [6, 4], points: { show: false } },
      { label: 'breached', stroke: bad, fill: bad, width: 0, paths: () => null, points: { show: true, size: 9, stroke: bad, fill: bad } },
      // Labels still arriving (spec §12): a hollow ring, not a verdict yet.
      { label: 'provisional', stroke: provisional, width: 0, paths: () => null, points: { show: true, size: 11, stroke: provisional, fill: 'transparent', width: 2 } },
    ],
  };
  const plot = new uPlot(opts, [data.xs, data.values, data.target, data.breached, data.provisional], holder);
  charts.push(plot);
  requestAnimationFrame(() => fitChart(plot));
  return figure;
}

export function fitChart(plot: uPlot): void {
  const figure = plot.root.closest('figure');
  const small = figure?.classList.contains('small') === true;
  const w = Math.max(small ? 160 : 240, Math.min(small ? 420 : 900, figure?.clientWidth || (small ? 260 : 560)));
  if (w !== plot.width) plot.setSize({ width: w, height: small ? 110 : 180 });
}
