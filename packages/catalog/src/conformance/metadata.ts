import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hostId, LimitError, NotFoundError } from '@saba/model';
import type { MetadataTarget } from '../catalog.ts';
import { at, hostInput, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

const TARGETS: [string, MetadataTarget][] = [
  ['host', { kind: 'host', hostId: hostId('2cSZzK3XfmG') }],
  ['service', { kind: 'service', service: 'web' }],
  ['role', { kind: 'role', service: 'web', role: 'app' }],
];

/** Metadata documents per target and namespace. */
export function metadataTests(open: OpenCatalog): void {
  describe('metadata', () => {
    for (const [kind, target] of TARGETS) {
      test(`${kind}: put stores the JSON text verbatim; put again replaces; list is sorted; delete removes`, () =>
        withCatalog(open, async (c) => {
          const [a] = await twoOrgs(c);
          const text = '{ "b": [1, 2.50, null],\n  "a": "\\u00e9" }';
          await c.metadata.put(a, target, 'zeta', text, at(1), 50);
          await c.metadata.put(a, target, 'alpha', '"just a string"', at(2), 50);
          await c.metadata.put(a, target, 'Mid', 'null', at(3), 50);
          assert.deepEqual(await c.metadata.get(a, target, 'zeta'), { json: text, updatedAt: at(1) });
          assert.deepEqual(await c.metadata.list(a, target), ['Mid', 'alpha', 'zeta']);
          await c.metadata.put(a, target, 'zeta', '[]', at(9), 50);
          assert.deepEqual(await c.metadata.get(a, target, 'zeta'), { json: '[]', updatedAt: at(9) });
          assert.equal(await c.metadata.get(a, target, 'ZETA'), undefined);
          await c.metadata.delete(a, target, 'zeta');
          assert.equal(await c.metadata.get(a, target, 'zeta'), undefined);
          assert.deepEqual(await c.metadata.list(a, target), ['Mid', 'alpha']);
          await rejectsWith(c.metadata.delete(a, target, 'zeta'), NotFoundError, 'zeta');
        }));
    }

    test('targets are separate: a host, a service and its role do not share namespaces', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        for (const [kind, target] of TARGETS) await c.metadata.put(a, target, 'ns', JSON.stringify(kind), T0, 50);
        await c.metadata.put(a, { kind: 'role', service: 'web', role: 'db' }, 'ns', '"db"', T0, 50);
        await c.metadata.put(a, { kind: 'role', service: 'api', role: 'app' }, 'ns', '"api:app"', T0, 50);
        for (const [kind, target] of TARGETS) {
          assert.equal((await c.metadata.get(a, target, 'ns'))?.json, JSON.stringify(kind));
        }
        assert.deepEqual(await c.metadata.list(a, { kind: 'service', service: 'app' }), []);
        assert.deepEqual(await c.metadata.list(a, { kind: 'host', hostId: hostId('web') }), []);
      }));

    test('a new namespace beyond maxCount is a LimitError and stores nothing; replacing is allowed', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const host = await c.hosts.create(a, hostInput(), T0);
        const target: MetadataTarget = { kind: 'host', hostId: host };
        await c.metadata.put(a, target, 'one', '1', T0, 2);
        await c.metadata.put(a, target, 'two', '2', T0, 2);
        await rejectsWith(c.metadata.put(a, target, 'three', '3', T0, 2), LimitError, '2');
        assert.deepEqual(await c.metadata.list(a, target), ['one', 'two']);
        await c.metadata.put(a, target, 'two', '22', at(1), 2);
        assert.equal((await c.metadata.get(a, target, 'two'))?.json, '22');
        // The limit counts per target: the service next door is empty.
        await c.metadata.put(a, { kind: 'service', service: 'web' }, 'three', '3', T0, 2);
        await c.metadata.delete(a, target, 'one');
        await c.metadata.put(a, target, 'three', '3', T0, 2);
        assert.deepEqual(await c.metadata.list(a, target), ['three', 'two']);
      }));

    test('another organization cannot see, change or delete the documents', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        for (const [, target] of TARGETS) {
          await c.metadata.put(a, target, 'ns', '"a"', T0, 50);
          assert.equal(await c.metadata.get(b, target, 'ns'), undefined);
          assert.deepEqual(await c.metadata.list(b, target), []);
          await rejectsWith(c.metadata.delete(b, target, 'ns'), NotFoundError, 'ns');
          // B's put of the same key is B's own document, and does not count toward A's limit.
          await c.metadata.put(b, target, 'ns', '"b"', at(1), 1);
          assert.deepEqual(await c.metadata.get(a, target, 'ns'), { json: '"a"', updatedAt: T0 });
          assert.deepEqual(await c.metadata.get(b, target, 'ns'), { json: '"b"', updatedAt: at(1) });
        }
      }));
  });
}
