// Two organizations on one server: B's key, aimed at A's ids and names on every endpoint of
// Mackerel API §1–7, finds nothing and changes nothing; A's read-only key writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Answer, type Harness, startHarness } from '../testing/harness.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request of the table, and what B (or a read-only key) must get. */
interface Case {
  readonly method: Method;
  readonly path: string;
  readonly body?: unknown;
  /** `missing`: 404 or 400. Otherwise a check of a 200 answer that must hold none of A's data. */
  readonly expect: 'missing' | ((a: Answer) => void);
}

// Strings only A's data holds: they must never appear in an answer to B.
const MARK = {
  hostName: 'alpha-private-host',
  displayName: 'Alpha Private Display',
  ci: 'alpha-ci.example',
  hostMeta: 'alpha-host-meta-secret',
  serviceMeta: 'alpha-service-meta-secret',
  roleMeta: 'alpha-role-meta-secret',
  checkMessage: 'alpha-check-secret',
  graph: 'Alpha secret graph',
  memo: 'alpha-memo-secret',
} as const;
const SVC = 'alphasvc';
const ROLE = 'web';
const NOW = Math.floor(Date.now() / 1000);
const T = NOW - (NOW % 60) - 120;

const hostInput = (name: string) => ({
  name,
  displayName: MARK.displayName,
  customIdentifier: MARK.ci,
  memo: MARK.memo,
  meta: { 'agent-version': '0.80.0', kernel: { name: 'Linux' } },
  interfaces: [{ name: 'eth0', ipv4Addresses: ['192.0.2.10'], macAddress: '02:00:00:00:00:0a' }],
  roleFullnames: [`${SVC}:${ROLE}`],
  checks: [{ name: 'alphacheck', memo: MARK.memo }],
});

const empty = (key: string) => (a: Answer) => {
  assert.equal(a.status, 200, a.text);
  const list = a.json[key];
  assert.ok(Array.isArray(list), a.text);
  assert.deepEqual(list, []);
};

