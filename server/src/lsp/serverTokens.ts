/**
 * Tokens of Prometheus servers in the editor (spec §10): the extension keeps them in VS Code's
 * secret storage and hands them to the server in its environment at start (client/src/
 * serverTokens.ts) — never in a message, which the LSP trace would show. Read once, then removed
 * from the environment so that nothing the server starts inherits them.
 */
import { SERVER_TOKENS_ENV } from '../protocol/requests';

/** `{"prod": "…"}` from SERVER_TOKENS_ENV (the extension restarts the server after a change). */
export function serverTokensFromEnvironment(): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const parsed: unknown = JSON.parse(process.env[SERVER_TOKENS_ENV] ?? '{}');
    if (parsed && typeof parsed === 'object') for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && v) out.set(k, v);
  } catch { /* no tokens */ }
  delete process.env[SERVER_TOKENS_ENV];
  return out;
}
