/**
 * "Model SLA: New SLA File" (the walkthrough's first button): a new `*.sla.yaml` that starts from
 * the schema's **new SLA** snippet — the same text completion offers in an empty file, with its
 * placeholders to tab through. In a workspace the user names the file (saved next to the others);
 * without one it opens as an untitled SLA document.
 */
import * as vscode from 'vscode';

/** Set once a new SLA file was created: the walkthrough's first step completes on it. */
export const CREATED_CONTEXT = 'modelSla.slaFileCreated';

/** A file name the user typed, made an SLA file name: `fraud` / `fraud.yaml` → `fraud.sla.yaml`. */
export function slaFileName(path: string): string {
  if (/\.sla\.ya?ml$/i.test(path)) return path;
  return `${path.replace(/\.ya?ml$/i, '')}.sla.yaml`;
}

/** `template`: the snippet text from the language server (`modelSla/newSlaTemplate`). */
export async function createSlaFile(template: (uri?: vscode.Uri) => Promise<string | undefined>): Promise<boolean> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  let target: vscode.Uri | undefined;
  if (folder) {
    const picked = await vscode.window.showSaveDialog({
      title: 'New SLA file',
      defaultUri: vscode.Uri.joinPath(folder.uri, 'my-model.sla.yaml'),
      filters: { 'SLA files': ['sla.yaml', 'yaml', 'yml'] },
      saveLabel: 'Create',
    });
    if (!picked) return false;
    target = picked.with({ path: slaFileName(picked.path) });
  }
  // Asked with the file's uri: the server fills in the workspace's metric files and names the SLA after the file.
  let snippet: string | undefined;
  try {
    snippet = await template(target);
  } catch {
    snippet = undefined;
  }
  if (!snippet) {
    void vscode.window.showErrorMessage('Model SLA: the language server is not running; the new SLA template is not available.');
    return false;
  }
  let document: vscode.TextDocument;
  if (target) {
    await vscode.workspace.fs.writeFile(target, new Uint8Array());
    document = await vscode.workspace.openTextDocument(target);
  } else {
    document = await vscode.workspace.openTextDocument({ language: 'model-sla', content: '' });
  }
  const editor = await vscode.window.showTextDocument(document);
  await editor.insertSnippet(new vscode.SnippetString(snippet), new vscode.Range(0, 0, document.lineCount, 0));
  await vscode.commands.executeCommand('setContext', CREATED_CONTEXT, true);
  return true;
}