/** Every endpoint of this scope, aimed at A's host, service, role, graph and check monitor. */
function casesAgainst(hostId: string, monitorId: string): Case[] {
  const h = `/api/v0/hosts/${hostId}`;
  const s = `/api/v0/services/${SVC}`;
  const r = `${s}/roles/${ROLE}`;
  const range = `from=${T - 600}&to=${T + 600}`;
  return [
    // Hosts (spec §2)
    { method: 'GET', path: h, expect: 'missing' },
    { method: 'PUT', path: h, body: hostInput('taken-over'), expect: 'missing' },
    { method: 'POST', path: `${h}/status`, body: { status: 'poweroff' }, expect: 'missing' },
    {
      method: 'POST',
      path: '/api/v0/hosts/bulk-update-statuses',
      body: { status: 'poweroff', ids: [hostId] },
      expect: 'missing',
    },
    { method: 'PUT', path: `${h}/role-fullnames`, body: { roleFullnames: ['other:role'] }, expect: 'missing' },
    { method: 'POST', path: `${h}/retire`, body: null, expect: 'missing' },
    { method: 'POST', path: '/api/v0/hosts/bulk-retire', body: { ids: [hostId] }, expect: 'missing' },
    { method: 'GET', path: '/api/v0/hosts', expect: empty('hosts') },
    { method: 'GET', path: '/api/v0/hosts.json', expect: empty('hosts') },
    { method: 'GET', path: `/api/v0/hosts?service=${SVC}&role=${ROLE}`, expect: empty('hosts') },
    { method: 'GET', path: `/api/v0/hosts?service=${SVC}`, expect: empty('hosts') },
    { method: 'GET', path: `/api/v0/hosts?name=${MARK.hostName}`, expect: empty('hosts') },
    { method: 'GET', path: `/api/v0/hosts?customIdentifier=${MARK.ci}`, expect: empty('hosts') },
    {
      method: 'GET',
      path: `/api/v0/hosts?customIdentifier=${MARK.ci}&status=working&status=standby&status=maintenance&status=poweroff`,
      expect: empty('hosts'),
    },
    { method: 'GET', path: `/api/v0/hosts-by-custom-identifier/${MARK.ci}`, expect: 'missing' },
    {
      method: 'GET',
      path: `/api/v0/hosts-by-custom-identifier/${MARK.ci.toUpperCase()}?caseInsensitive=true`,
      expect: 'missing',
    },
    { method: 'GET', path: `${h}/metric-names`, expect: 'missing' },
    { method: 'GET', path: `${h}/monitored-statuses`, expect: 'missing' },
    // Host metrics (spec §4)
    { method: 'GET', path: `${h}/metrics?name=loadavg5&${range}`, expect: 'missing' },
    {
      method: 'GET',
      path: `/api/v0/tsdb/latest?hostId=${hostId}&name=loadavg5&name=custom.alpha.value`,
      expect: (a) => {
        assert.equal(a.status, 200, a.text);
        assert.equal(a.json.tsdbLatest?.[hostId], undefined, a.text);
      },
    },
    {
      method: 'POST',
      path: '/api/v0/tsdb',
      body: [{ hostId, name: 'loadavg5', time: T, value: -1 }],
      expect: 'missing',
    },
    { method: 'POST', path: '/api/v0/graph-defs/create', body: [], expect: (a) => assert.equal(a.status, 200, a.text) },
    { method: 'GET', path: '/api/v0/graph-defs', expect: empty('graphDefs') },
    { method: 'DELETE', path: '/api/v0/graph-defs', body: { name: 'custom.alpha' }, expect: 'missing' },
    // Metadata (spec §3)
    { method: 'GET', path: `${h}/metadata`, expect: 'missing' },
    { method: 'GET', path: `${h}/metadata/hm`, expect: 'missing' },
    { method: 'PUT', path: `${h}/metadata/hm`, body: { x: 1 }, expect: 'missing' },
    { method: 'PUT', path: `${h}/metadata/newns`, body: { x: 1 }, expect: 'missing' },
    { method: 'DELETE', path: `${h}/metadata/hm`, expect: 'missing' },
    { method: 'GET', path: `${s}/metadata`, expect: 'missing' },
    { method: 'GET', path: `${s}/metadata/sm`, expect: 'missing' },
    { method: 'PUT', path: `${s}/metadata/sm`, body: { x: 1 }, expect: 'missing' },
    { method: 'DELETE', path: `${s}/metadata/sm`, expect: 'missing' },
    { method: 'GET', path: `${r}/metadata`, expect: 'missing' },
    { method: 'GET', path: `${r}/metadata/rm`, expect: 'missing' },
    { method: 'PUT', path: `${r}/metadata/rm`, body: { x: 1 }, expect: 'missing' },
    { method: 'DELETE', path: `${r}/metadata/rm`, expect: 'missing' },
    // Services and service metrics (spec §5, §7)
    { method: 'GET', path: '/api/v0/services', expect: empty('services') },
    { method: 'GET', path: `${s}/roles`, expect: 'missing' },
    { method: 'POST', path: `${s}/roles`, body: { name: 'intruder', memo: '' }, expect: 'missing' },
    { method: 'DELETE', path: r, expect: 'missing' },
    { method: 'DELETE', path: s, expect: 'missing' },
    { method: 'POST', path: `${s}/tsdb`, body: [{ name: 'svc.req', time: T, value: -1 }], expect: 'missing' },
    { method: 'GET', path: `${s}/metrics?name=svc.req&${range}`, expect: 'missing' },
    { method: 'GET', path: `${s}/metric-names`, expect: 'missing' },
    // Check monitoring (spec §6)
    { method: 'GET', path: '/api/v0/monitoring/checks', expect: empty('checks') },
    { method: 'GET', path: `/api/v0/monitoring/checks/${monitorId}`, expect: 'missing' },
    {
      method: 'POST',
      path: '/api/v0/monitoring/checks/report',
      body: {
        reports: [
          { source: { type: 'host', hostId }, name: 'alphacheck', status: 'OK', message: 'ok', occurredAt: NOW },
        ],
      },
      expect: 'missing',
    },
    // Organization (spec §14)
    {
      method: 'GET',
      path: '/api/v0/org',
      expect: (a) => {
        assert.equal(a.status, 200, a.text);
        assert.equal(a.json.name, bName);
      },
    },
  ];
}

let bName = '';

/** Everything A can see, read with A's key; compared before and after B's (and the read key's) attempts. */
async function snapshotA(h: Harness, key: string, hostId: string) {
  const get = async (path: string) => {
    const a = await h.call('GET', path, { key });
    assert.equal(a.status, 200, `${path}: ${a.text}`);
    return a.json;
  };
  const range = `from=${T - 600}&to=${T + 600}`;
  const host = await get(`/api/v0/hosts/${hostId}`);
  return {
    host,
    hosts: await get('/api/v0/hosts'),
    byCi: await get(`/api/v0/hosts-by-custom-identifier/${MARK.ci}`),
    names: await get(`/api/v0/hosts/${hostId}/metric-names`),
    loadavg: await get(`/api/v0/hosts/${hostId}/metrics?name=loadavg5&${range}`),
    custom: await get(`/api/v0/hosts/${hostId}/metrics?name=custom.alpha.value&${range}`),
    latest: await get(`/api/v0/tsdb/latest?hostId=${hostId}&name=loadavg5&name=custom.alpha.value`),
    monitored: await get(`/api/v0/hosts/${hostId}/monitored-statuses`),
    hostMetaList: await get(`/api/v0/hosts/${hostId}/metadata`),
    hostMeta: await get(`/api/v0/hosts/${hostId}/metadata/hm`),
    svcMetaList: await get(`/api/v0/services/${SVC}/metadata`),
    svcMeta: await get(`/api/v0/services/${SVC}/metadata/sm`),
    roleMetaList: await get(`/api/v0/services/${SVC}/roles/${ROLE}/metadata`),
    roleMeta: await get(`/api/v0/services/${SVC}/roles/${ROLE}/metadata/rm`),
    services: await get('/api/v0/services'),
    roles: await get(`/api/v0/services/${SVC}/roles`),
    svcNames: await get(`/api/v0/services/${SVC}/metric-names`),
    svcMetrics: await get(`/api/v0/services/${SVC}/metrics?name=svc.req&${range}`),
    graphDefs: await get('/api/v0/graph-defs'),
    checks: await get('/api/v0/monitoring/checks'),
  };
}

