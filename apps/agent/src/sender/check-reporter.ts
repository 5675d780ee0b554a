// Sends check reports as mackerel-agent does (spec §15.3): every minute, or at once when a check
// changes status; at most 20 reports a request, a pause between requests (longer while a big
// backlog drains); retried until accepted. Reports wait in a disk queue, so an outage or a
// restart loses none (the official agent keeps them in memory for 6 hours).
import type { CheckReport } from '@saba/client';
import { Alarm, type Clock, scaled, sleep } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { DiskQueue, QueueEntry } from './disk-queue.ts';
import { isUnusable } from './unusable.ts';

/** Posts one request of reports (the client's postCheckReports). */
export type PostReports = (reports: readonly CheckReport[]) => Promise<void>;

/** Reports per request: the official agent's chunk size (the API takes up to 100). */
const CHUNK = 20;

/** Queues check reports and sends them in chunks. */
export class CheckReporter {
  readonly #queue: DiskQueue;
  readonly #post: PostReports;
  readonly #clock: Clock;
  readonly #log: Logger;
  /** How many checkers run: a backlog over twice that slows the pace (official rule). */
  readonly #checkers: number;
  readonly #alarm = new Alarm();
  /** Half a minute after a failed round (the official 30 s retry), else a minute. */
  #nextRoundMs: number;

  constructor(queue: DiskQueue, post: PostReports, clock: Clock, log: Logger, checkers: number) {
    this.#queue = queue;
    this.#post = post;
    this.#clock = clock;
    this.#log = log;
    this.#checkers = checkers;
    this.#nextRoundMs = clock.minuteMs;
  }

  /** Queues a report durably; `urgent` (a status change) sends it now instead of at the next minute. */
  async enqueue(report: CheckReport, urgent: boolean): Promise<void> {
    await this.#queue.push(report.occurredAt, report, this.#clock.nowMs() / 1000);
    if (urgent) this.#alarm.wake();
  }

  /** The send loop: a round every minute or on an urgent report; returns when `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.#alarm.sleep(this.#nextRoundMs, signal);
      if (signal.aborted) return;
      const ok = await this.sendAll(signal);
      this.#nextRoundMs = ok ? this.#clock.minuteMs : this.#clock.minuteMs / 2;
      // Without check plugins nothing new will come: once what an earlier run left is sent, stop
      // waking every minute for nothing.
      if (ok && this.#checkers === 0 && this.#queue.length === 0) return;
    }
  }

  /** Sends every queued report, chunk by chunk, until done, a failure, or `signal` aborts. */
  async sendAll(signal?: AbortSignal): Promise<boolean> {
    // Age out reports the server would ignore anyway (≥ 6 h old, spec §6).
    await this.#queue.trim(this.#clock.nowMs() / 1000);
    while (this.#queue.length > 0) {
      const entries: QueueEntry[] = [];
      const reports: CheckReport[] = [];
      for (const e of this.#queue.entries.slice(0, CHUNK)) {
        // An unreadable file (e.g. left empty by a power cut with fsync off) must not stop the loop.
        try {
          reports.push((await this.#queue.read(e)) as CheckReport);
          entries.push(e);
        } catch (err) {
          this.#log.error('checks', `buffered report ${e.name} is unreadable, dropping it: ${(err as Error).message}`);
          await this.#queue.remove([e]);
        }
      }
      if (entries.length === 0) continue;
      try {
        await this.#post(reports);
      } catch (err) {
        if (isUnusable(err)) {
          this.#log.error('checks', `reports rejected, dropping ${entries.length}: ${err.message}`);
          await this.#queue.remove(entries);
          continue;
        }
        this.#log.warn('checks', `Failed to post check reports (will retry): ${(err as Error).message}`);
        return false;
      }
      await this.#queue.remove(entries);
      if (this.#queue.length === 0 || signal?.aborted) break;
      const pause = this.#queue.length > 2 * this.#checkers ? 15 : 1;
      await sleep(scaled(this.#clock, pause), signal);
    }
    return true;
  }
}
