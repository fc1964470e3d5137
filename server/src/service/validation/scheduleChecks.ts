/**
 * SLA002 on scheduled exclusions (spec §12), what the schema cannot say: an `rrule` that is not an
 * RFC 5545 rule the engine can expand (engine/schedule.ts: an unknown part, a weekday `XU`, an hour
 * 25, no FREQ, a DTSTART with `Z`), placed on the part at fault inside the string, and a `duration`
 * of zero (an occurrence that excludes nothing).
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
      if (typeof e.duration === 'string') {
        const d = parseDuration(e.duration);
        if (d.ok && d.value.normalized === 0) at([...base, 'duration'], '`duration` is zero: each occurrence would exclude nothing');
      }
    });
  });
  return out;
}
