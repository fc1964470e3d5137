/**
 * SLA112: an external SLA without service credits, remediation or communication; any SLA without
 * escalation. One finding per missing element (spec §9).
 *
 * Fixes: when the mapping that holds the missing elements exists, each finding gets the fix for its
 * own element. When `breach` or `breach.external` is missing, separate fixes would each create it
 * (two `external:` keys are invalid YAML), so every finding gets the same fix adding all missing
 * elements at once — "fix all" applies it once.
 */
import type { Fix, FixEntry } from '../fixes';
import type { Rule } from '../rule';

const isMapping = (x: unknown): x is Record<string, any> => !!x && typeof x === 'object' && !Array.isArray(x);
/** An empty list or mapping is no policy either. */
const missing = (x: unknown) => x === undefined || x === null || (Array.isArray(x) && x.length === 0);

export const breachPolicy: Rule = {
  codes: ['SLA112'],
  check({ sla, report }) {
    const breach = isMapping(sla.breach) ? sla.breach : undefined;
    const external = isMapping(breach?.external) ? breach.external : undefined;
    // Without `breach` the nearest parent is the document (`apiVersion` at 1:1, which says nothing):
    // the external elements sit on `scope` (which asks for them), escalation on `objectives`.
    const anchor = (path: (string | number)[]) => {
      if ('breach' in sla) return { path, as: 'key' as const };
      const on = path[1] === 'external' && 'scope' in sla ? 'scope' : 'objectives' in sla ? 'objectives' : undefined;
      return { path: on ? [on] : path, as: 'key' as const };
    };
    const externalPath = ['breach', 'external'];
    const objectives: any[] = Array.isArray(sla.objectives) ? sla.objectives : [];
    const creditObjective = objectives.find((o) => o?.indicator === 'availability' && typeof o.id === 'string')?.id
      ?? objectives.find((o) => typeof o?.id === 'string')?.id ?? 'objective-id';

    const credits: FixEntry = {
      key: 'serviceCredits',
      block: [`- objective: ${creditObjective}`, '  tiers:', '    - { below: 99.9%, credit: 10% }', '    - { below: 99.0%, credit: 25% }'],
      value: `[{ objective: ${creditObjective}, tiers: [{ below: 99.9%, credit: 10% }, { below: 99.0%, credit: 25% }] }]`,
    };
    const remediation: FixEntry = { key: 'remediation', value: '{ deadline: 14d }' };
    const communication: FixEntry = { key: 'communication', value: '[account-executive]' };
    const escalation: FixEntry = {
      key: 'escalation',
      block: ['- { after: 1h, notify: on-call }', '- { after: 24h, notify: engineering-director }'],
      value: '[{ after: 1h, notify: on-call }, { after: 24h, notify: engineering-director }]',
    };

    const findings: { message: string; path: (string | number)[]; entry: FixEntry; title: string }[] = [];
    if (sla.scope === 'external') {
      if (missing(external?.serviceCredits)) {
        findings.push({
          message: 'external SLA without `serviceCredits`: a breach of a customer contract with no stated credit leaves the remedy to negotiation after the fact. Add credit tiers per objective.',
          path: [...externalPath, 'serviceCredits'], entry: credits, title: 'Add a `serviceCredits` template',
        });
      }
      if (missing(external?.remediation)) {
        findings.push({
          message: 'external SLA without `remediation`: "we will fix it" without a deadline is not a commitment. Add `remediation: { deadline: 14d }`.',
          path: [...externalPath, 'remediation'], entry: remediation, title: 'Add `remediation: { deadline: 14d }`',
        });
      }
      if (missing(external?.communication)) {
        findings.push({
          message: 'external SLA without `communication`: who tells the customer about a breach, and through which channel? Add e.g. `communication: [account-executive]`.',
          path: [...externalPath, 'communication'], entry: communication, title: 'Add `communication: [account-executive]`',
        });
      }
    }
    const externalFindings = findings.length;
    if (missing(breach?.escalation)) {
      findings.push({
        message: 'no `breach.escalation`: without named steps (who is notified after how long) a breach waits for someone to notice it. Add e.g. `- { after: 1h, notify: on-call }`.',
        path: ['breach', 'escalation'], entry: escalation, title: 'Add an `escalation` template',
      });
    }
    if (findings.length === 0) return;

    // A value that is there but is not a mapping (or a list where one is expected) is a schema
    // error; rewriting around it would not help, so no fix is offered then.
    const breachBroken = sla.breach !== undefined && sla.breach !== null && !breach;
    const externalBroken = breach?.external !== undefined && breach.external !== null && !external;
    const blocked = (f: (typeof findings)[number]) => breachBroken || (f.path[1] === 'external' && externalBroken);

    const allEntries = (from: number, to: number) => findings.slice(from, to).map((f) => f.entry);
    const fixFor = (f: (typeof findings)[number], index: number): Fix[] => {
      if (blocked(f)) return [];
      if (!breach || Object.keys(breach).length === 0) {
        // No (or an empty) `breach`: one fix creating it with every missing element.
        const externalEntries = allEntries(0, externalFindings);
        const entries: FixEntry[] = externalEntries.length ? [{
          key: 'external',
          block: externalEntries.flatMap((e) => (e.block ? [`${e.key}:`, ...e.block.map((l) => `  ${l}`)] : [`${e.key}: ${e.value}`])),
          value: `{ ${externalEntries.map((e) => `${e.key}: ${e.value}`).join(', ')} }`,
        }] : [];
        if (findings.length > externalFindings) entries.push(escalation);
        return [{ title: 'Add the missing breach-policy elements', kind: 'setEntries', path: ['breach'], entries, preferred: true }];
      }
      if (index < externalFindings && (!external || Object.keys(external).length === 0) && externalFindings > 1) {
        // No (or an empty) `external`: one fix adding every missing external element to it.
        return [{ title: 'Add `breach.external` with the missing elements', kind: 'setEntries', path: externalPath, entries: allEntries(0, externalFindings), preferred: true }];
      }
      return [{ title: f.title, kind: 'setEntries', path: f.path.slice(0, -1), entries: [f.entry], preferred: true }];
    };
    findings.forEach((f, index) => {
      const fixes = fixFor(f, index);
      report({ code: 'SLA112', message: f.message, at: anchor(f.path), ...(fixes.length ? { fixes } : {}) });
    });
  },
};
