/**
 * When documents are validated: at once on open, after a short delay on change (a burst of
 * keystrokes gives one validation), and never for a version that is already stale.
 *
 * The delay adapts to what a validation of the document typically costs (the median of the last
 * five): waiting longer than one validation
 * takes buys nothing (a keystroke during it would only queue behind it), so a file that validates
 * in 5 ms gets feedback after 10 ms, and the setting is the upper bound, reached by slow files.
 *
 * The first change after a quiet spell is validated at once when validation is cheap (≤ 100 ms:
 * at most a typist's interval between keystrokes, 100-200 ms, so it is over about when the next
 * change arrives); the rest of the burst waits as above and gets one validation at its end. A slow
 * file never blocks on the first keystroke. (It was 50 ms; a 2,000-objective file re-validates in
 * 35-45 ms on a quiet machine and 60-100 ms on a busy one, and then paid the pause on every edit.)
 */
export const MIN_DELAY_MS = 10;
/** A change after this long without changes starts a burst. */
export const QUIET_MS = 250;
/** A burst's first change is validated at once when a validation of the document costs at most this. */
export const LEADING_EDGE_MAX_COST_MS = 100;

export class ValidationScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The last few validation costs per document; their median is the document's typical cost (one GC pause does not count). */
  private readonly costs = new Map<string, number[]>();
  private readonly lastChange = new Map<string, number>();

  constructor(private readonly run: (uri: string) => void, private delayMs: () => number, private readonly adaptive = false) {}

  /** Records what validating `uri` took, for the next delay. */
  cost(uri: string, ms: number): void {
    const recent = this.costs.get(uri) ?? [];
    recent.push(ms);
    if (recent.length > 5) recent.shift();
    this.costs.set(uri, recent);
  }

  private typicalCost(uri: string): number | undefined {
    const recent = this.costs.get(uri);
    if (!recent?.length) return undefined;
    const sorted = [...recent].sort((a, b) => a - b);
    return sorted[sorted.length >> 1];
  }

  /** The pause before a changed document is validated. */
  delayFor(uri: string): number {
    const max = this.delayMs();
    const cost = this.typicalCost(uri);
    if (!this.adaptive || cost === undefined) return max;
    return Math.min(max, Math.max(MIN_DELAY_MS, Math.ceil(cost)));
  }

  now(uri: string): void {
    this.cancel(uri);
    this.timers.set(uri, setTimeout(() => { this.timers.delete(uri); this.run(uri); }, 0));
  }

  later(uri: string): void {
    this.cancel(uri);
    this.timers.set(uri, setTimeout(() => { this.timers.delete(uri); this.run(uri); }, this.pauseAfterChange(uri, Date.now())));
  }

  /** The pause for a change now: none at the start of a burst on a cheap document, else `delayFor`. */
  pauseAfterChange(uri: string, now: number): number {
    const last = this.lastChange.get(uri);
    this.lastChange.set(uri, now);
    const cost = this.typicalCost(uri);
    const startsBurst = last === undefined || now - last >= QUIET_MS;
    if (this.adaptive && startsBurst && cost !== undefined && cost <= LEADING_EDGE_MAX_COST_MS) return 0;
    return this.delayFor(uri);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  /** A closed document: forget its timer and its cost. */
  forget(uri: string): void {
    this.cancel(uri);
    this.costs.delete(uri);
    this.lastChange.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
