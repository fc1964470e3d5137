/**
 * `model-sla explain <file> --objective ID --window LABEL [--as-of ISO] [--format text|json]` (spec
 * §8.1): why a window's value is what it is, down to the rows of the metric files (or the series
 * samples) that carried it. The SLA is read and refused as `report` refuses it; the metrics are
 * loaded with their rows' origins through the same access as `report` (never outside `--root`).
 */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeMetricAccess, tokenFromEnvironment } from '../io/metricAccess';
import { readProjectConfig } from '../io/projectConfig';
import { MAX_SLA_FILE_BYTES, readTextFile } from '../io/readTextFile';
import { getLanguageService } from '../service/languageService';
import { reportRefusals } from '../service/compliance';
import { explainWindow } from '../service/explain';
import { evidencePlace, type Evidence, type Explanation } from '../engine/explain';

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
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root ?? '.');
  const full = resolve(cwd, path);
  const file = relative(cwd, full) || full;
  const read = readTextFile(full, { maxBytes: MAX_SLA_FILE_BYTES, what: 'SLA files' });
  if (!read.ok) return { ok: false, messages: [`${file}: ${read.message}`] };
  const config = readProjectConfig(root);
  const access = new NodeMetricAccess(() => [root], 32, { servers: () => config.servers, refused: () => config.refusedServers ?? new Map(), token: tokenFromEnvironment });
  const service = getLanguageService({ metrics: access });
  const text = read.text;
  const document = { uri: pathToFileURL(full).href, version: 1, getText: () => text };
  const errors = reportRefusals(service.validate(document));
  if (errors.length || read.notUtf8) {
    const messages = errors.map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
    if (read.notUtf8) messages.push(`${file}:${read.notUtf8.line}:${read.notUtf8.column} error SLA001 ${read.notUtf8.message}`);
    messages.push(`${file}: not explained: fix the errors above first (model-sla check ${file})`);
    return { ok: false, messages };
  }
  const result = await explainWindow(service.parse(document), access, {
    file, objective: options.objective, window: options.window, asOf: options.asOf, sla: options.sla, segment: options.segment,
    relativePath: (location) => relative(root, location).split('\\').join('/'),
  });
  return result.ok ? { ok: true, explanation: result.explanation, messages: [] } : { ok: false, messages: [`${file}: ${result.message}`] };
}

function evidenceLine(e: Evidence): string {
  const parts = [evidencePlace(e), e.timestamp];
  // A row's value as the file has it (the data, not a rounded view of it).
  if (e.value !== undefined) parts.push(`${e.value}${e.unit ?? ''}`);
  if (e.total !== undefined) parts.push(`${e.good ?? '?'} good of ${e.total}`);
  if (e.samples !== undefined) parts.push(`${e.samples} samples`);
  if (e.dataset !== undefined) parts.push(`dataset ${e.dataset}`);
  return `  ${parts.join('  ')}`;
}

/** How a throughput value was formed from its slices: the slice that is the value, or the mean. */
export function throughputStatisticText(x: Pick<Explanation, 'statistic' | 'valueSlice' | 'slices'>): string {
  const n = x.slices?.withData ?? 0;
  const slice = x.valueSlice ? `the slice [${x.valueSlice.from}, ${x.valueSlice.to}) with ${x.valueSlice.requests} request${x.valueSlice.requests === 1 ? '' : 's'}` : '';
  if (x.statistic === 'mean') return `mean: the unweighted mean of the rates of the ${n} slice${n === 1 ? '' : 's'} with requests`;
  if (x.statistic === 'p5') return `p5 (nearest-rank): the value is the rate of slice ${x.valueSlice?.rank ?? '?'} of ${n} in ascending order of rate, ${slice}`;
  return `min: the value is the rate of the slowest of ${n} slice${n === 1 ? '' : 's'} with requests, ${slice}`;
}

/** The explanation for people: what was measured, how the value was formed, the rows behind it. */
export function explanationText(x: Explanation): string {
  const lines: string[] = [];
  lines.push(`${x.sla} / ${x.objective}${x.segment !== undefined ? ` (segment ${x.segment})` : ''}, window ${x.window} [${x.start}, ${x.end})${x.partial ? ` (partial, as of ${x.asOf})` : ''}${x.clipped ? ' (clipped to the period: only its part inside counts)' : ''}`);
  // Rounded as the report rounds it (never onto the target's side), exact where no double holds it.
  const compared = x.sliceTarget ?? x.target;
  lines.push(`  ${x.display ?? 'n/a'}: ${x.status}${compared ? ` (target ${compared})` : ''}${x.reason ? `, ${x.reason}` : ''}${x.problem ? `: ${x.problem}` : ''}`);
  if (x.segments?.length) lines.push(`  segments${x.segmentsBy ? ` by ${x.segmentsBy}` : ''} in this window: ${x.segments.map((s) => `${s.value} ${s.status}`).join(', ')}`);
  if (x.provisionalUntil) lines.push(`  provisional until ${x.provisionalUntil}: labels are still arriving, the value may change (spec §12)`);
  if (x.exclusionBudgetExceeded) lines.push('  exclusion budget exceeded: the latest exclusions count again');
  lines.push(`  ${x.observations} observation${x.observations === 1 ? '' : 's'} counted, ${x.excluded} excluded${x.belowMinSamples ? `, ${x.belowMinSamples} below minSamples` : ''}${x.otherDataset ? `, ${x.otherDataset} on another dataset` : ''}`);
  for (const g of x.gaps ?? []) lines.push(`  gap: no counted run in [${g.from}, ${g.to})`);
  if (x.method && typeof x.rank === 'number') lines.push(`  ${x.method}: the value is observation ${x.rank} of ${x.observations} in ascending order`);
  else if (x.method && Array.isArray(x.rank)) lines.push(`  ${x.method}: between observations ${x.rank[0]} and ${x.rank[1]} of ${x.observations} in ascending order, weight ${x.weight} on the upper`);
  if (x.total !== undefined && !x.runs) lines.push(`  ${x.good} good of ${x.total}: ${x.total - (x.good ?? 0)} bad`);
  if (x.slices) lines.push(`  slices: ${x.slices.good} good of ${x.slices.counted} counted (${x.slices.withData} with data, ${x.slices.total} in the window)`);
  if (x.statistic) lines.push(`  ${throughputStatisticText(x)}`);
  if (x.badSlices?.length) {
    lines.push(`bad slices${(x.badSliceCount ?? 0) > x.badSlices.length ? ` (first ${x.badSlices.length} of ${x.badSliceCount})` : ''}:`);
    for (const s of x.badSlices) lines.push(`  [${s.from}, ${s.to})${s.requests !== undefined ? `  ${s.requests} requests` : s.total !== undefined ? `  ${s.good} good of ${s.total}` : ''}`);
  }
  if (x.runs) {
    lines.push('runs:');
    for (const r of x.runs) lines.push(`${evidenceLine(r)}  ${r.counted ? 'counted' : `not counted: ${r.why}`}`);
  } else if (x.evidence.length) {
    lines.push(x.method ? 'evidence (the observation at the rank):' : x.total !== undefined ? `evidence (the first ${x.evidence.length === 1 ? 'row' : `${x.evidence.length} rows`} with bad events):` : 'evidence:');
    for (const e of x.evidence) lines.push(evidenceLine(e));
  }
  if (x.note) lines.push(`  note: ${x.note}`);
  return `${lines.join('\n')}\n`;
}
