// Alerts (spec mackerel-api.md §9.1): what a breaching post opens, the notifications it decides,
// closing by hand, memos, logs and paging. The engine's timers are off: only posts judge here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertSuccess, createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import {
  captureNotifications,
  closedAlert,
  createMonitor,
  hostMonitorBody,
  listAlerts,
  openAlertOf,
  POLL,
  postValues,
  settled,
} from '../testing/monitor-fixtures.ts';

let h: Harness;
const captured = captureNotifications();
before(async () => {
  h = await startHarness({}, { notify: captured.notify, monitorTimers: false });
});
after(async () => {
  await h.close();
});

/** A fresh organization with one host and a host monitor on `metric` (warning 5, critical 10). */
async function setup(metric: string, extra: Json = {}) {
  const org = await h.newOrg();
  const host = await createHost(h, { name: `${metric}-host` }, org.key);
  const monitor = await createMonitor(h, hostMonitorBody(metric, { warning: 5, ...extra }), org.key);
  return { key: org.key, host, monitor };
}

/** The events decided for one alert, as kind and status. */
function eventsOf(alertId: string): string[] {
  return captured.events.filter((e) => e.alert.id === alertId).map((e) => `${e.kind} ${e.alert.status}`);
}

async function get(path: string, key: string) {
  return h.call('GET', path, { key });
}

describe('a breaching post opens an alert; a good one closes it', () => {
  test('the alert has the fields of spec §9.1 and is listed while open', async () => {
    const { key, host, monitor } = await setup('custom.open');
    const t = nowSec() - 300;
    await postValues(h, 'custom.open', [[host, 50]], t, key);
    const alert = await openAlertOf(h, monitor, host, key);
    assert.deepEqual(Object.keys(alert).sort(), ['hostId', 'id', 'monitorId', 'openedAt', 'status', 'type', 'value']);
    assert.equal(alert.status, 'CRITICAL');
    assert.equal(alert.type, 'host');
    assert.equal(alert.value, 50);
    assert.ok(Number.isInteger(alert.openedAt) && Math.abs(alert.openedAt - nowSec()) < 60, `${alert.openedAt}`);
    assert.deepEqual((await get(`/api/v0/alerts/${alert.id}`, key)).json, alert);

    await postValues(h, 'custom.open', [[host, 1]], t + 60, key);
    const closed = await closedAlert(h, alert.id, key);
    assert.equal(typeof closed.closedAt, 'number');
    assert.ok(!(await listAlerts(h, key)).some((x) => x.id === alert.id), 'the default list is open alerts only');
    const withClosed = await listAlerts(h, key, true);
    assert.deepEqual(
      withClosed.find((x) => x.id === alert.id),
      closed,
    );
    await settled(h);
    assert.deepEqual(eventsOf(alert.id), ['open CRITICAL', 'close OK']);
  });

  test('one notification per status change: OK→WARNING→CRITICAL→CRITICAL→OK sends open, change, close', async () => {
    const { key, host, monitor } = await setup('custom.notify');
    const t = nowSec() - 600;
    const values = [7, 50, 60, 1];
    for (const [i, v] of values.entries()) await postValues(h, 'custom.notify', [[host, v]], t + 60 * i, key);
    await settled(h);
    const alert = (await listAlerts(h, key, true)).find((x) => x.monitorId === monitor) as Json;
    assert.equal(alert.status, 'OK');
    assert.deepEqual(eventsOf(alert.id), ['open WARNING', 'change CRITICAL', 'close OK']);
    const opened = captured.events.find((e) => e.alert.id === alert.id && e.kind === 'open');
    assert.equal(opened?.monitor.id, monitor);
    assert.equal(opened?.trigger, 'monitoring');
    assert.equal(opened?.previousStatus, null);
  });

  test('a muted monitor opens the alert without a notification', async () => {
    const { key, host, monitor } = await setup('custom.muted', { isMute: true });
    await postValues(h, 'custom.muted', [[host, 50]], nowSec(), key);
    const alert = await openAlertOf(h, monitor, host, key);
    await settled(h);
    assert.deepEqual(eventsOf(alert.id), []);
  });
});

