/**
 * The explanation panel's page, without VS Code (issue 17, spec §8.1): an `ExplainResult` as HTML —
 * the value and its status against the target, the counts, how the value was formed (the rank and
 * method of a percentile, good of total of a ratio, the slices and the bad ones, the accuracy runs)
 * and the evidence rows, each a link to its metric file's line when the server resolved that file
 * inside the workspace (`evidenceUris` / `runUris`). Every string from the SLA or the data is escaped
 * (engine/render/escape.ts); the page's only script posts `{ type: 'open', kind, index }` and the extension
 * decides what that opens (explainPanel.ts): the page never names a file.
 */
import type { ExplainParams, ExplainResult } from '../../server/src/protocol/standing';
import { escapeHtml } from '../../server/src/engine/render/escape';
import { shortInstant, windowLabelText } from '../../server/src/engine/render/windowLabel';
import { zonedInstant } from '../../server/src/engine/render/zonedInstant';

export type ExplanationData = NonNullable<ExplainResult['explanation']>;
type EvidenceRow = ExplanationData['evidence'][number];
type RunRow = NonNullable<ExplanationData['runs']>[number];

/** webview → extension: open evidence row `index` (of `evidence` or of `runs`), or reveal the objective. */
export type ExplainPanelMessage = { type: 'open'; kind: 'evidence' | 'run'; index: number } | { type: 'revealObjective' } | { type: 'segment'; value: string };

export function isExplainPanelMessage(x: unknown): x is ExplainPanelMessage {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const m = x as Record<string, unknown>;
  if (m.type === 'revealObjective') return true;
  if (m.type === 'segment') return typeof m.value === 'string' && m.value.length <= 1000;
  return m.type === 'open' && (m.kind === 'evidence' || m.kind === 'run') && typeof m.index === 'number' && Number.isInteger(m.index) && m.index >= 0 && m.index < 1_000_000;
}

const count = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('en-US') : 'n/a');

/** A value for people: a few decimals, and the exact number when rounding changed it. */
export function valueText(value: number | null | undefined, unit: string | undefined, exact?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'no value';
  const u = unit ?? '';
  // Four significant digits before the point's side is settled: 237.2, 99.89, 0.812, 20864346.
  const digits = Math.abs(value) >= 1 ? String(Math.trunc(Math.abs(value))).length : 1;
  const fixed = Number(value.toFixed(Math.max(1, 4 - digits)));
  const rounded = fixed === 0 && value !== 0 ? Number(value.toPrecision(4)) : fixed;
  const shown = `${rounded}${u}`;
  const full = exact ?? String(value);
  return rounded === value && !exact ? shown : `${shown} (exactly ${full}${u})`;
}

const STATUS_WORDS: Record<string, string> = { met: 'met', breached: 'breached', 'no-data': 'no data' };

/**
 * The window for people, in the SLA's zone: `2026-10 (1 Oct 00:00 – 1 Nov 00:00 Europe/Berlin)`,
 * `28 days to 15 Oct 23:57 UTC`; `exact`: the §9 label and the UTC interval, for a tooltip.
 */
export function windowText(x: Pick<ExplanationData, 'window' | 'start' | 'end' | 'timezone'>): { text: string; exact: string } {
  const zone = x.timezone || 'UTC';
  const exact = `${x.window}: [${x.start}, ${x.end})`;
  const rolling = windowLabelText({ label: x.window, start: x.start, end: x.end }, zone);
  if (rolling.exact) return { text: rolling.text, exact };
  const start = Date.parse(x.start), end = Date.parse(x.end);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { text: x.window, exact };
  return { text: `${x.window} (${shortInstant(start, zone)} – ${shortInstant(end, zone, new Date(start).getUTCFullYear())} ${zone})`, exact };
}

/** A slice [from, to) for people: `1 Oct 02:20–02:21` in the SLA's zone (the day repeated only when it changes). */
export function sliceText(from: string, to: string, zone = 'UTC'): string {
  const a = Date.parse(from), b = Date.parse(to);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return `[${from}, ${to})`;
  const start = shortInstant(a, zone), end = shortInstant(b, zone);
  const day = (t: string) => t.slice(0, t.lastIndexOf(' '));
  return day(start) === day(end) ? `${start}–${end.slice(end.lastIndexOf(' ') + 1)}` : `${start} – ${end}`;
}

