// Services and roles (spec mackerel-api.md §7).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertSuccess, createHost, getHost, type Json, nowSec, qs } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

async function createService(name: string, memo?: string, key?: string): Promise<Json> {
  const a = await h.call('POST', '/api/v0/services', {
    body: memo === undefined ? { name } : { name, memo },
    ...(key ? { key } : {}),
  });
  assert.equal(a.status, 200, a.text);
  return a.json as Json;
}

async function createRole(service: string, name: string, memo?: string): Promise<Json> {
  const a = await h.call('POST', `/api/v0/services/${service}/roles`, {
    body: memo === undefined ? { name } : { name, memo },
  });
  assert.equal(a.status, 200, a.text);
  return a.json as Json;
}

describe('services', () => {
  test('create returns the service; the list is sorted by name with roles sorted', async () => {
    const org = await h.newOrg();
    assert.deepEqual(await createService('Zeta', 'last', org.key), { name: 'Zeta', memo: 'last', roles: [] });
    assert.deepEqual(await createService('Alpha', undefined, org.key), { name: 'Alpha', memo: '', roles: [] });
    assert.deepEqual(await createService('mid-9_x', 'm', org.key), { name: 'mid-9_x', memo: 'm', roles: [] });
    for (const role of ['web', 'app', 'db']) {
      assert.equal(
        (await h.call('POST', '/api/v0/services/Alpha/roles', { key: org.key, body: { name: role } })).status,
        200,
      );
    }
    const a = await h.call('GET', '/api/v0/services', { key: org.key });
    assert.equal(a.status, 200);
    // Spec §7 says "sorted by name" without a collation; byte order puts upper case first.
    assert.deepEqual(a.json, {
      services: [
        { name: 'Alpha', memo: '', roles: ['app', 'db', 'web'] },
        { name: 'Zeta', memo: 'last', roles: [] },
        { name: 'mid-9_x', memo: 'm', roles: [] },
      ],
    });
  });

  const badNames: ReadonlyArray<readonly [string, unknown]> = [
    ['1 character', 'a'],
    ['starting with -', '-ab'],
    ['starting with _', '_ab'],
    ['64 characters', 'a'.repeat(64)],
    ['a space', 'a b'],
    ['a dot', 'a.b'],
    ['a colon', 'a:b'],
    ['non-ASCII', 'サービス'],
    ['empty', ''],
    ['not a string', 42],
  ];
  for (const [what, name] of badNames) {
    test(`400 for a service name with ${what}`, async () => {
      assertError(await h.call('POST', '/api/v0/services', { body: { name } }), 400);
      const names = ((await h.call('GET', '/api/v0/services')).json.services as Json[]).map((s) => s.name);
      assert.ok(!names.includes(name));
    });
  }

  test('edge names are valid: 2 and 63 characters, digits first, - and _ inside', async () => {
    for (const name of ['ab', 'b'.repeat(63), '9-_x']) assert.equal((await createService(name)).name, name);
  });

  test('400 for a body without name', async () => {
    assertError(await h.call('POST', '/api/v0/services', { body: { memo: 'no name' } }), 400);
  });

  test('400 for a duplicate name', async () => {
    await createService('Dupe', 'first');
    assertError(await h.call('POST', '/api/v0/services', { body: { name: 'Dupe', memo: 'second' } }), 400);
    const svc = ((await h.call('GET', '/api/v0/services')).json.services as Json[]).find((s) => s.name === 'Dupe');
    assert.equal(svc?.memo, 'first');
  });

  test('services are per organization', async () => {
    const org = await h.newOrg();
    await createService('Mine', 'mine', org.key);
    const names = ((await h.call('GET', '/api/v0/services')).json.services as Json[]).map((s) => s.name);
    assert.ok(!names.includes('Mine'));
    // The same name is free in another organization.
    await createService('Mine');
  });

  test('GET /api/v0/services/<name>/metric-names: empty for a new service', async () => {
    await createService('Quiet');
    assert.deepEqual((await h.call('GET', '/api/v0/services/Quiet/metric-names')).json, { names: [] });
  });
});

