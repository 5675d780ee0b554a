// Posts each minute's metric batch with mackerel-agent's timing (spec §15.3), from a disk queue.
//
// Timing as the official agent: the first batch goes at once, later ones at second `d` of the
// minute (post-offset.ts). With a backlog, posts are spaced half a minute apart and merge
// several batches; the official agent merges 2, which drains a 6-hour outage in ~6 hours, so
// here a post merges up to 10,000 values (a 24-hour backlog of 100 metrics drains in ~8 min).
//
// Retries go beyond it: the official agent drops a batch after 60 failures of any kind. Here
// only answers that say the data itself is unusable (400, 404, 413, 422) count towards that
// limit; an outage, a bad key (401/403) or 429/5xx keep the batch until the buffer's age limit.
import { type HostMetricValue, NetworkError } from '@saba/client';
import { Alarm, type Clock, scaled, sleep } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { DiskQueue, QueueEntry } from './disk-queue.ts';
import { isUnusable } from './unusable.ts';

/** Posts one request of values (the client's postHostMetrics). */
export type PostMetrics = (values: readonly HostMetricValue[]) => Promise<void>;

/** Values merged into one request at most while catching up. */
const MAX_VALUES_PER_POST = 10_000;
/** Failures after which a batch the server calls unusable is dropped (the official agent's 60). */
const MAX_REJECTIONS = 60;
/** A network failure faster than this is retried at once, once (the official 25 s post deadline). */
const QUICK_FAILURE_MS = 25_000;

/** Sends queued metric batches and keeps them queued until the server has them. */
export class MetricSender {
  readonly #queue: DiskQueue;
  readonly #post: PostMetrics;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #offsetMs: number;
  // Weak: a batch the queue drops for age or size takes its count with it.
  readonly #rejections = new WeakMap<QueueEntry, number>();
  readonly #alarm = new Alarm();
  #posted = false;

  constructor(queue: DiskQueue, post: PostMetrics, clock: Clock, log: Logger, offsetSeconds: number) {
    this.#queue = queue;
    this.#post = post;
    this.#clock = clock;
    this.#log = log;
    this.#offsetMs = scaled(clock, offsetSeconds);
  }

  /** Queues one minute's values (durably) and wakes the sender. */
  async enqueue(timeSec: number, values: readonly HostMetricValue[]): Promise<void> {
    if (values.length === 0) return;
    await this.#queue.push(timeSec, values, this.#clock.nowMs() / 1000);
    this.#log.debug('metrics', `queued ${values.length} values at ${timeSec}`);
    this.#alarm.wake();
  }

  /** The send loop; returns when `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.#queue.length === 0) {
        await this.#alarm.sleep(Number.POSITIVE_INFINITY, signal);
        if (signal.aborted) return;
        // The first batch of a run goes at once; later ones at this host's second of the minute.
        if (this.#posted) await sleep(this.#untilOffset(), signal);
        if (signal.aborted) return;
      }
      const ok = await this.postOnce();
      const wait = ok ? (this.#queue.length > 0 ? this.#clock.minuteMs / 2 : 0) : this.#clock.minuteMs;
      if (wait > 0) await sleep(wait, signal);
    }
  }

  /** Posts as much of the queue as the deadline allows (on shutdown); what is left stays on disk. */
  async flush(deadlineMs: number): Promise<void> {
    while (this.#queue.length > 0 && this.#clock.nowMs() < deadlineMs) {
      if (!(await this.postOnce())) return;
    }
  }

  /** Posts the oldest batches merged into one request; false when the post failed. */
  async postOnce(): Promise<boolean> {
    const entries: QueueEntry[] = [];
    const values: HostMetricValue[] = [];
    for (const e of this.#queue.entries) {
      let batch: HostMetricValue[];
      try {
        batch = (await this.#queue.read(e)) as HostMetricValue[];
      } catch (err) {
        this.#log.error('metrics', `buffered batch ${e.name} is unreadable, dropping it: ${(err as Error).message}`);
        await this.#queue.remove([e]);
        continue;
      }
      if (entries.length > 0 && values.length + batch.length > MAX_VALUES_PER_POST) break;
      entries.push(e);
      for (const v of batch) values.push(v);
    }
    if (entries.length === 0) return true;
    try {
      await this.#postWithQuickRetry(values);
    } catch (err) {
      await this.#failed(entries, err as Error);
      return false;
    }
    this.#posted = true;
    for (const e of entries) this.#rejections.delete(e);
    await this.#queue.remove(entries);
    this.#log.debug('metrics', `posted ${values.length} values of ${entries.length} batch(es)`);
    return true;
  }

  async #postWithQuickRetry(values: readonly HostMetricValue[]): Promise<void> {
    try {
      await this.#post(values);
    } catch (err) {
      if (!(err instanceof NetworkError) || err.elapsedMs >= QUICK_FAILURE_MS) throw err;
      await this.#post(values);
    }
  }

  async #failed(entries: readonly QueueEntry[], err: Error): Promise<void> {
    this.#log.warn('metrics', `Failed to post metrics value (will retry): ${err.message}`);
    if (!isUnusable(err)) return;
    const dropped: QueueEntry[] = [];
    for (const e of entries) {
      const n = (this.#rejections.get(e) ?? 0) + 1;
      this.#rejections.set(e, n);
      if (n >= MAX_REJECTIONS) dropped.push(e);
    }
    if (dropped.length === 0) return;
    this.#log.error(
      'metrics',
      `Post values may be invalid and abandoned: ${dropped.length} batch(es) after ${MAX_REJECTIONS} rejections`,
    );
    for (const e of dropped) this.#rejections.delete(e);
    await this.#queue.remove(dropped);
  }

  #untilOffset(): number {
    const minute = this.#clock.minuteMs;
    const into = this.#clock.nowMs() % minute;
    return (this.#offsetMs - into + minute) % minute;
  }
}
