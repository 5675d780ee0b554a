import { NotFoundError, type OrgId } from '@saba/model';
import type { Kysely } from 'kysely';
import type { GraphDef, GraphDefMetric, GraphDefRepo } from '../catalog.ts';
import { isForeignKeyViolation } from '../constraint.ts';
import type { Database } from '../schema.ts';

/** Graph definitions over Kysely; the metrics list is JSON text. */
export function graphDefRepo(db: Kysely<Database>): GraphDefRepo {
  return {
    async upsert(org: OrgId, defs: readonly GraphDef[]): Promise<void> {
      if (defs.length === 0) return;
      try {
        await db.transaction().execute(async (trx) => {
          for (const d of defs) {
            const fields = { display_name: d.displayName, unit: d.unit, metrics: metricsJson(d.metrics) };
            await trx
              .insertInto('graph_defs')
              .values({ org_id: org, name: d.name, ...fields })
              .onConflict((oc) => oc.columns(['org_id', 'name']).doUpdateSet(fields))
              .execute();
          }
        });
      } catch (e) {
        if (isForeignKeyViolation(e)) throw new NotFoundError(`Organization ${org} not found.`);
        throw e;
      }
    },

    async list(org: OrgId): Promise<GraphDef[]> {
      const rows = await db
        .selectFrom('graph_defs')
        .select(['name', 'display_name', 'unit', 'metrics'])
        .where('org_id', '=', org)
        .orderBy('name')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        displayName: r.display_name,
        unit: r.unit,
        metrics: JSON.parse(r.metrics) as GraphDefMetric[],
      }));
    },

    async delete(org: OrgId, name: string): Promise<void> {
      const r = await db.deleteFrom('graph_defs').where('org_id', '=', org).where('name', '=', name).executeTakeFirst();
      if (r.numDeletedRows === 0n) throw new NotFoundError(`Graph definition ${name} not found.`);
    },
  };
}

/** The metrics as JSON text, with only the fields of GraphDefMetric. */
function metricsJson(metrics: readonly GraphDefMetric[]): string {
  return JSON.stringify(metrics.map((m) => ({ name: m.name, displayName: m.displayName, isStacked: m.isStacked })));
}
