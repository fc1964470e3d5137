/**
 * A notice (engine/notice.ts) as Markdown — for pasting into a ticket or an email — and as text.
 * Instants are wall time in the SLA's zone with the zone named (and UTC beside it); every number is
 * the report's, verbatim. Text from the SLA file (names, descriptions, actions) is escaped: in
 * Markdown it cannot open a link, an image or a tag, or break a table row.
 */
import type { Notice, NoticeBreach } from '../notice';
import { explanationText } from './explanation';
import { escapeControl, escapeMarkdown as md } from './escape';
import { zonedInstant } from './zonedInstant';

const zoned = (n: Notice, iso: string) => zonedInstant(iso, n.timezone);
/** Wall time in the notice's zone without the zone (`2026-09-01 00:00`): the zone is named once beside it. */
const wall = (n: Notice, iso: string) => zonedInstant(iso, n.timezone).split(' ').slice(0, 2).join(' ');
const windowSpan = (n: Notice, b: NoticeBreach) => `${wall(n, b.start)} – ${wall(n, b.end)} ${n.timezone}`;
/** The measured value as people read it, and exactly when rounding changed it. */
const measured = (b: NoticeBreach) => b.display ?? b.value;
/** The report's own value when rounding changed it (said once, under the table). */
const unrounded = (b: NoticeBreach) => (b.display && b.display !== b.value ? b.value : undefined);
const count = (n: number) => n.toLocaleString('en-US');
/** "overdue" is the one word for a due date asOf has passed, everywhere (report, preview, lens, hover, notice). */
const overdue = (n: Notice, due: string) => (Date.parse(due) < Date.parse(n.asOf) ? ' (overdue)' : '');
const observationsOf = (b: NoticeBreach) => `${count(b.observations)}${b.segments?.length ? ' (all segments)' : ''}`;
const compared = (b: NoticeBreach) => b.sliceTarget ? `${b.sliceTarget} of slices (each ${b.target})` : b.target;
const tierText = (b: NoticeBreach) => (b.credit?.tiers?.length ? ` The SLA's tiers: ${b.credit.tiers.map((t) => `below ${t.below} → ${t.credit}`).join(', ')}; the most severe tier the value is under applies.` : '');

/** The heading line of the notice. */
export function noticeTitle(n: Notice): string {
  const what = n.breaches.map((b) => b.objective).join(', ');
  return n.kind === 'consumer-notice'
    ? `Service level notice: ${n.title ?? n.sla}, ${what}, ${n.window}`
    : `Incident brief: ${what} breached in ${n.window} (${n.sla})`;
}

