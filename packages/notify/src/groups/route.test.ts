import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertStatus } from '@saba/model';
import type { AlertGroupNotification, AlertNotification, ChannelEvent, Notification } from '../notification.ts';
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

/** The organization's default group with the channel `dflt`. */
const DEFAULT = group('default', { isDefault: true, childChannelIds: ['dflt'] });

interface AlertOver {
  readonly monitorId?: string;
  readonly type?: AlertNotification['monitor']['type'];
  /** Services of the host's roles; undefined: no host. */
  readonly hostServices?: readonly string[];
  readonly service?: string;
  readonly status?: AlertStatus;
  readonly reachedCritical?: boolean;
  readonly groupIds?: readonly string[];
}

function alert(o: AlertOver = {}): AlertNotification {
  const status = o.status ?? 'CRITICAL';
  return {
    event: 'alert',
    key: 'k1',
    orgName: 'org',
    baseUrl: 'http://saba.test',
    kind: status === 'OK' ? 'close' : 'open',
    alert: {
      id: 'a1',
      status,
      previousStatus: null,
      reachedCritical: o.reachedCritical ?? (status === 'CRITICAL' || status === 'UNKNOWN'),
      isOpen: status !== 'OK',
      trigger: 'monitoring',
      openedAt: 1,
      closedAt: null,
      statusChangedAt: 1,
      message: null,
      value: null,
      reason: null,
    },
    monitor: {
      id: o.monitorId ?? 'm1',
      type: o.type ?? (o.hostServices !== undefined ? 'host' : o.service !== undefined ? 'service' : 'expression'),
      name: 'monitor',
      memo: '',
      metricLabel: null,
      operator: null,
      warning: null,
      critical: null,
      duration: null,
    },
    host:
      o.hostServices === undefined
        ? null
        : {
            id: 'h1',
            name: 'host1',
            displayName: null,
            customIdentifier: null,
            status: 'working',
            memo: '',
            isRetired: false,
            roles: o.hostServices.map((service) => ({ service, role: 'app' })),
          },
    service: o.service === undefined ? null : { name: o.service, memo: '', roles: [] },
    groupIds: o.groupIds ?? [],
  };
}

function alertGroup(
  o: { services?: string[]; monitorIds?: string[]; status?: AlertStatus; previous?: AlertStatus | null } = {},
): AlertGroupNotification {
  return {
    event: 'alertGroup',
    key: 'k2',
    orgName: 'org',
    baseUrl: 'http://saba.test',
    kind: o.status === 'OK' ? 'close' : 'open',
    group: {
      id: 'ag1',
      status: o.status ?? 'CRITICAL',
      previousStatus: o.previous ?? null,
      openedAt: 1,
      closedAt: null,
      alertCount: 2,
    },
    setting: { id: 's1', name: 'setting', memo: '' },
    services: o.services ?? [],
    monitorIds: o.monitorIds ?? [],
  };
}

const ALERT_ONLY: readonly ChannelEvent[] = ['alert'];
const BOTH: readonly ChannelEvent[] = ['alert', 'alertGroup'];

interface Case {
  readonly name: string;
  readonly groups: readonly GroupWithId[];
  readonly n: Notification;
  readonly want: readonly string[];
  /** Per channel; others subscribe to `alert` and `alertGroup`. */
  readonly events?: Readonly<Record<string, readonly ChannelEvent[]>>;
  readonly accepts?: (channelId: string, n: Notification) => boolean;
}

const web = group('web', { services: [{ name: 'web' }], childChannelIds: ['web-ch'] });
const db = group('db', { services: [{ name: 'db' }], childChannelIds: ['db-ch'] });
const byMonitor = group('by-m1', { monitors: [{ id: 'm1', skipDefault: false }], childChannelIds: ['m1-ch'] });
const skipper = group('skip-m1', { monitors: [{ id: 'm1', skipDefault: true }], childChannelIds: ['skip-ch'] });
const critical = group('crit', { notificationLevel: 'critical', monitors: [{ id: 'm1', skipDefault: false }] });
const critGroup: GroupWithId = { ...critical, group: { ...critical.group, childChannelIds: ['crit-ch'] } };

