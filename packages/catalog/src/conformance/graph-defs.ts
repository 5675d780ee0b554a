import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotFoundError } from '@saba/model';
import type { GraphDef } from '../catalog.ts';
import { type OpenCatalog, rejectsWith, twoOrgs, withCatalog } from './fixture.ts';

const CPU: GraphDef = {
  name: 'custom.cpu.foo',
  displayName: 'CPU foo',
  unit: 'percentage',
  metrics: [
    { name: 'custom.cpu.foo.user', displayName: 'user', isStacked: true },
    { name: 'custom.cpu.foo.system', displayName: 'system', isStacked: true },
  ],
};
const WILD: GraphDef = {
  name: 'custom.disk.*',
  displayName: 'Disk %1',
  unit: 'bytes',
  metrics: [{ name: 'custom.disk.*.used', displayName: '', isStacked: false }],
};

/** Graph definitions by name. */
export function graphDefTests(open: OpenCatalog): void {
  describe('graph defs', () => {
    test('upsert inserts and replaces by name; list is sorted by name', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.graphDefs.upsert(a, [WILD, CPU]);
        assert.deepEqual(await c.graphDefs.list(a), [CPU, WILD]);
        const replaced: GraphDef = {
          name: CPU.name,
          displayName: 'CPU',
          unit: 'float',
          metrics: [{ name: 'custom.cpu.foo.*', displayName: '%1', isStacked: false }],
        };
        await c.graphDefs.upsert(a, [replaced]);
        assert.deepEqual(await c.graphDefs.list(a), [replaced, WILD]);
        await c.graphDefs.upsert(a, []);
        assert.equal((await c.graphDefs.list(a)).length, 2);
      }));

    test('the last of two definitions with one name in a call wins', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.graphDefs.upsert(a, [CPU, { ...CPU, unit: 'integer' }]);
        assert.deepEqual(await c.graphDefs.list(a), [{ ...CPU, unit: 'integer' }]);
      }));

    test('delete removes by name; an absent name is NotFoundError', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.graphDefs.upsert(a, [CPU, WILD]);
        await c.graphDefs.delete(a, CPU.name);
        assert.deepEqual(await c.graphDefs.list(a), [WILD]);
        await rejectsWith(c.graphDefs.delete(a, CPU.name), NotFoundError, CPU.name);
      }));

    test('another organization cannot see, replace or delete the definitions', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        await c.graphDefs.upsert(a, [CPU]);
        assert.deepEqual(await c.graphDefs.list(b), []);
        await rejectsWith(c.graphDefs.delete(b, CPU.name), NotFoundError, CPU.name);
        await c.graphDefs.upsert(b, [{ ...CPU, unit: 'bytes' }]);
        assert.deepEqual(await c.graphDefs.list(a), [CPU]);
        assert.deepEqual(await c.graphDefs.list(b), [{ ...CPU, unit: 'bytes' }]);
      }));
  });
}
