// What a service, role or monitor delete does to the settings naming it (spec mackerel-api.md
// §7: a service delete cascades to monitors): monitors of the service go, scopes lose the name,
// and a setting whose include list would empty (so widen to everything) goes too. Everything left
// can be read back and PUT unchanged, as `mkr monitors push` and `terraform apply` do: a scope
// naming a deleted service or monitor would be refused with 400 (spec §8.2).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Monitor } from '@saba/monitor';
import { createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import {
  closedAlert,
  createMonitor,
  hostMonitorBody,
  openAlertOf,
  postValues,
  settled,
} from '../testing/monitor-fixtures.ts';

let h: Harness;
before(async () => {
  // No timers: host monitors judge on each post, which is all these tests need.
  h = await startHarness({}, { monitorTimers: false });
});
after(async () => {
  await h.close();
});

/** The calls of one fresh organization, and what it lists. */
async function orgCalls() {
  const { name, key } = await h.newOrg();
  const call = async (method: string, path: string, body?: unknown) =>
    h.call(method, path, { key, ...(body !== undefined ? { body } : {}) });
  const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const a = await call(method, path, body);
    assert.equal(a.status, 200, `${method} ${path}: ${a.text}`);
    return a.json as Json;
  };
  /** The listed items of `ids`, by name: lists go by creation time, and these are made within a second. */
  const listed = async (path: string, field: string, ids: readonly string[]): Promise<Json[]> =>
    ((await ok('GET', path))[field] as Json[])
      .filter((x) => ids.includes(x.id))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name, key, call, ok, listed };
}

type Org = Awaited<ReturnType<typeof orgCalls>>;

/** What the running engine judges by for the organization, once the requests answered so far are done. */
async function engineView(org: Org) {
  const found = await h.server.catalog.orgs.getByName(org.name);
  assert.ok(found);
  await settled(h);
  const state = h.server.monitor.org(found.id);
  return {
    monitors: state.monitors,
    downtimes: state.downtimes.map((d) => d.id),
    settings: state.groupSettings.map((s) => s.id),
  };
}

function scopesOf(m: Monitor | undefined): unknown {
  return m !== undefined && 'scopes' in m ? m.scopes : undefined;
}

/** Each listed item PUT back as read answers 200 and itself: nothing in it names what is gone. */
async function putBackUnchanged(org: Org, path: string, items: readonly Json[]): Promise<void> {
  for (const item of items) {
    const { id, ...body } = item;
    assert.deepEqual(await org.ok('PUT', `${path}/${id}`, body), item);
  }
}

async function monitorsPutBack(org: Org, ids: readonly string[]): Promise<Json[]> {
  const monitors = await org.listed('/api/v0/monitors', 'monitors', ids);
  for (const m of monitors) assert.deepEqual((await org.ok('GET', `/api/v0/monitors/${m.id}`)).monitor, m);
  await putBackUnchanged(org, '/api/v0/monitors', monitors);
  return monitors;
}

const serviceMonitor = (service: string) => ({
  type: 'service',
  name: `${service} orders`,
  service,
  metric: 'orders',
  operator: '>',
  warning: null,
  critical: 1,
  duration: 1,
});

