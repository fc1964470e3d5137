/**
 * SLA120 (spec §10): a slice shorter than twice the scrape interval of the Prometheus series it is
 * cut from. A counter shows its increases only at its samples: with a 30 s scrape and 30 s slices
 * most slices hold one sample or none, so slices alternate between "no data" and holding two
 * scrapes' requests, and a slice's verdict turns on when the scrape happened. Slices are those of
 * `budgeting: timeslices`, time-based availability and throughput (1m when not written).
 */
import { parseDuration } from '../../facts/quantities';
import type { FindingSpec } from './rule';

const ONE_MINUTE = 60_000;

/** A duration for people and for YAML: whole minutes when it is, else whole seconds (rounded up). */
function durationText(ms: number): string {
  if (ms % ONE_MINUTE === 0) return `${ms / ONE_MINUTE}m`;
  return `${Math.ceil(ms / 1000)}s`;
}

export function scrapeSliceFindings(objectives: unknown[], id: string, intervalMs: number | undefined): FindingSpec[] {
  if (intervalMs === undefined || !(intervalMs > 0)) return [];
  const out: FindingSpec[] = [];
  (objectives as Record<string, any>[]).forEach((o, index) => {
    if (!o || typeof o !== 'object' || o.metric !== id) return;
    const sliced = o.budgeting === 'timeslices' || o.indicator === 'throughput' || (o.indicator === 'availability' && o.method === 'time-based');
    if (!sliced) return;
    const written = typeof o.slice === 'string' ? parseDuration(o.slice) : undefined;
    if (o.slice !== undefined && !written?.ok) return; // SLA002 says why
    const sliceMs = written?.ok ? written.value.normalized : ONE_MINUTE;
    if (sliceMs >= 2 * intervalMs) return;
    const label = typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}`;
    const suggested = durationText(Math.max(ONE_MINUTE, Math.ceil((2 * intervalMs) / ONE_MINUTE) * ONE_MINUTE));
    const path = ['objectives', index];
    out.push({
      code: 'SLA120',
      message: `${label}: its ${o.slice === undefined ? 'default slice of 1m' : `slice of ${o.slice}`} is shorter than twice the scrape interval of \`metrics.${id}\` (${durationText(intervalMs)}): most slices hold one sample or none, so a slice's verdict turns on when the scrape happened. Use a slice of at least ${suggested}.`,
      at: o.slice === undefined ? { path: [...path, 'metric'], as: 'value' } : { path: [...path, 'slice'], as: 'value' },
      fixes: [o.slice === undefined
        ? { title: `Add \`slice: ${suggested}\``, kind: 'setKey', path, key: 'slice', value: suggested, preferred: true }
        : { title: `Use \`slice: ${suggested}\``, kind: 'replaceValue', path: [...path, 'slice'], value: suggested, preferred: true }],
    });
  });
  return out;
}