export function noticeMarkdown(n: Notice): string {
  const out: string[] = [`# ${md(noticeTitle(n))}`, ''];
  const meta = [
    n.kind === 'consumer-notice' && n.consumer ? `**To:** ${md(n.consumer)}` : '',
    n.kind === 'consumer-notice' && n.provider ? `**From:** ${md(n.provider)}` : '',
    `**SLA:** ${md(n.sla)}${n.model ? ` (model ${md(n.model)})` : ''}, ${md(n.file)}`,
    `**As of:** ${zoned(n, n.asOf)}`,
  ].filter(Boolean);
  out.push(meta.join('  \n'), '');
  for (const b of n.breaches) {
    if (n.breaches.length > 1) out.push(`## ${md(b.objective)}`, '');
    const h = n.breaches.length > 1 ? '###' : '##';
    out.push(`${h} What was promised`, '');
    out.push(`${md(b.objective)}${b.indicator !== b.objective ? ` (${md(b.indicator)})` : ''}: ${md(compared(b))} in each window.${b.description ? ` ${md(b.description)}` : ''}`, '');
    out.push(`${h} What was measured`, '');
    out.push(`Window ${md(b.window)}: ${windowSpan(n, b)}.`, '');
    out.push(`| measured | target | observations | excluded |`, '|---|---|---|---|');
    out.push(`| **${md(measured(b))}** | ${md(compared(b))} | ${observationsOf(b)} | ${count(b.excluded)} |`, '');
    if (unrounded(b)) out.push(`The value before rounding, as the report has it: ${md(unrounded(b)!)}.`, '');
    if (b.segments?.length) out.push(`Segments that missed: ${b.segments.map(md).join(', ')}.`, '');
    out.push(`The breach became final on ${zoned(n, b.finalAt)}.${b.exclusionBudgetExceeded ? ' The exclusions exceeded the exclusion budget: the latest of them were counted again.' : ''}`, '');
    if (n.kind === 'consumer-notice') {
      out.push(`${h} Service credit`, '');
      out.push(b.credit ? `A credit of **${md(b.credit.amount)}** is owed${b.credit.to ? ` to ${md(b.credit.to)}` : ''} for ${md(b.window)}.${md(tierText(b))}` : `No credit tier applies to ${md(measured(b))}.`, '');
      out.push(`${h} Remediation`, '');
      out.push(b.remediationDue ? `${b.remediation ? `Remediation — ${md(b.remediation)} —` : 'A remediation plan'} is due by **${zoned(n, b.remediationDue)}**${overdue(n, b.remediationDue)}.` : 'The SLA sets no remediation deadline.', '');
      if (b.communication.length) out.push(`Also informed: ${b.communication.map(md).join(', ')}.`, '');
    } else {
      out.push(`${h} Actions`, '');
      out.push(...(b.actions.length ? b.actions.map((a) => `- [ ] ${md(a)}`) : ['The SLA names no internal actions.']), '');
    }
    // The escalation chain is the provider's own: in the incident brief, not in the consumer's notice.
    if (b.escalation.length && n.kind === 'incident-brief') {
      out.push(`${h} Escalation timeline`, '', '| due | notify |', '|---|---|');
      for (const e of b.escalation) out.push(`| ${zoned(n, e.due)}${overdue(n, e.due)} | ${md(e.notify)} |`);
      out.push('');
    }
    if (b.review) out.push(`**Repeated breaches:** this breach ${b.review.completes ? 'completes' : 'is one of'} ${b.review.breaches.length} (${b.review.breaches.map(md).join(', ')}) that call for ${md(b.review.action)}.`, '');
    out.push(`${h} Data quality`, '');
    if (b.dataIssues.length) {
      out.push(`${b.dataIssueCount} data issue${b.dataIssueCount === 1 ? '' : 's'} of the measurement${b.dataIssueCount > b.dataIssues.length ? ` (the first ${b.dataIssues.length})` : ''}:`, '');
      out.push(...b.dataIssues.map((d) => `- ${md(d)}`), '');
    } else out.push('No data issue touched this window.', '');
    if (n.kind === 'incident-brief') {
      if (b.explanation) out.push(`${h} How the value was formed (model-sla explain)`, '', '```text', explanationText(b.explanation).split('\n').map(escapeControl).join('\n').replace(/```/g, "'''").trimEnd(), '```', '');
      out.push(`${h} Blameless post-mortem`, '', '_Systems and decisions, not people._', '');
      out.push('- **Summary:** ', `- **Impact:** ${md(b.objective)} measured ${md(measured(b))} against ${md(compared(b))} in ${md(b.window)} (${observationsOf(b)} observations).`,
        '- **Detection:** ', '- **Timeline:** ', '- **Contributing factors:** ', '- **What went well:** ', '- **What could be better:** ', '- **Action items (owner, due):** ', '');
    }
  }
  if (n.notFinal?.length) out.push('## Not final yet', '', ...n.notFinal.map((x) => `- ${md(x)}`), '');
  return out.join('\n').replace(/\n+$/, '\n');
}

export function noticeText(n: Notice): string {
  const out: string[] = [noticeTitle(n), ''];
  if (n.kind === 'consumer-notice' && n.consumer) out.push(`To: ${n.consumer}${n.provider ? `  From: ${n.provider}` : ''}`);
  out.push(`SLA ${n.sla}${n.model ? ` (model ${n.model})` : ''}, ${n.file}, as of ${zoned(n, n.asOf)}`, '');
  for (const b of n.breaches) {
    out.push(`${b.objective} (${b.indicator}), window ${b.window} (${windowSpan(n, b)})`);
    out.push(`  promised: ${compared(b)}${b.description ? ` — ${b.description}` : ''}`);
    out.push(`  measured: ${measured(b)}${unrounded(b) ? ` (unrounded ${unrounded(b)})` : ''} (${observationsOf(b)} observations, ${count(b.excluded)} excluded)${b.segments?.length ? `; missed in ${b.segments.join(', ')}` : ''}`);
    out.push(`  final:    ${zoned(n, b.finalAt)}`);
    if (n.kind === 'consumer-notice') {
      out.push(`  credit:   ${b.credit ? `${b.credit.amount}${b.credit.to ? ` to ${b.credit.to}` : ''}` : 'none'}`);
      out.push(`  remediation due: ${b.remediationDue ? `${zoned(n, b.remediationDue)}${overdue(n, b.remediationDue)}${b.remediation ? ` — ${b.remediation}` : ''}` : 'no deadline set'}`);
      if (b.communication.length) out.push(`  inform:   ${b.communication.join(', ')}`);
    } else if (b.actions.length) out.push(`  actions:  ${b.actions.join(', ')}`);
    if (n.kind === 'incident-brief') for (const e of b.escalation) out.push(`  escalate: ${zoned(n, e.due)}${overdue(n, e.due)} notify ${e.notify}`);
    if (b.review) out.push(`  repeated: ${b.review.completes ? 'completes' : 'one of'} ${b.review.breaches.length} breaches calling for ${b.review.action} (${b.review.breaches.join(', ')})`);
    out.push(b.dataIssues.length ? `  data issues (${b.dataIssueCount}):` : '  data issues: none in this window');
    for (const d of b.dataIssues) out.push(`    ${d}`);
    if (n.kind === 'incident-brief' && b.explanation) out.push('', ...explanationText(b.explanation).trimEnd().split('\n').map((l) => `  ${l}`));
    out.push('');
  }
  for (const x of n.notFinal ?? []) out.push(`not final yet: ${x}`);
  return out.map(escapeControl).join('\n').replace(/\n+$/, '\n');
}
