// Cross-cutting rules of every endpoint (spec mackerel-api.md §1): routing with the agent's bare
// trailing `?`, X-Api-Key, read-only keys, Mackerel's error body, JSON on every 2xx, 404 and 405.
// The other §1.4 quirks are asserted where they live: retire's `null` body (#2) in hosts, the
// metadata Last-Modified (#3) in metadata, null arrays (#4) and int32 createdAt (#7) and verbatim
// meta (#8) in hosts, idempotent /tsdb (#9) in metrics, DELETE with a body (#10) in graph-defs.
// #5 (null monitor thresholds) in monitors; #6 (dashboard widgets) belongs to an endpoint Saba does
// not serve yet.
// Over 500 lines because everyRoute() holds one valid request for every route of the API in one
// table: the rules above are checked against all of them, and a split table would let one slip.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiDeps, apiRoutes } from '@saba/api';
import {
  agentHostInput,
  assertError,
  assertSuccess,
  createHost,
  getHost,
  type Json,
  nowSec,
  qs,
} from '../testing/api-fixtures.ts';
import { type Answer, type Harness, startHarness } from '../testing/harness.ts';
import { createMonitor, hostMonitorBody, openAlertOf, postValues } from '../testing/monitor-fixtures.ts';

let h: Harness;
let readKey: string;
let writeKey: string;
/** Ids made in `before`, used to fill path parameters. */
const ctx = {
  host: '',
  retireMe: '',
  bulkA: '',
  bulkB: '',
  checkId: '',
  t: 0,
  monitor: '',
  monitorGone: '',
  alert: '',
  downtime: '',
  downtimeGone: '',
  group: '',
  groupGone: '',
  channel: '',
  channelGone: '',
  notificationGroup: '',
  notificationGroupGone: '',
  annotation: '',
  annotationGone: '',
  dashboard: '',
  dashboardGone: '',
  userGone: '',
};

