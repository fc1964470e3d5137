/**
 * What the preview shows, as types picked from the protocol's (server/src/protocol/): the fields of
 * the engine's report the webview reads, under the report's own names. `import type` only — the
 * webview bundle takes nothing from the server at run time through here. A field renamed or
 * removed in engine/reportTypes.ts fails the build here (Pick of a missing key) and in
 * ./validate.ts (which reads the received objects through these keys).
 */
import type {
  ErrorBudget, PreviewObjective, PreviewReport, ReportGap, Status, WindowReport,
} from '../../../../server/src/protocol/previewReport';
import type { FromWebviewMessage, HighlightMessage, PreviewState, ProgressMessage, UpdateMessage } from '../../../../server/src/protocol/webviewMessages';

export type { HighlightMessage, PreviewState, ProgressMessage, Status };

export type ErrorBudgetView = ErrorBudget;

/** A window as the preview shows it; `gaps` always a list. */
export interface WindowView extends Pick<WindowReport,
  | 'start' | 'end' | 'label' | 'partial' | 'clipped' | 'value' | 'valueText' | 'valueRange' | 'unit' | 'observations' | 'excluded' | 'status'
  | 'reason' | 'problem' | 'projectedCredit' | 'errorBudget' | 'belowMinSamples' | 'provisional' | 'provisionalUntil' | 'exclusionBudgetExceeded' | 'breachedSegments' | 'certain'> {
  gaps: ReportGap[];
}

export type BaselineView = Pick<NonNullable<PreviewObjective['baseline']>, 'dates' | 'value' | 'unit' | 'status' | 'margin' | 'suggested' | 'stricter'>;

export type RepeatedView = NonNullable<PreviewObjective['repeated']>;

/** An objective as the preview shows it (its credit tier table and chart series included). */
export interface ObjectiveView extends Pick<PreviewObjective,
  | 'id' | 'indicator' | 'target' | 'status' | 'sliceTarget' | 'sliceGood' | 'slice' | 'metric' | 'window' | 'description'
  | 'errorBudget' | 'repeated' | 'problem' | 'creditTiers' | 'series' | 'segmentsBy' | 'segmentsRequire'> {
  windows: WindowView[];
  /** Segments (spec §12): each with its windows. */
  segments?: { value: string; status: Status; windows: WindowView[] }[];
  baseline?: BaselineView;
}

/** A report as the preview shows it; `filteredRows` and `metricErrors` always present. */
export interface ReportView extends Pick<PreviewReport,
  | 'sla' | 'file' | 'asOf' | 'title' | 'model' | 'scope' | 'timezone' | 'credits' | 'breaches' | 'obligations' | 'dataIssues' | 'dataIssueCounts' | 'syntaxError'> {
  objectives: ObjectiveView[];
  filteredRows: NonNullable<PreviewReport['filteredRows']>;
  metricErrors: NonNullable<PreviewReport['metricErrors']>;
}

/** An `update` as validated: its reports as views, `stale` said. */
export interface UpdateView extends Pick<UpdateMessage, 'type' | 'uri' | 'version' | 'error' | 'requestedAsOf'> {
  reports: ReportView[];
  stale: boolean;
}

/** A message to the webview, validated (./validate.ts `parseIncoming`). */
export type IncomingMessage = UpdateView | HighlightMessage | ProgressMessage;

/** A message the webview posts to the extension. */
export type OutgoingMessage = FromWebviewMessage;
