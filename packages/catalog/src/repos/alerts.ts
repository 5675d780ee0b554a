import {
  type Alert,
  type AlertGroup,
  type AlertLog,
  ConflictError,
  type MonitorState,
  NotFoundError,
  type OrgId,
} from '@saba/model';
import type { Kysely } from 'kysely';
import type { AlertBatch, AlertListOptions, AlertRepo } from '../catalog.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../constraint.ts';
import type { Database } from '../schema.ts';
import { listAlertGroups, listOpenAlertGroups, putAlertGroup } from './alert-groups.ts';
import { alertRow, appendLogs, IDS_PER_QUERY, toAlert, toAlertLog, toMonitorState } from './alert-rows.ts';
import { pruneClosedChecks } from './check-prune.ts';
import { putOutboxEvents } from './outbox.ts';

/** Alerts, their logs and evaluation states over Kysely. */
export function alertRepo(db: Kysely<Database>): AlertRepo {
  /** Upserts one alert by id; ConflictError if that id is another organization's. */
  async function putAlert(trx: Kysely<Database>, a: Alert): Promise<void> {
    const { id: _, ...changes } = alertRow(a);
    const written = await trx
      .insertInto('alerts')
      .values(alertRow(a))
      .onConflict((oc) => oc.column('id').doUpdateSet(changes).where('alerts.org_id', '=', a.orgId))
      .returning('id')
      .executeTakeFirst();
    if (written === undefined) throw new ConflictError(`Alert ${a.id} belongs to another organization.`);
  }

  /** The organization of each alert the logs name: from the batch, else stored. NotFoundError if neither. */
  async function logOrgs(trx: Kysely<Database>, batch: AlertBatch): Promise<Map<string, string>> {
    const orgs = new Map<string, string>(batch.alerts.map((a) => [a.id, a.orgId]));
    const stored = [...new Set(batch.logs.map((l) => l.alertId))].filter((id) => !orgs.has(id));
    for (let i = 0; i < stored.length; i += IDS_PER_QUERY) {
      const rows = await trx
        .selectFrom('alerts')
        .select(['id', 'org_id'])
        .where('id', 'in', stored.slice(i, i + IDS_PER_QUERY))
        .execute();
      for (const r of rows) orgs.set(r.id, r.org_id);
    }
    const missing = stored.find((id) => !orgs.has(id));
    if (missing !== undefined) throw alertNotFound(missing);
    return orgs;
  }

  return {
    async get(org: OrgId, id: string): Promise<Alert | undefined> {
      const row = await db
        .selectFrom('alerts')
        .selectAll()
        .where('org_id', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toAlert(row);
    },

    async list(org: OrgId, { withClosed, afterId, limit }: AlertListOptions): Promise<Alert[]> {
      let q = db.selectFrom('alerts').selectAll().where('org_id', '=', org);
      if (!withClosed) q = q.where('closed_at', 'is', null);
      if (afterId !== undefined) {
        const after = await db
          .selectFrom('alerts')
          .select(['opened_at', 'id'])
          .where('org_id', '=', org)
          .where('id', '=', afterId)
          .executeTakeFirst();
        if (after === undefined) throw alertNotFound(afterId);
        q = q.where((eb) =>
          eb.or([
            eb('opened_at', '<', after.opened_at),
            eb.and([eb('opened_at', '=', after.opened_at), eb('id', '<', after.id)]),
          ]),
        );
      }
      const rows = await q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toAlert);
    },

    async listOpen(): Promise<Alert[]> {
      const rows = await db
        .selectFrom('alerts')
        .selectAll()
        .where('closed_at', 'is', null)
        .orderBy('org_id')
        .orderBy('opened_at')
        .orderBy('id')
        .execute();
      return rows.map(toAlert);
    },

    async logs(org: OrgId, alertId: string, afterId: string | undefined, limit: number): Promise<AlertLog[]> {
      const alert = await db
        .selectFrom('alerts')
        .select('id')
        .where('org_id', '=', org)
        .where('id', '=', alertId)
        .executeTakeFirst();
      if (alert === undefined) throw alertNotFound(alertId);
      let q = db.selectFrom('alert_logs').selectAll().where('alert_id', '=', alertId);
      if (afterId !== undefined) {
        const after = await db
          .selectFrom('alert_logs')
          .select('position')
          .where('alert_id', '=', alertId)
          .where('id', '=', afterId)
          .executeTakeFirst();
        if (after === undefined) throw new NotFoundError(`Alert log ${afterId} not found.`);
        q = q.where('position', '<', after.position);
      }
      const rows = await q.orderBy('position', 'desc').limit(limit).execute();
      return rows.map(toAlertLog);
    },

    async setMemo(org: OrgId, id: string, memo: string): Promise<void> {
      const r = await db
        .updateTable('alerts')
        .set({ memo })
        .where('org_id', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      if (r.numUpdatedRows === 0n) throw alertNotFound(id);
    },

    async apply(batch: AlertBatch): Promise<void> {
      try {
        await db.transaction().execute(async (trx) => {
          // An id given twice is written once, as its last version. Closing writes go first: a
          // batch that closes an alert and opens the next one for the same (monitor, target)
          // must not trip the one-open-alert index in between.
          const latest = new Map(batch.alerts.map((a) => [a.id, a]));
          const closingFirst = [...latest.values()].sort(
            (x, y) => Number(x.closedAt === null) - Number(y.closedAt === null),
          );
          for (const a of closingFirst) await putAlert(trx, a);
          // A closed check alert may have been all that kept its dropped check (check-prune.ts).
          await pruneClosedChecks(trx, closingFirst);
          await appendLogs(trx, batch.logs, await logOrgs(trx, batch));
          for (const s of batch.states) await putState(trx, s);
          for (const s of batch.dropStates) {
            await trx
              .deleteFrom('monitor_states')
              .where('monitor_id', '=', s.monitorId)
              .where('target', '=', s.target)
              .execute();
          }
          // Closing writes first here too: one open group per setting.
          const groups = [...new Map(batch.groups.map((g) => [g.id, g])).values()].sort(
            (x, y) => Number(x.closedAt === null) - Number(y.closedAt === null),
          );
          for (const g of groups) await putAlertGroup(trx, g);
          await putOutboxEvents(trx, batch.outbox);
        });
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new ConflictError(
            'Alert batch not applied: it would leave two open alerts for one monitor and target, or raced another write.',
          );
        }
        if (isForeignKeyViolation(e)) throw new NotFoundError('Alert batch not applied: an organization is unknown.');
        throw e;
      }
    },

    listOpenGroups(): Promise<AlertGroup[]> {
      return listOpenAlertGroups(db);
    },

    listGroups(org: OrgId, withClosed: boolean, limit: number): Promise<AlertGroup[]> {
      return listAlertGroups(db, org, withClosed, limit);
    },

    async listStates(): Promise<MonitorState[]> {
      const rows = await db.selectFrom('monitor_states').selectAll().orderBy('monitor_id').orderBy('target').execute();
      return rows.map(toMonitorState);
    },
  };
}

/** Inserts or replaces the state of (monitorId, target). */
async function putState(trx: Kysely<Database>, s: MonitorState): Promise<void> {
  await trx
    .insertInto('monitor_states')
    .values({
      org_id: s.orgId,
      monitor_id: s.monitorId,
      target: s.target,
      status: s.status,
      consecutive: s.consecutive,
      observed_at: s.observedAt,
      suppressed: s.suppressed ? 1 : 0,
    })
    .onConflict((oc) =>
      oc.columns(['monitor_id', 'target']).doUpdateSet((eb) => ({
        org_id: eb.ref('excluded.org_id'),
        status: eb.ref('excluded.status'),
        consecutive: eb.ref('excluded.consecutive'),
        observed_at: eb.ref('excluded.observed_at'),
        suppressed: eb.ref('excluded.suppressed'),
      })),
    )
    .execute();
}

function alertNotFound(id: string): NotFoundError {
  return new NotFoundError(`Alert ${id} not found.`);
}