before(async () => {
  h = await startHarness();
  const org = await h.newOrg('transport');
  readKey = org.readKey;
  writeKey = org.key;
  ctx.t = nowSec() - 300;
  ctx.host = await createHost(
    h,
    { name: 'tr-host', customIdentifier: 'tr.example', roleFullnames: ['TrSvc:app'] },
    writeKey,
  );
  ctx.retireMe = await createHost(h, { name: 'tr-retire' }, writeKey);
  ctx.bulkA = await createHost(h, { name: 'tr-bulk-a' }, writeKey);
  ctx.bulkB = await createHost(h, { name: 'tr-bulk-b' }, writeKey);
  const setup: ReadonlyArray<readonly [string, string, unknown]> = [
    ['POST', '/api/v0/services', { name: 'TrGone' }],
    ['POST', '/api/v0/services/TrSvc/roles', { name: 'gone' }],
    ['POST', '/api/v0/tsdb', [{ hostId: ctx.host, name: 'loadavg5', time: ctx.t, value: 1 }]],
    ['POST', '/api/v0/services/TrSvc/tsdb', [{ name: 'orders', time: ctx.t, value: 1 }]],
    ['POST', '/api/v0/services/TrSvc/tsdb', [{ name: 'gone.graph', time: ctx.t, value: 1 }]],
    ['POST', '/api/v0/graph-defs/create', [graphDef('custom.tr.gone')]],
    ['PUT', `/api/v0/hosts/${ctx.host}/metadata/gone`, { a: 1 }],
    ['PUT', `/api/v0/hosts/${ctx.host}/metadata/kept`, { a: 1 }],
    ['PUT', '/api/v0/services/TrSvc/metadata/gone', { a: 1 }],
    ['PUT', '/api/v0/services/TrSvc/metadata/kept', { a: 1 }],
    ['PUT', '/api/v0/services/TrSvc/roles/app/metadata/gone', { a: 1 }],
    ['PUT', '/api/v0/services/TrSvc/roles/app/metadata/kept', { a: 1 }],
    ['POST', '/api/v0/monitoring/checks/report', { reports: [checkReport(ctx.host, ctx.t)] }],
  ];
  for (const [method, path, body] of setup) {
    const a = await h.call(method, path, { key: writeKey, body });
    assert.equal(a.status, 200, `${method} ${path}: ${a.text}`);
  }
  const checks = await h.call('GET', '/api/v0/monitoring/checks', { key: writeKey });
  ctx.checkId = checks.json.checks[0].id;

  ctx.monitor = await createMonitor(h, hostMonitorBody('custom.tr.alert'), writeKey);
  ctx.monitorGone = await createMonitor(h, hostMonitorBody('custom.tr.gone'), writeKey);
  // The organization's first user is its creator, whom nobody removes; the second may go.
  await h.addUser('owner', 'transport');
  ctx.userGone = (await h.addUser('viewer', 'transport')).id;
  // A real alert for the alert routes: the breaching post is judged after its answer.
  await postValues(h, 'custom.tr.alert', [[ctx.host, 100]], nowSec(), writeKey);
  ctx.alert = (await openAlertOf(h, ctx.monitor, ctx.host, writeKey)).id;
  const made = async (path: string, body: Json) => {
    const a = await h.call('POST', path, { key: writeKey, body });
    assert.equal(a.status, 200, `POST ${path}: ${a.text}`);
    return a.json.id as string;
  };
  ctx.downtime = await made('/api/v0/downtimes', downtime('tr-downtime'));
  ctx.downtimeGone = await made('/api/v0/downtimes', downtime('tr-downtime-gone'));
  ctx.group = await made('/api/v0/alert-group-settings', { name: 'tr-group', serviceScopes: ['TrSvc'] });
  ctx.groupGone = await made('/api/v0/alert-group-settings', { name: 'tr-group-gone', serviceScopes: ['TrSvc'] });
  ctx.channel = await made('/api/v0/channels', channel('tr-channel'));
  ctx.channelGone = await made('/api/v0/channels', channel('tr-channel-gone'));
  ctx.notificationGroup = await made('/api/v0/notification-groups', { name: 'tr-ng', childChannelIds: [ctx.channel] });
  ctx.notificationGroupGone = await made('/api/v0/notification-groups', { name: 'tr-ng-gone' });
  ctx.annotation = await made('/api/v0/graph-annotations', annotation('tr-annotation'));
  ctx.annotationGone = await made('/api/v0/graph-annotations', annotation('tr-annotation-gone'));
  ctx.dashboard = await made('/api/v0/dashboards', dashboard('tr-dashboard'));
  ctx.dashboardGone = await made('/api/v0/dashboards', dashboard('tr-dashboard-gone'));
});
after(async () => {
  await h.close();
});

function graphDef(name: string): Json {
  return {
    name,
    displayName: name,
    unit: 'float',
    metrics: [{ name: `${name}.v`, displayName: 'v', isStacked: false }],
  };
}

/** A downtime a day ahead: it silences nothing while these tests run. */
function downtime(name: string): Json {
  return { name, start: nowSec() + 86_400, duration: 60 };
}

function channel(name: string): Json {
  return { name, type: 'webhook', url: 'https://hooks.example.com/tr', events: ['alert'] };
}

/** A graph annotation of TrSvc's app role over the last minute. */
function annotation(title: string): Json {
  return { title, from: nowSec() - 60, to: nowSec(), service: 'TrSvc', roles: ['app'] };
}

/** A dashboard with one markdown widget, at its own urlPath. */
function dashboard(title: string): Json {
  const widget = { type: 'markdown', title: 'notes', markdown: '# hi', layout: { x: 0, y: 0, width: 6, height: 4 } };
  return { title, urlPath: title, memo: '', widgets: [widget] };
}

function checkReport(hostId: string, occurredAt: number): Json {
  return { source: { type: 'host', hostId }, name: 'trcheck', status: 'OK', message: 'OK\n', occurredAt };
}

/** One valid request for a route: the route's key (`METHOD /pattern`) and the request. */
interface Call {
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly raw?: string;
}

/**
 * A valid request for every route, in an order that works when run once with a read-write key
 * (creations before the deletions that use them).
 */
