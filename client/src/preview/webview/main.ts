/// <reference lib="dom" />
/**
 * The compliance preview webview (browser bundle → dist/preview.js). Renders `update` messages (or
 * `window.__MODEL_SLA_INITIAL__` in a plain page) into #root with DOM APIs only: every string from
 * an SLA or metric file goes through textContent/attributes, never innerHTML. Message protocol and
 * validation: ./model.ts. Runs without VS Code: acquireVsCodeApi falls back to a no-op stub.
 */
import uPlot from 'uplot';
// Bundled next to the script: esbuild emits dist/preview.css (uPlot's CSS included via @import).
import './preview.css';
import {
  asOfInputOf, chartData, chartSummary, creditsByWindow, formatBudget, formatCount, formatFactor, formatWindowValue, formatInstant, formatPercent, formatValue, isAsOfInput,
  objectiveVerdict, parseIncoming, parseState, previewWindows, statusLabel, summaryText, windowLabel,
  type ObjectiveView, type OutgoingMessage, type PreviewState, type ReportView, type UpdateMessage, type Verdict, type WindowView,
} from './model';

interface VsCodeApi { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void }
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

const vscode: VsCodeApi = typeof acquireVsCodeApi === 'function'
  ? acquireVsCodeApi()
  : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

let state: PreviewState = parseState(vscode.getState());
let current: UpdateMessage | undefined;
let highlighted: string | null = null;
const charts: uPlot[] = [];

function post(message: OutgoingMessage): void {
  vscode.postMessage(message);
}

function saveState(patch: Partial<PreviewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

// ---------------------------------------------------------------------------------------------
// DOM helpers (text only)

type Attrs = Record<string, string>;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, content?: string | Node | (string | Node | undefined)[], attrs?: Attrs): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  const list = content === undefined ? [] : Array.isArray(content) ? content : [content];
  for (const c of list) if (c !== undefined) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

function badge(status: ObjectiveView['status'], partial = false): HTMLElement {
  return el('span', `badge status-${status}`, statusLabel(status, partial));
}

function verdictBadge(status: Verdict, text: string, cls = ''): HTMLElement {
  return el('span', `badge status-${status}${cls}`, text);
}

/** A focusable row that acts on click, Enter and Space (rows keep their table semantics; `title` says what it does). */
function activatable(node: HTMLElement, label: string, action: () => void): void {
  node.tabIndex = 0;
  node.classList.add('activatable');
  node.title = label;
  node.addEventListener('click', (e) => { e.stopPropagation(); action(); });
  node.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); action(); }
  });
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

// ---------------------------------------------------------------------------------------------
// Rendering

function render(): void {
  const root = document.getElementById('root');
  if (!root) return;
  for (const c of charts.splice(0)) c.destroy();
  root.replaceChildren();
  root.append(toolbar());
  if (!current) {
    root.append(el('p', 'notice', 'Waiting for the compliance report…', { role: 'status' }));
    return;
  }
  if (current.stale) root.append(el('p', 'notice stale', 'Out of date: the SLA or its metric files changed; recomputing, showing the previous result.', { role: 'status' }));
  if (current.error) root.append(el('p', 'notice error', ['Error: ', current.error], { role: 'alert' }));
  if (current.reports.length === 0 && !current.error) root.append(el('p', 'notice', 'No SLA documents to report on in this file.'));
  current.reports.forEach((r, i) => root.append(reportSection(r, i)));
  applyHighlight(false);
}

