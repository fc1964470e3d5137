/**
 * When documents are validated: at once on open, after a short delay on change (a burst of
 * keystrokes gives one validation), and never for a version that is already stale.
 */
export class ValidationScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly run: (uri: string) => void, private delayMs: () => number) {}

  now(uri: string): void {
    this.cancel(uri);
    this.timers.set(uri, setTimeout(() => { this.timers.delete(uri); this.run(uri); }, 0));
  }

  later(uri: string): void {
    this.cancel(uri);
    this.timers.set(uri, setTimeout(() => { this.timers.delete(uri); this.run(uri); }, this.delayMs()));
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
