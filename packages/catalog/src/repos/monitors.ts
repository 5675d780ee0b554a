import { type Alert, BadDataError, NotFoundError, type OrgId, type UnixSec } from '@saba/model';
import type { Kysely } from 'kysely';
import type { MonitorRecord, MonitorRepo, MonitorWrite, OutboxOf, ReferenceCleanup } from '../catalog.ts';
import { isForeignKeyViolation } from '../constraint.ts';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import type { AlertClose } from './alert-close.ts';
import { removeMonitor, toMonitor } from './monitor-rows.ts';
import { putOutboxEvents } from './outbox.ts';
import { applyCleanup } from './reference-cleanup.ts';

/** Monitors over Kysely; a delete closes the monitor's alerts, and cleans what names it, in the same transaction. */
export function monitorRepo(db: Kysely<Database>): MonitorRepo {
  async function getMonitor(q: Kysely<Database>, org: OrgId, id: string): Promise<MonitorRecord | undefined> {
    const row = await q
      .selectFrom('monitors')
      .selectAll()
      .where('org_id', '=', org)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toMonitor(row);
  }

  return {
    async create(
      org: OrgId,
      input: MonitorWrite,
      now: UnixSec,
      outbox?: OutboxOf<MonitorRecord>,
    ): Promise<MonitorRecord> {
      const record: MonitorRecord = {
        id: newId(),
        orgId: org,
        type: input.type,
        name: input.name,
        body: input.body,
        createdAt: now,
        updatedAt: now,
      };
      // Parsed back so the caller gets what get() would: no shared references to its input.
      const created = { ...record, body: JSON.parse(JSON.stringify(record.body)) as MonitorRecord['body'] };
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('monitors')
            .values({
              id: record.id,
              org_id: org,
              type: record.type,
              name: record.name,
              body: JSON.stringify(record.body),
              created_at: now,
              updated_at: now,
            })
            .execute();
          if (outbox !== undefined) await putOutboxEvents(trx, outbox(created));
        });
      } catch (e) {
        if (isForeignKeyViolation(e)) throw new NotFoundError(`Organization ${org} not found.`);
        throw e;
      }
      return created;
    },

    get(org: OrgId, id: string): Promise<MonitorRecord | undefined> {
      return getMonitor(db, org, id);
    },

    async list(org: OrgId): Promise<MonitorRecord[]> {
      const rows = await db
        .selectFrom('monitors')
        .selectAll()
        .where('org_id', '=', org)
        .orderBy('type')
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toMonitor);
    },

    async listAll(): Promise<MonitorRecord[]> {
      return (await db.selectFrom('monitors').selectAll().orderBy('id').execute()).map(toMonitor);
    },

    replace(
      org: OrgId,
      id: string,
      input: MonitorWrite,
      now: UnixSec,
      outbox?: OutboxOf<MonitorRecord>,
    ): Promise<MonitorRecord> {
      return db.transaction().execute(async (trx) => {
        const stored = await getMonitor(trx, org, id);
        if (stored === undefined) throw monitorNotFound(id);
        if (stored.type !== input.type) {
          throw new BadDataError(`Monitor type cannot be changed from ${stored.type} to ${input.type}.`);
        }
        const body = JSON.stringify(input.body);
        await trx
          .updateTable('monitors')
          .set({ name: input.name, body, updated_at: now })
          .where('org_id', '=', org)
          .where('id', '=', id)
          .execute();
        const replaced = {
          ...stored,
          name: input.name,
          body: JSON.parse(body) as MonitorRecord['body'],
          updatedAt: now,
        };
        if (outbox !== undefined) await putOutboxEvents(trx, outbox(replaced));
        return replaced;
      });
    },

    delete(
      org: OrgId,
      id: string,
      reason: string,
      now: UnixSec,
      outbox?: OutboxOf<MonitorRecord>,
      cleanup?: ReferenceCleanup,
    ): Promise<{ monitor: MonitorRecord; closed: Alert[] }> {
      return db.transaction().execute(async (trx) => {
        const monitor = await getMonitor(trx, org, id);
        if (monitor === undefined) throw monitorNotFound(id);
        const close: AlertClose = { trigger: 'monitorDelete', reason, now };
        const closed = await removeMonitor(trx, org, id, close);
        if (outbox !== undefined) await putOutboxEvents(trx, outbox(monitor));
        if (cleanup === undefined) return { monitor, closed };
        const done = await applyCleanup(trx, org, cleanup, close, [id]);
        return { monitor, closed: [...closed, ...done.closed] };
      });
    },
  };
}

function monitorNotFound(id: string): NotFoundError {
  return new NotFoundError(`Monitor ${id} not found.`);
}
