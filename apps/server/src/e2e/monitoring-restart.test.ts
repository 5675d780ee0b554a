// Alerts and evaluation state survive kill -9 (decision 0008: "in memory, written through"): the
// real server as a child process, killed and restarted on the same data directory. The stored
// evaluation state is read from the catalog file itself, which is how the test knows a post was
// judged before the kill; notifications are the server's log lines.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openCatalog } from '@saba/catalog';
import type { MonitorState } from '@saba/model';
import { type ChildServer, spawnServer } from '../testing/child-process.ts';
import { eventually } from '../testing/eventually.ts';
import {
  alertsOf,
  type Call,
  callerFor,
  createMonitor,
  getAlert,
  listAlerts,
  minutesAgo,
  ok,
  postMetrics,
  registerHost,
} from '../testing/monitoring-e2e.ts';

const KEY = 'monitoring-restart-key';

describe('monitoring across kill -9 and restart', () => {
  let dir = '';
  let server: ChildServer | undefined;
  let call: Call;
  let host = '';

  const start = async () => {
    server = await spawnServer({ SABA_DATA_DIR: dir, SABA_API_KEY: KEY, SABA_FSYNC: 'batch' });
    call = callerFor(server.url, KEY);
  };
  const killAndRestart = async () => {
    const s = server as ChildServer;
    s.proc.kill('SIGKILL');
    assert.deepEqual(await s.exited, { code: null, signal: 'SIGKILL' });
    await start();
  };
  /** The server's log lines of decided notifications for one alert. */
  const announced = (alertId: string): string[] =>
    (server as ChildServer)
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('alert ') && l.endsWith(`(alert ${alertId})`))
      .map((l) => l.replace(/ \(alert \S+\)$/, ''));
  /** The evaluation state stored for (monitor, host), read from the catalog file the server writes. */
  const storedState = async (monitorId: string): Promise<MonitorState | undefined> => {
    const catalog = await openCatalog({ driver: 'sqlite', path: join(dir, 'catalog.sqlite') });
    try {
      return (await catalog.alerts.listStates()).find((s) => s.monitorId === monitorId && s.target === host);
    } finally {
      await catalog.close();
    }
  };
  /** Posts one value `minute` minutes back and returns its time. */
  const post = async (name: string, minute: number, value: number): Promise<number> => {
    const time = minutesAgo(minute);
    await postMetrics(call, [{ hostId: host, name, time, value }]);
    return time;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saba-monitoring-restart-'));
    await start();
    host = await registerHost(call, 'db1');
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  test('a run of 2 bad results survives a restart; the 3rd opens the alert, which survives another', async () => {
    const monitor = await createMonitor(call, {
      type: 'host',
      name: 'load',
      metric: 'loadavg5',
      operator: '>',
      critical: 1,
      duration: 1,
      maxCheckAttempts: 3,
      notificationInterval: 10,
    });
    await post('loadavg5', 8, 5);
    const second = await post('loadavg5', 7, 5);
    const run = await eventually('the run of 2 stored', async () => {
      const s = await storedState(monitor);
      return s?.consecutive === 2 && s;
    });
    assert.equal(run.status, 'CRITICAL');
    assert.equal(run.observedAt, second);
    assert.deepEqual(await alertsOf(call, monitor), [], 'maxCheckAttempts 3: no alert after 2');

    await killAndRestart();
    await post('loadavg5', 6, 5);
    const open = await eventually(
      'the alert opened by the 3rd bad result',
      async () => (await alertsOf(call, monitor))[0],
    );
    assert.equal(open.status, 'CRITICAL');
    assert.equal(open.value, 5);
    assert.equal(open.hostId, host);
    await eventually('the open notification logged', () => announced(open.id).length > 0);
    assert.deepEqual(announced(open.id), [`alert open: host monitor "load" ${host} CRITICAL`]);

    await killAndRestart();
    assert.deepEqual(
      (await listAlerts(call)).filter((a) => a.monitorId === monitor),
      [open],
      'still open, unchanged, after a kill -9',
    );
    // One more bad minute neither reopens nor re-announces it (re-notification is 10 minutes away).
    await post('loadavg5', 5, 6);
    await eventually('the value follows the post', async () => (await getAlert(call, open.id)).value === 6);
    await post('loadavg5', 4, 0.5);
    const closed = await eventually('the alert closed by a good value', async () => {
      const a = await getAlert(call, open.id);
      return a.status === 'OK' && a;
    });
    assert.equal(closed.value, 0.5);
    assert.equal(closed.openedAt, open.openedAt);
    await eventually('the close notification logged', () => announced(open.id).length > 0);
    assert.deepEqual(announced(open.id), [`alert close: host monitor "load" ${host} OK`]);
  });

  test('an alert memo and a manual close survive restarts; after the close the run starts over', async () => {
    const monitor = await createMonitor(call, {
      type: 'host',
      name: 'failed jobs',
      metric: 'custom.jobs.failed',
      operator: '>',
      critical: 0,
      duration: 1,
      maxCheckAttempts: 2,
    });
    await post('custom.jobs.failed', 8, 3);
    await post('custom.jobs.failed', 7, 3);
    const open = await eventually('the alert open', async () => (await alertsOf(call, monitor))[0]);
    assert.equal(open.status, 'CRITICAL');
    const memo = 'jobs 17 and 18 failed: the queue host ran out of disk';
    assert.deepEqual(await ok(call('PUT', `/api/v0/alerts/${open.id}`, { body: { memo } })), { id: open.id, memo });

    await killAndRestart();
    assert.deepEqual(await getAlert(call, open.id), { ...open, memo });
    const closedByHand = await ok(call('POST', `/api/v0/alerts/${open.id}/close`, { body: { reason: 'cleaned up' } }));
    assert.equal(closedByHand.status, 'OK');
    assert.equal(closedByHand.reason, 'cleaned up');

    await killAndRestart();
    const reread = await getAlert(call, open.id);
    assert.deepEqual(reread, { ...open, status: 'OK', reason: 'cleaned up', memo, closedAt: closedByHand.closedAt });
    assert.ok(!(await listAlerts(call)).some((a) => a.id === open.id), 'not among the open alerts');
    const logs = (await ok(call('GET', `/api/v0/alerts/${open.id}/logs`))).logs as Array<{ trigger: string }>;
    assert.deepEqual(logs.map((l) => l.trigger).sort(), ['manual', 'monitoring']);

    // The manual close started the run over: one bad result is 1 of 2 again, no alert.
    await post('custom.jobs.failed', 6, 4);
    await eventually('the new run of 1 stored', async () => (await storedState(monitor))?.consecutive === 1);
    assert.deepEqual(
      (await alertsOf(call, monitor)).map((a) => a.id),
      [open.id],
    );
    await post('custom.jobs.failed', 5, 4);
    const reopened = await eventually('a new alert after 2 bad results', async () =>
      (await listAlerts(call)).find((a) => a.monitorId === monitor),
    );
    assert.notEqual(reopened.id, open.id);
    assert.equal(reopened.status, 'CRITICAL');
    assert.equal(reopened.memo, undefined, 'a new alert starts without the old memo');
  });
});
