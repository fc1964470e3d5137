/**
 * The preview's chart of an objective as inline SVG for the exported HTML page (no script, no
 * external resource: the page's CSP forbids both): the value per window — or the rolling value /
 * the latest window's slices over time, as the preview draws them — with the target as a dashed
 * line and breached points in red. Leading windows without data are collapsed as in the tables.
 */
import type { ObjectiveReport, SeriesPoint } from '../report';
import { parseTarget } from '../../facts/quantities';
import { comparedTarget, invalidProblem, shownWindows } from './common';
import { formatValue } from './humanNumbers';

const W = 640;
const H = 180;
const PAD = { left: 64, right: 12, top: 10, bottom: 28 };
/** Points drawn at most (a slice series has up to 10,000): evenly thinned, breached points kept. */
const MAX_POINTS = 1500;

interface Point { x: number; v: number | null; bad: boolean; label: string }

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function meets(v: number, op: string, t: number): boolean {
  return op === '<=' ? v <= t : op === '<' ? v < t : op === '>' ? v > t : op === '==' ? v === t : v >= t;
}

/** `<svg>` of the objective's values, or '' when there is nothing to draw. */
export function objectiveChartSvg(o: ObjectiveReport & { series?: SeriesPoint[] }): string {
  if (invalidProblem(o)) return '';
  const series = Array.isArray(o.series) && o.series.length >= 2 ? o.series : undefined;
  const windows = shownWindows(o).windows;
  const unit = windows.find((w) => w.value !== null)?.unit ?? windows[0]?.unit ?? '';
  const targetText = series ? o.target : comparedTarget(o);
  const parsed = parseTarget(targetText);
  const target = parsed.ok && (parsed.value.quantity.unit === unit || parsed.value.quantity.unit === '' || (unit === '%' && parsed.value.quantity.kind === 'percent')) ? parsed.value : undefined;
  let points: Point[] = series
    ? series.map((p) => ({ x: Date.parse(p.at), v: p.value, bad: p.value !== null && target !== undefined && !meets(p.value, target.op, target.quantity.value), label: p.at.slice(0, 16).replace('T', ' ') }))
    : windows.map((w) => ({ x: Date.parse(w.start), v: w.value, bad: w.status === 'breached', label: w.label }));
  points = points.filter((p) => Number.isFinite(p.x)).sort((a, b) => a.x - b.x);
  if (points.length > MAX_POINTS) {
    const every = Math.ceil(points.length / MAX_POINTS);
    points = points.filter((p, i) => p.bad || i % every === 0 || i === points.length - 1);
  }
  const values = points.flatMap((p) => (p.v === null ? [] : [p.v]));
  if (values.length === 0) return '';
  let lo = Math.min(...values, target?.quantity.value ?? Infinity);
  let hi = Math.max(...values, target?.quantity.value ?? -Infinity);
  if (hi === lo) { hi += Math.abs(hi) * 0.01 || 1; lo -= Math.abs(lo) * 0.01 || 1; }
  const margin = (hi - lo) * 0.08;
  lo -= margin; hi += margin;
  const x0 = points[0].x;
  const x1 = points[points.length - 1].x;
  const sx = (x: number) => PAD.left + (x1 === x0 ? (W - PAD.left - PAD.right) / 2 : ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right));
  const sy = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  // Lines between consecutive values; a window without a value breaks the line (as uPlot's spanGaps: false).
  let run: string[] = [];
  const flush = () => { if (run.length > 1) parts.push(`<polyline class="value" points="${run.join(' ')}"/>`); run = []; };
  for (const p of points) {
    if (p.v === null) { flush(); continue; }
    run.push(`${f(sx(p.x))},${f(sy(p.v))}`);
  }
  flush();
  if (points.length <= 200) {
    for (const p of points) if (p.v !== null && !p.bad) parts.push(`<circle class="point" cx="${f(sx(p.x))}" cy="${f(sy(p.v))}" r="2.5"><title>${esc(`${p.label}: ${formatValue(p.v, unit, targetText)}`)}</title></circle>`);
  }
  for (const p of points) if (p.v !== null && p.bad) parts.push(`<circle class="breached" cx="${f(sx(p.x))}" cy="${f(sy(p.v))}" r="4"><title>${esc(`${p.label}: ${formatValue(p.v, unit, targetText, 'breached')} (breached)`)}</title></circle>`);
  const axis: string[] = [];
  for (const v of [hi - margin, (hi + lo) / 2, lo + margin]) {
    axis.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${f(sy(v))}" y2="${f(sy(v))}"/><text class="tick" x="${PAD.left - 6}" y="${f(sy(v) + 4)}" text-anchor="end">${esc(`${+v.toPrecision(6)}${unit}`)}</text>`);
  }
  axis.push(`<text class="tick" x="${PAD.left}" y="${H - 8}">${esc(points[0].label)}</text>`);
  if (points.length > 1) axis.push(`<text class="tick" x="${W - PAD.right}" y="${H - 8}" text-anchor="end">${esc(points[points.length - 1].label)}</text>`);
  const targetLine = target ? `<line class="target" x1="${PAD.left}" x2="${W - PAD.right}" y1="${f(sy(target.quantity.value))}" y2="${f(sy(target.quantity.value))}"><title>${esc(`target ${targetText}`)}</title></line>` : '';
  const bad = points.filter((p) => p.bad).length;
  const summary = `${o.id}: ${series ? 'value over time' : 'value per window'} against the target ${targetText || 'n/a'}; ${values.length} value${values.length === 1 ? '' : 's'}, ${bad} breached`;
  return `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(summary)}"><title>${esc(summary)}</title>${axis.join('')}${targetLine}${parts.join('')}</svg></figure>`;
}
