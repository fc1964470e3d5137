/**
 * What the generate commands (generate.ts) say and where they show the generated text, without
 * VS Code: the messages, the once-per-document warning of regenerate-on-save and the choice of the
 * editor group, as plain functions the unit tests call (test/unit/generate-messages.test.ts).
 */
import type { GenerateParams } from '../../server/src/protocol/requests';

export type What = GenerateParams['what'];
export const LABEL: Record<What, string> = { 'prometheus-rules': 'Prometheus rules', openslo: 'OpenSLO documents' };
export const SUFFIX: Record<What, string> = { 'prometheus-rules': '.rules.yml', openslo: '.openslo.yaml' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A refusing error as the server words it: "line:col CODE message". */
export function parseRefusal(note: string): { line: number; column: number; code: string; message: string } | undefined {
  const m = /^(\d+):(\d+) (\S+) ([\s\S]*)$/.exec(note);
  return m ? { line: Number(m[1]), column: Number(m[2]), code: m[3]!, message: m[4]! } : undefined;
}

/** "Model SLA: no Prometheus rules — fix 2 errors first: <the first> (line 12)". */
export function refusalMessage(what: What, notes: readonly string[]): string {
  const first = notes[0] === undefined ? undefined : parseRefusal(notes[0]);
  const head = `Model SLA: no ${LABEL[what]} — fix ${plural(Math.max(notes.length, 1), 'error')} first`;
  if (!first) return notes[0] ? `${head}: ${notes[0]}` : `${head}.`;
  return `${head}: ${first.message.replace(/\.$/, '')} (line ${first.line})`;
}

/** What was generated, and what the notes in the output are about (the words differ per kind). */
export function generatedMessage(what: What, count: number, notes: number): string {
  const about = what === 'prometheus-rules' ? 'what was left out' : 'what was carried in annotations';
  const left = notes ? ` ${plural(notes, 'note')} (${about}) in the output.` : '';
  if (what === 'openslo') return `Model SLA: ${plural(count, 'SLO')} exported.${left}`;
  if (count === 0) return `Model SLA: no objective here can be watched by Prometheus rules (ratio objectives on Prometheus metrics only).${left}`;
  return `Model SLA: rules for ${plural(count, 'objective')}.${left}`;
}

/** The diff editor's title: the file on disk left, the generated text right. */
export function diffTitle(fileName: string): string {
  return `${fileName} (on disk) ↔ generated`;
}

/**
 * Regenerate-on-save's warning: shown once per document when its rules are not regenerated, and
 * again only after a regeneration has succeeded in between (not on every save of a broken SLA).
 */
export class OncePerDocument {
  private readonly warned = new Set<string>();
  /** True when the warning is to be shown now (and remembers it was). */
  failed(uri: string): boolean {
    if (this.warned.has(uri)) return false;
    this.warned.add(uri);
    return true;
  }
  succeeded(uri: string): void {
    this.warned.delete(uri);
  }
  forget(uri: string): void {
    this.warned.delete(uri);
  }
}

/** An editor group as generate.ts sees it. */
export interface GroupView {
  viewColumn: number;
  active: boolean;
  /** It has a tab of the generated document (alone or as a diff's right side). */
  showsGenerated: boolean;
  /** It has a tab of the SLA. */
  showsSla: boolean;
}

/**
 * Where the generated document goes: the group already showing it; else the group right of the
 * SLA's (of the active one when it shows the SLA, or when no group does); else a new group right of
 * it.
 * Running the command again therefore never adds a group.
 */
export function generatedColumn(groups: readonly GroupView[]): number | 'beside' {
  const showing = groups.find((g) => g.showsGenerated);
  if (showing) return showing.viewColumn;
  const active = groups.find((g) => g.active);
  const sla = active?.showsSla ? active : groups.find((g) => g.showsSla) ?? active;
  if (!sla) return 'beside';
  const right = groups.filter((g) => g.viewColumn > sla.viewColumn).sort((a, b) => a.viewColumn - b.viewColumn)[0];
  if (right) return right.viewColumn;
  // The SLA's group is the last one: a new group right of it (VS Code opens column n + 1 as one).
  return sla.active || sla.viewColumn >= 9 ? 'beside' : sla.viewColumn + 1;
}
