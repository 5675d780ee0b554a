import type { HostId, OrgId } from './ids.ts';
import type { UnixSec } from './time.ts';

/** A monitor's or an alert's status (spec §9.1); a closed alert's status is `OK`. */
export type AlertStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
/** Every alert status, best first. */
export const ALERT_STATUSES: readonly AlertStatus[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

/** The kinds of monitor (spec §8.2); `check` monitors are made by agents' check reports. */
export type MonitorType =
  | 'host'
  | 'connectivity'
  | 'service'
  | 'external'
  | 'expression'
  | 'anomalyDetection'
  | 'query'
  | 'check';

/** Why an alert log entry was written (spec §9.1 AlertLog.trigger). */
export type AlertTrigger =
  | 'monitoring'
  | 'manual'
  | 'monitorDelete'
  | 'hostRetire'
  | 'serviceDelete'
  | 'anomalyDetectionManuallyRetraining'
  | 'externalMonitoringServiceChange';

/** The labelled series a query-monitor alert is about. */
export interface AlertSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * An alert as stored. At most one alert per (monitor, target) is open at a time; `target` says
 * what it is about: a host id (host, connectivity, check, anomalyDetection), a service name
 * (service), a series key (query), or '' (external, expression).
 */
export interface Alert {
  readonly id: string;
  readonly orgId: OrgId;
  readonly monitorId: string;
  readonly type: MonitorType;
  readonly target: string;
  readonly hostId: HostId | null;
  /** `OK` once closed. */
  readonly status: AlertStatus;
  /** The judged value (host, service, query, expression, external response time). */
  readonly value: number | null;
  /** Check and external monitors' message. */
  readonly message: string | null;
  readonly series: AlertSeries | null;
  readonly openedAt: UnixSec;
  readonly closedAt: UnixSec | null;
  /** Why it was closed by hand (or by a monitor delete, host retire...). */
  readonly reason: string | null;
  /** A user's note, up to 80 KB; '' when none. */
  readonly memo: string;
  /** When the status last changed (opening counts). */
  readonly statusChangedAt: UnixSec;
  /** When a notification for it was last decided; re-notification counts from here. */
  readonly notifiedAt: UnixSec | null;
}

/** Detail of a check-monitor alert log entry (spec §9.1). */
export interface AlertStatusDetail {
  readonly type: 'check';
  readonly detail: { readonly message: string; readonly memo: string };
}

/** One entry of an alert's history: a status it took and why. */
export interface AlertLog {
  readonly id: string;
  readonly alertId: string;
  readonly status: AlertStatus;
  readonly trigger: AlertTrigger;
  /** Null once the monitor is deleted. */
  readonly monitorId: string | null;
  readonly targetValue: number | null;
  readonly statusDetail: AlertStatusDetail | null;
  readonly createdAt: UnixSec;
}

/**
 * A monitor's evaluation state for one target, kept between evaluations: how many results in a
 * row (ending with the newest) were not OK, and the newest judged time (older points are skipped).
 */
export interface MonitorState {
  readonly orgId: OrgId;
  readonly monitorId: string;
  readonly target: string;
  /** The newest result's status. */
  readonly status: AlertStatus;
  readonly consecutive: number;
  readonly observedAt: UnixSec;
  /**
   * The current run of bad results began inside a downtime: no alert opens for it, even after
   * the downtime ends, until a good result ends the run (spec features §4.2).
   */
  readonly suppressed: boolean;
}

/**
 * An alert group (spec features §4.1): the open alerts matching one alert group setting,
 * bundled while any of them is open. Its status is the worst of its open alerts'.
 */
export interface AlertGroup {
  readonly id: string;
  readonly orgId: OrgId;
  readonly settingId: string;
  /** `OK` once closed. */
  readonly status: AlertStatus;
  /** Every alert that joined while it was open, in joining order. */
  readonly alertIds: readonly string[];
  readonly openedAt: UnixSec;
  readonly closedAt: UnixSec | null;
  readonly statusChangedAt: UnixSec;
  /** When a notification for it was last decided; null while it has never been announced. */
  readonly notifiedAt: UnixSec | null;
}
