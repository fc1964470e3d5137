/**
 * An objective's exclusions (spec §6, §12) as sorted, merged [from, to) pairs for one interval:
 * one-off entries (`from`, `to`) and scheduled ones (`rrule` + `duration`, engine/schedule.ts),
 * overlapping ones merged so an instant is excluded once. With `exclusionBudget` (a share of the
 * window) the window's excluded time up to asOf is held to the budget: when it is exceeded the
 * latest exclusions are counted again, whole, until it holds, and the window says so
 * (`exclusionBudgetExceeded`).
 */
import { parseDuration, parseTarget } from '../../facts/quantities';
import { occurrences, parseRule, type ParsedRule } from '../schedule';
import { invalid } from './context';
import { parseInstant } from './fields';

interface ParsedList {
  zone: string;
  /** One-off entries, [from, to) with to > from. */
  fixed: [number, number][];
  rules: { rule: ParsedRule; durationMs: number }[];
}

const PARSED = new WeakMap<unknown[], ParsedList>();

function parseList(list: unknown, zone: string): ParsedList | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return invalid('`exclusions` is not a list');
  const known = PARSED.get(list);
  if (known && known.zone === zone) return known;
  const parsed: ParsedList = { zone, fixed: [], rules: [] };
  list.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object') invalid(`exclusion ${i + 1} is not a { reason, from, to } or { reason, rrule, duration } entry`);
    const e = entry as Record<string, unknown>;
    if (e.rrule !== undefined) {
      if (typeof e.rrule !== 'string') invalid(`exclusion ${i + 1} \`rrule\` is not text`);
      const rule = parseRule(e.rrule as string);
      if (!rule.ok) invalid(`exclusion ${i + 1} \`rrule\`: ${rule.problem.message}`);
      const d = typeof e.duration === 'string' ? parseDuration(e.duration) : undefined;
      if (!d || !d.ok || !(d.value.normalized > 0)) invalid(`exclusion ${i + 1} needs a \`duration\` longer than zero (e.g. 3h)`);
      parsed.rules.push({ rule: (rule as { rule: ParsedRule }).rule, durationMs: (d as { value: { normalized: number } }).value.normalized });
      return;
    }
    const from = parseInstant(e.from, zone, `exclusion ${i + 1} \`from\``);
    const to = parseInstant(e.to, zone, `exclusion ${i + 1} \`to\``);
    if (to > from) parsed.fixed.push([from, to]);
  });
  PARSED.set(list, parsed);
  return parsed;
}

/** Sorted pairs merged into from0, to0, from1, to1, … */
function merge(pairs: [number, number][]): Float64Array {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: number[] = [];
  for (const [from, to] of sorted) {
    const n = merged.length;
    if (n && from <= merged[n - 1]) merged[n - 1] = Math.max(merged[n - 1], to);
    else merged.push(from, to);
  }
  return Float64Array.from(merged);
}

/** Time covered by merged pairs inside [from, to). */
export function coveredMs(pairs: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let k = 0; k < pairs.length; k += 2) {
    const a = Math.max(pairs[k], from), b = Math.min(pairs[k + 1], to);
    if (b > a) sum += b - a;
  }
  return sum;
}

export interface IntervalExclusions {
  pairs: Float64Array;
  /** The budget was exceeded: the latest exclusions are counted again (spec §12). */
  budgetExceeded?: boolean;
}

/**
 * The exclusions that apply to [from, to) — the window's evaluated part; `until` (asOf, ≤ to) ends
 * the time the budget counts — merged. Scheduled occurrences are expanded for this span only.
 */
export function exclusionsFor(
  objective: { exclusions?: unknown; exclusionBudget?: unknown },
  zone: string,
  span: { periodStart?: number; from: number; to: number; until?: number },
): IntervalExclusions {
  const all = expand(parseList(objective.exclusions, zone), zone, span.periodStart, span.from, span.to);
  const pairs = merge(all);
  const budget = readBudget(objective.exclusionBudget);
  if (budget === undefined || !(span.to > span.from)) return { pairs };
  const until = Math.min(span.until ?? span.to, span.to);
  const allowed = budget * (span.to - span.from);
  if (coveredMs(pairs, span.from, until) <= allowed) return { pairs };
  // Over budget: the latest exclusions (in start order) are counted again, whole, until it holds.
  const kept = all.filter(([a, b]) => b > span.from && a < until).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let held = merge(kept);
  while (kept.length && coveredMs(held, span.from, until) > allowed) {
    kept.pop();
    held = merge(kept);
  }
  return { pairs: held, budgetExceeded: true };
}

/** The one-off entries and the scheduled occurrences that meet [from, to), unmerged. */
function expand(list: ParsedList | undefined, zone: string, periodStart: number | undefined, from: number, to: number): [number, number][] {
  if (!list) return [];
  const all: [number, number][] = [...list.fixed];
  for (const { rule, durationMs } of list.rules) {
    for (const t of occurrences(rule, zone, periodStart, durationMs, from, to)) all.push([t, t + durationMs]);
  }
  return all;
}

/** `exclusionBudget: 2%` as a share (0.02); undefined when there is none. */
export function readBudget(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === 'string' ? parseTarget(`<= ${value}`) : undefined;
  if (!parsed || !parsed.ok || parsed.value.quantity.unit !== '%') return invalid('`exclusionBudget` is a share of the window such as 2%');
  const share = Number(parsed.value.quantity.number) / 100;
  if (!(share >= 0 && share <= 1)) return invalid('`exclusionBudget` is between 0% and 100%');
  return share;
}

/** Every exclusion's edges over [from, to) (the evaluation edges of a remote source): merged pairs, no budget. */
export function exclusionEdges(objective: { exclusions?: unknown }, zone: string, periodStart: number | undefined, from: number, to: number): Float64Array {
  return merge(expand(parseList(objective.exclusions, zone), zone, periodStart, from, to));
}
