/// <reference lib="dom" />
/**
 * The compliance preview webview (browser bundle → dist/preview.js). Renders `update` messages (or
 * `window.__MODEL_SLA_INITIAL__` in a plain page) into #root with DOM APIs only: every string from
 * an SLA or metric file goes through textContent/attributes, never innerHTML. This file: the state,
 * the toolbar, highlighting, progress and the message wiring; a report's sections are built by
 * ./reportSection.ts, ./objectiveCard.ts and ./chart.ts. Messages: server/src/protocol/webviewMessages.ts,
 * validated by ./validate.ts. Runs without VS Code: ./host.ts falls back to a no-op stub.
 */
// Bundled next to the script: esbuild emits dist/preview.css (uPlot's CSS included via @import).
import './preview.css';
import { asOfInputOf, formatInstant, isAsOfInput, parseIncoming, parseState, type PreviewState, type UpdateView } from './model';
import { el } from './dom';
import { charts, fitChart } from './chart';
import { reportSection } from './reportSection';
import { post, vscode } from './host';

let state: PreviewState = parseState(vscode.getState());
let current: UpdateView | undefined;
let highlighted: string | null = null;

function saveState(patch: Partial<PreviewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
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
  current.reports.forEach((r, i) => root.append(reportSection(r, i, current!.uri)));
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
  // At the latest data the pressed "Latest data" button says so; a "latest data" label beside it
  // read as a duplicate (user pass). A chosen date is said next to the control.
  const reset = el('button', 'secondary', 'Latest data', { type: 'button', 'aria-pressed': String(latest) });
  const mode = latest ? undefined : el('span', 'asof-mode chosen', 'chosen date', { role: 'status' });
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
  bar.append(label, input, ...(mode ? [mode] : []), apply, reset);
  if (asOfText) bar.append(el('span', 'muted', ['Evaluated as of ', el('time', undefined, formatInstant(asOfText), { datetime: asOfText })]));
  return bar;
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
