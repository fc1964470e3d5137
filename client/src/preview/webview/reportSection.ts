/// <reference lib="dom" />
/**
 * One SLA document's report in the preview: heading and facts, the summary line, metric errors,
 * one card per objective (./objectiveCard.ts), the credits owed and the data issues (each a link
 * that opens the metric file at its line).
 */
import { issueWhere } from '../../../../server/src/engine/render/text';
import { formatInstant, summaryText, type ReportView } from './model';
import { activatable, el } from './dom';
import { objectiveCard } from './objectiveCard';
import { post } from './host';

export function reportSection(r: ReportView, index: number, uri: string): HTMLElement {
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
    wrap.append(el('p', 'muted', 'No data issues in the linked metrics.'));
    return wrap;
  }
  const list = el('ul');
  for (const d of r.dataIssues) {
    const line = d.line;
    if (line === undefined) {
      // A Prometheus series (spec §10): nothing to open, the series and its instants say where.
      list.append(el('li', undefined, [`${d.metric}, ${issueWhere(d)}: `, d.problem]));
      continue;
    }
    const link = el('a', undefined, `${d.metric}, line ${line}`, { href: '#' });
    link.addEventListener('click', (e) => { e.preventDefault(); post({ type: 'revealMetricLine', uri, metric: d.metric, line }); });
    list.append(el('li', undefined, [link, ': ', d.problem]));
  }
  wrap.append(list);
  for (const [metric, count] of Object.entries(r.dataIssueCounts)) {
    const shown = r.dataIssues.filter((d) => d.metric === metric).length;
    if (count > shown) wrap.append(el('p', 'muted', `${metric}: ${count - shown} more not listed.`));
  }
  return wrap;
}
