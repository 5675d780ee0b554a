// What keeps an alert from opening or from being heard (spec features §1.3 host status, §4.2
// downtimes), through a real server: a downtime over a service, standby and maintenance hosts.
// Each case has a working host outside it as a control, judged by the same monitor and post.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../testing/harness.ts';
import { settled } from '../testing/monitor-fixtures.ts';
import {
  alertsOf,
  createMonitor,
  minutesAgo,
  Notifications,
  nowSec,
  ok,
  postMetrics,
  registerHost,
  setHostStatus,
} from '../testing/monitoring-e2e.ts';

const METRIC = 'custom.queue.length';

describe('suppression: downtimes and host status', () => {
  let h: Harness;
  const notes = new Notifications();
  let monitor = '';

  before(async () => {
    h = await startHarness({}, { notify: notes.notify, monitorTimers: false });
    monitor = await createMonitor(h.call, {
      type: 'host',
      name: 'queue too long',
      metric: METRIC,
      operator: '>',
      critical: 100,
      duration: 1,
    });
  });
  after(async () => h.close());

  /** Posts one value per host at `minute` minutes ago and waits until the engine judged them. */
  const post = async (minute: number, values: Record<string, number>) => {
    const time = minutesAgo(minute);
    await postMetrics(
      h.call,
      Object.entries(values).map(([hostId, value]) => ({ hostId, name: METRIC, time, value })),
    );
    await settled(h);
  };
  const stateOf = async (hostId: string) =>
    (await h.server.catalog.alerts.listStates()).find((s) => s.monitorId === monitor && s.target === hostId);

  test('a downtime over a service: no alert and no notification for its host, before or after it ends', async () => {
    const inside = await registerHost(h.call, 'batch1', ['batch:worker']);
    const outside = await registerHost(h.call, 'api1', ['api:app']);
    const downtime = await ok(
      h.call('POST', '/api/v0/downtimes', {
        body: { name: 'batch maintenance', start: nowSec() - 60, duration: 30, serviceScopes: ['batch'] },
      }),
    );
    assert.deepEqual(downtime.serviceScopes, ['batch']);

    await post(5, { [inside]: 500, [outside]: 500 });
    assert.deepEqual(await alertsOf(h.call, monitor, inside), []);
    assert.deepEqual(notes.of(monitor, inside), []);
    const [control] = await alertsOf(h.call, monitor, outside);
    assert.equal(control?.status, 'CRITICAL', 'the same post opens the host outside the downtime');
    assert.equal(control?.value, 500);
    assert.deepEqual(notes.of(monitor, outside), ['open CRITICAL']);
    // The host inside was judged: its bad run is stored as begun in a downtime.
    assert.deepEqual(
      { ...(await stateOf(inside)), orgId: undefined, observedAt: undefined },
      {
        orgId: undefined,
        monitorId: monitor,
        target: inside,
        status: 'CRITICAL',
        consecutive: 1,
        observedAt: undefined,
        suppressed: true,
      },
    );

    // The downtime ends with the value still too high: still no alert (exceeded during, still exceeded after).
    await ok(h.call('DELETE', `/api/v0/downtimes/${downtime.id}`));
    await post(4, { [inside]: 600 });
    assert.deepEqual(await alertsOf(h.call, monitor, inside), []);
    assert.equal((await stateOf(inside))?.consecutive, 2);

    // A good value ends the run; the next bad one opens and is heard.
    await post(3, { [inside]: 5 });
    await post(2, { [inside]: 700 });
    const [opened] = await alertsOf(h.call, monitor, inside);
    assert.equal(opened?.status, 'CRITICAL');
    assert.equal(opened?.value, 700);
    assert.deepEqual(notes.of(monitor, inside), ['open CRITICAL']);
  });

  test('a standby host: the alert opens and is listed, but nobody is notified', async () => {
    const standby = await registerHost(h.call, 'spare1');
    const working = await registerHost(h.call, 'live1');
    await setHostStatus(h.call, standby, 'standby');

    await post(2, { [standby]: 500, [working]: 500 });
    const [silent] = await alertsOf(h.call, monitor, standby);
    assert.equal(silent?.status, 'CRITICAL');
    assert.equal(silent?.value, 500);
    assert.equal(silent?.closedAt, undefined);
    assert.ok(
      (await ok(h.call('GET', '/api/v0/alerts'))).alerts.some((a: { id: string }) => a.id === silent?.id),
      'listed among the open alerts',
    );
    assert.deepEqual(notes.of(monitor, standby), []);
    assert.deepEqual(notes.of(monitor, working), ['open CRITICAL']);

    // Back to working, the alert's next change (its close) is heard (decision 0008).
    await setHostStatus(h.call, standby, 'working');
    await post(1, { [standby]: 5 });
    assert.equal((await alertsOf(h.call, monitor, standby))[0]?.status, 'OK');
    assert.deepEqual(notes.of(monitor, standby), ['close OK']);
  });

  test('a host in maintenance: judged, but no alert opens', async () => {
    const resting = await registerHost(h.call, 'resting1');
    const working = await registerHost(h.call, 'live2');
    await setHostStatus(h.call, resting, 'maintenance');

    await post(2, { [resting]: 500, [working]: 500 });
    assert.deepEqual(await alertsOf(h.call, monitor, resting), []);
    assert.deepEqual(notes.of(monitor, resting), []);
    assert.equal((await stateOf(resting))?.consecutive, 1, 'the bad result was judged and counted');
    assert.equal((await alertsOf(h.call, monitor, working))[0]?.status, 'CRITICAL');
  });
});
