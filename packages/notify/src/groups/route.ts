// Which channels receive a notification: Mackerel's notification groups (spec features §4.4) and
// the per-channel alert / alert-group toggles (features §4.1).
//
// The rules, in order:
//  1. What a notification is about. An alert: its monitor, and its services: the services of the
//     host's roles (host, connectivity, check, anomaly alerts) plus `service` when it is set
//     (service alerts; an external monitor attached to a service). An alert group: its
//     `monitorIds` and `services`. A host notification (hostRegister, hostStatus, hostRetire):
//     the services of the host's roles, no monitor. A monitor notification: its monitor, no
//     service.
//  2. Entry groups. Normally: the default group, every group listing one of the monitors (with or
//     without skipDefault), and every group listing one of the services. But when EVERY monitor of
//     an alert or alert group is listed with `skipDefault: true` by some group, the entry groups
//     are only the groups listing one of them with skipDefault: not the default group, not groups
//     matching by service, not groups listing the monitor without skipDefault ("not to the
//     default or any other group", features §4.4).
//  3. A group that receives a notification passes it to its channels and to its child groups; a
//     child receives it because its parent did, whatever the child's own monitors and services.
//     Each group is visited once, so a cycle (A → B → A) ends, and a group reached by two paths
//     decides once (its decision does not depend on the path).
//  4. A group at level `critical` passes CRITICAL and UNKNOWN; OK only for alerts that reached
//     CRITICAL or UNKNOWN (`alert.reachedCritical`); WARNING never. A group that does not pass a
//     notification passes it neither to its channels nor to its children, so a child under a
//     critical parent gets only what passed the parent (unless another path reaches it). Host
//     and monitor notifications always pass: levels are about alert statuses, which they have not.
//  5. A channel takes a notification when it subscribes to its event (`alert`, `alertGroup`,
//     `hostStatus`, `hostRegister`, `hostRetire` or `monitor`) and its kind `accepts` it (the kind's own settings: events, PagerDuty's level...). An alert
//     that belongs to an open alert group (`groupIds` non-empty) is not sent to a channel
//     subscribed to `alertGroup`: that channel gets the group's notification instead (§4.1 table).
//  6. Each channel is listed once, in the order it was first reached (breadth first from the
//     entry groups, in the order `groups` lists them).
//
// Cases the spec leaves open, and the choice made:
//  - An alert group whose monitors are only partly skipDefault-listed: routed normally (rule 2),
//    since its other alerts would reach the default group one by one. The skipDefault groups of
//    the listed monitors still receive it, as groups listing them.
//  - An alert group's OK under a critical group: notifications carry no `reachedCritical` for
//    groups, so the OK passes when the status before it was CRITICAL or UNKNOWN.
//  - Ids of deleted groups in `childNotificationGroupIds` are skipped; a deleted channel should get
//    `[]` from `channelEvents`, which drops it.
//  - Rule 5 checks the event subscription itself although `accepts` does too: the §4.1 table then
//    holds whatever a kind's `accepts` does. A kind that does not support alert groups (PagerDuty,
//    Twilio...) must not report `alertGroup` from `channelEvents`, or grouped alerts would skip it.
//  - Suspension is not routing: a suspended channel is still listed; delivery holds it back.
//  - Host and monitor notifications (Mackerel documents no routing for them):
//    - a host's go to the default group and the groups listing one of its services, and so to
//      their children; a retired host's roles are those it had until it was retired;
//    - a monitor's go to the default group and the groups listing the monitor. `skipDefault`
//      does not apply: it keeps the monitor's alerts out of other groups, while a change of the
//      monitor itself concerns whoever watches the organization's settings, as a new host does;
//    - notification levels do not apply (rule 4).
import type { AlertStatus } from '@saba/model';
import type { AlertNotification, ChannelEvent, Notification } from '../notification.ts';
import type { NotificationGroup } from './schema.ts';

/** A stored notification group with its id. */
export interface GroupWithId {
  readonly id: string;
  readonly group: NotificationGroup;
}

