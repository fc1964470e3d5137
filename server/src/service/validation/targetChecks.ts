/**
 * SLA002 on targets (`target`, `threshold`, `sliceTarget`, `sliceGood`): what is measured, and
 * whether a comparison can be met or can fail (see quantityChecks.ts's header for the rules).
 * `targetVerdicts` is shared with the linter's SLA124 (lint/rules/vacuousTargets.ts).
 */
import { type Operator, type Quantity } from '../../facts/quantities';
import { unitRangeMeasure } from '../../facts/measures';
import type { JsonPath } from '../yamlAst';
/** The values a compared quantity can take: [0, hi] (hi undefined: unbounded), in the quantity's unit. */
export interface Domain {
  hi?: number;
  /** What is compared, for messages: "a share of requests", "a latency". */
  noun: string;
}

export const FIELD_NOUN: Record<string, string> = {
  sliceTarget: 'the share of good slices',
  sliceGood: "a slice's share of good events",
  threshold: 'a latency observation',
};

export function domainOf(o: Record<string, unknown>, field: string, q: Quantity): Domain {
  let noun = FIELD_NOUN[field];
  if (!noun) {
    const slice = o.budgeting === 'timeslices';
    switch (o.indicator) {
      case 'latency':
        noun = o.threshold !== undefined
          ? `${slice ? "a slice's" : 'the'} share of requests under \`threshold\``
          : slice ? "a slice's latency percentile" : 'a latency percentile';
        break;
      case 'availability': noun = slice ? "a slice's availability" : 'availability'; break;
      case 'throughput': noun = 'throughput'; break;
      case 'accuracy': noun = typeof o.measure === 'string' ? `\`${o.measure}\`` : 'the measure'; break;
      default: noun = 'the value';
    }
  }
  if (q.kind === 'percent') return { hi: 100, noun };
  if (q.kind === 'number' && o.indicator === 'accuracy' && unitRangeMeasure(o.measure)) return { hi: 1, noun };
  return { noun };
}

export interface TargetVerdict {
  /** `impossible`: no value can meet it (SLA002). `vacuous`: every value meets it; `boundary`: only 0 meets it (SLA124). */
  kind: 'impossible' | 'vacuous' | 'boundary';
  path: JsonPath;
  message: string;
}

export const TARGET_FIELDS = ['target', 'threshold', 'sliceTarget', 'sliceGood'] as const;

export function objectiveLabel(o: Record<string, unknown>, index: number): string {
  return typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}`;
}

/** What a comparison promises, given the range of what it compares (see the header). */
export function verdictOf(field: string, raw: string, op: Operator, q: Quantity, d: Domain, label: string): Omit<TargetVerdict, 'path'> | undefined {
  const v = q.value;
  const at = `\`${field}: "${raw.trim()}"\` of ${label}`;
  const zero = `0${q.unit === '%' ? '%' : q.unit ? ` ${q.unit}` : ''}`;
  const top = d.hi === undefined ? '' : q.unit === '%' ? `${d.hi}%` : String(d.hi);
  // What failing / never failing means for each field.
  const never = field === 'threshold' ? 'no observation can meet it, so the share under `threshold` is always 0%'
    : field === 'sliceGood' ? 'no slice can be up' : 'no window can meet it';
  const always = field === 'threshold' ? 'every observation meets it: the share under `threshold` is always 100% and the objective can never be breached'
    : field === 'sliceGood' ? 'every slice with data is up: the objective can never be breached'
    : field === 'sliceTarget' ? 'every window meets it, whatever its slices' : 'every window meets it: the objective can never be breached and promises nothing';
  if (d.hi !== undefined && (v < 0 || v > d.hi)) return undefined; // out of [0, hi]: the range message says so
  if (v < 0) {
    return op === '<' || op === '<='
      ? { kind: 'impossible', message: `${at} can never be met: ${d.noun} is never negative` }
      : { kind: 'impossible', message: `${at} compares ${d.noun} with a negative quantity; it is never negative, so write a bound of 0 or more` };
  }
  if (op === '<' && v === 0) return { kind: 'impossible', message: `${at} can never be met: ${d.noun} is never below ${zero}; ${never}` };
  if (op === '>' && d.hi !== undefined && v === d.hi) return { kind: 'impossible', message: `${at} can never be met: ${d.noun} is at most ${top}; ${never}` };
  if (op === '>=' && v === 0) return { kind: 'vacuous', message: `${at} cannot fail: ${d.noun} is never below ${zero}, so ${always}` };
  if (op === '<=' && d.hi !== undefined && v === d.hi) return { kind: 'vacuous', message: `${at} cannot fail: ${d.noun} is at most ${top}, so ${always}` };
  if (op === '<=' && v === 0) return { kind: 'boundary', message: `${at} is met only when ${d.noun} is exactly ${zero}; in practice it is always breached` };
  return undefined;
}

export function credits(sla: Record<string, any> | undefined): { entry: Record<string, any>; i: number }[] {
  const list: unknown[] = Array.isArray(sla?.breach?.external?.serviceCredits) ? sla!.breach.external.serviceCredits : [];
  return list.flatMap((entry, i) => (entry && typeof entry === 'object' && !Array.isArray(entry) ? [{ entry: entry as Record<string, any>, i }] : []));
}

export function tiersOf(entry: Record<string, any>): { tier: Record<string, any>; j: number }[] {
  const list: unknown[] = Array.isArray(entry.tiers) ? entry.tiers : [];
  return list.flatMap((tier, j) => (tier && typeof tier === 'object' && !Array.isArray(tier) ? [{ tier: tier as Record<string, any>, j }] : []));
}
