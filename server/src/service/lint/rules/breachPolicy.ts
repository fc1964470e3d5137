/**
 * SLA112: an external SLA without service credits, remediation or communication; any SLA without
 * escalation. One finding per missing element (spec §9).
 */
import type { Rule } from '../rule';

export const breachPolicy: Rule = {
  codes: ['SLA112'],
  check({ sla, report }) {
    const breach = sla.breach && typeof sla.breach === 'object' ? sla.breach : undefined;
    const external = breach?.external && typeof breach.external === 'object' ? breach.external : undefined;
    const anchor = (path: (string | number)[]) => ({ path, as: 'key' as const });
    const externalPath = ['breach', 'external'];
    if (sla.scope === 'external') {
      const firstRatio = (Array.isArray(sla.objectives) ? sla.objectives : []).find((o: any) => o?.indicator === 'availability')?.id
        ?? (Array.isArray(sla.objectives) ? sla.objectives[0]?.id : undefined) ?? 'objective-id';
      if (external?.serviceCredits === undefined) {
        report({
          code: 'SLA112',
          message: 'external SLA without `serviceCredits`: a breach of a customer contract with no stated credit leaves the remedy to negotiation after the fact. Add credit tiers per objective.',
          at: anchor([...externalPath, 'serviceCredits']),
          fixes: [{ title: 'Add a `serviceCredits` template', kind: 'insertBlock', path: externalPath, key: 'serviceCredits', lines: [`- objective: ${firstRatio}`, '  tiers:', '    - { below: 99.9%, credit: 10% }', '    - { below: 99.0%, credit: 25% }'], preferred: true }],
        });
      }
      if (external?.remediation === undefined) {
        report({
          code: 'SLA112',
          message: 'external SLA without `remediation`: "we will fix it" without a deadline is not a commitment. Add `remediation: { deadline: 14d }`.',
          at: anchor([...externalPath, 'remediation']),
          fixes: [{ title: 'Add `remediation: { deadline: 14d }`', kind: 'setKey', path: externalPath, key: 'remediation', value: '{ deadline: 14d }', preferred: true }],
        });
      }
      if (external?.communication === undefined) {
        report({
          code: 'SLA112',
          message: 'external SLA without `communication`: who tells the customer about a breach, and through which channel? Add e.g. `communication: [account-executive]`.',
          at: anchor([...externalPath, 'communication']),
          fixes: [{ title: 'Add `communication: [account-executive]`', kind: 'setKey', path: externalPath, key: 'communication', value: '[account-executive]', preferred: true }],
        });
      }
    }
    if (breach?.escalation === undefined) {
      report({
        code: 'SLA112',
        message: 'no `breach.escalation`: without named steps (who is notified after how long) a breach waits for someone to notice it. Add e.g. `- { after: 1h, notify: on-call }`.',
        at: anchor(['breach', 'escalation']),
        fixes: [{ title: 'Add an `escalation` template', kind: 'insertBlock', path: ['breach'], key: 'escalation', lines: ['- { after: 1h, notify: on-call }', '- { after: 24h, notify: engineering-director }'], preferred: true }],
      });
    }
  },
};