describe('DELETE /api/v0/services/<name>: settings naming the service', () => {
  test('its monitors go; scopes, downtimes, alert group settings and groups lose it; the rest PUTs back', async () => {
    const org = await orgCalls();
    for (const name of ['Cln', 'Kept']) await org.ok('POST', '/api/v0/services', { name });
    const host = await createHost(h, { name: 'cln-host', roleFullnames: ['Cln:web', 'Kept:app'] }, org.key);
    const onService = await createMonitor(h, serviceMonitor('Cln'), org.key);
    const onKept = await createMonitor(h, serviceMonitor('Kept'), org.key);
    const both = await createMonitor(h, hostMonitorBody('custom.both', { scopes: ['Cln', 'Kept:app'] }), org.key);
    const only = await createMonitor(h, hostMonitorBody('custom.only', { scopes: ['Cln:web'] }), org.key);
    const excluding = await createMonitor(h, hostMonitorBody('custom.excl', { excludeScopes: ['Cln'] }), org.key);
    await postValues(h, 'custom.only', [[host, 50]], nowSec(), org.key);
    const alert = await openAlertOf(h, only, host, org.key);

    const start = nowSec() + 3600;
    const downtime = async (name: string, scopes: Json) =>
      (await org.ok('POST', '/api/v0/downtimes', { name, start, duration: 60, ...scopes })).id as string;
    const downtimes = [
      await downtime('both', { serviceScopes: ['Cln', 'Kept'] }),
      await downtime('only', { serviceScopes: ['Cln'] }),
      await downtime('its monitor', { monitorScopes: [onService] }),
      await downtime('excluding', { serviceExcludeScopes: ['Cln'], monitorScopes: [both] }),
    ];
    const setting = async (name: string, scopes: Json) =>
      (await org.ok('POST', '/api/v0/alert-group-settings', { name, ...scopes })).id as string;
    const settings = [
      await setting('both', { serviceScopes: ['Cln', 'Kept'] }),
      await setting('only', { serviceScopes: ['Cln'], monitorScopes: [both] }),
    ];
    const group = await org.ok('POST', '/api/v0/notification-groups', {
      name: 'ops',
      notificationLevel: 'all',
      services: [{ name: 'Cln' }, { name: 'Kept' }],
      monitors: [
        { id: onService, skipDefault: false },
        { id: both, skipDefault: false },
      ],
    });

    assert.deepEqual(await org.ok('DELETE', '/api/v0/services/Cln'), { name: 'Cln', memo: '', roles: ['web'] });

    const mine = [onService, onKept, both, only, excluding];
    const monitors = await monitorsPutBack(org, mine);
    assert.deepEqual(monitors.map((m) => m.id).sort(), [onKept, both, excluding].sort());
    const byId = new Map(monitors.map((m) => [m.id, m]));
    assert.deepEqual(byId.get(both)?.scopes, ['Kept:app']);
    assert.deepEqual(byId.get(excluding)?.excludeScopes, []);
    assert.equal((await closedAlert(h, alert.id, org.key)).reason, 'delete service');
    const engine = await engineView(org);
    assert.deepEqual(mine.filter((id) => engine.monitors.has(id)).sort(), [onKept, both, excluding].sort());
    assert.deepEqual(scopesOf(engine.monitors.get(both)), [{ service: 'Kept', role: 'app' }]);
    assert.deepEqual(downtimes.filter((id) => engine.downtimes.includes(id)).length, 2);
    assert.deepEqual(settings.filter((id) => engine.settings.includes(id)).length, 1);

    const dts = await org.listed('/api/v0/downtimes', 'downtimes', downtimes);
    assert.deepEqual(
      dts.map((d) => [d.name, d.serviceScopes, d.serviceExcludeScopes, d.monitorScopes]),
      [
        ['both', ['Kept'], undefined, undefined],
        ['excluding', undefined, undefined, [both]],
      ],
    );
    await putBackUnchanged(org, '/api/v0/downtimes', dts);

    const sets = await org.listed('/api/v0/alert-group-settings', 'alertGroupSettings', settings);
    assert.deepEqual(
      sets.map((s) => [s.name, s.serviceScopes]),
      [['both', ['Kept']]],
    );
    await putBackUnchanged(org, '/api/v0/alert-group-settings', sets);

    const [ops] = await org.listed('/api/v0/notification-groups', 'notificationGroups', [group.id]);
    assert.deepEqual(ops?.services, [{ name: 'Kept' }]);
    assert.deepEqual(ops?.monitors, [{ id: both, skipDefault: false }]);
    await putBackUnchanged(org, '/api/v0/notification-groups', [ops as Json]);

    // Made again under the same name, the service has none of the old monitors.
    await org.ok('POST', '/api/v0/services', { name: 'Cln' });
    assert.deepEqual((await org.listed('/api/v0/monitors', 'monitors', mine)).length, 3);
  });
});

describe('DELETE /api/v0/services/<name>/roles/<role>: settings naming the role', () => {
  test('scopes lose the role; what was scoped to it alone goes; the rest PUTs back', async () => {
    const org = await orgCalls();
    await org.ok('POST', '/api/v0/services', { name: 'RDel' });
    for (const name of ['app', 'db']) await org.ok('POST', '/api/v0/services/RDel/roles', { name });
    const host = await createHost(h, { name: 'rdel-host', roleFullnames: ['RDel:app'] }, org.key);
    const two = await createMonitor(h, hostMonitorBody('custom.two', { scopes: ['RDel:app', 'RDel:db'] }), org.key);
    const only = await createMonitor(h, hostMonitorBody('custom.ronly', { scopes: ['RDel:app'] }), org.key);
    const whole = await createMonitor(
      h,
      hostMonitorBody('custom.whole', { scopes: ['RDel'], excludeScopes: ['RDel:app'] }),
      org.key,
    );
    const onService = await createMonitor(h, serviceMonitor('RDel'), org.key);
    const anomaly = await createMonitor(
      h,
      { type: 'anomalyDetection', name: 'app anomaly', scopes: ['RDel:app'], warningSensitivity: 'normal' },
      org.key,
    );
    await postValues(h, 'custom.ronly', [[host, 50]], nowSec(), org.key);
    const alert = await openAlertOf(h, only, host, org.key);
    const start = nowSec() + 3600;
    const downtime = async (name: string, scopes: Json) =>
      (await org.ok('POST', '/api/v0/downtimes', { name, start, duration: 60, ...scopes })).id as string;
    const downtimes = [
      await downtime('only', { roleScopes: ['RDel:app'] }),
      await downtime('two', { roleScopes: ['RDel:app', 'RDel:db'] }),
      await downtime('excluding', { serviceScopes: ['RDel'], roleExcludeScopes: ['RDel:app'] }),
    ];

    assert.deepEqual(await org.ok('DELETE', '/api/v0/services/RDel/roles/app'), { name: 'app', memo: '' });

    const mine = [two, only, whole, onService, anomaly];
    const monitors = await monitorsPutBack(org, mine);
    assert.deepEqual(monitors.map((m) => m.id).sort(), [two, whole, onService].sort());
    const byId = new Map(monitors.map((m) => [m.id, m]));
    assert.deepEqual(byId.get(two)?.scopes, ['RDel:db']);
    assert.deepEqual([byId.get(whole)?.scopes, byId.get(whole)?.excludeScopes], [['RDel'], []]);
    assert.equal((await closedAlert(h, alert.id, org.key)).reason, 'delete monitor');
    const engine = await engineView(org);
    assert.deepEqual(mine.filter((id) => engine.monitors.has(id)).sort(), [two, whole, onService].sort());
    assert.deepEqual(scopesOf(engine.monitors.get(two)), [{ service: 'RDel', role: 'db' }]);
    assert.deepEqual(downtimes.filter((id) => engine.downtimes.includes(id)).length, 2);

    const dts = await org.listed('/api/v0/downtimes', 'downtimes', downtimes);
    assert.deepEqual(
      dts.map((d) => [d.name, d.serviceScopes, d.roleScopes, d.roleExcludeScopes]),
      [
        ['excluding', ['RDel'], undefined, undefined],
        ['two', undefined, ['RDel:db'], undefined],
      ],
    );
    await putBackUnchanged(org, '/api/v0/downtimes', dts);
  });
});

