/**
 * The server's view of every SLA file in the workspace folders, for the cross-file rules (SLA111):
 * open documents from the editor, the others from disk, kept current through file events.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expandPaths } from '../io/findSlaFiles';
import { parseSlaFile } from '../service/parse';
import { summarize, type SlaSummary, type WorkspaceIndex } from '../service/lint/workspaceIndex';

export class WorkspaceSlas implements WorkspaceIndex {
  private readonly onDisk = new Map<string, SlaSummary[]>();
  private readonly open = new Map<string, SlaSummary[]>();
  private cached: SlaSummary[] | undefined;

  /** Scans the workspace folders (synchronously; SLA files are small and few). */
  scan(folderUris: string[]): void {
    const roots = folderUris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    for (const path of expandPaths(roots).files) this.readFromDisk(pathToFileURL(path).href);
    this.cached = undefined;
  }

  /** A file changed, was created or deleted on disk. Returns whether any summary changed. */
  fileChanged(uri: string, deleted: boolean): boolean {
    const before = JSON.stringify(this.onDisk.get(uri) ?? null);
    if (deleted) this.onDisk.delete(uri);
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

  slas(): readonly SlaSummary[] {
    if (!this.cached) {
      const all: SlaSummary[] = [];
      for (const [uri, list] of this.onDisk) if (!this.open.has(uri)) all.push(...list);
      for (const list of this.open.values()) all.push(...list);
      this.cached = all;
    }
    return this.cached;
  }

  private readFromDisk(uri: string): void {
    try {
      const text = readFileSync(fileURLToPath(uri), 'utf8');
      if (text.length > 5 * 1024 * 1024) return;
      this.onDisk.set(uri, summarize(parseSlaFile(uri, 0, text)));
    } catch {
      this.onDisk.delete(uri);
    }
  }
}