/** The ids of the channels that receive `n`, each once (rules at the top of this file). */
export function routeNotification(
  n: Notification,
  groups: readonly GroupWithId[],
  channelEvents: (channelId: string) => readonly ChannelEvent[],
  accepts: (channelId: string, n: Notification) => boolean,
): string[] {
  const byId = new Map(groups.map((g) => [g.id, g.group]));
  const queue = entryGroups(n, groups);
  const visited = new Set<string>(queue);
  const seenChannels = new Set<string>();
  const out: string[] = [];
  const passes = passesCriticalLevel(n);
  for (let i = 0; i < queue.length; i++) {
    const g = byId.get(queue[i] as string);
    if (g === undefined || (g.notificationLevel === 'critical' && !passes)) continue;
    for (const ch of g.childChannelIds) {
      if (seenChannels.has(ch)) continue;
      seenChannels.add(ch);
      if (channelTakes(ch, n, channelEvents(ch), accepts)) out.push(ch);
    }
    for (const child of g.childNotificationGroupIds) {
      if (visited.has(child)) continue;
      visited.add(child);
      queue.push(child);
    }
  }
  return out;
}

/** What a notification is about (rule 1), and whether skipDefault applies to it. */
function subjectsOf(n: Notification): { monitorIds: readonly string[]; services: readonly string[]; skips: boolean } {
  switch (n.event) {
    case 'alert':
      return { monitorIds: [n.monitor.id], services: alertServices(n), skips: true };
    case 'alertGroup':
      return { monitorIds: n.monitorIds, services: n.services, skips: true };
    case 'monitor':
      return { monitorIds: [n.monitor.id], services: [], skips: false };
    default:
      return { monitorIds: [], services: n.host.roles.map((r) => r.service), skips: false };
  }
}

/** The groups that receive `n` on their own account (rules 1 and 2), in `groups` order. */
function entryGroups(n: Notification, groups: readonly GroupWithId[]): string[] {
  const { monitorIds, services: list, skips } = subjectsOf(n);
  const services = new Set(list);
  const skipping = (id: string) => groups.some((g) => g.group.monitors.some((m) => m.id === id && m.skipDefault));
  if (skips && monitorIds.length > 0 && monitorIds.every(skipping)) {
    return groups
      .filter((g) => g.group.monitors.some((m) => m.skipDefault && monitorIds.includes(m.id)))
      .map((g) => g.id);
  }
  return groups
    .filter(
      ({ group: g }) =>
        g.isDefault ||
        g.monitors.some((m) => monitorIds.includes(m.id)) ||
        g.services.some((s) => services.has(s.name)),
    )
    .map((g) => g.id);
}

function alertServices(n: AlertNotification): string[] {
  const out = (n.host?.roles ?? []).map((r) => r.service);
  if (n.service !== null) out.push(n.service.name);
  return out;
}

/** Whether a `critical` group passes `n` (rule 4). */
function passesCriticalLevel(n: Notification): boolean {
  if (n.event !== 'alert' && n.event !== 'alertGroup') return true;
  const status = n.event === 'alert' ? n.alert.status : n.group.status;
  if (status === 'CRITICAL' || status === 'UNKNOWN') return true;
  if (status === 'WARNING') return false;
  return n.event === 'alert' ? n.alert.reachedCritical : isCritical(n.group.previousStatus);
}

function isCritical(s: AlertStatus | null): boolean {
  return s === 'CRITICAL' || s === 'UNKNOWN';
}

/** Rule 5: the channel's subscription, the alert-group toggle, then its kind's own settings. */
function channelTakes(
  ch: string,
  n: Notification,
  events: readonly ChannelEvent[],
  accepts: (channelId: string, n: Notification) => boolean,
): boolean {
  if (!events.includes(n.event)) return false;
  if (n.event === 'alert' && n.groupIds.length > 0 && events.includes('alertGroup')) return false;
  return accepts(ch, n);
}
