import { type Kysely, sql } from 'kysely';
import type { Migration, SqlDialect } from './migration.ts';

/** Adds the monitor stage's tables: monitors, alerts and their logs, evaluation states, downtimes, alert group settings. */
export const monitors: Migration = {
  name: '0002-monitors',
  async up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
    // Byte-wise keys on both sides, as in 0001: list orders and paging cursors compare ids and
    // names, and PostgreSQL's locale collation would order them differently from SQLite.
    const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
    // Judged values must come back bit for bit: PostgreSQL's `real` is 4 bytes, SQLite's 8.
    const float = dialect === 'postgres' ? sql`double precision` : sql`real`;

    await db.schema
      .createTable('monitors')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('type', key, (c) => c.notNull())
      .addColumn('name', key, (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // The API's list order (spec §8.1).
    await db.schema.createIndex('monitors_org_list').on('monitors').columns(['org_id', 'type', 'name', 'id']).execute();

    // No foreign key on monitor_id: check monitors' alerts name check_monitors, the others monitors.
    await db.schema
      .createTable('alerts')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('monitor_id', key, (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('target', key, (c) => c.notNull())
      .addColumn('host_id', key)
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('value', float)
      .addColumn('message', 'text')
      .addColumn('series', 'text')
      .addColumn('opened_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_at', 'bigint')
      .addColumn('reason', 'text')
      .addColumn('memo', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status_changed_at', 'bigint', (c) => c.notNull())
      .addColumn('notified_at', 'bigint')
      .execute();
    // GET /alerts?withClosed=true: newest first, paged by (opened_at, id).
    await db.schema
      .createIndex('alerts_org_list')
      .on('alerts')
      .columns(['org_id', 'opened_at desc', 'id desc'])
      .execute();
    // GET /alerts without withClosed, and service deletes, read only the few open ones.
    await db.schema
      .createIndex('alerts_org_open')
      .on('alerts')
      .columns(['org_id', 'opened_at desc', 'id desc'])
      .where(sql<boolean>`closed_at is null`)
      .execute();
    // The state machine's invariant: at most one open alert per (monitor, target). It also
    // serves listOpen, which the engine runs at start.
    await db.schema
      .createIndex('alerts_one_open')
      .on('alerts')
      .columns(['monitor_id', 'target'])
      .unique()
      .where(sql<boolean>`closed_at is null`)
      .execute();
    // Host retirement closes the host's alerts.
    await db.schema.createIndex('alerts_org_host').on('alerts').columns(['org_id', 'host_id']).execute();
    // Monitor deletion clears monitor_id on the logs of all its alerts, closed ones included.
    await db.schema.createIndex('alerts_monitor').on('alerts').column('monitor_id').execute();

    await db.schema
      .createTable('alert_logs')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('alert_id', key, (c) => c.notNull().references('alerts.id'))
      .addColumn('org_id', key, (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('monitor_id', key)
      .addColumn('target_value', float)
      .addColumn('status_detail', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Unique: two writers appending to one alert at once fail instead of sharing a position.
    await db.schema
      .createIndex('alert_logs_alert_position')
      .on('alert_logs')
      .columns(['alert_id', 'position'])
      .unique()
      .execute();

    await db.schema
      .createTable('monitor_states')
      .addColumn('org_id', key, (c) => c.notNull())
      .addColumn('monitor_id', key, (c) => c.notNull())
      .addColumn('target', key, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('consecutive', 'integer', (c) => c.notNull())
      .addColumn('observed_at', 'bigint', (c) => c.notNull())
      .addColumn('suppressed', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('monitor_states_pk', ['monitor_id', 'target'])
      .execute();
    // Host retirement drops the states whose target is the host.
    await db.schema
      .createIndex('monitor_states_org_target')
      .on('monitor_states')
      .columns(['org_id', 'target'])
      .execute();

    // Alert groups: the open alerts of one alert group setting, bundled (spec features §4.1).
    await db.schema
      .createTable('alert_groups')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('setting_id', key, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('alert_ids', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_at', 'bigint')
      .addColumn('status_changed_at', 'bigint', (c) => c.notNull())
      .addColumn('notified_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('alert_groups_org_list')
      .on('alert_groups')
      .columns(['org_id', 'opened_at', 'id'])
      .execute();
    // At most one open group per setting, as for alerts per (monitor, target).
    await db.schema
      .createIndex('alert_groups_one_open')
      .on('alert_groups')
      .column('setting_id')
      .unique()
      .where(sql<boolean>`closed_at is null`)
      .execute();

    for (const table of ['downtimes', 'alert_group_settings']) {
      await db.schema
        .createTable(table)
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_org_list`).on(table).columns(['org_id', 'created_at', 'id']).execute();
    }
  },
};
