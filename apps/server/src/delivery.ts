// Runs notification delivery in the server: the DeliveryWorker (packages/notify) over the
// catalog's outbox, with the routing and channels of each organization. A pass runs when the
// monitor engine has decided something, and every few seconds for retries.
import type { Catalog } from '@saba/catalog';
import { type JsonObject, type OrgId, unixSec } from '@saba/model';
import {
  type Channel,
  channelKind,
  DeliveryWorker,
  type GroupWithId,
  httpPost,
  loadNotificationGroup,
  type Notification,
  parseChannel,
  routeNotification,
  type SendDeps,
  type StoredEvent,
} from '@saba/notify';
import type { NotificationBuilder } from './notification-builder.ts';

/** How often due retries are looked for when nothing wakes delivery. */
const PASS_INTERVAL_MS = 5_000;
/** Channels get 15 s per attempt, as external monitors do. */
const SEND_TIMEOUT_MS = 15_000;
/** Delivered and given-up notifications are kept this long (what a channel's history shows), then pruned. */
const KEEP_HISTORY_SEC = 30 * 86_400;
/** How often old delivery history is pruned. */
const PRUNE_INTERVAL_MS = 3_600_000;
/** Events and deliveries taken per round of a pass. */
const BATCH = 100;

/** What delivery is started with. */
export interface DeliveryOptions {
  readonly catalog: Catalog;
  readonly builder: NotificationBuilder;
  readonly smtp?: SendDeps['smtp'];
  readonly log: (line: string) => void;
  readonly clock: () => number;
}

/**
 * The current addresses of the organization's users of `ids`, in that order; a user who is gone is
 * left out. Read at send time, so a mail follows a changed address (email channels' `userIds`).
 */
async function userEmails(catalog: Catalog, org: OrgId, ids: readonly string[]): Promise<string[]> {
  const byId = new Map((await catalog.users.list(org)).map((u) => [u.id, u.email]));
  return ids.flatMap((id) => {
    const email = byId.get(id);
    return email === undefined ? [] : [email];
  });
}

/** Parses stored documents, skipping (and logging) any that no longer parse. */
function parsed<T>(rows: readonly { id: string; body: unknown }[], parse: (b: unknown) => T, log: (l: string) => void) {
  const out: { id: string; value: T }[] = [];
  for (const r of rows) {
    try {
      out.push({ id: r.id, value: parse(r.body) });
    } catch (err) {
      log(`stored ${r.id} cannot be read: ${(err as Error).message}`);
    }
  }
  return out;
}

/** Notification delivery of one server process. */
export class DeliveryService {
  private readonly worker: DeliveryWorker;
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly o: DeliveryOptions) {
    const { catalog } = o;
    const now = () => Math.floor(o.clock() / 1000);
    const sendDeps: SendDeps = { post: httpPost, timeoutMs: SEND_TIMEOUT_MS, ...(o.smtp ? { smtp: o.smtp } : {}) };
    this.worker = new DeliveryWorker({
      outbox: {
        undispatched: (limit) => catalog.outbox.undispatched(limit),
        dispatch: (id, channels, at) => catalog.outbox.dispatch(id, channels, unixSec(at)),
        due: (at, limit) => catalog.outbox.due(unixSec(at), limit),
        hurry: (org, channelId, at) => catalog.outbox.hurry(org, channelId, unixSec(at)),
        recordAttempt: (id, r, at) =>
          catalog.outbox.recordAttempt(
            id,
            r.sent ? r : { ...r, retryAt: r.retryAt === null ? null : unixSec(r.retryAt) },
            unixSec(at),
          ),
      },
      plan: async (event) => {
        const n = await this.notificationOf(event);
        if (n === undefined) return undefined;
        return { notification: n, channelIds: await this.route(event.orgId, n) };
      },
      notificationOf: (event) => this.notificationOf(event),
      send: async (org, channelId, n) => {
        const doc = await catalog.channels.get(org, channelId);
        if (doc === undefined) return 'gone';
        if ((await catalog.channels.suspended(org)).has(channelId)) return 'suspended';
        const c = parseChannel(doc.body);
        return channelKind(c.type).send(c, n, { ...sendDeps, userEmails: (ids) => userEmails(catalog, org, ids) });
      },
      suspend: async (org, channelId, at) => {
        await catalog.channels.setSuspended(org, channelId, unixSec(at)).catch(() => undefined);
      },
      now,
      log: o.log,
    });
  }

  /** Starts the periodic passes and the hourly pruning of old history. */
  start(): void {
    this.timer = setInterval(() => this.wake(), PASS_INTERVAL_MS);
    this.timer.unref();
    this.pruneTimer = setInterval(() => {
      const before = unixSec(Math.floor(this.o.clock() / 1000) - KEEP_HISTORY_SEC);
      this.o.catalog.outbox
        .prune(before)
        .catch((err) => this.o.log(`pruning delivery history failed: ${(err as Error).message}`));
    }, PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
    this.wake();
  }

  /** Runs a pass soon; if one is running, another follows it. */
  wake(): void {
    if (this.closed) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err) => this.o.log(`notification delivery failed: ${(err as Error).stack ?? String(err)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Dispatches and sends until nothing is left to do now. */
  async pass(): Promise<void> {
    while (!this.closed) {
      const dispatched = await this.worker.dispatch(BATCH);
      const sent = await this.worker.sendDue(BATCH);
      if (dispatched < BATCH && sent < BATCH) return;
    }
  }

  /** Stops the passes and waits for the running one. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.pruneTimer !== undefined) clearInterval(this.pruneTimer);
    await this.running;
  }

  private notificationOf(event: StoredEvent): Promise<Notification | undefined> {
    return this.o.builder.build(event.orgId, event.id, event.body);
  }

  /** The channels a notification reaches through the organization's notification groups. */
  private async route(org: OrgId, n: Notification): Promise<string[]> {
    const { catalog, log } = this.o;
    const groups: GroupWithId[] = parsed(
      await catalog.notificationGroups.list(org),
      (b) => loadNotificationGroup(b as JsonObject),
      log,
    ).map((g) => ({ id: g.id, group: g.value }));
    const channels = new Map(
      parsed(await catalog.channels.list(org), (b) => parseChannel(b), log).map((c) => [c.id, c.value as Channel]),
    );
    return routeNotification(
      n,
      groups,
      (id) => channels.get(id)?.events ?? [],
      (id, x) => {
        const c = channels.get(id);
        return c !== undefined && channelKind(c.type).accepts(c, x);
      },
    );
  }
}
