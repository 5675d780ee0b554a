import { type AlertGroup, type AlertStatus, orgId, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { AlertGroupsTable, Database } from '../schema.ts';

/** An alert group row as the record. */
export function toAlertGroup(r: Selectable<AlertGroupsTable>): AlertGroup {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    settingId: r.setting_id,
    status: r.status as AlertStatus,
    alertIds: JSON.parse(r.alert_ids) as string[],
    openedAt: unixSec(Number(r.opened_at)),
    closedAt: r.closed_at === null ? null : unixSec(Number(r.closed_at)),
    statusChangedAt: unixSec(Number(r.status_changed_at)),
    notifiedAt: r.notified_at === null ? null : unixSec(Number(r.notified_at)),
  };
}

/** Inserts a group or replaces the stored one of its id (within its organization). */
export async function putAlertGroup(trx: Kysely<Database>, g: AlertGroup): Promise<void> {
  const row = {
    id: g.id,
    org_id: g.orgId,
    setting_id: g.settingId,
    status: g.status,
    alert_ids: JSON.stringify(g.alertIds),
    opened_at: g.openedAt,
    closed_at: g.closedAt,
    status_changed_at: g.statusChangedAt,
    notified_at: g.notifiedAt,
  };
  await trx
    .insertInto('alert_groups')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          alert_ids: eb.ref('excluded.alert_ids'),
          closed_at: eb.ref('excluded.closed_at'),
          status_changed_at: eb.ref('excluded.status_changed_at'),
          notified_at: eb.ref('excluded.notified_at'),
        }))
        .where('alert_groups.org_id', '=', g.orgId),
    )
    .execute();
}

/** Every organization's open groups. */
export async function listOpenAlertGroups(db: Kysely<Database>): Promise<AlertGroup[]> {
  const rows = await db
    .selectFrom('alert_groups')
    .selectAll()
    .where('closed_at', 'is', null)
    .orderBy('org_id')
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
  return rows.map(toAlertGroup);
}

/** One organization's groups, newest first. */
export async function listAlertGroups(
  db: Kysely<Database>,
  org: string,
  withClosed: boolean,
  limit: number,
): Promise<AlertGroup[]> {
  let q = db.selectFrom('alert_groups').selectAll().where('org_id', '=', org);
  if (!withClosed) q = q.where('closed_at', 'is', null);
  const rows = await q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toAlertGroup);
}
