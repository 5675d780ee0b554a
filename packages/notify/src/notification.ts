// What a channel is given: one notification with everything its message needs already looked
// up (organization, host, service, monitor settings), so that channels do no I/O but sending.
import type { AlertSeries, AlertStatus, MonitorType } from '@saba/model';

/** The events a channel can subscribe to (spec api §11.1). */
export type ChannelEvent = 'alert' | 'alertGroup' | 'hostStatus' | 'hostRegister' | 'hostRetire' | 'monitor';

/** A role as notifications show it. */
export interface RoleInfo {
  readonly service: string;
  readonly role: string;
}

/** The host an alert or a host notification is about. */
export interface HostInfo {
  readonly id: string;
  readonly name: string;
  readonly displayName: string | null;
  readonly customIdentifier: string | null;
  readonly status: 'working' | 'standby' | 'maintenance' | 'poweroff';
  readonly memo: string;
  readonly isRetired: boolean;
  readonly roles: readonly RoleInfo[];
}

/** The service a service-metric alert is about. */
export interface ServiceInfo {
  readonly name: string;
  readonly memo: string;
  readonly roles: readonly string[];
}

/** An alert as notifications describe it (spec api §19.1 `alert`). */
export interface AlertInfo {
  readonly id: string;
  readonly status: AlertStatus;
  /** Null when it opened. */
  readonly previousStatus: AlertStatus | null;
  /** Whether it ever reached CRITICAL or UNKNOWN (critical-only groups send its OK then). */
  readonly reachedCritical: boolean;
  readonly isOpen: boolean;
  /** `monitoring`, `manual close`, ... as spec features §2.1 words it. */
  readonly trigger: string;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly statusChangedAt: number;
  readonly message: string | null;
  readonly value: number | null;
  readonly reason: string | null;
  /** The labelled series of a query-monitor alert; absent or null for other monitors. */
  readonly series?: AlertSeries | null;
}

/** The monitor of an alert, with what notifications show of its settings. */
export interface MonitorInfo {
  readonly id: string;
  readonly type: MonitorType;
  readonly name: string;
  readonly memo: string;
  /** The metric or expression judged, when there is one (`loadavg5`, `cpu%`...). */
  readonly metricLabel: string | null;
  readonly operator: '>' | '<' | null;
  readonly warning: number | null;
  readonly critical: number | null;
  readonly duration: number | null;
}

/** An alert notification, ready for any channel. */
export interface AlertNotification {
  readonly event: 'alert';
  /** The idempotency key: the same decision delivered twice carries the same key. */
  readonly key: string;
  readonly orgName: string;
  /** The organization's id, for the §19.1 `service.orgId`; absent: that key is left out. */
  readonly orgId?: string;
  /** Where the web UI is, for links (`http://saba.example:8080`), without a trailing slash. */
  readonly baseUrl: string;
  /** `open`, `change`, `close` or `renotify`. */
  readonly kind: 'open' | 'change' | 'close' | 'renotify';
  readonly alert: AlertInfo;
  readonly monitor: MonitorInfo;
  readonly host: HostInfo | null;
  readonly service: ServiceInfo | null;
  /** The open alert groups the alert belongs to. */
  readonly groupIds: readonly string[];
}

/** An alert group notification. */
export interface AlertGroupNotification {
  readonly event: 'alertGroup';
  readonly key: string;
  readonly orgName: string;
  readonly baseUrl: string;
  readonly kind: 'open' | 'change' | 'close' | 'renotify';
  readonly group: {
    readonly id: string;
    readonly status: AlertStatus;
    readonly previousStatus: AlertStatus | null;
    readonly openedAt: number;
    readonly closedAt: number | null;
    readonly alertCount: number;
  };
  readonly setting: { readonly id: string; readonly name: string; readonly memo: string };
  /** The services and monitors of its alerts, for routing. */
  readonly services: readonly string[];
  readonly monitorIds: readonly string[];
}

/** A host was registered, changed its status, or was retired (spec features §4.3 events). */
export interface HostNotification {
  readonly event: 'hostRegister' | 'hostStatus' | 'hostRetire';
  readonly key: string;
  readonly orgName: string;
  readonly baseUrl: string;
  /**
   * The host. For `hostStatus` its status is the one the change set (a later change has its own
   * notification); for `hostRetire` its roles are those it had until it was retired.
   */
  readonly host: HostInfo;
  /** `hostStatus`: the status before the change; null for the other events. */
  readonly previousStatus: HostInfo['status'] | null;
}

/** A monitor was created, updated or deleted (spec features §4.3 event `monitor`). */
export interface MonitorNotification {
  readonly event: 'monitor';
  readonly action: 'create' | 'update' | 'delete';
  readonly key: string;
  readonly orgName: string;
  readonly baseUrl: string;
  /** The monitor as it is after the change; after a delete, as it was. */
  readonly monitor: {
    readonly id: string;
    readonly type: MonitorType;
    readonly name: string;
    readonly memo: string;
  };
}

/** What a channel may be asked to deliver. */
export type Notification = AlertNotification | AlertGroupNotification | HostNotification | MonitorNotification;
