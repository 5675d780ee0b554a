// Monitors (spec mackerel-api.md §8): create, read, list, replace and delete every type, with the
// bodies mackerel-client-go sends, and the validation that keeps a bad body from changing anything.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import {
  closedAlert,
  createMonitor,
  hostMonitorBody,
  listAlerts,
  openAlertOf,
  postValues,
} from '../testing/monitor-fixtures.ts';

let h: Harness;
/** The organization the tests write to, so that its list holds only what they made. */
let key: string;
before(async () => {
  // No timers: an external monitor must never be probed from here.
  h = await startHarness({}, { monitorTimers: false });
  key = (await h.newOrg('monitors')).key;
  await createHost(h, { name: 'mon-web', roleFullnames: ['MonSvc:web', 'MonSvc:db'] }, key);
});
after(async () => {
  await h.close();
});

async function call(method: string, path: string, body?: unknown, k = key) {
  return h.call(method, path, { key: k, ...(body !== undefined ? { body } : {}) });
}

async function list(k = key): Promise<Json[]> {
  const a = await call('GET', '/api/v0/monitors', undefined, k);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['monitors']);
  return a.json.monitors as Json[];
}

/** One type's create body as the Go client marshals it, and the monitor the API answers (without id). */
interface TypeCase {
  readonly type: string;
  readonly body: Json;
  readonly answer: Json;
}

const TYPES: readonly TypeCase[] = [
  {
    type: 'host',
    body: { name: 'cpu', type: 'host', metric: 'cpu%', operator: '>', warning: null, critical: 90, duration: 3 },
    answer: {
      type: 'host',
      name: 'cpu',
      isMute: false,
      metric: 'cpu%',
      operator: '>',
      critical: 90,
      duration: 3,
      maxCheckAttempts: 1,
      scopes: [],
      excludeScopes: [],
    },
  },
  {
    type: 'connectivity',
    body: { name: 'web alive', type: 'connectivity', scopes: ['MonSvc:web'], alertStatusOnGone: 'WARNING' },
    answer: {
      type: 'connectivity',
      name: 'web alive',
      isMute: false,
      alertStatusOnGone: 'WARNING',
      scopes: ['MonSvc:web'],
      excludeScopes: [],
    },
  },
  {
    type: 'service',
    body: {
      name: 'orders low',
      memo: 'check the shop',
      type: 'service',
      notificationInterval: 60,
      service: 'MonSvc',
      metric: 'orders',
      operator: '<',
      warning: 5,
      critical: null,
      duration: 2,
      missingDurationWarning: null,
      missingDurationCritical: null,
    },
    answer: {
      type: 'service',
      name: 'orders low',
      memo: 'check the shop',
      notificationInterval: 60,
      isMute: false,
      service: 'MonSvc',
      metric: 'orders',
      operator: '<',
      warning: 5,
      duration: 2,
      maxCheckAttempts: 1,
    },
  },
  {
    type: 'external',
    body: { name: 'health', type: 'external', method: 'GET', url: 'http://127.0.0.1:9/health', headers: null },
    answer: {
      type: 'external',
      name: 'health',
      isMute: false,
      url: 'http://127.0.0.1:9/health',
      method: 'GET',
      maxCheckAttempts: 1,
      skipCertificateVerification: false,
      followRedirect: false,
    },
  },
  {
    type: 'expression',
    body: {
      name: 'db load',
      type: 'expression',
      expression: 'avg(role(MonSvc:db, loadavg5))',
      operator: '>',
      warning: 3,
      critical: null,
    },
    answer: {
      type: 'expression',
      name: 'db load',
      isMute: false,
      expression: 'avg(role(MonSvc:db, loadavg5))',
      operator: '>',
      warning: 3,
      evaluateBackwardMinutes: 2,
    },
  },
  {
    type: 'anomalyDetection',
    body: { name: 'db anomaly', type: 'anomalyDetection', scopes: ['MonSvc:db'], warningSensitivity: 'normal' },
    answer: {
      type: 'anomalyDetection',
      name: 'db anomaly',
      isMute: false,
      scopes: ['MonSvc:db'],
      warningSensitivity: 'normal',
      maxCheckAttempts: 3,
    },
  },
  {
    type: 'query',
    body: {
      name: 'container cpu',
      type: 'query',
      query: '{"container.cpu.utilization", "service.name"="shop"}',
      legend: '{{container.name}}',
      operator: '>',
      warning: null,
      critical: 80,
    },
    answer: {
      type: 'query',
      name: 'container cpu',
      isMute: false,
      query: '{"container.cpu.utilization", "service.name"="shop"}',
      legend: '{{container.name}}',
      operator: '>',
      critical: 80,
      evaluateBackwardMinutes: 0,
    },
  },
];

