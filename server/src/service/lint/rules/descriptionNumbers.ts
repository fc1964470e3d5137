/**
 * SLA123: an objective's description states a different number than the objective itself — "is at
 * least 0.93" over `target: ">= 0.92"`, "at most 250 ms" over `"<= 300ms"`, "the p95" over
 * `percentile: p99`. The two parties will quote different sentences of the same contract.
 *
 * Only numbers that state the bound are compared, to stay clear of the numbers a description
 * rightly holds besides it (a 28-day window, 1-minute slices, 20000 labelled samples, dates):
 * - a quantity right after a comparison ("at least", "at most", "under", "below", "above", "no
 *   more than", "up to", `<=`, `≥`, …) and of the target's kind — a percentage for a % target, a
 *   duration for a duration target (converted: "0.25 s" is 250 ms; one ten times longer or shorter
 *   is about something else, e.g. "alerts after more than 5 minutes"), a bare number for a plain
 *   target (an accuracy measure; an integer followed by a word, "20000 transactions", is a count,
 *   and a number above 1 is never read against a ratio target of at most 1);
 * - that differs from the target and from every other quantity of the objective (`threshold`,
 *   `sliceTarget`, `sliceGood`, `slice`, the window and cadence, `minObservations`, `minSamples`);
 * - and percentiles written `p95` or "95th percentile" against the objective's `percentile`.
 *
 * Quick fixes: set the target to the description's number, or the description's number to the
 * target's.
 */
import { parsePercentile, parseQuantity, parseTarget, type Quantity, type Target } from '../../../facts/quantities';
import type { Fix } from '../fixes';
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';
import { findInScalar } from './textSearch';
import { locate, nodeSpan } from '../../yamlAst';

const COMPARISON = String.raw`(?:at\s+least|at\s+most|no\s+(?:more|less|fewer)\s+than|not\s+(?:more|less)\s+than|(?:less|more|greater|lower|higher|faster|slower)\s+than|under|below|above|exceeds?|up\s+to|<=|>=|≤|≥|<|>)`;
const UNIT = String.raw`(?:\s?%|\s?percent\b|\s?(?:ms|msec|milliseconds?|millis|s|secs?|seconds?|min|mins|minutes?|h|hrs?|hours?)\b)?`;
/** A comparison, then a number (not part of a date, a version or a name), then an optional unit. */
const BOUND = new RegExp(String.raw`\b${COMPARISON}\s+(?<![\w.-])(\d+(?:\.\d+)?)(?![\d.]\d|-\d)(${UNIT})`, 'gi');
const PERCENTILE = /\b[pP](\d{1,2}(?:\.\d+)?)\b|\b(\d{1,2}(?:\.\d+)?)(?:th|st|nd|rd)[-\s]percentile\b/g;

const UNIT_ALIASES: Record<string, string> = {
  '%': '%', percent: '%', ms: 'ms', msec: 'ms', millisecond: 'ms', milliseconds: 'ms', millis: 'ms',
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
};

interface Stated { quantity: Quantity; unitText: string; phrase: string }

