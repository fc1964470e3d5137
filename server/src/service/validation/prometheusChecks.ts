/**
 * SLA002 on Prometheus metrics (spec §10), what the schema cannot say:
 * - every selector is a plain series selector (the official PromQL grammar decides; the finding is
 *   placed on the column inside the YAML string where the grammar stops or the construct starts);
 * - the metric's shape: `histogram` alone, or `total` with at most one of `good` / `bad`;
 * - the objectives using it can be computed from it: availability from counters with `good` or
 *   `bad`, throughput from `total`, latency from a `histogram`; accuracy never (evaluation runs are
 *   not Prometheus series).
 * Whether the server is configured, reachable and has the series is SLA119 (lint/prometheusRules).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import type { SlaDoc, SlaFile } from '../parse';
import { locate, nodeSpan, scalarValueStart, type JsonPath } from '../yamlAst';
import { parseSelector } from '../../engine/prometheus/selector';

const SELECTOR_FIELDS = ['total', 'good', 'bad', 'histogram'] as const;

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The indicators a Prometheus metric of this shape can feed, and what it is called in messages. */
function shapeOf(p: Record<string, any>): { kind: 'histogram' | 'counters' | 'total' | 'unknown'; feeds: string[] } {
  if (p.histogram !== undefined) return { kind: 'histogram', feeds: ['latency'] };
  if (p.total !== undefined && (p.good !== undefined || p.bad !== undefined)) return { kind: 'counters', feeds: ['availability', 'throughput'] };
  if (p.total !== undefined) return { kind: 'total', feeds: ['throughput'] };
  return { kind: 'unknown', feeds: [] };
}

export function prometheusDiagnostics(file: SlaFile, doc: SlaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const value = doc.value as Record<string, any> | undefined;
  if (!isObj(value) || !isObj(value.metrics)) return out;
  const at = (path: JsonPath, message: string, from?: number, to?: number) => {
    if (from !== undefined && to !== undefined) { out.push(makeDiagnostic(file, from, to, 'SLA002', message)); return; }
    const located = locate(doc.yaml, path);
    const span = nodeSpan(located?.node) ?? nodeSpan(located?.pair?.key);
    if (span) out.push(makeDiagnostic(file, span[0], Math.max(span[1], span[0] + 1), 'SLA002', message));
  };
  const promMetrics = new Map<string, ReturnType<typeof shapeOf>>();
  for (const [id, source] of Object.entries<any>(value.metrics)) {
    if (!isObj(source) || !isObj(source.prometheus)) continue;
    const p = source.prometheus;
    const base: JsonPath = ['metrics', id, 'prometheus'];
    for (const field of SELECTOR_FIELDS) {
      const text = p[field];
      if (typeof text !== 'string' || text === '') continue; // the schema's message
      const parsed = parseSelector(text, field === 'histogram' ? ['le'] : []);
      if (parsed.ok) continue;
      const start = scalarValueStart(file.text, doc.yaml, [...base, field], text);
      const message = `\`${field}\` of \`metrics.${id}\`: ${parsed.message}`;
      if (start !== undefined) at([...base, field], message, start + parsed.from, start + Math.min(parsed.to, text.length || 1));
      else at([...base, field], message);
    }
    if (p.histogram !== undefined) {
      const extra = ['total', 'good', 'bad'].filter((k) => p[k] !== undefined);
      for (const k of extra) at([...base, k], `\`${k}\` with \`histogram\` in \`metrics.${id}\`: a histogram brings its own counts (\`_count\` for all, the bucket at the threshold for the good); remove \`${k}\`, or make it a separate metric`);
    } else if (p.total === undefined) {
      at(base, `\`metrics.${id}\` reads nothing: add \`total\` (with \`good\` or \`bad\` for availability) or \`histogram\` (for latency)`);
      for (const k of ['good', 'bad'].filter((x) => p[x] !== undefined)) at([...base, k], `\`${k}\` needs \`total\` in \`metrics.${id}\`: availability is good requests over all requests`);
    }
    if (p.good !== undefined && p.bad !== undefined) at([...base, 'bad'], `\`metrics.${id}\` has both \`good\` and \`bad\`: give one (good = total − bad), or the two could disagree`);
    if (source.unit !== undefined && p.histogram === undefined) at(['metrics', id, 'unit'], `\`unit\` of \`metrics.${id}\` applies to a \`histogram\` (the unit of its \`le\` boundaries); counters count requests and have no unit`);
    promMetrics.set(id, shapeOf(p));
  }
  const objectives: unknown[] = Array.isArray(value.objectives) ? value.objectives : [];
  objectives.forEach((o, index) => {
    if (!isObj(o) || typeof o.metric !== 'string' || typeof o.indicator !== 'string') return;
    const shape = promMetrics.get(o.metric);
    const label = typeof o.id === 'string' ? `objective \`${o.id}\`` : `objective ${index + 1}`;
    // Segments (spec §12) of a Prometheus metric are by a series label: a label name, and not one that splits a series itself.
    const by = shape && isObj(o.segments) ? o.segments.by : undefined;
    if (typeof by === 'string' && by !== '') {
      const why = !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(by) ? `\`${by}\` is not a Prometheus label name (letters, digits and _, not starting with a digit)`
        : by === 'le' ? '`le` is a histogram bucket\'s boundary, not a segment: every bucket is part of every observation\'s count'
        : by === '__name__' ? '`__name__` is the metric name, not a segment: `total` and `good` would fall into different segments'
        : undefined;
      if (why) at(['objectives', index, 'segments', 'by'], `${label}: ${why}; segment by a label the series carry (region, model_version, tenant)`);
    }
    if (!shape || shape.kind === 'unknown' || shape.feeds.includes(o.indicator)) return;
    const need = o.indicator === 'accuracy'
      ? 'accuracy is measured on labeled evaluation runs, which are not Prometheus series: link a metric file of evaluation runs'
      : o.indicator === 'latency' ? 'latency needs a `histogram` (its buckets and count)'
      : o.indicator === 'availability' ? 'availability needs `total` with `good` or `bad`'
      : 'throughput needs `total` (or a file of events)';
    at(['objectives', index, 'metric'], `${label} cannot be computed from \`metrics.${o.metric}\` (${shape.kind === 'histogram' ? 'a histogram' : shape.kind === 'counters' ? 'request counters' : 'a `total` counter'}): ${need}`);
  });
  return out;
}
