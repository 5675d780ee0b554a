// Downtimes (spec mackerel-api.md §10, features §4.2) and alert group settings (§9.2, features
// §4.1): their CRUD and validation, and what a downtime does to a breaching post.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import {
  captureNotifications,
  createMonitor,
  hostMonitorBody,
  listAlerts,
  openAlertOf,
  postValues,
  settled,
} from '../testing/monitor-fixtures.ts';

let h: Harness;
let key: string;
/** A monitor of the test organization, for monitor scopes. */
let monitorId: string;
const captured = captureNotifications();
before(async () => {
  h = await startHarness({}, { notify: captured.notify, monitorTimers: false });
  key = (await h.newOrg('downtimes')).key;
  await createHost(h, { name: 'dt-web', roleFullnames: ['DtSvc:web', 'DtSvc:db', 'OtherSvc:app'] }, key);
  monitorId = await createMonitor(h, hostMonitorBody('custom.dt.scope'), key);
});
after(async () => {
  await h.close();
});

async function call(method: string, path: string, body?: unknown, k = key) {
  return h.call(method, path, { key: k, ...(body !== undefined ? { body } : {}) });
}

async function listOf(path: string, field: string, k = key): Promise<Json[]> {
  const a = await call('GET', path, undefined, k);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), [field]);
  return a.json[field] as Json[];
}

const downtimes = (k = key) => listOf('/api/v0/downtimes', 'downtimes', k);
const groups = (k = key) => listOf('/api/v0/alert-group-settings', 'alertGroupSettings', k);

describe('downtimes CRUD (spec §10)', () => {
  test('POST echoes the input with an id; PUT replaces it; DELETE answers it; the list follows', async () => {
    const start = nowSec() + 3600;
    // As mackerel-client-go marshals it: omitempty lists and memo left out.
    const input = {
      name: 'weekly maintenance',
      memo: 'kernel updates',
      start,
      duration: 120,
      recurrence: { type: 'weekly', interval: 1, weekdays: ['Monday', 'Thursday'], until: start + 30 * 86_400 },
      serviceScopes: ['DtSvc'],
      roleExcludeScopes: ['OtherSvc:app'],
      monitorScopes: [monitorId],
    };
    const a = await call('POST', '/api/v0/downtimes', input);
    assert.equal(a.status, 200, a.text);
    assert.equal(typeof a.json.id, 'string');
    assert.deepEqual(a.json, { id: a.json.id, ...input });
    const id = a.json.id as string;
    assert.deepEqual(
      (await downtimes()).find((d) => d.id === id),
      a.json,
    );

    const replacement = { name: 'daily backup', start, duration: 30, recurrence: { type: 'daily', interval: 2 } };
    const put = await call('PUT', `/api/v0/downtimes/${id}`, replacement);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json, { id, ...replacement });
    assert.deepEqual(
      (await downtimes()).find((d) => d.id === id),
      put.json,
    );

    const del = await call('DELETE', `/api/v0/downtimes/${id}`);
    assert.equal(del.status, 200, del.text);
    assert.deepEqual(del.json, put.json);
    assert.ok(!(await downtimes()).some((d) => d.id === id));
    assertError(await call('DELETE', `/api/v0/downtimes/${id}`), 404);
  });

  test("the Go client's null weekdays on a daily recurrence are accepted", async () => {
    const body = {
      name: 'nightly',
      start: nowSec() + 3600,
      duration: 10,
      recurrence: { type: 'daily', interval: 1, weekdays: null },
    };
    const a = await call('POST', '/api/v0/downtimes', body);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.recurrence, { type: 'daily', interval: 1 });
  });

  test('404 for PUT and DELETE of an unknown downtime', async () => {
    assertError(
      await call('PUT', '/api/v0/downtimes/NoSuchDowntime', { name: 'x', start: nowSec(), duration: 1 }),
      404,
    );
    assertError(await call('DELETE', '/api/v0/downtimes/NoSuchDowntime'), 404);
  });

  const valid = { name: 'dt', start: 1_800_000_000, duration: 60 };
  const cases: ReadonlyArray<readonly [string, Json, RegExp]> = [
    ['an unknown service scope', { ...valid, serviceScopes: ['NoSvc'] }, /NoSvc/],
    ['an unknown role scope', { ...valid, roleScopes: ['DtSvc:nope'] }, /DtSvc:nope/],
    ['an unknown monitor scope', { ...valid, monitorScopes: ['NoSuchMonitor'] }, /NoSuchMonitor/],
    ['a service both in and out', { ...valid, serviceScopes: ['DtSvc'], serviceExcludeScopes: ['DtSvc'] }, /DtSvc/],
    [
      'a role redundant with its service',
      { ...valid, serviceScopes: ['DtSvc'], roleScopes: ['DtSvc:web'] },
      /redundant/,
    ],
    [
      'weekdays on a daily recurrence',
      { ...valid, recurrence: { type: 'daily', interval: 1, weekdays: ['Monday'] } },
      /weekdays/,
    ],
    ['an unknown weekday', { ...valid, recurrence: { type: 'weekly', interval: 1, weekdays: ['Funday'] } }, /Funday/],
    ['an unknown recurrence type', { ...valid, recurrence: { type: 'minutely', interval: 1 } }, /recurrence.type/],
    ['interval 0', { ...valid, recurrence: { type: 'hourly', interval: 0 } }, /recurrence.interval/],
    ['until before start', { ...valid, recurrence: { type: 'hourly', interval: 1, until: valid.start - 1 } }, /until/],
    ['duration 0', { ...valid, duration: 0 }, /"duration"/],
    ['duration missing', { name: 'dt', start: valid.start }, /"duration"/],
    ['start missing', { name: 'dt', duration: 60 }, /"start"/],
    ['name missing', { start: valid.start, duration: 60 }, /"name"/],
    ['name too long', { ...valid, name: 'n'.repeat(251) }, /"name"/],
  ];
  for (const [what, body, message] of cases) {
    test(`400 for ${what}, and nothing is made`, async () => {
      const before = await downtimes();
      assertError(await call('POST', '/api/v0/downtimes', body), 400, message);
      assert.deepEqual(await downtimes(), before);
    });
  }

  test('a 400 on PUT leaves the downtime as it was', async () => {
    const id = (await call('POST', '/api/v0/downtimes', valid)).json.id as string;
    const before = await downtimes();
    assertError(await call('PUT', `/api/v0/downtimes/${id}`, { ...valid, duration: 0 }), 400);
    assert.deepEqual(await downtimes(), before);
  });

  test("another organization's key gets 404 and an empty list", async () => {
    const id = (await call('POST', '/api/v0/downtimes', valid)).json.id as string;
    const other = await h.newOrg();
    assertError(await call('PUT', `/api/v0/downtimes/${id}`, valid, other.key), 404);
    assertError(await call('DELETE', `/api/v0/downtimes/${id}`, undefined, other.key), 404);
    assert.deepEqual(await downtimes(other.key), []);
    assertError(await call('POST', '/api/v0/downtimes', { ...valid, monitorScopes: [monitorId] }, other.key), 400);
    assert.ok((await downtimes()).some((d) => d.id === id));
  });
});

