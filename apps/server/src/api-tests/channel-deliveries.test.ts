// A channel's recent deliveries (Saba's GET /api/v0/channels/<id>/deliveries): what was sent, what
// waits for a retry and why, what was given up, each with what it was about. Real server, real
// webhook receivers on loopback: one answers 200, one 500 (retried), one 400 (given up).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HttpSink, startHttpSink } from '../../../../packages/notify/src/testing/http-sink.ts';
import { assertError, createHost, type Json } from '../testing/api-fixtures.ts';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { createMonitor, hostMonitorBody, openAlertOf, postValues } from '../testing/monitor-fixtures.ts';

let h: Harness;
let up: HttpSink;
let down: HttpSink;
let refusing: HttpSink;
let key: string;
let readKey: string;
const channel = { up: '', down: '', refusing: '' };
let hostId = '';
let alert: Json = {};

before(async () => {
  h = await startHarness({}, { monitorTimers: false });
  up = await startHttpSink();
  down = await startHttpSink();
  refusing = await startHttpSink();
  down.answer({ status: 500, body: 'receiver broken' });
  refusing.answer({ status: 400, body: 'no such hook' });
  ({ key, readKey } = await h.newOrg('deliveries'));
  for (const [name, sink] of [
    ['up', up],
    ['down', down],
    ['refusing', refusing],
  ] as const) {
    const created = await h.call('POST', '/api/v0/channels', {
      key,
      body: { type: 'webhook', name, url: `${sink.url}/hook`, events: ['alert', 'hostRegister'] },
    });
    assert.equal(created.status, 200, created.text);
    channel[name] = created.json.id as string;
  }
  // Two notifications for every channel: a host registration, then an alert.
  const monitor = await createMonitor(h, hostMonitorBody('loadavg5', { critical: 10 }), key);
  hostId = await createHost(h, { name: 'web-1' }, key);
  await postValues(h, 'loadavg5', [[hostId, 50]], undefined, key);
  alert = await openAlertOf(h, monitor, hostId, key);
});
after(async () => {
  await h.close();
  await Promise.all([up.close(), down.close(), refusing.close()]);
});

async function deliveries(id: string, query = '', k = key): Promise<Json[]> {
  const a = await h.call('GET', `/api/v0/channels/${id}/deliveries${query}`, { key: k });
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['deliveries']);
  return a.json.deliveries as Json[];
}

/** The channel's two deliveries once each has been attempted as `done` says. */
function settledList(id: string, done: (d: Json) => boolean): Promise<Json[]> {
  return eventually(`channel ${id}'s deliveries attempted`, async () => {
    const list = await deliveries(id);
    return list.length === 2 && list.every(done) && list;
  });
}

test('a channel whose receiver answers 200 lists its deliveries as sent, newest first, with what they were about', async () => {
  const list = await settledList(channel.up, (d) => d.status === 'sent');
  const [newest, oldest] = list as [Json, Json];
  assert.equal(newest.event.type, 'alert');
  assert.deepEqual(
    {
      kind: newest.event.kind,
      alertId: newest.event.alertId,
      status: newest.event.status,
      previousStatus: newest.event.previousStatus,
      monitorName: newest.event.monitorName,
    },
    { kind: 'open', alertId: alert.id, status: 'CRITICAL', previousStatus: null, monitorName: 'loadavg5 high' },
  );
  assert.deepEqual(oldest.event, {
    id: oldest.event.id,
    type: 'hostRegister',
    createdAt: oldest.event.createdAt,
    hostId,
  });
  for (const d of list) {
    assert.equal(d.attempts, 1);
    assert.equal(d.lastError, null);
    assert.equal(d.nextAttemptAt, null, 'nothing more is due');
    assert.equal(typeof d.finishedAt, 'number');
    assert.equal(d.finishedAt, d.lastAttemptAt);
    assert.ok(d.finishedAt >= d.createdAt && d.createdAt >= d.event.createdAt, JSON.stringify(d));
    assert.ok(Math.abs(d.createdAt - Date.now() / 1000) < 600, 'times are epoch seconds');
  }
  // The idempotency key the receiver saw is <eventId>.<channelId>.
  const keys = up.requests.map((r) => r.headers['x-saba-idempotency-key']).sort();
  assert.deepEqual(keys, list.map((d) => `${d.event.id}.${channel.up}`).sort());
});

test('a channel whose receiver answers 500 lists pending deliveries with their attempts, the error and the retry time', async () => {
  const list = await settledList(channel.down, (d) => d.attempts >= 1);
  assert.deepEqual(
    list.map((d) => d.event.type),
    ['alert', 'hostRegister'],
  );
  for (const d of list) {
    assert.equal(d.status, 'pending');
    assert.match(d.lastError, /HTTP 500/);
    assert.equal(d.finishedAt, null);
    assert.ok(d.nextAttemptAt > d.lastAttemptAt, `the retry is after the failure: ${JSON.stringify(d)}`);
  }
});

test('a channel whose receiver answers 400 lists its deliveries as failed, with when they were given up', async () => {
  const list = await settledList(channel.refusing, (d) => d.status === 'failed');
  for (const d of list) {
    assert.equal(d.attempts, 1, 'a refusal is not retried');
    assert.match(d.lastError, /HTTP 400/);
    assert.equal(d.nextAttemptAt, null);
    assert.equal(typeof d.finishedAt, 'number');
    assert.equal(d.finishedAt, d.lastAttemptAt);
  }
});

test('limit takes the newest; a read-only key may list', async () => {
  await settledList(channel.up, (d) => d.status === 'sent');
  const [newest] = await deliveries(channel.up, '?limit=1');
  const all = await deliveries(channel.up, '?limit=200', readKey);
  assert.equal(all.length, 2);
  assert.deepEqual(newest, all[0]);
});

test('a bad limit is a 400 and an unknown channel a 404, in Mackerel error format', async () => {
  for (const limit of ['0', '201', '-1', '1.5', 'ten']) {
    assertError(
      await h.call('GET', `/api/v0/channels/${channel.up}/deliveries?limit=${limit}`, { key }),
      400,
      /"limit" must be a whole number from 1 to 200/,
    );
  }
  assertError(await h.call('GET', '/api/v0/channels/NoSuchChannel/deliveries', { key }), 404, /Channel Not Found/);
  // Another organization's channel is unknown here.
  const other = await h.newOrg('deliveries-other');
  assertError(await h.call('GET', `/api/v0/channels/${channel.up}/deliveries`, { key: other.key }), 404);
});
