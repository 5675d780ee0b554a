// The real parts a monitor script drives: a SQLite catalog file, the embedded tsdb, Mackerel
// ingest and the engine, on one fake clock (the only fake: time must move at the script's pace).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, openCatalog, type RoleRef } from '@saba/catalog';
import { MackerelIngest } from '@saba/ingest';
import { type HostId, msToSec, type OrgId, unixMs, unixSec } from '@saba/model';
import { Tsdb } from '@saba/tsdb';
import { alertGroupSettingToJson, parseAlertGroupSetting } from '../alert-groups/schema.ts';
import type { NotifyEvent } from '../alerts/events.ts';
import { downtimeToJson, parseDowntime } from '../downtime/schema.ts';
import { MonitorEngine } from '../engine/engine.ts';
import { storagePointReader } from '../engine/storage-points.ts';
import { monitorRow, parseMonitor } from '../kinds/registry.ts';
import { newTestId } from './ids.ts';

/** One posted value. */
export interface ScriptValue {
  readonly name: string;
  readonly value: number;
  readonly time: number;
}

/** 2024-01-01T00:00:00Z, a Monday: where every script's clock starts. */
export const SCRIPT_T0 = 1_704_067_200;

/** A catalog, tsdb, ingest and engine in a temporary directory, on a clock the script moves. */
export class ScriptWorld {
  nowSec = SCRIPT_T0;
  readonly events: NotifyEvent[] = [];
  org!: OrgId;
  catalog!: Catalog;
  tsdb!: Tsdb;
  ingest!: MackerelIngest;
  engine!: MonitorEngine;
  private constructor(readonly dir: string) {}

  /** Opens a fresh world. */
  static async open(): Promise<ScriptWorld> {
    const w = new ScriptWorld(await mkdtemp(join(tmpdir(), 'saba-monitor-script-')));
    await w.openParts();
    w.org = (await w.catalog.orgs.create('script-org', null, unixSec(w.nowSec))).id;
    return w;
  }

  private async openParts(): Promise<void> {
    const clock = () => this.nowSec * 1000;
    this.tsdb = await Tsdb.open({ dir: join(this.dir, 'tsdb'), clock, maintenanceIntervalMs: 0 });
    this.catalog = await openCatalog({ driver: 'sqlite', path: join(this.dir, 'catalog.sqlite') });
    this.ingest = new MackerelIngest(this.tsdb);
    this.engine = await MonitorEngine.start(
      {
        monitors: this.catalog.monitors,
        downtimes: this.catalog.downtimes,
        alertGroupSettings: this.catalog.alertGroupSettings,
        alerts: this.catalog.alerts,
        hosts: this.catalog.hosts,
        checks: this.catalog.checks,
        points: storagePointReader(this.tsdb),
        notify: async (events) => {
          this.events.push(...events);
        },
        clock: () => unixMs(clock()),
        newId: newTestId,
        log: () => undefined,
        connectivityTimeoutSec: 600,
        hostCacheMs: 0,
      },
      { timers: false },
    );
  }

  /** Closes everything and opens it again from the same files (what survives a restart). */
  async restart(): Promise<void> {
    await this.engine.close();
    await this.catalog.close();
    await this.tsdb.close();
    await this.openParts();
  }

  /** Closes everything and removes the files. */
  async close(): Promise<void> {
    await this.engine.close();
    await this.catalog.close();
    await this.tsdb.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Registers a host with roles and a status. */
  async host(
    name: string,
    status: 'working' | 'standby' | 'maintenance' | 'poweroff',
    roles: RoleRef[],
  ): Promise<HostId> {
    return this.catalog.hosts.create(
      this.org,
      {
        name,
        displayName: null,
        customIdentifier: null,
        memo: '',
        meta: {},
        interfaces: [],
        roles,
        checks: [],
        status,
      },
      unixSec(this.nowSec),
    );
  }

  /** Creates a monitor the way the API does (validated, stored, engine reloaded); returns its id. */
  async monitor(json: Record<string, unknown>): Promise<string> {
    const services = await this.catalog.services.list(this.org);
    const ctx = {
      hasService: (s: string) => services.some((x) => x.name === s),
      hasRole: (s: string, r: string) => services.some((x) => x.name === s && x.roles.includes(r)),
      now: this.nowSec,
    };
    const config = parseMonitor(json, ctx);
    const row = await this.catalog.monitors.create(this.org, monitorRow(config) as never, unixSec(this.nowSec));
    await this.engine.reloadMonitors(this.org);
    return row.id;
  }

  /** Creates a downtime the way the API does. */
  async downtime(json: Record<string, unknown>): Promise<string> {
    const d = parseDowntime(json, undefined);
    const row = await this.catalog.downtimes.create(this.org, downtimeToJson(d) as never, unixSec(this.nowSec));
    await this.engine.reloadDowntimes(this.org);
    return row.id;
  }

  /** Creates an alert group setting the way the API does; returns its id. */
  async groupSetting(json: Record<string, unknown>): Promise<string> {
    const s = parseAlertGroupSetting(json, undefined);
    const row = await this.catalog.alertGroupSettings.create(
      this.org,
      alertGroupSettingToJson(s) as never,
      unixSec(this.nowSec),
    );
    await this.engine.reloadAlertGroupSettings(this.org);
    return row.id;
  }

  /** Posts host metrics in one post and lets the engine judge them. */
  async post(host: HostId, values: readonly ScriptValue[]): Promise<void> {
    const items = values.map((v) => ({ hostId: host, ...v }));
    await this.ingest.postHostMetrics(this.org, items, (org, ids) => this.catalog.hosts.states(org, ids));
    await this.engine.hostMetricsPosted(this.org, items);
  }

  /** Posts service metrics in one post and lets the engine judge them. */
  async postService(service: string, items: readonly ScriptValue[]): Promise<void> {
    await this.ingest.postServiceMetrics(this.org, service, items);
    await this.engine.serviceMetricsPosted(this.org, service, items);
  }

  /** Reports a check result the way the API does. */
  async check(
    host: HostId,
    name: string,
    status: 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN',
    message: string,
    attempts: number | null,
    interval: number | null,
  ): Promise<void> {
    const r = {
      hostId: host,
      name,
      status,
      message,
      occurredAt: unixSec(this.nowSec),
      notificationInterval: interval,
      maxCheckAttempts: attempts,
    };
    await this.catalog.checks.report(this.org, [r], unixSec(this.nowSec));
    await this.engine.checksReported(this.org, [r]);
  }

  /** Retires a host the way the API does: its alerts close silently. */
  async retire(host: HostId): Promise<void> {
    await this.engine.exclusive(async () => {
      const closed = await this.catalog.hosts.retire(this.org, [host], unixSec(this.nowSec));
      this.engine.alertsClosed(this.org, closed);
    });
    this.engine.hostChanged(this.org, host);
  }

  /** The current time in epoch seconds as the engine sees it. */
  get now(): number {
    return msToSec(unixMs(this.nowSec * 1000));
  }
}
