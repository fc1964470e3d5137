/**
 * Tokens for Prometheus-compatible servers (spec §10), kept in VS Code's secret storage — never in
 * settings, a file, the log or the LSP trace. **Model SLA: Set Server Token** asks for a server name
 * (as `servers:` in .model-sla.yaml names it) and its token, stores it, and restarts the language
 * server, which receives the tokens in its environment at start (a notification would show in the
 * protocol trace).
 */
import * as vscode from 'vscode';
import { SERVER_TOKENS_ENV } from '../../server/src/protocol/requests';

const SECRET_KEY = 'modelSla.serverTokens';

export async function storedTokens(secrets: vscode.SecretStorage): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse((await secrets.get(SECRET_KEY)) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** The server's environment: this process's, plus the stored tokens. */
export async function serverEnvironment(secrets: vscode.SecretStorage): Promise<NodeJS.ProcessEnv> {
  const tokens = await storedTokens(secrets);
  return Object.keys(tokens).length ? { ...process.env, [SERVER_TOKENS_ENV]: JSON.stringify(tokens) } : { ...process.env };
}

/**
 * The command: asks for a server name — one of `configured` (the server's answer: the names under
 * `servers:`), or another typed in — and its token (empty removes it); true when something changed.
 */
export async function setServerToken(secrets: vscode.SecretStorage, configured: string[] = []): Promise<boolean> {
  const tokens = await storedTokens(secrets);
  const OTHER = 'Another server…';
  if (configured.length) {
    const picked = await vscode.window.showQuickPick([...configured.map((n) => ({ label: n, description: n in tokens ? 'has a token' : '' })), { label: OTHER, description: '' }], {
      title: 'Model SLA: Set Server Token (1/2)', placeHolder: 'The server, as `servers:` in .model-sla.yaml names it', ignoreFocusOut: true,
    });
    if (!picked) return false;
    if (picked.label !== OTHER) return storeToken(secrets, tokens, picked.label);
  }
  const name = await vscode.window.showInputBox({
    title: 'Model SLA: Set Server Token (1/2)',
    prompt: 'The server\'s name, as `servers:` in .model-sla.yaml names it',
    placeHolder: 'prod',
    value: Object.keys(tokens)[0] ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[A-Za-z0-9_.-]+$/.test(v.trim()) ? undefined : 'A server name: letters, digits, `_`, `.`, `-`'),
  });
  if (name === undefined) return false;
  return storeToken(secrets, tokens, name);
}

async function storeToken(secrets: vscode.SecretStorage, tokens: Record<string, string>, name: string): Promise<boolean> {
  const token = await vscode.window.showInputBox({
    title: `Model SLA: Set Server Token (2/2): ${name.trim()}`,
    prompt: 'The bearer token (kept in VS Code\'s secret storage; empty removes it)',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return false;
  const key = name.trim();
  if (token.trim() === '') delete tokens[key];
  else tokens[key] = token.trim();
  await secrets.store(SECRET_KEY, JSON.stringify(tokens));
  void vscode.window.showInformationMessage(token.trim() === '' ? `Model SLA: the token of ${key} was removed.` : `Model SLA: the token of ${key} is stored; the language server restarts to use it.`);
  return true;
}
