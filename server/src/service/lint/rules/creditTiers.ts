/**
 * SLA126: a service-credit tier on the wrong side of its objective's target (spec §6, §8.2). Credits
 * are owed by final breaches; a tier reads "the value is below `below`". So:
 * - a higher-is-better target (`>= 99.9%`): a `below` above the target also credits windows that
 *   meet it (99.95 % with `below: 99.99%`) — a met window owing a credit;
 * - a lower-is-better target (`<= 300ms`): a value *below* a bound is the good side — a `below` at
 *   or under the target never applies to a breach, and one above it credits met windows too.
 * (`below: 0%`, a tier that never applies at all, is SLA124.) And a second entry for the same
 * objective: its tiers merge with the first's in the report, but the tier table shown is the first's.
 */
import { parseQuantity, parseTarget } from '../../../facts/quantities';
import type { Rule } from '../rule';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

export const creditTiers: Rule = {
  codes: ['SLA126'],
  check({ sla, report }) {
    const credits = isObj(sla.breach) && isObj(sla.breach.external) && Array.isArray(sla.breach.external.serviceCredits) ? sla.breach.external.serviceCredits : [];
    const objectives = Array.isArray(sla.objectives) ? sla.objectives.filter(isObj) : [];
    const firstEntry = new Map<unknown, number>();
    credits.forEach((entry: unknown, e: number) => {
      if (!isObj(entry)) return;
      // A second entry for one objective: the report takes every tier of both, the tier table shown
      // in hovers and the preview only the first — one entry per objective says it once.
      const first = firstEntry.get(entry.objective);
      if (first === undefined) firstEntry.set(entry.objective, e);
      else if (typeof entry.objective === 'string') {
        report({
          code: 'SLA126',
          message: `a second \`serviceCredits\` entry for \`${entry.objective}\` (entry ${e + 1}; the first is entry ${first + 1}): the report merges the tiers of both and applies the most severe that matches, while the tier table shown is the first entry's. Write all of an objective's tiers in one entry.`,
          at: { path: ['breach', 'external', 'serviceCredits', e, 'objective'], as: 'value' },
        });
      }
      if (!Array.isArray(entry.tiers)) return;
      const objective = objectives.find((o) => o.id === entry.objective);
      // A timeslice budget's window value is the good-slice share, compared with sliceTarget.
      const targetText = objective ? (typeof objective.sliceTarget === 'string' ? objective.sliceTarget : objective.target) : undefined;
      if (typeof targetText !== 'string') return;
      const target = parseTarget(targetText);
      if (!target.ok) return;
      const higherIsBetter = target.value.op === '>=' || target.value.op === '>';
      entry.tiers.forEach((tier: unknown, t: number) => {
        const raw = isObj(tier) ? tier.below : undefined;
        if (typeof raw !== 'string' && typeof raw !== 'number') return;
        const below = parseQuantity(String(raw));
        if (!below.ok || below.value.normalized <= 0) return;
        // An accuracy ratio (`>= 0.8`) against a percent tier (`below: 85%`) compares as 0.85 (the report's credits do too).
        const tk = target.value.quantity.kind, bk = below.value.kind;
        const b = bk === tk ? below.value.normalized : bk === 'percent' && tk === 'number' ? below.value.normalized / 100 : bk === 'number' && tk === 'percent' ? below.value.normalized * 100 : undefined;
        if (b === undefined) return;
        const goal = target.value.quantity.normalized;
        let why: string | undefined;
        if (higherIsBetter && b > goal) why = `\`below: ${String(raw)}\` is above the target \`${targetText}\`: a window just under ${String(raw)} meets the target yet owes this credit`;
        else if (!higherIsBetter && b <= goal) why = `the target \`${targetText}\` is breached by values above it, and \`below: ${String(raw)}\` applies only to values under ${String(raw)}: this credit is never owed for a breach`;
        else if (!higherIsBetter) why = `\`below: ${String(raw)}\` applies to every value under ${String(raw)}, including windows that meet \`${targetText}\`: for a lower-is-better objective a credit tier cannot say "worse than"`;
        if (!why) return;
        report({
          code: 'SLA126',
          message: `credit tier for \`${String(entry.objective)}\`: ${why}. Credits are owed by breaches (spec §8.2); set each \`below\` on the breached side of the target.`,
          at: { path: ['breach', 'external', 'serviceCredits', e, 'tiers', t, 'below'], as: 'value' },
          // A higher-is-better target: the tier at the target credits exactly the breached windows.
          ...(higherIsBetter && target.value.op === '>=' && bk === tk ? { fixes: [{ title: `Set \`below: ${target.value.quantity.number}${target.value.quantity.unit}\` (the target: a credit for every breach)`, kind: 'replaceValue' as const, path: ['breach', 'external', 'serviceCredits', e, 'tiers', t, 'below'], value: `${target.value.quantity.number}${target.value.quantity.unit}`, preferred: true }] } : {}),
        });
      });
    });
  },
};
