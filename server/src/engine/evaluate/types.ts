/**
 * The public shapes of the evaluation: an objective as written (every field may be missing or
 * malformed), the options of one evaluation and its result. Re-exported by `./index.ts`.
 */
import type { PercentileMethod } from '../percentile';

/** One-off (`from`, `to`) or scheduled (`rrule`, `duration`: spec §12). */
export interface ExclusionSpec {
  reason?: string;
  from?: unknown;
  to?: unknown;
  rrule?: unknown;
  duration?: unknown;
}

export interface EvaluationSpec {
  cadence?: unknown;
  dataset?: unknown;
  minSamples?: unknown;
  aggregate?: unknown;
}

/** An objective as written in the SLA (spec §5); every field may be missing or malformed. */
export interface ObjectiveSpec {
  id?: unknown;
  indicator?: unknown;
  metric?: unknown;
  target?: unknown;
  window?: unknown;
  percentile?: unknown;
  percentileMethod?: unknown;
  threshold?: unknown;
  method?: unknown;
  sliceGood?: unknown;
  measure?: unknown;
  evaluation?: EvaluationSpec | unknown;
  statistic?: unknown;
  budgeting?: unknown;
  slice?: unknown;
  sliceTarget?: unknown;
  emptySlices?: unknown;
  minObservations?: unknown;
  exclusions?: ExclusionSpec[] | unknown;
  /** At most this share of a window excluded (spec §12), e.g. `2%`. */
  exclusionBudget?: unknown;
  [key: string]: unknown;
}

export interface EvaluateOptions {
  /** Nothing at or after asOf counts (spec §9). */
  asOf?: number;
  /**
   * The SLA's period (spec §9 "The period clips"): nothing before `start` or at/after `end` counts.
   * Slice and cadence grids stay aligned to the interval's start; slices and cadence periods
   * outside the period are not counted, one that straddles its edge counts its inside part.
   */
  period?: { start?: number; end?: number };
  /** Unit of the reported value (default: the target's unit; `%` for timeslice budgets). */
  targetUnit?: string;
  /** IANA zone for exclusion instants without offset and for daily/weekly/monthly cadences (default UTC). */
  timezone?: string;
  /** Also say which rows made the value (`IntervalResult.trace`, spec §8.1): costs one more pass. */
  explain?: boolean;
}

/**
 * Which rows made a value (spec §8.1), as row indices into the evaluated MetricData (engine/explain.ts
 * turns them into file lines or series samples):
 * - `percentile`: the 1-based rank(s) of the counted values (two for `linear`, with the weight of the
 *   upper one) and a row holding the value at each;
 * - `ratio`: Σgood and Σtotal, and the first rows (in time) with bad events;
 * - `slices`: the bad slices, [from, to) with their good/total where the slice is a ratio.
 * Accuracy says its runs in `IntervalResult.runs`.
 */
export type IntervalTrace =
  | { kind: 'percentile'; method: 'nearest-rank' | 'linear'; ranks: number[]; weight?: { num: string; den: string }; rows: number[]; observations: number }
  | { kind: 'ratio'; good: number; total: number; badRows: number[] }
  | { kind: 'slices'; bad: { from: number; to: number; good?: number; total?: number }[]; badCount: number }
  /**
   * Throughput: the slice whose rate is the value (min, p5: its `rank` among the slices with rows;
   * none for mean) and the slices below the target (requests as `total`).
   */
  | { kind: 'rate'; statistic: 'min' | 'mean' | 'p5'; slice?: { from: number; to: number; requests: number; rank?: number }; bad: { from: number; to: number; total: number }[]; badCount: number };

export type Status = 'met' | 'breached' | 'no-data';

export interface SliceCounts {
  /** Slices up to asOf (a throughput slice still running at asOf is left out). */
  total: number;
  /** Slices with data (at least one observation, and at least `minObservations` when set). */
  withData: number;
  /** Numerator of the value: good slices with data, plus empty slices when `emptySlices: good`. */
  good: number;
  /** Denominator of the value: slices with data, plus empty slices unless `emptySlices: ignore`. */
  counted: number;
  /** Slices with some observations but fewer than `minObservations` (counted as empty). */
  sparse?: number;
  /** Slices entirely inside `exclusions`: neither data nor empty, left out of `counted`. */
  excluded?: number;
}

export interface AccuracyRuns {
  /** Row indices (into the metric data) of the counted runs, in time order. */
  counted: number[];
  /** Dropped by `exclusions`. */
  excluded: number[];
  /** Another dataset than `evaluation.dataset`. */
  otherDataset: number[];
  /** Fewer labeled samples than `evaluation.minSamples`. */
  belowMinSamples: number[];
}

export interface IntervalResult {
  /** The measured value in `unit`; null when there was nothing to measure. */
  value: number | null;
  unit: string;
  /** Counted observations (events; Σ total for pre-aggregated rows; counted runs for accuracy). */
  observations: number;
  /** Observations (or runs) dropped by `exclusions`. */
  excluded: number;
  belowMinSamples?: number;
  otherDataset?: number;
  slices?: SliceCounts;
  gaps?: { from: number; to: number }[];
  runs?: AccuracyRuns;
  /** With `EvaluateOptions.explain`: which rows made the value. */
  trace?: IntervalTrace;
  /** The exclusions would remove more than `exclusionBudget` of the window: the latest were counted again (spec §12). */
  exclusionBudgetExceeded?: boolean;
  status: Status;
  /**
   * A breach more data cannot undo (accuracy with `aggregate: every` or `min`: a failed run stays in
   * the window). A partial window so breached is not "at risk": it will end breached.
   */
  certain?: boolean;
  /** Why the status is no-data (when it is). */
  reason?: 'no-observations' | 'min-observations' | 'gaps' | 'invalid';
  /** For `reason: 'invalid'`: what in the objective (or data) prevents the computation. */
  problem?: string;
  /**
   * The exact decimal of `value` when no double holds it (a decimal from the file with more than
   * 15 significant digits): `value` is then the nearest double.
   */
  valueText?: string;
  /** Defaults applied for missing fields (`percentileMethod`, `aggregate`, `slice`, `statistic`, `emptySlices`, `method`). */
  defaults?: string[];
  /**
   * A percentile from a histogram (spec §10): the bucket (lower, upper] that holds the rank, in `unit`
   * (upper may be Infinity); `value` is then null and the verdict exact.
   */
  valueRange?: [number, number];
  /** Percentile form: the method used and the nearest-rank rank / linear lower position (1-based). */
  percentile?: { method: PercentileMethod; rank: number };
}
