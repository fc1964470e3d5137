/**
 * Completion inside a Prometheus selector (spec §10): metric names at its start, label names after
 * `{` or `,`, label values inside a matcher's quotes — from the configured server, which the host
 * asks (io/metricAccess.ts `prometheusNames`: cached, bounded in time, never blocking typing; none
 * in an untrusted workspace). The selector may be half-typed, so the cursor's place is read by a
 * small scanner, not the PromQL parser.
 */
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';

export type SelectorSpot =
  | { kind: 'metric'; prefix: string; from: number }
  | { kind: 'label'; metric: string; matchers: string; prefix: string; from: number }
  | { kind: 'value'; metric: string; matchers: string; label: string; prefix: string; from: number; quote: string };

/** What the server must be asked for at this spot (the host's request). */
export interface NamesRequest {
  kind: 'metric' | 'label' | 'value';
  /** A selector narrowing the answer (`metric{matchers}`), for labels and values. */
  match?: string;
  label?: string;
}

/**
 * Where in `selector` (the text before the cursor) the cursor is; `from` is the offset where the
 * completed word starts.
 */
export function selectorSpot(before: string): SelectorSpot | undefined {
  const brace = before.indexOf('{');
  if (brace < 0) {
    const m = /[a-zA-Z_:][a-zA-Z0-9_:]*$/.exec(before);
    if (/[^a-zA-Z0-9_:]/.test(before)) return undefined;
    return { kind: 'metric', prefix: m?.[0] ?? '', from: before.length - (m?.[0].length ?? 0) };
  }
  const metric = before.slice(0, brace).trim();
  const inner = before.slice(brace + 1);
  // Walk the matchers: name, op, quoted value, `,` … and see where the text ends.
  let i = 0;
  const done: string[] = [];
  for (;;) {
    while (i < inner.length && /\s/.test(inner[i])) i++;
    const nameStart = i;
    while (i < inner.length && /[a-zA-Z0-9_]/.test(inner[i])) i++;
    const name = inner.slice(nameStart, i);
    if (i === inner.length) return { kind: 'label', metric, matchers: done.join(', '), prefix: name, from: brace + 1 + nameStart };
    while (i < inner.length && /\s/.test(inner[i])) i++;
    const op = /^(=~|!~|!=|=)/.exec(inner.slice(i))?.[0];
    if (!op || !name) return undefined;
    i += op.length;
    while (i < inner.length && /\s/.test(inner[i])) i++;
    if (i === inner.length) return undefined; // after the operator: the quote comes first
    const quote = inner[i];
    if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
    const valueStart = ++i;
    while (i < inner.length && inner[i] !== quote) i += inner[i] === '\\' && quote !== '`' ? 2 : 1;
    if (i >= inner.length) {
      return { kind: 'value', metric, matchers: done.join(', '), label: name, prefix: inner.slice(valueStart), from: brace + 1 + valueStart, quote };
    }
    done.push(`${name}${op}${quote}${inner.slice(valueStart, i)}${quote}`);
    i++;
    while (i < inner.length && /\s/.test(inner[i])) i++;
    if (i === inner.length) return undefined;
    if (inner[i] === '}') return undefined;
    if (inner[i] !== ',') return undefined;
    i++;
  }
}

/**
 * The server request for a spot: metric names; the labels of the metric's series; a label's values
 * among them. A `histogram:` selector names the base: its series are `<base>_bucket`'s.
 */
export function namesRequest(spot: SelectorSpot, histogram = false): NamesRequest {
  if (spot.kind === 'metric') return { kind: 'metric' };
  const metric = spot.metric && histogram ? `${spot.metric}_bucket` : spot.metric;
  const match = metric ? `${metric}{${spot.matchers}}` : spot.matchers ? `{${spot.matchers}}` : undefined;
  if (spot.kind === 'label') return { kind: 'label', ...(match ? { match } : {}) };
  return { kind: 'value', label: spot.label, ...(match ? { match } : {}) };
}

/**
 * Completion items for the names the server gave, replacing the word at the spot. In a `histogram:`
 * selector the metric names are the histograms' bases (`x` for `x_bucket`) and `le` is not offered
 * (the tool reads every bucket); a value gets its closing quote unless one follows (`closeQuote`).
 */
export function selectorItems(spot: SelectorSpot, names: string[], range: Range, server: string, options: { histogram?: boolean; closeQuote?: boolean } = {}): CompletionItem[] {
  const present = spot.kind === 'label' ? new Set(spot.matchers.split(',').map((m) => m.trim().split(/[=!~]/)[0])) : new Set<string>();
  if (options.histogram && spot.kind === 'label') present.add('le');
  if (options.histogram && spot.kind === 'metric') names = [...new Set(names.filter((n) => n.endsWith('_bucket')).map((n) => n.slice(0, -'_bucket'.length)))];
  const close = spot.kind === 'value' && options.closeQuote ? spot.quote : '';
  return names
    .filter((n) => n !== '__name__' && !present.has(n) && (spot.kind !== 'metric' || /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(n)))
    .slice(0, 500)
    .map((name, i) => ({
      label: name,
      kind: spot.kind === 'metric' ? CompletionItemKind.Variable : spot.kind === 'label' ? CompletionItemKind.Field : CompletionItemKind.Value,
      detail: spot.kind === 'metric' ? `metric on ${server}` : spot.kind === 'label' ? `label of ${spot.metric || 'the series'} on ${server}` : `value of ${spot.label} on ${server}`,
      textEdit: { range, newText: spot.kind === 'value' ? escapeValue(name, spot.quote) + close : spot.kind === 'label' ? `${name}="` : name },
      filterText: name,
      sortText: String(i).padStart(4, '0'),
      ...(spot.kind === 'label' ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    }));
}

function escapeValue(value: string, quote: string): string {
  if (quote === '`') return value;
  return value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
}
