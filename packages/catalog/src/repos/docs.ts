import { NotFoundError, type OrgId, orgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { DocRecord, DocRepo, JsonValue } from '../catalog.ts';
import { isForeignKeyViolation } from '../constraint.ts';
import { newId } from '../ids.ts';
import type { Database, DocsTable } from '../schema.ts';

/** The tables that hold one JSON document per row. */
export type DocTable = 'downtimes' | 'alert_group_settings' | 'channels' | 'notification_groups';

/** What a missing document is called in errors. */
const NOUNS: Readonly<Record<DocTable, string>> = {
  downtimes: 'Downtime',
  alert_group_settings: 'Alert group setting',
  channels: 'Channel',
  notification_groups: 'Notification group',
};

type Body = DocRecord['body'];

/** A document row as the domain record. */
export function docRecordOf(r: Selectable<DocsTable>): DocRecord {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    body: JSON.parse(r.body) as { readonly [k: string]: JsonValue },
    createdAt: unixSec(r.created_at),
  };
}

/** Documents of `table` over Kysely, scoped by organization. */
export function docRepo(db: Kysely<Database>, table: DocTable): DocRepo {
  const from = () => db.selectFrom(table);
  const notFound = (id: string) => new NotFoundError(`${NOUNS[table]} ${id} not found.`);

  async function getDoc(q: Kysely<Database>, org: OrgId, id: string): Promise<DocRecord | undefined> {
    const row = await q.selectFrom(table).selectAll().where('org_id', '=', org).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : docRecordOf(row);
  }

  return {
    async create(org: OrgId, body: Body, now: UnixSec): Promise<DocRecord> {
      const row = { id: newId(), org_id: org, body: JSON.stringify(body), created_at: now };
      try {
        await db.insertInto(table).values(row).execute();
      } catch (e) {
        if (isForeignKeyViolation(e)) throw new NotFoundError(`Organization ${org} not found.`);
        throw e;
      }
      return docRecordOf(row);
    },

    get(org: OrgId, id: string): Promise<DocRecord | undefined> {
      return getDoc(db, org, id);
    },

    async list(org: OrgId): Promise<DocRecord[]> {
      const rows = await from().selectAll().where('org_id', '=', org).orderBy('created_at').orderBy('id').execute();
      return rows.map(docRecordOf);
    },

    async listAll(): Promise<DocRecord[]> {
      const rows = await from().selectAll().orderBy('org_id').orderBy('created_at').orderBy('id').execute();
      return rows.map(docRecordOf);
    },

    replace(org: OrgId, id: string, body: Body): Promise<DocRecord> {
      return db.transaction().execute(async (trx) => {
        const stored = await getDoc(trx, org, id);
        if (stored === undefined) throw notFound(id);
        const text = JSON.stringify(body);
        await trx.updateTable(table).set({ body: text }).where('org_id', '=', org).where('id', '=', id).execute();
        return { ...stored, body: JSON.parse(text) as Body };
      });
    },

    delete(org: OrgId, id: string): Promise<DocRecord> {
      return db.transaction().execute(async (trx) => {
        const stored = await getDoc(trx, org, id);
        if (stored === undefined) throw notFound(id);
        await trx.deleteFrom(table).where('org_id', '=', org).where('id', '=', id).execute();
        return stored;
      });
    },
  };
}
