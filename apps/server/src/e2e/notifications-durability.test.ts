// Durability of delivery (decision 0009, issue 6's proof): the real server as a child process,
// its webhook receiver down while alerts are decided, then the server killed with SIGKILL and
// restarted on the same data directory. Every decided notification arrives once the receiver is
// back, and every request carries the key of a decided notification, so a repeat can be dropped.
//
// The kill is placed in all three windows a notification can be in:
//  - failed and waiting for its retry (the receiver answered 503);
//  - sent but not recorded (the receiver took the retry and holds its answer back: from the
//    server's side that is a kill between sending and recording, so after the restart it is
//    sent again, with the same key);
//  - decided but not dispatched (decided while delivery is stuck on that held request).
// The receiver is down for about 10 s, one step of the retry schedule (10 s, then 30 s): the
// issue's "down for 5 minutes" is the benchmark's scenario, too slow for the test suite.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Delivery, openCatalog } from '@saba/catalog';
import { type ChildServer, spawnServer } from '../testing/child-process.ts';
import { eventually } from '../testing/eventually.ts';
import {
  alertsOf,
  type Call,
  callerFor,
  createMonitor,
  getAlert,
  minutesAgo,
  postMetrics,
  registerHost,
  setHostStatus,
} from '../testing/monitoring-e2e.ts';
import {
  createChannel,
  type HttpSink,
  KEY_HEADER,
  type SinkRequest,
  startHttpSink,
  summary,
} from '../testing/notification-e2e.ts';

const KEY = 'notify-durability-key';

let dir = '';
let sink: HttpSink;
let server: ChildServer | undefined;
let call: Call;

const start = async () => {
  server = await spawnServer({ SABA_DATA_DIR: dir, SABA_API_KEY: KEY, SABA_FSYNC: 'batch' });
  call = callerFor(server.url, KEY);
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saba-notify-durability-'));
  sink = await startHttpSink();
  await start();
});
after(async () => {
  await server?.stop('SIGKILL');
  await sink.close();
  await rm(dir, { recursive: true, force: true });
});

/** The channel's deliveries as the server stored them, read from its catalog file. */
async function storedDeliveries(channelId: string): Promise<{ deliveries: Delivery[]; undispatched: number }> {
  const catalog = await openCatalog({ driver: 'sqlite', path: join(dir, 'catalog.sqlite') });
  try {
    const org = await catalog.orgs.getByName('default');
    assert.ok(org !== undefined);
    return {
      deliveries: await catalog.outbox.listForChannel(org.id, channelId, 100),
      undispatched: (await catalog.outbox.undispatched(100)).length,
    };
  } finally {
    await catalog.close();
  }
}

const keyOf = (r: SinkRequest) => String(r.headers[KEY_HEADER]);

test('receiver down, server killed with SIGKILL and restarted: every notification arrives, keyed', async () => {
  sink.answer({ status: 503, body: 'down for maintenance' });
  const channel = await createChannel(call, { type: 'webhook', name: 'hook', url: `${sink.url}/hook` });
  const hosts: string[] = [];
  for (const name of ['d-1', 'd-2', 'd-3']) {
    const id = await registerHost(call, name);
    await setHostStatus(call, id, 'working');
    hosts.push(id);
  }
  const [h1, h2, h3] = hosts as [string, string, string];
  const monitor = await createMonitor(call, {
    type: 'host',
    name: 'load',
    metric: 'custom.durability.load',
    operator: '>',
    critical: 1,
    duration: 1,
  });
  const value = (hostId: string, minute: number, v: number) => ({
    hostId,
    name: 'custom.durability.load',
    time: minutesAgo(minute),
    value: v,
  });

  // Decided while the receiver answers 503: two opens and a close.
  await postMetrics(call, [value(h1, 3, 5), value(h2, 3, 5)]);
  const opened = await eventually('two alerts open', async () => {
    const open = (await alertsOf(call, monitor)).filter((a) => a.status === 'CRITICAL');
    return open.length === 2 && open;
  });
  await postMetrics(call, [value(h1, 2, 0.5)]);
  const first = opened.find((a) => a.hostId === h1);
  assert.ok(first !== undefined);
  await eventually('the alert of d-1 closed', async () => (await getAlert(call, first.id)).status === 'OK');
  await eventually('a first attempt of each of the 3 notifications', () => sink.requests.length >= 3);
  assert.equal(new Set(sink.requests.map(keyOf)).size, 3, 'three notifications, three keys');

  // The retry (10 s later) is taken and not answered; meanwhile a 4th alert is decided.
  sink.answer('hang');
  const held = await eventually('the retry', () => sink.requests[3], { timeoutMs: 30_000 });
  assert.ok(sink.requests.slice(0, 3).map(keyOf).includes(keyOf(held)), 'a retry carries the key it had');
  await postMetrics(call, [value(h3, 2, 5)]);
  await eventually('the alert of d-3 open', async () => (await alertsOf(call, monitor, h3)).length === 1);

  const killed = server as ChildServer;
  killed.proc.kill('SIGKILL');
  assert.deepEqual(await killed.exited, { code: null, signal: 'SIGKILL' });
  const before = sink.requests.length;
  sink.answer({ status: 200, body: 'ok' });
  await start();

  const stored = await eventually('every delivery recorded as sent', async () => {
    const s = await storedDeliveries(channel);
    return s.undispatched === 0 && s.deliveries.length > 0 && s.deliveries.every((d) => d.status === 'sent') && s;
  });
  const decided = stored.deliveries.map((d) => `${d.eventId}.${d.channelId}`).sort();
  assert.equal(decided.length, 4, 'two opens, a close and the open decided before the kill');
  for (const r of sink.requests) {
    assert.ok(decided.includes(keyOf(r)), `a request's key belongs to a decided notification: ${keyOf(r)}`);
  }
  const answered = sink.requests.slice(before);
  assert.deepEqual(answered.map(keyOf).sort(), decided, 'each decided notification answered 200 exactly once');
  assert.deepEqual(answered.map((r) => summary(JSON.parse(r.body))).sort(), [
    'd-1 load critical',
    'd-1 load ok',
    'd-2 load critical',
    'd-3 load critical',
  ]);
});
