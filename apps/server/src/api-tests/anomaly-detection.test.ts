// The anomalyDetection monitor end to end (spec features §2.8, decision 0014): agent-shaped
// posts of a 6-host role, a monitor made through the API, training, an injected anomaly that
// opens an alert naming the right metrics, the score series, a restart that keeps the model and
// a manual retraining. The engine's timers are off: the test runs training and scoring itself.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scoreMetricName } from '@saba/monitor';
// Test data from the monitor package's generator (test support, not part of the package's API).
import { hostMetricMinutes } from '../../../../packages/monitor/src/anomaly/testing/role-data.ts';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../server.ts';
import { createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

const HOSTS = 6;
/** Minutes of history: 12 hours fits the ingest's 1-day window, so it is posted through the API as an agent would. */
const HISTORY = 720;
/** Minutes of the injected swap storm that are posted live. */
const LIVE = 4;
const SHAPE = { hosts: HOSTS, days: 1, seed: 5, anomaliesFromDay: 0, perKind: 0 };
/** Host 0 swaps from the first live minute on (role-data.ts's "swap" kind: memory 88 %, the cache gone). */
const SWAP = { kind: 'swap' as const, host: 0, start: HISTORY, end: HISTORY + 30 };

/** Each host's generated minutes as agent metric posts, by minute. */
function generate(): Json[][][] {
  return Array.from({ length: HOSTS }, (_, host) => {
    const minutes: Json[][] = [];
    hostMetricMinutes(SHAPE, host, host === 0 ? [SWAP] : [], (t, values) => {
      if (t < HISTORY + LIVE) minutes.push([...values].map(([name, value]) => ({ name, value })));
    });
    return minutes;
  });
}

describe('anomalyDetection monitor', () => {
  let h: Harness;
  let again: RunningServer | undefined;
  const logs: string[] = [];
  let ids: string[] = [];
  let monitorId = '';
  const minutes = generate();
  // The last live minute is this minute: the first is 3 minutes old, fresh for the scorer (5) with
  // two minutes to spare for the setup.
  const base = Math.floor(nowSec() / 60) * 60 - (HISTORY + LIVE - 1) * 60;
  /** Posts minutes [from, to) of every host in one request. */
  const post = async (server: { url: string }, key: string, from: number, to = from + 1) => {
    const body: Json[] = [];
    for (let t = from; t < to; t++) {
      ids.forEach((hostId, i) => {
        for (const m of minutes[i]?.[t] ?? []) body.push({ hostId, name: m.name, time: base + t * 60, value: m.value });
      });
    }
    const r = await fetch(`${server.url}/api/v0/tsdb`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 200, await r.text());
  };

  before(async () => {
    h = await startHarness({}, { monitorTimers: false, anomaly: { minTrainingHours: 6 } });
    ids = [];
    for (let i = 0; i < HOSTS; i++) ids.push(await createHost(h, { name: `app-${i}`, roleFullnames: ['shop:app'] }));
    for (let t = 0; t < HISTORY; t += 60) await post(h.server, h.key, t, t + 60);
  });

  after(async () => {
    await again?.close();
    await h.close();
  });

  test('no judgement before the first model; training once the role has the history', async () => {
    const created = await h.call('POST', '/api/v0/monitors', {
      body: { type: 'anomalyDetection', name: 'shop app', scopes: ['shop:app'], warningSensitivity: 'normal' },
    });
    assert.equal(created.status, 200, created.text);
    monitorId = created.json.id as string;
    const role = { service: 'shop', role: 'app' };
    await h.server.monitor.scoreAnomalies();
    assert.equal(h.server.monitor.hasAnomalyModel(monitorId, role), false);
    const scores = await h.call('GET', `/api/v0/hosts/${ids[1]}/metric-names`);
    assert.ok(!(scores.json.names as string[]).includes(scoreMetricName(monitorId)), 'nothing scored yet');

    await h.server.monitor.trainAnomalyModels();
    assert.equal(h.server.monitor.hasAnomalyModel(monitorId, role), true);
    const file = await stat(join(h.dataDir, 'anomaly', `${monitorId}.shop.app.json`));
    assert.ok(file.size > 1000, 'the model is on disk');
  });

  test('a swap storm on one host opens an alert for it naming swap or memory, with the score as its value', async () => {
    for (let j = 0; j < LIVE; j++) {
      await post(h.server, h.key, HISTORY + j);
      await h.server.monitor.scoreAnomalies();
    }
    const alerts = ((await h.call('GET', '/api/v0/alerts')).json.alerts as Json[]).filter(
      (a) => a.monitorId === monitorId,
    );
    assert.deepEqual(
      alerts.map((a) => a.hostId),
      [ids[0]],
      'one alert, for the swapping host only',
    );
    const alert = alerts[0] as Json;
    assert.equal(alert.type, 'anomalyDetection');
    assert.equal(alert.status, 'WARNING');
    assert.match(alert.message as string, /^anomaly score [\d.]+ > [\d.]+: /);
    // A swap storm moves swap and memory (and with them iowait): which three lead depends on the
    // fit's random start, but a swap or memory metric is always among them.
    assert.match(alert.message as string, /(swap|memory)\.(used|cached|cache|free) [+−]\d+\.\dσ.* for this role$/);
    assert.equal(typeof alert.value, 'number');
    assert.ok((alert.value as number) > 0);

    // Every scored host has its score series; the swapping host's newest score is the alert's value.
    const from = base + HISTORY * 60;
    for (const id of ids) {
      const r = await h.call(
        'GET',
        `/api/v0/hosts/${id}/metrics?name=${scoreMetricName(monitorId)}&from=${from}&to=${from + 3600}`,
      );
      assert.equal(r.status, 200, r.text);
      assert.equal((r.json.metrics as Json[]).length, LIVE, `host ${id}: one score per live minute`);
      if (id === ids[0]) assert.equal((r.json.metrics as Json[]).at(-1)?.value, alert.value);
    }
  });

  test('a restart keeps the model and trains nothing', async () => {
    const modelFile = join(h.dataDir, 'anomaly', `${monitorId}.shop.app.json`);
    const before = (await stat(modelFile)).mtimeMs;
    await h.server.close();
    const config = loadConfig([], {
      SABA_PORT: '0',
      SABA_HOST: '127.0.0.1',
      SABA_DATA_DIR: h.dataDir,
      SABA_API_KEY: h.key,
      SABA_FSYNC: 'never',
    });
    again = await startServer(config, (line) => logs.push(line), {
      monitorTimers: false,
      anomaly: { minTrainingHours: 6 },
    });
    assert.ok(logs.includes('anomaly: loaded models of 1 monitors'), logs.join('\n'));
    assert.equal(again.monitor.hasAnomalyModel(monitorId, { service: 'shop', role: 'app' }), true);
    await again.monitor.trainAnomalyModels();
    assert.equal((await stat(modelFile)).mtimeMs, before, 'not retrained');
    assert.ok(!logs.some((l) => l.startsWith('anomaly: trained')), logs.join('\n'));
  });

  test('setting trainingPeriodFrom closes the open alerts and retrains on the new window', async () => {
    const server = again as RunningServer;
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'x-api-key': h.key, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return (await r.json()) as Json;
    };
    const from = base + 360 * 60;
    const put = await call('PUT', `/api/v0/monitors/${monitorId}`, {
      type: 'anomalyDetection',
      name: 'shop app',
      scopes: ['shop:app'],
      warningSensitivity: 'normal',
      trainingPeriodFrom: from,
    });
    assert.equal(put.trainingPeriodFrom, from, JSON.stringify(put));
    const alerts = ((await call('GET', '/api/v0/alerts?withClosed=true')).alerts as Json[]).filter(
      (a) => a.monitorId === monitorId,
    );
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.status, 'OK');
    assert.equal(alerts[0]?.reason, 'anomaly detection manually retraining');
    // The old model judges no more; the new one is trained at once on [trainingPeriodFrom, now].
    assert.equal(server.monitor.hasAnomalyModel(monitorId, { service: 'shop', role: 'app' }), false);
    await server.monitor.trainAnomalyModels();
    assert.ok(
      logs.some((l) => l.startsWith(`anomaly: trained monitor ${monitorId} role shop:app (manual)`)),
      logs.join('\n'),
    );
    const file = await stat(join(h.dataDir, 'anomaly', `${monitorId}.shop.app.json`));
    assert.ok(file.size > 1000);
  });

  test('deleting the monitor deletes its model file', async () => {
    const server = again as RunningServer;
    const r = await fetch(`${server.url}/api/v0/monitors/${monitorId}`, {
      method: 'DELETE',
      headers: { 'x-api-key': h.key },
    });
    assert.equal(r.status, 200);
    await assert.rejects(stat(join(h.dataDir, 'anomaly', `${monitorId}.shop.app.json`)), { code: 'ENOENT' });
  });
});
