// Saba's role metric endpoints (docs/role-metrics.md): the metric names of a role's hosts and
// their points for several names in one answer, with every refusal, read-only keys, retired and
// other roles' hosts left out, and isolation between organizations.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertSuccess, createHost, type Json, nowSec, qs } from '../testing/api-fixtures.ts';
import { type Answer, type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness({}, { monitorTimers: false });
});
after(async () => {
  await h.close();
});

/** A minute boundary an hour ago: everything posted from here on is inside a one-day window. */
const T0 = Math.floor(nowSec() / 60) * 60 - 3600;

interface Org {
  key: string;
  readKey: string;
  web1: string;
  web2: string;
  db1: string;
  retired: string;
}

/** A fresh organization: service Blog with roles web (web1, web2, a retired host) and db (db1). */
async function setUp(): Promise<Org> {
  const { key, readKey } = await h.newOrg();
  const ok = async (path: string, body: Json) =>
    assert.equal((await h.call('POST', path, { key, body })).status, 200, path);
  await ok('/api/v0/services', { name: 'Blog' });
  await ok('/api/v0/services/Blog/roles', { name: 'web' });
  await ok('/api/v0/services/Blog/roles', { name: 'db' });
  await ok('/api/v0/services/Blog/roles', { name: 'empty' });
  const host = (name: string, role: string) => createHost(h, { name, roleFullnames: [`Blog:${role}`] }, key);
  const org = {
    key,
    readKey,
    web1: await host('web1', 'web'),
    web2: await host('web2', 'web'),
    db1: await host('db1', 'db'),
    retired: await host('web-old', 'web'),
  };
  const values: Json[] = [];
  for (let i = 0; i < 3; i++) {
    const time = T0 + i * 60;
    values.push({ hostId: org.web1, name: 'loadavg5', time, value: 1 + i });
    values.push({ hostId: org.web2, name: 'loadavg5', time, value: 10 + i });
    values.push({ hostId: org.web1, name: 'custom.app.requests.get', time, value: 100 + i });
    values.push({ hostId: org.db1, name: 'loadavg5', time, value: 50 });
    values.push({ hostId: org.db1, name: 'custom.db.queries', time, value: 7 });
    values.push({ hostId: org.retired, name: 'custom.old.thing', time, value: 3 });
  }
  assertSuccess(await h.call('POST', '/api/v0/tsdb', { key, body: values }));
  assertSuccess(await h.call('POST', `/api/v0/hosts/${org.retired}/retire`, { key, body: {} }));
  return org;
}

function names(key: string, service: string, role: string): Promise<Answer> {
  return h.call('GET', `/api/v0/services/${service}/roles/${role}/metric-names`, { key });
}

function metrics(
  key: string,
  service: string,
  role: string,
  pairs: ReadonlyArray<readonly [string, string | number]>,
): Promise<Answer> {
  return h.call('GET', `/api/v0/services/${service}/roles/${role}/metrics?${qs(pairs)}`, { key });
}

const range = (): Array<[string, number]> => [
  ['from', T0 - 60],
  ['to', nowSec()],
];

describe('GET /api/v0/services/:service/roles/:role/metric-names', () => {
  test("the names the role's live hosts posted, sorted; other roles' and retired hosts' are left out", async () => {
    const o = await setUp();
    const a = await names(o.key, 'Blog', 'web');
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { names: ['custom.app.requests.get', 'loadavg5'] });
    assert.deepEqual((await names(o.readKey, 'Blog', 'db')).json, { names: ['custom.db.queries', 'loadavg5'] });
    assert.deepEqual((await names(o.key, 'Blog', 'empty')).json, { names: [] }, 'a role without hosts');
  });

  test('an unknown service or role is 404', async () => {
    const o = await setUp();
    assertError(await names(o.key, 'Nope', 'web'), 404, /Service Not Found/);
    assertError(await names(o.key, 'Blog', 'nope'), 404, /Role Not Found\. \(Blog:nope\)/);
  });
});

