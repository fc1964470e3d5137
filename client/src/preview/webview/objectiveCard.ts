/// <reference lib="dom" />
/**
 * An objective's card: its verdict, facts (target, latest value, error budget, baseline), notices,
 * the credit tier table, the chart and the table of its windows (rows reveal the objective in
 * the SLA file).
 */
import {
  chartData, creditsByWindow, formatBudget, formatCount, formatFactor, formatPercent, formatValue, formatWindowValue, objectiveVerdict, previewWindows, windowLabel,
  sharedYRange, obligationWindows, type ObligationWindowView, type ObjectiveView, type ReportView, type WindowView,
} from './model';
import { activatable, badge, el, verdictBadge } from './dom';
import { segmentsValueText } from '../../../../server/src/engine/render/common';
import { chart } from './chart';
import { post } from './host';

export function objectiveCard(r: ReportView, o: ObjectiveView, uri: string): HTMLElement {
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
    fact(latest.partial ? 'Latest (so far)' : 'Latest', `${o.segments && latest.value === null && !latest.valueRange ? segmentsValueText(o, latest) : formatWindowValue(latest, o.sliceTarget ?? o.target)} in ${windowLabel(latest).text} — ${formatCount(latest.observations)} observations, ${formatCount(latest.excluded)} excluded`);
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
    if (!o.segments) card.append(chart(o));
    card.append(windowsTable(r, o, shown.windows, uri));
  }
  if (o.segments?.length) card.append(segmentsSection(o));
  const obliged = obligationWindows(r, o);
  if (obliged.length) card.append(obligationsSection(r, o, obliged, uri));
  return card;
}

/**
 * What the breached windows oblige (spec §8.2), latest first: each final breach's credit, remediation,
 * communication, actions and escalations with their due dates (overdue ones marked), and a button that
 * opens the notice as a Markdown document; a partial window breached so far is at risk, owing nothing yet.
 */
function obligationsSection(r: ReportView, o: ObjectiveView, windows: ObligationWindowView[], uri: string): HTMLElement {
  const section = el('section', 'obligations', undefined, { 'aria-label': `What the breaches of ${o.id} oblige` });
  section.append(el('h3', undefined, `Obligations (due in ${r.timezone})`));
  for (const w of windows) {
    const block = el('div', `obligation-window${w.atRisk ? ' at-risk' : ''}`, undefined, { 'data-window': w.window });
    const head = el('h4', undefined, w.atRisk
      ? [w.window, ' ', el('span', 'badge status-at-risk', w.certain ? 'certain breach' : 'at risk')]
      : [w.window, ' ', el('span', 'muted', `breach final ${w.final ?? ''}`)]);
    if (!w.atRisk) {
      const button = el('button', 'open-notice', r.scope === 'external' ? 'Open notice' : 'Open incident brief', { type: 'button', title: `Open the ${r.scope === 'external' ? 'consumer notice' : 'incident brief'} of ${o.id} in ${w.window} as a Markdown document` });
      button.addEventListener('click', () => post({ type: 'openNotice', uri, sla: r.sla, objectiveId: o.id, windowLabel: w.window }));
      head.append(' ', button);
    }
    block.append(head);
    if (w.atRisk) {
      block.append(el('p', 'muted', w.certain
        ? `Breached for certain: a failed run stays in the window. The breach is final, and owes${w.projectedCredit ? ` a ${w.projectedCredit} credit and` : ''} what the policy says, when the window ends (${w.ends ?? 'its end'}).`
        : `Breached so far; nothing is owed until the window ends${w.projectedCredit ? ` (a ${w.projectedCredit} credit if it ends so)` : ''}.`));
    } else if (!w.entries.length) {
      block.append(el('p', 'muted', 'The SLA\'s breach policy obliges nothing for this breach (no credits, actions or escalation apply).'));
    } else {
      const list = el('ul');
      for (const e of w.entries) {
        const item = el('li', `obligation kind-${e.kind}${e.overdue ? ' overdue' : ''}`, [el('span', 'kind', e.kind), ' ', e.text]);
        if (e.due) item.append(' — due ', el('time', undefined, e.due), e.overdue ? el('span', 'overdue-mark', ' (overdue)') : '');
        list.append(item);
      }
      block.append(list);
    }
    section.append(block);
  }
  return section;
}

/**
 * Segments (spec §12) as small multiples: one small chart per segment, the breached first, each with
 * its latest window; all on one y range (a 96 % segment lower than a 100 % one), the target labelled on each.
 */
