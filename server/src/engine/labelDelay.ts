/** An accuracy objective's `evaluation.labelDelay` (spec §12) in ms, or undefined (none, or not a positive duration). */
import { parseDuration } from '../facts/quantities';
import type { ObjectiveSpec } from './evaluate';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function labelDelayOf(o: ObjectiveSpec): number | undefined {
  if (o.indicator !== 'accuracy' || !isObj(o.evaluation) || typeof o.evaluation.labelDelay !== 'string') return undefined;
  const d = parseDuration(o.evaluation.labelDelay);
  return d.ok && d.value.normalized > 0 ? d.value.normalized : undefined;
}
