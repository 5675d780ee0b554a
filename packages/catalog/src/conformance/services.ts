import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError } from '@saba/model';
import { hostInput, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

/** Services and roles, and what their deletion takes with it. */
export function serviceTests(open: OpenCatalog): void {
  describe('services', () => {
    test('create, get and list; names are case-sensitive and sorted byte-wise', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        assert.deepEqual(await c.services.create(a, 'web', 'front'), { name: 'web', memo: 'front', roles: [] });
        await c.services.create(a, 'Web', '');
        await c.services.create(a, 'api', '');
        await c.services.createRole(a, 'web', 'zeta', '');
        await c.services.createRole(a, 'web', 'Alpha', '');
        await c.services.createRole(a, 'web', 'alpha', '');
        assert.deepEqual(await c.services.list(a), [
          { name: 'Web', memo: '', roles: [] },
          { name: 'api', memo: '', roles: [] },
          { name: 'web', memo: 'front', roles: ['Alpha', 'alpha', 'zeta'] },
        ]);
        assert.deepEqual(await c.services.get(a, 'web'), {
          name: 'web',
          memo: 'front',
          roles: ['Alpha', 'alpha', 'zeta'],
        });
        assert.equal(await c.services.get(a, 'WEB'), undefined);
        await rejectsWith(c.services.create(a, 'web', 'again'), ConflictError, 'web');
        assert.equal((await c.services.get(a, 'web'))?.memo, 'front');
      }));

    test('roles: list sorted, create, conflicts, and a missing service', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.services.create(a, 'web', '');
        assert.deepEqual(await c.services.createRole(a, 'web', 'db', 'database'), { name: 'db', memo: 'database' });
        await c.services.createRole(a, 'web', 'app', 'application');
        assert.deepEqual(await c.services.listRoles(a, 'web'), [
          { name: 'app', memo: 'application' },
          { name: 'db', memo: 'database' },
        ]);
        await rejectsWith(c.services.createRole(a, 'web', 'app', 'again'), ConflictError, 'web:app');
        await rejectsWith(c.services.createRole(a, 'nope', 'app', ''), NotFoundError, 'nope');
        await rejectsWith(c.services.listRoles(a, 'nope'), NotFoundError, 'nope');
        assert.equal(await c.services.get(a, 'nope'), undefined, 'createRole did not create the service');
      }));

    test('delete takes roles, host memberships and service and role metadata with it', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.services.create(a, 'web', 'front');
        const host = await c.hosts.create(
          a,
          hostInput({
            roles: [
              { service: 'web', role: 'app' },
              { service: 'web', role: 'db' },
              { service: 'api', role: 'app' },
            ],
          }),
          T0,
        );
        const put = (target: Parameters<typeof c.metadata.put>[1]) => c.metadata.put(a, target, 'ns', '{}', T0, 10);
        await put({ kind: 'service', service: 'web' });
        await put({ kind: 'role', service: 'web', role: 'app' });
        await put({ kind: 'service', service: 'api' });
        await put({ kind: 'role', service: 'api', role: 'app' });
        await put({ kind: 'host', hostId: host });

        assert.deepEqual((await c.services.delete(a, 'web', T0)).service, {
          name: 'web',
          memo: 'front',
          roles: ['app', 'db'],
        });
        assert.equal(await c.services.get(a, 'web'), undefined);
        await rejectsWith(c.services.listRoles(a, 'web'), NotFoundError, 'web');
        assert.deepEqual((await c.hosts.get(a, host))?.roles, [{ service: 'api', role: 'app' }]);
        assert.deepEqual(await c.hosts.list(a, { service: 'web' }), []);
        assert.equal(await c.metadata.get(a, { kind: 'service', service: 'web' }, 'ns'), undefined);
        assert.equal(await c.metadata.get(a, { kind: 'role', service: 'web', role: 'app' }, 'ns'), undefined);
        assert.ok(await c.metadata.get(a, { kind: 'service', service: 'api' }, 'ns'), 'other services keep theirs');
        assert.ok(await c.metadata.get(a, { kind: 'role', service: 'api', role: 'app' }, 'ns'));
        assert.ok(await c.metadata.get(a, { kind: 'host', hostId: host }, 'ns'));
        await rejectsWith(c.services.delete(a, 'web', T0), NotFoundError, 'web');
        // The name is free again, empty.
        assert.deepEqual(await c.services.create(a, 'web', ''), { name: 'web', memo: '', roles: [] });
      }));

    test('deleteRole takes host memberships and role metadata with it; the service stays', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const host = await c.hosts.create(
          a,
          hostInput({
            roles: [
              { service: 'web', role: 'app' },
              { service: 'web', role: 'db' },
            ],
          }),
          T0,
        );
        await c.metadata.put(a, { kind: 'role', service: 'web', role: 'app' }, 'ns', '1', T0, 10);
        await c.metadata.put(a, { kind: 'service', service: 'web' }, 'ns', '2', T0, 10);
        assert.deepEqual(await c.services.deleteRole(a, 'web', 'app', T0), {
          role: { name: 'app', memo: '' },
          closed: [],
          deletedMonitors: [],
        });
        assert.deepEqual((await c.hosts.get(a, host))?.roles, [{ service: 'web', role: 'db' }]);
        assert.deepEqual(await c.services.get(a, 'web'), { name: 'web', memo: '', roles: ['db'] });
        assert.equal(await c.metadata.get(a, { kind: 'role', service: 'web', role: 'app' }, 'ns'), undefined);
        assert.equal((await c.metadata.get(a, { kind: 'service', service: 'web' }, 'ns'))?.json, '2');
        await rejectsWith(c.services.deleteRole(a, 'web', 'app', T0), NotFoundError, 'web:app');
        await rejectsWith(c.services.deleteRole(a, 'nope', 'db', T0), NotFoundError, 'nope:db');
      }));

    test('another organization cannot see or change the services', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        await c.services.create(a, 'web', 'a');
        await c.services.createRole(a, 'web', 'app', 'a');
        assert.deepEqual(await c.services.list(b), []);
        assert.equal(await c.services.get(b, 'web'), undefined);
        await rejectsWith(c.services.listRoles(b, 'web'), NotFoundError, 'web');
        await rejectsWith(c.services.createRole(b, 'web', 'db', ''), NotFoundError, 'web');
        await rejectsWith(c.services.deleteRole(b, 'web', 'app', T0), NotFoundError, 'web:app');
        await rejectsWith(c.services.delete(b, 'web', T0), NotFoundError, 'web');
        assert.deepEqual(await c.services.list(a), [{ name: 'web', memo: 'a', roles: ['app'] }]);
        // The same name is free in the other organization.
        assert.deepEqual(await c.services.create(b, 'web', 'b'), { name: 'web', memo: 'b', roles: [] });
        assert.equal((await c.services.get(a, 'web'))?.memo, 'a');
      }));
  });
}
