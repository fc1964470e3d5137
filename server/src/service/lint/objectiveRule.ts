/**
 * Rules that judge one objective at a time. Most of the methodology rules read an objective's plain
 * data and, at most, a few document-level facts (the period's zone, the metric sources); in a
 * 2,000-objective file running them all again after every keystroke was most of what an edit cost.
 *
 * `objectiveRule` runs such a rule per objective and keeps what it reported per objective object: the incremental parse gives an edited objective a new data object and keeps the
 * others (moved, not changed), so after a keystroke only the edited objective is checked again. The
 * memo key holds the objective's index (paths and "objective 3" labels name it) and the rule's
 * document-level facts (`shared(...).key`); spans are kept relative to the objective's node, which
 * may have moved since. The rule itself must read nothing else of the file: its findings must follow
 * from the objective, its index and the shared facts (the random-edit tests compare against fresh
 * services).
 */
import { objectivesOf, type FindingSpec, type Rule, type RuleContext } from './rule';
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
  /** A name unique among the rules (it keys the memo). */
  name: string;
  codes: LintCodeId[];
  /** The document-level facts the rule reads, and a key that changes whenever they do. */
  shared?: (context: RuleContext) => { key: string; value: S };
  /** Reports the findings of one objective, from it, its index and `shared` alone. */
  check: (item: ObjectiveItem, shared: S, context: RuleContext, report: (finding: FindingSpec) => void) => void;
}

type Kept = FindingSpec & { relative?: boolean };
interface Entry { index: number; key: string; findings: Kept[] }

/** A rule checked objective by objective, its findings kept per objective (see above). */
export function objectiveRule<S = undefined>(spec: ObjectiveRuleSpec<S>): Rule {
  // One memo per rule, by objective object: a keystroke in a 2,000-objective file looks up each
  // objective once per rule (a string key per objective, as in objectiveMemo.ts, was a third of it).
  const memo = new WeakMap<object, Entry>();
  let lastKey = '';
  return {
    codes: spec.codes,
    check(context) {
      const shared = spec.shared?.(context) ?? { key: '', value: undefined as S };
      // The same facts as last time: the same string, compared by reference below.
      const key = shared.key === lastKey ? lastKey : (lastKey = shared.key);
      const items = objectivesOf(context.sla);
      if (items.length === 0) return;
      const sequence = locate(context.doc.yaml, ['objectives'])?.node;
      const nodes = isSeq(sequence) ? sequence.items : [];
      for (const item of items) {
        const start = nodeSpan(nodes[item.index])?.[0];
        if (start === undefined) { spec.check(item, shared.value, context, context.report); continue; }
        let entry = memo.get(item.objective);
        if (!entry || entry.index !== item.index || entry.key !== key) {
          const findings: Kept[] = [];
          spec.check(item, shared.value, context, (finding) => {
            findings.push('span' in finding.at ? { ...finding, at: { span: [finding.at.span[0] - start, finding.at.span[1] - start] }, relative: true } : finding);
          });
          memo.set(item.objective, (entry = { index: item.index, key, findings }));
        }
        for (const finding of entry.findings) {
          if (!finding.relative) { context.report(finding); continue; }
          const { relative: _, ...plain } = finding;
          const span = (finding.at as { span: [number, number] }).span;
          context.report({ ...plain, at: { span: [span[0] + start, span[1] + start] } });
        }
      }
    },
  };
}
