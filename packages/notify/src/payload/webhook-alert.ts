// The JSON a webhook channel POSTs (spec api §19.1 for alerts; the alert-group payload is Saba's
// design, documented in docs/notifications.md). Mackerel's receivers parse these keys, so they
// are kept exactly: optional keys are left out rather than sent as null, except `imageUrl`.
import { type AlertSeries, type MonitorType, secToMs, unixSec } from '@saba/model';
import type { AlertGroupNotification, AlertNotification, HostInfo, ServiceInfo } from '../notification.ts';
import { alertMessage } from './alert-text.ts';
import { alertGroupUrl, alertUrl, hostUrl, roleUrl, serviceUrl } from './links.ts';

/** A role in a §19.1 payload. */
export interface WebhookRole {
  readonly fullname: string;
  readonly serviceName: string;
  readonly serviceUrl: string;
  readonly roleName: string;
  readonly roleUrl: string;
}

/** The §19.1 `host` object. */
export interface WebhookHost {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  /** Always `"unknown"`, as Mackerel's documented sample sends it. */
  readonly type: 'unknown';
  readonly status: HostInfo['status'];
  readonly memo: string;
  readonly isRetired: boolean;
  readonly roles: readonly WebhookRole[];
}

/** The §19.1 `service` object; Saba's services are named, not numbered, so `id` is the name. */
export interface WebhookService {
  readonly id: string;
  readonly name: string;
  readonly memo: string;
  readonly orgId?: string;
  readonly roles: readonly WebhookRole[];
}

/** The §19.1 `alert` object; metric keys appear only when the monitor has them. */
export interface WebhookAlert {
  readonly id: string;
  readonly url: string;
  readonly status: 'ok' | 'warning' | 'critical' | 'unknown';
  readonly isOpen: boolean;
  readonly trigger: string;
  readonly openedAt: number;
  readonly closedAt?: number;
  readonly statusChangedAt: number;
  /** Epoch milliseconds of the opening; deprecated in Mackerel, kept for old receivers. */
  readonly createdAt: number;
  readonly monitorName: string;
  readonly metricLabel?: string;
  readonly metricValue?: number;
  readonly criticalThreshold?: number;
  readonly warningThreshold?: number;
  readonly monitorOperator?: '>' | '<';
  readonly duration?: number;
  /** Query-monitor alerts' series (spec features §4.3); the key is the Alert API's (§9.1). */
  readonly series?: AlertSeries;
}

/** The whole §19.1 alert payload. */
export interface WebhookAlertPayload {
  readonly orgName: string;
  readonly event: 'alert';
  readonly type: MonitorType;
  readonly message: string;
  readonly host?: WebhookHost;
  readonly service?: WebhookService;
  readonly alert: WebhookAlert;
  /** Saba renders no graph images yet, so this is always null (spec: null when there is none). */
  readonly imageUrl: null;
  /** The monitor's memo. */
  readonly memo: string;
}

/** The alert-group payload (Saba's design; Mackerel does not document one). */
export interface WebhookAlertGroupPayload {
  readonly orgName: string;
  readonly event: 'alertGroup';
  readonly alertGroup: {
    readonly id: string;
    readonly url: string;
    readonly status: WebhookAlert['status'];
    readonly isOpen: boolean;
    readonly openedAt: number;
    readonly closedAt?: number;
    readonly alertCount: number;
  };
  readonly alertGroupSetting: { readonly id: string; readonly name: string; readonly memo: string };
}

/** A key with a value, or nothing when the value is null: optional keys are left out, not null. */
function opt<K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } {
  return (v === null || v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

function role(baseUrl: string, service: string, name: string): WebhookRole {
  return {
    fullname: `${service}: ${name}`,
    serviceName: service,
    serviceUrl: serviceUrl(baseUrl, service),
    roleName: name,
    roleUrl: roleUrl(baseUrl, service, name),
  };
}

/** The §19.1 `host` object of a host; host and monitor notifications send the same. */
export function webhookHost(baseUrl: string, h: HostInfo): WebhookHost {
  return {
    id: h.id,
    name: h.name,
    url: hostUrl(baseUrl, h.id),
    type: 'unknown',
    status: h.status,
    memo: h.memo,
    isRetired: h.isRetired,
    roles: h.roles.map((r) => role(baseUrl, r.service, r.role)),
  };
}

function serviceObject(n: AlertNotification, s: ServiceInfo): WebhookService {
  return {
    id: s.name,
    name: s.name,
    memo: s.memo,
    ...opt('orgId', n.orgId),
    roles: s.roles.map((r) => role(n.baseUrl, s.name, r)),
  };
}

function alertObject(n: AlertNotification): WebhookAlert {
  const { alert, monitor } = n;
  return {
    id: alert.id,
    url: alertUrl(n),
    status: lowerStatus(alert.status),
    isOpen: alert.isOpen,
    trigger: alert.trigger,
    openedAt: alert.openedAt,
    ...opt('closedAt', alert.closedAt),
    statusChangedAt: alert.statusChangedAt,
    createdAt: secToMs(unixSec(alert.openedAt)),
    monitorName: monitor.name,
    ...opt('metricLabel', monitor.metricLabel),
    ...opt('metricValue', alert.value),
    ...opt('criticalThreshold', monitor.critical),
    ...opt('warningThreshold', monitor.warning),
    ...opt('monitorOperator', monitor.operator),
    ...opt('duration', monitor.duration),
    ...opt('series', alert.series),
  };
}

/** A status as §19.1 writes it: lower case. */
export function lowerStatus(s: AlertNotification['alert']['status']): WebhookAlert['status'] {
  return s.toLowerCase() as WebhookAlert['status'];
}

/** The §19.1 payload of an alert notification. */
export function webhookAlertPayload(n: AlertNotification): WebhookAlertPayload {
  return {
    orgName: n.orgName,
    event: 'alert',
    type: n.monitor.type,
    message: alertMessage(n),
    ...opt('host', n.host === null ? null : webhookHost(n.baseUrl, n.host)),
    ...opt('service', n.service === null ? null : serviceObject(n, n.service)),
    alert: alertObject(n),
    imageUrl: null,
    memo: n.monitor.memo,
  };
}

/** The payload of an alert-group notification. */
export function webhookAlertGroupPayload(n: AlertGroupNotification): WebhookAlertGroupPayload {
  const g = n.group;
  return {
    orgName: n.orgName,
    event: 'alertGroup',
    alertGroup: {
      id: g.id,
      url: alertGroupUrl(n),
      status: lowerStatus(g.status),
      isOpen: g.closedAt === null,
      openedAt: g.openedAt,
      ...opt('closedAt', g.closedAt),
      alertCount: g.alertCount,
    },
    alertGroupSetting: { id: n.setting.id, name: n.setting.name, memo: n.setting.memo },
  };
}
