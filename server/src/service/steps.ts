/**
 * Long computations as steps (generators that yield after each piece of work), driven either at
 * once (the CLI) or in time slices that hand the event loop back in between (the server: so that
 * `$/cancelRequest`, edits and other requests are read and answered while a report of thousands of
 * objectives is computed). At each slice's end `shouldStop` is asked; a reason ends the work with a
 * `WorkStopped` error. Pure: the host may pass how to yield (default: setImmediate, else setTimeout).
 */

/** Why work stopped early: the request was cancelled, or the document changed under it. */
export type StopReason = 'cancelled' | 'modified';

export class WorkStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'cancelled' ? 'the computation was cancelled' : 'the document changed during the computation');
    this.name = 'WorkStopped';
  }
}

export type Steps<T> = Generator<void, T, void>;

export interface StepOptions {
  /** Run in time slices of this many milliseconds, handing the event loop back in between; undefined: at once. */
  sliceMs?: number;
  /** Asked before the work and at each time slice's end: a reason stops it (WorkStopped). */
  shouldStop?: () => StopReason | undefined;
  /** How the event loop is handed back (default: setImmediate, else setTimeout 0). */
  yieldNow?: () => Promise<void>;
}

const defaultYield = (): Promise<void> => new Promise((resolve) => {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  if (immediate) immediate(resolve);
  else setTimeout(resolve, 0);
});

/** Throws WorkStopped when `shouldStop` gives a reason. */
export function stopIfAsked(options: Pick<StepOptions, 'shouldStop'>): void {
  const reason = options.shouldStop?.();
  if (reason) throw new WorkStopped(reason);
}

/** Runs a generator of steps to its end at once. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Drives steps: at once without `sliceMs`, else in time slices with a stop check after each. */
export async function runSteps<T>(steps: Steps<T>, options: StepOptions): Promise<T> {
  stopIfAsked(options);
  if (options.sliceMs === undefined) return runToEnd(steps);
  const pause = options.yieldNow ?? defaultYield;
  let since = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - since >= options.sliceMs) {
      await pause();
      stopIfAsked(options);
      since = performance.now();
    }
  }
}
