/**
 * `model-sla explain <file> --objective ID --window LABEL [--as-of ISO] [--format text|json]` (spec
 * §8.1): why a window's value is what it is, down to the rows of the metric files (or the series
 * samples) that carried it. The SLA is read and refused as `report` refuses it; the metrics are
 * loaded with their rows' origins through the same access as `report` (never outside `--root`).
 */
import { openSla } from './openSla';
import type { Explanation } from '../engine/explain';
import { explainWindow } from '../service/explain';
export { explanationText, throughputStatisticText } from '../engine/render/explanation';

export interface ExplainRunOptions {
  objective: string;
  window: string;
  asOf?: number;
  sla?: string;
  /** Of a segmented objective (spec §12): the segment to explain. */
  segment?: string;
  cwd?: string;
  root?: string;
}

export type ExplainRun = { ok: true; explanation: Explanation; messages: string[] } | { ok: false; messages: string[] };

export async function explainFile(path: string, options: ExplainRunOptions): Promise<ExplainRun> {
  const opened = openSla(path, options, 'explained');
  if (!opened.ok) return opened;
  const { file, parsed, access, relativePath } = opened;
  const result = await explainWindow(parsed, access, {
    file, objective: options.objective, window: options.window, asOf: options.asOf, sla: options.sla, segment: options.segment, relativePath,
  });
  return result.ok ? { ok: true, explanation: result.explanation, messages: [] } : { ok: false, messages: [`${file}: ${result.message}`] };
}
