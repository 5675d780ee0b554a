import { type Alert, ConflictError, NotFoundError, type OrgId, type UnixSec } from '@saba/model';
import type { Kysely } from 'kysely';
import type { MonitorRecord, ReferenceCleanup, Role, Service, ServiceRepo } from '../catalog.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../constraint.ts';
import type { Database } from '../schema.ts';
import { type AlertClose, closeOpenAlerts } from './alert-close.ts';
import { applyCleanup } from './reference-cleanup.ts';

/** Services and roles over Kysely; deletes cascade explicitly inside one transaction, settings naming them included. */
export function serviceRepo(db: Kysely<Database>): ServiceRepo {
  async function getService(q: Kysely<Database>, org: OrgId, name: string): Promise<Service | undefined> {
    const row = await q
      .selectFrom('services')
      .select(['name', 'memo'])
      .where('org_id', '=', org)
      .where('name', '=', name)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const roles = await q
      .selectFrom('roles')
      .select('name')
      .where('org_id', '=', org)
      .where('service', '=', name)
      .orderBy('name')
      .execute();
    return { name: row.name, memo: row.memo, roles: roles.map((r) => r.name) };
  }

  async function requireService(q: Kysely<Database>, org: OrgId, name: string): Promise<void> {
    const row = await q
      .selectFrom('services')
      .select('name')
      .where('org_id', '=', org)
      .where('name', '=', name)
      .executeTakeFirst();
    if (row === undefined) throw serviceNotFound(name);
  }

  return {
    async list(org: OrgId): Promise<Service[]> {
      const services = await db
        .selectFrom('services')
        .select(['name', 'memo'])
        .where('org_id', '=', org)
        .orderBy('name')
        .execute();
      const roles = await db
        .selectFrom('roles')
        .select(['service', 'name'])
        .where('org_id', '=', org)
        .orderBy('service')
        .orderBy('name')
        .execute();
      const byService = new Map<string, string[]>(services.map((s) => [s.name, []]));
      for (const r of roles) byService.get(r.service)?.push(r.name);
      return services.map((s) => ({ name: s.name, memo: s.memo, roles: byService.get(s.name) ?? [] }));
    },

    get(org: OrgId, name: string): Promise<Service | undefined> {
      return getService(db, org, name);
    },

    async create(org: OrgId, name: string, memo: string): Promise<Service> {
      try {
        await db.insertInto('services').values({ org_id: org, name, memo }).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`Service ${name} already exists.`);
        if (isForeignKeyViolation(e)) throw new NotFoundError(`Organization ${org} not found.`);
        throw e;
      }
      return { name, memo, roles: [] };
    },

    delete(
      org: OrgId,
      name: string,
      now: UnixSec,
      cleanup?: ReferenceCleanup,
    ): Promise<{ service: Service; closed: Alert[]; deletedMonitors: MonitorRecord[] }> {
      return db.transaction().execute(async (trx) => {
        const service = await getService(trx, org, name);
        if (service === undefined) throw serviceNotFound(name);
        await trx
          .deleteFrom('metadata')
          .where('org_id', '=', org)
          .where('kind', 'in', ['service', 'role'])
          .where('service', '=', name)
          .execute();
        await trx.deleteFrom('graph_annotations').where('org_id', '=', org).where('service', '=', name).execute();
        await trx.deleteFrom('host_roles').where('org_id', '=', org).where('service', '=', name).execute();
        await trx.deleteFrom('roles').where('org_id', '=', org).where('service', '=', name).execute();
        await trx.deleteFrom('services').where('org_id', '=', org).where('name', '=', name).execute();
        const close: AlertClose = { trigger: 'serviceDelete', reason: 'delete service', now };
        // Service monitors' alerts about it: nothing will report on the service to close them.
        const closed = await closeOpenAlerts(
          trx,
          (eb) => eb.and([eb('org_id', '=', org), eb('type', '=', 'service'), eb('target', '=', name)]),
          close,
        );
        if (cleanup === undefined) return { service, closed, deletedMonitors: [] };
        const done = await applyCleanup(trx, org, cleanup, close);
        return { service, closed: [...closed, ...done.closed], deletedMonitors: done.deletedMonitors };
      });
    },

    async listRoles(org: OrgId, service: string): Promise<Role[]> {
      await requireService(db, org, service);
      return db
        .selectFrom('roles')
        .select(['name', 'memo'])
        .where('org_id', '=', org)
        .where('service', '=', service)
        .orderBy('name')
        .execute();
    },

    createRole(org: OrgId, service: string, name: string, memo: string): Promise<Role> {
      return db.transaction().execute(async (trx) => {
        await requireService(trx, org, service);
        try {
          await trx.insertInto('roles').values({ org_id: org, service, name, memo }).execute();
        } catch (e) {
          if (isUniqueViolation(e)) throw new ConflictError(`Role ${service}:${name} already exists.`);
          throw e;
        }
        return { name, memo };
      });
    },

    deleteRole(
      org: OrgId,
      service: string,
      name: string,
      now: UnixSec,
      cleanup?: ReferenceCleanup,
    ): Promise<{ role: Role; closed: Alert[]; deletedMonitors: MonitorRecord[] }> {
      return db.transaction().execute(async (trx) => {
        const role = await trx
          .selectFrom('roles')
          .select(['name', 'memo'])
          .where('org_id', '=', org)
          .where('service', '=', service)
          .where('name', '=', name)
          .executeTakeFirst();
        if (role === undefined) throw new NotFoundError(`Role ${service}:${name} not found.`);
        await trx
          .deleteFrom('metadata')
          .where('org_id', '=', org)
          .where('kind', '=', 'role')
          .where('service', '=', service)
          .where('role', '=', name)
          .execute();
        await trx
          .deleteFrom('host_roles')
          .where('org_id', '=', org)
          .where('service', '=', service)
          .where('role', '=', name)
          .execute();
        await trx
          .deleteFrom('roles')
          .where('org_id', '=', org)
          .where('service', '=', service)
          .where('name', '=', name)
          .execute();
        if (cleanup === undefined) return { role, closed: [], deletedMonitors: [] };
        // Mackerel has no trigger for a role's deletion; what closes the alerts is their monitor's.
        const done = await applyCleanup(trx, org, cleanup, { trigger: 'monitorDelete', reason: 'delete monitor', now });
        return { role, ...done };
      });
    },
  };
}

function serviceNotFound(name: string): NotFoundError {
  return new NotFoundError(`Service ${name} not found.`);
}
