// What the engine needs from the rest of the server, declared here (STYLE: monitor declares the
// function types it needs). The catalog's repositories fit these shapes as they are, so the
// server passes them in unchanged; tests pass the same real repositories.
import type { Alert, AlertGroup, AlertLog, HostId, Labels, MonitorState, OrgId, UnixMs, UnixSec } from '@saba/model';
import type { ExprSource } from '@saba/query';
import type { RoleModel } from '../anomaly/role-model.ts';
import type { RoleName } from '../subject.ts';

/** A stored monitor: type, name and the rest of its API JSON. */
export interface StoredMonitor {
  readonly id: string;
  readonly orgId: OrgId;
  readonly type: string;
  readonly name: string;
  readonly body: { readonly [k: string]: unknown };
}

/** A stored downtime or alert group setting. */
export interface StoredDoc {
  readonly id: string;
  readonly orgId: OrgId;
  readonly body: { readonly [k: string]: unknown };
}

/** Where monitors are read from. */
export interface MonitorSource {
  listAll(): Promise<readonly StoredMonitor[]>;
  list(org: OrgId): Promise<readonly StoredMonitor[]>;
}

/** Where downtimes (or alert group settings) are read from. */
export interface DocSource {
  listAll(): Promise<readonly StoredDoc[]>;
  list(org: OrgId): Promise<readonly StoredDoc[]>;
}

/** Decisions stored together or not at all. */
export interface AlertWrites {
  readonly alerts: readonly Alert[];
  readonly logs: readonly AlertLog[];
  readonly states: readonly MonitorState[];
  readonly dropStates: readonly { readonly monitorId: string; readonly target: string }[];
  readonly groups: readonly AlertGroup[];
  /** Decided notifications, kept in the durable outbox with the decisions (decision 0009). */
  readonly outbox: readonly {
    readonly id: string;
    readonly orgId: OrgId;
    readonly body: unknown;
    readonly createdAt: UnixSec;
  }[];
}

/** Where alerts and evaluation states are kept. */
export interface AlertStore {
  apply(batch: AlertWrites): Promise<void>;
  listOpen(): Promise<readonly Alert[]>;
  listStates(): Promise<readonly MonitorState[]>;
  listOpenGroups(): Promise<readonly AlertGroup[]>;
  get(org: OrgId, id: string): Promise<Alert | undefined>;
}

/** What the engine needs to know of a host. */
export interface HostFacts {
  readonly id: HostId;
  readonly status: 'working' | 'standby' | 'maintenance' | 'poweroff';
  readonly roles: readonly RoleName[];
  readonly isRetired: boolean;
  /** The check monitors the host's agent announced, with their memos. */
  readonly checks?: readonly { readonly name: string; readonly memo: string }[];
}

/** Where hosts are read from. */
export interface HostSource {
  get(org: OrgId, id: HostId): Promise<HostFacts | undefined>;
  /** Live hosts (statuses: all of them). */
  list(org: OrgId, filter: { readonly statuses: readonly HostFacts['status'][] }): Promise<readonly HostFacts[]>;
}

/** The latest state of one check on one host, as the check store keeps it. */
export interface CheckFacts {
  readonly monitorId: string;
  readonly name: string;
  readonly notificationInterval: number | null;
}

/** The latest report of one check on one host. */
export interface CheckReportFacts extends CheckFacts {
  readonly orgId: OrgId;
  readonly hostId: HostId;
  readonly status: 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
  readonly message: string;
  readonly occurredAt: number;
  readonly maxCheckAttempts: number | null;
}

/** Where check states are read from (re-notification of check alerts, recovery at start). */
export interface CheckSource {
  states(org: OrgId, hostId: HostId): Promise<readonly CheckFacts[]>;
  listAllStates(): Promise<readonly CheckReportFacts[]>;
}

/** One point of a series: epoch seconds and a value. */
export interface PointValue {
  readonly time: number;
  readonly value: number;
}

/** Whose metrics: a host's or a service's. */
export type Owner = { readonly host: HostId } | { readonly service: string };

/** Reads recent points from the time-series store. */
export interface PointReader {
  /**
   * Points of `owner`'s metrics whose names match one of `patterns` (`*` = one dot-free
   * segment), with time in [from, to] (epoch seconds), ascending, by metric name.
   */
  read(org: OrgId, owner: Owner, patterns: readonly string[], from: number, to: number): Map<string, PointValue[]>;
  /** The newest sample time (epoch seconds) of each host's metrics since `from`. */
  lastSeen(org: OrgId, from: number): Map<string, number>;
}

/** Posts an external monitor's response time as a service metric (spec §2.6). */
export type ServiceMetricWriter = (
  org: OrgId,
  service: string,
  name: string,
  time: number,
  value: number,
) => Promise<void>;

/** A value the engine writes as a host metric (the anomaly score, decision 0014). */
export interface HostMetricPoint {
  readonly hostId: HostId;
  readonly name: string;
  /** Epoch seconds. */
  readonly time: number;
  readonly value: number;
}

/** Writes host metrics computed by the engine. */
export type HostMetricWriter = (org: OrgId, points: readonly HostMetricPoint[]) => Promise<void>;

/** One stored role model of an anomalyDetection monitor. */
export interface StoredRoleModel {
  readonly monitorId: string;
  readonly role: RoleName;
  readonly model: RoleModel;
}

/** Where trained anomaly models are kept, one per (monitor, role); they survive restarts. */
export interface ModelStore {
  /** Every stored model (read once at start). */
  loadAll(): Promise<readonly StoredRoleModel[]>;
  /** Stores a model, replacing the one of the same (monitor, role) whole or not at all. */
  save(monitorId: string, role: RoleName, model: RoleModel): Promise<void>;
  /** Forgets a model; absent is fine. */
  delete(monitorId: string, role: RoleName): Promise<void>;
}

/** One series a PromQL range query gave: its labels (no `__saba_labeled__`) and a point per step, epoch ms. */
export interface QuerySeries {
  readonly labels: Labels;
  readonly points: readonly { readonly t: number; readonly v: number }[];
}

/**
 * Runs a PromQL range query over an organization's labelled series (spec §2.9), from `start` to
 * `end` every `stepMs`; throws when PromQL refuses the query or cannot finish it.
 */
export type PromqlRangeFunc = (
  org: OrgId,
  query: string,
  start: UnixMs,
  end: UnixMs,
  stepMs: number,
) => readonly QuerySeries[] | Promise<readonly QuerySeries[]>;

/** Gives the expression source of an organization (spec §2.7). */
export type ExprSourceFor = (org: OrgId) => ExprSource;

/** The engine's clock. */
export type Clock = () => UnixMs;
