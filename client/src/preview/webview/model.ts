/**
 * Pure helpers of the compliance preview webview (no DOM access, no `vscode`), in one import for
 * main.ts and the unit tests (test/unit/preview-model.test.ts):
 *   viewTypes.ts  what the preview shows, as types picked from the protocol's (server/src/protocol/)
 *   validate.ts   validation of the messages the extension posts (every field checked and copied)
 *   format.ts     values, percentages, counts and instants for people (the CLI's rules)
 *   chartData.ts  the chart of an objective as data, and its text alternative
 *   verdicts.ts   an objective's verdict, the report's summary line, the windows shown
 *   obligationsView.ts  what the breached windows oblige (spec §8.2), at-risk windows
 * The messages themselves (both directions): server/src/protocol/webviewMessages.ts.
 */
export * from './viewTypes';
export * from './validate';
export * from './format';
export * from './chartData';
export * from './verdicts';
export * from './obligationsView';
