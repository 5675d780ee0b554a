// The API calls of the channel and notification-group pages (spec api §11, docs/notifications.md),
// each one public API v0 endpoint (STYLE habit 7), and the shapes they answer.
import { apiGet, apiSend } from './client.ts';

/** A channel as `GET /api/v0/channels` answers it: the common fields and each type's own. */
export interface Channel {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  /** Absent on types that take alerts only (pagerduty, oncall-webhook). */
  readonly events?: readonly string[];
  readonly url?: string;
  readonly emails?: readonly string[];
  /** An email channel's users (ids of `GET /api/v0/users`), mailed at their current address. */
  readonly userIds?: readonly string[];
  readonly mentions?: { readonly ok?: string; readonly warning?: string; readonly critical?: string };
  readonly enabledGraphImage?: boolean;
  readonly integrationKey?: string;
  readonly level?: string;
  readonly closeIncidentOnAlertClose?: boolean;
  readonly endpoint?: string | null;
  /** Epoch seconds when delivery suspended it, or null. */
  readonly suspendedAt: number | null;
}

/** What a delivery was about, as the deliveries list gives it: the event's type and its own fields. */
export type DeliveryEvent = { readonly id: string; readonly createdAt: number } & (
  | {
      readonly type: 'alert';
      readonly kind: string | null;
      readonly alertId: string | null;
      readonly status: string | null;
      readonly previousStatus: string | null;
      readonly monitorId: string | null;
      readonly monitorName: string | null;
    }
  | {
      readonly type: 'alertGroup';
      readonly kind: string | null;
      readonly alertGroupId: string | null;
      readonly status: string | null;
      readonly previousStatus: string | null;
      readonly settingId: string | null;
      readonly settingName: string | null;
      readonly alertCount: number | null;
    }
  | { readonly type: 'hostRegister' | 'hostRetire'; readonly hostId: string | null }
  | {
      readonly type: 'hostStatus';
      readonly hostId: string | null;
      readonly fromStatus: string | null;
      readonly toStatus: string | null;
    }
  | {
      readonly type: 'monitor';
      readonly action: string | null;
      readonly monitorId: string | null;
      readonly monitorName: string | null;
      readonly monitorType: string | null;
    }
  | { readonly type: 'unknown' }
);

/** One delivery of `GET /api/v0/channels/<id>/deliveries` (Saba's); times are epoch seconds. */
export interface Delivery {
  readonly id: string;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly lastAttemptAt: number | null;
  /** Pending ones only. */
  readonly nextAttemptAt: number | null;
  /** When it was sent or given up. */
  readonly finishedAt: number | null;
  readonly event: DeliveryEvent;
}

/** A notification group of `GET /api/v0/notification-groups` (spec api §11.2). */
export interface NotificationGroup {
  readonly id: string;
  readonly type: 'group' | 'group-default';
  readonly name: string;
  readonly notificationLevel: 'all' | 'critical';
  readonly childNotificationGroupIds: readonly string[];
  readonly childChannelIds: readonly string[];
  readonly monitors: ReadonlyArray<{ readonly id: string; readonly skipDefault: boolean }>;
  readonly services: ReadonlyArray<{ readonly name: string }>;
}

/** A group as it is written: the answer's fields without `id` and `type`. */
export type NotificationGroupInput = Omit<NotificationGroup, 'id' | 'type'>;

/** The fields of `GET /api/v0/monitors` a group form shows. */
export interface MonitorSummary {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

const CHANNELS = '/api/v0/channels';
const GROUPS = '/api/v0/notification-groups';

/** Every channel of the organization. */
export async function listChannels(signal?: AbortSignal): Promise<Channel[]> {
  return (await apiGet<{ channels: Channel[] }>(CHANNELS, signal)).channels;
}

/** Creates a channel from a form's body; it joins the default group unless the body says otherwise. */
export function createChannel(body: Readonly<Record<string, unknown>>): Promise<Channel> {
  return apiSend<Channel>('POST', CHANNELS, body);
}

/** Replaces a channel's settings (its type cannot change). */
export function updateChannel(id: string, body: Readonly<Record<string, unknown>>): Promise<Channel> {
  return apiSend<Channel>('PUT', `${CHANNELS}/${encodeURIComponent(id)}`, body);
}

/** Deletes a channel; groups forget it. */
export function deleteChannel(id: string): Promise<Channel> {
  return apiSend<Channel>('DELETE', `${CHANNELS}/${encodeURIComponent(id)}`);
}

/** Resumes a suspended channel (Saba's extension): what waited for it is sent at once. */
export async function resumeChannel(id: string): Promise<void> {
  await apiSend('POST', `${CHANNELS}/${encodeURIComponent(id)}/resume`, {});
}

/** A channel's deliveries, newest first (at most `limit`, up to 200): what was sent, what waits, what failed. */
export async function listDeliveries(id: string, limit: number, signal?: AbortSignal): Promise<Delivery[]> {
  const path = `${CHANNELS}/${encodeURIComponent(id)}/deliveries?limit=${limit}`;
  return (await apiGet<{ deliveries: Delivery[] }>(path, signal)).deliveries;
}

/** Every notification group, the default one among them. */
export async function listGroups(signal?: AbortSignal): Promise<NotificationGroup[]> {
  return (await apiGet<{ notificationGroups: NotificationGroup[] }>(GROUPS, signal)).notificationGroups;
}

/** Creates a group. */
export function createGroup(input: NotificationGroupInput): Promise<NotificationGroup> {
  return apiSend<NotificationGroup>('POST', GROUPS, input);
}

/** Replaces a group (the default group keeps its name). */
export function updateGroup(id: string, input: NotificationGroupInput): Promise<NotificationGroup> {
  return apiSend<NotificationGroup>('PUT', `${GROUPS}/${encodeURIComponent(id)}`, input);
}

/** Deletes a group that is not the default one; its parents forget it. */
export function deleteGroup(id: string): Promise<NotificationGroup> {
  return apiSend<NotificationGroup>('DELETE', `${GROUPS}/${encodeURIComponent(id)}`);
}

/** The organization's monitors, for a group's monitor list. */
export async function listMonitors(signal?: AbortSignal): Promise<MonitorSummary[]> {
  return (await apiGet<{ monitors: MonitorSummary[] }>('/api/v0/monitors', signal)).monitors;
}
