/**
 * The compliance report as a self-contained HTML page: no scripts, no external resources, a strict
 * Content-Security-Policy (only the page's own stylesheet, allowed by its hash), every string from
 * the SLA or the data escaped (render/escape.ts: markup and control characters). The preview renders the same page.
 */
import type { ObjectiveReport, SlaReport } from '../report';
import { baselineText, breachValue, droppedText, filteredText, invalidProblem, repeatedText, segmentRows, shownWindows, statusWord, summaryLine, verdictText, windowNotes, windowValue } from './common';
import { summaryHeadline, summaryRows } from './summary';
import { escapeHtml } from './escape';
import { issueWhere } from './text';
import { objectiveChartSvg } from './svgChart';
import { obligationRows } from './obligations';
import { zonedInstant } from './zonedInstant';

export { escapeHtml };

export const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em; color: #1f2328; background: #fff; }
h1 { font-size: 1.3em; margin: 1.2em 0 0.2em; } h2 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
table { border-collapse: collapse; margin: 0.4em 0 0.8em; }
th, td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.met { color: #1a7f37; font-weight: 600; } .breached { color: #cf222e; font-weight: 600; } .no-data { color: #6e7781; }
.meta, .note { color: #57606a; } section { border-top: 1px solid #d0d7de; margin-top: 1.5em; }
figure.chart { margin: 0.4em 0; } figure.chart svg { max-width: 100%; height: auto; }
svg .grid { stroke: #d0d7de; stroke-width: 1; } svg .tick { font-size: 10px; fill: #57606a; }
svg .value { fill: none; stroke: #1a85ff; stroke-width: 2; } svg .point { fill: #1a85ff; }
svg .target { stroke: #d18616; stroke-width: 1; stroke-dasharray: 6 4; } svg .breached { fill: #cf222e; }
@media (prefers-color-scheme: dark) { svg .grid { stroke: #30363d; } svg .tick { fill: #8b949e; } }
@media (prefers-color-scheme: dark) { body { background: #0d1117; color: #e6edf3; } th { background: #161b22; } th, td { border-color: #30363d; } .meta, .note { color: #8b949e; } }
`;
/**
 * sha256 of STYLE, base64: what the CSP allows. Written out so the renderer stays pure (no
 * node:crypto; Web Crypto's digest is asynchronous); test/unit/report.test.ts recomputes it and
 * fails with the new value when STYLE changes.
 */
export const STYLE_HASH = 'p62GEfvI0DPl3FsJoKiE0mFzfMRr3SoilNq0IWBJ+YM=';
export const CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;

const e = escapeHtml;
const statusCell = (status: string, text: string) => `<span class="${status === 'met' ? 'met' : status === 'breached' ? 'breached' : 'no-data'}">${e(text)}</span>`;

function objectiveSection(o: ObjectiveReport): string {
  const parts: string[] = [];
  parts.push(`<h2>${e(o.id)} <span class="meta">${e(o.indicator)}, ${e(o.window ?? 'no window')}, target ${e(o.sliceTarget ?? o.target)}</span> — ${statusCell(o.status, verdictText(o))}</h2>`);
  if (o.description) parts.push(`<p class="note">${e(o.description)}</p>`);
  if (o.problem) parts.push(`<p class="note">Problem: ${e(o.problem)}</p>`);
  // Not evaluated at all: say why once, instead of a table of identical no-data rows.
  const invalid = invalidProblem(o);
  if (invalid) {
    parts.push(`<p class="note"><strong>Invalid:</strong> ${e(invalid)} — nothing is computed until the SLA is fixed.</p>`);
    return parts.join('\n');
  }
  const chart = objectiveChartSvg(o);
  if (chart) parts.push(chart);
  const { hidden, windows } = shownWindows(o);
  if (hidden) parts.push(`<p class="note">${hidden} earlier window${hidden === 1 ? '' : 's'} without data.</p>`);
  const dropped = droppedText(o);
  if (dropped) parts.push(`<p class="note">${e(dropped)}.</p>`);
  if (windows.length) {
    parts.push('<table><thead><tr><th>window</th><th>value</th><th>status</th><th>observations</th><th>notes</th></tr></thead><tbody>');
    for (const w of windows) {
      parts.push(`<tr><td>${e(w.label)}</td><td class="num">${e(windowValue(o, w))}</td><td>${statusCell(w.status, statusWord(w))}</td><td class="num">${w.observations}</td><td>${e(windowNotes(w))}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  const segments = segmentRows(o);
  if (segments.length) {
    // Segments (spec §12): the missing ones first, as the preview's small multiples order them.
    const rows = [...segments].sort((a, b) => Number(b[2].startsWith('breached')) - Number(a[2].startsWith('breached')));
    parts.push(`<table class="segments"><caption>Per ${e(o.segmentsBy ?? 'segment')} (require ${e(o.segmentsRequire ?? 'all')}), latest window</caption><thead><tr><th>${e(o.segmentsBy ?? 'segment')}</th><th>value</th><th>status</th><th>observations</th></tr></thead><tbody>`);
    for (const [name, value, status, obs] of rows) parts.push(`<tr><td>${e(name)}</td><td class="num">${e(value)}</td><td>${statusCell(status.startsWith('breached') ? 'breached' : status.startsWith('met') ? 'met' : 'no-data', status)}</td><td class="num">${e(obs)}</td></tr>`);
    parts.push('</tbody></table>');
  }
  const b = baselineText(o);
  if (b) parts.push(`<p class="note">${e(b)}</p>`);
  const r = repeatedText(o);
  if (r) parts.push(`<p class="note">Repeated breaches: ${e(r)}</p>`);
  return parts.join('\n');
}

function slaSection(report: SlaReport, index: number): string {
  const parts: string[] = [];
  parts.push(`<section id="sla-${index}"><h1>SLA ${e(report.sla)}${report.title ? ` — ${e(report.title)}` : ''}</h1>`);
  parts.push(`<p class="meta">${e(report.file)} · as of <time datetime="${e(report.asOf)}">${e(zonedInstant(report.asOf, report.timezone))}</time> · ${e(summaryLine(report))}</p>`);
  parts.push('<table><thead><tr><th>objective</th><th>target</th><th>latest window</th><th>value</th><th>status</th></tr></thead><tbody>');
  for (const o of report.objectives) {
    if (invalidProblem(o)) {
      parts.push(`<tr><td>${e(o.id)}</td><td>${e(o.target)}</td><td>-</td><td class="num">n/a</td><td>${statusCell('no-data', 'invalid')}</td></tr>`);
      continue;
    }
    const w = o.windows[o.windows.length - 1];
    parts.push(`<tr><td>${e(o.id)}</td><td>${e(o.sliceTarget ? `${o.target}, slices ${o.sliceTarget}` : o.target)}</td><td>${e(w?.label ?? '-')}</td><td class="num">${e(w ? windowValue(o, w) : 'n/a')}</td><td>${statusCell(o.status, w ? statusWord(w) : 'no-data')}</td></tr>`);
  }
  parts.push('</tbody></table>');
  parts.push(`<p><strong>Breaches:</strong> ${report.breaches.length ? report.breaches.map((b) => `${e(b.objective)} ${e(b.window)} (${e(breachValue(report, b))})`).join(', ') : 'none'}</p>`);
  parts.push(`<p><strong>Service credits:</strong> ${report.credits.length ? report.credits.map((c) => `${e(c.objective)} ${e(c.window)}: ${e(c.credit)}`).join(', ') : 'none'}</p>`);
  const obligations = obligationRows(report);
  if (obligations.length) {
    parts.push(`<h2>Obligations <span class="meta">from final breaches; due in ${e(report.timezone)}</span></h2><table class="obligations"><thead><tr><th>due</th><th>objective</th><th>window</th><th>kind</th><th>what</th></tr></thead><tbody>`);
    for (const r of obligations) parts.push(`<tr${r.overdue ? ' class="overdue"' : ''}><td>${r.due ? `${e(r.due)}${r.overdue ? ' <strong>overdue</strong>' : ''}` : '-'}</td><td>${e(r.objective)}</td><td>${e(r.window)}</td><td>${e(r.kind)}</td><td>${e(r.what)}</td></tr>`);
    parts.push('</tbody></table>');
  }
  for (const o of report.objectives) parts.push(objectiveSection(o));
  const issues = Object.entries(report.dataIssueCounts).filter(([, n]) => n > 0);
  if (issues.length) {
    parts.push(`<h2>Data issues</h2><p class="meta">${issues.map(([m, n]) => `${e(m)}: ${n}`).join(', ')}</p><table><thead><tr><th>metric</th><th>line</th><th>problem</th></tr></thead><tbody>`);
    for (const d of report.dataIssues) parts.push(`<tr><td>${e(d.metric)}</td><td${d.line !== undefined && d.line > 0 ? ' class="num"' : ''}>${e(d.line !== undefined && d.line > 0 ? String(d.line) : issueWhere(d))}</td><td>${e(d.problem)}</td></tr>`);
    parts.push('</tbody></table>');
  }
  const filtered = filteredText(report);
  if (filtered) parts.push(`<p class="meta">${e(filtered)}</p>`);
  for (const m of report.metricErrors ?? []) parts.push(`<p class="note">Metric ${e(m.metric)} unavailable: ${e(m.message)}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

/** Several SLAs (a folder): where each objective stands, each SLA a link to its section. */
function summarySection(reports: SlaReport[]): string {
  const rows = summaryRows(reports).map((r) => `<tr><td><a href="#sla-${r.report}">${e(r.sla)}</a></td><td>${e(r.objective)}</td><td>${statusCell(r.breached ? 'breached' : r.status.startsWith('met') ? 'met' : 'no-data', r.status)}</td><td class="num">${e(r.value)}</td><td>${e(r.target)}</td><td>${e(r.window)}</td><td class="num">${e(r.budget)}</td></tr>`);
  return `<section id="summary"><h1>Summary</h1><p class="meta">${e(summaryHeadline(reports))}</p><table><thead><tr><th>SLA</th><th>objective</th><th>status</th><th>latest</th><th>target</th><th>window</th><th>budget left</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></section>\n`;
}

export function renderHtml(reports: SlaReport[]): string {
  const title = reports.length === 1 ? `SLA report: ${reports[0].sla}` : `SLA report (${reports.length} SLAs)`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${reports.length > 1 ? summarySection(reports) : ''}${reports.map(slaSection).join('\n')}
</body>
</html>
`;
}