function toolbar(): HTMLElement {
  const bar = el('form', 'toolbar', undefined, { 'aria-label': 'Evaluation instant' });
  const input = el('input', 'asof-input', undefined, { type: 'datetime-local', id: 'asof', step: '60' });
  // The control shows the instant the report is evaluated at: the chosen one, or — at the latest
  // data — the report's own asOf, marked as such (never empty while the report names an instant).
  const asOfText = current?.reports.find((r) => r.asOf)?.asOf; // the first SLA may have a syntax error (no asOf)
  const latest = state.asOf === '';
  input.value = latest ? (asOfText ? asOfInputOf(asOfText) : '') : state.asOf;
  const label = el('label', undefined, 'As of (UTC)', { for: 'asof' });
  const apply = el('button', undefined, 'Apply', { type: 'submit' });
  const reset = el('button', 'secondary', 'Latest data', { type: 'button' });
  if (latest) reset.setAttribute('aria-pressed', 'true');
  const mode = el('span', `asof-mode ${latest ? 'latest' : 'chosen'}`, latest ? 'latest data' : 'chosen date', { role: 'status' });
  bar.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input.value;
    if (!isAsOfInput(value)) return;
    saveState({ asOf: value });
    post({ type: 'asOf', value: value || null });
  });
  reset.addEventListener('click', () => {
    saveState({ asOf: '' });
    post({ type: 'asOf', value: null });
    render();
  });
  bar.append(label, input, mode, apply, reset);
  if (asOfText) bar.append(el('span', 'muted', ['Evaluated as of ', el('time', undefined, formatInstant(asOfText), { datetime: asOfText })]));
  return bar;
}

function reportSection(r: ReportView, index: number): HTMLElement {
  const uri = current?.uri ?? '';
  const section = el('section', 'sla', undefined, { 'aria-labelledby': `sla-${index}` });
  const heading = el('h1', undefined, r.title || r.sla || '(unnamed SLA)', { id: `sla-${index}` });
  section.append(heading);
  const meta: string[] = [];
  if (r.title && r.sla) meta.push(r.sla);
  if (r.model) meta.push(`model ${r.model}`);
  if (r.scope) meta.push(r.scope);
  meta.push(`timezone ${r.timezone}`);
  if (r.asOf) meta.push(`as of ${formatInstant(r.asOf)}`);
  section.append(el('p', 'muted', meta.join(' · ')));
  if (r.syntaxError) {
    section.append(el('p', 'notice error syntax-error', [`This SLA has a YAML syntax error at line ${r.syntaxError.line}; nothing is evaluated until it is fixed. `, r.syntaxError.message], { role: 'alert' }));
    return section;
  }

  section.append(el('p', 'summary', summaryText(r)));

  for (const e of r.metricErrors) section.append(el('p', 'notice error', [`Metric ${e.metric}: `, e.message], { role: 'alert' }));
  for (const o of r.objectives) section.append(objectiveCard(r, o, uri));
  if (r.credits.length) section.append(creditsTable(r, uri));
  section.append(dataIssues(r, uri));
  return section;
}

