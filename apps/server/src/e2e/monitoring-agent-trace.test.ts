// Monitoring driven by the official mackerel-agent's recorded requests (testdata/agent-trace.json,
// run 1): a host monitor created through the API judges the replayed loadavg5 values, and the
// replayed check reports open and close check alerts, on a real server with notifications caught.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Json } from '../testing/api-fixtures.ts';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { alertsOf, createMonitor, getAlert, listAlerts, Notifications, nowSec, ok } from '../testing/monitoring-e2e.ts';
import { loadTrace, type Rewrite, type TraceRecord, WireClient } from './replay.ts';

const trace = loadTrace();
const RECORDED_ID = trace.recordedHostId;

interface MetricItem {
  readonly hostId: string;
  readonly name: string;
  readonly time: number;
  readonly value: number;
}
interface Report {
  readonly source: { readonly type: string; readonly hostId: string };
  readonly name: string;
  readonly status: string;
  readonly message: string;
  readonly occurredAt: number;
}

const isTsdb = (r: TraceRecord) => r.method === 'POST' && r.path === '/api/v0/tsdb';
const isReport = (r: TraceRecord) => r.method === 'POST' && r.path === '/api/v0/monitoring/checks/report';

// Run 1 without its last request, the on_stop `standby` status: a standby host's alerts are not
// notified, and this test is about what a working host's agent causes.
const onStop = trace.run1.at(-1) as TraceRecord;
const run1 = trace.run1.slice(0, -1);

const recordedTimes = run1.flatMap((r) => {
  if (isTsdb(r)) return (r.body as MetricItem[]).map((m) => m.time);
  if (isReport(r)) return (r.body as { reports: Report[] }).reports.map((x) => x.occurredAt);
  return [];
});
const LAST_RECORDED = Math.max(...recordedTimes);
/** Moves the newest recorded time to at least 3 minutes ago (host monitors skip points > 20 min old). */
const SHIFT_SEC = Math.floor((nowSec() - 180 - LAST_RECORDED) / 60) * 60;

/** The last metric post of the run: the agent's exact body (29 values), to post one more minute with. */
const lastTsdb = run1.filter(isTsdb).at(-1) as TraceRecord;
/** A recorded CRITICAL report and a recorded OK one, whose shape the extra reports keep. */
const criticalReport = run1.find(
  (r) => isReport(r) && (r.body as { reports: Report[] }).reports[0]?.status === 'CRITICAL',
) as TraceRecord;
const okReport = run1.find(
  (r) => isReport(r) && (r.body as { reports: Report[] }).reports[0]?.status === 'OK',
) as TraceRecord;

/** A recorded report request with one report changed (times stay in the recorded frame; the replay shifts them). */
function reportLike(rec: TraceRecord, change: Partial<Report>): TraceRecord {
  const [first] = (rec.body as { reports: Report[] }).reports;
  assert.ok(first);
  return { ...rec, body: { reports: [{ ...first, ...change }] } };
}

