import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert, HostId, OrgId } from '@saba/model';
import type { Catalog, CheckReport, CheckStatus } from '../catalog.ts';
import { alertOf, batchOf } from './alert-fixture.ts';
import { at, hostInput, type OpenCatalog, T0, twoOrgs, updateInput, withCatalog } from './fixture.ts';

function report(host: HostId, name: string, s: number, status: CheckStatus = 'CRITICAL'): CheckReport {
  return {
    hostId: host,
    name,
    status,
    message: status,
    occurredAt: at(s),
    notificationInterval: null,
    maxCheckAttempts: null,
  };
}

const checks = (...names: string[]) => names.map((name) => ({ name, memo: '' }));

/** The check monitor of `name` in `org`, if there is one. */
async function monitorOf(c: Catalog, org: OrgId, name: string) {
  return (await c.checks.listMonitors(org, undefined, 100)).find((m) => m.name === name);
}

/** Opens a check alert of `name` on `host` as the engine does, after a report made its monitor. */
async function openCheckAlert(c: Catalog, org: OrgId, host: HostId, name: string): Promise<Alert> {
  const m = await monitorOf(c, org, name);
  assert.ok(m !== undefined, `monitor of ${name}`);
  const alert = alertOf(org, { monitorId: m.id, type: 'check', target: host, hostId: host, value: null });
  await c.alerts.apply(batchOf({ alerts: [alert] }));
  return alert;
}

function closed(alert: Alert, s: number): Alert {
  return { ...alert, status: 'OK', closedAt: at(s), reason: 'closed', statusChangedAt: at(s) };
}

async function stateNames(c: Catalog, org: OrgId, host: HostId): Promise<string[]> {
  return (await c.checks.states(org, host)).map((s) => s.name);
}

/** Spec §6: a check the host's checks list drops goes only once it has no open alert. */
export function droppedCheckTests(open: OpenCatalog): void {
  describe('dropped checks', () => {
    test('an open alert keeps a dropped check until the alert closes; one without goes at once', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const id = await c.hosts.create(a, hostInput({ checks: checks('ssh', 'disk') }), T0);
        await c.checks.report(a, [report(id, 'ssh', 1), report(id, 'disk', 1, 'OK')], at(2));
        const alert = await openCheckAlert(c, a, id, 'ssh');
        const ssh = await monitorOf(c, a, 'ssh');

        await c.hosts.update(a, id, updateInput({ checks: [] }));
        assert.deepEqual(await stateNames(c, a, id), ['ssh'], 'the alerting state stays; the other goes');
        assert.deepEqual(await c.checks.getMonitor(a, alert.monitorId), ssh, 'the alert still names a monitor');
        assert.equal(await monitorOf(c, a, 'disk'), undefined);
        // Another update changes nothing while the alert is open.
        await c.hosts.update(a, id, updateInput({ checks: [] }));
        assert.deepEqual(await stateNames(c, a, id), ['ssh']);

        await c.alerts.apply(batchOf({ alerts: [closed(alert, 10)] }));
        assert.deepEqual(await c.checks.states(a, id), [], 'the close takes the dropped state with it');
        assert.equal(await c.checks.getMonitor(a, alert.monitorId), undefined);
      }));

    test('a dropped check kept by its alert goes when retirement closes the alert', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const id = await c.hosts.create(a, hostInput({ checks: checks('ssh') }), T0);
        await c.checks.report(a, [report(id, 'ssh', 1)], at(2));
        const alert = await openCheckAlert(c, a, id, 'ssh');
        await c.hosts.update(a, id, updateInput({ checks: [] }));
        assert.deepEqual(await stateNames(c, a, id), ['ssh']);
        const [retired] = await c.hosts.retire(a, [id], at(10));
        assert.equal(retired?.id, alert.id);
        assert.deepEqual(await c.checks.states(a, id), []);
        assert.equal(await c.checks.getMonitor(a, alert.monitorId), undefined);
      }));

    test('a check listed again, or reported for a host that never listed it, stays when its alert closes', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const id = await c.hosts.create(a, hostInput({ checks: checks('ssh') }), T0);
        // A custom-identifier host: the agent reports for it without listing the check.
        const rds = await c.hosts.create(a, hostInput(), T0);
        await c.checks.report(a, [report(id, 'ssh', 1), report(rds, 'ssh', 1)], at(2));
        const mine = await openCheckAlert(c, a, id, 'ssh');
        const theirs = await openCheckAlert(c, a, rds, 'ssh');
        // Another organization's open alert of a monitor by the same name keeps nothing here.
        const inB = await c.hosts.create(b, hostInput({ checks: checks('ssh') }), T0);
        await c.checks.report(b, [report(inB, 'ssh', 1)], at(2));
        await openCheckAlert(c, b, inB, 'ssh');

        await c.hosts.update(a, id, updateInput({ checks: [] }));
        await c.hosts.update(a, id, updateInput({ checks: checks('ssh') }));
        await c.alerts.apply(batchOf({ alerts: [closed(mine, 10), closed(theirs, 10)] }));
        assert.deepEqual(await stateNames(c, a, id), ['ssh'], 'listed again: the host runs it');
        assert.deepEqual(await stateNames(c, a, rds), ['ssh'], 'never listed is not dropped');
        assert.notEqual(await c.checks.getMonitor(a, mine.monitorId), undefined);

        // Dropped for good: the last state goes with its host's update, the monitor with the last one.
        await c.hosts.update(a, id, updateInput({ checks: [] }));
        assert.deepEqual(await c.checks.states(a, id), []);
        assert.notEqual(await c.checks.getMonitor(a, mine.monitorId), undefined, "the other host's state keeps it");
        await c.hosts.update(a, rds, updateInput({ checks: [] }));
        assert.equal(await c.checks.getMonitor(a, mine.monitorId), undefined);
        assert.notEqual(await monitorOf(c, b, 'ssh'), undefined);
      }));

    test('an open alert keeps the monitor even when no state is left', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const id = await c.hosts.create(a, hostInput({ checks: checks('ssh') }), T0);
        const other = await c.hosts.create(a, hostInput(), T0);
        await c.checks.report(a, [report(id, 'ssh', 1, 'OK')], at(2));
        // An alert whose state is gone: the host listing it is not the one alerting.
        const m = await monitorOf(c, a, 'ssh');
        assert.ok(m !== undefined);
        const alert = alertOf(a, { monitorId: m.id, type: 'check', target: other, hostId: other });
        await c.alerts.apply(batchOf({ alerts: [alert] }));
        await c.hosts.update(a, id, updateInput({ checks: [] }));
        assert.deepEqual(await c.checks.states(a, id), []);
        assert.deepEqual(await c.checks.getMonitor(a, m.id), m, 'spec §6: not while it has an open alert');
        await c.alerts.apply(batchOf({ alerts: [closed(alert, 10)] }));
        assert.equal(await c.checks.getMonitor(a, m.id), undefined);
      }));
  });
}
