/**
 * Quick fixes for findings: the mechanical fixes a rule attached (`diagnostic.data.fixes`), "fix
 * all of this code in the file", "disable for this line" and "show documentation".
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { docsUrl } from './diagnostics';
import { isLintCode } from './lint/codes';
import { fixEdits, type Fix } from './lint/fixes';
import { createMetricFileEdit } from './lint/createMetricFile';
import { docAt, eolOf, lineText, offsetAt, type SlaFile } from './parse';
import { pathAtOffset } from './yamlAst';
import { isScalar } from './yamlNodes';

export const SHOW_RULE_DOCS_COMMAND = 'modelSla.showRuleDocs';

interface FixData { fixes: Fix[]; doc: number }

function fixData(d: Diagnostic): FixData | undefined {
  const data = d.data as Partial<FixData> | undefined;
  return data && Array.isArray(data.fixes) && typeof data.doc === 'number' ? (data as FixData) : undefined;
}

/**
 * The fix data of a diagnostic the editor sent: its own `data`, or — the server publishes findings
 * without it (a third of the JSON of every publish on a large file) — that of the same finding (code,
 * message, range) among the current diagnostics.
 */
function fixDataOf(d: Diagnostic, all: Diagnostic[]): FixData | undefined {
  const own = fixData(d);
  if (own || d.data !== undefined) return own;
  const same = all.find((x) => x.code === d.code && x.message === d.message && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character
    && x.range.end.line === d.range.end.line && x.range.end.character === d.range.end.character);
  return same ? fixData(same) : undefined;
}

/** A diagnostic as published: without the fix data, which code actions find again by the finding (`fixDataOf`). */
export function withoutFixData(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.data === undefined) return d;
    const { data: _data, ...rest } = d;
    return rest;
  });
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** What the client can apply, beyond text edits. */
export interface CodeActionOptions {
  /** The client applies CreateFile in a WorkspaceEdit (`workspaceEdit.resourceOperations` has `create`, with `documentChanges`). */
  createFiles?: boolean;
}

/**
 * @param inRange the diagnostics the editor sent for the range (their fix data, or found in `all`)
 * @param all every current diagnostic of the file (for fix-all)
 */
export function codeActions(file: SlaFile, range: Range, inRange: Diagnostic[], all: Diagnostic[], options: CodeActionOptions = {}): CodeAction[] {
  const actions: CodeAction[] = [];
  const edit = (edits: TextEdit[]) => ({ changes: { [file.uri]: edits } });
  const seenCodes = new Set<string>();
  for (const diagnostic of inRange) {
    if (!overlaps(diagnostic.range, range) && diagnostic.range.start.line !== range.start.line) continue;
    const code = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
    const data = fixDataOf(diagnostic, all);
    const doc = data ? file.docs[data.doc] : undefined;
    if (data && doc) {
      for (const fix of data.fixes) {
        if (fix.kind === 'createFile') {
          // Not a text edit of the SLA: only for a client that can create files.
          const created = options.createFiles ? createMetricFileEdit(file, doc, fix) : undefined;
          if (created) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: created });
          continue;
        }
        const edits = fixEdits(file, doc, fix);
        if (edits.length === 0) continue;
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: edit(edits) });
      }
    }
    if (!code || seenCodes.has(code)) continue;
    seenCodes.add(code);
    // Fix all of this code in the file, with each finding's preferred fix.
    const same = all.filter((d) => d.code === code && fixData(d));
    if (same.length > 1) {
      const edits: TextEdit[] = [];
      for (const d of same) {
        const f = fixData(d)!;
        const preferred = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
        const target = file.docs[f.doc];
        if (preferred && target) edits.push(...fixEdits(file, target, preferred));
      }
      if (edits.length) actions.push({ title: `Fix all ${code} in this file (${same.length})`, kind: CodeActionKind.QuickFix, diagnostics: same, edit: edit(dedupe(edits)) });
    }
    if (isLintCode(code)) {
      const line = diagnostic.range.start.line;
      const indent = /^\s*/.exec(lineText(file, line))![0];
      // Inside a multi-line scalar a comment line would become part of the text: only file-wide there.
      if (!insideMultilineScalar(file, diagnostic)) {
        actions.push({
          title: `Disable ${code} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: edit([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# model-sla-disable-next-line ${code}${eolOf(file.text)}` }]),
        });
      }
      actions.push({
        title: `Disable ${code} in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: edit([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# model-sla-disable ${code}${eolOf(file.text)}` }]),
      });
    }
    actions.push({
      title: `Show documentation for ${code}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${code}`, command: SHOW_RULE_DOCS_COMMAND, arguments: [code, docsUrl(code)] },
    });
  }
  return actions;
}

/** Identical insertions (two findings fixed by the same edit) are applied once. */
function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.range.start.line}:${e.range.start.character}:${e.range.end.line}:${e.range.end.character}:${e.newText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the finding starts on a later line of a scalar that began on an earlier one. */
function insideMultilineScalar(file: SlaFile, diagnostic: Diagnostic): boolean {
  const offset = offsetAt(file, diagnostic.range.start);
  const doc = docAt(file, offset);
  const at = doc ? pathAtOffset(doc.yaml, offset) : undefined;
  const node = at?.node;
  if (!isScalar(node) || !node.range) return false;
  return offsetAt(file, { line: diagnostic.range.start.line, character: 0 }) > node.range[0];
}