describe('closing by hand (POST /api/v0/alerts/<id>/close)', () => {
  test('answers the alert bare with status OK, the reason and closedAt; logs say manual', async () => {
    const { key, host, monitor } = await setup('custom.close');
    await postValues(h, 'custom.close', [[host, 50]], nowSec(), key);
    const alert = await openAlertOf(h, monitor, host, key);
    const a = await h.call('POST', `/api/v0/alerts/${alert.id}/close`, { key, body: { reason: 'rebooted it' } });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.id, alert.id);
    assert.equal(a.json.status, 'OK');
    assert.equal(a.json.reason, 'rebooted it');
    assert.equal(typeof a.json.closedAt, 'number');
    assert.deepEqual((await get(`/api/v0/alerts/${alert.id}`, key)).json, a.json);
    assert.ok(!(await listAlerts(h, key)).some((x) => x.id === alert.id));
    await settled(h);
    assert.deepEqual(eventsOf(alert.id), ['open CRITICAL', 'close OK']);
    assert.equal(captured.events.find((e) => e.alert.id === alert.id && e.kind === 'close')?.trigger, 'manual');

    const logs = await get(`/api/v0/alerts/${alert.id}/logs`, key);
    assert.equal(logs.status, 200, logs.text);
    assert.deepEqual(Object.keys(logs.json), ['logs']);
    const [newest, oldest] = logs.json.logs as Json[];
    assert.equal(logs.json.logs.length, 2);
    assert.deepEqual(
      { ...newest, id: undefined, createdAt: undefined },
      {
        id: undefined,
        status: 'OK',
        trigger: 'manual',
        monitorId: monitor,
        targetValue: null,
        statusDetail: null,
        createdAt: undefined,
      },
    );
    assert.deepEqual(
      { ...oldest, id: undefined, createdAt: undefined },
      {
        id: undefined,
        status: 'CRITICAL',
        trigger: 'monitoring',
        monitorId: monitor,
        targetValue: 50,
        statusDetail: null,
        createdAt: undefined,
      },
    );
    assert.ok((newest?.createdAt as number) >= (oldest?.createdAt as number));
  });

  test('the next bad result opens a new alert', async () => {
    const { key, host, monitor } = await setup('custom.reopen');
    const t = nowSec() - 120;
    await postValues(h, 'custom.reopen', [[host, 50]], t, key);
    const first = await openAlertOf(h, monitor, host, key);
    assert.equal(
      (await h.call('POST', `/api/v0/alerts/${first.id}/close`, { key, body: { reason: 'x' } })).status,
      200,
    );
    await postValues(h, 'custom.reopen', [[host, 50]], t + 60, key);
    const second = await openAlertOf(h, monitor, host, key);
    assert.notEqual(second.id, first.id);
  });

  test('an empty reason closes the alert: mkr alerts close without -r sends ""', async () => {
    const { key, host, monitor } = await setup('custom.emptyreason');
    await postValues(h, 'custom.emptyreason', [[host, 50]], nowSec(), key);
    const alert = await openAlertOf(h, monitor, host, key);
    const a = await h.call('POST', `/api/v0/alerts/${alert.id}/close`, { key, body: { reason: '' } });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.status, 'OK');
    assert.equal(a.json.reason, '');
  });

  const bad: ReadonlyArray<readonly [string, unknown]> = [
    ['no reason', {}],
    ['a reason that is not a string', { reason: 1 }],
  ];
  for (const [what, body] of bad) {
    test(`400 for ${what}, and the alert stays open`, async () => {
      const { key, host, monitor } = await setup('custom.noreason');
      await postValues(h, 'custom.noreason', [[host, 50]], nowSec(), key);
      const alert = await openAlertOf(h, monitor, host, key);
      assertError(await h.call('POST', `/api/v0/alerts/${alert.id}/close`, { key, body }), 400, /reason/);
      assert.equal((await get(`/api/v0/alerts/${alert.id}`, key)).json.closedAt, undefined);
    });
  }
});

