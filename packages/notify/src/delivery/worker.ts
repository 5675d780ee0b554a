// Delivery from the durable outbox (decision 0009): the engine stores decided events with its
// decisions; the dispatcher expands each into one delivery per channel that takes it; the sender
// attempts due deliveries with backoff. Every step is a row in the catalog, so a kill -9 at any
// point resumes where it stopped. A repeat is possible only when the kill falls between sending
// and recording, and then it carries the same idempotency key.
import type { OrgId } from '@saba/model';
import type { SendResult } from '../channels/kind.ts';
import type { Notification } from '../notification.ts';
import { GIVE_UP_AFTER_SEC, retryAt, SUSPEND_AFTER_SEC } from './backoff.ts';

/** An outbox event as the catalog keeps it. */
export interface StoredEvent {
  readonly id: string;
  readonly orgId: OrgId;
  readonly body: unknown;
  readonly createdAt: number;
}

/** A delivery as the catalog keeps it. */
export interface StoredDelivery {
  readonly id: string;
  readonly orgId: OrgId;
  readonly eventId: string;
  readonly channelId: string;
  readonly attempts: number;
  readonly createdAt: number;
}

/** The outbox operations delivery uses (the catalog's OutboxRepo fits). */
export interface OutboxPort {
  undispatched(limit: number): Promise<readonly StoredEvent[]>;
  dispatch(eventId: string, channelIds: readonly string[], now: number): Promise<boolean>;
  due(now: number, limit: number): Promise<readonly { delivery: StoredDelivery; event: StoredEvent }[]>;
  recordAttempt(
    id: string,
    result: { sent: true } | { sent: false; error: string; retryAt: number | null },
    now: number,
  ): Promise<void>;
  /** Makes a channel's pending deliveries due now. */
  hurry(orgId: OrgId, channelId: string, now: number): Promise<number>;
}

/** What delivery needs besides the outbox. */
export interface DeliveryDeps {
  readonly outbox: OutboxPort;
  /**
   * The notification an event becomes (organization, host and monitor looked up) and the
   * channels it routes to; undefined when nothing can be made of it any more (its organization
   * is gone): it is then dispatched to no channel.
   */
  plan(event: StoredEvent): Promise<{ notification: Notification; channelIds: readonly string[] } | undefined>;
  /** The notification of a dispatched event again, for sending (the same as `plan` gives). */
  notificationOf(event: StoredEvent): Promise<Notification | undefined>;
  /** Sends to one channel; `gone` when the channel was deleted, `suspended` when it is suspended. */
  send(orgId: OrgId, channelId: string, n: Notification): Promise<SendResult | 'gone' | 'suspended'>;
  /** Suspends a channel that keeps failing. */
  suspend(orgId: OrgId, channelId: string, now: number): Promise<void>;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

/** Channels served at once in a pass (each channel's own deliveries go one after another). */
const CHANNEL_LANES = 16;

/** The idempotency key a receiver sees for one event on one channel: the same on every attempt. */
export function deliveryKey(eventId: string, channelId: string): string {
  return `${eventId}.${channelId}`;
}

/** Dispatches undispatched events, then attempts due deliveries; one pass. */
export class DeliveryWorker {
  /** Per channel: when its current run of failures began (cleared by a success). */
  private readonly failingSince = new Map<string, number>();

  constructor(private readonly deps: DeliveryDeps) {}

  /** Expands up to `limit` undispatched events into deliveries; returns how many were dispatched. */
  async dispatch(limit = 100): Promise<number> {
    let n = 0;
    for (const event of await this.deps.outbox.undispatched(limit)) {
      const plan = await this.deps.plan(event);
      if (await this.deps.outbox.dispatch(event.id, plan?.channelIds ?? [], this.deps.now())) n++;
    }
    return n;
  }

