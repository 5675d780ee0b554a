// Routing of host and monitor notifications (the rules at the top of route.ts): a host's by its
// services, a monitor's by the groups listing it, levels and skipDefault not applying.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelEvent, HostNotification, MonitorNotification, Notification } from '../notification.ts';
import { type GroupWithId, routeNotification } from './route.ts';
import type { NotificationGroup } from './schema.ts';

function group(id: string, over: Partial<NotificationGroup>): GroupWithId {
  const g: NotificationGroup = {
    name: id,
    notificationLevel: 'all',
    childNotificationGroupIds: [],
    childChannelIds: [],
    monitors: [],
    services: [],
    isDefault: false,
    ...over,
  };
  return { id, group: g };
}

function hostEvent(services: readonly string[], event: HostNotification['event'] = 'hostRegister'): HostNotification {
  return {
    event,
    key: 'k3',
    orgName: 'org',
    baseUrl: 'http://saba.test',
    host: {
      id: 'h1',
      name: 'host1',
      displayName: null,
      customIdentifier: null,
      status: 'working',
      memo: '',
      isRetired: event === 'hostRetire',
      roles: services.map((service) => ({ service, role: 'app' })),
    },
    previousStatus: event === 'hostStatus' ? 'standby' : null,
  };
}

function monitorEvent(id = 'm1', action: MonitorNotification['action'] = 'update'): MonitorNotification {
  return {
    event: 'monitor',
    action,
    key: 'k4',
    orgName: 'org',
    baseUrl: 'http://saba.test',
    monitor: { id, type: 'host', name: 'monitor', memo: '' },
  };
}

const EVERY: readonly ChannelEvent[] = ['alert', 'alertGroup', 'hostStatus', 'hostRegister', 'hostRetire', 'monitor'];
const BOTH: readonly ChannelEvent[] = ['alert', 'alertGroup'];

const DEFAULT = group('default', { isDefault: true, childChannelIds: ['dflt'] });
const web = group('web', { services: [{ name: 'web' }], childChannelIds: ['web-ch'] });
const db = group('db', { services: [{ name: 'db' }], childChannelIds: ['db-ch'] });
const byMonitor = group('by-m1', { monitors: [{ id: 'm1', skipDefault: false }], childChannelIds: ['m1-ch'] });
const skipper = group('skip-m1', { monitors: [{ id: 'm1', skipDefault: true }], childChannelIds: ['skip-ch'] });
const critGroup = group('crit', {
  notificationLevel: 'critical',
  monitors: [{ id: 'm1', skipDefault: false }],
  childChannelIds: ['crit-ch'],
});

interface Case {
  readonly name: string;
  readonly groups: readonly GroupWithId[];
  readonly n: Notification;
  readonly want: readonly string[];
  /** Per channel; others subscribe to every event. */
  readonly events?: Readonly<Record<string, readonly ChannelEvent[]>>;
}

const cases: Case[] = [
  // Host notifications
  {
    name: "a host event reaches the default group and the groups of the host's services",
    groups: [DEFAULT, web, db, byMonitor],
    n: hostEvent(['web']),
    want: ['dflt', 'web-ch'],
  },
  {
    name: 'a host event of a host without roles reaches the default group only',
    groups: [DEFAULT, web, db],
    n: hostEvent([], 'hostStatus'),
    want: ['dflt'],
  },
  {
    name: 'a retired host reaches the groups of the services it had',
    groups: [DEFAULT, web, db],
    n: hostEvent(['db'], 'hostRetire'),
    want: ['dflt', 'db-ch'],
  },
  {
    name: "a host event reaches the service group's children",
    groups: [
      DEFAULT,
      group('web', { services: [{ name: 'web' }], childChannelIds: ['web-ch'], childNotificationGroupIds: ['kid'] }),
      group('kid', { childChannelIds: ['kid-ch'] }),
    ],
    n: hostEvent(['web']),
    want: ['dflt', 'web-ch', 'kid-ch'],
  },
  {
    name: 'levels do not apply to host events: critical groups pass them',
    groups: [
      group('default', { isDefault: true, notificationLevel: 'critical', childChannelIds: ['dflt'] }),
      group('crit-web', { notificationLevel: 'critical', services: [{ name: 'web' }], childChannelIds: ['cw-ch'] }),
    ],
    n: hostEvent(['web'], 'hostStatus'),
    want: ['dflt', 'cw-ch'],
  },
  {
    name: 'a host event goes only to channels subscribed to its event',
    groups: [group('default', { isDefault: true, childChannelIds: ['alerts', 'retires', 'statuses'] })],
    events: { alerts: BOTH, retires: ['hostRetire'], statuses: ['hostStatus', 'hostRegister'] },
    n: hostEvent([], 'hostRetire'),
    want: ['retires'],
  },
  // Monitor notifications
  {
    name: 'a monitor event reaches the default group and the groups listing the monitor, not service groups',
    groups: [DEFAULT, web, byMonitor],
    n: monitorEvent('m1'),
    want: ['dflt', 'm1-ch'],
  },
  {
    name: 'skipDefault does not apply to monitor events',
    groups: [DEFAULT, byMonitor, skipper],
    n: monitorEvent('m1', 'delete'),
    want: ['dflt', 'm1-ch', 'skip-ch'],
  },
  {
    name: 'levels do not apply to monitor events',
    groups: [DEFAULT, critGroup],
    n: monitorEvent('m1', 'create'),
    want: ['dflt', 'crit-ch'],
  },
  {
    name: 'a monitor event goes only to channels subscribed to monitor',
    groups: [group('default', { isDefault: true, childChannelIds: ['alerts', 'monitors'] })],
    events: { alerts: BOTH, monitors: ['monitor'] },
    n: monitorEvent(),
    want: ['monitors'],
  },
];

describe('routeNotification: host and monitor notifications', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = routeNotification(
        c.n,
        c.groups,
        (ch) => c.events?.[ch] ?? EVERY,
        () => true,
      );
      assert.deepEqual(got, c.want);
    });
  }
});
