// Notifications as the delivery queue will hand them to channels, one per kind of alert, for the
// payload tests and the conformance suite. Plain values: nothing here stands in for a real part.
import type { AlertStatus } from '@saba/model';
import type {
  AlertGroupNotification,
  AlertInfo,
  AlertNotification,
  HostInfo,
  HostNotification,
  MonitorNotification,
} from '../notification.ts';

/** The web UI's address in every sample. */
export const BASE_URL = 'http://saba.example:8080';

/** 2023-11-14T22:13:20Z, when every sample alert opened. */
export const OPENED_AT = 1_700_000_000;

const openCritical: AlertInfo = {
  id: 'alert-1',
  status: 'CRITICAL',
  previousStatus: 'WARNING',
  reachedCritical: true,
  isOpen: true,
  trigger: 'monitoring',
  openedAt: OPENED_AT,
  closedAt: null,
  statusChangedAt: OPENED_AT + 300,
  message: null,
  value: 2.255356387321597,
  reason: null,
};

/** host-1, working, in the roles shop: app and shop: batch. */
const host1: HostInfo = {
  id: 'h1',
  name: 'host-1',
  displayName: null,
  customIdentifier: 'i-0abc',
  status: 'working',
  memo: 'the primary',
  isRetired: false,
  roles: [
    { service: 'shop', role: 'app' },
    { service: 'shop', role: 'batch' },
  ],
};

/** A host-metric alert: loadavg5 on host-1, CRITICAL at 2.26 over 1.96. */
export const hostAlert: AlertNotification = {
  event: 'alert',
  key: 'n-alert-1-2',
  orgName: 'example',
  baseUrl: BASE_URL,
  kind: 'change',
  alert: openCritical,
  monitor: {
    id: 'mon-load',
    type: 'host',
    name: 'loadavg5',
    memo: 'Look at the batch jobs first.',
    metricLabel: 'loadavg5',
    operator: '>',
    warning: 1.4665636369580741,
    critical: 1.9588528112516932,
    duration: 5,
  },
  host: host1,
  service: null,
  groupIds: [],
};

/** A service-metric alert: access.count on service shop, WARNING at 80 under 100. */
export const serviceAlert: AlertNotification = {
  ...hostAlert,
  key: 'n-alert-2-1',
  orgId: 'org-1',
  kind: 'open',
  alert: { ...openCritical, id: 'alert-2', status: 'WARNING', previousStatus: null, reachedCritical: false, value: 80 },
  monitor: {
    id: 'mon-req',
    type: 'service',
    name: 'requests',
    memo: '',
    metricLabel: 'access.count',
    operator: '<',
    warning: 100,
    critical: 50,
    duration: 3,
  },
  host: null,
  service: { name: 'shop', memo: 'the web shop', roles: ['app', 'batch'] },
};

/** A check-monitor alert: the agent's message, no metric. */
export const checkAlert: AlertNotification = {
  ...hostAlert,
  key: 'n-alert-3-1',
  kind: 'open',
  alert: { ...openCritical, id: 'alert-3', previousStatus: null, value: null, message: 'DISK CRITICAL - / 95% used' },
  monitor: {
    id: 'mon-disk',
    type: 'check',
    name: 'check-disk',
    memo: '',
    metricLabel: null,
    operator: null,
    warning: null,
    critical: null,
    duration: null,
  },
};

/** An external-URL alert, closed by hand: no host, no service, no metric. */
export const externalAlert: AlertNotification = {
  ...hostAlert,
  key: 'n-alert-4-2',
  kind: 'close',
  alert: {
    ...openCritical,
    id: 'alert-4',
    status: 'OK',
    previousStatus: 'CRITICAL',
    isOpen: false,
    trigger: 'manual close',
    closedAt: OPENED_AT + 600,
    statusChangedAt: OPENED_AT + 600,
    value: null,
    message: 'connect ECONNREFUSED 10.0.0.5:443',
    reason: 'moved to the new site',
  },
  monitor: { ...checkAlert.monitor, id: 'mon-top', type: 'external', name: 'top page', memo: 'status page first' },
  host: null,
};

/** An alert group of three alerts, CRITICAL. */
export const alertGroup: AlertGroupNotification = {
  event: 'alertGroup',
  key: 'n-group-1-1',
  orgName: 'example',
  baseUrl: BASE_URL,
  kind: 'open',
  group: {
    id: 'group-1',
    status: 'CRITICAL',
    previousStatus: null,
    openedAt: OPENED_AT,
    closedAt: null,
    alertCount: 3,
  },
  setting: { id: 'setting-1', name: 'shop servers', memo: 'Call the shop team.' },
  services: ['shop'],
  monitorIds: ['mon-load'],
};

/**
 * The host alert in another status, as it is in that status: OK is closed, `reachedCritical`
 * as given (critical-only channels send OK only when it is true).
 */
export function hostAlertIn(status: AlertStatus, reachedCritical = status !== 'WARNING'): AlertNotification {
  const closed = status === 'OK';
  return {
    ...hostAlert,
    key: `n-alert-1-${status}`,
    kind: closed ? 'close' : 'change',
    alert: {
      ...hostAlert.alert,
      status,
      reachedCritical,
      isOpen: !closed,
      closedAt: closed ? OPENED_AT + 900 : null,
      value: status === 'UNKNOWN' ? null : hostAlert.alert.value,
    },
  };
}

/** host-1 registered. */
export const hostRegistered: HostNotification = {
  event: 'hostRegister',
  key: 'n-host-1-register',
  orgName: 'example',
  baseUrl: BASE_URL,
  host: host1,
  previousStatus: null,
};

/** host-1 went from working to standby. */
export const hostStatusChanged: HostNotification = {
  ...hostRegistered,
  event: 'hostStatus',
  key: 'n-host-1-status',
  host: { ...host1, status: 'standby' },
  previousStatus: 'working',
};

/** host-1 retired, with the roles it had until then. */
export const hostRetired: HostNotification = {
  ...hostRegistered,
  event: 'hostRetire',
  key: 'n-host-1-retire',
  host: { ...host1, isRetired: true },
};

/** The loadavg5 monitor created. */
export const monitorCreated: MonitorNotification = {
  event: 'monitor',
  action: 'create',
  key: 'n-monitor-load-create',
  orgName: 'example',
  baseUrl: BASE_URL,
  monitor: { id: 'mon-load', type: 'host', name: 'loadavg5', memo: 'Look at the batch jobs first.' },
};

/** The loadavg5 monitor updated, its memo cleared. */
export const monitorUpdated: MonitorNotification = {
  ...monitorCreated,
  action: 'update',
  key: 'n-monitor-load-update',
  monitor: { ...monitorCreated.monitor, memo: '' },
};

/** The loadavg5 monitor deleted. */
export const monitorDeleted: MonitorNotification = {
  ...monitorCreated,
  action: 'delete',
  key: 'n-monitor-load-delete',
};

/** Every host and monitor sample, one per event and action. */
export const HOST_AND_MONITOR_EVENTS: readonly (HostNotification | MonitorNotification)[] = [
  hostRegistered,
  hostStatusChanged,
  hostRetired,
  monitorCreated,
  monitorUpdated,
  monitorDeleted,
];
