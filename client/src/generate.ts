/**
 * What the SLA drives, in the editor (spec §11):
 * - **Generate Prometheus Rules** and **Export as OpenSLO**: the generated file opens as an untitled
 *   YAML document beside the SLA, named `<sla>.rules.yml` / `<sla>.openslo.yaml` so Save puts it next
 *   to the SLA (unnamed when that file exists already);
 * - rules regenerated on save (`modelSla.generate.prometheusRulesOnSave`): `<sla>.rules.yml` is
 *   written beside the SLA each time it is saved — never from an SLA with errors (the last good file
 *   stays), never for an SLA without ratio objectives on Prometheus metrics;
 * - **Import OpenSLO File…**: an OpenSLO file becomes an SLA file where the user says; the linter then
 *   shows what OpenSLO left open.
 * The server turns text into text (lsp/generateRequests.ts); this file reads and writes files and
 * says what happened in the output channel.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GenerateRequest, ImportOpenSloRequest, type GenerateParams } from '../../server/src/protocol/requests';

type What = GenerateParams['what'];
const LABEL: Record<What, string> = { 'prometheus-rules': 'Prometheus rules', openslo: 'OpenSLO documents' };
const SUFFIX: Record<What, string> = { 'prometheus-rules': '.rules.yml', openslo: '.openslo.yaml' };
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

export async function generateCommand(what: What, arg: unknown, client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  const uri = slaDocumentUri(arg);
  if (!uri) { void vscode.window.showInformationMessage(`Model SLA: open an SLA file to generate its ${LABEL[what]}.`); return; }
  if (!client?.isRunning()) { void vscode.window.showErrorMessage('Model SLA: the language server is not running.'); return; }
  const sla = await vscode.workspace.openTextDocument(uri); // the server answers for open documents
  const result = await client.sendRequest(GenerateRequest.type, { uri: sla.uri.toString(), what });
  for (const note of result.notes) output.info(`${vscode.workspace.asRelativePath(uri)}: ${note}`);
  if (result.text === null) {
    const why = result.refused ? `the SLA has errors to fix first (${result.notes[0] ?? ''})` : result.error ?? 'unknown error';
    void vscode.window.showErrorMessage(`Model SLA: no ${LABEL[what]}: ${why}`, result.refused ? 'Show Problems' : 'Show Output').then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (choice) output.show();
    });
    return;
  }
  // Untitled, but named beside the SLA: Save writes it there. Run again: the same document, replaced.
  // When that file exists already (VS Code refuses an untitled name of an existing file), a plain
  // untitled YAML document: comparing it with the file on disk is then one command away.
  const file = generatedUri(uri, SUFFIX[what]);
  const exists = await vscode.workspace.fs.stat(file).then(() => true, () => false);
  let document: vscode.TextDocument;
  if (exists) document = await vscode.workspace.openTextDocument({ language: 'yaml', content: result.text });
  else {
    const target = file.with({ scheme: 'untitled' });
    document = await vscode.workspace.openTextDocument(target);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target, new vscode.Range(0, 0, document.lineCount, 0), result.text);
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  const left = result.notes.length ? ` ${result.notes.length} note${result.notes.length === 1 ? '' : 's'} (what was left out or carried in annotations) in the output.` : '';
  const message = what === 'prometheus-rules'
    ? (result.count ? `Model SLA: rules for ${result.count} objective${result.count === 1 ? '' : 's'}.${left}` : `Model SLA: no objective here can be watched by Prometheus rules (ratio objectives on Prometheus metrics only).${left}`)
    : `Model SLA: ${result.count} SLO${result.count === 1 ? '' : 's'} exported.${left}`;
  // Not awaited: the command is done when the document is shown, not when the message is dismissed.
  void vscode.window.showInformationMessage(message, ...(result.notes.length ? ['Show Output'] : [])).then((choice) => { if (choice) output.show(); });
}

/** Writes `<sla>.rules.yml` beside a saved SLA when the setting is on. */
export async function regenerateOnSave(document: vscode.TextDocument, client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  if (document.languageId !== 'model-sla' || document.uri.scheme !== 'file') return;
  if (!vscode.workspace.getConfiguration('modelSla', document.uri).get<boolean>(RULES_ON_SAVE, false)) return;
  if (!client?.isRunning()) return;
  const name = vscode.workspace.asRelativePath(document.uri);
  const result = await client.sendRequest(GenerateRequest.type, { uri: document.uri.toString(), what: 'prometheus-rules' });
  const target = generatedUri(document.uri, SUFFIX['prometheus-rules']);
  if (result.text === null) {
    output.warn(`${name}: Prometheus rules not regenerated (${result.refused ? `fix the errors first: ${result.notes.join('; ')}` : result.error ?? 'unknown error'}); ${vscode.workspace.asRelativePath(target)} is left as it was`);
    void vscode.window.setStatusBarMessage('$(warning) Model SLA: rules not regenerated — the SLA has errors', 5000);
    return;
  }
  if (result.count === 0) { output.info(`${name}: no objective can be watched by Prometheus rules; nothing written`); return; }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  output.info(`${name}: Prometheus rules regenerated in ${vscode.workspace.asRelativePath(target)} (${result.count} objective${result.count === 1 ? '' : 's'})`);
  void vscode.window.setStatusBarMessage(`$(check) Model SLA: ${vscode.workspace.asRelativePath(target)} regenerated`, 3000);
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
  for (const note of result.notes) output.info(`${sourceName}: ${note}`);
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
