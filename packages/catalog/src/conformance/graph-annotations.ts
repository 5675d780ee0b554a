import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotFoundError, type OrgId } from '@saba/model';
import type { Catalog, GraphAnnotationWrite } from '../catalog.ts';
import { at, ID_PATTERN, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

/** An annotation of `web` from T0+100 to T0+200, with `over` applied. */
function write(over: Partial<GraphAnnotationWrite> = {}): GraphAnnotationWrite {
  return {
    service: 'web',
    roles: [],
    title: 'deploy',
    description: 'v1.2.3 ✓ "quoted"',
    from: at(100),
    to: at(200),
    ...over,
  };
}

/** Organization A with services `web` (roles app, db) and `api`. */
async function setUp(c: Catalog): Promise<[OrgId, OrgId]> {
  const orgs = await twoOrgs(c);
  await c.services.create(orgs[0], 'web', '');
  await c.services.createRole(orgs[0], 'web', 'app', '');
  await c.services.createRole(orgs[0], 'web', 'db', '');
  await c.services.create(orgs[0], 'api', '');
  return orgs;
}

/** Titles of the annotations of `service` intersecting [T0+from, T0+to]. */
async function titles(c: Catalog, org: OrgId, service: string, from: number, to: number): Promise<string[]> {
  return (await c.graphAnnotations.list(org, service, at(from), at(to))).map((a) => a.title);
}

/** Graph annotations: CRUD, range intersection and order, isolation, and the service delete. */
export function graphAnnotationTests(open: OpenCatalog): void {
  describe('graph annotations', () => {
    test('create and get; roles keep their order; no roles reads back as empty', () =>
      withCatalog(open, async (c) => {
        const [a] = await setUp(c);
        const g = await c.graphAnnotations.create(a, write({ roles: ['db', 'app'] }), at(5));
        assert.match(g.id, ID_PATTERN);
        assert.deepEqual(g, { id: g.id, orgId: a, ...write({ roles: ['db', 'app'] }), createdAt: at(5) });
        assert.deepEqual(await c.graphAnnotations.get(a, g.id), g);
        const whole = await c.graphAnnotations.create(a, write({ description: '' }), at(6));
        assert.deepEqual((await c.graphAnnotations.get(a, whole.id))?.roles, []);
        assert.equal((await c.graphAnnotations.get(a, whole.id))?.description, '');
        assert.equal(await c.graphAnnotations.get(a, 'absent00000'), undefined);
      }));

    test('create for an absent service is NotFoundError and stores nothing', () =>
      withCatalog(open, async (c) => {
        const [a] = await setUp(c);
        await rejectsWith(c.graphAnnotations.create(a, write({ service: 'nope' }), T0), NotFoundError, 'nope');
        assert.deepEqual(await c.graphAnnotations.list(a, 'nope', at(0), at(1000)), []);
      }));

    test('replace changes every written field but id and createdAt; a new service must exist', () =>
      withCatalog(open, async (c) => {
        const [a] = await setUp(c);
        const g = await c.graphAnnotations.create(a, write({ roles: ['app'] }), at(5));
        const next = write({
          service: 'api',
          roles: [],
          title: 'rollback',
          description: '',
          from: at(300),
          to: at(300),
        });
        const replaced = await c.graphAnnotations.replace(a, g.id, next);
        assert.deepEqual(replaced, { id: g.id, orgId: a, ...next, createdAt: at(5) });
        assert.deepEqual(await c.graphAnnotations.get(a, g.id), replaced);
        assert.deepEqual(await titles(c, a, 'web', 0, 1000), []);
        assert.deepEqual(await titles(c, a, 'api', 0, 1000), ['rollback']);

        await rejectsWith(c.graphAnnotations.replace(a, g.id, write({ service: 'nope' })), NotFoundError, 'nope');
        assert.deepEqual(await c.graphAnnotations.get(a, g.id), replaced, 'a refused replace changes nothing');
        await rejectsWith(c.graphAnnotations.replace(a, 'absent00000', write()), NotFoundError, 'absent00000');
      }));

    test('delete returns the annotation as it was; then it is gone', () =>
      withCatalog(open, async (c) => {
        const [a] = await setUp(c);
        const g = await c.graphAnnotations.create(a, write({ roles: ['db'] }), at(5));
        const kept = await c.graphAnnotations.create(a, write({ title: 'kept' }), at(6));
        assert.deepEqual(await c.graphAnnotations.delete(a, g.id), g);
        assert.equal(await c.graphAnnotations.get(a, g.id), undefined);
        assert.deepEqual(await titles(c, a, 'web', 0, 1000), ['kept']);
        await rejectsWith(c.graphAnnotations.delete(a, g.id), NotFoundError, g.id);
        assert.deepEqual(await c.graphAnnotations.get(a, kept.id), kept);
      }));

    test('list returns annotations intersecting [from, to]; touching endpoints count', () =>
      withCatalog(open, async (c) => {
        const [a] = await setUp(c);
        // Each annotation spans [100, 200]; the query moves around it.
        await c.graphAnnotations.create(a, write(), T0);
        const cases: readonly [string, number, number, boolean][] = [
          ['query inside', 120, 180, true],
          ['query around', 50, 250, true],
          ['overlapping the start', 50, 120, true],
          ['overlapping the end', 180, 250, true],
          ['ending at the start', 0, 100, true],
          ['starting at the end', 200, 300, true],
          ['a point at the start', 100, 100, true],
          ['a point at the end', 200, 200, true],
          ['ending just before', 0, 99, false],
          ['starting just after', 201, 300, false],
        ];
        for (const [what, from, to, hit] of cases) {
          assert.deepEqual(await titles(c, a, 'web', from, to), hit ? ['deploy'] : [], what);
        }
        // A point annotation is found by a query that touches it.
        await c.graphAnnotations.create(a, write({ title: 'point', from: at(500), to: at(500) }), T0);
        assert.deepEqual(await titles(c, a, 'web', 400, 500), ['point']);
        assert.deepEqual(await titles(c, a, 'web', 500, 600), ['point']);
        assert.deepEqual(await titles(c, a, 'web', 501, 600), []);
      }));

    test('list is by from, then id; other services are left out, role annotations included', () =>
      withCatalog(open, async (c) => {
        const [a] = await setUp(c);
        const late = await c.graphAnnotations.create(a, write({ title: 'late', from: at(150), to: at(160) }), T0);
        const same = [
          await c.graphAnnotations.create(a, write({ title: 's1', roles: ['app'] }), T0),
          await c.graphAnnotations.create(a, write({ title: 's2' }), T0),
          await c.graphAnnotations.create(a, write({ title: 's3', roles: ['db', 'app'] }), T0),
        ];
        const early = await c.graphAnnotations.create(a, write({ title: 'early', from: at(10), to: at(900) }), T0);
        await c.graphAnnotations.create(a, write({ service: 'api', title: 'other service' }), T0);
        const ids = (await c.graphAnnotations.list(a, 'web', at(0), at(1000))).map((g) => g.id);
        assert.deepEqual(ids, [early.id, ...same.map((g) => g.id).sort(), late.id]);
        assert.deepEqual(await titles(c, a, 'api', 0, 1000), ['other service']);
        assert.deepEqual(await c.graphAnnotations.list(a, 'absent', at(0), at(1000)), []);
      }));

    test('another organization cannot see, replace or delete the annotations', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await setUp(c);
        const g = await c.graphAnnotations.create(a, write(), T0);
        // B's service of the same name has none of A's annotations.
        await c.services.create(b, 'web', '');
        assert.equal(await c.graphAnnotations.get(b, g.id), undefined);
        assert.deepEqual(await c.graphAnnotations.list(b, 'web', at(0), at(1000)), []);
        await rejectsWith(c.graphAnnotations.replace(b, g.id, write({ title: 'b' })), NotFoundError, g.id);
        await rejectsWith(c.graphAnnotations.delete(b, g.id), NotFoundError, g.id);
        assert.deepEqual(await c.graphAnnotations.get(a, g.id), g);
        // A's services do not exist in B.
        await rejectsWith(c.graphAnnotations.create(b, write({ service: 'api' }), T0), NotFoundError, 'api');
      }));

    test("deleting a service deletes its annotations; deleting a role leaves them with the role's name", () =>
      withCatalog(open, async (c) => {
        const [a] = await setUp(c);
        const onRole = await c.graphAnnotations.create(a, write({ roles: ['app', 'db'] }), T0);
        await c.graphAnnotations.create(a, write({ title: 'whole' }), T0);
        const other = await c.graphAnnotations.create(a, write({ service: 'api' }), T0);

        await c.services.deleteRole(a, 'web', 'app', T0);
        assert.deepEqual(await c.graphAnnotations.get(a, onRole.id), onRole);

        await c.services.delete(a, 'web', T0);
        assert.equal(await c.graphAnnotations.get(a, onRole.id), undefined);
        assert.deepEqual(await c.graphAnnotations.list(a, 'web', at(0), at(1000)), []);
        assert.deepEqual(await c.graphAnnotations.get(a, other.id), other, 'other services keep theirs');
        // Re-created under the same name, the service has none of the old annotations.
        await c.services.create(a, 'web', '');
        assert.deepEqual(await c.graphAnnotations.list(a, 'web', at(0), at(1000)), []);
      }));
  });
}