describe('every monitor type: create, get, list', () => {
  const ids = new Map<string, string>();

  for (const c of TYPES) {
    test(`${c.type}: POST answers the monitor bare with its id; GET wraps it in "monitor"`, async () => {
      const a = await call('POST', '/api/v0/monitors', c.body);
      assert.equal(a.status, 200, a.text);
      assert.equal(typeof a.json.id, 'string');
      assert.deepEqual(a.json, { id: a.json.id, ...c.answer });
      ids.set(c.type, a.json.id);

      const got = await call('GET', `/api/v0/monitors/${a.json.id}`);
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.json, { monitor: a.json });
    });
  }

  test('the list holds them all and the default connectivity monitor, ordered by type then name', async () => {
    // Two more host monitors, made in reverse name order.
    await createMonitor(h, hostMonitorBody('custom.b', { name: 'zz last host' }), key);
    await createMonitor(h, hostMonitorBody('custom.a', { name: 'aa first host' }), key);
    const all = await list();
    for (const [type, id] of ids)
      assert.ok(
        all.some((m) => m.id === id && m.type === type),
        type,
      );
    assert.ok(
      all.some((m) => m.type === 'connectivity' && m.name === 'connectivity'),
      'the default monitor',
    );
    const order = all.map((m) => `${m.type}/${m.name}`);
    assert.deepEqual(
      order,
      [...order].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
    );
    assert.deepEqual(
      all.filter((m) => m.type === 'host').map((m) => m.name),
      ['aa first host', 'cpu', 'zz last host'],
    );
  });

  test('check monitors, which agents make, are not listed (the Go client stops at an unknown type)', async () => {
    const org = await h.newOrg();
    const host = await createHost(h, { name: 'checked' }, org.key);
    const report = {
      source: { type: 'host', hostId: host },
      name: 'c',
      status: 'OK',
      message: 'ok',
      occurredAt: nowSec(),
    };
    const a = await call('POST', '/api/v0/monitoring/checks/report', { reports: [report] }, org.key);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(
      (await list(org.key)).map((m) => m.type),
      ['connectivity'],
    );
  });

  test('null scopes (Go nil slices) are empty; "service: role" is answered without the space', async () => {
    const a = await call(
      'POST',
      '/api/v0/monitors',
      hostMonitorBody('custom.nil', { scopes: null, excludeScopes: null }),
    );
    assert.equal(a.status, 200, a.text);
    assert.deepEqual([a.json.scopes, a.json.excludeScopes], [[], []]);
    const b = await call('POST', '/api/v0/monitors', hostMonitorBody('custom.sp', { scopes: ['MonSvc: web'] }));
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(b.json.scopes, ['MonSvc:web']);
  });

  test('a monitor in the list is the same as its GET', async () => {
    for (const m of await list()) {
      const got = await call('GET', `/api/v0/monitors/${m.id}`);
      assert.deepEqual(got.json, { monitor: m });
    }
  });
});