  /**
   * Attempts up to `limit` due deliveries; returns how many were sent. Channels are served side
   * by side, each in order: a receiver that hangs for its 15 s timeout holds back only its own
   * notifications, and one channel's open and close still arrive in that order.
   */
  async sendDue(limit = 100): Promise<number> {
    const byChannel = new Map<string, { delivery: StoredDelivery; event: StoredEvent }[]>();
    for (const due of await this.deps.outbox.due(this.deps.now(), limit)) {
      const key = `${due.delivery.orgId}\u0000${due.delivery.channelId}`;
      const list = byChannel.get(key);
      if (list === undefined) byChannel.set(key, [due]);
      else list.push(due);
    }
    const queues = [...byChannel.values()];
    // One event goes to several channels: it is built (organization, host, monitor looked up) once per pass.
    const built = new Map<string, Promise<Notification | undefined>>();
    const notificationOf = (event: StoredEvent): Promise<Notification | undefined> => {
      let n = built.get(event.id);
      if (n === undefined) {
        n = this.deps.notificationOf(event);
        built.set(event.id, n);
      }
      return n;
    };
    let sent = 0;
    const lane = async (): Promise<void> => {
      for (let q = queues.shift(); q !== undefined; q = queues.shift()) {
        for (const { delivery, event } of q) {
          const outcome = await this.attempt(delivery, event, await notificationOf(event));
          if (outcome === 'sent') sent++;
          // After a failure the rest of this channel waits for the next pass, keeping its order.
          if (outcome === 'failed') break;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CHANNEL_LANES, queues.length) }, lane));
    return sent;
  }

  /** One attempt of one delivery, recorded. */
  private async attempt(
    d: StoredDelivery,
    event: StoredEvent,
    n: Notification | undefined,
  ): Promise<'sent' | 'failed' | 'skipped'> {
    if (n === undefined) {
      await this.deps.outbox.recordAttempt(
        d.id,
        { sent: false, error: 'the event cannot be read', retryAt: null },
        this.deps.now(),
      );
      return 'skipped';
    }
    const keyed = { ...n, key: deliveryKey(event.id, d.channelId) } as Notification;
    let result: SendResult | 'gone' | 'suspended';
    try {
      result = await this.deps.send(d.orgId, d.channelId, keyed);
    } catch (err) {
      result = { ok: false, retryable: true, error: (err as Error).message };
    }
    const at = this.deps.now();
    if (result === 'gone') {
      await this.deps.outbox.recordAttempt(d.id, { sent: false, error: 'the channel was deleted', retryAt: null }, at);
      return 'skipped';
    }
    const channelKey = `${d.orgId}\u0000${d.channelId}`;
    // A suspended channel's deliveries wait (not dropped) until it is resumed; once resumed, it
    // gets a full hour of failures again before it is suspended again.
    if (result === 'suspended') {
      this.failingSince.delete(channelKey);
      return 'failed';
    }
    if (result.ok) {
      await this.deps.outbox.recordAttempt(d.id, { sent: true }, at);
      // It answers again: what waits on backoff for it goes now, not up to 10 minutes later.
      if (this.failingSince.delete(channelKey)) await this.deps.outbox.hurry(d.orgId, d.channelId, at);
      return 'sent';
    }
    const since = this.failingSince.get(channelKey) ?? at;
    this.failingSince.set(channelKey, since);
    const giveUp = !result.retryable || at - d.createdAt >= GIVE_UP_AFTER_SEC;
    await this.deps.outbox.recordAttempt(
      d.id,
      { sent: false, error: result.error, retryAt: giveUp ? null : retryAt(d.attempts + 1, at) },
      at,
    );
    if (result.retryable && at - since >= SUSPEND_AFTER_SEC) {
      this.failingSince.delete(channelKey);
      await this.deps.suspend(d.orgId, d.channelId, at);
      this.deps.log(
        `channel ${d.channelId} suspended: failing for ${Math.round((at - since) / 60)} minutes (${result.error})`,
      );
    }
    // A refusal is given up for this delivery only; the channel's next one is tried.
    return giveUp ? 'skipped' : 'failed';
  }
}