describe('memos (PUT /api/v0/alerts/<id>)', () => {
  test('answers {id, memo}; GET shows it; 80 KB is fine, more is 413; no memo is 400', async () => {
    const { key, host, monitor } = await setup('custom.memo');
    await postValues(h, 'custom.memo', [[host, 50]], nowSec(), key);
    const alert = await openAlertOf(h, monitor, host, key);
    const a = await h.call('PUT', `/api/v0/alerts/${alert.id}`, { key, body: { memo: 'disk replaced' } });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { id: alert.id, memo: 'disk replaced' });
    assert.equal((await get(`/api/v0/alerts/${alert.id}`, key)).json.memo, 'disk replaced');

    const full = 'm'.repeat(80 * 1024);
    assert.equal((await h.call('PUT', `/api/v0/alerts/${alert.id}`, { key, body: { memo: full } })).status, 200);
    assertError(await h.call('PUT', `/api/v0/alerts/${alert.id}`, { key, body: { memo: `${full}m` } }), 413);
    assertError(await h.call('PUT', `/api/v0/alerts/${alert.id}`, { key, body: {} }), 400, /memo/);
    assert.equal((await get(`/api/v0/alerts/${alert.id}`, key)).json.memo, full);
  });

  test('the memo survives the alert changing status and closing', async () => {
    const { key, host, monitor } = await setup('custom.memo2');
    const t = nowSec() - 120;
    await postValues(h, 'custom.memo2', [[host, 7]], t, key);
    const alert = await openAlertOf(h, monitor, host, key);
    assert.equal((await h.call('PUT', `/api/v0/alerts/${alert.id}`, { key, body: { memo: 'kept' } })).status, 200);
    await postValues(h, 'custom.memo2', [[host, 50]], t + 60, key);
    await postValues(h, 'custom.memo2', [[host, 1]], t + 120, key);
    assert.equal((await closedAlert(h, alert.id, key)).memo, 'kept');

    // Its logs, newest first, one page of one at a time.
    const seen: Json[] = [];
    let next: string | undefined;
    do {
      const q = next === undefined ? 'limit=1' : `limit=1&nextId=${encodeURIComponent(next)}`;
      const a = await get(`/api/v0/alerts/${alert.id}/logs?${q}`, key);
      assert.equal(a.status, 200, a.text);
      seen.push(...a.json.logs);
      next = a.json.nextId;
    } while (next !== undefined && seen.length < 10);
    assert.deepEqual(
      seen.map((l) => [l.status, l.trigger, l.targetValue]),
      [
        ['OK', 'monitoring', 1],
        ['CRITICAL', 'monitoring', 50],
        ['WARNING', 'monitoring', 7],
      ],
    );
    assertError(await get(`/api/v0/alerts/${alert.id}/logs?limit=101`, key), 400);
  });
});

describe('paging (GET /api/v0/alerts)', () => {
  test('limit=2 and nextId walk every alert once, newest first', async () => {
    const org = await h.newOrg();
    const hosts: string[] = [];
    for (let i = 0; i < 5; i++) hosts.push(await createHost(h, { name: `pager-${i}` }, org.key));
    const monitor = await createMonitor(h, hostMonitorBody('custom.page'), org.key);
    await postValues(
      h,
      'custom.page',
      hosts.map((id) => [id, 50] as const),
      nowSec(),
      org.key,
    );
    for (const id of hosts) await openAlertOf(h, monitor, id, org.key);
    const whole = await h.call('GET', '/api/v0/alerts', { key: org.key });
    assert.equal(whole.status, 200);
    assert.equal(whole.json.nextId, undefined);
    const all = whole.json.alerts as Json[];
    assert.equal(all.length, 5);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]?.openedAt >= all[i]?.openedAt, 'newest first');

    const seen: Json[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const q = next === undefined ? 'limit=2' : `limit=2&nextId=${encodeURIComponent(next)}`;
      const a = await h.call('GET', `/api/v0/alerts?${q}`, { key: org.key });
      assert.equal(a.status, 200, a.text);
      assert.ok(a.json.alerts.length <= 2);
      seen.push(...a.json.alerts);
      next = a.json.nextId;
      if (next !== undefined) assert.equal(next, a.json.alerts.at(-1).id, 'nextId is the last item');
      pages++;
    } while (next !== undefined && pages < 10);
    assert.equal(pages, 3);
    assert.equal(new Set(seen.map((x) => x.id)).size, 5);
    assert.deepEqual(seen, all);
  });

  test('limit 100 is fine; 0, 101 and words are 400; an unknown nextId is an error', async () => {
    const { key } = await setup('custom.limits');
    assert.equal((await get('/api/v0/alerts?limit=100', key)).status, 200);
    for (const limit of ['0', '101', 'many']) assertError(await get(`/api/v0/alerts?limit=${limit}`, key), 400);
    assertError(await get('/api/v0/alerts?withClosed=maybe', key), 400);
    const a = await get('/api/v0/alerts?nextId=NoSuchAlert', key);
    assert.ok(a.status >= 400 && a.status < 500, a.text);
    assertError(a, a.status);
  });
});