describe('PUT /api/v0/monitors/<id> replaces the whole monitor (spec §8.1)', () => {
  test('isMute and scopes omitted are reset', async () => {
    const id = await createMonitor(
      h,
      hostMonitorBody('custom.put', { isMute: true, scopes: ['MonSvc'], excludeScopes: ['MonSvc:db'] }),
      key,
    );
    assert.equal((await call('GET', `/api/v0/monitors/${id}`)).json.monitor.isMute, true);
    const a = await call('PUT', `/api/v0/monitors/${id}`, hostMonitorBody('custom.put', { critical: 20 }));
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.id, id);
    assert.equal(a.json.isMute, false);
    assert.deepEqual(a.json.scopes, []);
    assert.deepEqual(a.json.excludeScopes, []);
    assert.equal(a.json.critical, 20);
    assert.deepEqual((await call('GET', `/api/v0/monitors/${id}`)).json, { monitor: a.json });
  });

  test('a body carrying the id, as the Go client sends a monitor it read, is fine', async () => {
    const id = await createMonitor(h, hostMonitorBody('custom.withid'), key);
    const got = (await call('GET', `/api/v0/monitors/${id}`)).json.monitor;
    const a = await call('PUT', `/api/v0/monitors/${id}`, { ...got, warning: 5 });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { ...got, warning: 5 });
  });

  test('connectivity: alertStatusOnGone omitted is kept', async () => {
    const id = await createMonitor(h, { type: 'connectivity', name: 'gone', alertStatusOnGone: 'WARNING' }, key);
    const a = await call('PUT', `/api/v0/monitors/${id}`, { type: 'connectivity', name: 'gone renamed' });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.alertStatusOnGone, 'WARNING');
    assert.equal(a.json.name, 'gone renamed');
    const b = await call('PUT', `/api/v0/monitors/${id}`, { type: 'connectivity', alertStatusOnGone: 'CRITICAL' });
    assert.equal(b.json.alertStatusOnGone, 'CRITICAL');
  });

  test('external: headers omitted or null are kept; [] clears them', async () => {
    const base = { type: 'external', name: 'api', url: 'http://127.0.0.1:9/api' };
    const headers = [{ name: 'X-Probe', value: 'saba' }];
    const id = await createMonitor(h, { ...base, headers }, key);
    for (const body of [base, { ...base, headers: null }]) {
      const a = await call('PUT', `/api/v0/monitors/${id}`, body);
      assert.equal(a.status, 200, a.text);
      assert.deepEqual(a.json.headers, headers);
    }
    const cleared = await call('PUT', `/api/v0/monitors/${id}`, { ...base, headers: [] });
    assert.deepEqual(cleared.json.headers, []);
    assert.deepEqual((await call('GET', `/api/v0/monitors/${id}`)).json.monitor.headers, []);
  });

  test('the type cannot change: 400, and the monitor stays as it was', async () => {
    const id = await createMonitor(h, hostMonitorBody('custom.typed'), key);
    const before = await call('GET', `/api/v0/monitors/${id}`);
    assertError(await call('PUT', `/api/v0/monitors/${id}`, { type: 'connectivity', name: 'x' }), 400, /type/);
    assert.deepEqual((await call('GET', `/api/v0/monitors/${id}`)).json, before.json);
  });

  test('a 400 on PUT changes nothing', async () => {
    const id = await createMonitor(h, hostMonitorBody('custom.kept'), key);
    const before = await list();
    assertError(await call('PUT', `/api/v0/monitors/${id}`, hostMonitorBody('custom.kept', { duration: 0 })), 400);
    assert.deepEqual(await list(), before);
  });
});

