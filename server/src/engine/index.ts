/**
 * The compliance engine core (spec §5, §9): calendar and rolling windows, exact percentiles, the
 * value of one objective over one interval, baseline suggestions (SLA110) and the observation
 * floor for percentiles (SLA113). Metric ingestion lives in ./metrics.
 */
export * from './windows';
export * from './percentile';
export * from './evaluate';
export * from './baseline';
export * from './minObservations';
export {
  decimalFrac, numberFrac, cmpFrac, fracToNumber, conversion, unitInfo, satisfies, type Frac, type Dimension,
} from './exact';
