// The JSON a webhook channel POSTs for host and monitor notifications. Mackerel documents only
// the alert payload (spec api §19), so these are Saba's design in its style: `orgName` and
// `event` first, the §19.1 `host` object, lower-camel keys; documented in docs/notifications.md.
import type { HostInfo, HostNotification, MonitorNotification, Notification } from '../notification.ts';
import { monitorUrl } from './links.ts';
import {
  type WebhookAlertGroupPayload,
  type WebhookAlertPayload,
  type WebhookHost,
  webhookAlertGroupPayload,
  webhookAlertPayload,
  webhookHost,
} from './webhook-alert.ts';

/** A host registered or retired. */
export interface WebhookHostPayload {
  readonly orgName: string;
  readonly event: 'hostRegister' | 'hostRetire';
  readonly host: WebhookHost;
}

/** A host's status changed; `host.status` is `toStatus`. */
export interface WebhookHostStatusPayload {
  readonly orgName: string;
  readonly event: 'hostStatus';
  readonly host: WebhookHost;
  /** Null only if the status before the change was not recorded. */
  readonly fromStatus: HostInfo['status'] | null;
  readonly toStatus: HostInfo['status'];
}

/** A monitor was created, updated or deleted: the webhook `event` names the action (spec features §4.3). */
export interface WebhookMonitorPayload {
  readonly orgName: string;
  readonly event: 'monitorCreate' | 'monitorUpdate' | 'monitorDelete';
  readonly monitor: {
    readonly id: string;
    readonly type: MonitorNotification['monitor']['type'];
    readonly name: string;
    readonly memo: string;
    readonly url: string;
  };
}

/** Any payload a webhook channel sends. */
export type WebhookPayload =
  | WebhookAlertPayload
  | WebhookAlertGroupPayload
  | WebhookHostPayload
  | WebhookHostStatusPayload
  | WebhookMonitorPayload;

/** The payload of a host notification. */
export function webhookHostPayload(n: HostNotification): WebhookHostPayload | WebhookHostStatusPayload {
  const host = webhookHost(n.baseUrl, n.host);
  if (n.event !== 'hostStatus') return { orgName: n.orgName, event: n.event, host };
  return { orgName: n.orgName, event: 'hostStatus', host, fromStatus: n.previousStatus, toStatus: n.host.status };
}

const MONITOR_EVENTS = { create: 'monitorCreate', update: 'monitorUpdate', delete: 'monitorDelete' } as const;

/** The payload of a monitor notification; `url` is the monitor's page, kept after a delete so receivers can match earlier events. */
export function webhookMonitorPayload(n: MonitorNotification): WebhookMonitorPayload {
  const m = n.monitor;
  return {
    orgName: n.orgName,
    event: MONITOR_EVENTS[n.action],
    monitor: { id: m.id, type: m.type, name: m.name, memo: m.memo, url: monitorUrl(n.baseUrl, m.id) },
  };
}

/** The payload of any notification. */
export function webhookPayload(n: Notification): WebhookPayload {
  switch (n.event) {
    case 'alert':
      return webhookAlertPayload(n);
    case 'alertGroup':
      return webhookAlertGroupPayload(n);
    case 'monitor':
      return webhookMonitorPayload(n);
    default:
      return webhookHostPayload(n);
  }
}