describe('DELETE /api/v0/monitors/<id>', () => {
  test('answers the monitor bare; then it is gone', async () => {
    const id = await createMonitor(h, hostMonitorBody('custom.del'), key);
    const got = (await call('GET', `/api/v0/monitors/${id}`)).json.monitor;
    const a = await call('DELETE', `/api/v0/monitors/${id}`);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, got);
    assertError(await call('GET', `/api/v0/monitors/${id}`), 404);
    assert.ok(!(await list()).some((m) => m.id === id));
    assertError(await call('DELETE', `/api/v0/monitors/${id}`), 404);
  });

  test('closes its open alerts with reason "delete monitor"', async () => {
    const host = await createHost(h, { name: 'mon-del-host' }, key);
    const id = await createMonitor(h, hostMonitorBody('custom.del.alert'), key);
    await postValues(h, 'custom.del.alert', [[host, 50]], nowSec(), key);
    const alert = await openAlertOf(h, id, host, key);
    assert.equal((await call('DELETE', `/api/v0/monitors/${id}`)).status, 200);
    const closed = await closedAlert(h, alert.id, key);
    assert.equal(closed.reason, 'delete monitor');
    assert.equal(typeof closed.closedAt, 'number');
    assert.ok(!(await listAlerts(h, key)).some((x) => x.id === alert.id));
  });
});

describe('404 for a monitor that does not exist', () => {
  for (const method of ['GET', 'PUT', 'DELETE']) {
    test(`${method} /api/v0/monitors/<unknown>`, async () => {
      const body = method === 'PUT' ? hostMonitorBody('custom.none') : undefined;
      assertError(await call(method, '/api/v0/monitors/NoSuchMonitor', body), 404, /Monitor Not Found/);
    });
  }
});

