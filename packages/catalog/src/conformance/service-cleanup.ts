import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OrgId } from '@saba/model';
import type {
  Catalog,
  Cleanup,
  DocRecord,
  JsonValue,
  MonitorRecord,
  MonitorWrite,
  ReferenceCleanup,
} from '../catalog.ts';
import { newId } from '../ids.ts';
import { alertOf, batchOf, logOf, stateOf } from './alert-fixture.ts';
import { at, type OpenCatalog, T0, twoOrgs, withCatalog } from './fixture.ts';

// The catalog applies a caller's decisions about the settings naming a deleted service or role;
// which decisions the API makes is tested in @saba/monitor (scope-cleanup.test.ts) and in the API
// tests. The cleanup here decides as the API does, on the stored JSON, so that the cases read as
// they would through the API.

type Gone = { readonly service: string; readonly role?: string };
/** A stored document's JSON. */
export type Body = DocRecord['body'];

/** Whether a scope string (`service` or `service:role`) names `gone` or, for a service, one of its roles. */
function names(scope: string, gone: Gone): boolean {
  const [service, role] = scope.split(':');
  return service === gone.service && (gone.role === undefined || role === gone.role);
}

function list(body: Body, field: string): string[] {
  return ((body[field] as JsonValue[] | undefined) ?? []) as string[];
}

/**
 * Filters string lists of `body`; 'delete' when one of `includes` emptied (an empty include list
 * would widen the setting), 'keep' when nothing changed.
 */
export function filtered(
  body: Body,
  fields: Readonly<Record<string, (s: string) => boolean>>,
  includes: readonly string[],
): Cleanup<Body> {
  const next: Record<string, JsonValue> = { ...body };
  let changed = false;
  for (const [field, keep] of Object.entries(fields)) {
    const before = list(body, field);
    const after = before.filter(keep);
    if (after.length === before.length) continue;
    if (includes.includes(field) && after.length === 0) return 'delete';
    next[field] = after;
    changed = true;
  }
  return changed ? { replace: next } : 'keep';
}

/** The API's cleanup, in the small: see the comment at the top. */
function cleanupOf(gone: Gone, org: OrgId): ReferenceCleanup {
  const keepScope = (s: string) => !names(s, gone);
  const keepService = (s: string) => gone.role !== undefined || s !== gone.service;
  return {
    monitor(m: MonitorRecord): Cleanup<MonitorWrite> {
      if (m.type === 'service') return gone.role === undefined && m.body.service === gone.service ? 'delete' : 'keep';
      const r = filtered(m.body, { scopes: keepScope, excludeScopes: keepScope }, ['scopes']);
      return typeof r === 'string' ? r : { replace: { type: m.type, name: m.name, body: r.replace } };
    },
    downtime: (d, deleted) =>
      filtered(
        d.body,
        {
          serviceScopes: keepService,
          roleScopes: keepScope,
          monitorScopes: (id) => !deleted.has(id),
          roleExcludeScopes: keepScope,
        },
        ['serviceScopes', 'roleScopes', 'monitorScopes'],
      ),
    alertGroupSetting: (d) => filtered(d.body, { serviceScopes: keepService }, ['serviceScopes']),
    notificationGroup(d, deleted) {
      const services = (d.body.services as { name: string }[]).filter((s) => keepService(s.name));
      const monitors = (d.body.monitors as { id: string }[]).filter((m) => !deleted.has(m.id));
      return { replace: { ...d.body, services, monitors } };
    },
    outbox: (m, action) => [{ id: newId(), orgId: org, body: { action, monitorId: m.id }, createdAt: T0 }],
  };
}

/** A host monitor on `scopes`, minus `excludeScopes`. */
export const host = (name: string, scopes: string[], excludeScopes: string[] = []): MonitorWrite => ({
  type: 'host',
  name,
  body: { metric: 'loadavg5', operator: '>', warning: 1, duration: 1, scopes, excludeScopes },
});
const service = (name: string, svc: string): MonitorWrite => ({
  type: 'service',
  name,
  body: { service: svc, metric: 'orders', operator: '>', warning: 1, duration: 1 },
});

/** One open alert of monitor `m`, with its evaluation state and a log entry. */
export async function alerting(c: Catalog, org: OrgId, m: MonitorRecord, target: string) {
  const alert = alertOf(org, { monitorId: m.id, type: m.type, target });
  await c.alerts.apply(
    batchOf({
      alerts: [alert],
      logs: [logOf(alert.id, { monitorId: m.id })],
      states: [stateOf(org, { monitorId: m.id, target })],
    }),
  );
  return alert;
}

