// Custom dashboards (spec mackerel-api.md §12, features §5.1): CRUD with every widget, graph and
// metric type in the shape mackerel-client-go sends them, urlPath conflicts, 404s, read-only
// keys, organization isolation, and references to hosts, services and roles deleted since.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let key: string;
let readKey: string;
let otherKey: string;
/** A live host of the test organization. */
let host: string;

/** A urlPath like Mackerel's: segments of letters, digits, `-`, `_`. */
const URL_PATH = /^([A-Za-z0-9_][-A-Za-z0-9_]*)(\/[A-Za-z0-9_][-A-Za-z0-9_]*)*$/;

before(async () => {
  h = await startHarness({}, { monitorTimers: false });
  ({ key, readKey } = await h.newOrg('dashboards'));
  otherKey = (await h.newOrg('dashboards-other')).key;
  host = await createHost(h, { name: 'dash-host' }, key);
  await service('DashSvc', ['web', 'db']);
});
after(async () => {
  await h.close();
});

async function call(method: string, path: string, body?: unknown, k = key) {
  return h.call(method, path, { key: k, ...(body !== undefined ? { body } : {}) });
}

async function service(name: string, roles: string[]): Promise<void> {
  assert.equal((await call('POST', '/api/v0/services', { name })).status, 200);
  for (const role of roles) {
    assert.equal((await call('POST', `/api/v0/services/${name}/roles`, { name: role })).status, 200);
  }
}

async function list(k = key): Promise<Json[]> {
  const a = await call('GET', '/api/v0/dashboards', undefined, k);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['dashboards']);
  return a.json.dashboards as Json[];
}

async function create(body: Json, k = key): Promise<Json> {
  const a = await call('POST', '/api/v0/dashboards', body, k);
  assert.equal(a.status, 200, a.text);
  return a.json as Json;
}

/** Row `i` of the grid: widgets placed one under another never overlap. */
function row(i: number, width = 6, height = 6): Json {
  return { x: 0, y: i * 10, width, height };
}

/** A widget as mackerel-client-go sends it: layout, metric, graph and range always, null when empty. */
function goWidget(i: number, w: Json): Json {
  return { title: `w${i}`, layout: row(i), metric: null, graph: null, range: null, ...w };
}

/** One widget of every type, every graph type and every metric type, in the Go client's shape. */
function everyWidget(): Json[] {
  const graphs: Json[] = [
    { type: 'host', name: 'loadavg5', hostId: host },
    { type: 'role', name: 'cpu', roleFullname: 'DashSvc:web', isStacked: true },
    { type: 'service', name: 'custom.rps', serviceName: 'DashSvc' },
    { type: 'expression', expression: `host(${host}, loadavg5)` },
    { type: 'query', query: 'sum(up)', legend: '{{job}}' },
  ];
  const metrics: Json[] = [
    { type: 'host', name: 'loadavg5', hostId: host },
    { type: 'service', name: 'custom.rps', serviceName: 'DashSvc' },
    { type: 'expression', expression: `max(host(${host}, loadavg5))` },
    { type: 'query', query: 'sum(up)', legend: '' },
  ];
  return [
    ...graphs.map((graph) => ({ type: 'graph', graph })),
    ...metrics.map((metric) => ({ type: 'value', metric })),
    { type: 'markdown', markdown: '# runbook' },
    { type: 'alertStatus', roleFullname: 'DashSvc:web' },
  ].map((w, i) => goWidget(i, w));
}

/** The widgets as Saba answers them: nulls gone, referenceLines and formatRules always present. */
function answeredWidgets(sent: Json[]): Json[] {
  return sent.map(({ metric, graph, range, ...w }) => {
    if (w.type === 'graph') {
      const g =
        graph.type === 'role'
          ? { type: 'role', roleFullname: graph.roleFullname, name: graph.name, isStacked: true }
          : graph;
      return { type: w.type, title: w.title, graph: g, referenceLines: [], layout: w.layout };
    }
    if (w.type === 'value') return { type: w.type, title: w.title, metric, formatRules: [], layout: w.layout };
    return w.type === 'markdown'
      ? { type: w.type, title: w.title, markdown: w.markdown, layout: w.layout }
      : { type: w.type, title: w.title, roleFullname: w.roleFullname, layout: w.layout };
  });
}

