/**
 * SLA124: a target that cannot fail (`>= 0%`, `<= 100%`, `>= 0ms`, a `threshold` every observation
 * meets), one that holds only at exactly zero (`<= 0ms`: in practice always breached), and a
 * service-credit tier that can never apply (`below: 0%`). Such an objective promises nothing (or
 * breaches forever), which no reader of the contract intends. A target that can never be *met*
 * (`> 100%`, `< 0ms`) is an error, SLA002 (validation/quantityChecks.ts, which judges both).
 */
import { targetVerdicts } from '../../validation/quantityChecks';
import type { Rule } from '../rule';

export const vacuousTargets: Rule = {
  codes: ['SLA124'],
  check({ sla, report }) {
    for (const verdict of targetVerdicts(sla)) {
      if (verdict.kind === 'impossible') continue;
      report({ code: 'SLA124', message: verdict.message, at: { path: verdict.path, as: 'value' } });
    }
  },
};