const cases: Case[] = [
  // The default group
  {
    name: 'the default group receives an alert nothing else lists',
    groups: [DEFAULT, web, db],
    n: alert(),
    want: ['dflt'],
  },
  { name: 'no default group and no match: nobody', groups: [web], n: alert({ service: 'db' }), want: [] },
  // Services
  {
    name: "a host alert reaches the groups of the host's services",
    groups: [DEFAULT, web, db],
    n: alert({ hostServices: ['web', 'web'] }),
    want: ['dflt', 'web-ch'],
  },
  {
    name: 'a host in two services reaches both',
    groups: [DEFAULT, web, db],
    n: alert({ hostServices: ['web', 'db'] }),
    want: ['dflt', 'web-ch', 'db-ch'],
  },
  {
    name: 'a service alert reaches the groups of its service',
    groups: [DEFAULT, web, db],
    n: alert({ service: 'db' }),
    want: ['dflt', 'db-ch'],
  },
  {
    name: "an external monitor's alert reaches the groups of its service",
    groups: [DEFAULT, web, db],
    n: alert({ type: 'external', service: 'web' }),
    want: ['dflt', 'web-ch'],
  },
  {
    name: 'an expression alert (no host, no service) reaches the default group only',
    groups: [DEFAULT, web, db],
    n: alert({ type: 'expression' }),
    want: ['dflt'],
  },
  // Monitors
  {
    name: 'a group listing the monitor receives it',
    groups: [DEFAULT, byMonitor],
    n: alert(),
    want: ['dflt', 'm1-ch'],
  },
  {
    name: 'a group listing another monitor does not',
    groups: [DEFAULT, byMonitor],
    n: alert({ monitorId: 'm2' }),
    want: ['dflt'],
  },
  // skipDefault
  {
    name: 'skipDefault: only the groups listing the monitor with skipDefault',
    groups: [DEFAULT, web, byMonitor, skipper],
    n: alert({ hostServices: ['web'] }),
    want: ['skip-ch'],
  },
  {
    name: "skipDefault: the skipping group's children receive it",
    groups: [
      DEFAULT,
      group('skip-m1', { monitors: [{ id: 'm1', skipDefault: true }], childNotificationGroupIds: ['kid'] }),
      group('kid', { childChannelIds: ['kid-ch'] }),
    ],
    n: alert(),
    want: ['kid-ch'],
  },
  {
    name: "skipDefault of m1 leaves m2's alerts to the default and service groups",
    groups: [DEFAULT, web, skipper],
    n: alert({ monitorId: 'm2', hostServices: ['web'] }),
    want: ['dflt', 'web-ch'],
  },
  // Nested children
  {
    name: 'three levels: a child receives what its parent did, whatever it lists itself',
    groups: [
      DEFAULT,
      group('top', { services: [{ name: 'web' }], childChannelIds: ['top-ch'], childNotificationGroupIds: ['mid'] }),
      group('mid', { services: [{ name: 'db' }], childChannelIds: ['mid-ch'], childNotificationGroupIds: ['leaf'] }),
      group('leaf', { monitors: [{ id: 'm9', skipDefault: false }], childChannelIds: ['leaf-ch'] }),
    ],
    n: alert({ hostServices: ['web'] }),
    want: ['dflt', 'top-ch', 'mid-ch', 'leaf-ch'],
  },
  {
    name: 'three levels: entering at the middle reaches the leaf, not the top',
    groups: [
      DEFAULT,
      group('top', { services: [{ name: 'web' }], childChannelIds: ['top-ch'], childNotificationGroupIds: ['mid'] }),
      group('mid', { services: [{ name: 'db' }], childChannelIds: ['mid-ch'], childNotificationGroupIds: ['leaf'] }),
      group('leaf', { childChannelIds: ['leaf-ch'] }),
    ],
    n: alert({ service: 'db' }),
    want: ['dflt', 'mid-ch', 'leaf-ch'],
  },
  {
    name: 'a cycle ends, every group of it passing the alert once',
    groups: [
      group('a', {
        monitors: [{ id: 'm1', skipDefault: false }],
        childChannelIds: ['a-ch'],
        childNotificationGroupIds: ['b'],
      }),
      group('b', { childChannelIds: ['b-ch'], childNotificationGroupIds: ['c'] }),
      group('c', { childChannelIds: ['c-ch'], childNotificationGroupIds: ['a', 'c'] }),
    ],
    n: alert(),
    want: ['a-ch', 'b-ch', 'c-ch'],
  },
  {
    name: 'an id of a deleted child group is skipped',
    groups: [DEFAULT, group('p', { services: [{ name: 'web' }], childNotificationGroupIds: ['gone'] })],
    n: alert({ hostServices: ['web'] }),
    want: ['dflt'],
  },
  // Critical only
  {
    name: 'critical level: WARNING dropped',
    groups: [DEFAULT, critGroup],
    n: alert({ status: 'WARNING' }),
    want: ['dflt'],
  },
  {
    name: 'critical level: CRITICAL sent',
    groups: [DEFAULT, critGroup],
    n: alert({ status: 'CRITICAL' }),
    want: ['dflt', 'crit-ch'],
  },
  {
    name: 'critical level: UNKNOWN sent',
    groups: [DEFAULT, critGroup],
    n: alert({ status: 'UNKNOWN' }),
    want: ['dflt', 'crit-ch'],
  },
  {
    name: 'critical level: OK of an alert that reached CRITICAL sent',
    groups: [DEFAULT, critGroup],
    n: alert({ status: 'OK', reachedCritical: true }),
    want: ['dflt', 'crit-ch'],
  },
  {
    name: 'critical level: OK of a WARNING-only alert dropped',
    groups: [DEFAULT, critGroup],
    n: alert({ status: 'OK', reachedCritical: false }),
    want: ['dflt'],
  },
  {
    name: 'a critical default group drops WARNING too',
    groups: [group('default', { isDefault: true, notificationLevel: 'critical', childChannelIds: ['dflt'] })],
    n: alert({ status: 'WARNING' }),
    want: [],
  },
  {
    name: 'a child under a critical parent gets no WARNING',
    groups: [
      { ...critGroup, group: { ...critGroup.group, childNotificationGroupIds: ['kid'] } },
      group('kid', { childChannelIds: ['kid-ch'] }),
    ],
    n: alert({ status: 'WARNING' }),
    want: [],
  },
  {
    name: 'a child under a critical parent gets what passed it',
    groups: [
      { ...critGroup, group: { ...critGroup.group, childNotificationGroupIds: ['kid'] } },
      group('kid', { childChannelIds: ['kid-ch'] }),
    ],
    n: alert({ status: 'CRITICAL' }),
    want: ['crit-ch', 'kid-ch'],
  },
  {
    name: 'a critical child under an "all" parent: the parent passes WARNING, the child drops it',
    groups: [
      group('p', {
        monitors: [{ id: 'm1', skipDefault: false }],
        childChannelIds: ['p-ch'],
        childNotificationGroupIds: ['kid'],
      }),
      group('kid', { notificationLevel: 'critical', childChannelIds: ['kid-ch'] }),
    ],
    n: alert({ status: 'WARNING' }),
    want: ['p-ch'],
  },
  // Events and the channel's own settings
  {
    name: 'a channel not subscribed to alert gets no alert',
    groups: [group('default', { isDefault: true, childChannelIds: ['c1', 'c2'] })],
    events: { c1: ['hostStatus', 'monitor'] },
    n: alert(),
    want: ['c2'],
  },
  {
    name: 'a channel whose kind refuses the notification (its own level) gets nothing',
    groups: [group('default', { isDefault: true, childChannelIds: ['pager', 'slack'] })],
    accepts: (ch, n) => ch !== 'pager' || (n.event === 'alert' && n.alert.status !== 'WARNING'),
    n: alert({ status: 'WARNING' }),
    want: ['slack'],
  },
  {
    name: 'a channel the callbacks do not know (deleted) gets nothing',
    groups: [group('default', { isDefault: true, childChannelIds: ['gone', 'c1'] })],
    events: { gone: [] },
    n: alert(),
    want: ['c1'],
  },
  // Dedupe
  {
    name: 'a channel reached by three groups is listed once',
    groups: [
      group('default', { isDefault: true, childChannelIds: ['shared', 'dflt'] }),
      group('web', { services: [{ name: 'web' }], childChannelIds: ['shared'], childNotificationGroupIds: ['kid'] }),
      group('kid', { childChannelIds: ['shared', 'kid-ch'] }),
    ],
    n: alert({ hostServices: ['web'] }),
    want: ['shared', 'dflt', 'kid-ch'],
  },
  // Alert group notifications
  {
    name: 'an alert group routes by its services and monitors',
    groups: [DEFAULT, web, db, byMonitor],
    n: alertGroup({ services: ['db'], monitorIds: ['m1'] }),
    want: ['dflt', 'db-ch', 'm1-ch'],
  },
  {
    name: 'an alert group goes only to channels subscribed to alertGroup',
    groups: [group('default', { isDefault: true, childChannelIds: ['alerts', 'groups'] })],
    events: { alerts: ALERT_ONLY, groups: ['alertGroup'] },
    n: alertGroup(),
    want: ['groups'],
  },
  {
    name: 'an alert group of skipDefault monitors only goes to their skipping groups',
    groups: [DEFAULT, web, skipper],
    n: alertGroup({ services: ['web'], monitorIds: ['m1'] }),
    want: ['skip-ch'],
  },
  {
    name: 'an alert group partly of skipDefault monitors is routed as usual',
    groups: [DEFAULT, web, skipper],
    n: alertGroup({ services: ['web'], monitorIds: ['m1', 'm2'] }),
    want: ['dflt', 'web-ch', 'skip-ch'],
  },
  {
    name: "critical level: an alert group's OK after CRITICAL sent",
    groups: [DEFAULT, critGroup],
    n: alertGroup({ monitorIds: ['m1'], status: 'OK', previous: 'CRITICAL' }),
    want: ['dflt', 'crit-ch'],
  },
  {
    name: "critical level: an alert group's OK after WARNING dropped",
    groups: [DEFAULT, critGroup],
    n: alertGroup({ monitorIds: ['m1'], status: 'OK', previous: 'WARNING' }),
    want: ['dflt'],
  },
];