describe('CRUD', () => {
  test('create, get, list, replace and delete a dashboard with every widget, graph and metric type', async () => {
    const before = nowSec();
    const sent = everyWidget();
    const made = await create({ title: 'Every widget', urlPath: 'crud/every', memo: 'all of them', widgets: sent });
    assert.deepEqual(Object.keys(made), ['id', 'title', 'memo', 'urlPath', 'widgets', 'createdAt', 'updatedAt']);
    assert.equal(typeof made.id, 'string');
    assert.deepEqual(
      { title: made.title, memo: made.memo, urlPath: made.urlPath, widgets: made.widgets },
      { title: 'Every widget', memo: 'all of them', urlPath: 'crud/every', widgets: answeredWidgets(sent) },
    );
    assert.ok(made.createdAt >= before && made.createdAt <= nowSec() + 1, 'epoch seconds');
    assert.equal(made.updatedAt, made.createdAt);

    const got = await call('GET', `/api/v0/dashboards/${made.id}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json, made);
    assert.deepEqual(
      (await list()).find((d) => d.id === made.id),
      made,
      'the list answers widgets too',
    );

    const replaced = await call('PUT', `/api/v0/dashboards/${made.id}`, {
      title: 'Renamed',
      urlPath: 'crud/renamed',
      memo: '',
      widgets: [goWidget(0, { type: 'markdown', markdown: 'only this' })],
    });
    assert.equal(replaced.status, 200, replaced.text);
    assert.deepEqual(replaced.json, {
      id: made.id,
      title: 'Renamed',
      memo: '',
      urlPath: 'crud/renamed',
      widgets: [{ type: 'markdown', title: 'w0', markdown: 'only this', layout: row(0) }],
      createdAt: made.createdAt,
      updatedAt: replaced.json.updatedAt,
    });
    assert.ok(replaced.json.updatedAt >= made.createdAt);
    assert.deepEqual((await call('GET', `/api/v0/dashboards/${made.id}`)).json, replaced.json);

    const deleted = await call('DELETE', `/api/v0/dashboards/${made.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.json, replaced.json, 'the dashboard as it was');
    assertError(await call('GET', `/api/v0/dashboards/${made.id}`), 404);
    assert.equal(
      (await list()).find((d) => d.id === made.id),
      undefined,
    );
  });

  test('no urlPath (the Go client sends "") makes one up on create and keeps it on update', async () => {
    const made = await create({ title: 'No path', urlPath: '', memo: '', widgets: null });
    assert.match(made.urlPath, URL_PATH);
    assert.deepEqual(made.widgets, []);
    const updated = await call('PUT', `/api/v0/dashboards/${made.id}`, {
      title: 'Still no path',
      urlPath: '',
      memo: '',
    });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.urlPath, made.urlPath);
  });

  test('a body the schema refuses is a 400 naming the widget and field, and stores nothing', async () => {
    const count = (await list()).length;
    const bad: [Json, RegExp][] = [
      [{ urlPath: 'no-title' }, /"title"/],
      [{ title: 't', urlPath: 'bad path' }, /"urlPath"/],
      [
        { title: 't', widgets: [goWidget(0, { type: 'value', title: 'Load', metric: { type: 'unknown' } })] },
        /^widgets\[0\] \(title "Load"\): "metric.type" is "unknown"/,
      ],
      [
        {
          title: 't',
          widgets: [goWidget(0, { type: 'graph', graph: { type: 'host', hostId: 'nosuchhost1', name: 'cpu' } })],
        },
        /^widgets\[0\] \(title "w0"\): "graph.hostId" names no host "nosuchhost1"/,
      ],
      [
        { title: 't', widgets: [goWidget(0, { type: 'alertStatus', roleFullname: 'DashSvc:nope' })] },
        /"roleFullname" names no role "DashSvc:nope"/,
      ],
      [
        {
          title: 't',
          widgets: [goWidget(0, { type: 'markdown' }), { ...goWidget(1, { type: 'markdown' }), layout: row(0) }],
        },
        /^widgets\[0\] \(title "w0"\) overlaps widgets\[1\] \(title "w1"\)/,
      ],
    ];
    for (const [body, pattern] of bad) assertError(await call('POST', '/api/v0/dashboards', body), 400, pattern);
    assert.equal((await list()).length, count);
  });
});

describe('urlPath conflicts', () => {
  test("409 on create with a taken urlPath and on update onto another dashboard's; its own is fine", async () => {
    const a = await create({ title: 'A', urlPath: 'taken/a' });
    const b = await create({ title: 'B', urlPath: 'taken/b' });
    const count = (await list()).length;
    assertError(await call('POST', '/api/v0/dashboards', { title: 'A again', urlPath: 'taken/a' }), 409, /taken\/a/);
    assert.equal((await list()).length, count, 'nothing stored');

    assertError(await call('PUT', `/api/v0/dashboards/${b.id}`, { title: 'B', urlPath: 'taken/a' }), 409);
    assert.equal((await call('GET', `/api/v0/dashboards/${b.id}`)).json.urlPath, 'taken/b', 'unchanged');

    const same = await call('PUT', `/api/v0/dashboards/${a.id}`, { title: 'A2', urlPath: 'taken/a' });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.json.title, 'A2');
  });
});

describe('404s', () => {
  test('GET, PUT and DELETE of a dashboard that does not exist', async () => {
    assertError(await call('GET', '/api/v0/dashboards/nosuchdash1'), 404, /nosuchdash1/);
    assertError(await call('PUT', '/api/v0/dashboards/nosuchdash1', { title: 't', urlPath: 'x404' }), 404);
    assertError(await call('PUT', '/api/v0/dashboards/nosuchdash1', { title: 't' }), 404);
    assertError(await call('DELETE', '/api/v0/dashboards/nosuchdash1'), 404);
    assert.equal(
      (await list()).find((d) => d.urlPath === 'x404'),
      undefined,
    );
  });
});