function segmentsSection(o: ObjectiveView): HTMLElement {
  const section = el('section', 'segments', undefined, { 'aria-label': `${o.id} per ${o.segmentsBy ?? 'segment'}` });
  section.append(el('h3', undefined, `Per ${o.segmentsBy ?? 'segment'} (require ${o.segmentsRequire ?? 'all'})`));
  const ordered = [...o.segments!].sort((a, b) => Number(b.status === 'breached') - Number(a.status === 'breached'));
  const grid = el('div', 'small-multiples');
  const views = ordered.map((s): ObjectiveView => ({ ...o, id: `${o.id} · ${s.value}`, status: s.status, windows: s.windows, segments: undefined, series: undefined }));
  const yRange = sharedYRange(views.map((v) => chartData(v)));
  ordered.forEach((s, k) => {
    const one = views[k];
    const cell = el('div', `small-multiple status-${s.status}`, undefined, { 'data-segment': s.value });
    const latest = s.windows[s.windows.length - 1];
    cell.append(el('h4', undefined, [s.value, ' ', badge(s.status, latest?.partial ?? false, latest?.provisional ? latest.provisionalUntil ?? '?' : undefined)]));
    if (latest) cell.append(el('p', 'muted', `${formatWindowValue(latest, o.sliceTarget ?? o.target)} in ${windowLabel(latest).text} — ${formatCount(latest.observations)} observations`));
    cell.append(chart(one, { small: true, yRange }));
    grid.append(cell);
  });
  section.append(grid);
  return section;
}

function windowsTable(r: ReportView, o: ObjectiveView, windows: WindowView[], uri: string): HTMLElement {
  const credits = creditsByWindow(r, o.id);
  const table = el('table', 'windows');
  table.append(el('caption', 'visually-hidden', `Windows of ${o.id}`));
  const headRow = el('tr');
  for (const h of ['Window', 'Status', 'Value', 'Observations', 'Error budget', 'Credit', 'Notes']) headRow.append(el('th', undefined, h, { scope: 'col' }));
  headRow.append(el('th', undefined, el('span', 'visually-hidden', 'Explain'), { scope: 'col' }));
  table.append(el('thead', undefined, headRow));
  const body = el('tbody');
  for (const w of windows) body.append(windowRow(r, o, w, credits.get(w.label), uri));
  table.append(body);
  return el('div', 'table-wrap', table);
}

function windowRow(r: ReportView, o: ObjectiveView, w: WindowView, credit: string | undefined, uri: string): HTMLElement {
  const row = el('tr', `window status-${w.status}${w.partial ? ' partial' : ''}${w.provisional ? ' provisional' : ''}`, undefined, { 'data-window': w.label });
  const label = windowLabel(w);
  activatable(row, `Reveal ${o.id}, window ${label.exact ?? w.label}, in the SLA file`, () => post({ type: 'reveal', uri, objectiveId: o.id, windowLabel: w.label }));
  const notes: string[] = [];
  if (w.partial) notes.push(w.status !== 'breached' ? 'partial window' : w.certain ? 'partial window, breached for certain (a failed run stays): final when it ends' : 'partial window, at risk: breached so far, nothing owed yet');
  if (w.provisional) notes.push('labels still arriving: the verdict may change, no breach or credit yet');
  if (w.exclusionBudgetExceeded) notes.push('exclusion budget exceeded: the latest exclusions count again');
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
    el('td', undefined, badge(w.status, w.partial, w.provisional ? w.provisionalUntil ?? '?' : undefined)),
    el('td', 'num', o.segments && w.value === null && !w.valueRange ? segmentsValueText(o, w) : formatWindowValue(w, o.sliceTarget ?? o.target)),
    el('td', 'num', observations),
    el('td', 'num', budget),
    el('td', 'num', creditText),
    el('td', 'notes', notes.join('; ')),
    el('td', 'explain', explainButton(r, o, w, label.exact ?? w.label, uri)),
  );
  return row;
}

/** Explain the window (spec §8.1): the rank, the counts and the rows behind its value, in a panel. */
function explainButton(r: ReportView, o: ObjectiveView, w: WindowView, label: string, uri: string): HTMLElement {
  const button = el('button', 'explain', 'Explain', { type: 'button', title: `Explain ${o.id} in ${label}: the rank, the counts and the rows behind the value` });
  const explain = (e: Event) => {
    // The row itself reveals the objective: the button only explains.
    e.stopPropagation();
    post({ type: 'explainWindow', uri, sla: r.sla, objectiveId: o.id, windowLabel: w.label });
  };
  button.addEventListener('click', explain);
  button.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); explain(e); } });
  return button;
}
