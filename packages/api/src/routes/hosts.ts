import type { Host, HostFilter, HostStatus } from '@saba/catalog';
import {
  BadDataError,
  type HostId,
  hostId,
  msToSec,
  NotFoundError,
  type OrgId,
  objectBody,
  optionalArray,
  stringArray,
} from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import { conflictAs400 } from '../http/errors.ts';
import { type Handler, type Route, SUCCESS } from '../http/route.ts';
import { parseHostCreate, parseHostStatus, parseHostUpdate } from '../schemas/host-input.ts';
import { parseRoleFullnames } from '../schemas/names.ts';
import { announced } from './announce.ts';
import { hostJson } from './host-json.ts';

/** Mackerel's bulk endpoints take at most 30 ids (spec §2.1). */
const MAX_BULK_IDS = 30;

/** A live or retired host of the org, or NotFoundError as Mackerel words it. */
export async function requireHost(deps: ApiDeps, org: OrgId, id: string): Promise<Host> {
  const h = await deps.catalog.hosts.get(org, hostId(id));
  if (h === undefined) throw new NotFoundError(`Host Not Found. (id: ${id})`);
  return h;
}

function bulkIds(body: unknown): HostId[] {
  const ids = stringArray(objectBody(body, '{"ids": [...]}'), 'ids');
  if (ids.length === 0) throw new BadDataError('"ids" must name at least one host');
  if (ids.length > MAX_BULK_IDS) throw new BadDataError(`"ids" takes at most ${MAX_BULK_IDS} hosts, got ${ids.length}`);
  return [...new Set(ids)].map(hostId);
}

function hostFilter(q: URLSearchParams): HostFilter {
  const statuses = q.getAll('status').map((s) => parseHostStatus(s));
  const filter: { -readonly [K in keyof HostFilter]: HostFilter[K] } = { statuses };
  const service = q.get('service');
  if (service !== null && service !== '') {
    filter.service = service;
    filter.roles = q.getAll('role').filter((r) => r !== '');
  }
  const name = q.get('name');
  if (name !== null && name !== '') filter.name = name;
  const ci = q.get('customIdentifier');
  if (ci !== null && ci !== '') filter.customIdentifier = ci;
  return filter;
}

/**
 * Sets hosts' status, announcing each host whose status changed (`hostStatus`) in the same
 * transaction.
 */
async function setStatuses(deps: ApiDeps, org: OrgId, ids: readonly HostId[], status: HostStatus): Promise<void> {
  const changed = await deps.catalog.hosts.setStatus(org, ids, status, (changes) =>
    announced(
      deps,
      org,
      changes.map((c) => ({ event: 'hostStatus', hostId: c.hostId, previousStatus: c.previousStatus, status })),
    ),
  );
  for (const id of ids) deps.monitor.hostChanged(org, id);
  if (changed.length > 0) deps.wakeDelivery();
}

/**
 * Retires hosts. Their alerts close silently in the same transaction (spec features §1.3), between
 * the monitor engine's decisions so that no evaluation in flight reopens them. Each host that was
 * live is announced (`hostRetire`) in that transaction too, with the roles it had, which retiring
 * removes.
 */
async function retireHosts(deps: ApiDeps, org: OrgId, ids: readonly HostId[]): Promise<void> {
  await deps.monitor.exclusive(async () => {
    const closed = await deps.catalog.hosts.retire(org, ids, msToSec(deps.clock()), (live) =>
      announced(
        deps,
        org,
        live.map((h) => ({ event: 'hostRetire', hostId: h.id, roles: h.roles })),
      ),
    );
    deps.monitor.alertsClosed(org, closed);
  });
  deps.hostStates.forget(org, ids);
  for (const id of ids) deps.monitor.hostChanged(org, id);
  deps.wakeDelivery();
}

