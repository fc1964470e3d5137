/** The rule page of a finding code, shipped in the extension (docs/rules/SLAxxx.md). */
import * as vscode from 'vscode';

/** Only codes of the form SLA123: the argument comes from a quick fix's command. */
export function ruleDocUri(extensionUri: vscode.Uri, code: unknown): vscode.Uri | undefined {
  return typeof code === 'string' && /^SLA\d{3}$/.test(code) ? vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${code}.md`) : undefined;
}
