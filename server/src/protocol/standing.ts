/**
 * The shapes of the Model SLA view (issue 17): every SLA of the workspace and where each objective
 * stands, as the server computes it from cached reports (service/standing.ts), and the explanation
 * of one window (spec §8.1). Plain data, shared by the server, the client's tree and the tests.
 */
import type { Explanation } from '../engine/explain';

/**
 * `met-so-far`: the latest window is partial and met up to asOf; `provisional`: its value may still
 * change (labels not all in yet: spec §12); `unknown`: not computed (untrusted workspace, or the
 * file has errors).
 */
export type StandingStatus = 'met' | 'met-so-far' | 'breached' | 'no-data' | 'provisional' | 'unknown';

/** `label`: for people (a rolling window as `28 days to 15 Oct 23:57 UTC`), not the §9 label. */
export interface StandingWindow { label: string; status: string; value: string; partial: boolean }

export interface StandingObjective {
  id: string;
  indicator: string;
  target: string;
  status: StandingStatus;
  /** `p99 237.2 ms ≤ 400 ms · budget 76 % left`. */
  description: string;
  /** 0-based line of the objective's `id` in its file (click: reveal). */
  line: number;
  /** The latest window's label (explain it), when there is one. */
  window?: string;
  /** Share of the latest window's error budget left (1 = untouched), where the objective has one. */
  budgetRemaining?: number | null;
  /** The last few windows, newest first (the tooltip). */
  recent: StandingWindow[];
  /** Why there is no verdict, when there is none. */
  problem?: string;
  /** What the latest final breach obliges (spec §8.2): its window and `credit 10% owed, remediation due 15 Oct 00:00 (overdue)`. */
  owed?: { window: string; text: string };
}

export interface StandingSla {
  name: string;
  title?: string;
  scope?: string;
  /** 0-based line of the SLA's document start. */
  line: number;
  objectives: StandingObjective[];
  asOf?: string;
  /** asOf for people, in the SLA's zone: `2026-10-16 01:57 Europe/Berlin (23:57 UTC)`. */
  asOfText?: string;
}

export interface StandingFile {
  uri: string;
  /** Relative to its workspace folder, `/` separators. */
  path: string;
  slas: StandingSla[];
  /** Why the file has no objectives listed with a verdict (syntax or schema errors, unreadable). */
  problem?: string;
}

export interface StandingFolder { uri: string; name: string; files: StandingFile[] }

export interface StandingResult {
  folders: StandingFolder[];
  /** Objectives whose latest window is breached, over the workspace (the view's badge). */
  breached: number;
  /** false: an untrusted workspace: the SLAs are listed, nothing computed. */
  trusted: boolean;
}

/** `window`: a §9 label or `latest`; `sla`: of a multi-document file, the SLA's name. */
/** `segment`: of a segmented objective (spec §12); without it the server explains the window's first segment that missed. */
export interface ExplainParams { uri: string; objective: string; window: string; sla?: string; asOf?: string; segment?: string }

/**
 * `explanation` (spec §8.1) with each evidence row's `uri` (a workspace file, to open at `line`),
 * or `error` saying why there is none.
 */
export interface ExplainResult {
  explanation: (Explanation & { evidenceUris?: (string | null)[]; runUris?: (string | null)[] }) | null;
  error?: string;
}

/**
 * The notice of a window's final breaches (spec §8.2): `objective` to narrow it; `sla` of a
 * multi-document file. An empty `window` asks which final breaches there are (`finalBreaches`).
 */
export interface NoticeParams { uri: string; window: string; objective?: string; sla?: string; asOf?: string }

/** The notice as Markdown (to open as an untitled document) and its title, or `error` saying why there is none. */
export interface NoticeResult {
  markdown: string | null;
  title?: string;
  error?: string;
  /** For an empty `window`: the file's final breaches, latest first. */
  finalBreaches?: { sla: string; objective: string; window: string; finalAt: string }[];
}