function objectiveCard(r: ReportView, o: ObjectiveView, uri: string): HTMLElement {
  const verdict = objectiveVerdict(r, o);
  const card = el('article', `objective status-${verdict.status}`, undefined, { 'data-objective': o.id });
  const invalid = verdict.status === 'invalid';
  const latest = invalid ? undefined : o.windows[o.windows.length - 1];
  const head = el('header', 'objective-head');
  const reveal = el('button', 'reveal', o.id, { type: 'button', title: `Reveal objective ${o.id} in the SLA file` });
  reveal.addEventListener('click', () => post({ type: 'reveal', uri, objectiveId: o.id }));
  const title = el('h2', undefined, reveal);
  // The verdict first (a breached complete window and its credit outrank a partial window met so far).
  head.append(title, verdictBadge(verdict.status, invalid ? 'invalid' : verdict.text, ' verdict'));
  if (verdict.latest) head.append(verdictBadge(latest?.status ?? 'no-data', `now: ${verdict.latest}`, ' latest'));
  card.append(head);
  if (invalid) card.append(el('p', 'notice error invalid', `${verdict.text} — fix it in the SLA file; nothing is computed until then.`, { role: 'note' }));
  if (o.description) card.append(el('p', 'description', o.description));

  const facts = el('dl', 'facts');
  const fact = (k: string, v: string | Node) => facts.append(el('dt', undefined, k), el('dd', undefined, v));
  fact('Indicator', o.indicator || 'n/a');
  fact('Target', o.target || 'n/a');
  if (o.sliceTarget) fact('Slice target', o.sliceTarget);
  if (o.sliceGood) fact('Slice good', `${o.sliceGood}${o.slice ? ` of the requests in each ${o.slice} slice` : ''}`);
  else if (o.slice) fact('Slice', o.slice);
  if (o.window) fact('Window', o.window);
  if (o.metric) fact('Metric', o.metric);
  if (latest) {
    fact(latest.partial ? 'Latest (so far)' : 'Latest', `${formatWindowValue(latest, o.sliceTarget ?? o.target)} in ${windowLabel(latest).text} — ${formatCount(latest.observations)} observations, ${formatCount(latest.excluded)} excluded`);
  }
  if (o.errorBudget) {
    fact('Error budget left', `${formatBudget(o.errorBudget.remaining)} (burn rate ${formatFactor(o.errorBudget.burnRate)}, ${formatPercent(o.errorBudget.elapsed, 0)} of the window elapsed)`);
  }
  if (o.baseline) {
    const b = o.baseline;
    let s = `${formatValue(b.value, b.unit)} over ${b.dates}`;
    if (b.margin) s += `, margin ${b.margin}`;
    if (b.suggested) s += `; suggested target ${b.suggested}`;
    if (b.stricter) s += ' (the current target is stricter than the baseline supports)';
    fact('Baseline', s);
  }
  card.append(facts);

  if (o.problem && !invalid) card.append(el('p', 'notice error', o.problem, { role: 'note' }));
  if (o.repeated?.triggered) {
    card.append(el('p', 'notice warning', `Repeated breaches: ${o.repeated.breaches} within ${o.repeated.within} (threshold ${o.repeated.count})${o.repeated.action ? ` — action: ${o.repeated.action}` : ''}.`, { role: 'alert' }));
  } else if (o.repeated && o.repeated.breaches > 0) {
    card.append(el('p', 'muted', `${o.repeated.breaches} of ${o.repeated.count} breaches within ${o.repeated.within} before the repeated-breach action${o.repeated.action ? ` (${o.repeated.action})` : ''}.`));
  }

  if (o.creditTiers?.length) {
    const tiers = el('table', 'tiers');
    tiers.append(el('caption', undefined, 'Service credit tiers'));
    tiers.append(el('thead', undefined, el('tr', undefined, [el('th', undefined, 'Value below', { scope: 'col' }), el('th', undefined, 'Credit', { scope: 'col' })])));
    const body = el('tbody');
    for (const t of o.creditTiers) body.append(el('tr', undefined, [el('td', 'num', t.below), el('td', 'num', t.credit)]));
    tiers.append(body);
    card.append(tiers);
  }
  const shown = previewWindows(o);
  if (shown.hidden) card.append(el('p', 'muted hidden-windows', `${shown.hidden} earlier window${shown.hidden === 1 ? '' : 's'} without data (before the data starts) not shown.`));
  if (shown.windows.length) {
    card.append(chart(o));
    card.append(windowsTable(r, o, shown.windows, uri));
  }
  return card;
}

function chart(o: ObjectiveView): HTMLElement {
  const data = chartData(o);
  const summary = chartSummary(o);
  const figure = el('figure', 'chart', undefined, { role: 'img', 'aria-label': summary, 'data-points': String(data.points) });
  const holder = el('div', 'chart-canvas', undefined, { 'aria-hidden': 'true' });
  figure.append(holder, el('figcaption', 'visually-hidden', summary));
  // Nothing to draw: an axis auto-ranged around no value showed years that never happened (user pass).
  if (data.points === 0) return figure;
  const fg = cssVar('--vscode-foreground', '#616161');
  const line = cssVar('--vscode-charts-blue', '#1a85ff');
  const target = cssVar('--vscode-charts-orange', '#d18616');
  const bad = cssVar('--vscode-errorForeground', '#e51400');
  const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  const font = `11px ${cssVar('--vscode-editor-font-family', 'monospace')}`;
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font };
  const opts: uPlot.Options = {
    width: 560,
    height: 180,
    legend: { show: true, live: false },
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
    ],
  };
  const plot = new uPlot(opts, [data.xs, data.values, data.target, data.breached], holder);
  charts.push(plot);
  requestAnimationFrame(() => fitChart(plot));
  return figure;
}

