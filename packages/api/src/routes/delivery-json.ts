// A channel's deliveries as Saba's GET /api/v0/channels/<id>/deliveries answers them: each with
// what it was about, read from the outbox event it carries (the monitor engine's AlertEvent or
// AlertGroupEvent, or a host or monitor change the API announced, as JSON). The event keeps what
// a person needs to recognise it (the alert's id and status, the monitor's name), so the list
// needs no catalog query per row. Host events keep only the host's id.
import type { ChannelDelivery, JsonValue } from '@saba/catalog';

/** What a delivery was about, in the API's words; `type` is the event as channels name it. */
export type DeliveryEventJson = { readonly id: string; readonly type: string; readonly createdAt: number } & Readonly<
  Record<string, JsonValue>
>;

/** One delivery as the API answers it; times are epoch seconds. */
export interface DeliveryJson {
  readonly id: string;
  readonly status: ChannelDelivery['status'];
  readonly attempts: number;
  readonly lastError: string | null;
  /** When it was made (the notification was routed to the channel). */
  readonly createdAt: number;
  /** Null before the first attempt. */
  readonly lastAttemptAt: number | null;
  /** When the next attempt is due; pending ones only. */
  readonly nextAttemptAt: number | null;
  /** When it was sent, or given up; null while pending (and for failures recorded before 0007). */
  readonly finishedAt: number | null;
  readonly event: DeliveryEventJson;
}

type Obj = Readonly<Record<string, unknown>>;

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The readable part of an event body; unknown shapes say only `"type": "unknown"`. */
function about(body: unknown): { readonly type: string } & Readonly<Record<string, JsonValue>> {
  const e = obj(body);
  switch (e.event) {
    case 'alert': {
      const alert = obj(e.alert);
      const monitor = obj(e.monitor);
      return {
        type: 'alert',
        kind: str(e.kind),
        alertId: str(alert.id),
        status: str(alert.status),
        previousStatus: str(e.previousStatus),
        monitorId: str(monitor.id),
        monitorName: str(monitor.name),
      };
    }
    case 'alertGroup': {
      const group = obj(e.group);
      const setting = obj(e.setting);
      return {
        type: 'alertGroup',
        kind: str(e.kind),
        alertGroupId: str(group.id),
        status: str(group.status),
        previousStatus: str(e.previousStatus),
        settingId: str(setting.id),
        settingName: str(setting.name),
        alertCount: Array.isArray(group.alertIds) ? group.alertIds.length : null,
      };
    }
    case 'hostRegister':
    case 'hostRetire':
      return { type: e.event, hostId: str(e.hostId) };
    case 'hostStatus':
      return { type: 'hostStatus', hostId: str(e.hostId), fromStatus: str(e.previousStatus), toStatus: str(e.status) };
    case 'monitor': {
      const monitor = obj(e.monitor);
      return {
        type: 'monitor',
        action: str(e.action),
        monitorId: str(e.monitorId),
        monitorName: str(monitor.name),
        monitorType: str(monitor.type),
      };
    }
    default:
      return { type: 'unknown' };
  }
}

/** The API's JSON of one listed delivery. */
export function deliveryJson(d: ChannelDelivery): DeliveryJson {
  const finishedAt =
    d.status === 'sent' ? (d.sentAt ?? d.lastAttemptAt) : d.status === 'failed' ? d.lastAttemptAt : null;
  return {
    id: d.id,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    createdAt: d.createdAt,
    lastAttemptAt: d.lastAttemptAt,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    finishedAt,
    event: { id: d.event.id, createdAt: d.event.createdAt, ...about(d.event.body) },
  };
}