describe('DELETE /api/v0/services/<name>', () => {
  test('returns the service as it was and cascades to roles, memberships, metadata and service metrics', async () => {
    await createService('Gone', 'to be deleted');
    await createRole('Gone', 'web');
    await createRole('Gone', 'app');
    const host = await createHost(h, { name: 'member', roleFullnames: ['Gone:web', 'Kept:x'] });
    const t = nowSec() - 120;
    assertSuccess(
      await h.call('POST', '/api/v0/services/Gone/tsdb', { body: [{ name: 'orders', time: t, value: 1 }] }),
    );
    assertSuccess(await h.call('PUT', '/api/v0/services/Gone/metadata/ns', { body: { a: 1 } }));
    const metrics = `/api/v0/services/Gone/metrics?${qs([
      ['name', 'orders'],
      ['from', t - 60],
      ['to', t + 60],
    ])}`;
    assert.equal((await h.call('GET', metrics)).status, 200);

    const a = await h.call('DELETE', '/api/v0/services/Gone');
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { name: 'Gone', memo: 'to be deleted', roles: ['app', 'web'] });

    const names = ((await h.call('GET', '/api/v0/services')).json.services as Json[]).map((s) => s.name);
    assert.ok(!names.includes('Gone'));
    assertError(await h.call('GET', '/api/v0/services/Gone/roles'), 404);
    assertError(await h.call('GET', metrics), 404);
    assert.deepEqual((await getHost(h, host)).roles, { Kept: ['x'] });
    const listed = await h.call('GET', `/api/v0/hosts?${qs([['service', 'Gone']])}`);
    assert.deepEqual(listed.json.hosts, []);

    // Re-created under the same name, nothing of the old service comes back.
    assert.deepEqual(await createService('Gone'), { name: 'Gone', memo: '', roles: [] });
    assertError(await h.call('GET', metrics), 404);
    assert.deepEqual((await h.call('GET', '/api/v0/services/Gone/metric-names')).json, { names: [] });
    assertError(await h.call('GET', '/api/v0/services/Gone/metadata/ns'), 404);
    assert.deepEqual((await h.call('GET', '/api/v0/services/Gone/roles')).json, { roles: [] });
    // And new posts are stored and read again.
    assertSuccess(
      await h.call('POST', '/api/v0/services/Gone/tsdb', { body: [{ name: 'orders', time: t, value: 2 }] }),
    );
    assert.deepEqual((await h.call('GET', metrics)).json, { metrics: [{ time: t, value: 2 }] });
  });

  test('404 for an unknown service', async () => {
    assertError(await h.call('DELETE', '/api/v0/services/NoSuchSvc'), 404);
  });
});

describe('roles', () => {
  test('list sorted by name, create returns {name, memo}', async () => {
    await createService('RoleSvc');
    assert.deepEqual(await createRole('RoleSvc', 'web', 'front'), { name: 'web', memo: 'front' });
    assert.deepEqual(await createRole('RoleSvc', 'app'), { name: 'app', memo: '' });
    // An auto-created role (from a host's roleFullnames) is listed too.
    await createHost(h, { roleFullnames: ['RoleSvc:db'] });
    const a = await h.call('GET', '/api/v0/services/RoleSvc/roles');
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      roles: [
        { name: 'app', memo: '' },
        { name: 'db', memo: '' },
        { name: 'web', memo: 'front' },
      ],
    });
  });

  test('404 for roles of an unknown service', async () => {
    assertError(await h.call('GET', '/api/v0/services/NoSuchSvc/roles'), 404);
    assertError(await h.call('POST', '/api/v0/services/NoSuchSvc/roles', { body: { name: 'web' } }), 404);
    assertError(await h.call('DELETE', '/api/v0/services/NoSuchSvc/roles/web'), 404);
  });

  test('400 for invalid and duplicate role names', async () => {
    await createService('RoleRules');
    await createRole('RoleRules', 'ok');
    for (const name of ['a', '-ab', '_ab', 'a'.repeat(64), 'a b', 'a:b', '', 7]) {
      assertError(await h.call('POST', '/api/v0/services/RoleRules/roles', { body: { name } }), 400);
    }
    assertError(await h.call('POST', '/api/v0/services/RoleRules/roles', { body: { name: 'ok' } }), 400);
    assert.deepEqual((await h.call('GET', '/api/v0/services/RoleRules/roles')).json, {
      roles: [{ name: 'ok', memo: '' }],
    });
  });

  test('DELETE returns the role as it was and removes it from hosts', async () => {
    await createService('RoleDel');
    await createRole('RoleDel', 'web', 'front');
    await createRole('RoleDel', 'app');
    const host = await createHost(h, { roleFullnames: ['RoleDel:web', 'RoleDel:app'] });
    const a = await h.call('DELETE', '/api/v0/services/RoleDel/roles/web');
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { name: 'web', memo: 'front' });
    assert.deepEqual((await h.call('GET', '/api/v0/services/RoleDel/roles')).json, {
      roles: [{ name: 'app', memo: '' }],
    });
    assert.deepEqual((await getHost(h, host)).roles, { RoleDel: ['app'] });
    assertError(await h.call('DELETE', '/api/v0/services/RoleDel/roles/web'), 404);
  });
});