describe('permissions and isolation', () => {
  test('a read-only key reads dashboards but gets 403 on every write, which changes nothing', async () => {
    const d = await create({ title: 'RO', urlPath: 'ro' });
    const before = await list();
    assert.deepEqual(await list(readKey), before);
    assert.equal((await call('GET', `/api/v0/dashboards/${d.id}`, undefined, readKey)).status, 200);
    assertError(await call('POST', '/api/v0/dashboards', { title: 'x', urlPath: 'ro2' }, readKey), 403);
    assertError(await call('PUT', `/api/v0/dashboards/${d.id}`, { title: 'x', urlPath: 'ro' }, readKey), 403);
    assertError(await call('DELETE', `/api/v0/dashboards/${d.id}`, undefined, readKey), 403);
    assert.deepEqual(await list(), before);
  });

  test('another organization cannot see, change or delete them, and may use the same urlPath', async () => {
    const d = await create({ title: 'Mine', urlPath: 'shared/path' });
    assert.equal(
      (await list(otherKey)).find((x) => x.id === d.id),
      undefined,
    );
    assertError(await call('GET', `/api/v0/dashboards/${d.id}`, undefined, otherKey), 404);
    assertError(await call('PUT', `/api/v0/dashboards/${d.id}`, { title: 'x' }, otherKey), 404);
    assertError(await call('DELETE', `/api/v0/dashboards/${d.id}`, undefined, otherKey), 404);
    const theirs = await create({ title: 'Theirs', urlPath: 'shared/path' }, otherKey);
    assert.notEqual(theirs.id, d.id);
    assert.deepEqual((await call('GET', `/api/v0/dashboards/${d.id}`)).json, d);
    // Their host is not ours to graph.
    const foreignHost = await createHost(h, { name: 'foreign' }, otherKey);
    assertError(
      await call('POST', '/api/v0/dashboards', {
        title: 't',
        widgets: [goWidget(0, { type: 'graph', graph: { type: 'host', hostId: foreignHost, name: 'cpu' } })],
      }),
      400,
      /names no host/,
    );
  });
});

describe('references deleted since', () => {
  test('a retired host, a deleted role and a deleted service answer unknown or null; sending unknown back is refused', async () => {
    const gone = await createHost(h, { name: 'soon-retired' }, key);
    await service('GoneSvc', ['app']);
    await service('KeptSvc', ['app']);
    const widgets = [
      goWidget(0, { type: 'graph', graph: { type: 'host', hostId: gone, name: 'loadavg5' } }),
      goWidget(1, { type: 'value', metric: { type: 'host', hostId: gone, name: 'loadavg5' } }),
      goWidget(2, { type: 'graph', graph: { type: 'role', roleFullname: 'KeptSvc:app', name: 'cpu' } }),
      goWidget(3, { type: 'alertStatus', roleFullname: 'KeptSvc:app' }),
      goWidget(4, { type: 'graph', graph: { type: 'service', serviceName: 'GoneSvc', name: 'rps' } }),
      goWidget(5, { type: 'value', metric: { type: 'service', serviceName: 'GoneSvc', name: 'rps' } }),
      goWidget(6, { type: 'graph', graph: { type: 'host', hostId: host, name: 'loadavg5' } }),
    ];
    const d = await create({ title: 'Refs', urlPath: 'refs', widgets });

    assert.equal((await call('POST', `/api/v0/hosts/${gone}/retire`, null)).status, 200);
    assert.equal((await call('DELETE', '/api/v0/services/KeptSvc/roles/app')).status, 200);
    assert.equal((await call('DELETE', '/api/v0/services/GoneSvc')).status, 200);

    const got = await call('GET', `/api/v0/dashboards/${d.id}`);
    assert.equal(got.status, 200, got.text);
    const refOf = (w: Json) => w.graph ?? w.metric ?? w.roleFullname;
    assert.deepEqual((got.json.widgets as Json[]).map(refOf), [
      { type: 'unknown' },
      { type: 'unknown' },
      { type: 'unknown' },
      null,
      { type: 'unknown' },
      { type: 'unknown' },
      { type: 'host', hostId: host, name: 'loadavg5' },
    ]);
    assert.deepEqual(
      (got.json.widgets as Json[]).map((w) => w.title),
      widgets.map((w) => w.title),
    );
    assert.deepEqual(
      (await list()).find((x) => x.id === d.id),
      got.json,
      'the list resolves references the same way',
    );
    // A client that GETs and PUTs back is told what to fix, and nothing changes.
    assertError(
      await call('PUT', `/api/v0/dashboards/${d.id}`, got.json),
      400,
      /^widgets\[0\] \(title "w0"\): "graph.type" is "unknown"/,
    );
    assert.deepEqual((await call('GET', `/api/v0/dashboards/${d.id}`)).json, got.json);
  });
});
