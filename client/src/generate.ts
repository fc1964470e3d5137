/**
 * What the SLA drives, in the editor (spec §11):
 * - **Generate Prometheus Rules** and **Export as OpenSLO**: the generated text opens as an untitled
 *   YAML document in the group beside the SLA — named `<sla>.rules.yml` / `<sla>.openslo.yaml` so
 *   Save puts it next to the SLA; when that file exists already, as a diff of the file on disk
 *   (left) against the generated text (right). Running a command again replaces the text of the
 *   document it opened before (while that is open) and reuses its editor group: no pile of
 *   Untitled-N documents, no new groups. An SLA without ratio objectives on Prometheus metrics opens no rules;
 * - rules regenerated on save (`modelSla.generate.prometheusRulesOnSave`): `<sla>.rules.yml` is
 *   written beside the SLA each time it is saved — never from an SLA with errors (the last good file
 *   stays, and a warning says so once until a save regenerates it again), never for an SLA without
 *   ratio objectives on Prometheus metrics;
 * - **Import OpenSLO File…**: an OpenSLO file becomes an SLA file where the user says; the linter then
 *   shows what OpenSLO left open.
 * The server turns text into text (lsp/generateRequests.ts); this file reads and writes files and
 * says what happened in the output channel; generateMessages.ts words it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GenerateRequest, ImportOpenSloRequest, type GenerateResult } from '../../server/src/protocol/requests';
import { LABEL, OncePerDocument, SUFFIX, diffTitle, generatedColumn, generatedMessage, parseRefusal, refusalMessage, type GroupView, type What } from './generateMessages';

export const RULES_ON_SAVE = 'generate.prometheusRulesOnSave';

/** `x.sla.yaml` → `x<suffix>` in the same folder. */
export function generatedUri(sla: vscode.Uri, suffix: string): vscode.Uri {
  return sla.with({ path: sla.path.replace(/(\.sla)?\.ya?ml$/i, '') + suffix });
}

/** The SLA document a command is about: its argument (a uri from a menu) or the active editor's. */
function slaDocumentUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const active = vscode.window.activeTextEditor?.document;
  return active?.languageId === 'model-sla' ? active.uri : undefined;
}

/** `<sla uri> <what>` → the untitled document generated for it last (reused while it is open). */
const generatedDocuments = new Map<string, string>();

const showProblems = (choice: string | undefined, output: vscode.LogOutputChannel) => {
  if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  else if (choice === 'Show Output') output.show();
};

/** Logs why nothing was generated (warn: the SLA's errors; error: a failure) and says it in a notification. */
function refused(what: What, name: string, result: GenerateResult, output: vscode.LogOutputChannel): void {
  if (result.refused) {
    for (const note of result.notes) {
      const error = parseRefusal(note);
      output.warn(error ? `${name}:${error.line}:${error.column} ${error.code} ${error.message}` : `${name}: ${note}`);
    }
    output.warn(`${name}: no ${LABEL[what]}: fix the error${result.notes.length === 1 ? '' : 's'} above first`);
    void vscode.window.showErrorMessage(refusalMessage(what, result.notes), 'Show Problems').then((choice) => showProblems(choice, output));
    return;
  }
  output.error(`${name}: no ${LABEL[what]}: ${result.error ?? 'unknown error'}`);
  void vscode.window.showErrorMessage(`Model SLA: no ${LABEL[what]}: ${result.error ?? 'unknown error'}`, 'Show Output').then((choice) => showProblems(choice, output));
}

