import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Alert, ConflictError, hostId, NotFoundError } from '@saba/model';
import type { Catalog } from '../catalog.ts';
import { alertOf, batchOf, logOf, stateOf } from './alert-fixture.ts';
import { at, type OpenCatalog, rejectsWith, twoOrgs, withCatalog } from './fixture.ts';

/**
 * Values a float column must give back bit for bit. Not -0: both drivers send it as 0, and the
 * API's JSON could not carry the sign anyway (JSON.stringify(-0) is "0").
 */
const FLOATS = [0.1 + 0.2, 1e-300, -1.7976931348623157e308, 5e-324, 123456789.12345679, Math.PI, 0, 42];

/** Everything the alert repository holds, to compare before and after a refused write. */
async function snapshot(c: Catalog, orgs: readonly Alert['orgId'][]): Promise<unknown> {
  const alerts = await Promise.all(orgs.map((o) => c.alerts.list(o, { withClosed: true, limit: 1000 })));
  const logs = await Promise.all(alerts.flat().map((a) => c.alerts.logs(a.orgId, a.id, undefined, 1000)));
  return { alerts, logs, states: await c.alerts.listStates() };
}

/** Alerts, their logs and evaluation states: apply, the one-open-alert guard, logs. */
export function alertTests(open: OpenCatalog): void {
  describe('alerts', () => {
    test('apply stores every field of alerts, logs and states, nulls and exact floats included', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const full = alertOf(a, {
          type: 'query',
          target: 'cpu{host="x"}',
          hostId: hostId('host0000001'),
          status: 'WARNING',
          value: 0.1 + 0.2,
          message: 'über 90 % ✓',
          series: { name: 'cpu', labels: { host: 'x', 'a.b': '"q"' } },
          openedAt: at(1),
          closedAt: at(9),
          reason: 'closed by hand',
          memo: 'a memo',
          statusChangedAt: at(5),
          notifiedAt: at(6),
        });
        const bare = alertOf(a, { type: 'external', target: '', value: null, monitorId: 'monitor0002' });
        const floats = FLOATS.map((value, i) => alertOf(a, { value, monitorId: `float${i}` }));
        const logs = [
          logOf(full.id, {
            status: 'WARNING',
            trigger: 'manual',
            targetValue: 1e-300,
            statusDetail: { type: 'check', detail: { message: 'disk 91%', memo: 'see runbook' } },
            createdAt: at(2),
          }),
          logOf(full.id, { status: 'OK', monitorId: null, targetValue: 0.1 + 0.2, createdAt: at(9) }),
          ...FLOATS.map((targetValue) => logOf(bare.id, { targetValue })),
        ];
        const states = [
          stateOf(a, { monitorId: 'monitor0001', target: 'h1', consecutive: 3, suppressed: true }),
          stateOf(a, { monitorId: 'monitor0001', target: 'h2', status: 'OK', consecutive: 0 }),
        ];
        await c.alerts.apply(batchOf({ alerts: [full, bare, ...floats], logs, states }));

        assert.deepEqual(await c.alerts.get(a, full.id), full);
        assert.deepEqual(await c.alerts.get(a, bare.id), bare);
        for (const f of floats) {
          const got = await c.alerts.get(a, f.id);
          assert.ok(Object.is(got?.value, f.value), `value ${f.value} came back as ${got?.value}`);
        }
        assert.deepEqual(await c.alerts.logs(a, full.id, undefined, 10), [logs[1], logs[0]]);
        const bareLogs = await c.alerts.logs(a, bare.id, undefined, 100);
        assert.deepEqual(
          bareLogs.map((l) => l.targetValue),
          [...FLOATS].reverse(),
        );
        assert.deepEqual(await c.alerts.listStates(), states);
        assert.equal(await c.alerts.get(a, 'absent00000'), undefined);
      }));

    test('apply replaces whole alerts and states by key, appends logs, and drops states', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const first = alertOf(a, { memo: 'm', message: 'x', hostId: hostId('host0000001') });
        const s1 = stateOf(a, { target: 't1' });
        const s2 = stateOf(a, { target: 't2' });
        const opening = logOf(first.id);
        await c.alerts.apply(batchOf({ alerts: [first], logs: [opening], states: [s1, s2] }));
        const closed: Alert = {
          ...first,
          status: 'OK',
          value: null,
          message: null,
          hostId: null,
          closedAt: at(30),
          statusChangedAt: at(30),
          notifiedAt: at(30),
          memo: 'changed',
        };
        const next = stateOf(a, { target: 't1', status: 'OK', consecutive: 0, observedAt: at(90), suppressed: true });
        const closing = logOf(first.id, { status: 'OK', createdAt: at(30) });
        await c.alerts.apply(
          batchOf({
            alerts: [closed],
            logs: [closing],
            states: [next],
            dropStates: [{ monitorId: 'monitor0001', target: 't2' }],
          }),
        );
        assert.deepEqual(await c.alerts.get(a, first.id), closed);
        assert.deepEqual(
          (await c.alerts.logs(a, first.id, undefined, 10)).map((l) => l.id),
          [closing.id, opening.id],
        );
        assert.deepEqual(await c.alerts.listStates(), [next]);
        // Dropping an absent state and an empty batch are no-ops.
        await c.alerts.apply(batchOf({ dropStates: [{ monitorId: 'nope', target: 'nope' }] }));
        await c.alerts.apply(batchOf({}));
        assert.deepEqual(await c.alerts.listStates(), [next]);
      }));

    test('a second open alert for one (monitor, target) is refused and the whole batch rolled back', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const stored = alertOf(a, { monitorId: 'm1', target: 'h1' });
        await c.alerts.apply(
          batchOf({
            alerts: [stored],
            logs: [logOf(stored.id)],
            states: [stateOf(a, { monitorId: 'm1', target: 'h1' })],
          }),
        );
        const before = await snapshot(c, [a, b]);

        const other = alertOf(b, { monitorId: 'm9', target: 'x' });
        const dup = alertOf(a, { monitorId: 'm1', target: 'h1' });
        const refused = batchOf({
          alerts: [other, { ...stored, memo: 'changed' }, dup],
          logs: [logOf(other.id), logOf(stored.id)],
          states: [stateOf(b, { monitorId: 'm9', target: 'x' })],
          dropStates: [{ monitorId: 'm1', target: 'h1' }],
        });
        await rejectsWith(c.alerts.apply(refused), ConflictError);
        // Two new open ones for the same key in one batch, too.
        const twins = [alertOf(a, { monitorId: 'm2', target: 'h' }), alertOf(a, { monitorId: 'm2', target: 'h' })];
        await rejectsWith(c.alerts.apply(batchOf({ alerts: twins })), ConflictError);
        assert.deepEqual(await snapshot(c, [a, b]), before, 'nothing of either batch was stored');

        // Closing the stored one in the same batch frees the key, whatever the order given.
        const next = alertOf(a, { monitorId: 'm1', target: 'h1', openedAt: at(60) });
        const closedStored = { ...stored, status: 'OK' as const, closedAt: at(60) };
        // An id given twice counts as its last version: `next` opened, then changed.
        await c.alerts.apply(batchOf({ alerts: [next, closedStored, { ...next, memo: 'last' }] }));
        assert.equal((await c.alerts.get(a, next.id))?.memo, 'last');
        assert.deepEqual(
          (await c.alerts.list(a, { withClosed: false, limit: 10 })).map((x) => x.id),
          [next.id],
        );
        // Other targets, other monitors and closed alerts never collide.
        await c.alerts.apply(
          batchOf({
            alerts: [
              alertOf(a, { monitorId: 'm1', target: 'h2' }),
              alertOf(a, { monitorId: 'm3', target: 'h1' }),
              alertOf(a, { monitorId: 'm1', target: 'h1', closedAt: at(1), status: 'OK' }),
            ],
          }),
        );
        assert.equal((await c.alerts.list(a, { withClosed: true, limit: 10 })).length, 5);
      }));

    test('apply refuses logs of an unknown alert and an alert id of another organization, changing nothing', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const mine = alertOf(a);
        await c.alerts.apply(batchOf({ alerts: [mine] }));
        const before = await snapshot(c, [a, b]);
        const fresh = alertOf(a, { monitorId: 'm2' });
        await rejectsWith(
          c.alerts.apply(batchOf({ alerts: [fresh], logs: [logOf(fresh.id), logOf('unknown0001')] })),
          NotFoundError,
          'unknown0001',
        );
        await rejectsWith(
          c.alerts.apply(batchOf({ alerts: [fresh, { ...mine, orgId: b, memo: 'stolen' }] })),
          ConflictError,
          mine.id,
        );
        assert.deepEqual(await snapshot(c, [a, b]), before);
      }));

    test('logs: newest first in the order written, paged by afterId', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const alert = alertOf(a);
        // Equal createdAt on purpose: the order written decides, not the time or the id.
        const written = Array.from({ length: 5 }, () => logOf(alert.id));
        await c.alerts.apply(batchOf({ alerts: [alert], logs: written.slice(0, 3) }));
        await c.alerts.apply(batchOf({ logs: written.slice(3) }));
        const ids = written.map((l) => l.id).reverse();
        assert.deepEqual(
          (await c.alerts.logs(a, alert.id, undefined, 10)).map((l) => l.id),
          ids,
        );
        const page1 = await c.alerts.logs(a, alert.id, undefined, 2);
        assert.deepEqual(
          page1.map((l) => l.id),
          ids.slice(0, 2),
        );
        const page2 = await c.alerts.logs(a, alert.id, page1[1]?.id, 2);
        assert.deepEqual(
          page2.map((l) => l.id),
          ids.slice(2, 4),
        );
        assert.deepEqual(
          (await c.alerts.logs(a, alert.id, page2[1]?.id, 2)).map((l) => l.id),
          ids.slice(4),
        );
        assert.deepEqual(await c.alerts.logs(a, alert.id, ids[4], 2), []);
        await rejectsWith(c.alerts.logs(a, alert.id, 'unknown0001', 2), NotFoundError, 'unknown0001');
        await rejectsWith(c.alerts.logs(a, 'unknown0001', undefined, 2), NotFoundError, 'unknown0001');
        await rejectsWith(c.alerts.logs(b, alert.id, undefined, 2), NotFoundError, alert.id);
        // Another alert's log id is no cursor here.
        const other = alertOf(a, { monitorId: 'm2' });
        const otherLog = logOf(other.id);
        await c.alerts.apply(batchOf({ alerts: [other], logs: [otherLog] }));
        await rejectsWith(c.alerts.logs(a, alert.id, otherLog.id, 2), NotFoundError, otherLog.id);
      }));
  });
}