describe('alert group settings CRUD (spec §9.2)', () => {
  test('POST answers the setting bare with an id; GET, PUT and DELETE answer it bare too', async () => {
    const input = {
      name: 'web group',
      memo: 'one message for the web tier',
      serviceScopes: ['DtSvc'],
      roleScopes: ['OtherSvc:app'],
      monitorScopes: [monitorId],
      notificationInterval: 60,
    };
    const a = await call('POST', '/api/v0/alert-group-settings', input);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { id: a.json.id, ...input });
    const id = a.json.id as string;
    assert.deepEqual((await call('GET', `/api/v0/alert-group-settings/${id}`)).json, a.json);
    assert.deepEqual(
      (await groups()).find((g) => g.id === id),
      a.json,
    );

    const replacement = { name: 'db group', roleScopes: ['DtSvc:db'] };
    const put = await call('PUT', `/api/v0/alert-group-settings/${id}`, replacement);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json, { id, ...replacement });
    assert.deepEqual((await call('GET', `/api/v0/alert-group-settings/${id}`)).json, put.json);

    const del = await call('DELETE', `/api/v0/alert-group-settings/${id}`);
    assert.equal(del.status, 200, del.text);
    assert.deepEqual(del.json, put.json);
    assertError(await call('GET', `/api/v0/alert-group-settings/${id}`), 404);
    assert.ok(!(await groups()).some((g) => g.id === id));
  });

  test('404 for GET, PUT and DELETE of an unknown setting', async () => {
    assertError(await call('GET', '/api/v0/alert-group-settings/NoSuchGroup'), 404);
    assertError(
      await call('PUT', '/api/v0/alert-group-settings/NoSuchGroup', { name: 'x', serviceScopes: ['DtSvc'] }),
      404,
    );
    assertError(await call('DELETE', '/api/v0/alert-group-settings/NoSuchGroup'), 404);
  });

  const cases: ReadonlyArray<readonly [string, Json, RegExp]> = [
    ['name missing', { serviceScopes: ['DtSvc'] }, /"name"/],
    ['no scope at all', { name: 'g' }, /Scopes/],
    ["only empty scopes (the Go client's nil lists)", { name: 'g', serviceScopes: null, roleScopes: [] }, /Scopes/],
    ['an unknown service', { name: 'g', serviceScopes: ['NoSvc'] }, /NoSvc/],
    ['an unknown role', { name: 'g', roleScopes: ['DtSvc:nope'] }, /DtSvc:nope/],
    ['an unknown monitor', { name: 'g', monitorScopes: ['NoSuchMonitor'] }, /NoSuchMonitor/],
    ['a service listed twice', { name: 'g', serviceScopes: ['DtSvc', 'DtSvc'] }, /twice/],
    [
      'notificationInterval 5',
      { name: 'g', serviceScopes: ['DtSvc'], notificationInterval: 5 },
      /"notificationInterval"/,
    ],
  ];
  for (const [what, body, message] of cases) {
    test(`400 for ${what}, and nothing is made`, async () => {
      const before = await groups();
      assertError(await call('POST', '/api/v0/alert-group-settings', body), 400, message);
      assert.deepEqual(await groups(), before);
    });
  }

  test("another organization's key gets 404 and an empty list", async () => {
    const id = (await call('POST', '/api/v0/alert-group-settings', { name: 'mine', serviceScopes: ['DtSvc'] })).json.id;
    const other = await h.newOrg();
    assertError(await call('GET', `/api/v0/alert-group-settings/${id}`, undefined, other.key), 404);
    assertError(await call('PUT', `/api/v0/alert-group-settings/${id}`, { name: 'x' }, other.key), 404);
    assertError(await call('DELETE', `/api/v0/alert-group-settings/${id}`, undefined, other.key), 404);
    assert.deepEqual(await groups(other.key), []);
  });
});

