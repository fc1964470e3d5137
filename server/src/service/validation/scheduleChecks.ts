/**
 * SLA002 on scheduled exclusions and segments (spec §12), what the schema cannot say: an `rrule`
 * that is not an RFC 5545 rule the engine can expand (engine/schedule.ts: an unknown part, a weekday
 * `XU`, an hour 25, no FREQ, a DTSTART with `Z`), placed on the part at fault inside the string; a
 * `duration` of zero (an occurrence that excludes nothing); two `segments.by` columns on one metric.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../diagnostics';
import type { SlaDoc, SlaFile } from '../parse';
import { locate, nodeSpan, scalarValueStart, type JsonPath } from '../yamlAst';
import { parseRule } from '../../engine/schedule';
import { parseDuration } from '../../facts/quantities';

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function scheduleDiagnostics(file: SlaFile, doc: SlaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sla = doc.value;
  if (!isObj(sla) || !Array.isArray(sla.objectives)) return out;
  const at = (path: JsonPath, message: string, from?: number, length?: number) => {
    const span = nodeSpan(locate(doc.yaml, path)?.node);
    if (!span) return;
    const [a, b] = from !== undefined && length !== undefined ? [from, from + length] : span;
    out.push(makeDiagnostic(file, a, Math.max(b, a + 1), 'SLA002', message));
  };
  // Segments (spec §12): one `segments.by` column per metric (it is read with the metric, once).
  const byOfMetric = new Map<string, { by: string; id: string }>();
  sla.objectives.forEach((o: unknown, i: number) => {
    if (!isObj(o) || typeof o.metric !== 'string' || !isObj(o.segments) || typeof o.segments.by !== 'string' || o.segments.by === '') return;
    const first = byOfMetric.get(o.metric);
    if (!first) { byOfMetric.set(o.metric, { by: o.segments.by, id: String(o.id ?? i + 1) }); return; }
    if (first.by !== o.segments.by) {
      at(['objectives', i, 'segments', 'by'], `metric \`${o.metric}\` is segmented by \`${first.by}\` for objective \`${first.id}\`: one \`segments.by\` column per metric — declare a second metric on the same file to segment by \`${o.segments.by}\``);
    }
  });
  sla.objectives.forEach((o: unknown, i: number) => {
    if (!isObj(o) || !Array.isArray(o.exclusions)) return;
    o.exclusions.forEach((e: unknown, j: number) => {
      if (!isObj(e)) return;
      const base: JsonPath = ['objectives', i, 'exclusions', j];
      if (typeof e.rrule === 'string' && e.rrule !== '') {
        const parsed = parseRule(e.rrule);
        if (!parsed.ok) {
          const start = scalarValueStart(file.text, doc.yaml, [...base, 'rrule'], e.rrule);
          const message = `\`rrule\`: ${parsed.problem.message}`;
          if (start !== undefined) at([...base, 'rrule'], message, start + parsed.problem.offset, parsed.problem.length);
          else at([...base, 'rrule'], message);
        }
      }
      if (typeof e.duration === 'string' && e.rrule !== undefined) {
        const d = parseDuration(e.duration);
        // The schema's pattern admits `0s`; the engine needs each occurrence to exclude something.
        if (!d.ok || !(d.value.normalized > 0)) at([...base, 'duration'], `\`duration\` must be longer than zero (e.g. 3h): ${d.ok ? 'each occurrence would exclude nothing' : d.message}`);
      }
    });
  });
  return out;
}
