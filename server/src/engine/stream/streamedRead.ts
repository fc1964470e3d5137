/**
 * The end of a streamed read (engine/stream/README.md): a reader's (or the combined ranges') end
 * state with the aggregators' states, as the MetricData the report evaluates — `rows` and the
 * extremes of the rows read, the answers instead of columns.
 */
import { assemble, type ReadState } from '../metrics/rowReader';
import type { MetricData } from '../metrics/types';
import type { AggregateState } from './aggregate';
import { StreamAnswers, streamedMetricData } from './answers';
import type { StreamPlan } from './plan';

/** Streamed reads assembled in this thread (tests check that a report was streamed, not read as rows). */
export const streamedReads = { count: 0 };

export function assembleStreamed(state: ReadState, rows: number, plan: StreamPlan, aggregates: AggregateState[],
  missingColumns: string[], header: string[] | undefined, bytes: number): MetricData {
  const data = assemble(state, missingColumns, header, bytes, { sorted: true, min: NaN, max: NaN });
  // A filter that cannot be applied leaves the metric without rows (assemble says why).
  if (data.filterError !== undefined || rows === 0) return data;
  streamedReads.count++;
  data.minTime = state.minT;
  data.maxTime = state.maxT;
  data.minTimeLine = state.minLine;
  data.maxTimeLine = state.maxLine;
  return streamedMetricData(data, rows, new StreamAnswers(plan, aggregates));
}