describe('a downtime in force (features §4.2)', () => {
  test('suppresses the alert of a covered host, not of an uncovered one; after it, a new bad run alerts', async () => {
    const org = await h.newOrg();
    const k = org.key;
    const covered = await createHost(h, { name: 'covered', roleFullnames: ['Maint:app'] }, k);
    const uncovered = await createHost(h, { name: 'uncovered', roleFullnames: ['Live:app'] }, k);
    const monitor = await createMonitor(h, hostMonitorBody('custom.dt'), k);
    const dt = await call(
      'POST',
      '/api/v0/downtimes',
      { name: 'now', start: nowSec() - 60, duration: 60, serviceScopes: ['Maint'] },
      k,
    );
    assert.equal(dt.status, 200, dt.text);
    const heardOf = (host: string) => captured.events.filter((e) => e.alert.hostId === host).map((e) => e.kind);

    // Both hosts in one post: one evaluation, so once the uncovered host's alert is there the
    // covered host has been judged too.
    const t = nowSec() - 600;
    await postValues(
      h,
      'custom.dt',
      [
        [covered, 50],
        [uncovered, 50],
      ],
      t,
      k,
    );
    await openAlertOf(h, monitor, uncovered, k);
    await settled(h);
    assert.ok(!(await listAlerts(h, k, true)).some((a) => a.hostId === covered), 'no alert in the downtime');
    assert.deepEqual(heardOf(covered), []);
    assert.deepEqual(heardOf(uncovered), ['open']);

    assert.equal((await call('DELETE', `/api/v0/downtimes/${dt.json.id}`, undefined, k)).status, 200);
    // The bad run that began in the downtime stays silent (decision 0008) ...
    await postValues(h, 'custom.dt', [[covered, 50]], t + 60, k);
    await settled(h);
    assert.ok(!(await listAlerts(h, k, true)).some((a) => a.hostId === covered), 'the run stays silent');
    // ... until a good result ends it; the next breaching run alerts.
    await postValues(h, 'custom.dt', [[covered, 1]], t + 120, k);
    await postValues(h, 'custom.dt', [[covered, 50]], t + 180, k);
    const alert = await openAlertOf(h, monitor, covered, k);
    assert.equal(alert.status, 'CRITICAL');
    await settled(h);
    assert.deepEqual(heardOf(covered), ['open']);
  });

  test('a downtime scoped to another monitor does not suppress this one', async () => {
    const org = await h.newOrg();
    const k = org.key;
    const host = await createHost(h, { name: 'watched' }, k);
    const monitor = await createMonitor(h, hostMonitorBody('custom.dt.other'), k);
    const elsewhere = await createMonitor(h, hostMonitorBody('custom.dt.elsewhere'), k);
    const body = { name: 'other', start: nowSec() - 60, duration: 60, monitorScopes: [elsewhere] };
    assert.equal((await call('POST', '/api/v0/downtimes', body, k)).status, 200);
    await postValues(h, 'custom.dt.other', [[host, 50]], nowSec(), k);
    await openAlertOf(h, monitor, host, k);
  });
});