/** No string of A's data in the answer, except one B itself sent (an error may echo B's input). */
function assertNoMarks(a: Answer, c: Case): void {
  const sent = `${c.path} ${JSON.stringify(c.body)}`;
  for (const m of Object.values(MARK)) {
    if (!sent.includes(m)) assert.ok(!a.text.includes(m), `leaked "${m}": ${a.text}`);
  }
}

describe('tenant isolation', () => {
  let h: Harness;
  let a: { name: string; key: string; readKey: string };
  let b: { name: string; key: string; readKey: string };
  let hostId = '';
  let monitorId = '';
  let before0: Awaited<ReturnType<typeof snapshotA>>;

  before(async () => {
    h = await startHarness();
    a = await h.newOrg();
    b = await h.newOrg();
    bName = b.name;
    const ok = async (method: Method, path: string, body?: unknown) => {
      const res = await h.call(method, path, { key: a.key, body });
      assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
      return res.json;
    };
    hostId = (await ok('POST', '/api/v0/hosts', { ...hostInput(MARK.hostName) })).id;
    await ok('PUT', `/api/v0/hosts/${hostId}/metadata/hm`, { secret: MARK.hostMeta });
    await ok('PUT', `/api/v0/services/${SVC}/metadata/sm`, { secret: MARK.serviceMeta });
    await ok('PUT', `/api/v0/services/${SVC}/roles/${ROLE}/metadata/rm`, { secret: MARK.roleMeta });
    await ok('POST', `/api/v0/services/${SVC}/tsdb`, [
      { name: 'svc.req', time: T - 60, value: 10 },
      { name: 'svc.req', time: T, value: 11 },
    ]);
    await ok('POST', '/api/v0/tsdb', [
      { hostId, name: 'loadavg5', time: T - 60, value: 0.5 },
      { hostId, name: 'loadavg5', time: T, value: 0.75 },
      { hostId, name: 'custom.alpha.value', time: T, value: 42 },
    ]);
    await ok('POST', '/api/v0/graph-defs/create', [
      {
        name: 'custom.alpha',
        displayName: MARK.graph,
        unit: 'integer',
        metrics: [{ name: 'custom.alpha.value', displayName: 'v', isStacked: false }],
      },
    ]);
    await ok('POST', '/api/v0/monitoring/checks/report', {
      reports: [
        {
          source: { type: 'host', hostId },
          name: 'alphacheck',
          status: 'CRITICAL',
          message: MARK.checkMessage,
          occurredAt: NOW - 30,
        },
      ],
    });
    const checks = await ok('GET', '/api/v0/monitoring/checks');
    monitorId = checks.checks[0].id;
    before0 = await snapshotA(h, a.key, hostId);
    // The setup is what the table aims at.
    assert.equal(before0.host.host.name, MARK.hostName);
    assert.equal(before0.hosts.hosts.length, 1);
    assert.equal(before0.loadavg.metrics.length, 2);
    assert.equal(
      before0.monitored.monitoredStatuses.find((x: { detail?: unknown }) => x.detail !== undefined)?.status,
      'CRITICAL',
    );
    assert.equal(before0.graphDefs.graphDefs.length, 1);
  });
  after(() => h.close());

  test("B's key on every endpoint, aimed at A's ids and names: 404/400 or empty, never A's data", async () => {
    const cases = casesAgainst(hostId, monitorId);
    assert.equal(cases.length, 49);
    const failures: string[] = [];
    for (const c of cases) {
      const what = `${c.method} ${c.path}`;
      const res = await h.call(c.method, c.path, { key: b.key, ...(c.body !== undefined ? { body: c.body } : {}) });
      try {
        assertNoMarks(res, c);
        assert.notEqual(res.json, undefined, `${what}: not JSON`);
        if (c.expect === 'missing') {
          assert.ok(res.status === 404 || res.status === 400, `${what}: ${res.status} ${res.text}`);
          assert.equal(typeof res.json.error?.message, 'string', `${what}: error body`);
        } else {
          c.expect(res);
        }
      } catch (err) {
        failures.push(`${what}: ${(err as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await snapshotA(h, a.key, hostId), before0, "A's data is unchanged");
  });

  test('B may use the same names as A (service, custom identifier, graph def) without touching A', async () => {
    const call = (method: Method, path: string, body?: unknown) => h.call(method, path, { key: b.key, body });
    const created = await call('POST', '/api/v0/hosts', {
      ...hostInput('bravo-host'),
      displayName: 'bravo',
      memo: 'bravo',
    });
    assert.equal(created.status, 200, created.text);
    const bHost = created.json.id as string;
    assert.notEqual(bHost, hostId);
    assert.equal(
      (await call('POST', '/api/v0/tsdb', [{ hostId: bHost, name: 'loadavg5', time: T, value: 99 }])).status,
      200,
    );
    assert.equal((await call('PUT', `/api/v0/services/${SVC}/metadata/sm`, { mine: 'bravo' })).status, 200);
    assert.equal((await call('PUT', `/api/v0/hosts/${bHost}/metadata/hm`, { mine: 'bravo' })).status, 200);
    assert.equal(
      (await call('POST', `/api/v0/services/${SVC}/tsdb`, [{ name: 'svc.req', time: T, value: 99 }])).status,
      200,
    );
    const gd = [
      {
        name: 'custom.alpha',
        displayName: 'bravo graph',
        unit: 'float',
        metrics: [{ name: 'custom.alpha.value', displayName: 'b', isStacked: true }],
      },
    ];
    assert.equal((await call('POST', '/api/v0/graph-defs/create', gd)).status, 200);
    const report = {
      source: { type: 'host', hostId: bHost },
      name: 'alphacheck',
      status: 'OK',
      message: 'bravo ok',
      occurredAt: NOW,
    };
    assert.equal((await call('POST', '/api/v0/monitoring/checks/report', { reports: [report] })).status, 200);

    // B sees only its own.
    const byCi = await call('GET', `/api/v0/hosts-by-custom-identifier/${MARK.ci}`);
    assert.equal(byCi.json.host.id, bHost);
    const latest = await call('GET', `/api/v0/tsdb/latest?hostId=${bHost}&hostId=${hostId}&name=loadavg5`);
    assert.deepEqual(latest.json, { tsdbLatest: { [bHost]: { loadavg5: { time: T, value: 99 } } } });
    const bChecks = (await call('GET', '/api/v0/monitoring/checks')).json.checks;
    assert.equal(bChecks.length, 1);
    assert.notEqual(bChecks[0].id, monitorId, 'check monitors are per organization');
    assert.deepEqual((await call('GET', '/api/v0/graph-defs')).json, { graphDefs: gd });
    assert.deepEqual((await call('GET', '/api/v0/services')).json, {
      services: [{ name: SVC, memo: '', roles: [ROLE] }],
    });

    // And A still sees exactly what it had.
    assert.deepEqual(await snapshotA(h, a.key, hostId), before0);

    // Clean B's host away so the next test sees the setup as it was.
    assert.equal((await call('POST', `/api/v0/hosts/${bHost}/retire`, null)).status, 200);
  });

  test("A's read-only key gets 403 on every write endpoint, and nothing changes", async () => {
    const writes = casesAgainst(hostId, monitorId).filter((c) => c.method !== 'GET');
    const extra: Case[] = [
      { method: 'POST', path: '/api/v0/hosts', body: hostInput('read-only'), expect: 'missing' },
      { method: 'POST', path: '/api/v0/services', body: { name: 'newsvc', memo: '' }, expect: 'missing' },
      {
        method: 'POST',
        path: '/api/v0/graph-defs/create',
        body: [{ name: 'custom.ro', metrics: [{ name: 'custom.ro.v', isStacked: false }] }],
        expect: 'missing',
      },
    ];
    const all = [...writes, ...extra];
    assert.equal(all.length, 24);
    const failures: string[] = [];
    for (const c of all) {
      const res = await h.call(c.method, c.path, { key: a.readKey, ...(c.body !== undefined ? { body: c.body } : {}) });
      if (res.status !== 403 || typeof res.json?.error?.message !== 'string')
        failures.push(`${c.method} ${c.path}: ${res.status} ${res.text}`);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await snapshotA(h, a.key, hostId), before0);
    // The read-only key reads.
    assert.deepEqual(await snapshotA(h, a.readKey, hostId), before0);
  });
});
