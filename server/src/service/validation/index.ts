/** All file-level diagnostics of an SLA file, per YAML document, in document order. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { isMap } from '../yamlNodes';
import type { SlaDoc, SlaFile } from '../parse';
import type { SchemaService } from '../schema';
import { lintDocument, type LintOptions } from '../lint';
import { quantityDiagnostics } from './quantityChecks';
import { prometheusDiagnostics } from './prometheusChecks';
import { scheduleDiagnostics } from './scheduleChecks';
import { duplicateNameDiagnostics, referenceDiagnostics } from './references';
import { schemaDiagnostics } from './schemaErrors';
import { syntaxDiagnostics } from './syntax';
import { besideSyntaxErrors } from './afterSyntaxErrors';
import { makeDiagnostic } from '../diagnostics';

/** A document holding nothing but comments (e.g. after a trailing `---`) is not an SLA. */
export function isEmptyDoc(doc: SlaDoc): boolean {
  const contents = doc.yaml.contents;
  return contents === null || contents === undefined || ((contents as { value?: unknown }).value === null && !isMap(contents));
}

const spanKey = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

export function validateFile(file: SlaFile, schema: SchemaService, lint: LintOptions | false = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (file.refused) out.push(makeDiagnostic(file, file.refused.offset, file.refused.offset + 1, 'SLA001', file.refused.message));
  for (const doc of file.docs) {
    const syntax = syntaxDiagnostics(file, doc);
    out.push(...syntax);
    if (doc.valueError || isEmptyDoc(doc)) continue;
    const findings: Diagnostic[] = [];
    // Where both speak about the same value (`>= 101%`, `1e309`), the quantity check says what is
    // wrong with it; the schema only that it does not match a pattern or a type.
    const quantities = quantityDiagnostics(file, doc);
    const spans = new Set(quantities.map(spanKey));
    findings.push(...schemaDiagnostics(file, doc, schema).filter((d) => !spans.has(spanKey(d))));
    findings.push(...quantities);
    findings.push(...prometheusDiagnostics(file, doc));
    findings.push(...scheduleDiagnostics(file, doc));
    findings.push(...referenceDiagnostics(file, doc));
    if (lint) findings.push(...lintDocument(file, doc, lint));
    const keep = besideSyntaxErrors(file, doc, syntax.filter((d) => d.severity === DiagnosticSeverity.Error));
    out.push(...(keep ? findings.filter(keep) : findings));
  }
  out.push(...duplicateNameDiagnostics(file));
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
