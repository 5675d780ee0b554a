import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReferenceCleanup } from '../catalog.ts';
import { newId } from '../ids.ts';
import { at, type OpenCatalog, T0, twoOrgs, withCatalog } from './fixture.ts';
import { alerting, bodies, filtered, host } from './service-cleanup.ts';

// A monitor's delete applies the caller's cleanup as a service's does (service-cleanup.ts), the
// documents told the monitor is deleted. The cleanup here decides as the API does for a monitor
// delete: monitor scopes lose it, and an emptied include list deletes the document.

/** The API's cleanup for a monitor delete, in the small. */
function monitorDeleteCleanup(): ReferenceCleanup {
  return {
    monitor: () => 'keep',
    downtime: (d, deleted) => {
      const keep = (id: string) => !deleted.has(id);
      return filtered(d.body, { monitorScopes: keep, monitorExcludeScopes: keep }, ['monitorScopes']);
    },
    alertGroupSetting: (d, deleted) => filtered(d.body, { monitorScopes: (id) => !deleted.has(id) }, ['monitorScopes']),
    notificationGroup(d, deleted) {
      const monitors = d.body.monitors as { id: string }[];
      const left = monitors.filter((m) => !deleted.has(m.id));
      return left.length === monitors.length ? 'keep' : { replace: { ...d.body, monitors: left } };
    },
  };
}

/** A monitor's delete rewrites what names it, in its own transaction. */
export function monitorCleanupTests(open: OpenCatalog): void {
  describe('monitor deletes: settings naming the monitor', () => {
    test('downtimes, alert group settings and groups lose it; what it alone scoped goes', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const m = await c.monitors.create(a, host('gone', ['web']), T0);
        const other = await c.monitors.create(a, host('other', ['web']), T0);
        const alert = await alerting(c, a, m, 'host-1');
        const body = { name: 'dt', start: 0, duration: 60 };
        // Made a second apart: lists are in the order made.
        const both = await c.downtimes.create(a, { ...body, monitorScopes: [m.id, other.id] }, at(1));
        await c.downtimes.create(a, { ...body, serviceScopes: ['web'], monitorScopes: [m.id] }, at(2));
        const excluding = await c.downtimes.create(
          a,
          { ...body, serviceScopes: ['web'], monitorExcludeScopes: [m.id] },
          at(3),
        );
        const untouched = await c.downtimes.create(a, { ...body, monitorScopes: [other.id] }, at(4));
        await c.alertGroupSettings.create(a, { name: 'g', monitorScopes: [m.id, other.id] }, at(1));
        await c.alertGroupSettings.create(a, { name: 'h', serviceScopes: ['web'], monitorScopes: [m.id] }, at(2));
        const group = { name: 'n', services: [], monitors: [{ id: m.id }, { id: other.id }] };
        const ng = await c.notificationGroups.create(a, group, T0);
        // The catalog does not check what a document names: the other organization's is its own.
        const foreign = await c.downtimes.create(b, { ...body, monitorScopes: [m.id] }, T0);
        const event = { id: newId(), orgId: a, body: { action: 'delete', monitorId: m.id }, createdAt: T0 };

        const r = await c.monitors.delete(a, m.id, 'delete monitor', at(60), () => [event], monitorDeleteCleanup());

        assert.deepEqual(r.monitor, m);
        assert.deepEqual(
          r.closed.map((x) => [x.id, x.status, x.reason]),
          [[alert.id, 'OK', 'delete monitor']],
        );
        assert.deepEqual(
          (await c.monitors.list(a)).map((x) => x.id),
          [other.id],
        );
        assert.equal((await c.monitors.get(a, other.id))?.updatedAt, T0, 'the other monitor is not rewritten');
        assert.deepEqual(await bodies(c.downtimes.list(a)), [
          { ...body, monitorScopes: [other.id] },
          { ...body, serviceScopes: ['web'], monitorExcludeScopes: [] },
          { ...body, monitorScopes: [other.id] },
        ]);
        assert.deepEqual(
          (await c.downtimes.list(a)).map((d) => d.id),
          [both.id, excluding.id, untouched.id],
        );
        assert.deepEqual(await bodies(c.alertGroupSettings.list(a)), [{ name: 'g', monitorScopes: [other.id] }]);
        assert.deepEqual((await c.notificationGroups.get(a, ng.id))?.body, { ...group, monitors: [{ id: other.id }] });
        assert.deepEqual(await c.downtimes.get(b, foreign.id), foreign);
        // Only the delete's own event: the cleanup rewrote no monitor.
        assert.deepEqual(
          (await c.outbox.undispatched(100)).map((e) => e.body),
          [event.body],
        );
      }));

    test('a cleanup failing leaves the monitor, its alert and every setting as they were', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const m = await c.monitors.create(a, host('gone', ['web']), T0);
        const alert = await alerting(c, a, m, 'host-1');
        const dt = await c.downtimes.create(a, { name: 'dt', start: 0, duration: 60, monitorScopes: [m.id] }, T0);
        await c.notificationGroups.create(a, { name: 'n', services: [], monitors: [] }, T0);
        const failing: ReferenceCleanup = {
          ...monitorDeleteCleanup(),
          notificationGroup: () => {
            throw new Error('injected failure');
          },
        };

        await assert.rejects(c.monitors.delete(a, m.id, 'delete monitor', at(60), undefined, failing), /injected/);

        assert.deepEqual(await c.monitors.get(a, m.id), m);
        assert.deepEqual(await c.alerts.get(a, alert.id), alert);
        assert.deepEqual(await c.downtimes.get(a, dt.id), dt);
        assert.equal((await c.alerts.listStates()).length, 1);
      }));
  });
}
