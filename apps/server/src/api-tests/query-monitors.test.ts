// Query monitors end to end (spec features §2.9): labelled series written through remote_write,
// a query monitor made through the API, one alert per series carrying its `series`, the monitor
// name's {{label}} templates expanded in the notifications, and one series' recovery closing
// only its alert. The engine's timers are off: the test runs the minute's evaluation itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NotifyEvent } from '@saba/monitor';
import { compress } from 'snappyjs';
import { encodeTestWriteRequest, type TestSeries } from '../../../../packages/ingest/src/testing/write-request.ts';
import { REMOTE_WRITE_HEADERS } from '../../../../tools/prometheus-peer/remote-write.ts';
import { nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

describe('query monitor', () => {
  let h: Harness;
  const events: NotifyEvent[] = [];
  // Two minutes back: inside the query's 5-minute lookback at the judged minute, whenever the minute turns.
  const t = Math.floor(nowSec() / 60) * 60_000 - 120_000;

  const write = async (series: readonly TestSeries[]) => {
    const res = await fetch(`${h.url}/api/v1/write`, {
      method: 'POST',
      headers: { ...REMOTE_WRITE_HEADERS, 'x-api-key': h.key },
      body: compress(encodeTestWriteRequest(series)),
    });
    assert.equal(res.status, 204, await res.text());
  };
  const latency = (route: string, samples: [number, number][]): TestSeries => ({
    labels: [
      ['__name__', 'http_latency'],
      ['job', 'qm'],
      ['route', route],
    ],
    samples,
  });
  const alerts = async (withClosed: boolean) => {
    const r = await h.call('GET', `/api/v0/alerts${withClosed ? '?withClosed=true' : ''}`);
    assert.equal(r.status, 200);
    // biome-ignore lint/suspicious/noExplicitAny: the answer's JSON.
    return (r.json.alerts as any[]).filter((a) => a.type === 'query');
  };

  before(async () => {
    h = await startHarness(
      {},
      {
        monitorTimers: false,
        notify: async (list) => {
          events.push(...list);
        },
      },
    );
  });
  after(async () => {
    await h.close();
  });

  test('a syntax error in the query is a 400 naming its position', async () => {
    const r = await h.call('POST', '/api/v0/monitors', {
      body: { type: 'query', name: 'bad', query: 'sum(rate(http_latency[5m])', operator: '>', critical: 1 },
    });
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /^"query" is invalid: 1:27: parse error: /);
  });

  test('two series over the threshold open two alerts; one recovers and closes its own only', async () => {
    await write([latency('/a', [[t, 2]]), latency('/b', [[t, 3]])]);
    const created = await h.call('POST', '/api/v0/monitors', {
      body: {
        type: 'query',
        name: 'latency {{route}}',
        query: 'http_latency{job="qm"}',
        operator: '>',
        warning: 1.5,
        critical: 2.5,
      },
    });
    assert.equal(created.status, 200, created.text);
    const monitorId = created.json.id as string;

    await h.server.monitor.runQueries();
    const open = (await alerts(false)).sort((x, y) => (x.value as number) - (y.value as number));
    assert.deepEqual(
      open.map((a) => [a.monitorId, a.status, a.value, a.series]),
      [
        [monitorId, 'WARNING', 2, { name: 'http_latency', labels: { job: 'qm', route: '/a' } }],
        [monitorId, 'CRITICAL', 3, { name: 'http_latency', labels: { job: 'qm', route: '/b' } }],
      ],
    );
    assert.equal(open[0].hostId, undefined);
    const opened = events.flatMap((e) => (e.event === 'alert' && e.kind === 'open' ? [e.monitor.name] : []));
    assert.deepEqual(opened.sort(), ['latency /a', 'latency /b']);

    // The same minute judged again changes nothing: still two alerts, no new notification.
    const heard = events.length;
    await h.server.monitor.runQueries();
    assert.equal((await alerts(false)).length, 2);
    assert.equal(events.length, heard);

    await write([latency('/a', [[t + 60_000, 0.5]])]);
    await h.server.monitor.runQueries();
    const still = await alerts(false);
    assert.deepEqual(
      still.map((a) => a.series.labels.route),
      ['/b'],
    );
    const closed = (await alerts(true)).find((a) => a.series.labels.route === '/a');
    assert.equal(closed?.status, 'OK');
    assert.equal(typeof closed?.closedAt, 'number');
    assert.equal(closed?.id, open[0].id);
    const closes = events.flatMap((e) =>
      e.event === 'alert' && e.kind === 'close' ? [[e.monitor.name, e.alert.id]] : [],
    );
    assert.deepEqual(closes, [['latency /a', open[0].id]]);
  });

  test('a query that fails to evaluate is one UNKNOWN alert apart from the series', async () => {
    // Parses, but gives both series the same labels when it runs, which PromQL refuses.
    const created = await h.call('POST', '/api/v0/monitors', {
      body: {
        type: 'query',
        name: 'broken',
        query: 'label_replace(http_latency{job="qm"}, "route", "same", "", "")',
        operator: '>',
        critical: 1,
      },
    });
    assert.equal(created.status, 200, created.text);
    await h.server.monitor.runQueries();
    const mine = (await alerts(false)).filter((a) => a.monitorId === created.json.id);
    assert.deepEqual(
      mine.map((a) => [a.status, a.series, a.value]),
      [['UNKNOWN', undefined, undefined]],
    );
  });
});
