import { type Kysely, sql } from 'kysely';
import type { Migration, SqlDialect } from './migration.ts';

/** Users who sign in to the web UI, and their sessions (docs/decisions/0010). */
export const users: Migration = {
  name: '0006-users',
  async up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
    // "C" on PostgreSQL as in 0001, and for one more reason here: lower() then folds ASCII only,
    // as SQLite's does, so both drivers agree on which emails are the same.
    const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

    await db.schema
      .createTable('users')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('email', key, (c) => c.notNull())
      .addColumn('screen_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('authority', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // One user per email on the whole server, whatever its case: sign-in names no organization.
    await db.schema.createIndex('users_email').on('users').expression(sql`lower(email)`).unique().execute();
    await db.schema.createIndex('users_org').on('users').columns(['org_id', 'created_at', 'id']).execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', key, (c) => c.primaryKey())
      .addColumn('user_id', key, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .execute();
    // Pruning finds the expired; a password reset finds the user's.
    await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  },
};