/** How a throughput value was formed from its slices. */
function statisticText(x: ExplanationData, zone: string): string {
  const n = x.slices?.withData ?? 0;
  const s = x.valueSlice;
  const slice = s ? `the slice ${sliceText(s.from, s.to, zone)} (${count(s.requests)} request${s.requests === 1 ? '' : 's'})` : '';
  if (x.statistic === 'mean') return `mean: the unweighted mean of the rates of ${count(n)} slice${n === 1 ? '' : 's'} with requests`;
  if (x.statistic === 'p5') return `p5 (nearest-rank): slice ${count(s?.rank)} of ${count(n)} in ascending order of rate, ${slice}`;
  return `min: the slowest of ${count(n)} slice${n === 1 ? '' : 's'} with requests, ${slice}`;
}

export function explainTitle(x: Pick<ExplanationData, 'objective' | 'window' | 'segment'> | Pick<ExplainParams, 'objective' | 'window' | 'segment'>): string {
  const w = x.window.includes('/') ? 'rolling window' : x.window;
  return `Explain: ${x.objective}${x.segment !== undefined ? ` [${x.segment}]` : ''} · ${w}`;
}

/** Where an evidence row is, as the CLI says it: `metrics/latency.csv:48213`, or the series and instant. */
export function evidencePlace(e: EvidenceRow): string {
  if (e.line !== undefined) return `${e.file ?? e.metric}:${e.line}`;
  if (e.series !== undefined) return e.from ? `${e.series} [${e.from}, ${e.to})` : `${e.series} @ ${e.timestamp}`;
  return e.file ?? e.metric;
}

/** The row's own numbers: its value, good of total, samples and dataset. */
function rowFacts(e: EvidenceRow): string {
  const parts: string[] = [];
  if (typeof e.value === 'number') parts.push(`${e.value}${e.unit ?? ''}`);
  if (typeof e.total === 'number') parts.push(typeof e.good === 'number' ? `${count(e.good)} good of ${count(e.total)}` : `${count(e.total)} total`);
  if (typeof e.samples === 'number') parts.push(`${count(e.samples)} samples`);
  if (e.dataset !== undefined) parts.push(`dataset ${e.dataset}`);
  return parts.join(' · ');
}

const WHY: Record<string, string> = { excluded: 'excluded (an exclusion window)', belowMinSamples: 'below minSamples', otherDataset: 'another dataset' };

/**
 * `state`: what the panel explains, kept by the webview (setState) so that after a reload the
 * panel asks again (explainPanel.ts's serializer) instead of coming back empty.
 */
export interface PageOptions { nonce: string; cspSource: string; state?: ExplainParams }

/** One line of JSON with no raw control character (escapeHtml would rewrite one): C0 is escaped by JSON itself, the rest here. */
function stateJson(state: ExplainParams): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(state).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A restored panel's saved state, when it is one: what to explain. */
export function restoredExplainParams(saved: unknown): ExplainParams | undefined {
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return undefined;
  const s = saved as Record<string, unknown>;
  if (typeof s.uri !== 'string' || !s.uri.startsWith('file:') || typeof s.objective !== 'string' || typeof s.window !== 'string') return undefined;
  if (s.sla !== undefined && typeof s.sla !== 'string') return undefined;
  if (s.asOf !== undefined && typeof s.asOf !== 'string') return undefined;
  if (s.segment !== undefined && typeof s.segment !== 'string') return undefined;
  return { uri: s.uri, objective: s.objective, window: s.window, ...(typeof s.sla === 'string' ? { sla: s.sla } : {}), ...(typeof s.asOf === 'string' ? { asOf: s.asOf } : {}), ...(typeof s.segment === 'string' ? { segment: s.segment } : {}) };
}

/** The page shown while the server computes (or when it could not): a heading and a line. */
export function pendingHtml(params: Pick<ExplainParams, 'objective' | 'window'>, options: PageOptions, error?: string): string {
  const window = params.window === 'latest' ? 'the latest window' : `window ${windowLabelText({ label: params.window, start: '', end: '' }).text}`;
  const body = `<h1>${escapeHtml(params.objective)} <span class="muted">· ${escapeHtml(window)}</span></h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '<p class="muted" aria-busy="true">Computing the explanation…</p>'}`;
  return page(`Explain ${params.objective}`, body, options);
}

