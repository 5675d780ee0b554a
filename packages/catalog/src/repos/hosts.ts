import {
  type Alert,
  asciiLower,
  BadDataError,
  ConflictError,
  type HostId,
  hostId,
  NotFoundError,
  type OrgId,
  type UnixSec,
} from '@saba/model';
import type { Kysely } from 'kysely';
import type {
  Host,
  HostCreate,
  HostFilter,
  HostRepo,
  HostState,
  HostStatus,
  HostStatusChange,
  HostUpdate,
  OutboxOf,
  RoleRef,
} from '../catalog.ts';
import { isUniqueViolation } from '../constraint.ts';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { closeOpenAlerts } from './alert-close.ts';
import { dropUnlistedChecks } from './check-prune.ts';
import { addHostRoles, replaceHostChecks } from './host-parts.ts';
import { loadHosts } from './host-rows.ts';
import { putOutboxEvents } from './outbox.ts';

/** Statuses listed when the filter names none (spec §2.4). */
const DEFAULT_STATUSES: readonly HostStatus[] = ['working', 'standby'];

/** The empty string means "no custom identifier", as on POST (spec §2.2). */
function customIdentifierOf(s: string | null): string | null {
  return s === '' ? null : s;
}

/** Hosts over Kysely: one transaction per write, every query scoped by org. */
export function hostRepo(db: Kysely<Database>): HostRepo {
  /** ConflictError if a live host of `org` other than `self` has this custom identifier. */
  async function checkCustomIdentifierFree(
    trx: Kysely<Database>,
    org: OrgId,
    customIdentifier: string | null,
    self?: HostId,
  ): Promise<void> {
    if (customIdentifier === null) return;
    let q = trx
      .selectFrom('hosts')
      .select('id')
      .where('org_id', '=', org)
      .where('is_retired', '=', 0)
      .where('custom_identifier', '=', customIdentifier);
    if (self !== undefined) q = q.where('id', '<>', self);
    const taken = await q.executeTakeFirst();
    if (taken !== undefined) throw customIdentifierTaken(customIdentifier);
  }

  /** Runs `fn` in a transaction; a unique violation there is a custom identifier taken by a concurrent write. */
  async function writeHost<T>(customIdentifier: string | null, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      if (isUniqueViolation(e) && customIdentifier !== null) throw customIdentifierTaken(customIdentifier);
      throw e;
    }
  }

  /** The ids of `ids` that exist in `org` (live only if asked); NotFoundError names the first missing. */
  async function requireHosts(
    trx: Kysely<Database>,
    org: OrgId,
    ids: readonly HostId[],
    liveOnly: boolean,
  ): Promise<HostId[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return unique;
    let q = trx.selectFrom('hosts').select('id').where('org_id', '=', org).where('id', 'in', unique);
    if (liveOnly) q = q.where('is_retired', '=', 0);
    const found = new Set((await q.execute()).map((r) => r.id));
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) throw hostNotFound(missing);
    return unique;
  }

  return {
    async create(org: OrgId, input: HostCreate, now: UnixSec, outbox?: OutboxOf<HostId>): Promise<HostId> {
      const customIdentifier = customIdentifierOf(input.customIdentifier);
      return writeHost(customIdentifier, async (trx) => {
        const o = await trx.selectFrom('orgs').select('default_host_status').where('id', '=', org).executeTakeFirst();
        if (o === undefined) throw new NotFoundError(`Organization ${org} not found.`);
        await checkCustomIdentifierFree(trx, org, customIdentifier);
        const id = hostId(newId());
        await trx
          .insertInto('hosts')
          .values({
            id,
            org_id: org,
            name: input.name,
            display_name: input.displayName,
            custom_identifier: customIdentifier,
            size: 'standard',
            status: input.status ?? o.default_host_status,
            memo: input.memo,
            meta: JSON.stringify(input.meta),
            interfaces: JSON.stringify(input.interfaces),
            created_at: now,
          })
          .execute();
        await addHostRoles(trx, org, id, input.roles);
        await replaceHostChecks(trx, id, input.checks);
        if (outbox !== undefined) await putOutboxEvents(trx, outbox(id));
        return id;
      });
    },

    async get(org: OrgId, id: HostId): Promise<Host | undefined> {
      const rows = await db.selectFrom('hosts').selectAll().where('org_id', '=', org).where('id', '=', id).execute();
      return (await loadHosts(db, rows))[0];
    },

    async getByCustomIdentifier(
      org: OrgId,
      customIdentifier: string,
      caseInsensitive: boolean,
    ): Promise<Host | undefined> {
      let q = db.selectFrom('hosts').selectAll().where('org_id', '=', org).where('is_retired', '=', 0);
      q = caseInsensitive
        ? q
            .where('custom_identifier', 'is not', null)
            .where((eb) => eb(eb.fn('lower', ['custom_identifier']), '=', asciiLower(customIdentifier)))
        : q.where('custom_identifier', '=', customIdentifier);
      const rows = await q.orderBy('created_at').orderBy('id').limit(1).execute();
      return (await loadHosts(db, rows))[0];
    },

    async list(org: OrgId, filter: HostFilter): Promise<Host[]> {
      const statuses = filter.statuses?.length ? filter.statuses : DEFAULT_STATUSES;
      let q = db
        .selectFrom('hosts')
        .selectAll()
        .where('org_id', '=', org)
        .where('is_retired', '=', 0)
        .where('status', 'in', [...statuses]);
      if (filter.name !== undefined) q = q.where('name', '=', filter.name);
      if (filter.customIdentifier !== undefined) q = q.where('custom_identifier', '=', filter.customIdentifier);
      const { service, roles } = filter;
      if (service !== undefined) {
        q = q.where('id', 'in', (eb) => {
          let members = eb
            .selectFrom('host_roles')
            .select('host_id')
            .where('org_id', '=', org)
            .where('service', '=', service);
          if (roles !== undefined && roles.length > 0) members = members.where('role', 'in', [...roles]);
          return members;
        });
      }
      return loadHosts(db, await q.orderBy('created_at').orderBy('id').execute());
    },

    async states(org: OrgId, ids: readonly HostId[]): Promise<Map<HostId, HostState>> {
      const states = new Map<HostId, HostState>();
      if (ids.length === 0) return states;
      // One query: this runs on every metric post (behind a cache), so no per-id round trips. The
      // ids are one post's distinct hosts, far below SQLite's 32,766 bound parameters.
      const rows = await db
        .selectFrom('hosts')
        .select(['id', 'is_retired'])
        .where('org_id', '=', org)
        .where('id', 'in', [...new Set(ids)])
        .execute();
      for (const r of rows) states.set(hostId(r.id), { id: hostId(r.id), isRetired: r.is_retired !== 0 });
      return states;
    },

    async update(org: OrgId, id: HostId, input: HostUpdate): Promise<void> {
      const customIdentifier = customIdentifierOf(input.customIdentifier);
      await writeHost(customIdentifier, async (trx) => {
        const row = await trx
          .selectFrom('hosts')
          .select(['is_retired', 'display_name', 'memo'])
          .where('org_id', '=', org)
          .where('id', '=', id)
          .executeTakeFirst();
        if (row === undefined) throw hostNotFound(id);
        if (row.is_retired !== 0) throw new BadDataError(`Host ${id} is retired.`);
        await checkCustomIdentifierFree(trx, org, customIdentifier, id);
        await trx
          .updateTable('hosts')
          .set({
            name: input.name,
            display_name: input.displayName ?? row.display_name,
            custom_identifier: customIdentifier,
            memo: input.memo ?? row.memo,
            meta: JSON.stringify(input.meta),
            interfaces: JSON.stringify(input.interfaces),
          })
          .where('id', '=', id)
          .execute();
        await addHostRoles(trx, org, id, input.roles);
        await replaceHostChecks(trx, id, input.checks);
        // The states of checks the host no longer runs would otherwise be evaluated forever.
        await dropUnlistedChecks(
          trx,
          org,
          id,
          input.checks.map((c) => c.name),
        );
      });
    },

    setStatus(
      org: OrgId,
      ids: readonly HostId[],
      status: HostStatus,
      outbox?: OutboxOf<readonly HostStatusChange[]>,
    ): Promise<HostStatusChange[]> {
      return db.transaction().execute(async (trx) => {
        const unique = await requireHosts(trx, org, ids, true);
        if (unique.length === 0) return [];
        const before = await trx
          .selectFrom('hosts')
          .select(['id', 'status'])
          .where('org_id', '=', org)
          .where('id', 'in', unique)
          .where('status', '!=', status)
          .orderBy('id')
          .execute();
        const changed = before.map((r) => ({ hostId: hostId(r.id), previousStatus: r.status as HostStatus }));
        await trx.updateTable('hosts').set({ status }).where('org_id', '=', org).where('id', 'in', unique).execute();
        if (outbox !== undefined) await putOutboxEvents(trx, outbox(changed));
        return changed;
      });
    },

    async setRoles(org: OrgId, id: HostId, roles: readonly RoleRef[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await requireHosts(trx, org, [id], true);
        await trx.deleteFrom('host_roles').where('host_id', '=', id).execute();
        await addHostRoles(trx, org, id, roles);
      });
    },

    retire(org: OrgId, ids: readonly HostId[], now: UnixSec, outbox?: OutboxOf<readonly Host[]>): Promise<Alert[]> {
      return db.transaction().execute(async (trx) => {
        const unique = await requireHosts(trx, org, ids, false);
        if (unique.length === 0) return [];
        if (outbox !== undefined) {
          const liveRows = await trx
            .selectFrom('hosts')
            .selectAll()
            .where('org_id', '=', org)
            .where('id', 'in', unique)
            .where('is_retired', '=', 0)
            .orderBy('id')
            .execute();
          await putOutboxEvents(trx, outbox(await loadHosts(trx, liveRows)));
        }
        await trx.deleteFrom('host_roles').where('org_id', '=', org).where('host_id', 'in', unique).execute();
        // `is_retired = 0` keeps the first retiredAt of a host retired twice.
        await trx
          .updateTable('hosts')
          .set({ is_retired: 1, retired_at: now })
          .where('org_id', '=', org)
          .where('id', 'in', unique)
          .where('is_retired', '=', 0)
          .execute();
        // A retired host is never evaluated again, so its alerts could never close otherwise.
        const closed = await closeOpenAlerts(
          trx,
          (eb) => eb.and([eb('org_id', '=', org), eb('host_id', 'in', unique)]),
          { trigger: 'hostRetire', reason: 'retire host', now },
        );
        await trx.deleteFrom('monitor_states').where('org_id', '=', org).where('target', 'in', unique).execute();
        return closed;
      });
    },
  };
}

function hostNotFound(id: string): NotFoundError {
  return new NotFoundError(`Host ${id} not found.`);
}

function customIdentifierTaken(customIdentifier: string): ConflictError {
  return new ConflictError(`Custom identifier ${JSON.stringify(customIdentifier)} is already used by another host.`);
}