function everyRoute(): Call[] {
  const { host, retireMe, bulkA, bulkB, checkId, t, monitor, monitorGone, alert } = ctx;
  const { downtime: dt, downtimeGone, group, groupGone } = ctx;
  const { channel: ch, channelGone, notificationGroup: ng, notificationGroupGone: ngGone } = ctx;
  const range = qs([
    ['name', 'loadavg5'],
    ['from', t - 60],
    ['to', t + 60],
  ]);
  const calls: Call[] = [
    { route: 'POST /api/v0/hosts', method: 'POST', path: '/api/v0/hosts', body: agentHostInput() },
    { route: 'GET /api/v0/hosts', method: 'GET', path: '/api/v0/hosts' },
    { route: 'GET /api/v0/hosts.json', method: 'GET', path: '/api/v0/hosts.json' },
    { route: 'GET /api/v0/hosts/:hostId', method: 'GET', path: `/api/v0/hosts/${host}` },
    {
      route: 'GET /api/v0/hosts-by-custom-identifier/:customIdentifier',
      method: 'GET',
      path: '/api/v0/hosts-by-custom-identifier/tr.example',
    },
    {
      route: 'PUT /api/v0/hosts/:hostId',
      method: 'PUT',
      path: `/api/v0/hosts/${host}`,
      body: {
        name: 'tr-host',
        meta: {},
        customIdentifier: 'tr.example',
        interfaces: null,
        roleFullnames: null,
        // The agent lists the checks it runs; a check no host lists would lose its monitor (spec §6).
        checks: [{ name: 'trcheck' }],
      },
    },
    {
      route: 'POST /api/v0/hosts/:hostId/status',
      method: 'POST',
      path: `/api/v0/hosts/${host}/status`,
      body: { status: 'working' },
    },
    {
      route: 'POST /api/v0/hosts/bulk-update-statuses',
      method: 'POST',
      path: '/api/v0/hosts/bulk-update-statuses',
      body: { status: 'standby', ids: [bulkA, bulkB] },
    },
    {
      route: 'PUT /api/v0/hosts/:hostId/role-fullnames',
      method: 'PUT',
      path: `/api/v0/hosts/${host}/role-fullnames`,
      body: { roleFullnames: ['TrSvc:app', 'TrSvc:gone'] },
    },
    {
      route: 'GET /api/v0/hosts/:hostId/monitored-statuses',
      method: 'GET',
      path: `/api/v0/hosts/${host}/monitored-statuses`,
    },
    {
      route: 'POST /api/v0/tsdb',
      method: 'POST',
      path: '/api/v0/tsdb',
      body: [{ hostId: host, name: 'loadavg5', time: t, value: 2 }],
    },
    { route: 'GET /api/v0/hosts/:hostId/metrics', method: 'GET', path: `/api/v0/hosts/${host}/metrics?${range}` },
    { route: 'GET /api/v0/hosts/:hostId/metric-names', method: 'GET', path: `/api/v0/hosts/${host}/metric-names` },
    {
      route: 'GET /api/v0/tsdb/latest',
      method: 'GET',
      path: `/api/v0/tsdb/latest?${qs([
        ['hostId', host],
        ['name', 'loadavg5'],
      ])}`,
    },
    {
      route: 'POST /api/v0/services/:serviceName/tsdb',
      method: 'POST',
      path: '/api/v0/services/TrSvc/tsdb',
      body: [{ name: 'orders', time: t, value: 2 }],
    },
    {
      route: 'GET /api/v0/services/:serviceName/metrics',
      method: 'GET',
      path: `/api/v0/services/TrSvc/metrics?${qs([
        ['name', 'orders'],
        ['from', t - 60],
        ['to', t + 60],
      ])}`,
    },
    {
      route: 'GET /api/v0/services/:serviceName/metric-names',
      method: 'GET',
      path: '/api/v0/services/TrSvc/metric-names',
    },
    { route: 'GET /api/v0/services', method: 'GET', path: '/api/v0/services' },
    { route: 'POST /api/v0/services', method: 'POST', path: '/api/v0/services', body: { name: 'TrNew', memo: 'm' } },
    { route: 'DELETE /api/v0/services/:serviceName', method: 'DELETE', path: '/api/v0/services/TrGone' },
    {
      route: 'DELETE /api/v0/services/:serviceName/graph-defs/:graphName',
      method: 'DELETE',
      path: '/api/v0/services/TrSvc/graph-defs/gone.*',
    },
    { route: 'GET /api/v0/services/:serviceName/roles', method: 'GET', path: '/api/v0/services/TrSvc/roles' },
    {
      route: 'POST /api/v0/services/:serviceName/roles',
      method: 'POST',
      path: '/api/v0/services/TrSvc/roles',
      body: { name: 'new' },
    },
    {
      route: 'DELETE /api/v0/services/:serviceName/roles/:roleName',
      method: 'DELETE',
      path: '/api/v0/services/TrSvc/roles/gone',
    },
    {
      route: 'POST /api/v0/graph-defs/create',
      method: 'POST',
      path: '/api/v0/graph-defs/create',
      body: [graphDef('custom.tr.new')],
    },
    { route: 'GET /api/v0/graph-defs', method: 'GET', path: '/api/v0/graph-defs' },
    {
      route: 'DELETE /api/v0/graph-defs',
      method: 'DELETE',
      path: '/api/v0/graph-defs',
      body: { name: 'custom.tr.gone' },
    },
    {
      route: 'POST /api/v0/monitoring/checks/report',
      method: 'POST',
      path: '/api/v0/monitoring/checks/report',
      body: { reports: [checkReport(host, t + 60)] },
    },
    { route: 'GET /api/v0/monitoring/checks', method: 'GET', path: '/api/v0/monitoring/checks' },
    { route: 'GET /api/v0/monitoring/checks/:monitorId', method: 'GET', path: `/api/v0/monitoring/checks/${checkId}` },
    { route: 'GET /api/v0/org', method: 'GET', path: '/api/v0/org' },
    { route: 'GET /api/v0/users', method: 'GET', path: '/api/v0/users' },
    { route: 'DELETE /api/v0/users/:userId', method: 'DELETE', path: `/api/v0/users/${ctx.userGone}` },
    { route: 'GET /api/v0/monitors', method: 'GET', path: '/api/v0/monitors' },
    {
      route: 'POST /api/v0/monitors',
      method: 'POST',
      path: '/api/v0/monitors',
      body: hostMonitorBody('custom.tr.new'),
    },
    { route: 'GET /api/v0/monitors/:monitorId', method: 'GET', path: `/api/v0/monitors/${monitor}` },
    {
      route: 'PUT /api/v0/monitors/:monitorId',
      method: 'PUT',
      path: `/api/v0/monitors/${monitor}`,
      body: hostMonitorBody('custom.tr.alert', { name: 'tr renamed' }),
    },
    { route: 'DELETE /api/v0/monitors/:monitorId', method: 'DELETE', path: `/api/v0/monitors/${monitorGone}` },
    { route: 'GET /api/v0/alerts', method: 'GET', path: '/api/v0/alerts' },
    { route: 'GET /api/v0/alerts/:alertId', method: 'GET', path: `/api/v0/alerts/${alert}` },
    {
      route: 'PUT /api/v0/alerts/:alertId',
      method: 'PUT',
      path: `/api/v0/alerts/${alert}`,
      body: { memo: 'looking into it' },
    },
    { route: 'GET /api/v0/alerts/:alertId/logs', method: 'GET', path: `/api/v0/alerts/${alert}/logs` },
    {
      route: 'POST /api/v0/alerts/:alertId/close',
      method: 'POST',
      path: `/api/v0/alerts/${alert}/close`,
      body: { reason: 'fixed by hand' },
    },
    { route: 'GET /api/v0/downtimes', method: 'GET', path: '/api/v0/downtimes' },
    { route: 'POST /api/v0/downtimes', method: 'POST', path: '/api/v0/downtimes', body: downtime('tr-new') },
    { route: 'PUT /api/v0/downtimes/:id', method: 'PUT', path: `/api/v0/downtimes/${dt}`, body: downtime('tr-put') },
    { route: 'DELETE /api/v0/downtimes/:id', method: 'DELETE', path: `/api/v0/downtimes/${downtimeGone}` },
    { route: 'GET /api/v0/alert-group-settings', method: 'GET', path: '/api/v0/alert-group-settings' },
    {
      route: 'POST /api/v0/alert-group-settings',
      method: 'POST',
      path: '/api/v0/alert-group-settings',
      body: { name: 'tr-new', roleScopes: ['TrSvc:app'] },
    },
    {
      route: 'GET /api/v0/alert-group-settings/:id',
      method: 'GET',
      path: `/api/v0/alert-group-settings/${group}`,
    },
    {
      route: 'PUT /api/v0/alert-group-settings/:id',
      method: 'PUT',
      path: `/api/v0/alert-group-settings/${group}`,
      body: { name: 'tr-put', serviceScopes: ['TrSvc'], notificationInterval: 30 },
    },
    {
      route: 'DELETE /api/v0/alert-group-settings/:id',
      method: 'DELETE',
      path: `/api/v0/alert-group-settings/${groupGone}`,
    },
    { route: 'GET /api/v0/channels', method: 'GET', path: '/api/v0/channels' },
    { route: 'POST /api/v0/channels', method: 'POST', path: '/api/v0/channels', body: channel('tr-new') },
    {
      route: 'PUT /api/v0/channels/:channelId',
      method: 'PUT',
      path: `/api/v0/channels/${ch}`,
      body: channel('tr-put'),
    },
    { route: 'POST /api/v0/channels/:channelId/resume', method: 'POST', path: `/api/v0/channels/${ch}/resume` },
    {
      route: 'GET /api/v0/channels/:channelId/deliveries',
      method: 'GET',
      path: `/api/v0/channels/${ch}/deliveries?limit=5`,
    },
    { route: 'DELETE /api/v0/channels/:channelId', method: 'DELETE', path: `/api/v0/channels/${channelGone}` },
    { route: 'GET /api/v0/notification-groups', method: 'GET', path: '/api/v0/notification-groups' },
    {
      route: 'POST /api/v0/notification-groups',
      method: 'POST',
      path: '/api/v0/notification-groups',
      body: { name: 'tr-ng-new', notificationLevel: 'critical', childChannelIds: [ch] },
    },
    {
      route: 'PUT /api/v0/notification-groups/:id',
      method: 'PUT',
      path: `/api/v0/notification-groups/${ng}`,
      body: { name: 'tr-ng-put', childChannelIds: [ch], services: [{ name: 'TrSvc' }] },
    },
    {
      route: 'DELETE /api/v0/notification-groups/:id',
      method: 'DELETE',
      path: `/api/v0/notification-groups/${ngGone}`,
    },
    {
      route: 'POST /api/v0/graph-annotations',
      method: 'POST',
      path: '/api/v0/graph-annotations',
      body: annotation('tr-new'),
    },
    {
      route: 'GET /api/v0/graph-annotations',
      method: 'GET',
      path: `/api/v0/graph-annotations?${qs([
        ['service', 'TrSvc'],
        ['from', t - 60],
        ['to', nowSec()],
      ])}`,
    },
    {
      route: 'PUT /api/v0/graph-annotations/:annotationId',
      method: 'PUT',
      path: `/api/v0/graph-annotations/${ctx.annotation}`,
      body: annotation('tr-put'),
    },
    {
      route: 'DELETE /api/v0/graph-annotations/:annotationId',
      method: 'DELETE',
      path: `/api/v0/graph-annotations/${ctx.annotationGone}`,
    },
    {
      route: 'GET /api/v0/services/:serviceName/roles/:roleName/metric-names',
      method: 'GET',
      path: '/api/v0/services/TrSvc/roles/app/metric-names',
    },
    {
      route: 'GET /api/v0/services/:serviceName/roles/:roleName/metrics',
      method: 'GET',
      path: `/api/v0/services/TrSvc/roles/app/metrics?${range}`,
    },
    {
      route: 'GET /api/v0/expression-graph',
      method: 'GET',
      path: `/api/v0/expression-graph?${qs([
        ['expression', `host(${host}, loadavg5)`],
        ['from', t - 60],
        ['to', t + 60],
      ])}`,
    },
    { route: 'GET /api/v0/dashboards', method: 'GET', path: '/api/v0/dashboards' },
    { route: 'POST /api/v0/dashboards', method: 'POST', path: '/api/v0/dashboards', body: dashboard('tr-new') },
    { route: 'GET /api/v0/dashboards/:dashboardId', method: 'GET', path: `/api/v0/dashboards/${ctx.dashboard}` },
    {
      route: 'PUT /api/v0/dashboards/:dashboardId',
      method: 'PUT',
      path: `/api/v0/dashboards/${ctx.dashboard}`,
      body: dashboard('tr-put'),
    },
    {
      route: 'DELETE /api/v0/dashboards/:dashboardId',
      method: 'DELETE',
      path: `/api/v0/dashboards/${ctx.dashboardGone}`,
    },
  ];
  const targets: ReadonlyArray<readonly [string, string]> = [
    ['/api/v0/hosts/:hostId', `/api/v0/hosts/${host}`],
    ['/api/v0/services/:serviceName', '/api/v0/services/TrSvc'],
    ['/api/v0/services/:serviceName/roles/:roleName', '/api/v0/services/TrSvc/roles/app'],
  ];
  for (const [pattern, base] of targets) {
    calls.push(
      { route: `PUT ${pattern}/metadata/:namespace`, method: 'PUT', path: `${base}/metadata/ns`, body: { owner: 'x' } },
      { route: `GET ${pattern}/metadata/:namespace`, method: 'GET', path: `${base}/metadata/kept` },
      { route: `GET ${pattern}/metadata`, method: 'GET', path: `${base}/metadata` },
      { route: `DELETE ${pattern}/metadata/:namespace`, method: 'DELETE', path: `${base}/metadata/gone` },
    );
  }
  // Retirements last: the retired host is used by nothing after them.
  calls.push(
    {
      route: 'POST /api/v0/hosts/:hostId/retire',
      method: 'POST',
      path: `/api/v0/hosts/${retireMe}/retire`,
      raw: 'null\n',
    },
    {
      route: 'POST /api/v0/hosts/bulk-retire',
      method: 'POST',
      path: '/api/v0/hosts/bulk-retire',
      body: { ids: [bulkA, bulkB] },
    },
  );
  return calls;
}