describe('check monitors', () => {
  test('a CRITICAL check report opens a "check" alert with its message', async () => {
    const org = await h.newOrg();
    const host = await createHost(h, { name: 'checked', checks: [{ name: 'disk-check' }] }, org.key);
    const report = {
      source: { type: 'host', hostId: host },
      name: 'disk-check',
      status: 'CRITICAL',
      message: 'disk full\n',
      occurredAt: nowSec(),
    };
    assertSuccess(
      await h.call('POST', '/api/v0/monitoring/checks/report', { key: org.key, body: { reports: [report] } }),
    );
    const alert = await eventually(
      'a check alert',
      async () => (await listAlerts(h, org.key)).find((x) => x.type === 'check'),
      POLL,
    );
    assert.equal(alert.hostId, host);
    assert.equal(alert.status, 'CRITICAL');
    assert.equal(alert.message, 'disk full\n');
    assert.equal(alert.value, undefined);
    const checks = (await get('/api/v0/monitoring/checks', org.key)).json.checks as Json[];
    assert.equal(alert.monitorId, checks.find((c) => c.name === 'disk-check')?.id);
    const logs = (await get(`/api/v0/alerts/${alert.id}/logs`, org.key)).json.logs as Json[];
    assert.deepEqual(logs[0]?.statusDetail, { type: 'check', detail: { message: 'disk full\n', memo: '' } });
  });
});

describe('retiring a host', () => {
  test('closes its alerts without a notification', async () => {
    const { key, host, monitor } = await setup('custom.retire');
    await postValues(h, 'custom.retire', [[host, 50]], nowSec(), key);
    const alert = await openAlertOf(h, monitor, host, key);
    await settled(h);
    const before = eventsOf(alert.id);
    assert.deepEqual(before, ['open CRITICAL']);
    assertSuccess(await h.call('POST', `/api/v0/hosts/${host}/retire`, { key, raw: 'null\n' }));
    const closed = await closedAlert(h, alert.id, key);
    assert.equal(typeof closed.closedAt, 'number');
    await settled(h);
    assert.deepEqual(eventsOf(alert.id), before);
    const logs = (await get(`/api/v0/alerts/${alert.id}/logs`, key)).json.logs as Json[];
    assert.equal(logs[0]?.trigger, 'hostRetire');
  });
});

describe('deleting the monitor', () => {
  test('closes its alert silently with reason "delete monitor"; later posts open nothing', async () => {
    const { key, host, monitor } = await setup('custom.deleted');
    const t = nowSec() - 120;
    await postValues(h, 'custom.deleted', [[host, 50]], t, key);
    const alert = await openAlertOf(h, monitor, host, key);
    await settled(h);
    assert.equal((await h.call('DELETE', `/api/v0/monitors/${monitor}`, { key })).status, 200);
    const closed = await closedAlert(h, alert.id, key);
    assert.equal(closed.reason, 'delete monitor');
    const logs = (await get(`/api/v0/alerts/${alert.id}/logs`, key)).json.logs as Json[];
    assert.equal(logs[0]?.trigger, 'monitorDelete');
    // Spec §9.1: a log's monitorId is null once its monitor is deleted; the alert keeps it.
    assert.deepEqual(
      logs.map((l) => l.monitorId),
      [null, null],
    );
    assert.equal(closed.monitorId, monitor);
    await postValues(h, 'custom.deleted', [[host, 60]], t + 60, key);
    await settled(h);
    assert.deepEqual(eventsOf(alert.id), ['open CRITICAL']);
    assert.deepEqual(
      (await listAlerts(h, key, true)).map((x) => x.id),
      [alert.id],
    );
  });
});

