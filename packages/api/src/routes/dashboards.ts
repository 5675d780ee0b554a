// Custom dashboards (spec api §12, features §5.1). Saba is self-hosted: there is no plan limit
// on how many an organization has (Mackerel's Standard plan stops at 100 with a 403).
import { type DashboardRecord, newId } from '@saba/catalog';
import { hostId, msToSec, NotFoundError, type OrgId } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import {
  type Dashboard,
  dashboardBody,
  dashboardToJson,
  parseDashboard,
  storedBody,
} from '../schemas/dashboard/dashboard.ts';
import {
  checkReferences,
  type DashboardRefs,
  referencedHostIds,
  resolveReferences,
} from '../schemas/dashboard/references.ts';
import type { Widget } from '../schemas/dashboard/widgets.ts';

/** What exists now of what `widgets` name: the organization's services and roles, and the named hosts. */
async function dashboardRefs(deps: ApiDeps, org: OrgId, widgets: readonly Widget[]): Promise<DashboardRefs> {
  const [services, hosts] = await Promise.all([
    deps.catalog.services.list(org),
    deps.catalog.hosts.states(org, referencedHostIds(widgets).map(hostId)),
  ]);
  const roles = new Map(services.map((s) => [s.name, new Set(s.roles)]));
  return {
    hasHost: (id) => hosts.get(hostId(id))?.isRetired === false,
    hasService: (name) => roles.has(name),
    hasRole: (service, role) => roles.get(service)?.has(role) === true,
  };
}

/** The dashboards as the API answers them, references resolved with one look-up for all of them. */
async function answer(deps: ApiDeps, org: OrgId, records: readonly DashboardRecord[]): Promise<object[]> {
  const stored = records.map((r) => storedBody(r).widgets);
  const refs = await dashboardRefs(deps, org, stored.flat());
  return records.map((r, i) => dashboardToJson(r, resolveReferences(stored[i] ?? [], refs)));
}

/** A write's fields, checked against what exists (spec api §12 answers 400 for invalid input). */
async function checkedWrite(deps: ApiDeps, org: OrgId, body: unknown): Promise<Dashboard> {
  const d = parseDashboard(body);
  checkReferences(d.widgets, await dashboardRefs(deps, org, d.widgets));
  return d;
}

/** Dashboards: list, create, get, replace, delete. */
export function dashboardRoutes(deps: ApiDeps): Route[] {
  const repo = () => deps.catalog.dashboards;
  const now = () => msToSec(deps.clock());
  const one = async (org: OrgId, record: DashboardRecord) => ({ body: (await answer(deps, org, [record]))[0] });
  return [
    {
      method: 'GET',
      path: '/api/v0/dashboards',
      access: 'read',
      name: 'dashboards.list',
      handler: async ({ principal }) => {
        const org = principal.orgId;
        return { body: { dashboards: await answer(deps, org, await repo().list(org)) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v0/dashboards',
      access: 'write',
      name: 'dashboards.create',
      handler: async ({ principal, body }) => {
        const org = principal.orgId;
        const d = await checkedWrite(deps, org, body);
        // No urlPath given: one is made up, as Mackerel's editor does for a new dashboard.
        const urlPath = d.urlPath ?? newId();
        return one(org, await repo().create(org, { urlPath, title: d.title, body: dashboardBody(d) }, now()));
      },
    },
    {
      method: 'GET',
      path: '/api/v0/dashboards/:dashboardId',
      access: 'read',
      name: 'dashboards.get',
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const id = params.dashboardId as string;
        const record = await repo().get(org, id);
        if (record === undefined) throw new NotFoundError(`Dashboard ${id} not found.`);
        return one(org, record);
      },
    },
    {
      method: 'PUT',
      path: '/api/v0/dashboards/:dashboardId',
      access: 'write',
      name: 'dashboards.update',
      handler: async ({ principal, params, body }) => {
        const org = principal.orgId;
        const id = params.dashboardId as string;
        const d = await checkedWrite(deps, org, body);
        let urlPath = d.urlPath;
        if (urlPath === undefined) {
          // None given keeps the stored one; replace() still answers 404 if it goes meanwhile.
          const stored = await repo().get(org, id);
          if (stored === undefined) throw new NotFoundError(`Dashboard ${id} not found.`);
          urlPath = stored.urlPath;
        }
        return one(org, await repo().replace(org, id, { urlPath, title: d.title, body: dashboardBody(d) }, now()));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/dashboards/:dashboardId',
      access: 'write',
      name: 'dashboards.delete',
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        return one(org, await repo().delete(org, params.dashboardId as string));
      },
    },
  ];
}