function fitChart(plot: uPlot): void {
  const figure = plot.root.closest('figure');
  const w = Math.max(240, Math.min(900, figure?.clientWidth || 560));
  if (w !== plot.width) plot.setSize({ width: w, height: 180 });
}

function windowsTable(r: ReportView, o: ObjectiveView, windows: WindowView[], uri: string): HTMLElement {
  const credits = creditsByWindow(r, o.id);
  const table = el('table', 'windows');
  table.append(el('caption', 'visually-hidden', `Windows of ${o.id}`));
  const headRow = el('tr');
  for (const h of ['Window', 'Status', 'Value', 'Observations', 'Error budget', 'Credit', 'Notes']) headRow.append(el('th', undefined, h, { scope: 'col' }));
  table.append(el('thead', undefined, headRow));
  const body = el('tbody');
  for (const w of windows) body.append(windowRow(o, w, credits.get(w.label), uri));
  table.append(body);
  return el('div', 'table-wrap', table);
}

function windowRow(o: ObjectiveView, w: WindowView, credit: string | undefined, uri: string): HTMLElement {
  const row = el('tr', `window status-${w.status}${w.partial ? ' partial' : ''}`, undefined, { 'data-window': w.label });
  const label = windowLabel(w);
  activatable(row, `Reveal ${o.id}, window ${label.exact ?? w.label}, in the SLA file`, () => post({ type: 'reveal', uri, objectiveId: o.id, windowLabel: w.label }));
  const notes: string[] = [];
  if (w.partial) notes.push('partial window');
  if (w.clipped) notes.push('clipped to the period');
  if (w.reason) notes.push(w.reason);
  if (w.problem) notes.push(w.problem);
  if (w.gaps.length) notes.push(`${w.gaps.length} cadence gap${w.gaps.length === 1 ? '' : 's'}`);
  if (w.belowMinSamples) notes.push(`${w.belowMinSamples} below minSamples`);
  const budget = w.errorBudget ? `${formatBudget(w.errorBudget.remaining)} left, burn ${formatFactor(w.errorBudget.burnRate)}` : '';
  const observations = w.excluded ? `${formatCount(w.observations)} (${formatCount(w.excluded)} excluded)` : formatCount(w.observations);
  const creditText = credit ?? (w.projectedCredit ? `${w.projectedCredit} (projected)` : '');
  row.append(
    el('th', undefined, label.exact ? el('span', 'rolling', label.text, { title: label.exact }) : label.text, { scope: 'row' }),
    el('td', undefined, badge(w.status, w.partial)),
    el('td', 'num', formatWindowValue(w, o.sliceTarget ?? o.target)),
    el('td', 'num', observations),
    el('td', 'num', budget),
    el('td', 'num', creditText),
    el('td', 'notes', notes.join('; ')),
  );
  return row;
}

function creditsTable(r: ReportView, uri: string): HTMLElement {
  const wrap = el('div', 'credits');
  wrap.append(el('h3', undefined, 'Service credits owed'));
  const table = el('table');
  const head = el('tr');
  for (const h of ['Objective', 'Window', 'Credit']) head.append(el('th', undefined, h, { scope: 'col' }));
  table.append(el('thead', undefined, head));
  const body = el('tbody');
  for (const c of r.credits) {
    const row = el('tr', undefined, [el('td', undefined, c.objective), el('td', undefined, c.window), el('td', 'num', c.credit)]);
    activatable(row, `Reveal ${c.objective}, window ${c.window}, in the SLA file`, () => post({ type: 'reveal', uri, objectiveId: c.objective, windowLabel: c.window }));
    body.append(row);
  }
  table.append(body);
  wrap.append(table);
  return wrap;
}

