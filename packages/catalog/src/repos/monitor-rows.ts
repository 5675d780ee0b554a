import { type Alert, type OrgId, orgId, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { JsonValue, MonitorRecord } from '../catalog.ts';
import type { Database, MonitorsTable } from '../schema.ts';
import { type AlertClose, closeOpenAlerts } from './alert-close.ts';

/** A monitors row as the domain record. */
export function toMonitor(r: Selectable<MonitorsTable>): MonitorRecord {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    type: r.type as MonitorRecord['type'],
    name: r.name,
    body: JSON.parse(r.body) as { readonly [k: string]: JsonValue },
    createdAt: unixSec(r.created_at),
    updatedAt: unixSec(r.updated_at),
  };
}

/**
 * Deletes a monitor inside the caller's transaction: its open alerts closed as `close` says, the
 * monitor taken off every log entry of its alerts, its evaluation states and its row. Returns the
 * alerts as closed. Shared by a monitor's own delete and the deletes of what it watched.
 */
export async function removeMonitor(
  trx: Kysely<Database>,
  org: OrgId,
  id: string,
  close: AlertClose,
): Promise<Alert[]> {
  const closed = await closeOpenAlerts(trx, (eb) => eb.and([eb('org_id', '=', org), eb('monitor_id', '=', id)]), close);
  // After the closing entries, so they too lose the monitor they can no longer link to.
  await trx
    .updateTable('alert_logs')
    .set({ monitor_id: null })
    .where('alert_id', 'in', (eb) =>
      eb.selectFrom('alerts').select('id').where('org_id', '=', org).where('monitor_id', '=', id),
    )
    .execute();
  await trx.deleteFrom('monitor_states').where('org_id', '=', org).where('monitor_id', '=', id).execute();
  await trx.deleteFrom('monitors').where('org_id', '=', org).where('id', '=', id).execute();
  return closed;
}
