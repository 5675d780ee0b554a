import { ConflictError, NotFoundError, type OrgId, orgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { DashboardRecord, DashboardRepo, DashboardWrite } from '../catalog.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../constraint.ts';
import { newId } from '../ids.ts';
import type { DashboardsTable, Database } from '../schema.ts';

type Body = DashboardRecord['body'];

function toDashboard(r: Selectable<DashboardsTable>): DashboardRecord {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    urlPath: r.url_path,
    title: r.title,
    body: JSON.parse(r.body) as Body,
    createdAt: unixSec(r.created_at),
    updatedAt: unixSec(r.updated_at),
  };
}

function urlPathTaken(urlPath: string): ConflictError {
  return new ConflictError(`Dashboard urlPath "${urlPath}" is already used by another dashboard.`);
}

function dashboardNotFound(id: string): NotFoundError {
  return new NotFoundError(`Dashboard ${id} not found.`);
}

/** Dashboards over Kysely; the unique index on (org_id, url_path) decides urlPath conflicts. */
export function dashboardRepo(db: Kysely<Database>): DashboardRepo {
  async function getDashboard(q: Kysely<Database>, org: OrgId, id: string): Promise<DashboardRecord | undefined> {
    const row = await q
      .selectFrom('dashboards')
      .selectAll()
      .where('org_id', '=', org)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toDashboard(row);
  }

  return {
    async create(org: OrgId, input: DashboardWrite, now: UnixSec): Promise<DashboardRecord> {
      const row = {
        id: newId(),
        org_id: org,
        url_path: input.urlPath,
        title: input.title,
        body: JSON.stringify(input.body),
        created_at: now,
        updated_at: now,
      };
      try {
        await db.insertInto('dashboards').values(row).execute();
      } catch (e) {
        // The id is 64 random bits: a unique violation is the urlPath.
        if (isUniqueViolation(e)) throw urlPathTaken(input.urlPath);
        if (isForeignKeyViolation(e)) throw new NotFoundError(`Organization ${org} not found.`);
        throw e;
      }
      // Parsed back so the caller gets what get() would: no shared references to its input.
      return toDashboard(row);
    },

    get(org: OrgId, id: string): Promise<DashboardRecord | undefined> {
      return getDashboard(db, org, id);
    },

    async list(org: OrgId): Promise<DashboardRecord[]> {
      const rows = await db
        .selectFrom('dashboards')
        .selectAll()
        .where('org_id', '=', org)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toDashboard);
    },

    async replace(org: OrgId, id: string, input: DashboardWrite, now: UnixSec): Promise<DashboardRecord> {
      try {
        return await db.transaction().execute(async (trx) => {
          const stored = await getDashboard(trx, org, id);
          if (stored === undefined) throw dashboardNotFound(id);
          const body = JSON.stringify(input.body);
          await trx
            .updateTable('dashboards')
            .set({ url_path: input.urlPath, title: input.title, body, updated_at: now })
            .where('org_id', '=', org)
            .where('id', '=', id)
            .execute();
          return {
            ...stored,
            urlPath: input.urlPath,
            title: input.title,
            body: JSON.parse(body) as Body,
            updatedAt: now,
          };
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw urlPathTaken(input.urlPath);
        throw e;
      }
    },

    delete(org: OrgId, id: string): Promise<DashboardRecord> {
      return db.transaction().execute(async (trx) => {
        const stored = await getDashboard(trx, org, id);
        if (stored === undefined) throw dashboardNotFound(id);
        await trx.deleteFrom('dashboards').where('org_id', '=', org).where('id', '=', id).execute();
        return stored;
      });
    },
  };
}
