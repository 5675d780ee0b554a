import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotFoundError } from '@saba/model';
import { alertOf, batchOf, stateOf } from './alert-fixture.ts';
import { at, type OpenCatalog, rejectsWith, twoOrgs, withCatalog } from './fixture.ts';

/** Alert lists and paging, memos, the engine's loads, and organization isolation. */
export function alertListTests(open: OpenCatalog): void {
  describe('alert lists', () => {
    test('list is newest first by openedAt, then id; open only unless withClosed', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        // Ids chosen so that id order differs from insertion order within one openedAt.
        const rows = [
          alertOf(a, { id: 'B0000000000', monitorId: 'm1', openedAt: at(10) }),
          alertOf(a, { id: 'a0000000000', monitorId: 'm2', openedAt: at(10) }),
          alertOf(a, { id: 'C0000000000', monitorId: 'm3', openedAt: at(10), closedAt: at(11), status: 'OK' }),
          alertOf(a, { id: 'z0000000000', monitorId: 'm4', openedAt: at(5) }),
          alertOf(a, { id: '10000000000', monitorId: 'm5', openedAt: at(20), closedAt: at(21), status: 'OK' }),
          alertOf(b, { id: 'b0000000000', monitorId: 'm6', openedAt: at(15) }),
        ];
        await c.alerts.apply(batchOf({ alerts: rows }));
        const ids = async (withClosed: boolean, afterId?: string, limit = 100) =>
          (await c.alerts.list(a, { withClosed, limit, ...(afterId === undefined ? {} : { afterId }) })).map(
            (x) => x.id,
          );
        const all = ['10000000000', 'a0000000000', 'C0000000000', 'B0000000000', 'z0000000000'];
        assert.deepEqual(await ids(true), all);
        assert.deepEqual(await ids(false), ['a0000000000', 'B0000000000', 'z0000000000']);
        assert.deepEqual(
          (await c.alerts.list(b, { withClosed: true, limit: 100 })).map((x) => x.id),
          ['b0000000000'],
        );

        // Paging walks the same order, across equal openedAt, with or without closed alerts.
        const pages: string[][] = [];
        let after: string | undefined;
        for (;;) {
          const page = await ids(true, after, 2);
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1];
        }
        assert.deepEqual(pages, [all.slice(0, 2), all.slice(2, 4), all.slice(4)]);
        assert.deepEqual(await ids(false, 'a0000000000', 1), ['B0000000000']);
        // A closed alert is still a valid cursor for the open-only list.
        assert.deepEqual(await ids(false, 'C0000000000'), ['B0000000000', 'z0000000000']);
        await rejectsWith(ids(true, 'unknown0001'), NotFoundError, 'unknown0001');
        await rejectsWith(ids(true, 'b0000000000'), NotFoundError, 'b0000000000');
      }));

    test('setMemo changes the memo only; absent or foreign alerts are NotFoundError', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const alert = alertOf(a, { memo: 'old' });
        await c.alerts.apply(batchOf({ alerts: [alert] }));
        await c.alerts.setMemo(a, alert.id, 'new ✓');
        assert.deepEqual(await c.alerts.get(a, alert.id), { ...alert, memo: 'new ✓' });
        await c.alerts.setMemo(a, alert.id, 'new ✓');
        await rejectsWith(c.alerts.setMemo(b, alert.id, 'x'), NotFoundError, alert.id);
        await rejectsWith(c.alerts.setMemo(a, 'unknown0001', 'x'), NotFoundError, 'unknown0001');
        assert.equal((await c.alerts.get(a, alert.id))?.memo, 'new ✓');
      }));

    test("listOpen and listStates return every organization's, and listOpen only open alerts", () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const openA = alertOf(a, { monitorId: 'm1' });
        const openB = alertOf(b, { monitorId: 'm2' });
        const closed = alertOf(a, { monitorId: 'm3', closedAt: at(1), status: 'OK' });
        const states = [stateOf(a, { monitorId: 'm1' }), stateOf(b, { monitorId: 'm2', suppressed: true })];
        await c.alerts.apply(batchOf({ alerts: [openA, openB, closed], states }));
        const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
        assert.deepEqual((await c.alerts.listOpen()).sort(byId), [openA, openB].sort(byId));
        assert.deepEqual(
          (await c.alerts.listStates()).sort((x, y) => (x.monitorId < y.monitorId ? -1 : 1)),
          states,
        );
      }));

    test('another organization cannot get, list or page the alerts', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const alert = alertOf(a);
        await c.alerts.apply(batchOf({ alerts: [alert] }));
        assert.equal(await c.alerts.get(b, alert.id), undefined);
        assert.deepEqual(await c.alerts.list(b, { withClosed: true, limit: 10 }), []);
        await rejectsWith(c.alerts.list(b, { withClosed: true, limit: 10, afterId: alert.id }), NotFoundError);
        await rejectsWith(c.alerts.logs(b, alert.id, undefined, 10), NotFoundError);
        await rejectsWith(c.alerts.setMemo(b, alert.id, 'x'), NotFoundError);
        assert.deepEqual(await c.alerts.get(a, alert.id), alert);
      }));
  });
}
