import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotFoundError } from '@saba/model';
import type { Catalog, DocRepo } from '../catalog.ts';
import { at, ID_PATTERN, type OpenCatalog, rejectsWith, twoOrgs, withCatalog } from './fixture.ts';

/** A body whose text must come back unchanged: key order, unicode, exact floats, nesting, nulls. */
const BODY = {
  name: 'maintenance ✓',
  start: 1_700_000_000,
  duration: 0.1 + 0.2,
  tiny: 1e-300,
  recurrence: { type: 'weekly', weekdays: ['Monday'], interval: 1 },
  serviceScopes: [],
  memo: null,
  a: { z: 1, y: [true, { x: '"\\\n' }] },
} as const;

/** The two document repositories, each run through the same tests. */
const REPOS: readonly [string, (c: Catalog) => DocRepo][] = [
  ['downtimes', (c) => c.downtimes],
  ['alert group settings', (c) => c.alertGroupSettings],
];

/** Downtimes and alert group settings: CRUD, order, isolation, verbatim JSON. */
export function docTests(open: OpenCatalog): void {
  for (const [name, repoOf] of REPOS) {
    describe(name, () => {
      test('create and get keep the body verbatim; list is oldest first, then by id', () =>
        withCatalog(open, async (c) => {
          const repo = repoOf(c);
          const [a, b] = await twoOrgs(c);
          const d = await repo.create(a, BODY, at(5));
          assert.match(d.id, ID_PATTERN);
          assert.deepEqual(d, { id: d.id, orgId: a, body: BODY, createdAt: at(5) });
          const got = await repo.get(a, d.id);
          assert.deepEqual(got, d);
          assert.equal(JSON.stringify(got?.body), JSON.stringify(BODY), 'same text, key order included');
          assert.equal(await repo.get(a, 'absent00000'), undefined);

          const same = [await repo.create(a, { n: 1 }, at(1)), await repo.create(a, { n: 2 }, at(1))];
          const foreign = await repo.create(b, { n: 3 }, at(0));
          const expected = [...same.map((x) => x.id).sort(), d.id];
          assert.deepEqual(
            (await repo.list(a)).map((x) => x.id),
            expected,
          );
          assert.deepEqual(await repo.list(b), [foreign]);
          assert.deepEqual((await repo.listAll()).map((x) => x.id).sort(), [...expected, foreign.id].sort());
        }));

      test('replace changes the body only; delete returns it as it was; absent ids are NotFoundError', () =>
        withCatalog(open, async (c) => {
          const repo = repoOf(c);
          const [a] = await twoOrgs(c);
          const d = await repo.create(a, BODY, at(5));
          const replaced = await repo.replace(a, d.id, { name: 'new', list: [1, 2] });
          assert.deepEqual(replaced, { ...d, body: { name: 'new', list: [1, 2] } });
          assert.deepEqual(await repo.get(a, d.id), replaced);
          await rejectsWith(repo.replace(a, 'absent00000', {}), NotFoundError, 'absent00000');
          assert.deepEqual(await repo.delete(a, d.id), replaced);
          assert.equal(await repo.get(a, d.id), undefined);
          assert.deepEqual(await repo.list(a), []);
          await rejectsWith(repo.delete(a, d.id), NotFoundError, d.id);
        }));

      test('another organization cannot see, replace or delete the documents', () =>
        withCatalog(open, async (c) => {
          const repo = repoOf(c);
          const [a, b] = await twoOrgs(c);
          const d = await repo.create(a, BODY, at(5));
          assert.equal(await repo.get(b, d.id), undefined);
          assert.deepEqual(await repo.list(b), []);
          await rejectsWith(repo.replace(b, d.id, {}), NotFoundError, d.id);
          await rejectsWith(repo.delete(b, d.id), NotFoundError, d.id);
          assert.deepEqual(await repo.get(a, d.id), d);
        }));
    });
  }

  test('downtimes and alert group settings are separate collections', () =>
    withCatalog(open, async (c) => {
      const [a] = await twoOrgs(c);
      const d = await c.downtimes.create(a, { kind: 'downtime' }, at(1));
      assert.equal(await c.alertGroupSettings.get(a, d.id), undefined);
      assert.deepEqual(await c.alertGroupSettings.list(a), []);
      await rejectsWith(c.alertGroupSettings.delete(a, d.id), NotFoundError, d.id);
      assert.deepEqual(await c.downtimes.get(a, d.id), d);
    }));
}
