import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError } from '@saba/model';
import type { DashboardWrite } from '../catalog.ts';
import { at, ID_PATTERN, type OpenCatalog, rejectsWith, twoOrgs, withCatalog } from './fixture.ts';

/** A body whose text must come back unchanged: key order, unicode, exact floats, nesting, nulls. */
const BODY = {
  memo: 'ops ✓ "quoted"\n',
  widgets: [
    {
      type: 'graph',
      title: 'load',
      graph: { type: 'host', hostId: '2u4PP3TJqbw', name: 'loadavg5' },
      valueRange: { min: 0.1 + 0.2, max: 1e-300 },
      referenceLines: [],
      layout: { x: 0, y: 0, width: 6, height: 6 },
    },
    { type: 'alertStatus', title: '', roleFullname: null, layout: { x: 6, y: 0, width: 4, height: 3 } },
  ],
} as const;

function write(urlPath: string, title = 'dash', body: DashboardWrite['body'] = BODY): DashboardWrite {
  return { urlPath, title, body };
}

/** Custom dashboards: round trip, urlPath uniqueness per organization, order, isolation. */
export function dashboardTests(open: OpenCatalog): void {
  describe('dashboards', () => {
    test('create and get keep the body verbatim; absent ids are undefined', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const d = await c.dashboards.create(a, write('team/web'), at(5));
        assert.match(d.id, ID_PATTERN);
        assert.deepEqual(d, {
          id: d.id,
          orgId: a,
          urlPath: 'team/web',
          title: 'dash',
          body: BODY,
          createdAt: at(5),
          updatedAt: at(5),
        });
        const got = await c.dashboards.get(a, d.id);
        assert.deepEqual(got, d);
        assert.equal(JSON.stringify(got?.body), JSON.stringify(BODY), 'same text, key order included');
        assert.equal(await c.dashboards.get(a, 'absent00000'), undefined);
      }));

    test('list is oldest first, then by id', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const late = await c.dashboards.create(a, write('late'), at(9));
        const same = [
          await c.dashboards.create(a, write('s1'), at(1)),
          await c.dashboards.create(a, write('s2'), at(1)),
        ];
        assert.deepEqual(
          (await c.dashboards.list(a)).map((d) => d.id),
          [...same.map((d) => d.id).sort(), late.id],
        );
      }));

    test('a taken urlPath is a ConflictError on create, and nothing is stored', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const first = await c.dashboards.create(a, write('shared'), at(1));
        await rejectsWith(c.dashboards.create(a, write('shared', 'other'), at(2)), ConflictError, 'shared');
        assert.deepEqual(await c.dashboards.list(a), [first]);
        // urlPaths compare byte for byte: another case is another path.
        const upper = await c.dashboards.create(a, write('Shared'), at(3));
        assert.equal(upper.urlPath, 'Shared');
      }));

    test('replace changes urlPath, title, body and updatedAt; its own urlPath is no conflict', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const d = await c.dashboards.create(a, write('mine'), at(1));
        const same = await c.dashboards.replace(a, d.id, write('mine', 'renamed', { memo: '', widgets: [] }), at(7));
        assert.deepEqual(same, { ...d, title: 'renamed', body: { memo: '', widgets: [] }, updatedAt: at(7) });
        assert.deepEqual(await c.dashboards.get(a, d.id), same);
        const moved = await c.dashboards.replace(a, d.id, write('moved', 'renamed', BODY), at(8));
        assert.deepEqual(moved, { ...d, urlPath: 'moved', title: 'renamed', updatedAt: at(8) });
        // The old path is free again.
        await c.dashboards.create(a, write('mine'), at(9));
      }));

    test("replace onto another dashboard's urlPath is a ConflictError and changes nothing", () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const one = await c.dashboards.create(a, write('one'), at(1));
        const two = await c.dashboards.create(a, write('two'), at(2));
        await rejectsWith(c.dashboards.replace(a, two.id, write('one', 'x', {}), at(3)), ConflictError, 'one');
        assert.deepEqual(await c.dashboards.list(a), [one, two]);
      }));

    test('delete returns the dashboard as it was; absent ids are NotFoundError', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const d = await c.dashboards.create(a, write('gone'), at(1));
        assert.deepEqual(await c.dashboards.delete(a, d.id), d);
        assert.equal(await c.dashboards.get(a, d.id), undefined);
        assert.deepEqual(await c.dashboards.list(a), []);
        await rejectsWith(c.dashboards.delete(a, d.id), NotFoundError, d.id);
        await rejectsWith(c.dashboards.replace(a, d.id, write('gone'), at(2)), NotFoundError, d.id);
        // Its urlPath is free again.
        await c.dashboards.create(a, write('gone'), at(3));
      }));

    test('organizations are isolated: invisible rows, and the same urlPath in each', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const d = await c.dashboards.create(a, write('ops'), at(1));
        const theirs = await c.dashboards.create(b, write('ops'), at(1));
        assert.equal(await c.dashboards.get(b, d.id), undefined);
        assert.deepEqual(await c.dashboards.list(b), [theirs]);
        await rejectsWith(c.dashboards.replace(b, d.id, write('x'), at(2)), NotFoundError, d.id);
        await rejectsWith(c.dashboards.delete(b, d.id), NotFoundError, d.id);
        assert.deepEqual(await c.dashboards.list(a), [d]);
      }));
  });
}
