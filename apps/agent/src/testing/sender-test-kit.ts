// Helpers for the sender tests only: a real disk queue in a temporary directory, a logger writing
// into an array, a fake post, and a clock moved by hand. The post is a fake: it stands for the
// HTTP call (MackerelClient.postHostMetrics, postCheckReports), which the client's tests and the
// agent's e2e tests run against real servers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, sleep } from '../clock.ts';
import { createLogger, type Logger } from '../log.ts';
import { DiskQueue, type QueueLimits } from '../sender/disk-queue.ts';

/** What a test context must offer to clean up after itself (node:test's TestContext does). */
export interface Cleanup {
  after(fn: () => void): void;
}

/** setTimeout may fire a millisecond early: the lower bound of a timed assertion allows this much. */
export const SLACK_MS = 5;

/** A fresh directory under the system temp dir, removed when the test ends. */
export function tempDir(t: Cleanup): string {
  const dir = mkdtempSync(join(tmpdir(), 'saba-sender-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real queue (fsync off: no test cuts the power) in a fresh temporary directory. */
export async function openQueue(t: Cleanup, limits: QueueLimits): Promise<{ dir: string; queue: DiskQueue }> {
  const dir = tempDir(t);
  return { dir, queue: await DiskQueue.open(dir, limits, { fsync: false }) };
}

/** A logger writing into an array, DEBUG lines included. */
export function arrayLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger({ verbose: true }, (l) => lines.push(l)), lines };
}

/** What the fake post does on a call: an Error is thrown, undefined succeeds. */
export type Outcome = Error | undefined;

/** One call of the fake post: when, and what it was given. */
export interface PostCall<T> {
  readonly atMs: number;
  readonly items: readonly T[];
}

/** A fake post answering with `outcomes` in turn, then success; `calls` records every call. */
export function fakePost<T>(outcomes: Outcome[] = []): {
  post: (items: readonly T[]) => Promise<void>;
  calls: PostCall<T>[];
} {
  const calls: PostCall<T>[] = [];
  const post = async (items: readonly T[]): Promise<void> => {
    calls.push({ atMs: Date.now(), items });
    const outcome = outcomes.shift();
    if (outcome !== undefined) throw outcome;
  };
  return { post, calls };
}

/** A clock that moves only when told: deadlines are then exact, not timed. */
export function manualClock(minuteMs: number, startMs: number): Clock & { advance(ms: number): void } {
  let now = startMs;
  return {
    minuteMs,
    nowMs: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Wall-clock seconds: records the real clock would trim as too old must not be used with it. */
export function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/** Waits until `done()` holds, checking every 5 ms; rejects after `timeoutMs`. */
export async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
