/** SLA117: "monthly"/"weekly" in a description while the window is rolling, or "30 days" with a calendar window. */
import { objectivePath } from '../rule';
import { objectiveRule } from '../objectiveRule';
import { findInScalar } from './textSearch';

const CALENDAR_WORDS = /\b(monthly|weekly|daily|quarterly|yearly|annual(ly)?|per (calendar )?(month|week|quarter|year)|each (calendar )?(month|week|quarter|year)|every (calendar )?(month|week|quarter|year)|calendar (month|week|quarter|year))\b/gi;
// "within 90 days" (e.g. a label definition) is no window word; "last 30 days" and "30-day window" are.
const ROLLING_WORDS = /\b(rolling|trailing|sliding|(last|past) \d+ ?(days?|d|weeks?|hours?)|\d+[- ]days? (window|period))\b/gi;

/** The cadence values a single word describes ("weekly evaluation" with `cadence: weekly`). */
const CADENCE_WORDS: Record<string, string[]> = { daily: ['daily', '1d', '24h'], weekly: ['weekly', '7d', '1w'], monthly: ['monthly'] };

/** A word about the evaluation cadence, not the window: not flagged. */
function describesCadence(word: string, cadence: unknown): boolean {
  if (typeof cadence !== 'string') return false;
  return CADENCE_WORDS[word.toLowerCase()]?.includes(cadence.replace(/\s+/g, '').toLowerCase()) ?? false;
}

/** The calendar unit a window word names ("monthly", "per calendar week", "annually" …). */
function calendarUnitOf(word: string): string | undefined {
  const w = word.toLowerCase();
  if (/month/.test(w)) return 'month';
  if (/week/.test(w)) return 'week';
  if (/dai|day/.test(w)) return 'day';
  if (/quarter/.test(w)) return 'quarter';
  if (/year|annual/.test(w)) return 'year';
  return undefined;
}

export const windowWords = objectiveRule({
  codes: ['SLA117'],
  check({ objective, index, label }, _shared, { file, doc }, report) {
    if (typeof objective.description !== 'string') return;
    const path = [...objectivePath(index), 'description'];
    if (typeof objective.window?.rolling === 'string') {
      for (const hit of findInScalar(file, doc, path, CALENDAR_WORDS)) {
        if (describesCadence(hit.word, objective.evaluation?.cadence)) continue;
        // Offered, not preferred: the words may be what is wrong, not the window.
        const unit = calendarUnitOf(hit.word);
        report({
          ...(unit ? { fixes: [{ title: `Switch to a calendar window (\`calendar: ${unit}\`)`, kind: 'replaceValue' as const, path: [...objectivePath(index), 'window'], value: `{ calendar: ${unit} }` }] } : {}),
          code: 'SLA117',
          message: `the description of ${label} says "${hit.word}" but the window is \`rolling: ${objective.window.rolling}\`: a calendar month is 28–31 days from the 1st, a rolling window moves every day. Use \`window: { calendar: … }\` or describe it as "over the trailing ${objective.window.rolling}".`,
          at: { span: hit.span },
        });
      }
    } else if (typeof objective.window?.calendar === 'string') {
      for (const hit of findInScalar(file, doc, path, ROLLING_WORDS)) {
        report({
          code: 'SLA117',
          message: `the description of ${label} says "${hit.word}" but the window is \`calendar: ${objective.window.calendar}\`: a calendar ${objective.window.calendar} is not a rolling number of days. Align the words with the window.`,
          at: { span: hit.span },
        });
      }
    }
  },
});
