/**
 * The webview's host: VS Code's webview API (acquireVsCodeApi), or a no-op stub when the page runs
 * without VS Code (a plain page, the browser tests). Messages to the extension go through `post`,
 * typed by the protocol (server/src/protocol/webviewMessages.ts).
 */
import type { OutgoingMessage } from './model';

interface VsCodeApi { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void }
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

export const vscode: VsCodeApi = typeof acquireVsCodeApi === 'function'
  ? acquireVsCodeApi()
  : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

export function post(message: OutgoingMessage): void {
  vscode.postMessage(message);
}
