import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '@saba/model';
import { alertOf, batchOf, logOf, stateOf } from './alert-fixture.ts';
import { at, hostInput, type OpenCatalog, T0, twoOrgs, withCatalog } from './fixture.ts';

/** `alert` as a deletion or retirement closes it at `now`. */
function closedBy(alert: Alert, reason: string, now: number): Alert {
  return { ...alert, status: 'OK', closedAt: at(now), reason, statusChangedAt: at(now) };
}

/** Host retirement and service deletion close the alerts that nothing could close any more. */
export function alertClosingTests(open: OpenCatalog): void {
  describe('alert closing', () => {
    test("retire closes the retired hosts' open alerts only, logs hostRetire, and drops their states", () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const h1 = await c.hosts.create(a, hostInput(), T0);
        const h2 = await c.hosts.create(a, hostInput(), T0);
        const live = await c.hosts.create(a, hostInput(), T0);
        const hostAlert = alertOf(a, { monitorId: 'm1', target: h1, hostId: h1 });
        const checkAlert = alertOf(a, { monitorId: 'c1', type: 'check', target: h2, hostId: h2, openedAt: at(1) });
        const oldAlert = alertOf(a, { monitorId: 'm1', target: h1, hostId: h1, status: 'OK', closedAt: at(1) });
        const liveAlert = alertOf(a, { monitorId: 'm1', target: live, hostId: live });
        // Same host id text in another organization: not the retired host.
        const foreign = alertOf(b, { monitorId: 'm9', target: h1, hostId: h1 });
        await c.alerts.apply(
          batchOf({
            alerts: [hostAlert, checkAlert, oldAlert, liveAlert, foreign],
            logs: [logOf(hostAlert.id)],
            states: [
              stateOf(a, { monitorId: 'm1', target: h1 }),
              stateOf(a, { monitorId: 'm2', target: h2 }),
              stateOf(a, { monitorId: 'm1', target: live }),
              stateOf(b, { monitorId: 'm9', target: h1 }),
            ],
          }),
        );

        const closed = await c.hosts.retire(a, [h1, h2, h1], at(40));
        const expected = [closedBy(hostAlert, 'retire host', 40), closedBy(checkAlert, 'retire host', 40)];
        assert.deepEqual(
          [...closed].sort((x, y) => x.openedAt - y.openedAt),
          expected,
        );
        for (const x of expected) assert.deepEqual(await c.alerts.get(a, x.id), x);
        for (const x of [oldAlert, liveAlert]) assert.deepEqual(await c.alerts.get(a, x.id), x);
        assert.deepEqual(await c.alerts.get(b, foreign.id), foreign);
        const logs = await c.alerts.logs(a, hostAlert.id, undefined, 10);
        assert.deepEqual(
          logs.map((l) => [l.status, l.trigger, l.monitorId, l.createdAt]),
          [
            ['OK', 'hostRetire', 'm1', at(40)],
            ['CRITICAL', 'monitoring', 'monitor0001', T0],
          ],
        );
        assert.equal((await c.alerts.logs(a, checkAlert.id, undefined, 10))[0]?.trigger, 'hostRetire');
        assert.deepEqual(
          (await c.alerts.listStates()).map((s) => [s.orgId, s.target]).sort(),
          [
            [a, live],
            [b, h1],
          ].sort(),
        );
        assert.deepEqual(await c.hosts.retire(a, [h1], at(50)), [], 'retiring again closes nothing');
      }));

    test('service delete closes the open alerts of service monitors on that service only', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        await c.services.create(a, 'web', '');
        await c.services.create(a, 'api', '');
        await c.services.create(b, 'web', '');
        const web = alertOf(a, { monitorId: 's1', type: 'service', target: 'web', value: 0.5 });
        const api = alertOf(a, { monitorId: 's1', type: 'service', target: 'api' });
        const notService = alertOf(a, { monitorId: 'x1', type: 'expression', target: 'web' });
        const foreign = alertOf(b, { monitorId: 's9', type: 'service', target: 'web' });
        await c.alerts.apply(batchOf({ alerts: [web, api, notService, foreign] }));

        const { service, closed } = await c.services.delete(a, 'web', at(70));
        assert.deepEqual(service, { name: 'web', memo: '', roles: [] });
        const expected = closedBy(web, 'delete service', 70);
        assert.deepEqual(closed, [expected]);
        assert.deepEqual(await c.alerts.get(a, web.id), expected);
        const [entry] = await c.alerts.logs(a, web.id, undefined, 10);
        assert.deepEqual(entry && [entry.status, entry.trigger, entry.monitorId], ['OK', 'serviceDelete', 's1']);
        for (const x of [api, notService]) assert.deepEqual(await c.alerts.get(a, x.id), x);
        assert.deepEqual(await c.alerts.get(b, foreign.id), foreign);
        assert.deepEqual((await c.services.delete(a, 'api', at(71))).closed, [closedBy(api, 'delete service', 71)]);
      }));
  });
}
