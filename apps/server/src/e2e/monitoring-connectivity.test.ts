// The default connectivity monitor (spec features §2.4) through a real server whose hosts count
// as gone after 4 s without a post; the engine's timer is off and the test ticks it by hand. The
// timeout leaves a loaded machine 3 s between a post and the "not gone yet" tick (seconds are whole).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { settled } from '../testing/monitor-fixtures.ts';
import {
  alertsOf,
  minutesAgo,
  Notifications,
  nowSec,
  ok,
  postMetrics,
  registerHost,
} from '../testing/monitoring-e2e.ts';

describe('connectivity', () => {
  let h: Harness;
  const notes = new Notifications();

  before(async () => {
    h = await startHarness({}, { notify: notes.notify, monitorTimers: false, connectivityTimeoutSec: 4 });
  });
  after(async () => h.close());

  test('a host silent past the timeout gets a CRITICAL connectivity alert; its next post closes it', async () => {
    const monitors = (await ok(h.call('GET', '/api/v0/monitors'))).monitors as Json[];
    const connectivity = monitors.find((m) => m.type === 'connectivity');
    assert.ok(connectivity, 'every organization starts with a connectivity monitor');
    assert.equal(connectivity.name, 'connectivity');
    const host = await registerHost(h.call, 'quiet');
    const neverPosted = await registerHost(h.call, 'registered-only');

    await postMetrics(h.call, [{ hostId: host, name: 'loadavg5', time: minutesAgo(0), value: 0.3 }]);
    await settled(h);
    const posted = nowSec();
    await h.server.monitor.tick();
    assert.deepEqual(await alertsOf(h.call, connectivity.id), [], 'not gone yet');

    // The one real wait of these tests: the host must actually be silent for the timeout.
    await sleep(4_500);
    await h.server.monitor.tick();
    const alerts = await alertsOf(h.call, connectivity.id);
    assert.equal(alerts.length, 1, 'only the host that posted is watched');
    const gone = alerts[0] as Json;
    assert.deepEqual(gone, {
      id: gone.id,
      status: 'CRITICAL',
      monitorId: connectivity.id,
      type: 'connectivity',
      hostId: host,
      message: gone.message,
      openedAt: gone.openedAt,
    });
    assert.match(gone.message, /^no data for \d+ minutes$/);
    assert.ok(gone.openedAt >= posted + 4 && gone.openedAt <= nowSec());
    assert.notEqual(gone.hostId, neverPosted);
    assert.deepEqual(notes.of(connectivity.id, host), ['open CRITICAL']);
    const [event] = notes.events.filter((e) => e.monitor.id === connectivity.id);
    assert.deepEqual(event?.monitor, { id: connectivity.id, type: 'connectivity', name: 'connectivity', memo: '' });

    // Another tick while still gone changes nothing.
    await h.server.monitor.tick();
    assert.deepEqual(notes.of(connectivity.id, host), ['open CRITICAL']);

    await postMetrics(h.call, [{ hostId: host, name: 'loadavg5', time: minutesAgo(0), value: 0.4 }]);
    await settled(h);
    const [back] = await alertsOf(h.call, connectivity.id);
    assert.equal(back?.id, gone.id);
    assert.equal(back?.status, 'OK');
    assert.equal(typeof back?.closedAt, 'number');
    assert.deepEqual(notes.of(connectivity.id, host), ['open CRITICAL', 'close OK']);
  });
});
