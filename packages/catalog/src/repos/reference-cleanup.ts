import type { Alert, OrgId } from '@saba/model';
import type { Kysely } from 'kysely';
import type { Cleanup, DocRecord, MonitorRecord, ReferenceCleanup } from '../catalog.ts';
import type { Database } from '../schema.ts';
import type { AlertClose } from './alert-close.ts';
import { type DocTable, docRecordOf } from './docs.ts';
import { removeMonitor, toMonitor } from './monitor-rows.ts';
import { putOutboxEvents } from './outbox.ts';

/** What applying a cleanup did: the alerts of the monitors it deleted, closed, and those monitors as they were. */
export interface CleanupDone {
  readonly closed: Alert[];
  readonly deletedMonitors: MonitorRecord[];
}

/**
 * Applies the caller's decisions about every monitor and document of the organization that may
 * name a deleted service, role or monitor, inside the delete's transaction `trx`. Monitors go
 * first: the documents' monitor scopes may name the ones deleted, as they may name
 * `alreadyDeleted` (monitors the caller deleted in `trx`). A deleted monitor's alerts close as
 * `close` says.
 */
export async function applyCleanup(
  trx: Kysely<Database>,
  org: OrgId,
  cleanup: ReferenceCleanup,
  close: AlertClose,
  alreadyDeleted: readonly string[] = [],
): Promise<CleanupDone> {
  const closed: Alert[] = [];
  const deletedMonitors: MonitorRecord[] = [];
  const rows = await trx.selectFrom('monitors').selectAll().where('org_id', '=', org).orderBy('id').execute();
  for (const m of rows.map(toMonitor)) {
    const decision = cleanup.monitor(m);
    if (decision === 'keep') continue;
    if (decision === 'delete') {
      closed.push(...(await removeMonitor(trx, org, m.id, close)));
      deletedMonitors.push(m);
      if (cleanup.outbox !== undefined) await putOutboxEvents(trx, cleanup.outbox(m, 'delete'));
      continue;
    }
    // A cleanup only takes names out; a changed type would be a bug in it, not a user's request.
    if (decision.replace.type !== m.type) throw new Error(`cleanup changed monitor ${m.id}'s type`);
    const body = JSON.stringify(decision.replace.body);
    await trx
      .updateTable('monitors')
      .set({ name: decision.replace.name, body, updated_at: close.now })
      .where('org_id', '=', org)
      .where('id', '=', m.id)
      .execute();
    const replaced: MonitorRecord = {
      ...m,
      name: decision.replace.name,
      body: JSON.parse(body) as MonitorRecord['body'],
      updatedAt: close.now,
    };
    if (cleanup.outbox !== undefined) await putOutboxEvents(trx, cleanup.outbox(replaced, 'update'));
  }
  const gone: ReadonlySet<string> = new Set([...alreadyDeleted, ...deletedMonitors.map((m) => m.id)]);
  const docs: readonly [DocTable, (d: DocRecord) => Cleanup<DocRecord['body']>][] = [
    ['downtimes', (d) => cleanup.downtime(d, gone)],
    ['alert_group_settings', (d) => cleanup.alertGroupSetting(d, gone)],
    ['notification_groups', (d) => cleanup.notificationGroup(d, gone)],
  ];
  for (const [table, decide] of docs) {
    const docRows = await trx.selectFrom(table).selectAll().where('org_id', '=', org).orderBy('id').execute();
    for (const d of docRows.map(docRecordOf)) {
      const decision = decide(d);
      if (decision === 'keep') continue;
      if (decision === 'delete') {
        await trx.deleteFrom(table).where('org_id', '=', org).where('id', '=', d.id).execute();
      } else {
        await trx
          .updateTable(table)
          .set({ body: JSON.stringify(decision.replace) })
          .where('org_id', '=', org)
          .where('id', '=', d.id)
          .execute();
      }
    }
  }
  return { closed, deletedMonitors };
}
