/**
 * The methodology linter (spec §7): runs every rule on each SLA document of a file. A rule that
 * throws is isolated — its failure is logged through `onRuleError`, the other rules still report.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import type { SlaDoc, SlaFile } from '../parse';
import { keySpan, valueSpan } from '../yamlAst';
import type { FindingSpec, Rule, RuleContext, Sla } from './rule';
import { checkObjectives, isObjectiveRule } from './objectiveRule';
import { accuracyEvaluation } from './rules/accuracyEvaluation';
import { availabilityMethod } from './rules/availabilityMethod';
import { baselinePresent } from './rules/baselinePresent';
import { breachPolicy } from './rules/breachPolicy';
import { descriptionNumbers } from './rules/descriptionNumbers';
import { externalVsInternal } from './rules/externalVsInternal';
import { lowTraffic } from './rules/lowTraffic';
import { measurementPoint } from './rules/measurementPoint';
import { percentileMethod } from './rules/percentileMethod';
import { retrainingExclusion } from './rules/retrainingExclusion';
import { exclusionBudget } from './rules/exclusionBudget';
import { labelDelay } from './rules/labelDelay';
import { timeslices } from './rules/timeslices';
import { timezone } from './rules/timezone';
import { vacuousTargets } from './rules/vacuousTargets';
import { breachTimes } from './rules/breachTimes';
import { creditTiers } from './rules/creditTiers';
import { vagueWords, vagueWordsInObjectives } from './rules/vagueWords';
import { windowWords } from './rules/windowWords';
import { workspaceNames } from './rules/workspaceNames';
import type { WorkspaceIndex } from './workspaceIndex';

export const RULES: readonly Rule[] = [
  percentileMethod, timezone, measurementPoint, availabilityMethod, accuracyEvaluation, retrainingExclusion,
  timeslices, vagueWords, vagueWordsInObjectives, baselinePresent, externalVsInternal, breachPolicy, lowTraffic, windowWords, workspaceNames,
  vacuousTargets, descriptionNumbers, exclusionBudget, labelDelay, breachTimes, creditTiers,
];

export interface LintOptions {
  workspace?: WorkspaceIndex;
  /** Findings computed elsewhere (from the metric files, see dataRules.ts), per document index. */
  extra?: ReadonlyMap<number, readonly FindingSpec[]>;
  rules?: readonly Rule[];
  onRuleError?: (rule: Rule, error: unknown) => void;
}

export function lintDocument(file: SlaFile, doc: SlaDoc, options: LintOptions = {}): Diagnostic[] {
  const sla = doc.value;
  if (!sla || typeof sla !== 'object' || Array.isArray(sla)) return [];
  const out: Diagnostic[] = [];
  const report = (finding: FindingSpec) => {
    const span = 'span' in finding.at
      ? finding.at.span
      : (finding.at.as === 'key' ? keySpan(doc.yaml, finding.at.path) : valueSpan(doc.yaml, finding.at.path)) ?? [doc.start, doc.start];
    const diagnostic = makeDiagnostic(file, span[0], span[1], finding.code, finding.message);
    if (finding.fixes?.length) diagnostic.data = { fixes: finding.fixes, doc: doc.index };
    out.push(diagnostic);
  };
  const context: RuleContext = { file, doc, sla: sla as Sla, workspace: options.workspace, report };
  for (const finding of options.extra?.get(doc.index) ?? []) report(finding);
  const rules = options.rules ?? RULES;
  for (const rule of rules) {
    if (isObjectiveRule(rule)) continue;
    try {
      rule.check(context);
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
  }
  // The rules that judge one objective at a time: one pass, their findings kept per objective.
  checkObjectives(context, rules.filter(isObjectiveRule), options.onRuleError);
  return out;
}
