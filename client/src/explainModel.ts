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

export type ExplanationData = NonNullable<ExplainResult['explanation']>;
type EvidenceRow = ExplanationData['evidence'][number];
type RunRow = NonNullable<ExplanationData['runs']>[number];

/** webview → extension: open evidence row `index` (of `evidence` or of `runs`), or reveal the objective. */
export type ExplainPanelMessage = { type: 'open'; kind: 'evidence' | 'run'; index: number } | { type: 'revealObjective' };

export function isExplainPanelMessage(x: unknown): x is ExplainPanelMessage {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const m = x as Record<string, unknown>;
  if (m.type === 'revealObjective') return true;
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

export function explainTitle(x: Pick<ExplanationData, 'objective' | 'window'> | Pick<ExplainParams, 'objective' | 'window'>): string {
  const w = x.window.includes('/') ? 'rolling window' : x.window;
  return `Explain: ${x.objective} · ${w}`;
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

export interface PageOptions { nonce: string; cspSource: string }

/** The page shown while the server computes (or when it could not): a heading and a line. */
export function pendingHtml(params: Pick<ExplainParams, 'objective' | 'window'>, options: PageOptions, error?: string): string {
  const body = `<h1>${escapeHtml(params.objective)} <span class="muted">· window ${escapeHtml(params.window)}</span></h1>
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
  const parts: string[] = [];
  parts.push(`<h1><a href="#" data-reveal title="Reveal ${escapeHtml(x.objective)} in the SLA file">${escapeHtml(x.objective)}</a> <span class="muted">· ${escapeHtml(x.sla)}</span></h1>`);
  const when = `window ${escapeHtml(x.window)} [${escapeHtml(x.start)}, ${escapeHtml(x.end)})${x.partial ? ` (partial, as of ${escapeHtml(x.asOf)})` : ''}`;
  parts.push(`<p class="muted">${escapeHtml(x.indicator)} · ${when}</p>`);
  // The value as the view, the code lens and the report write it; the exact decimal where no double holds it.
  const shown = x.display ? (x.valueText !== undefined ? `${x.display} (exactly)` : x.display) : valueText(x.value, x.unit, x.valueText);
  parts.push(`<p class="verdict"><strong class="value">${escapeHtml(shown)}</strong> <span class="badge status-${escapeHtml(x.status)}">${escapeHtml(status)}${x.partial && x.status !== 'no-data' ? ' so far' : ''}</span> <span class="muted">target ${escapeHtml(x.target)}</span></p>`);
  if (x.reason || x.problem) parts.push(`<p class="notice">${escapeHtml([x.reason, x.problem].filter(Boolean).join(': '))}</p>`);

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
  parts.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`);

  if (x.badSlices?.length) {
    const more = (x.badSliceCount ?? x.badSlices.length) > x.badSlices.length ? ` (the first ${x.badSlices.length} of ${count(x.badSliceCount)})` : '';
    parts.push(`<h2>Bad slices${escapeHtml(more)}</h2>`);
    parts.push(table(['From', 'To', 'Good of total'], x.badSlices.map((s) => [escapeHtml(s.from), escapeHtml(s.to), typeof s.total === 'number' ? escapeHtml(`${count(s.good)} of ${count(s.total)}`) : ''])));
  }
  if (x.runs?.length) {
    parts.push('<h2>Runs</h2>');
    parts.push(table(['Row', 'Time', 'Run', 'Counted'], x.runs.map((r: RunRow, i) => [
      place('run', i, r), escapeHtml(r.timestamp), escapeHtml(rowFacts(r)), r.counted ? 'counted' : `<span class="muted">not counted: ${escapeHtml(WHY[r.why ?? ''] ?? r.why ?? '')}</span>`,
    ])));
  }
  if (x.evidence.length && !x.runs?.length) {
    const caption = x.method !== undefined ? (Array.isArray(x.rank) ? 'the observations at the two ranks' : 'the observation at the rank')
      : typeof x.good === 'number' ? `the first ${x.evidence.length} rows with bad events` : 'the rows';
    parts.push(`<h2>Evidence <span class="muted">(${escapeHtml(caption)})</span></h2>`);
    parts.push(table(['Row', 'Time', 'Value'], x.evidence.map((e, i) => [place('evidence', i, e), escapeHtml(e.timestamp), escapeHtml(rowFacts(e))])));
  } else if (!x.evidence.length && !x.runs?.length && !x.badSlices?.length) {
    parts.push(`<p class="muted">${escapeHtml(x.note ?? (x.status === 'no-data' ? 'No data in this window: there is no row to cite.' : 'No row evidence for this value.'))}</p>`);
  }
  if (x.note && (x.evidence.length || x.runs?.length || x.badSlices?.length)) parts.push(`<p class="muted">${escapeHtml(x.note)}</p>`);
  return page(explainTitle(x), parts.join('\n'), options);
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
}

function page(title: string, body: string, { nonce, cspSource }: PageOptions): string {
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
<body><main>
${body}
</main>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link) return;
  event.preventDefault();
  if (link.hasAttribute('data-reveal')) { vscode.postMessage({ type: 'revealObjective' }); return; }
  const kind = link.getAttribute('data-kind');
  const index = Number(link.getAttribute('data-index'));
  if ((kind === 'evidence' || kind === 'run') && Number.isInteger(index)) vscode.postMessage({ type: 'open', kind, index });
});
</script>
</body></html>`;
}
