/**
 * What happens when the language server process dies: it is restarted, at most MAX_RESTARTS times
 * within WINDOW_MS, and each time the user is told (output channel, status item, status bar). After
 * that it stays down with an error message offering the output and the restart command — a server
 * that crashes on every start must not spin.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type ErrorHandler, type ErrorHandlerResult, type CloseHandlerResult, type Message } from 'vscode-languageclient/node';

export const MAX_RESTARTS = 5;
export const WINDOW_MS = 3 * 60_000;

export interface RestartReporter {
  restarting(attempt: number): void;
  gaveUp(): void;
}

export class RestartPolicy implements ErrorHandler {
  private crashes: number[] = [];

  constructor(private readonly report: RestartReporter, private readonly now: () => number = Date.now) {}

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    // Transport errors (a write to a dying process): keep going a few times, then let `closed` decide.
    return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < WINDOW_MS);
    this.crashes.push(now);
    if (this.crashes.length > MAX_RESTARTS) {
      this.report.gaveUp();
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.report.restarting(this.crashes.length);
    return { action: CloseAction.Restart, handled: true };
  }

  /** A deliberate restart (the command) starts counting afresh. */
  reset(): void {
    this.crashes = [];
  }
}

export function defaultReporter(output: vscode.LogOutputChannel, onState: (state: 'restarting' | 'failed', detail: string) => void): RestartReporter {
  return {
    restarting(attempt) {
      const detail = `The language server stopped unexpectedly; restarting it (${attempt} of ${MAX_RESTARTS} within ${WINDOW_MS / 60_000} minutes).`;
      output.warn(detail);
      onState('restarting', detail);
      void vscode.window.setStatusBarMessage('$(sync~spin) Model SLA: language server restarted after a crash', 5000);
    },
    gaveUp() {
      const detail = `The language server crashed ${MAX_RESTARTS + 1} times within ${WINDOW_MS / 60_000} minutes and is not restarted again.`;
      output.error(detail);
      onState('failed', detail);
      void vscode.window.showErrorMessage(`Model SLA: ${detail} See the "Model SLA" output for the cause.`, 'Show Output', 'Restart')
        .then((choice) => {
          if (choice === 'Show Output') output.show();
          if (choice === 'Restart') void vscode.commands.executeCommand('modelSla.restartServer');
        });
    },
  };
}
