import { useEffect, useState } from 'preact/hooks';
import { checkMonitorNames } from '../../api/alerts.ts';
import { listHosts } from '../../api/hosts.ts';
import { listMonitors, type MonitorJson } from '../../api/monitors.ts';

/** What an alert's ids stand for: monitors (check monitors by name only) and host names. */
export interface AlertNames {
  readonly monitors: ReadonlyMap<string, Pick<MonitorJson, 'id' | 'type' | 'name'> & { service?: unknown }>;
  readonly hosts: ReadonlyMap<string, string>;
}

const EMPTY: AlertNames = { monitors: new Map(), hosts: new Map() };

/**
 * The names of the organization's monitors and hosts, fetched when `version` changes (the alerts
 * page passes its open-alert count, so an alert of a monitor made a moment ago finds its name).
 * A failure leaves the ids showing: names help, but the alerts matter more.
 */
export function useAlertNames(version: number): AlertNames {
  const [names, setNames] = useState(EMPTY);
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([listMonitors(ac.signal), checkMonitorNames(ac.signal), listHosts(ac.signal)]).then(
      ([monitors, checks, hosts]) => {
        const m = new Map<string, Pick<MonitorJson, 'id' | 'type' | 'name'> & { service?: unknown }>();
        for (const x of monitors) m.set(x.id, x);
        for (const [id, name] of checks) m.set(id, { id, type: 'check', name });
        setNames({ monitors: m, hosts: new Map(hosts.map((h) => [h.id, h.displayName || h.name])) });
      },
      () => {},
    );
    return () => ac.abort();
  }, [version]);
  return names;
}

/** The monitor's name, or its id when it is gone. */
export function monitorName(names: AlertNames, id: string): string {
  return names.monitors.get(id)?.name ?? `monitor ${id}`;
}

/** The monitor's service (service and external monitors), for alerts without a host. */
export function monitorService(names: AlertNames, id: string): string | undefined {
  const s = names.monitors.get(id)?.service;
  return typeof s === 'string' ? s : undefined;
}