describe('400 for a bad monitor, and nothing is made', () => {
  const host = (extra: Json) => hostMonitorBody('custom.bad', extra);
  const { name: _, ...nameless } = hostMonitorBody('custom.bad');
  const external = (extra: Json) => ({ type: 'external', name: 'e', url: 'http://127.0.0.1:9/', ...extra });
  const query = (q: string) => ({ type: 'query', name: 'q', query: q, operator: '>', warning: null, critical: 1 });
  const cases: ReadonlyArray<readonly [string, Json, RegExp]> = [
    ['type missing', { name: 'x', metric: 'm' }, /"type"/],
    ['an unknown type', { type: 'ping', name: 'x' }, /"type"/],
    ['type check (agents make those)', { type: 'check', name: 'x' }, /check/],
    ['name missing', nameless, /"name"/],
    ['name empty', host({ name: '' }), /"name"/],
    ['operator >=', host({ operator: '>=' }), /"operator"/],
    ['operator missing', host({ operator: undefined }), /"operator"/],
    ['neither warning nor critical', host({ critical: null }), /warning.*critical/],
    ['duration 0', host({ duration: 0 }), /"duration"/],
    ['duration 11', host({ duration: 11 }), /"duration"/],
    ['maxCheckAttempts 11', host({ maxCheckAttempts: 11 }), /"maxCheckAttempts"/],
    ['notificationInterval 5', host({ notificationInterval: 5 }), /"notificationInterval"/],
    ['memo over 2048 characters', host({ memo: 'm'.repeat(2049) }), /"memo"/],
    ['cpu% threshold over 100', hostMonitorBody('cpu%', { critical: 101 }), /0–100/],
    ['an unknown service scope', host({ scopes: ['NoSvc'] }), /NoSvc/],
    ['an unknown role scope', host({ scopes: ['MonSvc:nope'] }), /MonSvc:nope/],
    [
      'service: an unknown service',
      { type: 'service', name: 's', service: 'NoSvc', metric: 'm', operator: '>', critical: 1, duration: 1 },
      /"service".*NoSvc/,
    ],
    [
      'service: missingDurationWarning not a multiple of 10',
      {
        type: 'service',
        name: 's',
        service: 'MonSvc',
        metric: 'm',
        operator: '>',
        critical: 1,
        duration: 1,
        missingDurationWarning: 15,
      },
      /"missingDurationWarning"/,
    ],
    [
      'expression: a syntax error, with its position',
      { type: 'expression', name: 'x', expression: 'avg(hots(h1, x))', operator: '>', critical: 1 },
      /"expression".*unknown function "hots" at 1:5/,
    ],
    [
      'expression: evaluateBackwardMinutes 1',
      {
        type: 'expression',
        name: 'x',
        expression: 'host(h1, x)',
        operator: '>',
        critical: 1,
        evaluateBackwardMinutes: 1,
      },
      /"evaluateBackwardMinutes"/,
    ],
    ['external: url scheme ftp', external({ url: 'ftp://127.0.0.1/file' }), /"url".*ftp/],
    ['external: url missing', external({ url: undefined }), /"url"/],
    ['external: method PATCH', external({ method: 'PATCH' }), /"method"/],
    [
      'external: responseTime without service',
      external({ responseTimeWarning: 500, responseTimeDuration: 3 }),
      /"service"/,
    ],
    ['external: a header name with a space', external({ headers: [{ name: 'X Bad', value: '1' }] }), /"headers"\[0\]/],
    [
      'anomalyDetection: a whole service as scope',
      { type: 'anomalyDetection', name: 'a', scopes: ['MonSvc'], warningSensitivity: 'normal' },
      /role/,
    ],
    [
      'anomalyDetection: no sensitivity',
      { type: 'anomalyDetection', name: 'a', scopes: ['MonSvc:web'] },
      /Sensitivity/,
    ],
    [
      'anomalyDetection: trainingPeriodFrom on create',
      {
        type: 'anomalyDetection',
        name: 'a',
        scopes: ['MonSvc:web'],
        warningSensitivity: 'normal',
        trainingPeriodFrom: nowSec() - 86_400,
      },
      /"trainingPeriodFrom"/,
    ],
    ['query: unbalanced', query('sum(rate(http_requests[5m])'), /"query" is invalid: 1:28: parse error: /],
    ['query: missing', query(''), /"query"/],
  ];
  for (const [what, body, message] of cases) {
    test(what, async () => {
      const before = await list();
      assertError(await call('POST', '/api/v0/monitors', body), 400, message);
      assert.deepEqual(await list(), before);
    });
  }

  test('anomalyDetection: one monitor per role', async () => {
    const body = {
      type: 'anomalyDetection',
      name: 'web anomaly',
      scopes: ['MonSvc:web'],
      criticalSensitivity: 'sensitive',
    };
    const first = await createMonitor(h, body, key);
    const before = await list();
    assertError(await call('POST', '/api/v0/monitors', { ...body, name: 'again' }), 400, /MonSvc:web/);
    assert.deepEqual(await list(), before);
    // Its own PUT is not a second monitor for the role.
    assert.equal((await call('PUT', `/api/v0/monitors/${first}`, { ...body, name: 'renamed' })).status, 200);
  });

  test('a body that is not an object', async () => {
    assertError(await call('POST', '/api/v0/monitors', [hostMonitorBody('custom.arr')]), 400);
    assertError(await h.call('POST', '/api/v0/monitors', { key, raw: 'null\n' }), 400);
  });
});

describe('organizations do not see each other', () => {
  test("another organization's key gets 404 and does not list the monitor", async () => {
    const id = await createMonitor(h, hostMonitorBody('custom.mine'), key);
    const other = await h.newOrg();
    assertError(await call('GET', `/api/v0/monitors/${id}`, undefined, other.key), 404);
    assertError(await call('PUT', `/api/v0/monitors/${id}`, hostMonitorBody('custom.mine'), other.key), 404);
    assertError(await call('DELETE', `/api/v0/monitors/${id}`, undefined, other.key), 404);
    const theirs = await list(other.key);
    assert.deepEqual(
      theirs.map((m) => [m.type, m.name]),
      [['connectivity', 'connectivity']],
    );
    assert.equal((await call('GET', `/api/v0/monitors/${id}`)).status, 200);
  });

  test("scopes are checked against the caller's own services", async () => {
    const other = await h.newOrg();
    assertError(
      await call('POST', '/api/v0/monitors', hostMonitorBody('custom.x', { scopes: ['MonSvc'] }), other.key),
      400,
      /MonSvc/,
    );
  });
});
