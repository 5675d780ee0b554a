import type { MonitorRecord } from '@saba/catalog';
import { BadDataError, msToSec, NotFoundError, type OrgId, objectBody } from '@saba/model';
import { type Monitor, type MonitorConfig, monitorToJson, parseMonitor } from '@saba/monitor';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import { referenceContext } from './monitor-context.ts';
import { monitorEvent, settingsOf, toWrite } from './monitor-settings.ts';
import type { OrgQueue } from './org-queue.ts';
import { deleteWithCleanup } from './reference-cleanup.ts';

/** The reason recorded on alerts a monitor's deletion closes (spec features §2.1 triggers). */
const DELETE_REASON = 'delete monitor';

/** The org's monitor, or NotFoundError as Mackerel words it. */
async function requireMonitor(deps: ApiDeps, org: OrgId, id: string): Promise<MonitorRecord> {
  const row = await deps.catalog.monitors.get(org, id);
  if (row === undefined) throw new NotFoundError(`Monitor Not Found. (id: ${id})`);
  return row;
}

/** Spec features §2.8: only one anomaly-detection monitor per role. */
async function checkOneAnomalyMonitorPerRole(deps: ApiDeps, org: OrgId, m: MonitorConfig, id?: string): Promise<void> {
  if (m.type !== 'anomalyDetection') return;
  const mine = new Set(m.scopes.map((s) => `${s.service}:${s.role}`));
  for (const row of await deps.catalog.monitors.list(org)) {
    if (row.type !== 'anomalyDetection' || row.id === id) continue;
    const other = settingsOf(row);
    if (other.type !== 'anomalyDetection') continue;
    const taken = other.scopes.find((s) => mine.has(`${s.service}:${s.role}`));
    if (taken !== undefined) {
      throw new BadDataError(
        `role ${taken.service}:${taken.role} already has an anomaly detection monitor (${row.id}); a role takes one`,
      );
    }
  }
}

/** Monitors (spec api §8): every type but check, whose monitors agents make by reporting. */
export function monitorRoutes(deps: ApiDeps, groupWrites: OrgQueue): Route[] {
  const { catalog, monitor: engine } = deps;
  return [
    {
      method: 'GET',
      path: '/api/v0/monitors',
      access: 'read',
      name: 'monitors.list',
      handler: async ({ principal }) => {
        const rows = await catalog.monitors.list(principal.orgId);
        return { body: { monitors: rows.map((r) => monitorToJson(settingsOf(r))) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v0/monitors',
      access: 'write',
      name: 'monitors.create',
      handler: async ({ principal, body }) => {
        const org = principal.orgId;
        const config = parseMonitor(objectBody(body, 'a monitor'), await referenceContext(deps, org));
        await checkOneAnomalyMonitorPerRole(deps, org, config);
        const row = await catalog.monitors.create(org, toWrite(config), msToSec(deps.clock()), (r) =>
          monitorEvent(deps, org, 'create', { ...config, id: r.id }),
        );
        deps.wakeDelivery();
        await engine.reloadMonitors(org);
        return { body: monitorToJson({ ...config, id: row.id }) };
      },
    },
    {
      method: 'GET',
      path: '/api/v0/monitors/:monitorId',
      access: 'read',
      name: 'monitors.get',
      handler: async ({ principal, params }) => {
        const row = await requireMonitor(deps, principal.orgId, params.monitorId as string);
        return { body: { monitor: monitorToJson(settingsOf(row)) } };
      },
    },
    {
      method: 'PUT',
      path: '/api/v0/monitors/:monitorId',
      access: 'write',
      name: 'monitors.update',
      handler: async ({ principal, params, body }) => {
        const org = principal.orgId;
        const row = await requireMonitor(deps, org, params.monitorId as string);
        const previous = settingsOf(row);
        const config = parseMonitor(objectBody(body, 'a monitor'), await referenceContext(deps, org), previous);
        await checkOneAnomalyMonitorPerRole(deps, org, config, row.id);
        const updated: Monitor = { ...config, id: row.id };
        await catalog.monitors.replace(org, row.id, toWrite(config), msToSec(deps.clock()), () =>
          monitorEvent(deps, org, 'update', updated),
        );
        deps.wakeDelivery();
        await engine.reloadMonitors(org);
        return { body: monitorToJson(updated) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/monitors/:monitorId',
      access: 'write',
      name: 'monitors.delete',
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const id = (await requireMonitor(deps, org, params.monitorId as string)).id;
        // Downtimes, alert group settings and notification groups lose the monitor in the delete's
        // transaction: none is left naming a monitor that is gone, which a client reading it and
        // writing it back would have refused (spec api §8.2).
        const { monitor } = await deleteWithCleanup(deps, groupWrites, org, undefined, (cleanup, now) =>
          catalog.monitors.delete(
            org,
            id,
            DELETE_REASON,
            now,
            (m) => monitorEvent(deps, org, 'delete', settingsOf(m)),
            cleanup,
          ),
        );
        return { body: monitorToJson(settingsOf(monitor)) };
      },
    },
  ];
}
