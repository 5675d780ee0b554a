// Routing end to end (spec features §4.4, issue 6's proof): notification groups built through the
// API decide which webhook channels an alert reaches. Service A's group (level all) has its own
// channel and a child group at level critical holding channel X; the default group holds D; a
// group listing a monitor with skipDefault holds its own channel. After every post the test waits
// until delivery has attempted everything decided (read from the outbox), so "X got nothing" is
// checked after the fact, not guessed after a sleep.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Harness, startHarness } from '../testing/harness.ts';
import { createMonitor, minutesAgo, postMetrics, registerHost, setHostStatus } from '../testing/monitoring-e2e.ts';
import {
  bodiesAt,
  createChannel,
  createGroup,
  deliveriesSettled,
  type HttpSink,
  newTestOrg,
  startHttpSink,
  summary,
} from '../testing/notification-e2e.ts';

let h: Harness;
let sink: HttpSink;

before(async () => {
  sink = await startHttpSink();
  // No timers: every judgement here follows a post, and connectivity must not add alerts.
  h = await startHarness({}, { monitorTimers: false });
});
after(async () => {
  await h.close();
  await sink.close();
});

test('nested groups, "critical only" and skipDefault decide which channels an alert reaches', async () => {
  const org = await newTestOrg(h, 'notify-routing');
  const { call } = org;
  const hook = (name: string, inDefault: boolean) =>
    createChannel(call, {
      type: 'webhook',
      name,
      url: `${sink.url}/${name}`,
      addToDefaultNotificationGroup: inDefault,
    });
  const d = await hook('d', true);
  const ga = await hook('ga', false);
  const x = await hook('x', false);
  const sc = await hook('sc', false);
  const channels = [d, ga, x, sc];

  const hosts: Record<string, string> = {};
  for (const [name, role] of [
    ['a-1', 'svc-a: web'],
    ['a-2', 'svc-a: web'],
    ['b-1', 'svc-b: web'],
  ] as const) {
    hosts[name] = await registerHost(call, name, [role]);
    await setHostStatus(call, hosts[name], 'working');
  }
  await createMonitor(call, {
    type: 'host',
    name: 'load',
    metric: 'custom.routing.load',
    operator: '>',
    warning: 1,
    critical: 2,
    duration: 1,
  });
  const skipped = await createMonitor(call, {
    type: 'host',
    name: 'skipped',
    metric: 'custom.routing.skipped',
    operator: '>',
    warning: null,
    critical: 1,
    duration: 1,
  });
  const none = { childNotificationGroupIds: [], childChannelIds: [], monitors: [], services: [] };
  const critical = await createGroup(call, {
    ...none,
    name: 'svc-a critical',
    notificationLevel: 'critical',
    childChannelIds: [x],
  });
  await createGroup(call, {
    ...none,
    name: 'svc-a',
    notificationLevel: 'all',
    childChannelIds: [ga],
    childNotificationGroupIds: [critical],
    services: [{ name: 'svc-a' }],
  });
  await createGroup(call, {
    ...none,
    name: 'skip-default',
    notificationLevel: 'all',
    childChannelIds: [sc],
    monitors: [{ id: skipped, skipDefault: true }],
  });

  // Values go forward a minute at a time, from within the engine's 20 minutes of fresh points.
  let minute = 15;
  /** Posts one value and waits until all it leads to has been delivered. */
  const post = async (host: string, metric: string, value: number) => {
    await postMetrics(call, [{ hostId: hosts[host] as string, name: metric, time: minutesAgo(minute--), value }]);
    await deliveriesSettled(h, org.id, channels);
  };
  const seen = new Map<string, number>();
  /** What each channel received since the last look, as `<host> <monitor> <status>`. */
  const received = () => {
    const out: Record<string, string[]> = {};
    for (const name of ['d', 'ga', 'x', 'sc']) {
      const all = bodiesAt(sink.requests, `/${name}`).map(summary);
      out[name] = all.slice(seen.get(name) ?? 0);
      seen.set(name, all.length);
    }
    return out;
  };

  await post('a-1', 'custom.routing.load', 1.5);
  assert.deepEqual(
    received(),
    { d: ['a-1 load warning'], ga: ['a-1 load warning'], x: [], sc: [] },
    'WARNING: the default group and service A, not its critical child',
  );
  await post('a-1', 'custom.routing.load', 3);
  assert.deepEqual(
    received(),
    { d: ['a-1 load critical'], ga: ['a-1 load critical'], x: ['a-1 load critical'], sc: [] },
    'CRITICAL: the critical child too',
  );
  await post('a-1', 'custom.routing.load', 0.5);
  assert.deepEqual(
    received(),
    { d: ['a-1 load ok'], ga: ['a-1 load ok'], x: ['a-1 load ok'], sc: [] },
    'OK of an alert that reached CRITICAL: the critical child too',
  );

  await post('a-2', 'custom.routing.load', 1.5);
  await post('a-2', 'custom.routing.load', 0.5);
  assert.deepEqual(
    received(),
    { d: ['a-2 load warning', 'a-2 load ok'], ga: ['a-2 load warning', 'a-2 load ok'], x: [], sc: [] },
    'WARNING → OK never reached CRITICAL: the critical child gets neither',
  );

  await post('b-1', 'custom.routing.load', 3);
  assert.deepEqual(
    received(),
    { d: ['b-1 load critical'], ga: [], x: [], sc: [] },
    'a host of another service: the default group only',
  );

  await post('a-1', 'custom.routing.skipped', 5);
  assert.deepEqual(
    received(),
    { d: [], ga: [], x: [], sc: ['a-1 skipped critical'] },
    'skipDefault: only the group listing the monitor, not the default group nor the service group',
  );
});