describe('routeNotification', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = routeNotification(c.n, c.groups, (ch) => c.events?.[ch] ?? BOTH, c.accepts ?? (() => true));
      assert.deepEqual(got, c.want);
    });
  }
});

// Spec features §4.1: the alert and alert-group toggles of one channel, for an alert in no group,
// an alert in an open group, and the group's own notification.
const toggles: [string, readonly ChannelEvent[], { single: boolean; grouped: boolean; group: boolean }][] = [
  ['off / off: nothing', [], { single: false, grouped: false, group: false }],
  ['alert on / group off: every alert one by one', ALERT_ONLY, { single: true, grouped: true, group: false }],
  [
    'alert off / group on: groups only, ungrouped alerts not sent',
    ['alertGroup'],
    { single: false, grouped: false, group: true },
  ],
  ['alert on / group on: groups, plus alerts in no group', BOTH, { single: true, grouped: false, group: true }],
];

describe('routeNotification: alert and alert-group toggles (features §4.1)', () => {
  const groups = [group('default', { isDefault: true, childChannelIds: ['ch'] })];
  for (const [name, events, want] of toggles) {
    it(name, () => {
      const route = (n: Notification) =>
        routeNotification(
          n,
          groups,
          () => events,
          () => true,
        ).length === 1;
      assert.deepEqual(
        { single: route(alert()), grouped: route(alert({ groupIds: ['ag1'] })), group: route(alertGroup()) },
        want,
      );
    });
  }
});
