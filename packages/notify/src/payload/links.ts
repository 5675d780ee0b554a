// The web UI's pages that notifications link to. Every channel builds its links here, so a
// route of the web UI that moves is changed in one place.
import type { AlertGroupNotification, AlertNotification } from '../notification.ts';

/** A host's page. */
export function hostUrl(baseUrl: string, hostId: string): string {
  return `${baseUrl}/hosts/${encodeURIComponent(hostId)}`;
}

/** A monitor's page. */
export function monitorUrl(baseUrl: string, monitorId: string): string {
  return `${baseUrl}/monitors/${encodeURIComponent(monitorId)}`;
}

/** A service's page (its graphs). */
export function serviceUrl(baseUrl: string, service: string): string {
  return `${baseUrl}/services/${encodeURIComponent(service)}`;
}

/** A role's page: its service's page opened on the role, as Mackerel's role URLs are. */
export function roleUrl(baseUrl: string, service: string, role: string): string {
  return `${serviceUrl(baseUrl, service)}#role=${encodeURIComponent(role)}`;
}

/** An alert's page. */
export function alertUrl(n: AlertNotification): string {
  return `${n.baseUrl}/alerts/${encodeURIComponent(n.alert.id)}`;
}

/** An alert group's page. */
export function alertGroupUrl(n: AlertGroupNotification): string {
  return `${n.baseUrl}/alert-groups/${encodeURIComponent(n.group.id)}`;
}

/** Where the alert's graphs are: the host's page or the service's; null for alerts about neither (external, expression). */
export function graphUrl(n: AlertNotification): string | null {
  if (n.host !== null) return hostUrl(n.baseUrl, n.host.id);
  if (n.service !== null) return serviceUrl(n.baseUrl, n.service.name);
  return null;
}
