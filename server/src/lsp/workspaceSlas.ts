/**
 * The server's view of every SLA file in the workspace folders, for the cross-file rules (SLA111):
 * open documents from the editor, the others from disk, kept current through file events.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expandPaths } from '../io/findSlaFiles';
import { readTextFile } from '../io/readTextFile';
import { parseSlaFile, type SlaFile } from '../service/parse';
import { summarize, type SlaSummary, type WorkspaceIndex } from '../service/lint/workspaceIndex';

/**
 * SLA files not open in the editor are read for the index only up to this size (the scan runs on
 * the server's main thread); through io/readTextFile.ts, so a FIFO or a symlink to /dev/zero among
 * them is refused by its type before it is opened.
 */
export const MAX_SCANNED_SLA_BYTES = 5 * 1024 * 1024;

export class WorkspaceSlas implements WorkspaceIndex {
  /** @param onProblem told once per file and problem: why a file on disk is not in the index (logged by the server). */
  /**
   * @param onScanned given each file the start-up scan parsed (the server offers them to the parse
   * cache: the editor usually opens some of them at once, with the same text).
   */
  constructor(private readonly onProblem: (path: string, problem: string) => void = () => undefined, private readonly onScanned?: (file: SlaFile) => void) {}

  private readonly onDisk = new Map<string, SlaSummary[]>();
  /** The last problem told per URI, so that a file event does not repeat it. */
  private readonly problems = new Map<string, string>();
  private readonly open = new Map<string, SlaSummary[]>();
  private cached: SlaSummary[] | undefined;

  /** Scans the workspace folders (synchronously; SLA files are small and few). */
  scan(folderUris: string[]): void {
    const roots = folderUris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    for (const path of expandPaths(roots).files) this.readFromDisk(pathToFileURL(path).href, true);
    this.cached = undefined;
  }

  /** A file changed, was created or deleted on disk. Returns whether any summary changed. */
  fileChanged(uri: string, deleted: boolean): boolean {
    const before = JSON.stringify(this.onDisk.get(uri) ?? null);
    if (deleted) { this.onDisk.delete(uri); this.problems.delete(uri); }
    else this.readFromDisk(uri);
    this.cached = undefined;
    return before !== JSON.stringify(this.onDisk.get(uri) ?? null);
  }

  /** The editor's current text of an open document. Returns whether its summary changed. */
  documentChanged(uri: string, summaries: SlaSummary[] | undefined): boolean {
    const before = this.openJson.get(uri) ?? 'null';
    const after = JSON.stringify(summaries ?? null);
    if (summaries) { this.open.set(uri, summaries); this.openJson.set(uri, after); }
    else { this.open.delete(uri); this.openJson.delete(uri); }
    if (before === after) return false;
    this.cached = undefined;
    return true;
  }
  /** The serialized summaries of `open`, so a keystroke compares without serializing the old ones again. */
  private readonly openJson = new Map<string, string>();

  /** Every SLA file the index holds, open or on disk. */
  uris(): string[] {
    return [...new Set([...this.onDisk.keys(), ...this.open.keys()])];
  }

  slas(): readonly SlaSummary[] {
    if (!this.cached) {
      const all: SlaSummary[] = [];
      for (const [uri, list] of this.onDisk) if (!this.open.has(uri)) all.push(...list);
      for (const list of this.open.values()) all.push(...list);
      this.cached = all;
    }
    return this.cached;
  }

  private readFromDisk(uri: string, scanning = false): void {
    let path: string;
    try { path = fileURLToPath(uri); } catch { this.onDisk.delete(uri); return; }
    const read = readTextFile(path, { maxBytes: MAX_SCANNED_SLA_BYTES, what: 'SLA files the workspace index reads from disk' });
    if (!read.ok) {
      this.onDisk.delete(uri);
      if (read.reason !== 'missing' && this.problems.get(uri) !== read.message) this.onProblem(path, read.message);
      this.problems.set(uri, read.message);
      return;
    }
    this.problems.delete(uri);
    const file = parseSlaFile(uri, 0, read.text);
    this.onDisk.set(uri, summarize(file));
    if (scanning) this.onScanned?.(file);
  }
}