describe('deleting the monitor while a post waits to be judged', () => {
  test('the post judged right after the delete opens no alert for the deleted monitor', async () => {
    const { key, host, monitor } = await setup('custom.race');
    const engine = h.server.monitor;
    const exclusive = engine.exclusive;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Hold the engine's queue, so that the delete's write and then the post's judging line up behind it.
    const held = engine.exclusive(() => gate);
    let queued = (): void => undefined;
    const deleteQueued = new Promise<void>((resolve) => {
      queued = resolve;
    });
    engine.exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
      queued();
      return exclusive.call(engine, fn) as Promise<T>;
    };
    const deleting = h.call('DELETE', `/api/v0/monitors/${monitor}`, { key });
    await deleteQueued;
    engine.exclusive = exclusive;
    await postValues(h, 'custom.race', [[host, 50]], nowSec(), key);
    release();
    await held;
    assert.equal((await deleting).status, 200);
    await settled(h);
    assert.deepEqual(
      (await listAlerts(h, key, true)).filter((x) => x.monitorId === monitor),
      [],
    );
  });
});

describe('organizations do not see each other', () => {
  test("another organization's key gets 404 for the alert and does not list it", async () => {
    const { key, host, monitor } = await setup('custom.isolated');
    await postValues(h, 'custom.isolated', [[host, 50]], nowSec(), key);
    const alert = await openAlertOf(h, monitor, host, key);
    const other = await h.newOrg();
    const o = { key: other.key };
    assertError(await h.call('GET', `/api/v0/alerts/${alert.id}`, o), 404, /Alert Not Found/);
    assertError(await h.call('GET', `/api/v0/alerts/${alert.id}/logs`, o), 404);
    assertError(await h.call('PUT', `/api/v0/alerts/${alert.id}`, { ...o, body: { memo: 'x' } }), 404);
    assertError(await h.call('POST', `/api/v0/alerts/${alert.id}/close`, { ...o, body: { reason: 'x' } }), 404);
    assert.deepEqual(await listAlerts(h, other.key, true), []);
    const mine = (await get(`/api/v0/alerts/${alert.id}`, key)).json;
    assert.equal(mine.closedAt, undefined);
    assert.equal(mine.memo, undefined);
  });

  test("a post for another organization's host opens nothing in either", async () => {
    const { key, monitor } = await setup('custom.foreign');
    const other = await h.newOrg();
    const theirs = await createHost(h, { name: 'theirs' }, other.key);
    const a = await h.call('POST', '/api/v0/tsdb', {
      key,
      body: [{ hostId: theirs, name: 'custom.foreign', time: nowSec(), value: 50 }],
    });
    assert.ok(a.status >= 400, a.text);
    await settled(h);
    assert.ok(!(await listAlerts(h, key, true)).some((x) => x.monitorId === monitor));
    assert.deepEqual(await listAlerts(h, other.key, true), []);
  });

  test('404 for an alert id that does not exist', async () => {
    const { key } = await setup('custom.none');
    for (const [method, path, body] of [
      ['GET', '/api/v0/alerts/NoSuchAlert', undefined],
      ['GET', '/api/v0/alerts/NoSuchAlert/logs', undefined],
      ['PUT', '/api/v0/alerts/NoSuchAlert', { memo: 'x' }],
      ['POST', '/api/v0/alerts/NoSuchAlert/close', { reason: 'x' }],
    ] as const) {
      assertError(await h.call(method, path, { key, ...(body ? { body } : {}) }), 404);
    }
  });
});
