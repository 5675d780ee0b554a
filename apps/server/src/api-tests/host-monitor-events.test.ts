// Host and monitor notifications (spec features §4.3 events hostRegister, hostStatus, hostRetire,
// monitor): each API write announces its change to the outbox, and delivery sends it to the
// webhook channels subscribed to it, through the notification groups. Real server, real webhook
// receiver on loopback.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HttpSink, type SinkRequest, startHttpSink } from '../../../../packages/notify/src/testing/http-sink.ts';
import { assertSuccess, createHost, type Json } from '../testing/api-fixtures.ts';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { hostMonitorBody } from '../testing/monitor-fixtures.ts';

let h: Harness;
let sink: HttpSink;
let key: string;
/** In the default group, subscribed to every host and monitor event. */
let everyId: string;
/** Only in a group listing the service "shop", subscribed to host registrations and retirements. */
let shopId: string;

const EVENTS = ['hostStatus', 'hostRegister', 'hostRetire', 'monitor'];

before(async () => {
  h = await startHarness({}, { monitorTimers: false });
  sink = await startHttpSink();
  key = (await h.newOrg('events')).key;
  everyId = await post('/api/v0/channels', {
    type: 'webhook',
    name: 'every',
    url: `${sink.url}/every`,
    events: EVENTS,
  });
  shopId = await post('/api/v0/channels', {
    type: 'webhook',
    name: 'shop',
    url: `${sink.url}/shop`,
    events: ['hostRegister', 'hostRetire'],
    addToDefaultNotificationGroup: false,
  });
  await post('/api/v0/services', { name: 'shop' });
  await post('/api/v0/notification-groups', {
    name: 'shop team',
    notificationLevel: 'critical',
    childChannelIds: [shopId],
    services: [{ name: 'shop' }],
  });
});
after(async () => {
  await h.close();
  await sink.close();
});

async function post(path: string, body: unknown): Promise<string> {
  const a = await h.call('POST', path, { key, body });
  assert.equal(a.status, 200, a.text);
  return a.json.id as string;
}

async function call(method: string, path: string, body?: unknown) {
  return h.call(method, path, { key, ...(body !== undefined ? { body } : {}) });
}

/** What one channel received, in order: the JSON and the idempotency key. */
function received(path: string): { json: Json; key: string }[] {
  return sink.requests
    .filter((r: SinkRequest) => r.path === path)
    .map((r) => ({ json: JSON.parse(r.body) as Json, key: String(r.headers['x-saba-idempotency-key']) }));
}

/** Waits until `path` has received `count` notifications. A channel receives in order, so none is missing before the last. */
function receivedCount(path: string, count: number) {
  return eventually(`${count} notifications at ${path}`, () => {
    const got = received(path);
    return got.length >= count ? got : undefined;
  });
}

/** A summary of a payload that shows which event it is and what it is about. */
function summary(j: Json): string {
  if (j.event === 'hostStatus') return `${j.event} ${j.host.name} ${j.fromStatus}->${j.toStatus}`;
  if (j.host !== undefined) return `${j.event} ${j.host.name}${j.host.isRetired ? ' retired' : ''}`;
  return `${j.event} ${j.monitor.name}`;
}

test('every write announces its change once; delivery sends each, keyed, to the channels that take it', async () => {
  const web = await createHost(h, { name: 'web-1', roleFullnames: ['shop:app'] }, key);
  const db = await createHost(h, { name: 'db-1' }, key);
  // A status that does not change is not announced; a bulk change announces the hosts it changed.
  assertSuccess(await call('POST', `/api/v0/hosts/${web}/status`, { status: 'standby' }));
  assertSuccess(await call('POST', `/api/v0/hosts/${web}/status`, { status: 'standby' }));
  assertSuccess(await call('POST', '/api/v0/hosts/bulk-update-statuses', { ids: [web, db], status: 'standby' }));
  const created = await call('POST', '/api/v0/monitors', hostMonitorBody('loadavg5', { memo: 'look first' }));
  assert.equal(created.status, 200, created.text);
  const monitorId = created.json.id as string;
  const updated = await call('PUT', `/api/v0/monitors/${monitorId}`, hostMonitorBody('loadavg5', { name: 'load' }));
  assert.equal(updated.status, 200, updated.text);
  assert.equal((await call('DELETE', `/api/v0/monitors/${monitorId}`)).status, 200);
  // Retiring a retired host again announces nothing.
  assertSuccess(await call('POST', `/api/v0/hosts/${web}/retire`, null));
  assertSuccess(await call('POST', '/api/v0/hosts/bulk-retire', { ids: [web, db] }));

  const every = await receivedCount('/every', 9);
  assert.deepEqual(
    every.map((d) => summary(d.json)),
    [
      'hostRegister web-1',
      'hostRegister db-1',
      'hostStatus web-1 working->standby',
      'hostStatus db-1 working->standby',
      'monitorCreate loadavg5 high',
      'monitorUpdate load',
      'monitorDelete load',
      'hostRetire web-1 retired',
      'hostRetire db-1 retired',
    ],
  );
  // Each once, keyed `<event>.<channel>`.
  assert.equal(new Set(every.map((d) => d.key)).size, every.length);
  for (const d of every) assert.match(d.key, new RegExp(`^[A-Za-z0-9]+\\.${everyId}$`));

  const [register, , status, , create, , remove, retire] = every.map((d) => d.json);
  assert.deepEqual(
    { orgName: register?.orgName, id: register?.host.id, url: register?.host.url },
    { orgName: 'events', id: web, url: `${h.url}/hosts/${web}` },
  );
  assert.deepEqual(
    register?.host.roles.map((r: Json) => r.fullname),
    ['shop: app'],
  );
  assert.equal(status?.host.status, 'standby');
  assert.deepEqual(create?.monitor, {
    id: monitorId,
    type: 'host',
    name: 'loadavg5 high',
    memo: 'look first',
    url: `${h.url}/monitors/${monitorId}`,
  });
  assert.deepEqual(remove?.monitor, {
    id: monitorId,
    type: 'host',
    name: 'load',
    memo: '',
    url: `${h.url}/monitors/${monitorId}`,
  });
  // The roles it had until retired: what routed it to the shop group too.
  assert.deepEqual(
    retire?.host.roles.map((r: Json) => r.fullname),
    ['shop: app'],
  );

  // The shop group (critical level, which host events pass) gets the shop host's register and
  // retire only: not db-1, which has no role in shop, nor events the channel does not take.
  const shop = await receivedCount('/shop', 2);
  assert.deepEqual(
    shop.map((d) => summary(d.json)),
    ['hostRegister web-1', 'hostRetire web-1 retired'],
  );
  for (const d of shop) assert.match(d.key, new RegExp(`^[A-Za-z0-9]+\\.${shopId}$`));
});

test('a failed write announces nothing', async () => {
  const before = sink.requests.length;
  assert.equal((await call('POST', '/api/v0/hosts/nohost00001/status', { status: 'standby' })).status, 404);
  assert.equal((await call('POST', '/api/v0/monitors', { type: 'host', name: 'x' })).status, 400);
  assert.equal((await call('DELETE', '/api/v0/monitors/nomonitor01')).status, 404);
  // A last change that is announced: once it arrives, anything announced before it has too.
  await createHost(h, { name: 'last' }, key);
  const every = await receivedCount('/every', received('/every').length + 1);
  assert.equal(summary(every.at(-1)?.json ?? {}), 'hostRegister last');
  assert.equal(sink.requests.length, before + 1);
});
