import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, type HostId, hostId, NotFoundError, orgId } from '@saba/model';
import type { HostFilter } from '../catalog.ts';
import { at, hostInput, ID_PATTERN, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

/** The agent's meta, with the JSON types mackerel-agent sends (spec §2.3): kept verbatim. */
const META = {
  'agent-name': 'mackerel-agent/0.85.0 (Revision abc)',
  kernel: { name: 'Linux', release: '6.1.0' },
  cpu: [{ model_name: 'Xeon', mhz: '2400.000' }],
  filesystem: { '/dev/xvda1': { kb_size: 8123456, kb_used: 1234, percent_used: '42%', mount: '/' } },
  cloud: null,
  flags: [true, false, 1.5e21, -0],
};
const INTERFACES = [{ name: 'eth0', ipv4Addresses: ['10.0.0.1'], ipv6Addresses: [], macAddress: '00:11:22:33:44:55' }];

/** Host creation, reads, list filters and states. */
export function hostTests(open: OpenCatalog): void {
  describe('hosts', () => {
    test('create stores every field; get returns them, roles sorted and checks in order', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const id = await c.hosts.create(
          a,
          hostInput({
            name: 'web-1',
            displayName: 'Web 1',
            customIdentifier: 'i-0abc.ec2.amazonaws.com',
            memo: 'rack 4',
            meta: META,
            interfaces: INTERFACES,
            roles: [
              { service: 'web', role: 'app' },
              { service: 'db', role: 'replica' },
              { service: 'web', role: 'api' },
              { service: 'web', role: 'app' },
            ],
            checks: [
              { name: 'ssh', memo: 'port 22' },
              { name: 'disk', memo: '' },
            ],
          }),
          at(10),
        );
        assert.match(id, ID_PATTERN);
        assert.deepEqual(await c.hosts.get(a, id), {
          id,
          orgId: a,
          name: 'web-1',
          displayName: 'Web 1',
          customIdentifier: 'i-0abc.ec2.amazonaws.com',
          size: 'standard',
          status: 'working',
          memo: 'rack 4',
          meta: JSON.parse(JSON.stringify(META)),
          interfaces: INTERFACES,
          roles: [
            { service: 'db', role: 'replica' },
            { service: 'web', role: 'api' },
            { service: 'web', role: 'app' },
          ],
          checks: [
            { name: 'ssh', memo: 'port 22' },
            { name: 'disk', memo: '' },
          ],
          isRetired: false,
          retiredAt: null,
          createdAt: at(10),
        });
        assert.equal(await c.hosts.get(a, hostId('zzzzzzzzzzz')), undefined);
      }));

    test('status defaults to the organization default; a given status wins', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const plain = await c.hosts.create(a, hostInput(), T0);
        const standby = await c.hosts.create(a, hostInput({ status: 'standby' }), T0);
        assert.equal((await c.hosts.get(a, plain))?.status, (await c.orgs.get(a))?.defaultHostStatus);
        assert.equal((await c.hosts.get(a, plain))?.status, 'working');
        assert.equal((await c.hosts.get(a, standby))?.status, 'standby');
        await rejectsWith(c.hosts.create(orgId('nope'), hostInput(), T0), NotFoundError, 'nope');
      }));

    test('create auto-creates unknown services and roles with an empty memo, keeping existing ones', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.services.create(a, 'web', 'the web tier');
        await c.services.createRole(a, 'web', 'app', 'app servers');
        await c.hosts.create(
          a,
          hostInput({
            roles: [
              { service: 'web', role: 'app' },
              { service: 'web', role: 'batch' },
              { service: 'db', role: 'main' },
            ],
          }),
          T0,
        );
        assert.deepEqual(await c.services.list(a), [
          { name: 'db', memo: '', roles: ['main'] },
          { name: 'web', memo: 'the web tier', roles: ['app', 'batch'] },
        ]);
        assert.deepEqual(await c.services.listRoles(a, 'web'), [
          { name: 'app', memo: 'app servers' },
          { name: 'batch', memo: '' },
        ]);
      }));

    test('a custom identifier taken by a live host is a ConflictError; nothing of the host is stored', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const first = await c.hosts.create(a, hostInput({ customIdentifier: 'ci-1' }), T0);
        await rejectsWith(
          c.hosts.create(
            a,
            hostInput({
              customIdentifier: 'ci-1',
              roles: [{ service: 'new', role: 'r' }],
              checks: [{ name: 'x', memo: '' }],
            }),
            T0,
          ),
          ConflictError,
          'ci-1',
        );
        assert.deepEqual(
          (await c.hosts.list(a, {})).map((h) => h.id),
          [first],
        );
        assert.deepEqual(await c.services.list(a), [], 'the auto-created service was rolled back');
        // Case matters for uniqueness; other organizations have their own namespace.
        await c.hosts.create(a, hostInput({ customIdentifier: 'CI-1' }), T0);
        await c.hosts.create(b, hostInput({ customIdentifier: 'ci-1' }), T0);
        // A retired host frees its identifier.
        await c.hosts.retire(a, [first], at(1));
        const second = await c.hosts.create(a, hostInput({ customIdentifier: 'ci-1' }), at(2));
        assert.equal((await c.hosts.getByCustomIdentifier(a, 'ci-1', false))?.id, second);
      }));

    test('an empty custom identifier is stored as none and never conflicts', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const x = await c.hosts.create(a, hostInput({ customIdentifier: '' }), T0);
        await c.hosts.create(a, hostInput({ customIdentifier: '' }), T0);
        assert.equal((await c.hosts.get(a, x))?.customIdentifier, null);
      }));

    test('getByCustomIdentifier finds live hosts, exactly or ASCII case-insensitively, oldest first', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const retired = await c.hosts.create(a, hostInput({ customIdentifier: 'Node-7' }), at(0));
        await c.hosts.retire(a, [retired], at(1));
        const older = await c.hosts.create(a, hostInput({ customIdentifier: 'NODE-7' }), at(2));
        const newer = await c.hosts.create(a, hostInput({ customIdentifier: 'node-7' }), at(3));
        const accented = await c.hosts.create(a, hostInput({ customIdentifier: 'École-1' }), at(4));
        const cases: [string, boolean, HostId | undefined][] = [
          ['node-7', false, newer],
          ['NODE-7', false, older],
          ['Node-7', false, undefined],
          ['Node-7', true, older],
          ['node-7', true, older],
          ['node-8', true, undefined],
          ['éCOLE-1', true, undefined],
          ['École-1', true, accented],
          ['ÉCOLE-1', true, accented],
        ];
        for (const [ci, insensitive, want] of cases) {
          assert.equal((await c.hosts.getByCustomIdentifier(a, ci, insensitive))?.id, want, `${ci} ${insensitive}`);
        }
        assert.equal(await c.hosts.getByCustomIdentifier(b, 'node-7', true), undefined);
        const host = await c.hosts.getByCustomIdentifier(a, 'node-7', false);
        assert.deepEqual(host, await c.hosts.get(a, newer), 'the whole host');
      }));

    test('list filters live hosts by status, service, roles, name and custom identifier, oldest first', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const mk = (n: string, s: number, over: Parameters<typeof hostInput>[0]) =>
          c.hosts.create(a, hostInput({ name: n, ...over }), at(s));
        const h = {
          // Created out of order, and two in the same second, to show the sort (createdAt, then id).
          b: await mk('b', 2, { status: 'standby', roles: [{ service: 'web', role: 'db' }] }),
          a: await mk('a', 1, { roles: [{ service: 'web', role: 'app' }], customIdentifier: 'ci-a' }),
          c: await mk('c', 3, { status: 'maintenance', roles: [{ service: 'web', role: 'app' }] }),
          d: await mk('d', 4, { status: 'poweroff', roles: [{ service: 'db', role: 'primary' }] }),
          e1: await mk('same', 5, {}),
          e2: await mk('same', 5, { roles: [{ service: 'db', role: 'app' }] }),
          f: await mk('f', 6, { roles: [{ service: 'web', role: 'app' }] }),
        };
        await c.hosts.retire(a, [h.f], at(7));
        await c.hosts.create(b, hostInput({ name: 'a', roles: [{ service: 'web', role: 'app' }] }), at(0));
        const sameSecond = [h.e1, h.e2].sort();
        const all = ['working', 'standby', 'maintenance', 'poweroff'] as const;
        const cases: [string, HostFilter, HostId[]][] = [
          ['default statuses', {}, [h.a, h.b, ...sameSecond]],
          ['empty statuses', { statuses: [] }, [h.a, h.b, ...sameSecond]],
          ['one status', { statuses: ['maintenance'] }, [h.c]],
          ['all statuses', { statuses: all }, [h.a, h.b, h.c, h.d, ...sameSecond]],
          ['service', { service: 'web' }, [h.a, h.b]],
          ['service, all statuses', { service: 'web', statuses: all }, [h.a, h.b, h.c]],
          ['one role', { service: 'web', roles: ['app'] }, [h.a]],
          ['union of roles', { service: 'web', roles: ['app', 'db'] }, [h.a, h.b]],
          ['empty roles', { service: 'web', roles: [] }, [h.a, h.b]],
          ['role of another service', { service: 'db', roles: ['app'] }, [h.e2]],
          ['roles without service', { roles: ['app'] }, [h.a, h.b, ...sameSecond]],
          ['unknown service', { service: 'nope' }, []],
          ['name', { name: 'same' }, sameSecond],
          ['name and service', { name: 'same', service: 'db' }, [h.e2]],
          ['custom identifier', { customIdentifier: 'ci-a' }, [h.a]],
          ['custom identifier, other case', { customIdentifier: 'CI-A' }, []],
        ];
        for (const [name, filter, want] of cases) {
          assert.deepEqual(
            (await c.hosts.list(a, filter)).map((x) => x.id),
            want,
            name,
          );
        }
        const [first] = await c.hosts.list(a, { name: 'a' });
        assert.deepEqual(first, await c.hosts.get(a, h.a), 'listed hosts are whole');
      }));

    test('states reports existing hosts of the org, retired or not, in one call', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const live = await c.hosts.create(a, hostInput(), T0);
        const gone = await c.hosts.create(a, hostInput(), T0);
        const foreign = await c.hosts.create(b, hostInput(), T0);
        await c.hosts.retire(a, [gone], at(1));
        const got = await c.hosts.states(a, [live, gone, foreign, hostId('unknown1111'), live]);
        assert.deepEqual(
          got,
          new Map([
            [live, { id: live, isRetired: false }],
            [gone, { id: gone, isRetired: true }],
          ]),
        );
        assert.deepEqual(await c.hosts.states(a, []), new Map());
      }));

    test('another organization cannot see the hosts', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const id = await c.hosts.create(
          a,
          hostInput({ name: 'secret', customIdentifier: 'ci', roles: [{ service: 'web', role: 'app' }] }),
          T0,
        );
        assert.equal(await c.hosts.get(b, id), undefined);
        assert.deepEqual(await c.hosts.list(b, {}), []);
        assert.deepEqual(await c.hosts.list(b, { name: 'secret', service: 'web' }), []);
        assert.equal(await c.hosts.getByCustomIdentifier(b, 'ci', false), undefined);
        assert.equal(await c.hosts.getByCustomIdentifier(b, 'CI', true), undefined);
        assert.deepEqual(await c.hosts.states(b, [id]), new Map());
        assert.deepEqual(await c.services.list(b), [], 'auto-created services belong to the host’s org');
      }));
  });
}
