import { NotFoundError, type OrgId, orgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type {
  AttemptResult,
  ChannelDelivery,
  Delivery,
  DeliveryStatus,
  JsonValue,
  OutboxEvent,
  OutboxRepo,
} from '../catalog.ts';
import { newOrderedId } from '../ids.ts';
import type { Database, NotificationDeliveriesTable, NotificationEventsTable } from '../schema.ts';

function eventOf(r: Selectable<NotificationEventsTable>): OutboxEvent {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    body: JSON.parse(r.body) as JsonValue,
    createdAt: unixSec(Number(r.created_at)),
  };
}

function deliveryOf(r: Selectable<NotificationDeliveriesTable>): Delivery {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    eventId: r.event_id,
    channelId: r.channel_id,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: unixSec(Number(r.next_attempt_at)),
    lastError: r.last_error,
    createdAt: unixSec(Number(r.created_at)),
    sentAt: r.sent_at === null ? null : unixSec(Number(r.sent_at)),
    lastAttemptAt: r.last_attempt_at === null ? null : unixSec(Number(r.last_attempt_at)),
  };
}

/** A delivery row joined with its event's body and time (`event_body`, `event_created_at`). */
type JoinedRow = Selectable<NotificationDeliveriesTable> & { event_body: string; event_created_at: number };

function joinedEventOf(r: JoinedRow): OutboxEvent {
  return {
    id: r.event_id,
    orgId: orgId(r.org_id),
    body: JSON.parse(r.event_body) as JsonValue,
    createdAt: unixSec(Number(r.event_created_at)),
  };
}

/** Stores events in the outbox inside a caller's transaction (the engine's alert batch). */
export async function putOutboxEvents(trx: Kysely<Database>, events: readonly OutboxEvent[]): Promise<void> {
  for (const e of events) {
    await trx
      .insertInto('notification_events')
      .values({ id: e.id, org_id: e.orgId, body: JSON.stringify(e.body), created_at: e.createdAt, dispatched_at: null })
      .execute();
  }
}

/** The outbox over Kysely. */
export function outboxRepo(db: Kysely<Database>): OutboxRepo {
  return {
    async undispatched(limit: number): Promise<OutboxEvent[]> {
      const rows = await db
        .selectFrom('notification_events')
        .selectAll()
        .where('dispatched_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(eventOf);
    },

    async dispatch(eventId: string, channelIds: readonly string[], now: UnixSec): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const ev = await trx.selectFrom('notification_events').selectAll().where('id', '=', eventId).executeTakeFirst();
        if (ev === undefined) throw new NotFoundError(`Notification event ${eventId} not found.`);
        // Marking first makes a concurrent second dispatch of the same event find nothing to do.
        const marked = await trx
          .updateTable('notification_events')
          .set({ dispatched_at: now })
          .where('id', '=', eventId)
          .where('dispatched_at', 'is', null)
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) === 0) return false;
        for (const channelId of new Set(channelIds)) {
          await trx
            .insertInto('notification_deliveries')
            .values({
              id: newOrderedId(),
              org_id: ev.org_id,
              event_id: eventId,
              channel_id: channelId,
              status: 'pending',
              attempts: 0,
              next_attempt_at: now,
              last_error: null,
              created_at: now,
              sent_at: null,
            })
            .execute();
        }
        return true;
      });
    },

    async due(now: UnixSec, limit: number): Promise<{ delivery: Delivery; event: OutboxEvent }[]> {
      const rows = await db
        .selectFrom('notification_deliveries as d')
        .innerJoin('notification_events as e', 'e.id', 'd.event_id')
        // A suspended channel's deliveries wait without taking places: otherwise 100 of them at the
        // head of the queue would hold back every other channel's.
        .leftJoin('channels as c', (j) => j.onRef('c.id', '=', 'd.channel_id').onRef('c.org_id', '=', 'd.org_id'))
        .where('c.suspended_at', 'is', null)
        .selectAll('d')
        .select(['e.body as event_body', 'e.created_at as event_created_at'])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', now)
        .orderBy('d.next_attempt_at')
        .orderBy('d.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ delivery: deliveryOf(r), event: joinedEventOf(r) }));
    },

    async recordAttempt(id: string, result: AttemptResult, now: UnixSec): Promise<void> {
      const base = db.updateTable('notification_deliveries').where('id', '=', id).where('status', '=', 'pending');
      if (result.sent) {
        await base
          .set((eb) => ({
            status: 'sent',
            attempts: eb('attempts', '+', 1),
            sent_at: now,
            last_attempt_at: now,
            last_error: null,
          }))
          .execute();
        return;
      }
      await base
        .set((eb) => ({
          status: result.retryAt === null ? 'failed' : 'pending',
          attempts: eb('attempts', '+', 1),
          last_attempt_at: now,
          last_error: result.error.slice(0, 1000),
          ...(result.retryAt === null ? {} : { next_attempt_at: result.retryAt }),
        }))
        .execute();
    },

    async hurry(org: OrgId, channelId: string, now: UnixSec): Promise<number> {
      const r = await db
        .updateTable('notification_deliveries')
        .set({ next_attempt_at: now })
        .where('org_id', '=', org)
        .where('channel_id', '=', channelId)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '>', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async prune(before: UnixSec): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('notification_deliveries')
          .where('status', 'in', ['sent', 'failed'])
          .where('created_at', '<', before)
          .executeTakeFirst();
        await trx
          .deleteFrom('notification_events')
          .where('dispatched_at', 'is not', null)
          .where('created_at', '<', before)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('notification_deliveries as d')
                  .select('d.id')
                  .whereRef('d.event_id', '=', 'notification_events.id'),
              ),
            ),
          )
          .execute();
        return Number(gone.numDeletedRows);
      });
    },

    async listForChannel(org: OrgId, channelId: string, limit: number): Promise<ChannelDelivery[]> {
      // One query with the events: the list shows what each delivery was about (an alert, a host).
      const rows = await db
        .selectFrom('notification_deliveries as d')
        .innerJoin('notification_events as e', 'e.id', 'd.event_id')
        .selectAll('d')
        .select(['e.body as event_body', 'e.created_at as event_created_at'])
        .where('d.org_id', '=', org)
        .where('d.channel_id', '=', channelId)
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...deliveryOf(r), event: joinedEventOf(r) }));
    },
  };
}
