import { type Kysely, sql } from 'kysely';
import type { Migration, SqlDialect } from './migration.ts';

/** Creates every table of the first catalog: orgs and keys, hosts and roles, metadata, graph defs, checks. */
export const initial: Migration = {
  name: '0001-initial',
  async up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
    // Ids and names compare byte-wise on both sides: PostgreSQL's default collation follows the
    // locale (en_US sorts 'b' before 'C'), SQLite's is binary. Without "C" the same catalog would
    // list services and page check monitors in a different order per driver.
    const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

    await db.schema
      .createTable('orgs')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('name', key, (c) => c.notNull().unique())
      .addColumn('display_name', 'text')
      .addColumn('default_host_status', 'text', (c) => c.notNull().defaultTo('working'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('permission', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('api_keys_org').on('api_keys').columns(['org_id', 'created_at']).execute();

    await db.schema
      .createTable('hosts')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      .addColumn('custom_identifier', key)
      .addColumn('size', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('memo', 'text', (c) => c.notNull())
      .addColumn('meta', 'text', (c) => c.notNull())
      .addColumn('interfaces', 'text', (c) => c.notNull())
      .addColumn('is_retired', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('retired_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Lists: live hosts of an org, oldest first.
    await db.schema.createIndex('hosts_org_live').on('hosts').columns(['org_id', 'is_retired', 'created_at']).execute();
    // A custom identifier is unique among live hosts only: a retired host keeps its own.
    await db.schema
      .createIndex('hosts_org_custom_identifier')
      .on('hosts')
      .columns(['org_id', 'custom_identifier'])
      .unique()
      .where(sql<boolean>`is_retired = 0 and custom_identifier is not null`)
      .execute();
    // The agent's case-insensitive lookup (hosts-by-custom-identifier?caseInsensitive=true).
    await db.schema
      .createIndex('hosts_org_custom_identifier_lower')
      .on('hosts')
      .column('org_id')
      .expression(sql`lower(custom_identifier)`)
      .where(sql<boolean>`is_retired = 0 and custom_identifier is not null`)
      .execute();

    await db.schema
      .createTable('services')
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('name', key, (c) => c.notNull())
      .addColumn('memo', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('services_pk', ['org_id', 'name'])
      .execute();

    await db.schema
      .createTable('roles')
      .addColumn('org_id', key, (c) => c.notNull())
      .addColumn('service', key, (c) => c.notNull())
      .addColumn('name', key, (c) => c.notNull())
      .addColumn('memo', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('roles_pk', ['org_id', 'service', 'name'])
      .addForeignKeyConstraint('roles_service', ['org_id', 'service'], 'services', ['org_id', 'name'], (f) =>
        f.onDelete('cascade'),
      )
      .execute();

    await db.schema
      .createTable('host_roles')
      .addColumn('host_id', key, (c) => c.notNull().references('hosts.id'))
      .addColumn('org_id', key, (c) => c.notNull())
      .addColumn('service', key, (c) => c.notNull())
      .addColumn('role', key, (c) => c.notNull())
      .addPrimaryKeyConstraint('host_roles_pk', ['host_id', 'service', 'role'])
      .addForeignKeyConstraint(
        'host_roles_role',
        ['org_id', 'service', 'role'],
        'roles',
        ['org_id', 'service', 'name'],
        (f) => f.onDelete('cascade'),
      )
      .execute();
    // Host list filters by service and role, and role deletion finds members.
    await db.schema
      .createIndex('host_roles_org_role')
      .on('host_roles')
      .columns(['org_id', 'service', 'role'])
      .execute();

    await db.schema
      .createTable('host_checks')
      .addColumn('host_id', key, (c) => c.notNull().references('hosts.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', key, (c) => c.notNull())
      .addColumn('memo', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('host_checks_pk', ['host_id', 'name'])
      .execute();

    await db.schema
      .createTable('metadata')
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('kind', key, (c) => c.notNull())
      .addColumn('host_id', key, (c) => c.notNull())
      .addColumn('service', key, (c) => c.notNull())
      .addColumn('role', key, (c) => c.notNull())
      .addColumn('namespace', key, (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('metadata_pk', ['org_id', 'kind', 'host_id', 'service', 'role', 'namespace'])
      .execute();

    await db.schema
      .createTable('graph_defs')
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('name', key, (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('graph_defs_pk', ['org_id', 'name'])
      .execute();

    await db.schema
      .createTable('check_monitors')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('name', key, (c) => c.notNull())
      .addUniqueConstraint('check_monitors_org_name', ['org_id', 'name'])
      .execute();
    await db.schema.createIndex('check_monitors_org_id').on('check_monitors').columns(['org_id', 'id']).execute();

    await db.schema
      .createTable('check_states')
      .addColumn('org_id', key, (c) => c.notNull())
      .addColumn('host_id', key, (c) => c.notNull().references('hosts.id'))
      .addColumn('name', key, (c) => c.notNull())
      .addColumn('monitor_id', key, (c) => c.notNull().references('check_monitors.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('notification_interval', 'integer')
      .addColumn('max_check_attempts', 'integer')
      .addColumn('consecutive_non_ok', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('check_states_pk', ['host_id', 'name'])
      .execute();
  },
};
