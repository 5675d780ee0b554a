import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadDataError, NotFoundError } from '@saba/model';
import type { MonitorWrite } from '../catalog.ts';
import { alertOf, batchOf, logOf, stateOf } from './alert-fixture.ts';
import { at, ID_PATTERN, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

/** A body whose text must come back unchanged: key order, unicode, exact floats, nesting, nulls. */
const BODY = {
  zeta: 1,
  alpha: 0.1 + 0.2,
  duration: 5,
  metric: 'loadavg5',
  operator: '>',
  warning: 1e-300,
  critical: null,
  scopes: ['web:app', 'Web'],
  memo: 'über ✓ "q" \\ \n',
  nested: { b: [true, false, { c: -0.5 }], a: {} },
} as const;

function monitorInput(over: Partial<MonitorWrite> = {}): MonitorWrite {
  return { type: 'host', name: 'cpu', body: BODY, ...over };
}

/** Monitors: CRUD, order, isolation, and what a delete takes with it. */
export function monitorTests(open: OpenCatalog): void {
  describe('monitors', () => {
    test('create and get keep the body verbatim; get of an absent id is undefined', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const m = await c.monitors.create(a, monitorInput(), at(1));
        assert.match(m.id, ID_PATTERN);
        assert.deepEqual(m, {
          id: m.id,
          orgId: a,
          type: 'host',
          name: 'cpu',
          body: BODY,
          createdAt: at(1),
          updatedAt: at(1),
        });
        const got = await c.monitors.get(a, m.id);
        assert.deepEqual(got, m);
        assert.equal(JSON.stringify(got?.body), JSON.stringify(BODY), 'same text, key order included');
        assert.equal(await c.monitors.get(a, 'absent00000'), undefined);
      }));

    test('list orders by type, name, then id, byte-wise; listAll returns every organization', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const made = [
          await c.monitors.create(a, monitorInput({ type: 'service', name: 'a' }), T0),
          await c.monitors.create(a, monitorInput({ type: 'host', name: 'b' }), T0),
          await c.monitors.create(a, monitorInput({ type: 'host', name: 'B' }), T0),
          await c.monitors.create(a, monitorInput({ type: 'host', name: 'b' }), T0),
          await c.monitors.create(a, monitorInput({ type: 'connectivity', name: 'z', body: {} }), T0),
          await c.monitors.create(b, monitorInput({ type: 'expression', name: 'e' }), T0),
        ];
        const key = (m: (typeof made)[number]) => `${m.type}\u0000${m.name}\u0000${m.id}`;
        const expected = made
          .filter((m) => m.orgId === a)
          .sort((x, y) => (key(x) < key(y) ? -1 : 1))
          .map((m) => m.id);
        assert.deepEqual(
          (await c.monitors.list(a)).map((m) => m.id),
          expected,
        );
        assert.deepEqual(
          (await c.monitors.list(b)).map((m) => m.name),
          ['e'],
        );
        const all = await c.monitors.listAll();
        assert.deepEqual(all.map((m) => m.id).sort(), made.map((m) => m.id).sort());
      }));

    test('replace changes name and body; type changes, absent and foreign ids are refused', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const m = await c.monitors.create(a, monitorInput(), at(1));
        const body = { duration: 10, scopes: [] };
        const replaced = await c.monitors.replace(a, m.id, monitorInput({ name: 'cpu2', body }), at(5));
        assert.deepEqual(replaced, { ...m, name: 'cpu2', body, updatedAt: at(5) });
        assert.deepEqual(await c.monitors.get(a, m.id), replaced);
        await rejectsWith(
          c.monitors.replace(a, m.id, monitorInput({ type: 'service', name: 'x' }), at(6)),
          BadDataError,
          'type',
        );
        await rejectsWith(c.monitors.replace(a, 'absent00000', monitorInput(), at(6)), NotFoundError, 'absent00000');
        await rejectsWith(c.monitors.replace(b, m.id, monitorInput({ name: 'x' }), at(6)), NotFoundError, m.id);
        assert.deepEqual(await c.monitors.get(a, m.id), replaced, 'nothing changed');
      }));

    test('delete closes its open alerts, clears monitorId on its logs, drops its states', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const m = await c.monitors.create(a, monitorInput(), T0);
        const keep = await c.monitors.create(a, monitorInput({ name: 'keep' }), T0);
        const open1 = alertOf(a, { monitorId: m.id, target: 'h1', statusChangedAt: at(1), notifiedAt: at(2) });
        const open2 = alertOf(a, { monitorId: m.id, target: 'h2', status: 'WARNING', openedAt: at(3) });
        const old = alertOf(a, { monitorId: m.id, target: 'h1', status: 'OK', closedAt: at(1), reason: 'r' });
        const other = alertOf(a, { monitorId: keep.id, target: 'h1' });
        const otherLog = logOf(other.id, { monitorId: keep.id });
        await c.alerts.apply(
          batchOf({
            alerts: [open1, open2, old, other],
            logs: [logOf(open1.id, { monitorId: m.id }), logOf(old.id, { monitorId: m.id }), otherLog],
            states: [
              stateOf(a, { monitorId: m.id, target: 'h1' }),
              stateOf(a, { monitorId: m.id, target: 'h2' }),
              stateOf(a, { monitorId: keep.id, target: 'h1' }),
            ],
          }),
        );

        const { monitor, closed } = await c.monitors.delete(a, m.id, 'delete monitor', at(50));
        assert.deepEqual(monitor, m);
        const asClosed = [open1, open2].map((x) => ({
          ...x,
          status: 'OK' as const,
          closedAt: at(50),
          reason: 'delete monitor',
          statusChangedAt: at(50),
        }));
        assert.deepEqual(
          [...closed].sort((x, y) => x.openedAt - y.openedAt),
          asClosed,
        );
        for (const x of asClosed) assert.deepEqual(await c.alerts.get(a, x.id), x);
        assert.deepEqual(await c.alerts.get(a, old.id), old, 'a closed alert stays as it was');
        assert.deepEqual(await c.alerts.get(a, other.id), other);

        const [last, first] = await c.alerts.logs(a, open1.id, undefined, 10);
        assert.deepEqual(last && { ...last, id: '' }, {
          id: '',
          alertId: open1.id,
          status: 'OK',
          trigger: 'monitorDelete',
          monitorId: null,
          targetValue: null,
          statusDetail: null,
          createdAt: at(50),
        });
        assert.equal(first?.monitorId, null, 'older entries lose the monitor too');
        assert.deepEqual(
          (await c.alerts.logs(a, old.id, undefined, 10)).map((l) => l.monitorId),
          [null],
        );
        assert.equal((await c.alerts.logs(a, open2.id, undefined, 10))[0]?.trigger, 'monitorDelete');
        assert.deepEqual(await c.alerts.logs(a, other.id, undefined, 10), [otherLog]);
        assert.deepEqual(
          (await c.alerts.listStates()).map((s) => s.monitorId),
          [keep.id],
        );
        assert.equal(await c.monitors.get(a, m.id), undefined);
        await rejectsWith(c.monitors.delete(a, m.id, 'again', at(51)), NotFoundError, m.id);
        // A monitor without alerts deletes cleanly.
        assert.deepEqual((await c.monitors.delete(a, keep.id, 'r', at(52))).monitor, keep);
      }));

    test('another organization cannot see, replace or delete the monitors', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const m = await c.monitors.create(a, monitorInput(), T0);
        const alert = alertOf(a, { monitorId: m.id });
        await c.alerts.apply(batchOf({ alerts: [alert], states: [stateOf(a, { monitorId: m.id })] }));
        assert.equal(await c.monitors.get(b, m.id), undefined);
        assert.deepEqual(await c.monitors.list(b), []);
        await rejectsWith(c.monitors.replace(b, m.id, monitorInput(), at(1)), NotFoundError, m.id);
        await rejectsWith(c.monitors.delete(b, m.id, 'r', at(1)), NotFoundError, m.id);
        assert.deepEqual(await c.monitors.get(a, m.id), m);
        assert.deepEqual(await c.alerts.get(a, alert.id), alert, 'its alert stays open');
        assert.equal((await c.alerts.listStates()).length, 1);
      }));
  });
}
