// `saba alerts list [-s svc...] [-S hostStatus...] [-c] [-w] [-l N]`: one human-readable line per
// alert, joined with its host and monitor; coloured only on a terminal (and unless -c=false).
import type { Host, JsonObject } from '@saba/client';
import type { Command } from '../../command.ts';
import { alertLine, type JoinedAlert } from './alert-line.ts';
import { alertsLimit, DEFAULT_ALERTS_LIMIT, fetchAlerts } from './fetch-alerts.ts';

function matchesService(j: JoinedAlert, services: readonly string[]): boolean {
  if (services.length === 0) return true;
  if (j.host !== undefined) return services.some((s) => s in (j.host as Host).roles);
  const service = j.monitor?.service;
  return typeof service === 'string' && services.includes(service);
}

/** mkr alerts list. */
export const alertsListCommand: Command = {
  path: ['alerts', 'list'],
  usage: 'list alerts',
  argsUsage:
    '[--service | -s <service>] [--host-status | -S <file>] [--color | -c] [--with-closed | -w] [--limit | -l]',
  description: 'Shows alerts in human-readable format.',
  flags: [
    {
      name: 'service',
      aliases: ['s'],
      kind: 'strings',
      usage: 'Filters alerts by service. Multiple choices are allowed.',
    },
    {
      name: 'host-status',
      aliases: ['S'],
      kind: 'strings',
      usage: 'Filters alerts by status of each host. Multiple choices are allowed.',
    },
    { name: 'color', aliases: ['c'], kind: 'bool', usage: 'Colorize output. default: true', defaultValue: true },
    {
      name: 'with-closed',
      aliases: ['w'],
      kind: 'bool',
      usage: 'Display open alert including close alert. default: false',
    },
    {
      name: 'limit',
      aliases: ['l'],
      kind: 'int',
      usage: `Set the number of alerts to display. Default is set to ${DEFAULT_ALERTS_LIMIT} when -with-closed is set, otherwise all the open alerts are displayed.`,
    },
  ],
  async run({ args, io, client }) {
    const api = await client();
    const withClosed = args.bool('with-closed');
    const alerts = await fetchAlerts(api, withClosed, alertsLimit(args, withClosed));
    const hosts = new Map<string, Host>();
    for (const h of await api.findHosts({ statuses: ['working', 'standby', 'poweroff', 'maintenance'] }))
      hosts.set(h.id, h);
    const monitors = new Map<string, JsonObject>();
    for (const m of await api.listMonitors()) monitors.set(String(m.id), m);
    const services = args.strings('service');
    const statuses = args.strings('host-status');
    const colour = args.bool('color') && io.stdout.isTTY === true;
    for (const alert of alerts) {
      const host = typeof alert.hostId === 'string' ? hosts.get(alert.hostId) : undefined;
      const joined: JoinedAlert = { alert, host, monitor: monitors.get(String(alert.monitorId)) };
      if (!matchesService(joined, services)) continue;
      if (statuses.length > 0 && (host === undefined || !statuses.includes(host.status))) continue;
      io.stdout.write(`${alertLine(joined, colour)}\n`);
    }
    return 0;
  },
};
