import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatencyRecorder } from './latency.ts';

/** What a run of requests did. */
export interface DriveResult {
  readonly requests: number;
  readonly wallMs: number;
  readonly latency: LatencyRecorder;
}

/**
 * Closed loop: `workers` senders at once, each sending its own list of requests one after another
 * as fast as answers come back. Worker w sends `jobs(w)` in order, so a host given to one worker
 * posts its minutes in time order, as its agent would. Latency is from send to the whole answer.
 */
export async function closedLoop(
  workers: number,
  jobs: (worker: number) => Iterable<() => Promise<unknown>>,
): Promise<DriveResult> {
  const latency = new LatencyRecorder();
  let requests = 0;
  const t0 = performance.now();
  const one = async (w: number): Promise<void> => {
    for (const job of jobs(w)) {
      const s = performance.now();
      await job();
      latency.record(performance.now() - s);
      requests++;
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => one(w)));
  return { requests, wallMs: performance.now() - t0, latency };
}

/**
 * Open loop: request i starts at `i * intervalMs` from now whether or not earlier ones have been
 * answered, as independent agents do. Latency counts from each request's planned start, so a
 * server stall is charged to every request it delays, not hidden by a sender that waits
 * (coordinated omission).
 */
export async function openLoop(
  count: number,
  intervalMs: number,
  send: (i: number) => Promise<void>,
): Promise<DriveResult> {
  const latency = new LatencyRecorder();
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const planned = t0 + i * intervalMs;
    const wait = planned - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(i).then(() => latency.record(performance.now() - planned)));
  }
  await Promise.all(pending);
  return { requests: count, wallMs: performance.now() - t0, latency };
}
