// An alertStatus widget's tiles (features §5.1): each host of the role with its worst open alert.
import { ALERT_STATUSES, type AlertStatus } from '../../api/types.ts';

/** One tile: the host, its label and its worst open alert's status (OK with none). */
export interface AlertTile {
  readonly hostId: string;
  readonly label: string;
  readonly status: AlertStatus;
}

/** A host's worst status among `statuses`, CRITICAL first (ALERT_STATUSES is ordered by severity); OK when none. */
export function worstStatus(statuses: readonly AlertStatus[]): AlertStatus {
  for (const s of ALERT_STATUSES) if (statuses.includes(s)) return s;
  return 'OK';
}

/** The tiles for `hosts` given the open alerts, in the hosts' order. */
export function alertTiles(
  hosts: ReadonlyArray<{ readonly id: string; readonly label: string }>,
  alerts: ReadonlyArray<{ readonly hostId?: string; readonly status: AlertStatus }>,
): AlertTile[] {
  const byHost = new Map<string, AlertStatus[]>();
  for (const a of alerts) {
    if (a.hostId === undefined) continue;
    const list = byHost.get(a.hostId) ?? [];
    list.push(a.status);
    byHost.set(a.hostId, list);
  }
  return hosts.map((h) => ({ hostId: h.id, label: h.label, status: worstStatus(byHost.get(h.id) ?? []) }));
}
