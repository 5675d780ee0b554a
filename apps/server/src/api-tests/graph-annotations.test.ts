// Graph annotations (spec mackerel-api.md §13, features §1.7): the bodies mackerel-client-go and
// `mkr annotations` send (empty fields omitted), listing by time range, every refusal with its
// message, read-only keys, isolation between organizations, and the service delete.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, type Json, qs } from '../testing/api-fixtures.ts';
import { type Answer, type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness({}, { monitorTimers: false });
});
after(async () => {
  await h.close();
});

const BASE = '/api/v0/graph-annotations';
/** 2017-01-10: the API docs' example times. */
const T = 1_484_000_000;

/** A fresh organization with service `Blog` (roles app, db) and service `Shop`. */
async function setUp(): Promise<{ key: string; readKey: string }> {
  const org = await h.newOrg();
  const ok = async (path: string, body: Json) =>
    assert.equal((await h.call('POST', path, { key: org.key, body })).status, 200, path);
  await ok('/api/v0/services', { name: 'Blog' });
  await ok('/api/v0/services/Blog/roles', { name: 'app' });
  await ok('/api/v0/services/Blog/roles', { name: 'db' });
  await ok('/api/v0/services', { name: 'Shop' });
  return org;
}

/** What `mkr annotations create` sends for `--title deploy --from T --to T+30 -s Blog`, plus `extra`. */
function body(extra: Json = {}): Json {
  return { title: 'deploy', from: T, to: T + 30, service: 'Blog', ...extra };
}

async function create(key: string, b: Json): Promise<Json> {
  const a = await h.call('POST', BASE, { key, body: b });
  assert.equal(a.status, 200, a.text);
  return a.json as Json;
}

function list(key: string, service: string, from: number | string, to: number | string): Promise<Answer> {
  return h.call(
    'GET',
    `${BASE}?${qs([
      ['service', service],
      ['from', from],
      ['to', to],
    ])}`,
    { key },
  );
}

async function listed(key: string, service = 'Blog', from = 0, to = T * 2): Promise<Json[]> {
  const a = await list(key, service, from, to);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['graphAnnotations']);
  return a.json.graphAnnotations as Json[];
}

describe('graph annotations: create, list, update, delete', () => {
  test('round trip with the fields the Go client sends; answers put id first', async () => {
    const { key } = await setUp();
    const sent = body({ description: 'link: https://example.com/', roles: ['app', 'db'] });
    const made = await create(key, sent);
    assert.equal(typeof made.id, 'string');
    assert.deepEqual(Object.keys(made), ['id', 'title', 'description', 'from', 'to', 'service', 'roles']);
    assert.deepEqual(made, { id: made.id, ...sent });
    assert.deepEqual(await listed(key), [made]);

    // The Go client's struct carries `id`; the path names the annotation, the body's id is ignored.
    const put = { id: 'someOtherId', title: 'rollback', from: T + 60, to: T + 90, service: 'Shop' };
    const a = await h.call('PUT', `${BASE}/${made.id}`, { key, body: put });
    assert.equal(a.status, 200, a.text);
    const updated = { id: made.id, title: 'rollback', description: '', from: T + 60, to: T + 90, service: 'Shop' };
    assert.deepEqual(a.json, updated, 'a PUT replaces everything: description and roles are gone');
    assert.deepEqual(await listed(key), []);
    assert.deepEqual(await listed(key, 'Shop'), [updated]);

    const d = await h.call('DELETE', `${BASE}/${made.id}`, { key });
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(d.json, updated);
    assert.deepEqual(await listed(key, 'Shop'), []);
    assertError(await h.call('DELETE', `${BASE}/${made.id}`, { key }), 404, /Graph Annotation Not Found/);
  });

  test('no roles (absent, null or []) is a whole-service annotation, answered without "roles"', async () => {
    const { key } = await setUp();
    // mkr without --description and --role: the Go client omits both (omitempty).
    const bare = await create(key, body());
    assert.deepEqual(bare, { id: bare.id, title: 'deploy', description: '', from: T, to: T + 30, service: 'Blog' });
    const withNull = await create(key, body({ roles: null, description: null }));
    assert.equal(withNull.roles, undefined);
    assert.equal(withNull.description, '');
    const withEmpty = await create(key, body({ roles: [] }));
    assert.equal(withEmpty.roles, undefined);
    const listedRoles = (await listed(key)).map((g) => g.roles);
    assert.deepEqual(listedRoles, [undefined, undefined, undefined]);
  });

  test('repeated roles are kept once, in their first place', async () => {
    const { key } = await setUp();
    const made = await create(key, body({ roles: ['db', 'app', 'db'] }));
    assert.deepEqual(made.roles, ['db', 'app']);
  });

  test('the limits are inclusive: 250-character title, 1024-character description, from = to, from 0', async () => {
    const { key } = await setUp();
    const made = await create(key, body({ title: 'é'.repeat(250), description: '🐟'.repeat(1024), from: 0, to: 0 }));
    assert.equal(made.title, 'é'.repeat(250));
    assert.equal(made.description, '🐟'.repeat(1024), 'characters, not UTF-16 units');
    assert.deepEqual(await listed(key, 'Blog', 0, 0), [made]);
  });
});

