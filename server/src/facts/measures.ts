/**
 * The accuracy measures an objective may name (`measure:`, spec §5.4): the one table. Which way is
 * better decides how `baseline.margin` and `aggregate: min` apply and which target operator makes
 * sense; the range decides which metric values are impossible (a precision of 85 is a data issue,
 * an RMSE of 85 is not). The JSON schema's `measure` enum and its descriptions are this table
 * (test/unit/facts.test.ts holds them equal: the schema file is also read by other YAML tools, so
 * it is written out rather than generated at run time).
 */

export type MeasureDirection = 'higher-is-better' | 'lower-is-better';

export interface Measure {
  name: string;
  direction: MeasureDirection;
  /** `unit`: a share in [0, 1] (or 0–100 %); `non-negative`: an error or loss, 0 at best, unbounded above. */
  range: 'unit' | 'non-negative';
  /** The schema's enum description (what completion and hover show). */
  description: string;
}

export const MEASURES: readonly Measure[] = [
  { name: 'accuracy', direction: 'higher-is-better', range: 'unit', description: 'Share of correct predictions (higher is better).' },
  { name: 'precision', direction: 'higher-is-better', range: 'unit', description: 'True positives / predicted positives (higher is better).' },
  { name: 'recall', direction: 'higher-is-better', range: 'unit', description: 'True positives / actual positives (higher is better).' },
  { name: 'f1', direction: 'higher-is-better', range: 'unit', description: 'Harmonic mean of precision and recall (higher is better).' },
  { name: 'auc', direction: 'higher-is-better', range: 'unit', description: 'Area under the ROC curve (higher is better).' },
  { name: 'rmse', direction: 'lower-is-better', range: 'non-negative', description: 'Root mean squared error (lower is better).' },
  { name: 'mse', direction: 'lower-is-better', range: 'non-negative', description: 'Mean squared error (lower is better).' },
  { name: 'mae', direction: 'lower-is-better', range: 'non-negative', description: 'Mean absolute error (lower is better).' },
  { name: 'log-loss', direction: 'lower-is-better', range: 'non-negative', description: 'Logarithmic loss / cross-entropy (lower is better).' },
  { name: 'mape', direction: 'lower-is-better', range: 'non-negative', description: 'Mean absolute percentage error (lower is better).' },
];

const BY_NAME = new Map(MEASURES.map((m) => [m.name, m]));

/** The measure named (exactly, as the schema's enum), or undefined for a name the format does not know. */
export function measureNamed(name: unknown): Measure | undefined {
  return typeof name === 'string' ? BY_NAME.get(name) : undefined;
}

/** An error or loss: smaller values are better (`<=` targets). */
export function lowerIsBetterMeasure(name: unknown): boolean {
  return measureNamed(name)?.direction === 'lower-is-better';
}

/** A share in [0, 1] (precision, f1, …): a number outside it can never be a value of the measure. */
export function unitRangeMeasure(name: unknown): boolean {
  return measureNamed(name)?.range === 'unit';
}
