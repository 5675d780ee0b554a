import { type Kysely, sql } from 'kysely';
import type { Migration, SqlDialect } from './migration.ts';

/**
 * Notification channels and groups (documents, as downtimes), and the durable outbox: events the
 * monitor engine decided, stored with its decisions, and one delivery per (event, channel).
 */
export const notifications: Migration = {
  name: '0003-notifications',
  async up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
    const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

    for (const table of ['channels', 'notification_groups']) {
      await db.schema
        .createTable(table)
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_org_list`).on(table).columns(['org_id', 'created_at', 'id']).execute();
    }
    // Set by delivery when a channel keeps failing; cleared by hand (spec features §4.3).
    await db.schema.alterTable('channels').addColumn('suspended_at', 'bigint').execute();

    await db.schema
      .createTable('notification_events')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('dispatched_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('notification_events_undispatched')
      .on('notification_events')
      .columns(['created_at', 'id'])
      .where(sql<boolean>`dispatched_at is null`)
      .execute();

    await db.schema
      .createTable('notification_deliveries')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('event_id', key, (c) => c.notNull().references('notification_events.id'))
      .addColumn('channel_id', key, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .execute();
    // One delivery per (event, channel): a dispatch repeated after a crash adds nothing.
    await db.schema
      .createIndex('notification_deliveries_once')
      .on('notification_deliveries')
      .columns(['event_id', 'channel_id'])
      .unique()
      .execute();
    await db.schema
      .createIndex('notification_deliveries_due')
      .on('notification_deliveries')
      .columns(['next_attempt_at', 'id'])
      .where(sql<boolean>`status = 'pending'`)
      .execute();
    await db.schema
      .createIndex('notification_deliveries_channel')
      .on('notification_deliveries')
      .columns(['org_id', 'channel_id', 'created_at'])
      .execute();
  },
};
