import { type Kysely, sql } from 'kysely';
import type { Migration, SqlDialect } from './migration.ts';

/** Graph annotations (spec api §13): a titled time range on a service's graphs, or on some of its roles'. */
export const graphAnnotations: Migration = {
  name: '0004-graph-annotations',
  async up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
    // Byte-wise keys on both sides, as in 0001: the list's tie-break compares ids.
    const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

    await db.schema
      .createTable('graph_annotations')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('org_id', key, (c) => c.notNull().references('orgs.id'))
      .addColumn('service', key, (c) => c.notNull())
      // JSON array of role names; null for an annotation of the whole service.
      .addColumn('roles', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('from_at', 'bigint', (c) => c.notNull())
      .addColumn('to_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // No cascade: deleting a service deletes its annotations first, in its own transaction
      // (repos/services.ts). The key still refuses an annotation of a service deleted meanwhile.
      .addForeignKeyConstraint('graph_annotations_service', ['org_id', 'service'], 'services', ['org_id', 'name'])
      .execute();
    // "Annotations of a service intersecting [from, to]" is from_at <= to and to_at >= from. One
    // B-tree cannot bound both ends of an interval; this one bounds from_at and answers to_at from
    // the index entry, so rows are read only for matches. Its (org_id, service) prefix also serves
    // the service delete.
    await db.schema
      .createIndex('graph_annotations_service_range')
      .on('graph_annotations')
      .columns(['org_id', 'service', 'from_at', 'to_at'])
      .execute();
  },
};