describe('GET /api/v0/graph-annotations', () => {
  test('every annotation of the service intersecting [from, to], endpoints included, by from', async () => {
    const { key } = await setUp();
    const span = await create(key, body({ title: 'span', from: T + 100, to: T + 200 }));
    const role = await create(key, body({ title: 'role', from: T + 50, to: T + 150, roles: ['db'] }));
    const point = await create(key, body({ title: 'point', from: T + 300, to: T + 300 }));
    await create(key, body({ title: 'other service', service: 'Shop', from: T + 100, to: T + 200 }));
    const titles = async (from: number, to: number) =>
      (await listed(key, 'Blog', T + from, T + to)).map((g) => g.title);

    assert.deepEqual(await listed(key), [role, span, point]);
    assert.deepEqual(await titles(0, 49), []);
    assert.deepEqual(await titles(0, 50), ['role'], "touching the role annotation's start");
    assert.deepEqual(await titles(150, 160), ['role', 'span'], "touching the role annotation's end");
    assert.deepEqual(await titles(151, 199), ['span']);
    assert.deepEqual(await titles(200, 200), ['span']);
    assert.deepEqual(await titles(201, 299), []);
    assert.deepEqual(await titles(300, 400), ['point']);
    assert.deepEqual(
      (await listed(key, 'Shop')).map((g) => g.title),
      ['other service'],
    );
  });

  const bad: ReadonlyArray<readonly [string, Json, RegExp]> = [
    ['no service', { from: 0, to: 1 }, /"service" is required/],
    ['an empty service', { service: '', from: 0, to: 1 }, /"service" is required/],
    ['no from', { service: 'Blog', to: 1 }, /"from" \(epoch seconds\) is required/],
    ['no to', { service: 'Blog', from: 0 }, /"to" \(epoch seconds\) is required/],
    ['a non-numeric from', { service: 'Blog', from: 'yesterday', to: 1 }, /"from" must be epoch seconds/],
    ['a negative to', { service: 'Blog', from: 0, to: -1 }, /"to" must be epoch seconds/],
    ['from after to', { service: 'Blog', from: 2, to: 1 }, /"to" \(1\) is before "from" \(2\)/],
  ];
  for (const [what, params, message] of bad) {
    test(`400 for ${what}`, async () => {
      const { key } = await setUp();
      const pairs = Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]);
      assertError(await h.call('GET', `${BASE}?${qs(pairs)}`, { key }), 400, message);
    });
  }

  test('404 for an unknown service', async () => {
    const { key } = await setUp();
    assertError(await list(key, 'Nope', 0, 1), 404, /^Service Not Found\. \(name: Nope\)$/);
  });
});

describe('refused writes', () => {
  const cases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['a body that is not an object', [body()], /request body must be a JSON object/],
    ['no title', { ...body(), title: undefined }, /"title" is required/],
    ['an empty title', body({ title: '' }), /"title" must not be empty/],
    ['a title that is not a string', body({ title: 7 }), /"title" must be a string/],
    ['a 251-character title', body({ title: 'x'.repeat(251) }), /"title" is longer than 250 characters/],
    ['a description that is not a string', body({ description: ['a'] }), /"description" must be a string/],
    [
      'a 1025-character description',
      body({ description: 'x'.repeat(1025) }),
      /"description" is longer than 1024 characters/,
    ],
    ['no from', { ...body(), from: undefined }, /"from" is required/],
    ['no to', { ...body(), to: undefined }, /"to" is required/],
    ['a from in a string', body({ from: String(T) }), /"from" must be epoch seconds/],
    ['a fractional to', body({ to: T + 0.5 }), /"to" must be epoch seconds/],
    ['a negative from', body({ from: -1 }), /"from" must be epoch seconds/],
    ['from after to', body({ from: T + 31 }), /"from" \(1484000031\) is after "to" \(1484000030\)/],
    ['no service', { ...body(), service: undefined }, /"service" is required/],
    ['a service that is not a string', body({ service: ['Blog'] }), /"service" must be a string/],
    ['roles that are not an array', body({ roles: 'app' }), /"roles" must be an array/],
    ['a role that is not a string', body({ roles: ['app', 1] }), /"roles"\[1\] must be a string/],
  ];
  for (const [what, sent, message] of cases) {
    test(`400 for ${what}, on POST and PUT; nothing changes`, async () => {
      const { key } = await setUp();
      const kept = await create(key, body({ title: 'kept' }));
      assertError(await h.call('POST', BASE, { key, body: sent }), 400, message);
      assertError(await h.call('PUT', `${BASE}/${kept.id}`, { key, body: sent }), 400, message);
      assert.deepEqual(await listed(key), [kept]);
    });
  }

  test('404 for an unknown service or role, on POST and PUT; nothing changes', async () => {
    const { key } = await setUp();
    const kept = await create(key, body({ title: 'kept' }));
    const notFound: ReadonlyArray<readonly [Json, RegExp]> = [
      [body({ service: 'Nope' }), /^Service Not Found\. \(name: Nope\)$/],
      // A role of another service is not a role of this one.
      [body({ service: 'Shop', roles: ['app'] }), /^Role Not Found\. \(Shop:app\)$/],
      [body({ roles: ['app', 'web'] }), /^Role Not Found\. \(Blog:web\)$/],
    ];
    for (const [sent, message] of notFound) {
      assertError(await h.call('POST', BASE, { key, body: sent }), 404, message);
      assertError(await h.call('PUT', `${BASE}/${kept.id}`, { key, body: sent }), 404, message);
    }
    assert.deepEqual(await listed(key), [kept]);
    assert.deepEqual(await listed(key, 'Shop'), []);
  });

  test('404 for an unknown annotation id on PUT and DELETE, even with a bad body', async () => {
    const { key } = await setUp();
    const message = /^Graph Annotation Not Found\. \(id: absent00000\)$/;
    assertError(await h.call('PUT', `${BASE}/absent00000`, { key, body: body() }), 404, message);
    assertError(await h.call('PUT', `${BASE}/absent00000`, { key, body: {} }), 404, message);
    assertError(await h.call('DELETE', `${BASE}/absent00000`, { key }), 404, message);
    assert.deepEqual(await listed(key), []);
  });
});