/** The quantity a bound in the description states, or undefined when it is not of the target's kind. */
function statedQuantity(number: string, unitText: string, target: Target, after: string): Quantity | undefined {
  const unit = UNIT_ALIASES[unitText.trim().toLowerCase()] ?? '';
  const kind = target.quantity.kind;
  if (unit === '') {
    if (kind !== 'number') return undefined;
    // A count ("20000 chargeback-labelled transactions") is followed by a word; a ratio target is read against ratios only.
    if (!number.includes('.') && /^\s*[A-Za-z(-]/.test(after)) return undefined;
    if (Math.abs(target.quantity.value) <= 1 && Number(number) > 1) return undefined;
  }
  const parsed = parseQuantity(`${number}${unit}`);
  if (!parsed.ok || parsed.value.kind !== kind) return undefined;
  // A duration ten times longer or shorter than the target's is about something else (an alerting
  // delay, a window), not a restatement of the bound.
  if (kind === 'duration' && target.quantity.normalized > 0) {
    const ratio = parsed.value.normalized / target.quantity.normalized;
    if (ratio >= 10 || ratio <= 0.1) return undefined;
  }
  return parsed.value;
}

/** Every quantity the objective itself states, normalized, of the kind `kind`. */
function objectiveQuantities(objective: Record<string, any>, kind: Quantity['kind']): number[] {
  const out: number[] = [];
  const add = (raw: unknown, asTarget: boolean) => {
    if (typeof raw === 'number') { if (kind === 'number') out.push(raw); return; }
    if (typeof raw !== 'string') return;
    const parsed = asTarget ? parseTarget(raw) : parseQuantity(raw);
    const q = parsed.ok ? ('quantity' in parsed.value ? parsed.value.quantity : parsed.value) : undefined;
    if (q && q.kind === kind) out.push(q.normalized);
  };
  for (const key of ['target', 'threshold', 'sliceTarget', 'sliceGood']) add(objective[key], true);
  add(objective.slice, false);
  add(objective.window?.rolling, false);
  add(objective.evaluation?.cadence, false);
  add(objective.minObservations, false);
  add(objective.evaluation?.minSamples, false);
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The target written with another number (same operator, quoted as the schema wants). */
function targetWith(target: Target, q: Quantity): string {
  const unit = q.kind === 'number' ? '' : q.kind === 'percent' ? '%' : q.unit;
  return JSON.stringify(`${target.op} ${q.number}${unit}`);
}

/** The target's number in the words of the description: the number alone when the units agree. */
function descriptionWith(stated: Stated, target: Target): string {
  const t = target.quantity;
  const unit = UNIT_ALIASES[stated.unitText.trim().toLowerCase()] ?? '';
  if (t.kind === 'number' || t.kind === 'percent' || unit === t.unit) return t.number + stated.unitText;
  return `${t.number} ${t.unit}`;
}

export const descriptionNumbers = objectiveRule({
  codes: ['SLA123'],
  check({ objective, index, label }, _shared, { file, doc }, report) {
    if (typeof objective.description !== 'string') return;
    const descriptionPath = [...objectivePath(index), 'description'];
    const targetPath = [...objectivePath(index), 'target'];
    // The objective's own numbers (checked once per objective object: objectiveRule.ts).
    const parsedTarget = typeof objective.target === 'string' ? parseTarget(objective.target) : undefined;
    const target = parsedTarget?.ok ? parsedTarget.value : undefined;
    const known = target ? objectiveQuantities(objective, target.quantity.kind) : [];
    const percentile = typeof objective.percentile === 'string' ? parsePercentile(objective.percentile) : undefined;
    const descriptionEnd = nodeSpan(locate(doc.yaml, descriptionPath)?.node)?.[1] ?? file.text.length;
    if (target) {
      const seen = new Set<string>();
      for (const hit of findInScalar(file, doc, descriptionPath, BOUND)) {
        const m = new RegExp(BOUND.source, 'i').exec(hit.word);
        if (!m) continue;
        const [, number, unitText] = m;
        const numberOffset = m.index + m[0].length - unitText.length - number.length;
        // What follows the number inside the description only: the next line is another key (and
        // the findings of an objective follow from its own text: objectiveRule.ts).
        const after = file.text.slice(hit.span[1], Math.min(hit.span[1] + 20, descriptionEnd));
        const q = statedQuantity(number, unitText, target, after);
        if (!q || known.some((k) => same(k, q.normalized))) continue;
        const key = `${q.normalized}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const nodeStart = nodeSpan(locate(doc.yaml, descriptionPath)?.node)?.[0] ?? hit.span[0];
        const stated: Stated = { quantity: q, unitText, phrase: hit.word.replace(/\s+/g, ' ') };
        const fixes: Fix[] = [
          { title: `Set the target to ${targetWith(target, q)} (as the description says)`, kind: 'replaceValue', path: targetPath, value: targetWith(target, q) },
          {
            title: `Change the description to say ${descriptionWith(stated, target).trim()} (as the target says)`, kind: 'replaceInValue', path: descriptionPath,
            offset: hit.span[0] - nodeStart + numberOffset, expect: number + unitText, value: descriptionWith(stated, target), preferred: true,
          },
        ];
        report({
          code: 'SLA123',
          message: `the description of ${label} says "${stated.phrase}" but its target is \`${objective.target}\`: the provider and the consumer will quote different sentences of the same contract. Make them state the same number.`,
          at: { span: [hit.span[0] + numberOffset, hit.span[0] + numberOffset + number.length + unitText.length] },
          fixes,
        });
      }
    }
    if (percentile?.ok) {
      for (const hit of findInScalar(file, doc, descriptionPath, PERCENTILE)) {
        const m = /(\d{1,2}(?:\.\d+)?)/.exec(hit.word);
        if (!m || same(Number(m[1]), percentile.value.p)) continue;
        report({
          code: 'SLA123',
          message: `the description of ${label} says "${hit.word}" but its percentile is \`${objective.percentile}\`: the provider and the consumer will quote different percentiles of the same contract. Make them the same.`,
          at: { span: hit.span },
        });
      }
    }
  },
});