/** The bodies of the documents `docs` lists. */
export async function bodies(docs: Promise<DocRecord[]>): Promise<Body[]> {
  return (await docs).map((d) => d.body);
}

/** Services' and roles' deletes rewrite what names them, in their own transaction. */
export function serviceCleanupTests(open: OpenCatalog): void {
  describe('service and role deletes: settings naming them', () => {
    test('a service delete takes its monitors, scopes and documents naming it, and closes their alerts', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        for (const org of [a, b]) {
          await c.services.create(org, 'web', '');
          await c.services.create(org, 'api', '');
        }
        const onWeb = await c.monitors.create(a, service('orders', 'web'), T0);
        const onApi = await c.monitors.create(a, service('orders', 'api'), T0);
        const both = await c.monitors.create(a, host('both', ['web', 'api:app']), T0);
        const onlyWeb = await c.monitors.create(a, host('only', ['web:app']), T0);
        const everyHost = await c.monitors.create(a, host('all', [], ['web']), T0);
        const foreign = await c.monitors.create(b, host('b', ['web']), T0);
        const webAlert = await alerting(c, a, onWeb, 'web');
        const hostAlert = await alerting(c, a, onlyWeb, 'host-1');
        const body = { name: 'dt', start: 0, duration: 60 };
        // Made a second apart: lists are in the order made.
        await c.downtimes.create(a, { ...body, serviceScopes: ['web', 'api'] }, at(1));
        await c.downtimes.create(a, { ...body, serviceScopes: ['web'] }, at(2));
        await c.downtimes.create(a, { ...body, monitorScopes: [onWeb.id] }, at(3));
        await c.downtimes.create(a, { ...body, roleScopes: ['api:app'], roleExcludeScopes: ['web:db'] }, at(4));
        await c.alertGroupSettings.create(a, { name: 'g', serviceScopes: ['web'] }, at(1));
        await c.alertGroupSettings.create(a, { name: 'h', serviceScopes: ['web', 'api'] }, at(2));
        const group = { name: 'n', services: [{ name: 'web' }, { name: 'api' }], monitors: [{ id: onWeb.id }] };
        const ng = await c.notificationGroups.create(
          a,
          { ...group, monitors: [{ id: onWeb.id }, { id: both.id }] },
          T0,
        );
        const foreignDowntime = await c.downtimes.create(b, { ...body, serviceScopes: ['web'] }, T0);

        const r = await c.services.delete(a, 'web', at(70), cleanupOf({ service: 'web' }, a));

        assert.deepEqual(r.service, { name: 'web', memo: '', roles: [] });
        assert.deepEqual(r.deletedMonitors.map((m) => m.id).sort(), [onWeb.id, onlyWeb.id].sort());
        assert.deepEqual(
          r.closed.map((x) => [x.id, x.status, x.reason]).sort(),
          [
            [webAlert.id, 'OK', 'delete service'],
            [hostAlert.id, 'OK', 'delete service'],
          ].sort(),
        );
        // Left: the other service's monitor, and the host monitors without the service.
        const left = await c.monitors.list(a);
        assert.deepEqual(
          left.map((m) => [m.id, m.body.scopes ?? null, m.body.excludeScopes ?? null]).sort(),
          [
            [onApi.id, null, null],
            [both.id, ['api:app'], []],
            [everyHost.id, [], []],
          ].sort(),
        );
        assert.equal(left.find((m) => m.id === both.id)?.updatedAt, at(70));
        assert.equal(left.find((m) => m.id === onApi.id)?.updatedAt, T0, 'a monitor not naming it is not rewritten');
        // The deleted monitors' alerts are closed, off their monitor, and their states gone.
        for (const alert of [webAlert, hostAlert]) {
          const logs = await c.alerts.logs(a, alert.id, undefined, 10);
          assert.deepEqual(
            logs.map((l) => l.monitorId),
            [null, null],
          );
          assert.equal(logs[0]?.trigger, 'serviceDelete');
        }
        assert.deepEqual(await c.alerts.listStates(), []);
        // Downtimes: stripped, or gone when an include list emptied.
        assert.deepEqual(await bodies(c.downtimes.list(a)), [
          { ...body, serviceScopes: ['api'] },
          { ...body, roleScopes: ['api:app'], roleExcludeScopes: [] },
        ]);
        assert.deepEqual(await bodies(c.alertGroupSettings.list(a)), [{ name: 'h', serviceScopes: ['api'] }]);
        assert.deepEqual((await c.notificationGroups.get(a, ng.id))?.body, {
          ...group,
          services: [{ name: 'api' }],
          monitors: [{ id: both.id }],
        });
        // Announced with the change: a delete per monitor deleted, an update per monitor rewritten.
        const events = (await c.outbox.undispatched(100)).map((e) => e.body as { action: string; monitorId: string });
        assert.deepEqual(
          events.map((e) => [e.action, e.monitorId]).sort(),
          [
            ['delete', onWeb.id],
            ['delete', onlyWeb.id],
            ['update', both.id],
            ['update', everyHost.id],
          ].sort(),
        );
        // The other organization's service of the same name is another service.
        assert.deepEqual(await c.monitors.get(b, foreign.id), foreign);
        assert.deepEqual(await c.downtimes.get(b, foreignDowntime.id), foreignDowntime);
      }));

    test('a role delete takes the role out of scopes; what named only it goes, with its alerts', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.services.create(a, 'web', '');
        for (const role of ['app', 'db']) await c.services.createRole(a, 'web', role, '');
        const two = await c.monitors.create(a, host('two', ['web:app', 'web:db']), T0);
        const only = await c.monitors.create(a, host('only', ['web:app']), T0);
        const whole = await c.monitors.create(a, host('whole', ['web'], ['web:app']), T0);
        const onWeb = await c.monitors.create(a, service('orders', 'web'), T0);
        const alert = await alerting(c, a, only, 'host-1');
        const body = { name: 'dt', start: 0, duration: 60 };
        await c.downtimes.create(a, { ...body, roleScopes: ['web:app'] }, at(1));
        await c.downtimes.create(a, { ...body, serviceScopes: ['web'] }, at(2));

        const r = await c.services.deleteRole(a, 'web', 'app', at(80), cleanupOf({ service: 'web', role: 'app' }, a));

        assert.deepEqual(r.role, { name: 'app', memo: '' });
        assert.deepEqual(
          r.deletedMonitors.map((m) => m.id),
          [only.id],
        );
        assert.deepEqual(
          r.closed.map((x) => [x.id, x.reason]),
          [[alert.id, 'delete monitor']],
        );
        assert.equal((await c.alerts.logs(a, alert.id, undefined, 1))[0]?.trigger, 'monitorDelete');
        assert.deepEqual(
          (await c.monitors.list(a)).map((m) => [m.id, m.body.scopes ?? null, m.body.excludeScopes ?? null]).sort(),
          [
            [two.id, ['web:db'], []],
            [whole.id, ['web'], []],
            [onWeb.id, null, null],
          ].sort(),
        );
        assert.deepEqual(await bodies(c.downtimes.list(a)), [{ ...body, serviceScopes: ['web'] }]);
        assert.deepEqual(await c.services.get(a, 'web'), { name: 'web', memo: '', roles: ['db'] });
      }));

    test('a cleanup failing at its last decision leaves the service and every setting as they were', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        await c.services.create(a, 'web', '');
        await c.services.createRole(a, 'web', 'app', '');
        const m = await c.monitors.create(a, service('orders', 'web'), T0);
        const h = await c.monitors.create(a, host('h', ['web:app', 'web:db']), T0);
        const alert = await alerting(c, a, m, 'web');
        const dt = await c.downtimes.create(a, { name: 'dt', start: 0, duration: 60, serviceScopes: ['web'] }, T0);
        await c.notificationGroups.create(a, { name: 'n', services: [], monitors: [] }, T0);
        const failing = (gone: Gone): ReferenceCleanup => ({
          ...cleanupOf(gone, a),
          notificationGroup: () => {
            throw new Error('injected failure');
          },
        });

        await assert.rejects(c.services.delete(a, 'web', at(90), failing({ service: 'web' })), /injected failure/);
        await assert.rejects(
          c.services.deleteRole(a, 'web', 'app', at(90), failing({ service: 'web', role: 'app' })),
          /injected failure/,
        );

        assert.deepEqual(await c.services.get(a, 'web'), { name: 'web', memo: '', roles: ['app'] });
        assert.deepEqual(
          (await c.monitors.list(a)).sort((x, y) => (x.id < y.id ? -1 : 1)),
          [m, h].sort((x, y) => (x.id < y.id ? -1 : 1)),
        );
        assert.deepEqual(await c.alerts.get(a, alert.id), alert);
        assert.deepEqual(await c.downtimes.get(a, dt.id), dt);
        assert.deepEqual(await c.outbox.undispatched(100), []);
      }));
  });
}
