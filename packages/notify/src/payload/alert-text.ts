// The words every channel uses for an alert: the one-line message of spec api §19.1
// (`loadavg5 2.26 > 1.96`) and the title (`CRITICAL loadavg5 on host-1`).
import { type AlertStatus, secToMs, unixSec } from '@saba/model';
import type { AlertGroupNotification, AlertNotification } from '../notification.ts';

/**
 * A value as people read it: whole numbers as they are, others to two decimals (2.2553 → 2.26, as
 * in Mackerel's `loadavg5 2.26 > 1.96`), and values under 1 to three significant digits so that
 * 0.000123 does not read as 0.
 */
export function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 1) return String(Math.round(v * 100) / 100);
  return String(Number(v.toPrecision(3)));
}

/** The threshold the status crossed, or null (OK and UNKNOWN crossed none). */
function thresholdOf(status: AlertStatus, n: AlertNotification): number | null {
  if (status === 'CRITICAL') return n.monitor.critical;
  if (status === 'WARNING') return n.monitor.warning;
  return null;
}

/**
 * The §19.1 `message`. For a metric monitor: the label, the value, and the threshold of the
 * status (`loadavg5 2.26 > 1.96`); an OK alert shows only the value, because a manually closed
 * alert may still be over its threshold. Other monitors (check, external, connectivity): the
 * alert's own message, '' when it has none.
 */
export function alertMessage(n: AlertNotification): string {
  const { alert, monitor } = n;
  if (monitor.metricLabel !== null && alert.value !== null) {
    const threshold = thresholdOf(alert.status, n);
    const head = `${monitor.metricLabel} ${formatValue(alert.value)}`;
    if (threshold === null || monitor.operator === null) return head;
    return `${head} ${monitor.operator} ${formatValue(threshold)}`;
  }
  return alert.message ?? '';
}

/** What the alert is about, for titles: the host's display name, the service, or null (external, expression). */
export function alertSubject(n: AlertNotification): string | null {
  if (n.host !== null) return n.host.displayName ?? n.host.name;
  if (n.service !== null) return n.service.name;
  return null;
}

/** The title: `CRITICAL loadavg5 on host-1`, `OK top page` when there is no host or service. */
export function alertTitle(n: AlertNotification): string {
  const subject = alertSubject(n);
  const head = `${n.alert.status} ${n.monitor.name}`;
  return subject === null ? head : `${head} on ${subject}`;
}

/** An alert group's title: `CRITICAL alert group web servers (3 alerts)`. */
export function alertGroupTitle(n: AlertGroupNotification): string {
  const count = n.group.alertCount === 1 ? '1 alert' : `${n.group.alertCount} alerts`;
  return `${n.group.status} alert group ${n.setting.name} (${count})`;
}

/** Roles as people read them: `web: app, web: db`. */
export function rolesText(n: AlertNotification): string {
  if (n.host !== null) return n.host.roles.map((r) => `${r.service}: ${r.role}`).join(', ');
  if (n.service !== null) return n.service.roles.map((r) => `${n.service?.name}: ${r}`).join(', ');
  return '';
}

/** An epoch-second time as an ISO 8601 UTC string, for message bodies. */
export function isoTime(sec: number): string {
  return new Date(secToMs(unixSec(sec))).toISOString().replace('.000Z', 'Z');
}
