/// <reference lib="dom" />
/**
 * DOM helpers of the preview (text only: every string goes through text nodes and attributes,
 * never innerHTML), status badges, keyboard-activatable rows, and the theme's CSS variables.
 */
import { statusLabel, type ObjectiveView, type Verdict } from './model';

type Attrs = Record<string, string>;
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, content?: string | Node | (string | Node | undefined)[], attrs?: Attrs): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  const list = content === undefined ? [] : Array.isArray(content) ? content : [content];
  for (const c of list) if (c !== undefined) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

export function badge(status: ObjectiveView['status'], partial = false, provisionalUntil?: string): HTMLElement {
  // Provisional (labels still arriving): not a verdict yet, so not in the verdict's colour.
  const cls = provisionalUntil !== undefined && status !== 'no-data' ? 'status-provisional provisional' : `status-${status}`;
  return el('span', `badge ${cls}`, statusLabel(status, partial, provisionalUntil));
}

export function verdictBadge(status: Verdict, text: string, cls = ''): HTMLElement {
  return el('span', `badge status-${status}${cls}`, text);
}

/** A focusable row that acts on click, Enter and Space (rows keep their table semantics; `title` says what it does). */
export function activatable(node: HTMLElement, label: string, action: () => void): void {
  node.tabIndex = 0;
  node.classList.add('activatable');
  node.title = label;
  node.addEventListener('click', (e) => { e.stopPropagation(); action(); });
  node.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); action(); }
  });
}

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}
