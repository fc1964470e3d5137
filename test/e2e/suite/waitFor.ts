/** Event-driven waits for the extension-host suite: no sleeps, a deadline and a message that says what was seen. */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'model-sla.model-sla';

/** Resolves with the diagnostics of `uri` once `predicate` holds (checked now and on every change). */
export function diagnosticsWhere(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!predicate(current)) return false;
      cleanup();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics of ${uri.path}: ${describe(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    const cleanup = () => { subscription.dispose(); clearTimeout(timer); };
    check();
  });
}

/** The next diagnostics change of `uri` (e.g. the re-publication after a server restart). */
export function nextDiagnosticsChange(uri: vscode.Uri, what: string, timeoutMs = 30_000): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      cleanup();
      resolve(vscode.languages.getDiagnostics(uri));
    });
    const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const cleanup = () => { subscription.dispose(); clearTimeout(timer); };
  });
}

/** Retries an async probe (a provider command whose server may still be starting) until it yields a value. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) { last = error; }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    // Wait for the next change in the extension host's world rather than a fixed time.
    await new Promise<void>((resolve) => {
      const done = () => { for (const d of disposables) d.dispose(); clearTimeout(timer); resolve(); };
      const disposables = [vscode.languages.onDidChangeDiagnostics(done), vscode.window.onDidChangeVisibleTextEditors(done), vscode.window.tabGroups.onDidChangeTabs(done)];
      const timer = setTimeout(done, 250);
    });
  }
}

export function codes(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => codeOf(d)).sort();
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ');
}
