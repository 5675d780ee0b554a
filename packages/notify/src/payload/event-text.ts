// The words every channel uses for host and monitor notifications (spec features §4.3 events):
// a title such as `Host host-1 changed status from working to standby` or `Monitor loadavg5
// created`, with the name put through `name` so that a channel can make it a link.
import type { HostInfo, HostNotification, MonitorNotification } from '../notification.ts';
import { hostUrl, monitorUrl } from './links.ts';

/** Text as it is: the default for `name`. */
const plain = (text: string): string => text;

/** The name people know a host by: its display name, else its name. */
export function hostLabel(h: HostInfo): string {
  return h.displayName ?? h.name;
}

/** The host's roles as people read them: `shop: app, shop: batch`. */
export function hostRolesText(h: HostInfo): string {
  return h.roles.map((r) => `${r.service}: ${r.role}`).join(', ');
}

/** The title of a host notification. */
export function hostEventTitle(n: HostNotification, name: (text: string) => string = plain): string {
  const host = `Host ${name(hostLabel(n.host))}`;
  if (n.event === 'hostRegister') return `${host} registered`;
  if (n.event === 'hostRetire') return `${host} retired`;
  const from = n.previousStatus === null ? '' : ` from ${n.previousStatus}`;
  return `${host} changed status${from} to ${n.host.status}`;
}

const MONITOR_VERBS = { create: 'created', update: 'updated', delete: 'deleted' } as const;

/** The title of a monitor notification. */
export function monitorEventTitle(n: MonitorNotification, name: (text: string) => string = plain): string {
  return `Monitor ${name(n.monitor.name)} ${MONITOR_VERBS[n.action]}`;
}

/** Where a host or monitor notification links to: the host's page, the monitor's, or null for a deleted monitor. */
export function eventUrl(n: HostNotification | MonitorNotification): string | null {
  if (n.event !== 'monitor') return hostUrl(n.baseUrl, n.host.id);
  return n.action === 'delete' ? null : monitorUrl(n.baseUrl, n.monitor.id);
}
