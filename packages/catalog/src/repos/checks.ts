import { type HostId, hostId, NotFoundError, type OrgId, orgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { CheckMonitor, CheckRepo, CheckReport, CheckState, CheckStatus } from '../catalog.ts';
import { newId } from '../ids.ts';
import type { CheckStatesTable, Database } from '../schema.ts';

function toState(r: Selectable<CheckStatesTable>): CheckState {
  return {
    monitorId: r.monitor_id,
    hostId: hostId(r.host_id),
    name: r.name,
    status: r.status as CheckStatus,
    message: r.message,
    occurredAt: unixSec(r.occurred_at),
    notificationInterval: r.notification_interval,
    maxCheckAttempts: r.max_check_attempts,
    consecutiveNonOk: r.consecutive_non_ok,
    updatedAt: unixSec(r.updated_at),
  };
}

/** Check monitors and states over Kysely. */
export function checkRepo(db: Kysely<Database>): CheckRepo {
  /** The id of the org's monitor for `name`, created if new (one per name per org). */
  async function monitorIdOf(trx: Kysely<Database>, org: OrgId, name: string): Promise<string> {
    // Insert-or-nothing then read: a concurrent first report of the same name cannot make two.
    await trx
      .insertInto('check_monitors')
      .values({ id: newId(), org_id: org, name })
      .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
      .execute();
    const row = await trx
      .selectFrom('check_monitors')
      .select('id')
      .where('org_id', '=', org)
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  return {
    async report(org: OrgId, reports: readonly CheckReport[], now: UnixSec): Promise<number> {
      if (reports.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        const hostIds = [...new Set(reports.map((r) => r.hostId))];
        const found = await trx
          .selectFrom('hosts')
          .select('id')
          .where('org_id', '=', org)
          .where('id', 'in', hostIds)
          .execute();
        const known = new Set(found.map((r) => r.id));
        const missing = hostIds.find((id) => !known.has(id));
        if (missing !== undefined) throw new NotFoundError(`Host ${missing} not found.`);

        const monitors = new Map<string, string>();
        let applied = 0;
        for (const r of reports) {
          let monitorId = monitors.get(r.name);
          if (monitorId === undefined) {
            monitorId = await monitorIdOf(trx, org, r.name);
            monitors.set(r.name, monitorId);
          }
          // One statement decides and writes, so concurrent posts cannot both count the same run:
          // the update applies only to a newer report (an equal occurredAt is the agent's retry).
          const written = await trx
            .insertInto('check_states')
            .values({
              org_id: org,
              host_id: r.hostId,
              name: r.name,
              monitor_id: monitorId,
              status: r.status,
              message: r.message,
              occurred_at: r.occurredAt,
              notification_interval: r.notificationInterval,
              max_check_attempts: r.maxCheckAttempts,
              consecutive_non_ok: r.status === 'OK' ? 0 : 1,
              updated_at: now,
            })
            .onConflict((oc) =>
              oc
                .columns(['host_id', 'name'])
                .doUpdateSet((eb) => ({
                  monitor_id: eb.ref('excluded.monitor_id'),
                  status: eb.ref('excluded.status'),
                  message: eb.ref('excluded.message'),
                  occurred_at: eb.ref('excluded.occurred_at'),
                  notification_interval: eb.ref('excluded.notification_interval'),
                  max_check_attempts: eb.ref('excluded.max_check_attempts'),
                  consecutive_non_ok:
                    r.status === 'OK' ? eb.val(0) : eb(eb.ref('check_states.consecutive_non_ok'), '+', 1),
                  updated_at: eb.ref('excluded.updated_at'),
                }))
                .where('check_states.occurred_at', '<', r.occurredAt),
            )
            .returning('host_id')
            .executeTakeFirst();
          if (written !== undefined) applied++;
        }
        return applied;
      });
    },

    async listMonitors(org: OrgId, afterId: string | undefined, limit: number): Promise<CheckMonitor[]> {
      let q = db.selectFrom('check_monitors').select(['id', 'name']).where('org_id', '=', org);
      if (afterId !== undefined) q = q.where('id', '>', afterId);
      return q.orderBy('id').limit(limit).execute();
    },

    getMonitor(org: OrgId, id: string): Promise<CheckMonitor | undefined> {
      return db
        .selectFrom('check_monitors')
        .select(['id', 'name'])
        .where('org_id', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async listAllStates(): Promise<(CheckState & { readonly orgId: OrgId })[]> {
      const rows = await db
        .selectFrom('check_states')
        .selectAll()
        .orderBy('org_id')
        .orderBy('host_id')
        .orderBy('name')
        .execute();
      return rows.map((r) => ({ ...toState(r), orgId: orgId(r.org_id) }));
    },

    async states(org: OrgId, host: HostId): Promise<CheckState[]> {
      const rows = await db
        .selectFrom('check_states')
        .selectAll()
        .where('org_id', '=', org)
        .where('host_id', '=', host)
        .orderBy('name')
        .execute();
      return rows.map(toState);
    },
  };
}
