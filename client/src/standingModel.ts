/**
 * The Model SLA view's model, without VS Code (issue 17): the tree of a `modelSla/standing` answer
 * (workspace folder → SLA file → SLA → objective; the folder level left out for a single folder, as
 * VS Code's own views do), the "only breached" filter, the badge, the status bar summary, and each
 * node's label, description, icon and tooltip as plain data. standingView.ts turns them into tree
 * items; the unit tests read them directly.
 */
import { escapeMarkdown } from '../../server/src/engine/render/escape';
import type { StandingFile, StandingFolder, StandingObjective, StandingResult, StandingSla, StandingStatus } from '../../server/src/protocol/standing';

export type StandingNode = FolderNode | FileNode | SlaNode | ObjectiveNode;

export interface FolderNode { kind: 'folder'; id: string; folder: StandingFolder; children: FileNode[] }
export interface FileNode { kind: 'file'; id: string; file: StandingFile; children: SlaNode[] }
export interface SlaNode { kind: 'sla'; id: string; sla: StandingSla; fileUri: string; children: ObjectiveNode[] }
export interface ObjectiveNode {
  kind: 'objective';
  id: string;
  objective: StandingObjective;
  /** The SLA's `metadata.name` (explain: which SLA of a multi-document file). */
  slaName: string;
  fileUri: string;
  /** Compliance is computed (a trusted workspace): explain is offered. */
  computed: boolean;
}

export interface TreeOptions { onlyBreached: boolean }

/** The top-level nodes: the folders, or for one folder its files. Empty folders, files and SLAs are left out when filtering. */
export function standingTree(result: StandingResult | undefined, options: TreeOptions): StandingNode[] {
  if (!result) return [];
  const folders: FolderNode[] = [];
  for (const folder of result.folders) {
    const files: FileNode[] = [];
    for (const file of folder.files) {
      const slas: SlaNode[] = [];
      file.slas.forEach((sla, index) => {
        const objectives: ObjectiveNode[] = sla.objectives
          .filter((o) => !options.onlyBreached || o.status === 'breached')
          .map((o, i) => ({
            kind: 'objective', id: `${file.uri}#${index}#${i}:${o.id}`, objective: o, slaName: sla.name, fileUri: file.uri,
            computed: result.trusted && o.status !== 'unknown',
          }));
        if (options.onlyBreached && objectives.length === 0) return;
        slas.push({ kind: 'sla', id: `${file.uri}#${index}`, sla, fileUri: file.uri, children: objectives });
      });
      if (options.onlyBreached && slas.length === 0) continue;
      files.push({ kind: 'file', id: file.uri, file, children: slas });
    }
    if (files.length === 0 && (options.onlyBreached || result.folders.length > 1)) continue;
    folders.push({ kind: 'folder', id: folder.uri, folder, children: files });
  }
  if (result.folders.length === 1) return folders[0]?.children ?? [];
  return folders;
}

export function childrenOf(node: StandingNode): StandingNode[] {
  return node.kind === 'objective' ? [] : node.children;
}

/** Every objective of the answer (the filter left aside). */
export function allObjectives(result: StandingResult | undefined): { objective: StandingObjective; sla: StandingSla; file: StandingFile }[] {
  if (!result) return [];
  return result.folders.flatMap((folder) => folder.files.flatMap((file) => file.slas.flatMap((sla) => sla.objectives.map((objective) => ({ objective, sla, file })))));
}

export type StatusCounts = Record<StandingStatus, number> & { objectives: number; slas: number; files: number; filesWithProblems: number };

export function statusCounts(result: StandingResult | undefined): StatusCounts {
  const counts: StatusCounts = { met: 0, 'met-so-far': 0, breached: 0, 'no-data': 0, provisional: 0, unknown: 0, objectives: 0, slas: 0, files: 0, filesWithProblems: 0 };
  if (!result) return counts;
  for (const folder of result.folders) {
    for (const file of folder.files) {
      counts.files++;
      if (file.problem) counts.filesWithProblems++;
      for (const sla of file.slas) {
        counts.slas++;
        for (const o of sla.objectives) { counts[o.status]++; counts.objectives++; }
      }
    }
  }
  return counts;
}

