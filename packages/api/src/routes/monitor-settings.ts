// A stored monitor as settings and back, and the event of its change: shared by the monitor
// routes and the cleanup that deletes and rewrites monitors with a service or role.
import type { JsonValue, MonitorRecord } from '@saba/catalog';
import type { OrgId } from '@saba/model';
import { loadMonitor, type Monitor, type MonitorConfig, monitorRow, monitorToJson } from '@saba/monitor';
import type { ApiDeps } from '../deps.ts';
import { announced } from './announce.ts';

/** A stored monitor as settings; a row that no longer parses is a server fault, not the caller's. */
export function settingsOf(row: MonitorRecord): Monitor {
  const m = loadMonitor(row, () => undefined);
  if (m === undefined) throw new Error(`stored monitor ${row.id} does not parse`);
  return m;
}

/**
 * The outbox event of a monitor change (`monitor`), stored with the change. It holds the monitor's
 * API JSON, because a deleted monitor can no longer be looked up when the notification is sent.
 */
export function monitorEvent(deps: ApiDeps, org: OrgId, action: 'create' | 'update' | 'delete', m: Monitor) {
  const monitor = monitorToJson(m) as { readonly [k: string]: JsonValue };
  return announced(deps, org, [{ event: 'monitor', action, monitorId: m.id, monitor }]);
}

/** The catalog's shape of settings: type and name as columns, the rest as the body. */
export function toWrite(config: MonitorConfig) {
  const row = monitorRow(config);
  return { ...row, body: row.body as MonitorRecord['body'] };
}
