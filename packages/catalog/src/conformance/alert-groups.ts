import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AlertGroup, ConflictError, type OrgId } from '@saba/model';
import { newId } from '../ids.ts';
import { batchOf } from './alert-fixture.ts';
import { at, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

function groupOf(org: OrgId, over: Partial<AlertGroup> = {}): AlertGroup {
  return {
    id: newId(),
    orgId: org,
    settingId: 'setting0001',
    status: 'WARNING',
    alertIds: ['alertAAAAAA'],
    openedAt: T0,
    closedAt: null,
    statusChangedAt: T0,
    notifiedAt: null,
    ...over,
  };
}

/** Alert groups written with alert batches. */
export function alertGroupTests(open: OpenCatalog): void {
  describe('alert groups', () => {
    test('a batch stores groups whole; open ones list across orgs, each org sees its own', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const g = groupOf(a, { alertIds: ['x1', 'x2'], notifiedAt: at(5) });
        const other = groupOf(b, { settingId: 'setting0002' });
        await c.alerts.apply(batchOf({ groups: [g, other] }));
        assert.deepEqual(
          await c.alerts.listOpenGroups(),
          [g, other].sort((x, y) => (x.orgId < y.orgId ? -1 : 1)),
        );
        assert.deepEqual(await c.alerts.listGroups(a, false, 10), [g]);
        const changed = { ...g, status: 'CRITICAL' as const, alertIds: ['x1', 'x2', 'x3'], statusChangedAt: at(9) };
        await c.alerts.apply(batchOf({ groups: [changed] }));
        assert.deepEqual(await c.alerts.listGroups(a, false, 10), [changed]);
        const closed = { ...changed, status: 'OK' as const, closedAt: at(20) };
        await c.alerts.apply(batchOf({ groups: [closed] }));
        assert.deepEqual(await c.alerts.listGroups(a, false, 10), []);
        assert.deepEqual(await c.alerts.listGroups(a, true, 10), [closed]);
        assert.deepEqual(await c.alerts.listOpenGroups(), [other]);
      }));

    test('one open group per setting: a second one rolls the whole batch back; closing first lets the next open', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const first = groupOf(a);
        await c.alerts.apply(batchOf({ groups: [first] }));
        await rejectsWith(c.alerts.apply(batchOf({ groups: [groupOf(a)] })), ConflictError, 'Alert batch');
        assert.deepEqual(await c.alerts.listGroups(a, true, 10), [first]);
        const next = groupOf(a, { openedAt: at(30) });
        await c.alerts.apply(batchOf({ groups: [next, { ...first, status: 'OK', closedAt: at(30) }] }));
        assert.deepEqual(
          (await c.alerts.listGroups(a, true, 10)).map((g) => [g.id, g.closedAt]),
          [
            [next.id, null],
            [first.id, at(30)],
          ],
        );
      }));
  });
}
