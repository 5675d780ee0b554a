// The agent's sense of time. Everything periodic is a fraction of `minuteMs`, so tests can run the
// whole agent with one-second "minutes" (SABA_AGENT_MINUTE_MS) and the same code paths.

/** Time source and the length of the agent's minute. */
export interface Clock {
  /** 60,000 in production. */
  readonly minuteMs: number;
  nowMs(): number;
}

/** The real clock with real minutes, or shorter ones for tests. */
export function systemClock(minuteMs = 60_000): Clock {
  if (!Number.isInteger(minuteMs) || minuteMs < 1000) throw new Error(`minute must be at least 1000 ms: ${minuteMs}`);
  return { minuteMs, nowMs: () => Date.now() };
}

/** Scales a duration given in real seconds to the clock's minute (1 s of a 60 s minute). */
export function scaled(clock: Clock, seconds: number): number {
  return (seconds * clock.minuteMs) / 60;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A sleep that another part can cut short: a sender sleeps on it, and a new record wakes it. */
export class Alarm {
  #wake: (() => void) | undefined;
  #pending = false;

  /** Ends the current sleep, or the next one at once if nobody sleeps now. */
  wake(): void {
    if (this.#wake !== undefined) this.#wake();
    else this.#pending = true;
  }

  /** Sleeps up to `ms` (Infinity: until woken) or until `signal` aborts. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return;
    }
    // Not AbortSignal.any: on Node 20 its combined signals stay reachable from the parent, and
    // this runs every minute for months.
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
      this.#wake = done;
      if (signal?.aborted === true) done();
      else signal?.addEventListener('abort', done, { once: true });
    });
  }
}