/** The number of breached objectives: the server's count (the objectives' own when it is missing). */
export function breachedCount(result: StandingResult | undefined): number {
  if (!result) return 0;
  return typeof result.breached === 'number' ? result.breached : statusCounts(result).breached;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The view's badge: the breached objectives, none when nothing is breached. */
export function standingBadge(result: StandingResult | undefined): { value: number; tooltip: string } | undefined {
  const n = breachedCount(result);
  return n > 0 ? { value: n, tooltip: `${plural(n, 'objective')} breached` } : undefined;
}

/** The status bar item: hidden (undefined) when there is no SLA objective or nothing was computed. */
export function statusBarSummary(result: StandingResult | undefined): { text: string; tooltip: string; breached: boolean } | undefined {
  if (!result || !result.trusted) return undefined;
  const c = statusCounts(result);
  if (c.objectives === 0 && c.filesWithProblems === 0) return undefined;
  const breached = breachedCount(result);
  const parts = [
    c.met + c['met-so-far'] ? `${c.met + c['met-so-far']} met${c['met-so-far'] ? ` (${c['met-so-far']} so far)` : ''}` : '',
    breached ? `${breached} breached` : '',
    c.provisional ? `${c.provisional} provisional` : '',
    c['no-data'] ? `${c['no-data']} without data` : '',
    c.unknown ? `${c.unknown} not computed` : '',
    c.filesWithProblems ? `${plural(c.filesWithProblems, 'SLA file')} with errors` : '',
  ].filter(Boolean);
  const tooltip = `Model SLA: ${plural(c.objectives, 'objective')} in ${plural(c.slas, 'SLA')}: ${parts.join(', ')}. Click to show the Model SLA view.`;
  // Objectives without a verdict (no data, a deleted metric file, a file with errors) are said too:
  // otherwise breaking an SLA would lower the breached count and turn the item green.
  const unsettled = c['no-data'] + c.unknown;
  const without = [unsettled ? `${unsettled} without data` : '', c.filesWithProblems ? `${plural(c.filesWithProblems, 'file')} with errors` : ''].filter(Boolean).join(' · ');
  if (breached > 0) return { text: `$(error) ${plural(breached, 'objective')} breached${without ? ` · ${without}` : ''}`, tooltip, breached: true };
  if (without && c.met + c['met-so-far'] + c.provisional > 0) return { text: `$(warning) SLAs met · ${without}`, tooltip, breached: false };
  if (c.met + c['met-so-far'] + c.provisional > 0) return { text: '$(pass) SLAs met', tooltip, breached: false };
  if (without) return { text: `$(question) SLAs: ${unsettled ? `${plural(unsettled, 'objective')} without data` : without}`, tooltip, breached: false };
  return undefined;
}

/** The message above the tree (TreeView.message), or undefined. */
export function viewMessage(result: StandingResult | undefined, options: TreeOptions): string | undefined {
  if (!result) return undefined;
  if (!result.trusted) return 'Compliance is computed once the workspace is trusted: the SLAs are listed without it.';
  if (options.onlyBreached && breachedCount(result) === 0 && statusCounts(result).objectives > 0) return 'No objective is breached. Show all to see every objective.';
  if (options.onlyBreached) return 'Showing only breached objectives.';
  return undefined;
}

/** The codicon and theme color of each status. */
export const STATUS_ICONS: Record<StandingStatus, { id: string; color?: string }> = {
  met: { id: 'pass-filled', color: 'testing.iconPassed' },
  'met-so-far': { id: 'pass', color: 'testing.iconPassed' },
  breached: { id: 'error', color: 'testing.iconFailed' },
  'no-data': { id: 'question', color: 'disabledForeground' },
  provisional: { id: 'watch', color: 'charts.yellow' },
  unknown: { id: 'circle-slash', color: 'disabledForeground' },
};

export function statusIcon(status: StandingStatus): { id: string; color?: string } {
  return STATUS_ICONS[status] ?? STATUS_ICONS.unknown;
}

export const STATUS_WORDS: Record<StandingStatus, string> = {
  met: 'met', 'met-so-far': 'met so far', breached: 'breached', 'no-data': 'no data', provisional: 'provisional', unknown: 'not computed',
};

/** A window status as the report says it (`met`, `breached`, `no-data`), in words. */
function windowStatusWord(status: string, partial: boolean): string {
  const word = status === 'no-data' ? 'no data' : status;
  return partial && status !== 'no-data' ? `${word} so far` : word;
}

/**
 * Markdown text: one line (a line break in a message — a server's error — is a space, not a
 * visible `\n`), what could be read as markup shown as itself.
 */
export const markdownText = (text: string): string => escapeMarkdown(text.replace(/\s*\r?\n\s*/g, ' '));

/** The objective's tooltip (markdown, untrusted: no command links): target, status, the recent windows. */
export function objectiveTooltip(node: ObjectiveNode): string {
  const o = node.objective;
  const lines = [
    `**${markdownText(o.id)}** · ${markdownText(node.slaName)}`,
    '',
    `${markdownText(o.indicator || 'objective')}, target ${markdownText(o.target || 'n/a')} — **${STATUS_WORDS[o.status] ?? o.status}**${o.window ? ` in ${markdownText(o.window)}` : ''}`,
    '',
    markdownText(o.description),
  ];
  if (typeof o.budgetRemaining === 'number') {
    lines.push('', o.budgetRemaining >= 0 ? `Error budget left: ${Math.floor(o.budgetRemaining * 100)} %` : `Error budget overspent by ${Math.ceil(-o.budgetRemaining * 100)} %`);
  }
  if (o.problem && o.problem !== o.description) lines.push('', `⚠ ${markdownText(o.problem)}`);
  if (o.owed) lines.push('', `**Owed for ${markdownText(o.owed.window)}:** ${markdownText(o.owed.text)}`);
  if (o.recent.length) {
    lines.push('', '| Window | Status | Value |', '|:--|:--|--:|');
    for (const w of o.recent) lines.push(`| ${markdownText(w.label)}${w.partial ? ' (partial)' : ''} | ${windowStatusWord(w.status, w.partial)} | ${markdownText(w.value)} |`);
  }
  return lines.join('\n');
}

export function slaDescription(sla: StandingSla): string {
  const breached = sla.objectives.filter((o) => o.status === 'breached').length;
  return [sla.scope, breached ? `${breached} breached` : ''].filter(Boolean).join(' · ');
}

export function slaTooltip(sla: StandingSla): string {
  const lines = [`**${markdownText(sla.name)}**${sla.scope ? ` (${markdownText(sla.scope)})` : ''}`];
  if (sla.title) lines.push('', markdownText(sla.title));
  const counts = new Map<string, number>();
  for (const o of sla.objectives) counts.set(STATUS_WORDS[o.status], (counts.get(STATUS_WORDS[o.status]) ?? 0) + 1);
  if (sla.objectives.length) lines.push('', `${plural(sla.objectives.length, 'objective')}: ${[...counts].map(([w, n]) => `${n} ${w}`).join(', ')}`);
  if (sla.asOf) lines.push('', `As of ${markdownText(sla.asOfText ?? sla.asOf)}`);
  return lines.join('\n');
}

/** A file's label (its name) and description (its folder, and why nothing is listed). */
export function fileLabel(file: StandingFile): { label: string; description: string } {
  const path = file.path.replace(/\\/g, '/');
  const slash = path.lastIndexOf('/');
  const label = slash >= 0 ? path.slice(slash + 1) : path;
  const dir = slash >= 0 ? path.slice(0, slash) : '';
  const breached = file.slas.reduce((n, s) => n + s.objectives.filter((o) => o.status === 'breached').length, 0);
  const description = [dir, file.problem ? `⚠ ${firstLine(file.problem)}` : breached ? `${breached} breached` : ''].filter(Boolean).join(' · ');
  return { label, description };
}

const firstLine = (text: string) => text.split(/\r?\n/)[0];

/** The explain request of an objective node's latest window. */
export function explainParamsOf(node: ObjectiveNode): { uri: string; objective: string; window: string; sla: string } {
  return { uri: node.fileUri, objective: node.objective.id, window: 'latest', sla: node.slaName };
}

/** The SLA of a file that holds `line` (0-based): the last whose document starts at or before it. */
export function slaAtLine(result: StandingResult | undefined, uri: string, line: number): StandingSla | undefined {
  const file = result?.folders.flatMap((f) => f.files).find((f) => f.uri === uri);
  if (!file) return undefined;
  let found: StandingSla | undefined;
  for (const sla of file.slas) if (sla.line <= line && (!found || sla.line >= found.line)) found = sla;
  return found ?? file.slas[0];
}

/** The context value of a node (view/item/context menus match on it). */
export function contextValueOf(node: StandingNode): string {
  if (node.kind === 'objective') return node.computed ? 'objective.computed' : 'objective';
  return node.kind === 'file' ? 'slaFile' : node.kind;
}

/** The line to reveal when a node is clicked (0-based); undefined for folders. */
export function lineOf(node: StandingNode): number | undefined {
  if (node.kind === 'objective') return node.objective.line;
  if (node.kind === 'sla') return node.sla.line;
  if (node.kind === 'file') return 0;
  return undefined;
}

/**
 * What a node shows (label, description, tooltip, icon, menus), as text: a new answer that leaves it
 * unchanged does not redraw it. A redraw gives the node's click a new command handle, and a click on
 * the old drawing would then fail ("command not found"), so only what changed is redrawn.
 */
export function nodeShownText(node: StandingNode): string {
  switch (node.kind) {
    case 'folder': return `folder|${node.folder.name}|${node.children.length > 0}`;
    case 'file': return `file|${JSON.stringify(fileLabel(node.file))}|${node.file.problem ?? ''}|${node.children.length > 0}`;
    case 'sla': return `sla|${node.sla.name}|${slaDescription(node.sla)}|${slaTooltip(node.sla)}|${node.children.length > 0}`;
    case 'objective': return `objective|${JSON.stringify(node.objective)}|${node.slaName}|${node.computed}`;
  }
}

/**
 * The nodes of `prev` to redraw for `next`, when both trees have the same nodes in the same places
 * (then each changed node of `prev` takes its new data, in place: VS Code knows the tree by those
 * objects); undefined when the shape changed and the whole tree is drawn again.
 */
export function updateInPlace(prev: StandingNode[], next: StandingNode[]): StandingNode[] | undefined {
  const changed: StandingNode[] = [];
  const pairs: [StandingNode, StandingNode][] = [];
  const same = (a: StandingNode[], b: StandingNode[]): boolean => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i].id !== b[i].id || a[i].kind !== b[i].kind) return false;
      pairs.push([a[i], b[i]]);
      if (!same(childrenOf(a[i]), childrenOf(b[i]))) return false;
    }
    return true;
  };
  if (!same(prev, next)) return undefined;
  for (const [old, fresh] of pairs) {
    if (nodeShownText(old) === nodeShownText(fresh)) continue;
    const children = old.kind === 'objective' ? undefined : old.children;
    Object.assign(old, fresh, children ? { children } : {});
    changed.push(old);
  }
  return changed;
}

/** The file a node stands in. */
export function uriOf(node: StandingNode): string {
  if (node.kind === 'folder') return node.folder.uri;
  if (node.kind === 'file') return node.file.uri;
  return node.fileUri;
}

export function isStandingNode(x: unknown): x is StandingNode {
  const k = (x as { kind?: unknown } | null)?.kind;
  return !!x && typeof x === 'object' && (k === 'folder' || k === 'file' || k === 'sla' || k === 'objective') && typeof (x as { id?: unknown }).id === 'string';
}
