import type { DocRecord, DocRepo } from '@saba/catalog';
import { type JsonObject, msToSec, NotFoundError, type OrgId } from '@saba/model';
import { alertGroupSettingToJson, downtimeToJson, parseAlertGroupSetting, parseDowntime } from '@saba/monitor';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import { type ReferenceContext, referenceContext } from './monitor-context.ts';

/** One kind of document the API keeps: its schema, its routes' names, and what to tell the engine. */
interface DocKind {
  /** The path under /api/v0 and the list's key. */
  readonly path: string;
  readonly listKey: string;
  readonly what: string;
  readonly name: string;
  /** Validates a body and answers it as the API shows it (without id). */
  normalize(body: unknown, ctx: ReferenceContext | undefined): JsonObject;
  repo(deps: ApiDeps): DocRepo;
  changed(deps: ApiDeps, org: OrgId): Promise<void>;
  /** Whether GET of one document exists (Mackerel has it for alert group settings only). */
  readonly getOne: boolean;
}

const DOWNTIMES: DocKind = {
  path: 'downtimes',
  listKey: 'downtimes',
  what: 'Downtime',
  name: 'downtimes',
  normalize: (body, ctx) => downtimeToJson(parseDowntime(body, ctx)) as JsonObject,
  repo: (deps) => deps.catalog.downtimes,
  changed: (deps, org) => deps.monitor.reloadDowntimes(org),
  getOne: false,
};

const ALERT_GROUP_SETTINGS: DocKind = {
  path: 'alert-group-settings',
  listKey: 'alertGroupSettings',
  what: 'Alert group setting',
  name: 'alert_group_settings',
  normalize: (body, ctx) => alertGroupSettingToJson(parseAlertGroupSetting(body, ctx)) as JsonObject,
  repo: (deps) => deps.catalog.alertGroupSettings,
  changed: (deps, org) => deps.monitor.reloadAlertGroupSettings(org),
  getOne: true,
};

/** A document as the API answers it: id first. */
function docJson(d: DocRecord): JsonObject {
  return { id: d.id, ...d.body };
}

function docRoutes(deps: ApiDeps, kind: DocKind): Route[] {
  const repo = kind.repo(deps);
  const base = `/api/v0/${kind.path}`;
  const notFound = (id: string) => new NotFoundError(`${kind.what} Not Found. (id: ${id})`);
  const routes: Route[] = [
    {
      method: 'GET',
      path: base,
      access: 'read',
      name: `${kind.name}.list`,
      handler: async ({ principal }) => ({
        body: { [kind.listKey]: (await repo.list(principal.orgId)).map(docJson) },
      }),
    },
    {
      method: 'POST',
      path: base,
      access: 'write',
      name: `${kind.name}.create`,
      handler: async ({ principal, body }) => {
        const org = principal.orgId;
        const doc = kind.normalize(body, await referenceContext(deps, org));
        const row = await repo.create(org, doc as DocRecord['body'], msToSec(deps.clock()));
        await kind.changed(deps, org);
        return { body: docJson(row) };
      },
    },
    {
      method: 'PUT',
      path: `${base}/:id`,
      access: 'write',
      name: `${kind.name}.update`,
      handler: async ({ principal, params, body }) => {
        const org = principal.orgId;
        const id = params.id as string;
        if ((await repo.get(org, id)) === undefined) throw notFound(id);
        const doc = kind.normalize(body, await referenceContext(deps, org));
        const row = await repo.replace(org, id, doc as DocRecord['body']);
        await kind.changed(deps, org);
        return { body: docJson(row) };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:id`,
      access: 'write',
      name: `${kind.name}.delete`,
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const id = params.id as string;
        if ((await repo.get(org, id)) === undefined) throw notFound(id);
        const row = await repo.delete(org, id);
        await kind.changed(deps, org);
        return { body: docJson(row) };
      },
    },
  ];
  if (kind.getOne) {
    routes.push({
      method: 'GET',
      path: `${base}/:id`,
      access: 'read',
      name: `${kind.name}.get`,
      handler: async ({ principal, params }) => {
        const row = await repo.get(principal.orgId, params.id as string);
        if (row === undefined) throw notFound(params.id as string);
        return { body: docJson(row) };
      },
    });
  }
  return routes;
}

/** Downtimes (spec §10) and alert group settings (spec §9.2). */
export function monitorDocRoutes(deps: ApiDeps): Route[] {
  return [...docRoutes(deps, DOWNTIMES), ...docRoutes(deps, ALERT_GROUP_SETTINGS)];
}
