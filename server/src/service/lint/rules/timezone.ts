/** SLA102: calendar windows without `period.timezone` — whose midnight ends the month? */
import { objectivesOf, type Rule } from '../rule';

/** The zone the editor's machine is in (offered as a fix beside UTC). */
export function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export const timezone: Rule = {
  codes: ['SLA102'],
  check({ sla, report }) {
    if (typeof sla.period?.timezone === 'string' && sla.period.timezone !== '') return;
    const calendar = objectivesOf(sla).filter(({ objective }) => typeof objective.window?.calendar === 'string');
    if (calendar.length === 0) return;
    const names = calendar.map(({ objective }) => `\`${objective.id ?? '?'}\``).slice(0, 3).join(', ');
    const zone = systemTimeZone();
    const fixes = [...new Set([zone, 'UTC'])].map((z, i) => ({
      title: `Add \`period.timezone: ${z}\``, kind: 'setKey' as const, path: ['period'], key: 'timezone', value: z, preferred: i === 0,
    }));
    report({
      code: 'SLA102',
      message: `calendar windows (${names}${calendar.length > 3 ? ', …' : ''}) but no \`period.timezone\`: a month that ends at midnight in Europe/Berlin and one that ends at midnight UTC put different hours of traffic into each window. The tool uses UTC; set \`period.timezone\` to the IANA zone both parties mean.`,
      at: { path: ['period', 'timezone'], as: 'key' }, // on `period`, else the document's first key (spec §9)
      fixes,
    });
  },
};
