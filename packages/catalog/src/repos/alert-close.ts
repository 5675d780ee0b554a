import type { Alert, AlertTrigger, UnixSec } from '@saba/model';
import type { ExpressionOrFactory, Kysely, SqlBool } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { appendLogs, IDS_PER_QUERY, toAlert } from './alert-rows.ts';
import { pruneClosedChecks } from './check-prune.ts';

/** How alerts are closed by a deletion or retirement rather than by the monitor engine. */
export interface AlertClose {
  readonly trigger: AlertTrigger;
  readonly reason: string;
  readonly now: UnixSec;
}

/**
 * Closes the open alerts that `which` selects: status OK, closedAt and reason set, and one log
 * entry each (status OK, `trigger`, the alert's monitor). Run inside the caller's transaction, so
 * the deletion and the closing commit together. Returns the alerts as closed, oldest first.
 */
export async function closeOpenAlerts(
  trx: Kysely<Database>,
  which: ExpressionOrFactory<Database, 'alerts', SqlBool>,
  { trigger, reason, now }: AlertClose,
): Promise<Alert[]> {
  const open = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('closed_at', 'is', null)
    .where(which)
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
  if (open.length === 0) return [];
  const closed = open.map(
    (r): Alert => ({
      ...toAlert(r),
      status: 'OK',
      closedAt: now,
      reason,
      // An open alert is never OK in practice; if one were, closing would not change its status.
      statusChangedAt: r.status === 'OK' ? toAlert(r).statusChangedAt : now,
    }),
  );
  const ids = closed.map((a) => a.id);
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    await trx
      .updateTable('alerts')
      .set((eb) => ({
        status: 'OK',
        closed_at: now,
        reason,
        status_changed_at: eb.case().when('status', '=', 'OK').then(eb.ref('status_changed_at')).else(now).end(),
      }))
      .where('id', 'in', ids.slice(i, i + IDS_PER_QUERY))
      .execute();
  }
  await appendLogs(
    trx,
    closed.map((a) => ({
      id: newId(),
      alertId: a.id,
      status: 'OK',
      trigger,
      monitorId: a.monitorId,
      targetValue: null,
      statusDetail: null,
      createdAt: now,
    })),
    new Map(closed.map((a) => [a.id, a.orgId])),
  );
  // A closed check alert may have been all that kept its dropped check (check-prune.ts).
  await pruneClosedChecks(trx, closed);
  return closed;
}
