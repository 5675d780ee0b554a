import type { UnixSec } from '@saba/model';
import { type Kysely, sql } from 'kysely';
import { initial } from './migrations/0001-initial.ts';
import { monitors } from './migrations/0002-monitors.ts';
import { notifications } from './migrations/0003-notifications.ts';
import { graphAnnotations } from './migrations/0004-graph-annotations.ts';
import { dashboards } from './migrations/0005-dashboards.ts';
import { users } from './migrations/0006-users.ts';
import { deliveryAttempts } from './migrations/0007-delivery-attempts.ts';
import { droppedChecks } from './migrations/0008-dropped-checks.ts';
import type { Migration, SqlDialect } from './migrations/migration.ts';
import type { Database } from './schema.ts';

/** Every migration, in the order they apply. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  monitors,
  notifications,
  graphAnnotations,
  dashboards,
  users,
  deliveryAttempts,
  droppedChecks,
];

/** Any 64-bit number works; this one is "saba" in ASCII. Every catalog in a database shares it. */
const POSTGRES_LOCK_KEY = 0x73616261;

/** What to migrate besides the defaults. */
export interface MigrateOptions {
  /** PostgreSQL: the schema the connections' search_path names, created if absent. */
  readonly schema?: string;
  /** The migrations to apply; tests pass a failing one. */
  readonly migrations?: readonly Migration[];
}

/**
 * Applies the pending migrations, all in one transaction, and returns their names.
 *
 * Not Kysely's Migrator: it runs SQLite migrations outside a transaction (its SQLite adapter
 * reports no transactional DDL), so a crash halfway would leave half a schema that the next
 * start cannot migrate. SQLite and PostgreSQL both roll DDL back, so here all of it is atomic.
 * Concurrent starters wait on a lock: SQLite's write lock (`begin immediate`, waited for up to
 * busy_timeout) or a PostgreSQL advisory lock.
 */
export async function migrate(
  db: Kysely<Database>,
  dialect: SqlDialect,
  now: UnixSec,
  options: MigrateOptions = {},
): Promise<string[]> {
  const { schema, migrations = MIGRATIONS } = options;
  return db.connection().execute(async (conn) => {
    await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      if (dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${POSTGRES_LOCK_KEY})`.execute(conn);
        // Under the lock: two starters' `create schema if not exists` would otherwise race to a
        // duplicate-key error on pg_namespace.
        if (schema !== undefined) await conn.schema.createSchema(schema).ifNotExists().execute();
      }
      await conn.schema
        .createTable('saba_migrations')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute();
      const done = new Set((await conn.selectFrom('saba_migrations').select('name').execute()).map((r) => r.name));
      const applied: string[] = [];
      for (const m of [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (done.has(m.name)) continue;
        // Migrations see no table types: they describe the shape before them, not today's.
        await m.up(conn as unknown as Kysely<unknown>, dialect);
        await conn.insertInto('saba_migrations').values({ name: m.name, applied_at: now }).execute();
        applied.push(m.name);
      }
      await sql`commit`.execute(conn);
      return applied;
    } catch (e) {
      // The first error says what went wrong; a failing rollback (connection gone) adds nothing.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}