/** Hosts: register, read, update, status, roles, retire, list (spec §2). */
export function hostRoutes(deps: ApiDeps): Route[] {
  const { catalog } = deps;
  const now = () => msToSec(deps.clock());
  const list: Handler = async ({ principal, query }) => {
    const hosts = await catalog.hosts.list(principal.orgId, hostFilter(query));
    return { body: { hosts: hosts.map(hostJson) } };
  };
  return [
    {
      method: 'POST',
      path: '/api/v0/hosts',
      access: 'write',
      name: 'hosts.create',
      handler: async ({ principal, body }) => {
        const input = parseHostCreate(body);
        const org = principal.orgId;
        const id = await conflictAs400(() =>
          catalog.hosts.create(org, input, now(), (hostId) =>
            announced(deps, org, [{ event: 'hostRegister', hostId }]),
          ),
        );
        deps.hostStates.forget(org, [id]);
        deps.wakeDelivery();
        return { body: { id } };
      },
    },
    { method: 'GET', path: '/api/v0/hosts', access: 'read', name: 'hosts.list', handler: list },
    { method: 'GET', path: '/api/v0/hosts.json', access: 'read', name: 'hosts.list', handler: list },
    {
      method: 'GET',
      path: '/api/v0/hosts/:hostId',
      access: 'read',
      name: 'hosts.get',
      handler: async ({ principal, params }) => ({
        body: { host: hostJson(await requireHost(deps, principal.orgId, params.hostId as string)) },
      }),
    },
    {
      method: 'GET',
      path: '/api/v0/hosts-by-custom-identifier/:customIdentifier',
      access: 'read',
      name: 'hosts.get_by_custom_identifier',
      handler: async ({ principal, params, query }) => {
        const ci = params.customIdentifier as string;
        const h = await catalog.hosts.getByCustomIdentifier(
          principal.orgId,
          ci,
          query.get('caseInsensitive') === 'true',
        );
        if (h === undefined) throw new NotFoundError(`Host Not Found. (customIdentifier: ${ci})`);
        return { body: { host: hostJson(h) } };
      },
    },
    {
      method: 'PUT',
      path: '/api/v0/hosts/:hostId',
      access: 'write',
      name: 'hosts.update',
      handler: async ({ principal, params, body }) => {
        const input = parseHostUpdate(body);
        const id = hostId(params.hostId as string);
        await requireHost(deps, principal.orgId, id);
        // Between the engine's decisions: a check report judged meanwhile could otherwise open an
        // alert on a check monitor this update removes (its checks list no longer names it).
        await deps.monitor.exclusive(() => conflictAs400(() => catalog.hosts.update(principal.orgId, id, input)));
        deps.monitor.hostChanged(principal.orgId, id);
        return { body: { id } };
      },
    },
    {
      method: 'POST',
      path: '/api/v0/hosts/:hostId/status',
      access: 'write',
      name: 'hosts.status',
      handler: async ({ principal, params, body }) => {
        const status: HostStatus = parseHostStatus(objectBody(body, '{"status": ...}').status);
        await setStatuses(deps, principal.orgId, [hostId(params.hostId as string)], status);
        return SUCCESS;
      },
    },
    {
      method: 'POST',
      path: '/api/v0/hosts/bulk-update-statuses',
      access: 'write',
      name: 'hosts.bulk_status',
      handler: async ({ principal, body }) => {
        const status = parseHostStatus(objectBody(body, '{"status": ..., "ids": [...]}').status);
        await setStatuses(deps, principal.orgId, bulkIds(body), status);
        return SUCCESS;
      },
    },
    {
      method: 'PUT',
      path: '/api/v0/hosts/:hostId/role-fullnames',
      access: 'write',
      name: 'hosts.roles',
      handler: async ({ principal, params, body }) => {
        const o = objectBody(body, '{"roleFullnames": [...]}');
        const roles = parseRoleFullnames(optionalArray(o, 'roleFullnames'), 'roleFullnames');
        const id = hostId(params.hostId as string);
        await catalog.hosts.setRoles(principal.orgId, id, roles);
        deps.monitor.hostChanged(principal.orgId, id);
        return SUCCESS;
      },
    },
    {
      method: 'POST',
      path: '/api/v0/hosts/:hostId/retire',
      access: 'write',
      name: 'hosts.retire',
      // The Go client posts the JSON literal `null` (spec §1.4 #2); any body is ignored.
      handler: async ({ principal, params }) => {
        await retireHosts(deps, principal.orgId, [hostId(params.hostId as string)]);
        return SUCCESS;
      },
    },
    {
      method: 'POST',
      path: '/api/v0/hosts/bulk-retire',
      access: 'write',
      name: 'hosts.bulk_retire',
      handler: async ({ principal, body }) => {
        await retireHosts(deps, principal.orgId, bulkIds(body));
        return SUCCESS;
      },
    },
    {
      method: 'GET',
      path: '/api/v0/hosts/:hostId/monitored-statuses',
      access: 'read',
      name: 'hosts.monitored_statuses',
      handler: async ({ principal, params }) => {
        const h = await requireHost(deps, principal.orgId, params.hostId as string);
        const memos = new Map(h.checks.map((c) => [c.name, c.memo]));
        const states = await catalog.checks.states(principal.orgId, h.id);
        // Host, connectivity and anomaly-detection monitors first, without detail (spec api §2.3).
        const judged = await deps.monitor.hostStatuses(principal.orgId, h.id);
        const checks = states.map((s) => {
          const memo = memos.get(s.name);
          return {
            monitorId: s.monitorId,
            status: s.status,
            detail: { type: 'check', message: s.message, ...(memo ? { memo } : {}) },
          };
        });
        return { body: { monitoredStatuses: [...judged, ...checks] } };
      },
    },
  ];
}
