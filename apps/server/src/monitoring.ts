// Wires the monitor engine to the catalog and the tsdb, and creates organizations with the
// monitors and the notification group every organization starts with.
import { defaultNotificationGroup } from '@saba/api';
import { type Catalog, newOrderedId, type Org } from '@saba/catalog';
import type { MackerelIngest } from '@saba/ingest';
import { hostSeriesLabels, nowMs, type OrgId, type UnixSec, unixMs } from '@saba/model';
import {
  type AnomalySchedule,
  defaultMonitors,
  MonitorEngine,
  monitorRow,
  type NotifyFunc,
  storagePointReader,
  storagePromqlRange,
} from '@saba/monitor';
import { storageExprSource } from '@saba/query';
import type { Storage } from '@saba/storage';
import { fileModelStore } from './anomaly-models.ts';

/**
 * Creates an organization with its default monitors (spec features §2.4: a connectivity monitor)
 * and its default notification group (features §4.4: every organization has one).
 */
export async function createOrganization(
  catalog: Catalog,
  name: string,
  displayName: string | null,
  now: UnixSec,
): Promise<Org> {
  const org = await catalog.orgs.create(name, displayName, now);
  for (const m of defaultMonitors()) await catalog.monitors.create(org.id, monitorRow(m) as never, now);
  await defaultNotificationGroup(catalog, org.id, now);
  return org;
}

/** What the engine is started with. */
export interface MonitoringOptions {
  readonly catalog: Catalog;
  readonly storage: Storage;
  readonly ingest: MackerelIngest;
  readonly notify: NotifyFunc;
  readonly log: (line: string) => void;
  /** Run the engine's timers (default true). */
  readonly timers?: boolean;
  readonly connectivityTimeoutSec?: number;
  /** The data directory: anomaly models are kept under `<dataDir>/anomaly/`. */
  readonly dataDir: string;
  /** When anomaly models are trained (tests shorten it). */
  readonly anomaly?: AnomalySchedule;
}

/** Starts the monitor engine over the catalog and the storage. */
export function startMonitoring(o: MonitoringOptions): Promise<MonitorEngine> {
  const { catalog, storage } = o;
  const roleHosts = async (org: OrgId, service: string, role: string) =>
    (await catalog.hosts.list(org, { service, roles: [role] })).map((h) => h.id);
  return MonitorEngine.start(
    {
      monitors: catalog.monitors,
      downtimes: catalog.downtimes,
      alertGroupSettings: catalog.alertGroupSettings,
      alerts: catalog.alerts,
      hosts: catalog.hosts,
      checks: catalog.checks,
      points: storagePointReader(storage),
      promqlRange: storagePromqlRange(storage),
      notify: o.notify,
      clock: nowMs,
      newId: () => newOrderedId(),
      log: o.log,
      writeServiceMetric: async (org, service, name, time, value) => {
        await o.ingest.postServiceMetrics(org, service, [{ name, time, value }]);
      },
      models: fileModelStore(`${o.dataDir}/anomaly`, o.log),
      writeHostMetrics: async (org, points) => {
        // Straight to the store: the scores are the engine's own, for hosts it has just read.
        const app = storage.appender(org);
        for (const p of points) app.append(hostSeriesLabels(p.hostId, p.name), unixMs(p.time * 1000), p.value);
        await app.commit();
      },
      ...(o.anomaly !== undefined ? { anomaly: o.anomaly } : {}),
      exprSource: (org) => storageExprSource({ storage, org, roleHosts: (s, r) => roleHosts(org, s, r) }),
      ...(process.env.TZ !== undefined && process.env.TZ !== '' ? { timeZone: process.env.TZ } : {}),
      ...(o.connectivityTimeoutSec !== undefined ? { connectivityTimeoutSec: o.connectivityTimeoutSec } : {}),
    },
    { timers: o.timers ?? true },
  );
}