/**
 * The routes an API key may call, as the server builds them: `METHOD /pattern` and whether it
 * writes. The session and API-key routes are for signed-in users only (session.test.ts).
 */
function routeTable(): Map<string, 'read' | 'write'> {
  // Building the table only captures deps in closures; no handler runs here.
  const routes = apiRoutes({ catalog: {} } as unknown as ApiDeps);
  const table = new Map<string, 'read' | 'write'>();
  for (const r of routes) {
    // Routes that answer in another protocol's shape (remote_write, OTLP) have their own tests.
    if (r.errorReply !== undefined) continue;
    if (r.access === 'read' || r.access === 'write') table.set(`${r.method} ${r.path}`, r.access);
  }
  return table;
}

function send(c: Call, key: string | null, suffix = ''): Promise<Answer> {
  return h.call(c.method, `${c.path}${suffix}`, {
    key,
    ...(c.raw !== undefined ? { raw: c.raw } : c.body !== undefined ? { body: c.body } : {}),
  });
}

/** Every 2xx answer is a non-empty JSON body (spec §1.4 #1): never 204, never empty. */
function assertJson2xx(a: Answer, what: string): void {
  assert.equal(a.status, 200, `${what}: ${a.status} ${a.text}`);
  assert.match(a.headers.get('content-type') ?? '', /^application\/json/, what);
  assert.notEqual(a.text.trim(), '', what);
  assert.notEqual(a.json, undefined, `${what}: body is not JSON: ${a.text}`);
  assert.equal(typeof a.json, 'object', what);
  assert.notEqual(a.json, null, what);
}

