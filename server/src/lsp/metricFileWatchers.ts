/**
 * Metric files whose name does not say their format (`requests.log` with `format: csv`) are outside
 * the extension's static file watcher (client/src/selector.ts: SLA files, `.model-sla.yaml` and the
 * metric extensions of facts/metricFormats.ts). So the server asks the client to watch them too, by
 * dynamic registration of `workspace/didChangeWatchedFiles` — one registration, replaced when the
 * set grows — and an edit to such a file re-reads the data as an edit to a `.csv` does.
 * Without the client capability nothing is registered (the data is still re-read on the next edit).
 */
import { DidChangeWatchedFilesNotification, type Disposable, type FileSystemWatcher } from 'vscode-languageserver/node';
import { formatOfExtension } from '../facts/metricFormats';

export type RegisterWatchers = (watchers: FileSystemWatcher[]) => Promise<Disposable>;

export class MetricFileWatchers {
  private readonly watched = new Set<string>();
  private registration: Promise<Disposable | undefined> = Promise.resolve(undefined);

  constructor(private readonly register: RegisterWatchers | undefined, private readonly relativePatterns: boolean) {}

  /** Watches these metric file URIs from now on, those the static watcher already covers aside. */
  watch(uris: Iterable<string>): void {
    if (!this.register) return;
    let added = false;
    for (const uri of uris) {
      if (this.watched.has(uri) || formatOfExtension(uri.replace(/[?#].*$/, ''))) continue;
      this.watched.add(uri);
      added = true;
    }
    if (!added) return;
    const watchers = [...this.watched].map((uri) => this.watcherFor(uri));
    const register = this.register;
    this.registration = this.registration.then(async (previous) => {
      previous?.dispose();
      return register(watchers).catch(() => undefined);
    });
  }

  /** The URIs watched (tests, logs). */
  get uris(): string[] {
    return [...this.watched];
  }

  private watcherFor(uri: string): FileSystemWatcher {
    if (!this.relativePatterns) return { globPattern: decodeURIComponent(new URL(uri).pathname) };
    const slash = uri.lastIndexOf('/');
    return { globPattern: { baseUri: uri.slice(0, slash), pattern: decodeURIComponent(uri.slice(slash + 1)) } };
  }
}

export const registerWatchersWith = (client: { register: (type: typeof DidChangeWatchedFilesNotification.type, options: { watchers: FileSystemWatcher[] }) => Promise<Disposable> }): RegisterWatchers =>
  (watchers) => client.register(DidChangeWatchedFilesNotification.type, { watchers });
