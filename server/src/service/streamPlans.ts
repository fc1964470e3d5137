/**
 * The streamed-read plans (engine/stream/plan.ts) of every SLA document a `model-sla report` run
 * covers, united per metric file: an internal and an external SLA on the same large file then share
 * one streamed read, as they share one read of its rows (the read's cache key holds the plan).
 * Documents whose own plan fails, or a union past the plan's window cap, keep their own reads.
 */
import { MAX_STREAM_CELLS, streamPlan, type StreamPlan } from '../engine/stream/plan';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

export class StreamPlans {
  /** United plan per metric key; null: too large to unite, each document plans for itself. */
  private readonly united = new Map<string, StreamPlan | null>();

  /** `asOf`: the run's, when given (the plans' windows end there). */
  constructor(readonly asOf?: number) {}

  /** Adds the plans of one SLA document (at `slaUri`) for each of its metrics. */
  add(sla: Record<string, unknown>, slaUri: string): void {
    for (const id of isObj(sla.metrics) ? Object.keys(sla.metrics) : []) {
      const planned = streamPlan(sla, id, this.asOf);
      const key = metricKey(sla, slaUri, id);
      if (!planned.ok || key === undefined) continue;
      const had = this.united.get(key);
      if (had === null) continue;
      this.united.set(key, had === undefined ? planned.plan : unite(had, planned.plan));
    }
  }

  /** The united plan for metric `id` of `sla`, or undefined (the document's own plan applies). */
  planFor(sla: Record<string, unknown>, slaUri: string, id: string): StreamPlan | undefined {
    const key = metricKey(sla, slaUri, id);
    return key === undefined ? undefined : this.united.get(key) ?? undefined;
  }
}

/** The same file read the same way: the file (relative to the SLA), the spec, the zone. */
function metricKey(sla: Record<string, unknown>, slaUri: string, id: string): string | undefined {
  const spec = isObj(sla.metrics) ? sla.metrics[id] : undefined;
  if (!isObj(spec) || typeof spec.file !== 'string') return undefined;
  let file: string;
  try { file = new URL(spec.file, slaUri).href; } catch { return undefined; }
  const zone = isObj(sla.period) && typeof sla.period.timezone === 'string' ? sla.period.timezone : 'UTC';
  return JSON.stringify([file, { ...spec, file: undefined }, zone]);
}

/** Both plans' targets (each once), or null past the window cap. */
function unite(a: StreamPlan, b: StreamPlan): StreamPlan | null {
  const seen = new Set(a.targets.map((t) => JSON.stringify(t)));
  const added = b.targets.filter((t) => !seen.has(JSON.stringify(t)));
  const cells = a.cells + added.reduce((n, t) => n + t.from.length, 0);
  if (cells > MAX_STREAM_CELLS) return null;
  return { targets: [...a.targets, ...added], cells };
}