describe('DELETE /api/v0/monitors/<id>: settings naming the monitor', () => {
  test('downtimes, alert group settings and groups lose it; what it alone scoped goes; the rest PUTs back', async () => {
    const org = await orgCalls();
    await org.ok('POST', '/api/v0/services', { name: 'MDel' });
    await org.ok('POST', '/api/v0/services/MDel/roles', { name: 'app' });
    const gone = await createMonitor(h, hostMonitorBody('custom.mgone'), org.key);
    const other = await createMonitor(h, hostMonitorBody('custom.mother'), org.key);
    const start = nowSec() + 3600;
    const downtime = async (name: string, scopes: Json) =>
      (await org.ok('POST', '/api/v0/downtimes', { name, start, duration: 60, ...scopes })).id as string;
    const downtimes = [
      await downtime('both', { monitorScopes: [gone, other] }),
      await downtime('only', { serviceScopes: ['MDel'], monitorScopes: [gone] }),
      await downtime('excluding', { roleScopes: ['MDel:app'], monitorExcludeScopes: [gone] }),
    ];
    const setting = async (name: string, scopes: Json) =>
      (await org.ok('POST', '/api/v0/alert-group-settings', { name, ...scopes })).id as string;
    const settings = [
      await setting('both', { monitorScopes: [gone, other] }),
      await setting('only', { serviceScopes: ['MDel'], monitorScopes: [gone] }),
    ];
    const group = await org.ok('POST', '/api/v0/notification-groups', {
      name: 'ops',
      notificationLevel: 'all',
      monitors: [
        { id: gone, skipDefault: false },
        { id: other, skipDefault: true },
      ],
    });

    assert.equal((await org.call('DELETE', `/api/v0/monitors/${gone}`)).status, 200);

    const dts = await org.listed('/api/v0/downtimes', 'downtimes', downtimes);
    assert.deepEqual(
      dts.map((d) => [d.name, d.roleScopes, d.monitorScopes, d.monitorExcludeScopes]),
      [
        ['both', undefined, [other], undefined],
        ['excluding', ['MDel:app'], undefined, undefined],
      ],
    );
    await putBackUnchanged(org, '/api/v0/downtimes', dts);

    const sets = await org.listed('/api/v0/alert-group-settings', 'alertGroupSettings', settings);
    assert.deepEqual(
      sets.map((s) => [s.name, s.monitorScopes]),
      [['both', [other]]],
    );
    await putBackUnchanged(org, '/api/v0/alert-group-settings', sets);

    const [ops] = await org.listed('/api/v0/notification-groups', 'notificationGroups', [group.id]);
    assert.deepEqual(ops?.monitors, [{ id: other, skipDefault: true }]);
    await putBackUnchanged(org, '/api/v0/notification-groups', [ops as Json]);

    // The running engine judges by what is left: the downtime and setting that went are gone from it.
    const engine = await engineView(org);
    assert.deepEqual(
      [gone, other].filter((id) => engine.monitors.has(id)),
      [other],
    );
    assert.deepEqual(
      downtimes.filter((id) => engine.downtimes.includes(id)),
      [downtimes[0], downtimes[2]],
    );
    assert.deepEqual(
      settings.filter((id) => engine.settings.includes(id)),
      [settings[0]],
    );
  });
});