describe('the route table', () => {
  test('every route of the server is exercised below (add new routes to everyRoute)', () => {
    const covered = new Set(everyRoute().map((c) => c.route));
    const missing = [...routeTable().keys()].filter((r) => !covered.has(r));
    assert.deepEqual(missing, []);
    const unknown = [...covered].filter((r) => !routeTable().has(r));
    assert.deepEqual(unknown, []);
  });
});

describe('read-only keys (spec §1.2)', () => {
  test('403 with the error body on every write route, and nothing changes; reads succeed', async () => {
    const table = routeTable();
    const servicesBefore = (await h.call('GET', '/api/v0/services', { key: readKey })).json;
    for (const c of everyRoute()) {
      const a = await send(c, readKey);
      if (table.get(c.route) === 'write') assertError(a, 403);
      else assertJson2xx(a, `${c.route} with a read-only key`);
    }
    assert.deepEqual((await h.call('GET', '/api/v0/services', { key: readKey })).json, servicesBefore);
    assert.equal((await getHost(h, ctx.retireMe, readKey)).isRetired, false);
    assert.equal((await getHost(h, ctx.bulkA, readKey)).isRetired, false);
    assert.equal((await h.call('GET', `/api/v0/monitors/${ctx.monitorGone}`, { key: readKey })).status, 200);
    const alert = (await h.call('GET', `/api/v0/alerts/${ctx.alert}`, { key: readKey })).json;
    assert.equal(alert.closedAt, undefined);
    assert.equal(alert.memo, undefined);
  });
});