export async function generateCommand(what: What, arg: unknown, client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  const uri = slaDocumentUri(arg);
  if (!uri) { void vscode.window.showInformationMessage(`Model SLA: open an SLA file to generate its ${LABEL[what]}.`); return; }
  if (!client?.isRunning()) { void vscode.window.showErrorMessage('Model SLA: the language server is not running.'); return; }
  const sla = await vscode.workspace.openTextDocument(uri); // the server answers for open documents
  const name = vscode.workspace.asRelativePath(uri);
  let result: GenerateResult;
  try {
    result = await client.sendRequest(GenerateRequest.type, { uri: sla.uri.toString(), what });
  } catch (error) {
    result = { text: null, count: 0, notes: [], refused: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (result.text === null) { refused(what, name, result, output); return; }
  for (const note of result.notes) output.info(`${name}: ${note}`);
  const message = generatedMessage(what, result.count, result.notes.length);
  const actions = result.notes.length ? ['Show Output'] : [];
  // Not awaited: the command is done when the document is shown, not when the message is dismissed.
  const say = () => void vscode.window.showInformationMessage(message, ...actions).then((choice) => showProblems(choice, output));
  // No rule to watch: nothing to open (an empty `groups: []` says less than the message).
  if (what === 'prometheus-rules' && result.count === 0) { say(); return; }

  const file = generatedUri(uri, SUFFIX[what]);
  const exists = await vscode.workspace.fs.stat(file).then(() => true, () => false);
  const document = await generatedDocument(`${uri.toString()} ${what}`, file, exists, result.text);
  const column = generatedColumn(groupViews(document.uri, uri));
  const viewColumn = column === 'beside' ? vscode.ViewColumn.Beside : column as vscode.ViewColumn;
  if (exists) {
    // What changed against the file on disk: the file left, the generated text right.
    await vscode.commands.executeCommand('vscode.diff', file, document.uri, diffTitle(file.path.slice(file.path.lastIndexOf('/') + 1)), { viewColumn, preview: false });
  } else {
    await vscode.window.showTextDocument(document, { viewColumn, preview: false });
  }
  say();
}

/**
 * The untitled document holding the generated text. No file there yet: named beside the SLA (Save
 * writes it there; run again, the same document). The file exists — VS Code refuses an untitled
 * name of an existing file — a plain untitled YAML document: the one generated before for this SLA
 * and kind while it is open, else a new one. Its text is replaced by the generated text.
 */
async function generatedDocument(key: string, file: vscode.Uri, exists: boolean, text: string): Promise<vscode.TextDocument> {
  let document: vscode.TextDocument | undefined;
  if (!exists) document = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
  else {
    const previous = generatedDocuments.get(key);
    document = previous === undefined ? undefined : vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === previous);
    document ??= await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  }
  if (document.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
  }
  generatedDocuments.set(key, document.uri.toString());
  return document;
}

/** The editor groups, with whether each shows the generated document (or a diff of it) and the SLA. */
function groupViews(generated: vscode.Uri, sla: vscode.Uri): GroupView[] {
  const same = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();
  return vscode.window.tabGroups.all.map((group) => ({
    viewColumn: group.viewColumn,
    active: group.isActive,
    showsGenerated: group.tabs.some((t) => (t.input instanceof vscode.TabInputText && same(t.input.uri, generated)) || (t.input instanceof vscode.TabInputTextDiff && same(t.input.modified, generated))),
    showsSla: group.tabs.some((t) => t.input instanceof vscode.TabInputText && same(t.input.uri, sla)),
  }));
}

/** Regenerate-on-save's warning, once per SLA until it regenerates again. */
const saveWarnings = new OncePerDocument();

/** Writes `<sla>.rules.yml` beside a saved SLA when the setting is on. */
export async function regenerateOnSave(document: vscode.TextDocument, client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  if (document.languageId !== 'model-sla' || document.uri.scheme !== 'file') return;
  if (!vscode.workspace.getConfiguration('modelSla', document.uri).get<boolean>(RULES_ON_SAVE, false)) return;
  if (!client?.isRunning()) return;
  const name = vscode.workspace.asRelativePath(document.uri);
  const result = await client.sendRequest(GenerateRequest.type, { uri: document.uri.toString(), what: 'prometheus-rules' });
  const target = generatedUri(document.uri, SUFFIX['prometheus-rules']);
  const targetName = vscode.workspace.asRelativePath(target);
  const key = document.uri.toString();
  if (result.text === null) {
    if (result.refused) {
      for (const note of result.notes) {
        const error = parseRefusal(note);
        output.warn(error ? `${name}:${error.line}:${error.column} ${error.code} ${error.message}` : `${name}: ${note}`);
      }
      output.warn(`${name}: Prometheus rules not regenerated: fix the error${result.notes.length === 1 ? '' : 's'} above first; ${targetName} is left as it was`);
    } else {
      output.error(`${name}: Prometheus rules not regenerated (${result.error ?? 'unknown error'}); ${targetName} is left as it was`);
    }
    void vscode.window.setStatusBarMessage(`$(warning) Model SLA: rules not regenerated — ${result.refused ? 'the SLA has errors' : 'see the output'}`, 5000);
    // A notification that stays, once: not again on every save until a save regenerates the rules.
    if (saveWarnings.failed(key)) {
      const why = result.refused ? refusalMessage('prometheus-rules', result.notes).replace(/^Model SLA: no Prometheus rules — /, '') : result.error ?? 'unknown error';
      void vscode.window.showWarningMessage(`Model SLA: ${targetName} was not regenerated on save — ${why}. It keeps the rules of the last good save.`, result.refused ? 'Show Problems' : 'Show Output')
        .then((choice) => showProblems(choice, output));
    }
    return;
  }
  saveWarnings.succeeded(key);
  if (result.count === 0) { output.info(`${name}: no objective can be watched by Prometheus rules; nothing written`); return; }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  output.info(`${name}: Prometheus rules regenerated in ${targetName} (${result.count} objective${result.count === 1 ? '' : 's'})`);
  void vscode.window.setStatusBarMessage(`$(check) Model SLA: ${targetName} regenerated`, 3000);
}

/** `arg`: the OpenSLO file (from the explorer's menu); `to`: where the SLA goes (no save dialog; for scripts and tests). */
export async function importOpenSloCommand(arg: unknown, to: unknown, client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  if (!client?.isRunning()) { void vscode.window.showErrorMessage('Model SLA: the language server is not running.'); return; }
  let source = arg instanceof vscode.Uri ? arg : undefined;
  if (!source) {
    const picked = await vscode.window.showOpenDialog({ title: 'Import OpenSLO file', canSelectMany: false, filters: { 'OpenSLO (YAML)': ['yaml', 'yml'] }, openLabel: 'Import' });
    source = picked?.[0];
  }
  if (!source) return;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(source));
  } catch (error) {
    void vscode.window.showErrorMessage(`Model SLA: ${vscode.workspace.asRelativePath(source)} cannot be read as UTF-8 text (${String(error)})`);
    return;
  }
  const sourceName = vscode.workspace.asRelativePath(source);
  const result = await client.sendRequest(ImportOpenSloRequest.type, { text, source: sourceName });
  // Nothing imported: the notes say why (warn); else they say what to check (info).
  for (const note of result.notes) (result.text === null ? output.warn : output.info).call(output, `${sourceName}: ${note}`);
  for (const s of result.servers.filter((x) => !x.configured)) output.info(`${sourceName}: add the Prometheus server to .model-sla.yaml: servers: { ${s.name}: { url: ${s.url} } }`);
  if (result.text === null) {
    void vscode.window.showErrorMessage(`Model SLA: nothing imported from ${sourceName}: ${result.notes[0] ?? 'no SLO documents'}`, 'Show Output').then((choice) => { if (choice) output.show(); });
    return;
  }
  const stem = source.path.replace(/(\.openslo)?\.ya?ml$/i, '');
  const target = to instanceof vscode.Uri ? to : await vscode.window.showSaveDialog({ title: 'Save the imported SLA', defaultUri: source.with({ path: `${stem}.sla.yaml` }), filters: { 'SLA files': ['sla.yaml', 'yaml'] }, saveLabel: 'Save SLA' });
  if (!target) return;
  const path = /\.sla\.ya?ml$/i.test(target.path) ? target : target.with({ path: target.path.replace(/\.ya?ml$/i, '') + '.sla.yaml' });
  await vscode.workspace.fs.writeFile(path, new TextEncoder().encode(result.text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path));
  void vscode.window.showInformationMessage(
    `Model SLA: ${result.objectives} objective${result.objectives === 1 ? '' : 's'} imported from ${sourceName}. The Problems view shows what OpenSLO left open${result.notes.length ? `; ${result.notes.length} note${result.notes.length === 1 ? '' : 's'} in the output` : ''}.`,
    ...(result.notes.length ? ['Show Output'] : [])).then((choice) => { if (choice) output.show(); });
}
