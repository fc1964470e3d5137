/**
 * An explanation (spec §8.1) for people, as `model-sla explain` prints it: what was measured, how the
 * value was formed, the rows behind it (file and line, or series and instant). Pure: the CLI prints
 * it, the incident brief (render/notice.ts) quotes it.
 */
import { evidencePlace, type Evidence, type Explanation } from '../explain';

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