describe('every 2xx body is non-empty JSON; the agent\'s bare trailing "?" routes like no query', () => {
  test('one valid request per route, each path ending in "?" as agents >= 0.85.1 send it', async () => {
    for (const c of everyRoute()) {
      const a = await send(c, writeKey, c.path.includes('?') ? '' : '?');
      assertJson2xx(a, c.route);
    }
    // The writes took effect.
    assert.equal((await getHost(h, ctx.retireMe, writeKey)).isRetired, true);
    const names = ((await h.call('GET', '/api/v0/services', { key: writeKey })).json.services as Json[]).map(
      (s) => s.name,
    );
    assert.ok(names.includes('TrNew') && !names.includes('TrGone'));
    assertError(await h.call('GET', `/api/v0/monitors/${ctx.monitorGone}`, { key: writeKey }), 404);
    const alert = (await h.call('GET', `/api/v0/alerts/${ctx.alert}`, { key: writeKey })).json;
    assert.equal(alert.status, 'OK');
    assert.equal(alert.memo, 'looking into it');
  });

  test('POST /api/v0/tsdb? stores what it was sent', async () => {
    const t = nowSec() - 120;
    assertSuccess(
      await h.call('POST', '/api/v0/tsdb?', {
        key: writeKey,
        body: [{ hostId: ctx.host, name: 'custom.qmark', time: t, value: 7 }],
      }),
    );
    const a = await h.call(
      'GET',
      `/api/v0/hosts/${ctx.host}/metrics?${qs([
        ['name', 'custom.qmark'],
        ['from', t],
        ['to', t],
      ])}`,
      {
        key: writeKey,
      },
    );
    assert.deepEqual(a.json, { metrics: [{ time: t, value: 7 }] });
  });

  test('GET /api/v0/hosts? answers as GET /api/v0/hosts', async () => {
    const plain = await h.call('GET', '/api/v0/hosts', { key: writeKey });
    const bare = await h.call('GET', '/api/v0/hosts?', { key: writeKey });
    assert.equal(bare.status, 200);
    assert.deepEqual(bare.json, plain.json);
    assert.ok(plain.json.hosts.length > 0);
  });
});

