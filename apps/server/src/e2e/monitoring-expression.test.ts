// Expression monitors (spec features §2.7) through a real server: values posted for two hosts of
// a role, the expression read `evaluateBackwardMinutes` (default 2) ago, one run driven by
// `monitor.runExpressions()` instead of the 5-minute timer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import {
  alertsOf,
  createMonitor,
  getAlert,
  minutesAgo,
  Notifications,
  nowSec,
  postMetrics,
  registerHost,
} from '../testing/monitoring-e2e.ts';

describe('expression monitors', () => {
  let h: Harness;
  const notes = new Notifications();
  let web1 = '';
  let web2 = '';

  before(async () => {
    h = await startHarness({}, { notify: notes.notify, monitorTimers: false });
    web1 = await registerHost(h.call, 'web1', ['Svc:web']);
    web2 = await registerHost(h.call, 'web2', ['Svc:web']);
  });
  after(async () => h.close());

  /** loadavg5 of both hosts at the judged minute (2 minutes back) and the 3 before it; a re-post overwrites. */
  const post = async (v1: number, v2: number) => {
    const items = [];
    for (let back = 2; back <= 5; back++) {
      const time = minutesAgo(back);
      items.push({ hostId: web1, name: 'loadavg5', time, value: back === 2 ? v1 : 0 });
      items.push({ hostId: web2, name: 'loadavg5', time, value: back === 2 ? v2 : 0 });
    }
    await postMetrics(h.call, items);
  };

  test('an average, a single host and a two-series expression: CRITICAL, WARNING and UNKNOWN; then the good ones close', async () => {
    const cases = [
      {
        expression: 'avg(role(Svc:web, loadavg5))',
        status: 'CRITICAL',
        value: 4,
        message: 'avg(role(Svc:web, loadavg5)) 4 > 3.5',
      },
      { expression: `host(${web1}, loadavg5)`, status: 'WARNING', value: 3, message: `host(${web1}, loadavg5) 3 > 2` },
      {
        expression: 'role(Svc:web, loadavg5)',
        status: 'UNKNOWN',
        value: undefined,
        message: 'the expression gives 2 series; it must give one',
      },
    ];
    const ids: string[] = [];
    for (const c of cases) {
      ids.push(
        await createMonitor(h.call, {
          type: 'expression',
          name: c.expression,
          expression: c.expression,
          operator: '>',
          warning: 2,
          critical: 3.5,
        }),
      );
    }
    await post(3, 5);
    const started = nowSec();
    await h.server.monitor.runExpressions();

    const opened: Json[] = [];
    for (const [i, c] of cases.entries()) {
      const id = ids[i] as string;
      const list = await alertsOf(h.call, id);
      assert.equal(list.length, 1, `${c.expression}: ${JSON.stringify(list)}`);
      const a = list[0] as Json;
      assert.deepEqual(
        a,
        {
          id: a.id,
          status: c.status,
          monitorId: id,
          type: 'expression',
          ...(c.value !== undefined ? { value: c.value } : {}),
          message: c.message,
          openedAt: a.openedAt,
        },
        c.expression,
      );
      assert.ok(a.openedAt >= started && a.openedAt <= nowSec());
      assert.deepEqual(notes.of(id), [`open ${c.status}`], c.expression);
      opened.push(a);
    }

    // Good values at the same minute: the threshold alerts close, the two-series one stays UNKNOWN.
    await post(1, 1.5);
    await h.server.monitor.runExpressions();
    const [avg, single, two] = await Promise.all(opened.map((a) => getAlert(h.call, a.id)));
    assert.equal(avg?.status, 'OK');
    assert.equal(avg?.value, 1.25);
    assert.equal(typeof avg?.closedAt, 'number');
    assert.equal(single?.status, 'OK');
    assert.equal(single?.value, 1);
    assert.equal(two?.status, 'UNKNOWN');
    assert.equal(two?.closedAt, undefined);
    assert.deepEqual(notes.of(ids[0] as string), ['open CRITICAL', 'close OK']);
    assert.deepEqual(notes.of(ids[2] as string), ['open UNKNOWN']);
  });

  test('a value newer than evaluateBackwardMinutes is not yet judged', async () => {
    const host = await registerHost(h.call, 'fresh');
    const id = await createMonitor(h.call, {
      type: 'expression',
      name: 'too new',
      expression: `host(${host}, custom.fresh.value)`,
      operator: '>',
      critical: 10,
    });
    // Only the current minute has a value: 2 minutes back there is nothing, which is UNKNOWN.
    await postMetrics(h.call, [{ hostId: host, name: 'custom.fresh.value', time: minutesAgo(0), value: 100 }]);
    await h.server.monitor.runExpressions();
    const [a] = await alertsOf(h.call, id);
    assert.equal(a?.status, 'UNKNOWN');
    assert.equal(a?.message, 'the expression gives no data');
  });
});