/** The explanation as a page. `linkable(kind, i)`: whether row i has a workspace file to open. */
export function explanationHtml(x: ExplanationData, options: PageOptions): string {
  const linkable = (kind: 'evidence' | 'run', i: number) => {
    const uris = kind === 'evidence' ? x.evidenceUris : x.runUris;
    const row = kind === 'evidence' ? x.evidence[i] : x.runs?.[i];
    return typeof uris?.[i] === 'string' && typeof row?.line === 'number';
  };
  const place = (kind: 'evidence' | 'run', i: number, e: EvidenceRow) => {
    const text = escapeHtml(evidencePlace(e));
    return linkable(kind, i)
      ? `<a href="#" data-kind="${kind}" data-index="${i}" title="Open ${text}">${text}</a>`
      : `<span title="not a file of the workspace">${text}</span>`;
  };
  const status = STATUS_WORDS[x.status] ?? x.status;
  // A row's instant in the SLA's zone, as the rest of the page; the exact instant from the data in its tooltip.
  const rowTime = (iso: string) => `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(iso)}">${escapeHtml(zonedInstant(iso, x.timezone || 'UTC'))}</time>`;
  const parts: string[] = [];
  parts.push(`<h1><a href="#" data-reveal title="Reveal ${escapeHtml(x.objective)} in the SLA file">${escapeHtml(x.objective)}</a> <span class="muted">· ${escapeHtml(x.sla)}</span></h1>`);
  const zone = x.timezone || 'UTC';
  const w = windowText(x);
  const when = `<span title="${escapeHtml(w.exact)}">window ${escapeHtml(w.text)}</span>${x.partial ? ` · partial, as of ${escapeHtml(zonedInstant(x.asOf, zone))}` : ''}${x.clipped ? ' · clipped to the period: only its part inside counts' : ''}`;
  parts.push(`<p class="muted">${escapeHtml(x.indicator)} · ${when}</p>`);
  // A segmented objective (spec §12): the segment explained, and the window's other segments to switch to.
  if (x.segment !== undefined && x.segments?.length) {
    const by = x.segmentsBy ? ` by ${escapeHtml(x.segmentsBy)}` : '';
    const choices = x.segments.map((s) => (s.value === x.segment
      ? `<strong class="segment status-${escapeHtml(s.status)}" aria-current="true">${escapeHtml(s.value)}</strong> <span class="muted">(${escapeHtml(STATUS_WORDS[s.status] ?? s.status)})</span>`
      : `<a href="#" class="segment" data-segment="${escapeHtml(s.value)}" title="Explain the segment ${escapeHtml(s.value)}">${escapeHtml(s.value)}</a> <span class="muted">(${escapeHtml(STATUS_WORDS[s.status] ?? s.status)})</span>`));
    parts.push(`<p class="segments"><span class="muted">Segment${by}:</span> ${choices.join(' · ')}</p>`);
  }
  // The value as the view, the code lens and the report write it; the exact decimal where no double holds it.
  const shown = x.display ? (x.valueText !== undefined ? `${x.display} (exactly)` : x.display) : valueText(x.value, x.unit, x.valueText);
  parts.push(`<p class="verdict"><strong class="value">${escapeHtml(shown)}</strong> <span class="badge status-${escapeHtml(x.status)}">${escapeHtml(status)}${x.partial && x.status !== 'no-data' ? ' so far' : ''}</span> <span class="muted">target ${escapeHtml(x.target)}</span></p>`);
  if (x.reason || x.problem) parts.push(`<p class="notice">${escapeHtml([x.reason, x.problem].filter(Boolean).join(': '))}</p>`);
  if (x.provisionalUntil) parts.push(`<p class="notice provisional">${escapeHtml(`Provisional until ${zonedInstant(x.provisionalUntil, zone)}: labels are still arriving, so the value may change; no breach or credit comes from this window before then.`)}</p>`);
  if (x.exclusionBudgetExceeded) parts.push(`<p class="notice">${escapeHtml('The exclusions exceeded exclusionBudget: the latest exclusions count again.')}</p>`);

  const facts: [string, string][] = [['Observations', `${count(x.observations)} counted, ${count(x.excluded)} excluded`]];
  if (x.method !== undefined && x.rank !== undefined) {
    if (Array.isArray(x.rank)) {
      facts.push(['Percentile', `${x.method}: between observations ${count(x.rank[0])} and ${count(x.rank[1])} of ${count(x.observations)} in ascending order${x.weight ? `, weight ${x.weight} on the upper one` : ''}`]);
    } else {
      facts.push(['Percentile', `${x.method}: the value is observation ${count(x.rank)} of ${count(x.observations)} in ascending order`]);
    }
  }
  if (typeof x.good === 'number' && typeof x.total === 'number') facts.push(['Events', `${count(x.good)} good of ${count(x.total)}: ${count(x.total - x.good)} bad`]);
  if (x.slices) facts.push(['Slices', `${count(x.slices.good)} good of ${count(x.slices.counted)} counted (${count(x.slices.withData)} with data, ${count(x.slices.total)} in the window)`]);
  if (x.statistic) facts.push(['Statistic', statisticText(x, zone)]);
  for (const g of x.gaps ?? []) facts.push(['Gap', `no counted run ${sliceText(g.from, g.to, zone)}`]);
  parts.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`);

  if (x.badSlices?.length) {
    const more = (x.badSliceCount ?? x.badSlices.length) > x.badSlices.length ? ` (the first ${x.badSlices.length} of ${count(x.badSliceCount)})` : '';
    parts.push(`<h2>Bad slices${escapeHtml(more)}</h2>`);
    const requests = x.badSlices.some((s) => typeof s.requests === 'number');
    parts.push(table(['Slice', requests ? 'Requests' : 'Good of total'], x.badSlices.map((s) => [
      `<span title="[${escapeHtml(s.from)}, ${escapeHtml(s.to)})">${escapeHtml(sliceText(s.from, s.to, zone))}</span>`,
      typeof s.requests === 'number' ? escapeHtml(count(s.requests)) : typeof s.total === 'number' ? escapeHtml(`${count(s.good)} of ${count(s.total)}`) : '',
    ])));
  }
  if (x.runs?.length) {
    parts.push('<h2>Runs</h2>');
    parts.push(table(['Row', 'Time', 'Run', 'Counted'], x.runs.map((r: RunRow, i) => [
      place('run', i, r), rowTime(r.timestamp), escapeHtml(rowFacts(r)), r.counted ? 'counted' : `<span class="muted">not counted: ${escapeHtml(WHY[r.why ?? ''] ?? r.why ?? '')}</span>`,
    ])));
  }
  if (x.evidence.length && !x.runs?.length) {
    const caption = x.method !== undefined ? (Array.isArray(x.rank) ? 'the observations at the two ranks' : 'the observation at the rank')
      : typeof x.good === 'number' ? (x.evidence.length === 1 ? 'the first row with bad events' : `the first ${x.evidence.length} rows with bad events`) : 'the rows';
    parts.push(`<h2>Evidence <span class="muted">(${escapeHtml(caption)})</span></h2>`);
    parts.push(table(['Row', 'Time', 'Value'], x.evidence.map((e, i) => [place('evidence', i, e), rowTime(e.timestamp), escapeHtml(rowFacts(e))])));
  } else if (!x.evidence.length && !x.runs?.length && !x.badSlices?.length) {
    parts.push(`<p class="muted">${escapeHtml(x.note ?? (x.status === 'no-data' ? 'No data in this window: there is no row to cite.' : 'No row evidence for this value.'))}</p>`);
  }
  if (x.note && (x.evidence.length || x.runs?.length || x.badSlices?.length)) parts.push(`<p class="muted">${escapeHtml(x.note)}</p>`);
  return page(explainTitle(x), parts.join('\n'), options);
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
}

function page(title: string, body: string, { nonce, cspSource, state }: PageOptions): string {
  const csp = [`default-src 'none'`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.2em 1.5em; line-height: 1.45; }
h1 { font-size: 1.4em; font-weight: 600; margin: 0.8em 0 0.2em; }
h2 { font-size: 1.1em; font-weight: 600; margin: 1.4em 0 0.4em; }
.muted { color: var(--vscode-descriptionForeground); font-weight: normal; }
.verdict { font-size: 1.15em; margin: 0.8em 0; }
.value { font-size: 1.3em; font-variant-numeric: tabular-nums; margin-right: 0.4em; }
.badge { display: inline-block; padding: 0 0.5em; border-radius: 0.8em; font-size: 0.85em; border: 1px solid currentColor; margin-right: 0.4em; }
.status-met { color: var(--vscode-testing-iconPassed, #388a34); }
.status-breached { color: var(--vscode-testing-iconFailed, #e51400); }
.status-no-data { color: var(--vscode-descriptionForeground); }
.error, .notice { color: var(--vscode-errorForeground); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1em; margin: 0.8em 0; }
dl.facts dt { color: var(--vscode-descriptionForeground); }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.2em 0.8em 0.2em 0; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.25)); vertical-align: top; }
thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
tbody th { font-weight: normal; font-family: var(--vscode-editor-font-family); }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
</style></head>
<body><main${state ? ` data-state="${escapeHtml(stateJson(state))}"` : ''}>
${body}
</main>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const saved = document.querySelector('main').getAttribute('data-state');
if (saved) { try { vscode.setState(JSON.parse(saved)); } catch { /* not ours */ } }
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link) return;
  event.preventDefault();
  if (link.hasAttribute('data-reveal')) { vscode.postMessage({ type: 'revealObjective' }); return; }
  if (link.hasAttribute('data-segment')) { vscode.postMessage({ type: 'segment', value: link.getAttribute('data-segment') }); return; }
  const kind = link.getAttribute('data-kind');
  const index = Number(link.getAttribute('data-index'));
  if ((kind === 'evidence' || kind === 'run') && Number.isInteger(index)) vscode.postMessage({ type: 'open', kind, index });
});
</script>
</body></html>`;
}
