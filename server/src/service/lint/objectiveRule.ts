/**
 * Rules that judge one objective at a time. Most of the methodology rules read an objective's plain
 * data and, at most, a few document-level facts (the period's zone, the metric sources); in a
 * 2,000-objective file running them all again after every keystroke was most of what an edit cost.
 *
 * `objectiveRule` runs such a rule per objective and keeps what it reported per objective object:
 * the incremental parse gives an edited objective a new data object and keeps the others (moved,
 * not changed), so after a keystroke only the edited objective is checked again. The
 * memo key holds the objective's index (paths and "objective 3" labels name it) and the rule's
 * document-level facts (`shared(...).key`); spans are kept relative to the objective's node, which
 * may have moved since. The rule itself must read nothing else of the file: its findings must follow
 * from the objective, its index and the shared facts (the random-edit tests compare against fresh
 * services).
 */
import type { FindingSpec, Rule, RuleContext } from './rule';
import type { LintCodeId } from './codes';
import { isSeq } from '../yamlNodes';
import { locate, nodeSpan } from '../yamlAst';

export interface ObjectiveItem {
  objective: Record<string, any>;
  index: number;
  /** `objective \`id\`` or `objective 3`. */
  label: string;
}

export interface ObjectiveRuleSpec<S> {
  codes: LintCodeId[];
  /** The document-level facts the rule reads, and a key that changes whenever they do. */
  shared?: (context: RuleContext) => { key: string; value: S };
  /** Reports the findings of one objective, from it, its index and `shared` alone. */
  check: (item: ObjectiveItem, shared: S, context: RuleContext, report: (finding: FindingSpec) => void) => void;
}

type Kept = FindingSpec & { relative?: boolean };
/** What the objective rules reported for one objective object, per rule (by `ObjectiveRule.slot`). */
interface Entry { index: number; keys: string[]; findings: Kept[][] }

/** A rule built with `objectiveRule`: lintDocument runs all of them in one pass over the objectives. */
export interface ObjectiveRule extends Rule {
  /** This rule's place in an objective's memo entry. */
  readonly slot: number;
  readonly spec: ObjectiveRuleSpec<any>;
}

let slots = 0;

/** A rule checked objective by objective, its findings kept per objective (see above). */
export function objectiveRule<S = undefined>(spec: ObjectiveRuleSpec<S>): ObjectiveRule {
  const rule: ObjectiveRule = {
    codes: spec.codes,
    slot: slots++,
    spec,
    // Alone (outside lintDocument's pass): the same pass over this one rule.
    check: (context) => checkObjectives(context, [rule]),
  };
  return rule;
}

export function isObjectiveRule(rule: Rule): rule is ObjectiveRule {
  return typeof (rule as Partial<ObjectiveRule>).slot === 'number';
}

/** By objective object: one lookup per objective and keystroke, whatever the number of rules. */
const memo = new WeakMap<object, Entry>();
/** The last facts each rule read, so that unchanged facts are the same string (compared by reference first). */
const lastKeys: string[] = [];

/**
 * Runs `rules` over every objective of the document, reporting through `context.report`: from the
 * memo where the objective object, its index and the rule's facts are unchanged, else by checking
 * it. A rule that throws is reported once to `onRuleError` and skipped for the other objectives.
 */
export function checkObjectives(context: RuleContext, rules: readonly ObjectiveRule[], onRuleError?: (rule: Rule, error: unknown) => void): void {
  const list: unknown[] = Array.isArray(context.sla.objectives) ? context.sla.objectives : [];
  if (list.length === 0 || rules.length === 0) return;
  const shared: unknown[] = [];
  const keys: string[] = [];
  const failed = new Set<ObjectiveRule>();
  const fail = (rule: ObjectiveRule, error: unknown) => { failed.add(rule); onRuleError?.(rule, error); };
  for (const rule of rules) {
    let facts: { key: string; value: unknown } = { key: '', value: undefined };
    try { facts = rule.spec.shared?.(context) ?? facts; } catch (error) { fail(rule, error); }
    shared[rule.slot] = facts.value;
    const last = lastKeys[rule.slot];
    keys[rule.slot] = last !== undefined && last === facts.key ? last : (lastKeys[rule.slot] = facts.key);
  }
  const sequence = locate(context.doc.yaml, ['objectives'])?.node;
  const nodes = isSeq(sequence) ? sequence.items : [];
  for (let index = 0; index < list.length; index++) {
    const objective = list[index];
    if (!objective || typeof objective !== 'object' || Array.isArray(objective)) continue;
    const o = objective as Record<string, any>;
    const start = nodeSpan(nodes[index])?.[0];
    let entry = start === undefined ? undefined : memo.get(o);
    if (entry && entry.index !== index) entry = undefined;
    if (!entry) {
      entry = { index, keys: [], findings: [] };
      if (start !== undefined) memo.set(o, entry);
    }
    let item: ObjectiveItem | undefined;
    for (const rule of rules) {
      if (failed.has(rule)) continue;
      const slot = rule.slot;
      let kept = entry.findings[slot];
      if (kept === undefined || entry.keys[slot] !== keys[slot]) {
        item ??= { objective: o, index, label: typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}` };
        const found: Kept[] = [];
        try {
          rule.spec.check(item, shared[slot], context, (finding) => {
            found.push(start !== undefined && 'span' in finding.at
              ? { ...finding, at: { span: [finding.at.span[0] - start, finding.at.span[1] - start] }, relative: true }
              : finding);
          });
        } catch (error) {
          fail(rule, error);
          continue;
        }
        kept = found;
        entry.findings[slot] = kept;
        entry.keys[slot] = keys[slot];
      }
      for (const finding of kept) {
        if (!finding.relative) { context.report(finding); continue; }
        const { relative: _, ...plain } = finding;
        const span = (finding.at as { span: [number, number] }).span;
        context.report({ ...plain, at: { span: [span[0] + start!, span[1] + start!] } });
      }
    }
  }
}
