import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadDataError, ConflictError, type HostId, hostId, NotFoundError, type OrgId } from '@saba/model';
import type { Catalog, CheckReport } from '../catalog.ts';
import { at, hostInput, type OpenCatalog, rejectsWith, T0, twoOrgs, updateInput, withCatalog } from './fixture.ts';

function report(host: HostId, name: string, s: number): CheckReport {
  return {
    hostId: host,
    name,
    status: 'CRITICAL',
    message: 'down',
    occurredAt: at(s),
    notificationInterval: null,
    maxCheckAttempts: null,
  };
}

async function statuses(c: Catalog, org: OrgId, ids: HostId[]) {
  return Promise.all(ids.map(async (id) => (await c.hosts.get(org, id))?.status));
}

/** Host update (PUT), status, role set and retirement. */
export function hostWriteTests(open: OpenCatalog): void {
  describe('host writes', () => {
    test('update replaces name, meta, interfaces and checks, keeps absent displayName and memo, only adds roles', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const id = await c.hosts.create(
          a,
          hostInput({
            name: 'old',
            displayName: 'Shown',
            customIdentifier: 'ci-old',
            memo: 'kept',
            meta: { old: true },
            interfaces: [{ name: 'eth0' }],
            roles: [{ service: 'web', role: 'app' }],
            checks: [
              { name: 'ssh', memo: '' },
              { name: 'disk', memo: '' },
            ],
          }),
          at(1),
        );
        await c.hosts.update(
          a,
          id,
          updateInput({
            name: 'new',
            customIdentifier: 'ci-new',
            meta: { new: 1 },
            interfaces: null,
            roles: [{ service: 'db', role: 'main' }],
            checks: [
              { name: 'http', memo: 'port 80' },
              { name: 'ssh', memo: 'port 22' },
            ],
          }),
        );
        const h = await c.hosts.get(a, id);
        assert.deepEqual(h, {
          id,
          orgId: a,
          name: 'new',
          displayName: 'Shown',
          customIdentifier: 'ci-new',
          size: 'standard',
          status: 'working',
          memo: 'kept',
          meta: { new: 1 },
          interfaces: null,
          roles: [
            { service: 'db', role: 'main' },
            { service: 'web', role: 'app' },
          ],
          checks: [
            { name: 'http', memo: 'port 80' },
            { name: 'ssh', memo: 'port 22' },
          ],
          isRetired: false,
          retiredAt: null,
          createdAt: at(1),
        });
        await c.hosts.update(a, id, updateInput({ displayName: 'Renamed', memo: '', customIdentifier: null }));
        const h2 = await c.hosts.get(a, id);
        assert.equal(h2?.displayName, 'Renamed');
        assert.equal(h2?.memo, '');
        assert.equal(h2?.customIdentifier, null, 'null clears the custom identifier');
        assert.deepEqual(h2?.checks, [], 'an empty list replaces the checks');
        assert.equal(h2?.roles.length, 2, 'roles stay when the body has none');
        assert.equal(await c.hosts.getByCustomIdentifier(a, 'ci-new', false), undefined);
      }));

    test('update prunes the states of checks the host no longer runs', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const checks = [
          { name: 'ssh', memo: '' },
          { name: 'disk', memo: '' },
          { name: 'http', memo: '' },
        ];
        const id = await c.hosts.create(a, hostInput({ checks }), T0);
        const other = await c.hosts.create(a, hostInput({ checks }), T0);
        await c.checks.report(
          a,
          checks.flatMap((k) => [report(id, k.name, 1), report(other, k.name, 1)]),
          at(2),
        );
        await c.hosts.update(a, id, updateInput({ checks: [{ name: 'disk', memo: '' }] }));
        assert.deepEqual(
          (await c.checks.states(a, id)).map((s) => s.name),
          ['disk'],
        );
        assert.deepEqual(
          (await c.checks.states(a, other)).map((s) => s.name),
          ['disk', 'http', 'ssh'],
          'other hosts keep theirs',
        );
        await c.hosts.update(a, id, updateInput({ checks: [] }));
        assert.deepEqual(await c.checks.states(a, id), []);
      }));

    test('update removes a check monitor no host lists and no state keeps (spec §6)', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const id = await c.hosts.create(
          a,
          hostInput({
            checks: [
              { name: 'ssh', memo: '' },
              { name: 'disk', memo: '' },
            ],
          }),
          T0,
        );
        const other = await c.hosts.create(a, hostInput(), T0);
        const inB = await c.hosts.create(b, hostInput({ checks: [{ name: 'ssh', memo: '' }] }), T0);
        // 'disk' also has a state on a host that reports it without listing it (a custom-identifier host).
        await c.checks.report(a, [report(id, 'ssh', 1), report(id, 'disk', 1), report(other, 'disk', 1)], at(2));
        await c.checks.report(b, [report(inB, 'ssh', 1)], at(2));
        await c.hosts.update(a, id, updateInput({ checks: [] }));
        const names = async (org: typeof a) => (await c.checks.listMonitors(org, undefined, 100)).map((m) => m.name);
        assert.deepEqual(await names(a), ['disk'], "'ssh' is gone; 'disk' is kept by the other host's state");
        assert.deepEqual(await names(b), ['ssh'], 'another organization keeps its monitor of the same name');
      }));

    test('update of a taken custom identifier is a ConflictError and changes nothing', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.hosts.create(a, hostInput({ customIdentifier: 'taken' }), T0);
        const id = await c.hosts.create(a, hostInput({ name: 'mine', customIdentifier: 'mine' }), T0);
        await rejectsWith(
          c.hosts.update(
            a,
            id,
            updateInput({ name: 'changed', customIdentifier: 'taken', roles: [{ service: 's', role: 'r' }] }),
          ),
          ConflictError,
          'taken',
        );
        const h = await c.hosts.get(a, id);
        assert.equal(h?.name, 'mine');
        assert.equal(h?.customIdentifier, 'mine');
        assert.deepEqual(await c.services.list(a), []);
        // Keeping its own identifier is no conflict.
        await c.hosts.update(a, id, updateInput({ name: 'changed', customIdentifier: 'mine' }));
        assert.equal((await c.hosts.get(a, id))?.name, 'changed');
      }));

    test('update of a retired host is BadDataError; of an absent or foreign host NotFoundError', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const id = await c.hosts.create(a, hostInput({ name: 'a-host' }), T0);
        await rejectsWith(c.hosts.update(b, id, updateInput({ name: 'hijacked' })), NotFoundError, id);
        assert.equal((await c.hosts.get(a, id))?.name, 'a-host');
        await rejectsWith(c.hosts.update(a, hostId('missing1111'), updateInput()), NotFoundError, 'missing1111');
        await c.hosts.retire(a, [id], at(1));
        await rejectsWith(c.hosts.update(a, id, updateInput({ name: 'late' })), BadDataError, id);
        assert.equal((await c.hosts.get(a, id))?.name, 'a-host');
      }));

    test('setStatus changes every host or none', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const x = await c.hosts.create(a, hostInput(), T0);
        const y = await c.hosts.create(a, hostInput(), T0);
        const retired = await c.hosts.create(a, hostInput(), T0);
        const foreign = await c.hosts.create(b, hostInput(), T0);
        await c.hosts.retire(a, [retired], at(1));
        await c.hosts.setStatus(a, [x, y, x], 'maintenance');
        assert.deepEqual(await statuses(c, a, [x, y]), ['maintenance', 'maintenance']);
        const refused: [string, HostId][] = [
          ['absent', hostId('missing1111')],
          ['retired', retired],
          ['another org’s', foreign],
        ];
        for (const [why, bad] of refused) {
          await rejectsWith(c.hosts.setStatus(a, [x, bad, y], 'poweroff'), NotFoundError, bad);
          assert.deepEqual(await statuses(c, a, [x, y]), ['maintenance', 'maintenance'], why);
        }
        assert.equal((await c.hosts.get(b, foreign))?.status, 'working');
        await c.hosts.setStatus(a, [], 'standby');
        await c.hosts.setStatus(a, [y], 'standby');
        assert.deepEqual(await statuses(c, a, [x, y]), ['maintenance', 'standby']);
      }));

    test('setRoles replaces the whole role set, creating services and roles', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const id = await c.hosts.create(a, hostInput({ roles: [{ service: 'web', role: 'app' }] }), T0);
        await c.hosts.setRoles(a, id, [
          { service: 'web', role: 'api' },
          { service: 'batch', role: 'worker' },
        ]);
        assert.deepEqual((await c.hosts.get(a, id))?.roles, [
          { service: 'batch', role: 'worker' },
          { service: 'web', role: 'api' },
        ]);
        assert.deepEqual(await c.services.get(a, 'web'), { name: 'web', memo: '', roles: ['api', 'app'] });
        await c.hosts.setRoles(a, id, []);
        assert.deepEqual((await c.hosts.get(a, id))?.roles, []);
        await rejectsWith(c.hosts.setRoles(b, id, [{ service: 'x', role: 'y' }]), NotFoundError, id);
        assert.deepEqual(await c.services.list(b), []);
        await c.hosts.retire(a, [id], at(1));
        await rejectsWith(c.hosts.setRoles(a, id, [{ service: 'web', role: 'app' }]), NotFoundError, id);
      }));

    test('retire marks every host retired and drops its roles, all or none; again is a no-op', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const roles = [{ service: 'web', role: 'app' }];
        const x = await c.hosts.create(a, hostInput({ roles, customIdentifier: 'ci-x' }), T0);
        const y = await c.hosts.create(a, hostInput({ roles }), T0);
        const keep = await c.hosts.create(a, hostInput({ roles }), T0);
        const foreign = await c.hosts.create(b, hostInput(), T0);

        await rejectsWith(c.hosts.retire(a, [x, foreign], at(1)), NotFoundError, foreign);
        await rejectsWith(c.hosts.retire(a, [x, hostId('missing1111')], at(1)), NotFoundError, 'missing1111');
        assert.equal((await c.hosts.get(a, x))?.isRetired, false, 'nothing retired');
        assert.equal((await c.hosts.get(b, foreign))?.isRetired, false);

        await c.hosts.retire(a, [x, y], at(5));
        for (const id of [x, y]) {
          const h = await c.hosts.get(a, id);
          assert.equal(h?.isRetired, true);
          assert.equal(h?.retiredAt, at(5));
          assert.deepEqual(h?.roles, []);
        }
        assert.deepEqual(
          (await c.hosts.list(a, { statuses: ['working', 'standby', 'maintenance', 'poweroff'] })).map((h) => h.id),
          [keep],
        );
        assert.deepEqual(
          (await c.hosts.list(a, { service: 'web' })).map((h) => h.id),
          [keep],
        );
        assert.deepEqual(
          await c.services.get(a, 'web'),
          { name: 'web', memo: '', roles: ['app'] },
          'the role itself stays',
        );

        await c.hosts.retire(a, [x, keep], at(9));
        assert.equal((await c.hosts.get(a, x))?.retiredAt, at(5), 'the first retirement time stays');
        assert.equal((await c.hosts.get(a, keep))?.retiredAt, at(9));
        await c.hosts.retire(a, [], at(10));
      }));
  });
}
