/**
 * SLA003 (unknown references) and SLA004 (duplicates) within one file: `metric:` must name a
 * key of `metrics`; `serviceCredits[].objective` must name an objective id; objective ids are
 * unique in an SLA and SLA names in the file.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { isMap, isSeq } from '../yamlNodes';
import { makeDiagnostic } from '../diagnostics';
import { positionAt, type SlaDoc, type SlaFile } from '../parse';
import { didYouMean } from '../suggest';
import { findPair, keyName, nodeSpan, scalarText } from '../yamlAst';

export function referenceDiagnostics(file: SlaFile, doc: SlaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = doc.yaml.contents;
  if (!isMap(root)) return out;
  const metricsNode = findPair(root, 'metrics')?.value;
  const metricIds = isMap(metricsNode) ? metricsNode.items.map((p) => keyName(p.key)).filter((k): k is string => k !== undefined) : [];
  const objectivesNode = findPair(root, 'objectives')?.value;
  const objectiveIds = new Map<string, number>();
  if (isSeq(objectivesNode)) {
    for (const item of objectivesNode.items) {
      if (!isMap(item)) continue;
      const idNode = findPair(item, 'id')?.value;
      const id = scalarText(idNode);
      const span = nodeSpan(idNode);
      if (id !== undefined && span) {
        const first = objectiveIds.get(id);
        if (first !== undefined) {
          out.push(makeDiagnostic(file, span[0], span[1], 'SLA004', `objective id \`${id}\` is already used on line ${positionAt(file, first).line + 1}; ids must be unique within an SLA so that credits, breaches and reports name one objective`));
        } else objectiveIds.set(id, span[0]);
      }
      const metricNode = findPair(item, 'metric')?.value;
      const metric = scalarText(metricNode);
      const metricSpan = nodeSpan(metricNode);
      if (metric !== undefined && metricSpan && isMap(metricsNode) && !metricIds.includes(metric)) {
        const known = metricIds.length ? `; defined metrics: ${metricIds.map((m) => `\`${m}\``).join(', ')}` : '; `metrics` defines none';
        const hint = didYouMean(metric, metricIds);
        out.push(makeDiagnostic(file, metricSpan[0], metricSpan[1], 'SLA003', `unknown metric \`${metric}\`: \`metric\` must name a key of \`metrics\`${hint || known}`));
      }
    }
  }
  const credits = findPair(findPair(findPair(root, 'breach')?.value, 'external')?.value, 'serviceCredits')?.value;
  if (isSeq(credits) && isSeq(objectivesNode)) {
    for (const credit of credits.items) {
      const refNode = findPair(credit, 'objective')?.value;
      const ref = scalarText(refNode);
      const span = nodeSpan(refNode);
      if (ref !== undefined && span && !objectiveIds.has(ref)) {
        const hint = didYouMean(ref, objectiveIds.keys());
        out.push(makeDiagnostic(file, span[0], span[1], 'SLA003', `unknown objective \`${ref}\`: service credits must name the \`id\` of an objective of this SLA${hint || `; ids: ${[...objectiveIds.keys()].map((i) => `\`${i}\``).join(', ')}`}`));
      }
    }
  }
  return out;
}

/** SLA004 across the documents of one file: each SLA needs its own `metadata.name`. */
export function duplicateNameDiagnostics(file: SlaFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  for (const doc of file.docs) {
    const nameNode = findPair(findPair(doc.yaml.contents, 'metadata')?.value, 'name')?.value;
    const name = scalarText(nameNode);
    const span = nodeSpan(nameNode);
    if (name === undefined || !span) continue;
    const first = seen.get(name);
    if (first !== undefined) {
      out.push(makeDiagnostic(file, span[0], span[1], 'SLA004', `SLA name \`${name}\` is already used on line ${positionAt(file, first).line + 1}; every SLA needs its own \`metadata.name\` (reports and credits are keyed by it)`));
    } else seen.set(name, span[0]);
  }
  return out;
}
