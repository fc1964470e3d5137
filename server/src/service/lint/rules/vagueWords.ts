/** SLA108: vague words in descriptions ("fast", "high availability", "best effort", …). */
import type { FindingSpec, Rule, RuleContext } from '../rule';
import type { JsonPath } from '../../yamlAst';
import { objectiveRule } from '../objectiveRule';
import { documentDescriptionPaths, findInScalar, objectiveDescriptionPaths } from './textSearch';

const VAGUE: Record<string, string> = {
  fast: 'a latency percentile and a bound (`p99 <= 300ms`)',
  quick: 'a latency percentile and a bound',
  quickly: 'a latency percentile and a bound',
  'high availability': 'an availability target (`>= 99.9%`) over a window',
  'highly available': 'an availability target over a window',
  'near real-time': 'a latency bound (`<= 2s`)',
  'near-real-time': 'a latency bound',
  'real-time': 'a latency bound',
  reasonable: 'a number',
  typically: 'a percentile (what happens the other times?)',
  usually: 'a percentile',
  'best effort': 'a target, or say that there is none',
  'best-effort': 'a target, or say that there is none',
  'as soon as possible': 'a deadline (`remediation: { deadline: 14d }`)',
  asap: 'a deadline',
  'low latency': 'a latency percentile and a bound',
  robust: 'a measurable objective',
  accurate: 'a measure and a target (`f1 >= 0.82`)',
  'state of the art': 'a measure and a target',
};
const PATTERN = new RegExp(`\\b(${Object.keys(VAGUE).sort((a, b) => b.length - a.length).map((w) => w.replace(/[-\s]/g, '[-\\s]')).join('|')})\\b`, 'gi');

function reportVague({ file, doc }: RuleContext, path: JsonPath, report: (finding: FindingSpec) => void): void {
  for (const hit of findInScalar(file, doc, path, PATTERN)) {
    const key = hit.word.toLowerCase().replace(/\s+/g, ' ');
    const instead = VAGUE[key] ?? VAGUE[key.replace(/-/g, ' ')] ?? 'a number';
    report({
      code: 'SLA108',
      message: `"${hit.word}" is vague: the provider and the consumer will each read their own number into it. Say it with ${instead}, or drop the word.`,
      at: { span: hit.span },
    });
  }
}

/** SLA108 in the objectives' descriptions, kept per objective (objectiveRule.ts). */
export const vagueWordsInObjectives = objectiveRule({
  codes: ['SLA108'],
  check({ objective, index }, _shared, context, report) {
    for (const path of objectiveDescriptionPaths(objective, index)) reportVague(context, path, report);
  },
});

/** SLA108 in the document's own descriptions (title, metrics, remediation). */
export const vagueWords: Rule = {
  codes: ['SLA108'],
  check(context) {
    for (const path of documentDescriptionPaths(context.sla)) reportVague(context, path, context.report);
  },
};
