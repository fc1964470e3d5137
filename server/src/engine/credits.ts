/**
 * Service credits (spec §6): the tiers an SLA gives an objective, the credit a window's value
 * earns (exactly: 99.9 % is not below 99.9 %; `below` converted to the value's unit), and the tier
 * table as written, for the views that show it beside the credits owed.
 */
import { cmpFrac, conversion, decimalFrac, mulFrac, numberFrac } from './exact';
import { parseQuantity } from '../facts/quantities';
import type { CreditTier } from './reportTypes';

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : undefined);
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A tier with its bound parsed: `below` the bound's number, `belowUnit` its unit. */
export interface Tier { below: string; belowUnit: string; credit: string }

function serviceCredits(sla: Record<string, unknown>): unknown[] {
  const breach = isObj(sla.breach) ? sla.breach : undefined;
  const external = breach && isObj(breach.external) ? breach.external : undefined;
  return external && Array.isArray(external.serviceCredits) ? external.serviceCredits : [];
}

/** Every usable tier of every `serviceCredits` entry of the objective. */
export function tiersFor(sla: Record<string, unknown>, objectiveId: string): Tier[] {
  const out: Tier[] = [];
  for (const entry of serviceCredits(sla)) {
    if (!isObj(entry) || entry.objective !== objectiveId || !Array.isArray(entry.tiers)) continue;
    for (const tier of entry.tiers) {
      if (!isObj(tier)) continue;
      const below = str(tier.below);
      const credit = str(tier.credit);
      if (below === undefined || credit === undefined) continue;
      const q = parseQuantity(below);
      if (!q.ok) continue;
      out.push({ below: q.value.number, belowUnit: q.value.unit, credit });
    }
  }
  return out;
}

/** The most severe tier (lowest `below`) whose `below` the value is strictly under, exactly. */
export function creditFor(value: number, unit: string, tiers: Tier[]): string | undefined {
  const v = numberFrac(value);
  if (!v) return undefined;
  let best: { bound: ReturnType<typeof mulFrac>; credit: string } | undefined;
  for (const tier of tiers) {
    const b = decimalFrac(tier.below);
    const conv = conversion(tier.belowUnit, unit);
    if (!b || !conv) continue;
    const bound = mulFrac(b, conv);
    if (cmpFrac(v, bound) >= 0) continue;
    if (!best || cmpFrac(bound, best.bound) < 0) best = { bound, credit: tier.credit };
  }
  return best?.credit;
}

/**
 * The objective's tier table as written (its first `serviceCredits` entry; rows whose `below` and
 * `credit` are texts or numbers, numbers as their text), or undefined when that entry has no
 * `tiers` list. Unparsed: the table shows what the SLA says, even a bound the credits cannot use.
 */
export function creditTierTable(sla: Record<string, unknown>, objectiveId: string): CreditTier[] | undefined {
  const entry = serviceCredits(sla).find((c) => isObj(c) && c.objective === objectiveId);
  if (!isObj(entry) || !Array.isArray(entry.tiers)) return undefined;
  const shown = (x: unknown): x is string | number => typeof x === 'string' || typeof x === 'number';
  return entry.tiers
    .filter((t): t is { below: string | number; credit: string | number } => isObj(t) && shown(t.below) && shown(t.credit))
    .map((t) => ({ below: String(t.below), credit: String(t.credit) }));
}
