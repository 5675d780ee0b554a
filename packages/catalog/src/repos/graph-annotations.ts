import { NotFoundError, type OrgId, orgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { GraphAnnotation, GraphAnnotationRepo, GraphAnnotationWrite } from '../catalog.ts';
import { isForeignKeyViolation } from '../constraint.ts';
import { newId } from '../ids.ts';
import type { Database, GraphAnnotationsTable } from '../schema.ts';

function annotationOf(r: Selectable<GraphAnnotationsTable>): GraphAnnotation {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    service: r.service,
    roles: r.roles === null ? [] : (JSON.parse(r.roles) as string[]),
    title: r.title,
    description: r.description,
    from: unixSec(r.from_at),
    to: unixSec(r.to_at),
    createdAt: unixSec(r.created_at),
  };
}

/** The written fields as columns; no roles is null, so "the whole service" has one spelling. */
function columnsOf(input: GraphAnnotationWrite) {
  return {
    service: input.service,
    roles: input.roles.length === 0 ? null : JSON.stringify(input.roles),
    title: input.title,
    description: input.description,
    from_at: input.from,
    to_at: input.to,
  };
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`Graph annotation ${id} not found.`);
}

/** Runs a write whose foreign key names the service; a violation means the service is absent. */
async function onService<T>(service: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isForeignKeyViolation(e)) throw new NotFoundError(`Service ${service} not found.`);
    throw e;
  }
}

/** Graph annotations over Kysely, scoped by organization. */
export function graphAnnotationRepo(db: Kysely<Database>): GraphAnnotationRepo {
  async function getAnnotation(q: Kysely<Database>, org: OrgId, id: string): Promise<GraphAnnotation | undefined> {
    const row = await q
      .selectFrom('graph_annotations')
      .selectAll()
      .where('org_id', '=', org)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : annotationOf(row);
  }

  return {
    async create(org: OrgId, input: GraphAnnotationWrite, now: UnixSec): Promise<GraphAnnotation> {
      const row = { id: newId(), org_id: org, ...columnsOf(input), created_at: now };
      await onService(input.service, () => db.insertInto('graph_annotations').values(row).execute());
      return annotationOf(row);
    },

    get(org: OrgId, id: string): Promise<GraphAnnotation | undefined> {
      return getAnnotation(db, org, id);
    },

    async list(org: OrgId, service: string, from: UnixSec, to: UnixSec): Promise<GraphAnnotation[]> {
      const rows = await db
        .selectFrom('graph_annotations')
        .selectAll()
        .where('org_id', '=', org)
        .where('service', '=', service)
        .where('from_at', '<=', to)
        .where('to_at', '>=', from)
        .orderBy('from_at')
        .orderBy('id')
        .execute();
      return rows.map(annotationOf);
    },

    replace(org: OrgId, id: string, input: GraphAnnotationWrite): Promise<GraphAnnotation> {
      return db.transaction().execute(async (trx) => {
        const stored = await getAnnotation(trx, org, id);
        if (stored === undefined) throw notFound(id);
        const columns = columnsOf(input);
        await onService(input.service, () =>
          trx.updateTable('graph_annotations').set(columns).where('org_id', '=', org).where('id', '=', id).execute(),
        );
        return annotationOf({ id, org_id: org, ...columns, created_at: stored.createdAt });
      });
    },

    delete(org: OrgId, id: string): Promise<GraphAnnotation> {
      return db.transaction().execute(async (trx) => {
        const stored = await getAnnotation(trx, org, id);
        if (stored === undefined) throw notFound(id);
        await trx.deleteFrom('graph_annotations').where('org_id', '=', org).where('id', '=', id).execute();
        return stored;
      });
    },
  };
}