function dataIssues(r: ReportView, uri: string): HTMLElement {
  const wrap = el('div', 'data-issues');
  const total = Object.values(r.dataIssueCounts).reduce((a, b) => a + b, 0);
  wrap.append(el('h3', undefined, `Data issues (${total})`));
  const filtered = Object.entries(r.filteredRows);
  if (filtered.length) wrap.append(el('p', 'muted filtered-rows', `Rows left out by the metric's filter (not data issues): ${filtered.map(([m, n]) => `${m} ${n}`).join(', ')}.`));
  if (!r.dataIssues.length) {
    wrap.append(el('p', 'muted', 'No data issues in the linked metric files.'));
    return wrap;
  }
  const list = el('ul');
  for (const d of r.dataIssues) {
    const link = el('a', undefined, `${d.metric}, line ${d.line}`, { href: '#' });
    link.addEventListener('click', (e) => { e.preventDefault(); post({ type: 'revealMetricLine', uri, metric: d.metric, line: d.line }); });
    list.append(el('li', undefined, [link, ': ', d.problem]));
  }
  wrap.append(list);
  for (const [metric, count] of Object.entries(r.dataIssueCounts)) {
    const shown = r.dataIssues.filter((d) => d.metric === metric).length;
    if (count > shown) wrap.append(el('p', 'muted', `${metric}: ${count - shown} more not listed.`));
  }
  return wrap;
}

function applyHighlight(scroll: boolean): void {
  for (const node of Array.from(document.querySelectorAll('.objective.highlighted'))) node.classList.remove('highlighted');
  if (highlighted === null) return;
  let first: Element | undefined;
  for (const node of Array.from(document.querySelectorAll('.objective'))) {
    if (node instanceof HTMLElement && node.dataset.objective === highlighted) {
      node.classList.add('highlighted');
      first ??= node;
    }
  }
  if (scroll && first) first.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

// ---------------------------------------------------------------------------------------------
// Wiring

function onMessage(data: unknown): void {
  const message = parseIncoming(data);
  if (!message) return;
  if (message.type === 'progress') {
    showProgress(message.metric, message.fraction);
    return;
  }
  if (message.type === 'update') {
    if (!message.stale) showProgress(undefined, 1);
    const y = window.scrollY;
    const first = current === undefined;
    // Another file previewed: its report starts at the top, not at the old one's scroll position.
    const switched = current !== undefined && current.uri !== message.uri;
    current = message;
    // Remember the previewed file (VS Code restores the tab after a reload from this state) and
    // follow the instant the extension computed at (another file previewed = latest data again).
    const patch: Partial<PreviewState> = { uri: message.uri };
    if (message.requestedAsOf !== undefined) patch.asOf = message.requestedAsOf === null ? '' : asOfInputOf(message.requestedAsOf);
    saveState(patch);
    render();
    window.scrollTo(0, first ? state.scrollY : switched ? 0 : y);
  } else {
    highlighted = message.objectiveId;
    applyHighlight(true);
  }
}

/** A progress line above the report while the server reads large metric files; hidden when done. */
let progressLine: HTMLElement | undefined;
function showProgress(metric: string | undefined, fraction: number): void {
  if (metric === undefined || fraction >= 1) {
    progressLine?.remove();
    progressLine = undefined;
    return;
  }
  if (!progressLine) {
    progressLine = document.createElement('p');
    progressLine.className = 'notice progress';
    progressLine.setAttribute('role', 'status');
    document.body.insertBefore(progressLine, document.getElementById('root'));
  }
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = fraction;
  progressLine.replaceChildren(`Reading metric ${metric}… ${Math.round(fraction * 100)}% `, bar);
}

window.addEventListener('message', (e: MessageEvent) => onMessage(e.data));
let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  if (scrollTimer !== undefined) clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => saveState({ scrollY: window.scrollY }), 150);
});
window.addEventListener('resize', () => { for (const c of charts) fitChart(c); });
// Theme switches change the body class: redraw the charts (canvas colours are read from the CSS variables).
new MutationObserver(() => { if (current) render(); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

const initial = (window as unknown as { __MODEL_SLA_INITIAL__?: unknown }).__MODEL_SLA_INITIAL__;
if (initial !== undefined) onMessage(initial);
else render();
post({ type: 'ready' });
