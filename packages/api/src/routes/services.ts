import type { Service } from '@saba/catalog';
import { SERVICE_LABEL } from '@saba/ingest';
import { NotFoundError, type OrgId, objectBody, optionalString, requiredString } from '@saba/model';
import { matcher } from '@saba/storage';
import type { ApiDeps } from '../deps.ts';
import { conflictAs400 } from '../http/errors.ts';
import type { Route } from '../http/route.ts';
import { checkServiceName } from '../schemas/names.ts';
import { mackerelOnly } from './metric-read.ts';
import type { OrgQueue } from './org-queue.ts';
import { deleteWithCleanup } from './reference-cleanup.ts';

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
        const { service: svc } = await deleteWithCleanup(deps, groupWrites, org, { service: name }, (cleanup, now) =>
          catalog.services.delete(org, name, now, cleanup),
        );
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
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const service = params.serviceName as string;
        const role = params.roleName as string;
        const deleted = await deleteWithCleanup(deps, groupWrites, org, { service, role }, (cleanup, now) =>
          catalog.services.deleteRole(org, service, role, now, cleanup),
        );
        return { body: deleted.role };
      },
    },
  ];
}