describe('monitoring what the official agent sends (replayed trace)', () => {
  let h: Harness;
  let client: WireClient;
  const notes = new Notifications();
  let hostId = '';
  let loadMonitor = '';
  let checkMonitor = '';
  let hostAlert: Json;

  const rewrite = (): Rewrite => ({
    hostIds: new Map(hostId === '' ? [] : [[RECORDED_ID, hostId]]),
    shiftSec: SHIFT_SEC,
    trailingQuestionMark: false,
  });
  const send = async (rec: TraceRecord) => {
    const a = await client.replay(rec, rewrite());
    assert.equal(a.status, 200, `${rec.method} ${rec.path} (t=${rec.t_s}): ${a.text}`);
    return a;
  };

  before(async () => {
    h = await startHarness({}, { notify: notes.notify, monitorTimers: false });
    client = new WireClient(h.url, h.key);
  });
  after(async () => {
    client.close();
    await h.close();
  });

  test('the replayed loadavg5 values open a host alert that follows them, notified on each status change', async () => {
    assert.deepEqual(onStop.body, { status: 'standby' });
    loadMonitor = await createMonitor(h.call, {
      type: 'host',
      name: 'load average',
      metric: 'loadavg5',
      operator: '>',
      warning: 1.5,
      critical: 2.5,
      duration: 1,
    });

    const [create, ...rest] = run1;
    assert.ok(create && `${create.method} ${create.path}` === 'POST /api/v0/hosts');
    hostId = (await send(create)).json.id;
    for (const rec of rest) await send(rec);
    assert.equal((await ok(h.call('GET', `/api/v0/hosts/${hostId}`))).host.status, 'working');

    // The values, newest per post: 1.01 1.08 1.72 1.72 2.36 2.26 2.54 2.77 2.8 2.64 2.39 2.39 2.04.
    hostAlert = await eventually('the host alert at the last replayed value', async () => {
      const [a] = await alertsOf(h.call, loadMonitor, hostId);
      return a?.value === 2.04 && a;
    });
    assert.deepEqual(hostAlert, {
      id: hostAlert.id,
      status: 'WARNING',
      monitorId: loadMonitor,
      type: 'host',
      hostId,
      value: 2.04,
      openedAt: hostAlert.openedAt,
    });
    assert.ok(Math.abs(hostAlert.openedAt - nowSec()) < 60, `openedAt ${hostAlert.openedAt}`);
    assert.deepEqual(
      (await listAlerts(h.call)).filter((a) => a.type === 'host').map((a) => a.id),
      [hostAlert.id],
      'one open alert per (monitor, host), however many posts breached',
    );
    // Opened at 1.72 (WARNING), CRITICAL at 2.54, back to WARNING at 2.39; value-only changes are silent.
    assert.deepEqual(notes.of(loadMonitor), ['open WARNING', 'change CRITICAL', 'change WARNING']);
    const opened = notes.events.find((e) => e.monitor.id === loadMonitor);
    assert.equal(opened?.alert.id, hostAlert.id);
    assert.equal(opened?.alert.value, 1.72);
    assert.deepEqual(opened?.monitor, { id: loadMonitor, type: 'host', name: 'load average', memo: '' });
  });

  test('one more minute in the agent’s body shape with a good loadavg5 closes the alert', async () => {
    assert.ok(hostAlert, 'needs the replay first');
    const items = (lastTsdb.body as MetricItem[]).map((m) => ({
      ...m,
      time: m.time + 60,
      value: m.name === 'loadavg5' ? 0.42 : m.value,
    }));
    assert.equal(items.length, 29);
    await send({ ...lastTsdb, body: items });

    const closed = await eventually('the host alert closed', async () => {
      const a = await getAlert(h.call, hostAlert.id);
      return a.status === 'OK' && a;
    });
    assert.equal(closed.value, 0.42);
    assert.ok(closed.closedAt >= hostAlert.openedAt && closed.closedAt <= nowSec());
    assert.deepEqual(
      (await listAlerts(h.call)).filter((a) => a.type === 'host'),
      [],
    );
    assert.deepEqual(notes.of(loadMonitor), ['open WARNING', 'change CRITICAL', 'change WARNING', 'close OK']);
    assert.equal(notes.events.at(-1)?.previousStatus, 'WARNING');

    const logs = (await ok(h.call('GET', `/api/v0/alerts/${hostAlert.id}/logs`))).logs as Json[];
    assert.deepEqual(logs.map((l) => [l.status, l.trigger, l.targetValue]).sort(), [
      ['CRITICAL', 'monitoring', 2.54],
      ['OK', 'monitoring', 0.42],
      ['WARNING', 'monitoring', 1.72],
      ['WARNING', 'monitoring', 2.39],
    ]);
  });

  test('the replayed check reports opened and closed two check alerts, each status change notified', async () => {
    const checks = (await ok(h.call('GET', '/api/v0/monitoring/checks'))).checks as Json[];
    assert.deepEqual(
      checks.map((c) => c.name),
      ['testcheck'],
    );
    checkMonitor = checks[0]?.id;
    // Reports: OK, OK, WARNING 3, WARNING 4 (retried), CRITICAL 5, OK 6, OK 7, WARNING 8, WARNING 9, CRITICAL 10, OK 11, OK 12.
    const want = ['open WARNING', 'change CRITICAL', 'close OK'];
    await eventually('the check notifications', () => notes.of(checkMonitor).length === 6);
    assert.deepEqual(notes.of(checkMonitor), [...want, ...want]);
    const alerts = await alertsOf(h.call, checkMonitor);
    assert.equal(alerts.length, 2);
    for (const a of alerts) {
      assert.equal(a.type, 'check');
      assert.equal(a.hostId, hostId);
      assert.equal(a.status, 'OK');
      assert.equal(typeof a.closedAt, 'number');
    }
    // Each closed on the OK report that ended its run.
    assert.deepEqual(alerts.map((a) => a.message).sort(), ['OK: run 11\n', 'OK: run 6\n']);
    const change = notes.events.find((e) => e.monitor.id === checkMonitor && e.kind === 'change');
    assert.equal(change?.alert.message, 'CRITICAL: run 5\n');
    assert.deepEqual(change?.monitor, {
      id: checkMonitor,
      type: 'check',
      name: 'testcheck',
      memo: 'cycling test check',
    });
  });

  test('a CRITICAL report in the agent’s shape opens a check alert; the next OK report closes it', async () => {
    assert.ok(checkMonitor, 'needs the replay first');
    await send(reportLike(criticalReport, { message: 'CRITICAL: disk gone\n', occurredAt: LAST_RECORDED + 60 }));
    const open = await eventually('a new open check alert', async () =>
      (await listAlerts(h.call)).find((a) => a.type === 'check'),
    );
    assert.deepEqual(open, {
      id: open.id,
      status: 'CRITICAL',
      monitorId: checkMonitor,
      type: 'check',
      hostId,
      message: 'CRITICAL: disk gone\n',
      openedAt: open.openedAt,
    });
    const all = (await ok(h.call('GET', `/api/v0/hosts/${hostId}/monitored-statuses`))).monitoredStatuses as Json[];
    // The monitors judging the host come first, without detail; then the check monitors.
    const statuses = all.filter((x) => x.detail !== undefined);
    assert.ok(all.slice(0, all.length - statuses.length).every((x) => x.detail === undefined));
    assert.deepEqual(statuses, [
      {
        monitorId: checkMonitor,
        status: 'CRITICAL',
        detail: { type: 'check', message: 'CRITICAL: disk gone\n', memo: 'cycling test check' },
      },
    ]);

    await send(reportLike(okReport, { message: 'OK: disk back\n', occurredAt: LAST_RECORDED + 120 }));
    const closed = await eventually('the check alert closed', async () => {
      const a = await getAlert(h.call, open.id);
      return a.status === 'OK' && a;
    });
    assert.equal(closed.message, 'OK: disk back\n');
    assert.equal(typeof closed.closedAt, 'number');
    assert.deepEqual(notes.of(checkMonitor).slice(6), ['open CRITICAL', 'close OK']);
    const logs = (await ok(h.call('GET', `/api/v0/alerts/${open.id}/logs`))).logs as Json[];
    assert.deepEqual(
      logs.map((l) => l.statusDetail).sort((a, b) => a.detail.message.localeCompare(b.detail.message)),
      [
        { type: 'check', detail: { message: 'CRITICAL: disk gone\n', memo: 'cycling test check' } },
        { type: 'check', detail: { message: 'OK: disk back\n', memo: 'cycling test check' } },
      ],
    );
  });
});