describe('permissions and organizations', () => {
  test('a read-only key lists but gets 403 on every write, and nothing changes', async () => {
    const { key, readKey } = await setUp();
    const kept = await create(key, body({ roles: ['app'] }));
    assert.deepEqual(await listed(readKey), [kept]);
    assertError(await h.call('POST', BASE, { key: readKey, body: body({ title: 'new' }) }), 403);
    assertError(await h.call('PUT', `${BASE}/${kept.id}`, { key: readKey, body: body({ title: 'changed' }) }), 403);
    assertError(await h.call('DELETE', `${BASE}/${kept.id}`, { key: readKey }), 403);
    assert.deepEqual(await listed(key), [kept]);
  });

  test('another organization sees nothing and changes nothing', async () => {
    const mine = await setUp();
    const kept = await create(mine.key, body({ roles: ['db'] }));
    const other = await h.newOrg();
    assertError(await list(other.key, 'Blog', 0, T * 2), 404, /Service Not Found/);
    assertError(await h.call('POST', BASE, { key: other.key, body: body() }), 404, /Service Not Found/);
    assertError(await h.call('PUT', `${BASE}/${kept.id}`, { key: other.key, body: body() }), 404);
    assertError(await h.call('DELETE', `${BASE}/${kept.id}`, { key: other.key }), 404);
    // Its own service of the same name has only its own annotations.
    assert.equal((await h.call('POST', '/api/v0/services', { key: other.key, body: { name: 'Blog' } })).status, 200);
    assert.deepEqual(await listed(other.key), []);
    const theirs = await create(other.key, body({ title: 'theirs' }));
    assertError(await h.call('PUT', `${BASE}/${kept.id}`, { key: other.key, body: body() }), 404);
    assert.deepEqual(await listed(other.key), [theirs]);
    assert.deepEqual(await listed(mine.key), [kept]);
  });
});

describe('deleting services and roles', () => {
  test('deleting the service deletes its annotations; a re-created one has none', async () => {
    const { key } = await setUp();
    const gone = await create(key, body({ roles: ['app'] }));
    await create(key, body({ title: 'whole service' }));
    const kept = await create(key, body({ service: 'Shop' }));
    assert.equal((await h.call('DELETE', '/api/v0/services/Blog', { key })).status, 200);
    assertError(await list(key, 'Blog', 0, T * 2), 404);
    assert.equal((await h.call('POST', '/api/v0/services', { key, body: { name: 'Blog' } })).status, 200);
    assert.deepEqual(await listed(key), []);
    assertError(await h.call('DELETE', `${BASE}/${gone.id}`, { key }), 404);
    assert.deepEqual(await listed(key, 'Shop'), [kept]);
  });

  test('deleting a role leaves its annotations, still naming it', async () => {
    const { key } = await setUp();
    const made = await create(key, body({ roles: ['app', 'db'] }));
    assert.equal((await h.call('DELETE', '/api/v0/services/Blog/roles/app', { key })).status, 200);
    assert.deepEqual(await listed(key), [made]);
    // A new write must name roles that exist.
    const put = await h.call('PUT', `${BASE}/${made.id}`, { key, body: body({ roles: ['app'] }) });
    assertError(put, 404, /Role Not Found\. \(Blog:app\)/);
  });
});
