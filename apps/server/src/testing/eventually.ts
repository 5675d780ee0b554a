// Polling for the tests that watch a separate process (an agent, a server) reach a state.
import { setTimeout as sleep } from 'node:timers/promises';

/** How long to keep asking, and how often. */
export interface PollOptions {
  /** Default 20 s: an agent with one-second minutes gets there in a few. */
  readonly timeoutMs?: number;
  /** Default 200 ms. */
  readonly intervalMs?: number;
}

/**
 * Calls `fn` until it returns something other than undefined or false, and resolves with that;
 * rejects after `timeoutMs`. An error thrown by `fn` is not retried: it rejects at once.
 */
export async function eventually<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  options: PollOptions = {},
): Promise<T> {
  const end = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(options.intervalMs ?? 200);
  }
}
