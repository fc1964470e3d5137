/**
 * Answers a Prometheus server gave for instants in the settled past, kept for a while, so that a
 * read that comes again (the preview refreshes every minute, the code lenses after an edit) asks
 * only for what is new: an expression's value at an evaluation instant older than SETTLE_MS is
 * taken as final for TTL_MS. Late samples (remote write that catches up, a backfill) are seen once
 * an entry expires; the source's own identity changes every minute regardless.
 *
 * Keyed by server (URL and headers: a tenant is another store; never the token), expression and
 * instant. Bounded: at most MAX_VALUES values in all, the oldest entries go first.
 */
export const SETTLE_MS = 10 * 60_000;
export const TTL_MS = 30 * 60_000;
const MAX_VALUES = 1_000_000;

export interface InstantValue { labels: Record<string, string>; v: number }

interface Entry { values: InstantValue[]; stored: number }

const entries = new Map<string, Entry>();
let held = 0;

const keyOf = (server: string, expr: string, at: number) => `${server}\n${expr}\n${at}`;

/** The cached answer of `expr` at `at`, or undefined (none, or expired at `now`). */
export function cachedAnswer(server: string, expr: string, at: number, now: number): InstantValue[] | undefined {
  const key = keyOf(server, expr, at);
  const e = entries.get(key);
  if (!e) return undefined;
  if (now - e.stored > TTL_MS) { entries.delete(key); held -= e.values.length + 1; return undefined; }
  return e.values;
}

/** Keeps `values` as the answer of `expr` at `at` when `at` is settled at `now`. */
export function keepAnswer(server: string, expr: string, at: number, values: InstantValue[], now: number): void {
  if (!(at < now - SETTLE_MS)) return;
  const key = keyOf(server, expr, at);
  const old = entries.get(key);
  if (old) { held -= old.values.length + 1; entries.delete(key); }
  entries.set(key, { values, stored: now });
  held += values.length + 1;
  for (const [k, e] of entries) {
    if (held <= MAX_VALUES) break;
    entries.delete(k);
    held -= e.values.length + 1;
  }
}

/** Forget everything (tests; a server whose data was replaced). */
export function clearAnswers(): void {
  entries.clear();
  held = 0;
}
