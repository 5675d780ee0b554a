// A suspended channel, end to end (spec features §4.3, docs/notifications.md "The API"): the API
// shows `suspendedAt`, its deliveries wait instead of being sent or dropped, and
// `POST /api/v0/channels/<id>/resume` delivers what waited. Reaching suspension by failing takes
// an hour, so delivery's own rule (an hour of failures suspends) is proved in
// packages/notify/src/delivery/worker.test.ts; here the channel is suspended through the catalog,
// as delivery does it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unixSec } from '@saba/model';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import {
  createMonitor,
  minutesAgo,
  nowSec,
  ok,
  postMetrics,
  registerHost,
  setHostStatus,
} from '../testing/monitoring-e2e.ts';
import {
  bodiesAt,
  createChannel,
  deliveriesSettled,
  type HttpSink,
  KEY_HEADER,
  newTestOrg,
  startHttpSink,
} from '../testing/notification-e2e.ts';

let h: Harness;
let sink: HttpSink;

before(async () => {
  sink = await startHttpSink();
  h = await startHarness({}, { monitorTimers: false });
});
after(async () => {
  await h.close();
  await sink.close();
});

test('a suspended channel shows suspendedAt and holds its deliveries; resume delivers them', async () => {
  const org = await newTestOrg(h, 'notify-resume');
  const { call } = org;
  // Created first, so of one notification its delivery is the older: due before the witness's.
  const held = await createChannel(call, { type: 'webhook', name: 'held', url: `${sink.url}/held` });
  const witness = await createChannel(call, { type: 'webhook', name: 'witness', url: `${sink.url}/witness` });
  const suspendedAt = nowSec() - 60;
  await h.server.catalog.channels.setSuspended(org.id, held, unixSec(suspendedAt));
  const listed = async () =>
    new Map(
      ((await ok(call('GET', '/api/v0/channels'))).channels as { id: string; suspendedAt: number | null }[]).map(
        (c) => [c.id, c.suspendedAt],
      ),
    );
  assert.deepEqual(
    await listed(),
    new Map([
      [held, suspendedAt],
      [witness, null],
    ]),
  );

  const host = await registerHost(call, 'r-1');
  await setHostStatus(call, host, 'working');
  await createMonitor(call, {
    type: 'host',
    name: 'load',
    metric: 'custom.resume.load',
    operator: '>',
    critical: 1,
    duration: 1,
  });
  await postMetrics(call, [{ hostId: host, name: 'custom.resume.load', time: minutesAgo(1), value: 5 }]);
  await deliveriesSettled(h, org.id, [witness]);
  const [seen] = bodiesAt(sink.requests, '/witness');
  assert.equal(seen?.alert.status, 'critical');
  // The pass that sent the witness its copy had the held channel's, older, before it: kept back.
  assert.deepEqual(bodiesAt(sink.requests, '/held'), []);
  const [waiting] = await h.server.catalog.outbox.listForChannel(org.id, held, 10);
  assert.ok(waiting !== undefined);
  assert.deepEqual([waiting.status, waiting.attempts], ['pending', 0], 'waiting, neither sent nor dropped');

  assert.deepEqual(await ok(call('POST', `/api/v0/channels/${held}/resume`)), { success: true });
  assert.equal((await listed()).get(held), null);
  // Delivery's next pass (every 5 s) finds it.
  await deliveriesSettled(h, org.id, [held]);
  const arrived = sink.requests.filter((r) => r.path === '/held');
  assert.equal(arrived.length, 1);
  assert.equal(arrived[0]?.headers[KEY_HEADER], `${waiting.eventId}.${held}`);
  assert.deepEqual(JSON.parse(arrived[0]?.body ?? ''), seen, 'the same notification the witness got');
});

// A regression test. A suspended channel's deliveries stay pending; the sender takes due
// deliveries 100 at a time, oldest first. When `due` still returned suspended channels' ones, the
// oldest 100 could all be theirs, and every pass took those same 100: nothing behind them was
// sent, for any channel of any organization.
test('100 deliveries waiting on a suspended channel do not hold back the other channels', async () => {
  const org = await newTestOrg(h, 'notify-starve');
  const { call } = org;
  const held = await createChannel(call, { type: 'webhook', name: 'held', url: `${sink.url}/starve-held` });
  await createChannel(call, { type: 'webhook', name: 'witness', url: `${sink.url}/starve-witness` });
  await h.server.catalog.channels.setSuspended(org.id, held, unixSec(nowSec()));
  // Hosts start `working`, the organization's default status.
  const hosts = await Promise.all(Array.from({ length: 100 }, (_, i) => registerHost(call, `s-${i}`)));
  await createMonitor(call, {
    type: 'host',
    name: 'load',
    metric: 'custom.starve.load',
    operator: '>',
    critical: 1,
    duration: 1,
  });
  await postMetrics(
    call,
    hosts.map((hostId) => ({ hostId, name: 'custom.starve.load', time: minutesAgo(1), value: 5 })),
  );
  // Two of delivery's 5-second passes and more: a working sender is done within the first.
  await eventually(
    'the witness gets all 100 notifications',
    () => bodiesAt(sink.requests, '/starve-witness').length === 100,
    // The bug this guards against never delivers at all, so a loaded machine gets room here.
    { timeoutMs: 30_000 },
  );
});