describe('X-Api-Key (spec §1.2, §21)', () => {
  const keys: ReadonlyArray<readonly [string, string | null]> = [
    ['missing', null],
    ['empty', ''],
    ['unknown', 'no-such-key'],
  ];
  const routes: ReadonlyArray<readonly [string, string, unknown]> = [
    ['GET', '/api/v0/hosts', undefined],
    ['GET', '/api/v0/org', undefined],
    ['POST', '/api/v0/hosts', { name: 'x', meta: {} }],
    ['POST', '/api/v0/tsdb', []],
    ['DELETE', '/api/v0/graph-defs', { name: 'custom.x' }],
  ];
  for (const [what, key] of keys) {
    for (const [method, path, body] of routes) {
      test(`${what} key: 403 on ${method} ${path}`, async () => {
        assertError(await h.call(method, path, { key, ...(body !== undefined ? { body } : {}) }), 403);
      });
    }
  }

  test("the agent's own headers are fine alongside the key", async () => {
    const a = await h.call('GET', `/api/v0/hosts/${ctx.host}`, {
      key: writeKey,
      headers: {
        'user-agent': 'mackerel-agent/0.80.0 (Revision 5d8a078c)',
        'x-agent-version': '0.80.0',
        'x-revision': '5d8a078c',
        'accept-encoding': 'gzip',
      },
    });
    assertJson2xx(a, 'agent headers');
  });
});

