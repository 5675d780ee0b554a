// Alert-group notifications instead of single ones, end to end (spec features §4.1, issue 6's
// proof): an alert group setting for service A bundles its alerts. Per channel toggles:
//   G  ["alert", "alertGroup"]: the group's notifications, plus alerts in no group;
//   GO ["alertGroup"]:          the group's notifications only;
//   S  ["alert"]:               every alert one by one.
// All three are webhook channels in the default group of a fresh organization.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Harness, startHarness } from '../testing/harness.ts';
import { createMonitor, minutesAgo, ok, postMetrics, registerHost, setHostStatus } from '../testing/monitoring-e2e.ts';
import {
  bodiesAt,
  createChannel,
  deliveriesSettled,
  type HttpSink,
  newTestOrg,
  startHttpSink,
  summary,
} from '../testing/notification-e2e.ts';

let h: Harness;
let sink: HttpSink;
/** What channel G received when the group's last alert closed (set by the first test, checked by the last). */
let lastCloseOnG: string[] = [];

before(async () => {
  sink = await startHttpSink();
  h = await startHarness({}, { monitorTimers: false });
});
after(async () => {
  await h.close();
  await sink.close();
});

test('a channel taking alert groups gets the group instead of its alerts; one taking alerts gets each', async () => {
  const org = await newTestOrg(h, 'notify-groups');
  const { call } = org;
  const hook = (name: string, events: string[]) =>
    createChannel(call, { type: 'webhook', name, url: `${sink.url}/${name}`, events });
  const channels = [
    await hook('g', ['alert', 'alertGroup']),
    await hook('go', ['alertGroup']),
    await hook('s', ['alert']),
  ];
  const hosts: Record<string, string> = {};
  for (const [name, role] of [
    ['a-1', 'svc-a: web'],
    ['a-2', 'svc-a: web'],
    ['b-1', 'svc-b: web'],
  ] as const) {
    hosts[name] = await registerHost(call, name, [role]);
    await setHostStatus(call, hosts[name], 'working');
  }
  const setting = await ok(
    call('POST', '/api/v0/alert-group-settings', {
      body: { name: 'svc-a servers', memo: 'Call the A team.', serviceScopes: ['svc-a'] },
    }),
  );
  await createMonitor(call, {
    type: 'host',
    name: 'load',
    metric: 'custom.groups.load',
    operator: '>',
    warning: null,
    critical: 1,
    duration: 1,
  });

  let minute = 15;
  /** Posts values for several hosts in one request (one evaluation) and waits for delivery. */
  const post = async (values: Record<string, number>) => {
    const time = minutesAgo(minute--);
    await postMetrics(
      call,
      Object.entries(values).map(([host, value]) => ({
        hostId: hosts[host] as string,
        name: 'custom.groups.load',
        time,
        value,
      })),
    );
    await deliveriesSettled(h, org.id, channels);
  };
  const seen = new Map<string, number>();
  /** What each channel received since the last look, sorted: one evaluation decides in no set order. */
  const received = () => {
    const out: Record<string, string[]> = {};
    for (const name of ['g', 'go', 's']) {
      const all = bodiesAt(sink.requests, `/${name}`).map(summary);
      out[name] = all.slice(seen.get(name) ?? 0).sort();
      seen.set(name, all.length);
    }
    return out;
  };

  await post({ 'a-1': 5, 'a-2': 5 });
  assert.deepEqual(received(), {
    g: ['group svc-a servers critical'],
    go: ['group svc-a servers critical'],
    s: ['a-1 load critical', 'a-2 load critical'],
  });
  const [opened] = bodiesAt(sink.requests, '/g');
  const groupId = opened.alertGroup.id as string;
  assert.deepEqual(opened, {
    orgName: 'notify-groups',
    event: 'alertGroup',
    alertGroup: {
      id: groupId,
      url: `${h.url}/alert-groups/${groupId}`,
      status: 'critical',
      isOpen: true,
      openedAt: opened.alertGroup.openedAt,
      alertCount: 2,
    },
    alertGroupSetting: { id: setting.id, name: 'svc-a servers', memo: 'Call the A team.' },
  });

  await post({ 'b-1': 5 });
  assert.deepEqual(
    received(),
    { g: ['b-1 load critical'], go: [], s: ['b-1 load critical'] },
    'an alert in no group: one by one to channels taking alerts, not to the groups-only channel',
  );

  await post({ 'a-1': 0.5 });
  assert.deepEqual(
    received(),
    { g: [], go: [], s: ['a-1 load ok'] },
    'one alert of the open group closes: the group stays critical and says nothing',
  );

  await post({ 'a-2': 0.5 });
  const last = received();
  lastCloseOnG = last.g ?? [];
  assert.deepEqual(
    { ...last, g: lastCloseOnG.filter((x) => x.startsWith('group ')) },
    { g: ['group svc-a servers ok'], go: ['group svc-a servers ok'], s: ['a-2 load ok'] },
    'the last alert closes the group: the group channels get its close',
  );
  const closed = bodiesAt(sink.requests, '/g').findLast((b) => b.event === 'alertGroup');
  assert.equal(closed.alertGroup.id, groupId);
  assert.equal(closed.alertGroup.isOpen, false);
  assert.equal(typeof closed.alertGroup.closedAt, 'number');
});

// The close of the alert that closes its group belongs to the group too (features §4.1: "alerts
// belonging to a group are no longer notified individually on that channel"). A regression test:
// the engine once tagged alerts only with the groups still open after the job.
test('the alert whose close closes its group is not sent one by one to G', () => {
  assert.deepEqual(lastCloseOnG, ['group svc-a servers ok']);
});
