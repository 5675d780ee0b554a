import type { Service } from '@saba/catalog';
import { SERVICE_LABEL } from '@saba/ingest';
import { msToSec, NotFoundError, type OrgId, objectBody, optionalString, requiredString } from '@saba/model';
import { matcher } from '@saba/storage';
import type { ApiDeps } from '../deps.ts';
import { conflictAs400 } from '../http/errors.ts';
import type { Route } from '../http/route.ts';
import { checkServiceName } from '../schemas/names.ts';
import { editGroups } from './group-docs.ts';
import { mackerelOnly } from './metric-read.ts';
import type { OrgQueue } from './org-queue.ts';

/** The org's service, or NotFoundError as Mackerel words it. */
export async function requireService(deps: ApiDeps, org: OrgId, name: string): Promise<Service> {
  const s = await deps.catalog.services.get(org, name);
  if (s === undefined) throw new NotFoundError(`Service Not Found. (name: ${name})`);
  return s;
}

function nameAndMemo(body: unknown): { name: string; memo: string } {
  const o = objectBody(body, '{"name": ..., "memo": ...}');
  return { name: requiredString(o, 'name'), memo: optionalString(o, 'memo') ?? '' };
}

/** Services and roles (spec §7). */
export function serviceRoutes(deps: ApiDeps, groupWrites: OrgQueue): Route[] {
  const { catalog } = deps;
  return [
    {
      method: 'GET',
      path: '/api/v0/services',
      access: 'read',
      name: 'services.list',
      handler: async ({ principal }) => ({ body: { services: await catalog.services.list(principal.orgId) } }),
    },
    {
      method: 'POST',
      path: '/api/v0/services',
      access: 'write',
      name: 'services.create',
      handler: async ({ principal, body }) => {
        const { name, memo } = nameAndMemo(body);
        checkServiceName(name, 'service');
        return { body: await conflictAs400(() => catalog.services.create(principal.orgId, name, memo)) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/services/:serviceName',
      access: 'write',
      name: 'services.delete',
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const name = (await requireService(deps, org, params.serviceName as string)).name;
        // Groups forget it first, as they forget a deleted monitor (routes/monitors.ts).
        await groupWrites.run(org, () =>
          editGroups(catalog, org, (g) =>
            g.services.some((s) => s.name === name)
              ? { ...g, services: g.services.filter((s) => s.name !== name) }
              : undefined,
          ),
        );
        // Its service monitors' alerts close in the same transaction, between the engine's decisions.
        const svc = await deps.monitor.exclusive(async () => {
          const r = await catalog.services.delete(org, name, msToSec(deps.clock()));
          deps.monitor.alertsClosed(org, r.closed);
          return r.service;
        });
        // Service metrics go with the service (spec §7): nothing can read them afterwards.
        await deps.storage.deleteSeries(principal.orgId, mackerelOnly([matcher('=', SERVICE_LABEL, svc.name)]));
        return { body: svc };
      },
    },
    {
      method: 'GET',
      path: '/api/v0/services/:serviceName/roles',
      access: 'read',
      name: 'roles.list',
      handler: async ({ principal, params }) => ({
        body: { roles: await catalog.services.listRoles(principal.orgId, params.serviceName as string) },
      }),
    },
    {
      method: 'POST',
      path: '/api/v0/services/:serviceName/roles',
      access: 'write',
      name: 'roles.create',
      handler: async ({ principal, params, body }) => {
        const { name, memo } = nameAndMemo(body);
        await requireService(deps, principal.orgId, params.serviceName as string);
        checkServiceName(name, 'role');
        return {
          body: await conflictAs400(() =>
            catalog.services.createRole(principal.orgId, params.serviceName as string, name, memo),
          ),
        };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/services/:serviceName/roles/:roleName',
      access: 'write',
      name: 'roles.delete',
      handler: async ({ principal, params }) => ({
        body: await catalog.services.deleteRole(
          principal.orgId,
          params.serviceName as string,
          params.roleName as string,
        ),
      }),
    },
  ];
}
