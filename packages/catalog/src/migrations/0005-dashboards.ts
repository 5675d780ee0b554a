import { type Kysely, sql } from 'kysely';
import type { Migration, SqlDialect } from './migration.ts';

/**
 * Custom dashboards (spec api §12): title and urlPath as columns, memo and widgets as one JSON
 * document, as monitors are kept. The API validates the widgets; the catalog stores them verbatim.
 */
export const dashboards: Migration = {
  name: '0005-dashboards',
  async up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
    // Byte-wise keys, as in 0001: the list order compares ids.
    const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('dashboards')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('url_path', key, (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // A urlPath names one dashboard of an organization (409 on a taken one, spec api §12).
    await db.schema
      .createIndex('dashboards_url_path')
      .on('dashboards')
      .columns(['org_id', 'url_path'])
      .unique()
      .execute();
    // The API's list order.
    await db.schema
      .createIndex('dashboards_org_list')
      .on('dashboards')
      .columns(['org_id', 'created_at', 'id'])
      .execute();
  },
};
