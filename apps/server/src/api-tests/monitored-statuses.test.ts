// GET /api/v0/hosts/<id>/monitored-statuses (spec api §2.3): the host's newest result under every
// host, connectivity and anomaly-detection monitor that judged it, without detail, then its check
// monitors with theirs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { createMonitor, hostMonitorBody, openAlertOf, postValues, settled } from '../testing/monitor-fixtures.ts';

let h: Harness;
before(async () => {
  h = await startHarness({}, { monitorTimers: false });
});
after(async () => {
  await h.close();
});

test('host and connectivity monitors that judged the host are listed with their status, then checks with detail', async () => {
  const host = await createHost(h, { name: 'statuses' });
  const other = await createHost(h, { name: 'statuses-other' });
  const breached = await createMonitor(h, hostMonitorBody('custom.ms.load', { warning: 1, critical: 100 }));
  const calm = await createMonitor(h, hostMonitorBody('custom.ms.calm'));
  const monitors = (await h.call('GET', '/api/v0/monitors')).json.monitors as Json[];
  const connectivity = monitors.find((m) => m.type === 'connectivity')?.id as string;

  await postValues(h, 'custom.ms.load', [
    [host, 2],
    [other, 0],
  ]);
  await postValues(h, 'custom.ms.calm', [[host, 1]]);
  await openAlertOf(h, breached, host);
  await h.server.monitor.tick();
  await settled(h);
  const report = {
    source: { type: 'host', hostId: host },
    name: 'ms',
    status: 'OK',
    message: 'fine',
    occurredAt: nowSec(),
  };
  assert.equal((await h.call('POST', '/api/v0/monitoring/checks/report', { body: { reports: [report] } })).status, 200);
  await settled(h);

  const a = await h.call('GET', `/api/v0/hosts/${host}/monitored-statuses`);
  assert.equal(a.status, 200, a.text);
  const statuses = a.json.monitoredStatuses as Json[];
  const judged = statuses.filter((s) => s.detail === undefined);
  assert.deepEqual(
    judged,
    [
      { monitorId: breached, status: 'WARNING' },
      { monitorId: calm, status: 'OK' },
      { monitorId: connectivity, status: 'OK' },
    ].sort((x, y) => (x.monitorId < y.monitorId ? -1 : 1)),
  );
  const checks = statuses.filter((s) => s.detail !== undefined);
  assert.equal(checks.length, 1);
  assert.deepEqual(checks[0]?.detail, { type: 'check', message: 'fine' });
  assert.deepEqual(statuses.slice(0, judged.length), judged, 'monitors first, checks after');

  // The other host was judged by the one monitor whose metric it posted, and by connectivity.
  const b = (await h.call('GET', `/api/v0/hosts/${other}/monitored-statuses`)).json.monitoredStatuses as Json[];
  assert.deepEqual(b.map((s) => s.monitorId).sort(), [breached, connectivity].sort());
});
