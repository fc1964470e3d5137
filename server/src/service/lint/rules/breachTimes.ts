/**
 * SLA125: a breach policy whose times cannot be acted on (spec §6, §8.2), what users get wrong
 * beyond the missing elements SLA112 finds:
 * - an escalation step whose `after` is longer than `remediation.deadline`: the remediation plan is
 *   due before the person who should own it has been told;
 * - a `repeated.within` too short for its `count`: breaches are final at the end of their windows,
 *   so `count` breaches of a calendar window lie at least (count − 1) windows apart, and a `within`
 *   not longer than that can never hold them — the review never triggers.
 */
import { parseDuration } from '../../../facts/quantities';
import type { Rule } from '../rule';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The shortest length of a calendar window (a February, a 90-day quarter, a 365-day year). */
const SHORTEST: Record<string, number> = { day: DAY, week: 7 * DAY, month: 28 * DAY, quarter: 90 * DAY, year: 365 * DAY };
const ms = (x: unknown): number | undefined => {
  if (typeof x !== 'string') return undefined;
  const d = parseDuration(x);
  return d.ok ? d.value.normalized : undefined;
};
const days = (t: number) => `${Math.floor(t / DAY) ? `${Math.floor(t / DAY)}d` : ''}${t % DAY ? `${Math.floor((t % DAY) / HOUR)}h` : ''}` || '0h';

export const breachTimes: Rule = {
  codes: ['SLA125'],
  check({ sla, report }) {
    const breach = isObj(sla.breach) ? sla.breach : undefined;
    if (!breach) return;
    const deadline = isObj(breach.external) && isObj(breach.external.remediation) ? ms(breach.external.remediation.deadline) : undefined;
    if (deadline !== undefined && sla.scope === 'external' && Array.isArray(breach.escalation)) {
      breach.escalation.forEach((step: unknown, i: number) => {
        const after = isObj(step) ? ms(step.after) : undefined;
        if (after === undefined || after <= deadline) return;
        report({
          code: 'SLA125',
          message: `escalation to \`${String((step as Record<string, unknown>).notify ?? '?')}\` after ${String((step as Record<string, unknown>).after)} comes after the remediation plan is due (\`remediation.deadline: ${String(breach.external.remediation.deadline)}\`): whoever this step tells learns of the breach once the plan is already late. If the step is meant for a late plan, say so in a comment and suppress this finding; otherwise escalate before the deadline, or give the plan longer.`,
          at: { path: ['breach', 'escalation', i, 'after'], as: 'value' },
        });
      });
    }
    const repeated = isObj(breach.repeated) ? breach.repeated : undefined;
    const within = repeated ? ms(repeated.within) : undefined;
    const count = repeated && typeof repeated.count === 'number' && Number.isInteger(repeated.count) ? repeated.count : undefined;
    if (within === undefined || count === undefined || count < 2) return;
    // The calendar windows the breaches come from (rolling windows are final at each asOf: any spacing).
    const objectives: unknown[] = Array.isArray(sla.objectives) ? sla.objectives : [];
    const shortest = objectives
      .map((o: unknown) => (isObj(o) && isObj(o.window) && typeof o.window.calendar === 'string' ? SHORTEST[o.window.calendar] : undefined))
      .filter((x: number | undefined): x is number => x !== undefined);
    if (shortest.length === 0 || shortest.length < objectives.length) return;
    // Breaches of different objectives can be final at one instant (the same window end): N objectives
    // give N breaches per end, so `count` breaches need ⌈count / N⌉ ends. A window may be an hour short
    // (the day DST begins): the ends lie at least (ends − 1) × (window − 1 h) apart.
    const ends = Math.ceil(count / shortest.length);
    if (ends < 2) return;
    const step = Math.min(...shortest);
    const needs = (ends - 1) * (step - HOUR);
    if (within > needs) return;
    report({
      code: 'SLA125',
      message: `\`repeated: { count: ${count}, within: ${String(repeated!.within)} }\` can never trigger: breaches are final at the end of their windows, so ${count} of them${shortest.length > 1 ? ` (${shortest.length} objectives, so at most ${shortest.length} at each window end)` : ''} lie at least ${days(needs)} apart (${ends - 1} × the shortest window, ${days(step)}, less an hour for DST), and ${String(repeated!.within)} never holds them. Make \`within\` longer than ${days(needs)}, or lower \`count\`.`,
      at: { path: ['breach', 'repeated', 'within'], as: 'value' },
      fixes: [{ title: `Set \`within: ${Math.floor(needs / DAY) + 1}d\` (the shortest that can hold ${count} breaches)`, kind: 'replaceValue', path: ['breach', 'repeated', 'within'], value: `${Math.floor(needs / DAY) + 1}d`, preferred: true }],
    });
  },
};