describe('GET /api/v0/services/:service/roles/:role/metrics', () => {
  test('every live host of the role with its points, by name then host id, in one answer; a read-only key reads', async () => {
    const o = await setUp();
    const a = await metrics(o.readKey, 'Blog', 'web', [
      ['name', 'loadavg5'],
      ['name', 'custom.app.requests.get'],
      ['name', 'custom.never.posted'],
      ...range(),
    ]);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.hosts, [
      { id: o.web1, name: 'web1' },
      { id: o.web2, name: 'web2' },
    ]);
    const pts = (base: number) => [0, 1, 2].map((i) => ({ time: T0 + i * 60, value: base + i }));
    assert.deepEqual(a.json.metrics, {
      loadavg5: { [o.web1]: pts(1), [o.web2]: pts(10) },
      'custom.app.requests.get': { [o.web1]: pts(100) },
      'custom.never.posted': {},
    });
  });

  test('a name given twice is read once; the range limits the points; a role without hosts answers none', async () => {
    const o = await setUp();
    const a = await metrics(o.key, 'Blog', 'web', [
      ['name', 'loadavg5'],
      ['name', 'loadavg5'],
      ['from', T0 + 60],
      ['to', T0 + 60],
    ]);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.metrics, {
      loadavg5: { [o.web1]: [{ time: T0 + 60, value: 2 }], [o.web2]: [{ time: T0 + 60, value: 11 }] },
    });
    const empty = await metrics(o.key, 'Blog', 'empty', [['name', 'loadavg5'], ...range()]);
    assert.deepEqual(empty.json, { hosts: [], metrics: { loadavg5: {} } });
  });

  test('a metric name that would be a regular expression matches only itself', async () => {
    const o = await setUp();
    const a = await metrics(o.key, 'Blog', 'web', [['name', 'loadavg.'], ...range()]);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.metrics, { 'loadavg.': {} });
    assertError(await metrics(o.key, 'Blog', 'web', [['name', 'load.*'], ...range()]), 400, /invalid metric name/);
  });

  test('refusals: no name, too many names, no or bad range are 400; unknown service or role 404', async () => {
    const o = await setUp();
    assertError(await metrics(o.key, 'Blog', 'web', range()), 400, /"name" is required/);
    const many = Array.from({ length: 51 }, (_, i) => ['name', `m${i}`] as const);
    assertError(await metrics(o.key, 'Blog', 'web', [...many, ...range()]), 400, /at most 50/);
    assertError(await metrics(o.key, 'Blog', 'web', [['name', 'loadavg5']]), 400, /"from"/);
    assertError(
      await metrics(o.key, 'Blog', 'web', [
        ['name', 'loadavg5'],
        ['from', 100],
        ['to', 50],
      ]),
      400,
      /before/,
    );
    assertError(await metrics(o.key, 'Nope', 'web', [['name', 'loadavg5'], ...range()]), 404, /Service Not Found/);
    assertError(await metrics(o.key, 'Blog', 'nope', [['name', 'loadavg5'], ...range()]), 404, /Role Not Found/);
  });

  test("another organization's service is not found, and its hosts' points never show", async () => {
    const o = await setUp();
    const other = await setUp();
    // The other organization has a service of the same name: each key sees only its own hosts.
    const mine = await metrics(o.key, 'Blog', 'web', [['name', 'loadavg5'], ...range()]);
    assert.deepEqual(Object.keys(mine.json.metrics.loadavg5).sort(), [o.web1, o.web2].sort());
    const stranger = await h.newOrg();
    assertError(await metrics(stranger.key, 'Blog', 'web', [['name', 'loadavg5'], ...range()]), 404);
    assertError(await names(stranger.readKey, 'Blog', 'web'), 404);
    assert.ok(!Object.keys(mine.json.metrics.loadavg5).includes(other.web1));
  });

  test('without a key the request is refused', async () => {
    const a = await h.call('GET', `/api/v0/services/Blog/roles/web/metrics?${qs([['name', 'x'], ...range()])}`, {
      key: null,
    });
    assert.equal(a.status, 403, a.text);
  });
});
