import { LimitError, NotFoundError, type OrgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely } from 'kysely';
import type { MetadataDoc, MetadataRepo, MetadataTarget } from '../catalog.ts';
import { isForeignKeyViolation } from '../constraint.ts';
import type { Database } from '../schema.ts';

/** The key columns of a target; the columns it does not use hold ''. */
function targetKey(org: OrgId, t: MetadataTarget) {
  switch (t.kind) {
    case 'host':
      return { org_id: org, kind: t.kind, host_id: t.hostId, service: '', role: '' };
    case 'service':
      return { org_id: org, kind: t.kind, host_id: '', service: t.service, role: '' };
    case 'role':
      return { org_id: org, kind: t.kind, host_id: '', service: t.service, role: t.role };
  }
}

/** Words for messages: `host 2cSZzK3XfmG`, `service web`, `role web:app`. */
function describe(t: MetadataTarget): string {
  switch (t.kind) {
    case 'host':
      return `host ${t.hostId}`;
    case 'service':
      return `service ${t.service}`;
    case 'role':
      return `role ${t.service}:${t.role}`;
  }
}

/** Metadata documents over Kysely, keyed by (org, target, namespace). */
export function metadataRepo(db: Kysely<Database>): MetadataRepo {
  /** Rows of the target in `org`. */
  function ofTarget(q: Kysely<Database>, org: OrgId, t: MetadataTarget) {
    const k = targetKey(org, t);
    return q
      .selectFrom('metadata')
      .where('org_id', '=', k.org_id)
      .where('kind', '=', k.kind)
      .where('host_id', '=', k.host_id)
      .where('service', '=', k.service)
      .where('role', '=', k.role);
  }

  return {
    async get(org: OrgId, target: MetadataTarget, namespace: string): Promise<MetadataDoc | undefined> {
      const row = await ofTarget(db, org, target)
        .select(['json', 'updated_at'])
        .where('namespace', '=', namespace)
        .executeTakeFirst();
      return row && { json: row.json, updatedAt: unixSec(row.updated_at) };
    },

    async list(org: OrgId, target: MetadataTarget): Promise<string[]> {
      const rows = await ofTarget(db, org, target).select('namespace').orderBy('namespace').execute();
      return rows.map((r) => r.namespace);
    },

    async put(
      org: OrgId,
      target: MetadataTarget,
      namespace: string,
      json: string,
      now: UnixSec,
      maxCount: number,
    ): Promise<void> {
      try {
        await db.transaction().execute(async (trx) => {
          const existing = await ofTarget(trx, org, target)
            .select('namespace')
            .where('namespace', '=', namespace)
            .executeTakeFirst();
          if (existing === undefined) {
            // Under concurrent writers on PostgreSQL two new namespaces may both pass this count;
            // the limit exists to bound size, and one over it is harmless.
            const { n } = await ofTarget(trx, org, target)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow();
            if (Number(n) >= maxCount) {
              throw new LimitError(`Metadata of ${describe(target)} is limited to ${maxCount} namespaces.`);
            }
          }
          await trx
            .insertInto('metadata')
            .values({ ...targetKey(org, target), namespace, json, updated_at: now })
            .onConflict((oc) =>
              oc
                .columns(['org_id', 'kind', 'host_id', 'service', 'role', 'namespace'])
                .doUpdateSet({ json, updated_at: now }),
            )
            .execute();
        });
      } catch (e) {
        if (isForeignKeyViolation(e)) throw new NotFoundError(`Organization ${org} not found.`);
        throw e;
      }
    },

    async delete(org: OrgId, target: MetadataTarget, namespace: string): Promise<void> {
      const k = targetKey(org, target);
      const r = await db
        .deleteFrom('metadata')
        .where('org_id', '=', k.org_id)
        .where('kind', '=', k.kind)
        .where('host_id', '=', k.host_id)
        .where('service', '=', k.service)
        .where('role', '=', k.role)
        .where('namespace', '=', namespace)
        .executeTakeFirst();
      if (r.numDeletedRows === 0n) throw new NotFoundError(`Metadata ${namespace} of ${describe(target)} not found.`);
    },
  };
}
