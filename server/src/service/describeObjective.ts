/**
 * An objective in plain words: what will be computed and when it is met, e.g.
 * "p99 of all latency observations in each calendar month (Europe/Berlin), nearest-rank; met when ≤ 300 ms".
 * Shown on hover over `target`, so both parties read the same sentence.
 */
import { formatQuantity, OPERATOR_WORDS, parseTarget, parseDuration } from '../facts/quantities';

type Objective = Record<string, any>;

function windowWords(window: any, timezone: string | undefined): string {
  const zone = timezone ? timezone : 'UTC — no `period.timezone` set';
  if (window && typeof window === 'object') {
    if (typeof window.calendar === 'string') {
      const unit = window.calendar === 'week' ? 'ISO week (Monday–Sunday)' : `calendar ${window.calendar}`;
      return `in each ${unit} (${zone})`;
    }
    if (typeof window.rolling === 'string') {
      const d = parseDuration(window.rolling);
      return `over the trailing ${d.ok ? formatQuantity(d.value) : window.rolling} ending at the evaluation instant`;
    }
  }
  return 'in a window that is not defined yet';
}

function meets(target: unknown): string {
  if (typeof target !== 'string') return 'the target is not set yet';
  const parsed = parseTarget(target);
  if (!parsed.ok) return `the target \`${target}\` is not valid yet`;
  return `met when ${OPERATOR_WORDS[parsed.value.op]} ${formatQuantity(parsed.value.quantity)}`;
}

export function describeObjective(objective: Objective, timezone?: string): string {
  const windowText = windowWords(objective.window, timezone);
  const slices = objective.budgeting === 'timeslices';
  const sliceText = slices
    ? `; the window meets the objective when ${typeof objective.sliceTarget === 'string' ? meets(objective.sliceTarget).replace(/^met when /, '') : '(no `sliceTarget`)'} of its ${objective.slice ?? '(no `slice`)'} slices with data are good`
    : '';
  const per = slices ? `each ${objective.slice ?? '(no `slice`)'} slice` : 'all';
  switch (objective.indicator) {
    case 'latency': {
      if (objective.threshold !== undefined) {
        return `share of ${slices ? `latency observations in ${per}` : 'all latency observations'} ${windowText} that are ${thresholdWords(objective.threshold)}; ${meets(objective.target)}${sliceText}`;
      }
      const method = objective.percentileMethod ?? 'nearest-rank (default: `percentileMethod` not set)';
      const p = typeof objective.percentile === 'string' ? objective.percentile : 'the percentile (not set)';
      const scope = slices ? `the latency observations of ${per}` : 'all latency observations';
      return `${p} of ${scope} ${windowText}, ${method}; ${meets(objective.target)}${sliceText}`;
    }
    case 'availability': {
      if (objective.method === 'time-based') {
        return `share of ${objective.slice ?? '1m'} slices ${windowText} that are up (a slice is up when its good/total ratio is ${typeof objective.sliceGood === 'string' ? meets(objective.sliceGood).replace(/^met when /, '') : 'not defined: no `sliceGood`'}); ${meets(objective.target)}`;
      }
      return `good events / all events ${slices ? `in ${per}` : ''} ${windowText}, as a percentage; ${meets(objective.target)}${sliceText}`.replace(/\s+/g, ' ');
    }
    case 'accuracy': {
      const e = objective.evaluation ?? {};
      const aggregate = e.aggregate ?? 'every (default: `aggregate` not set)';
      const aggregateWords: Record<string, string> = {
        every: 'every counted evaluation run', latest: 'the latest counted evaluation run', mean: 'the unweighted mean of the counted evaluation runs', min: 'the lowest counted evaluation run',
      };
      const runs = aggregateWords[String(e.aggregate ?? 'every')] ?? aggregate;
      const dataset = e.dataset ? ` on dataset \`${e.dataset}\`` : ' on any dataset (no `evaluation.dataset`)';
      const min = e.minSamples ? `, runs with ≥ ${e.minSamples} labeled samples` : '';
      const cadence = e.cadence ? `, expected ${e.cadence}` : '';
      return `${objective.measure ?? 'the measure'} of ${runs}${dataset}${min}${cadence}, ${windowText}; ${meets(objective.target)}`;
    }
    case 'throughput': {
      const statistic = objective.statistic ?? 'min';
      const words: Record<string, string> = { min: 'the lowest', mean: 'the mean', p5: 'the 5th percentile (nearest-rank)' };
      return `${words[statistic] ?? statistic} of the request rates of the ${objective.slice ?? '1m'} slices with data ${windowText}; ${meets(objective.target)}`;
    }
    default:
      return `${windowText}; ${meets(objective.target)}`;
  }
}

function thresholdWords(threshold: unknown): string {
  if (typeof threshold !== 'string') return 'within the threshold';
  const parsed = parseTarget(threshold);
  return parsed.ok ? `${OPERATOR_WORDS[parsed.value.op]} ${formatQuantity(parsed.value.quantity)}` : `within \`${threshold}\``;
}