describe('malformed JSON bodies are 400 with the error body (spec §1.3)', () => {
  const writes: ReadonlyArray<readonly [string, () => string]> = [
    ['POST', () => '/api/v0/hosts'],
    ['PUT', () => `/api/v0/hosts/${ctx.host}`],
    ['POST', () => `/api/v0/hosts/${ctx.host}/status`],
    ['POST', () => '/api/v0/hosts/bulk-update-statuses'],
    ['PUT', () => `/api/v0/hosts/${ctx.host}/role-fullnames`],
    ['POST', () => '/api/v0/hosts/bulk-retire'],
    ['POST', () => '/api/v0/tsdb'],
    ['POST', () => '/api/v0/services/TrSvc/tsdb'],
    ['PUT', () => `/api/v0/hosts/${ctx.host}/metadata/bad`],
    ['POST', () => '/api/v0/services'],
    ['POST', () => '/api/v0/services/TrSvc/roles'],
    ['POST', () => '/api/v0/graph-defs/create'],
    ['DELETE', () => '/api/v0/graph-defs'],
    ['POST', () => '/api/v0/monitoring/checks/report'],
    ['POST', () => '/api/v0/monitors'],
    ['PUT', () => `/api/v0/monitors/${ctx.monitor}`],
    ['PUT', () => `/api/v0/alerts/${ctx.alert}`],
    ['POST', () => `/api/v0/alerts/${ctx.alert}/close`],
    ['POST', () => '/api/v0/downtimes'],
    ['PUT', () => `/api/v0/downtimes/${ctx.downtime}`],
    ['POST', () => '/api/v0/alert-group-settings'],
    ['PUT', () => `/api/v0/alert-group-settings/${ctx.group}`],
    ['POST', () => '/api/v0/channels'],
    ['PUT', () => `/api/v0/channels/${ctx.channel}`],
    ['POST', () => '/api/v0/notification-groups'],
    ['PUT', () => `/api/v0/notification-groups/${ctx.notificationGroup}`],
  ];
  for (const [method, path] of writes) {
    for (const raw of ['{"name":', '[1,]', 'nul', '{"a":1}}']) {
      test(`${method} ${path().replace(/hosts\/[^/]+/, 'hosts/<id>')} with ${JSON.stringify(raw)}`, async () => {
        assertError(await h.call(method, path(), { key: writeKey, raw }), 400);
      });
    }
  }
});

describe('unknown paths and methods', () => {
  const unknown = [
    '/api/v0/nothing',
    '/api/v0/hosts/xyz/nothing',
    '/api/v0/services/TrSvc/roles/app/nothing',
    '/api/v1/hosts',
    '/api/v0',
  ];
  for (const path of unknown) {
    test(`404 JSON for ${path}`, async () => {
      assertError(await h.call('GET', path, { key: writeKey }), 404);
    });
  }

  test('404 JSON for a write outside /api (a GET there is the web UI, web-files.test.ts)', async () => {
    assertError(await h.call('POST', '/nothing', { key: writeKey, body: {} }), 404);
  });

  const wrong: ReadonlyArray<readonly [string, string]> = [
    ['DELETE', '/api/v0/hosts/xyz'],
    ['PATCH', '/api/v0/hosts'],
    ['PUT', '/api/v0/tsdb'],
    ['GET', '/api/v0/graph-defs/create'],
    ['POST', '/api/v0/org'],
    ['DELETE', '/api/v0/monitoring/checks'],
  ];
  for (const [method, path] of wrong) {
    test(`405 JSON for ${method} ${path}, with Allow`, async () => {
      const a = await h.call(method, path, { key: writeKey, ...(method === 'GET' ? {} : { body: {} }) });
      assertError(a, 405);
      assert.notEqual(a.headers.get('allow'), null);
    });
  }

  test('400 JSON for a path with a broken percent escape', async () => {
    assertError(await h.call('GET', '/api/v0/hosts/%E0%A4%A', { key: writeKey }), 400);
  });
});
