/** SLA109: no `baseline`, or one shorter than 28 days (`to` inclusive) — targets from aspiration. */
import type { Rule } from '../rule';

const DAY = 86_400_000;

export function baselineDays(from: unknown, to: unknown): number | undefined {
  if (typeof from !== 'string' || typeof to !== 'string') return undefined;
  const a = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return Math.round((b - a) / DAY) + 1;
}

export const baselinePresent: Rule = {
  codes: ['SLA109'],
  check({ sla, report }) {
    const baseline = sla.baseline;
    if (baseline === undefined || baseline === null) {
      report({
        code: 'SLA109',
        message: 'no `baseline`: targets not derived from 4–6 weeks of measured production performance are aspirations and tend to breach from day one. Add `baseline: { from, to, margin }` naming the measured period.',
        // A `baseline:` without a value carries it. Missing, its nearest parent would be the document
        // (`apiVersion` at 1:1, which says nothing): on the `objectives` whose targets it is about.
        at: { path: !('baseline' in sla) && 'objectives' in sla ? ['objectives'] : ['baseline'], as: 'key' },
        fixes: [{ title: 'Add a `baseline` block (fill in the measured dates)', kind: 'insertBlock', path: [], key: 'baseline', lines: ['from: 2026-08-03', 'to: 2026-09-14', 'margin: 5%'], preferred: true }],
      });
      return;
    }
    const days = baselineDays(baseline.from, baseline.to);
    if (days !== undefined && days < 28) {
      const to = Date.parse(`${String(baseline.to).slice(0, 10)}T00:00:00Z`);
      const from = new Date(to - 27 * DAY).toISOString().slice(0, 10);
      report({
        code: 'SLA109',
        message: days < 1
          ? `the baseline ends before it starts (${baseline.from} to ${baseline.to}): it measures nothing. Measure 4–6 weeks of production (\`to\` is inclusive).`
          : `the baseline covers ${days} day${days === 1 ? '' : 's'} (${baseline.from} to ${baseline.to}, inclusive): shorter than 28 days it misses weekly and month-end patterns, so targets set from it will be wrong for some weeks. Measure 4–6 weeks.`,
        at: { path: ['baseline'], as: 'key' },
        fixes: [{ title: `Extend the baseline to 28 days (\`from: ${from}\`)`, kind: 'replaceValue', path: ['baseline', 'from'], value: from, preferred: true }],
      });
    }
  },
};
