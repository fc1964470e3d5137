/** A language status item for SLA files: server state at a glance, a click to the logs. */
import * as vscode from 'vscode';
import { SLA_SELECTOR } from './selector';

export type ServerState = 'starting' | 'running' | 'restarting' | 'failed';

export interface StatusItem extends vscode.Disposable {
  set(state: ServerState, detail?: string): void;
}

export function createStatusItem(): StatusItem {
  const item = vscode.languages.createLanguageStatusItem('modelSla.server', SLA_SELECTOR);
  item.name = 'Model SLA';
  item.command = { title: 'Show Output', command: 'modelSla.showOutput' };
  return {
    set(state, detail) {
      item.busy = state === 'starting' || state === 'restarting';
      item.severity = state === 'failed' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
      item.text = state === 'running' ? '$(check) Model SLA' : state === 'starting' ? 'Model SLA: starting' : state === 'restarting' ? 'Model SLA: restarting' : '$(error) Model SLA: server failed';
      item.detail = detail ?? (state === 'running' ? 'validation, completion and hover for SLA files' : undefined);
    },
    dispose: () => item.dispose(),
  };
}
