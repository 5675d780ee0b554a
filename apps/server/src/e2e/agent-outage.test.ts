// The agent's disk buffer: the server goes away, the agent is restarted in the middle of the
// outage (and started while the server is still down), and after the server comes back every
// value the agent collected is on the server, once. Minutes are one second long here, so the
// outage spans many collection ticks in a few seconds.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../server.ts';
import { type AgentProcess, agentConf, agentDir, spawnAgent } from '../testing/agent-process.ts';
import { eventually } from '../testing/eventually.ts';

const KEY = `outage-key-${process.pid}`;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function serverAt(dataDir: string, port: number): Promise<RunningServer> {
  const config = loadConfig([], {
    SABA_PORT: String(port),
    SABA_HOST: '127.0.0.1',
    SABA_DATA_DIR: dataDir,
    SABA_API_KEY: KEY,
    SABA_FSYNC: 'never',
  });
  return startServer(config, () => {});
}

/** The times of the batches an agent queued, from its verbose log. */
function queuedTimes(agent: AgentProcess): number[] {
  return [...agent.log().matchAll(/queued \d+ values at (\d+)/g)].map((m) => Number(m[1]));
}

test('an outage with an agent restart in the middle loses nothing and duplicates nothing', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'saba-outage-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server = await serverAt(dataDir, port);
  const d = await agentDir();
  const conf = agentConf(d, KEY, url, 'verbose = true');
  const first = await spawnAgent(d.conf, conf);
  const hostId = (await first.waitForLog(/started as host (\w+)/))[1] as string;
  await first.waitForLog(/posted \d+ values/);

  await server.close();
  await first.waitForLog(/Failed to post metrics value/);
  // A few minutes' batches queue up while the server is gone (counted, not timed: a loaded machine is slow).
  const beforeRestart = queuedTimes(first).length;
  await eventually('two more batches queued', () => queuedTimes(first).length >= beforeRestart + 2);
  // Restarted mid-outage: what it could not send is on disk; it starts again without the server.
  assert.equal((await first.stop()).code, 0);
  const second = await spawnAgent(d.conf, conf);
  await second.waitForLog(/server unreachable .* collecting for host/);
  await second.waitForLog(/Failed to post metrics value/);
  await eventually('six batches queued', () => queuedTimes(first).length + queuedTimes(second).length >= 6);

  server = await serverAt(dataDir, port);
  const queued = [...queuedTimes(first), ...queuedTimes(second)];
  assert.ok(queued.length >= 6, `queued ${queued.length} batches`);
  const call = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { 'x-api-key': KEY } });
    return (await res.json()) as { metrics: { time: number; value: number }[] };
  };
  const from = Math.min(...queued) - 1;
  const stored = async () =>
    (await call(`/api/v0/hosts/${hostId}/metrics?name=loadavg1&from=${from}&to=${Math.floor(Date.now() / 1000) + 60}`))
      .metrics;
  const deadline = Date.now() + 20_000;
  let times: number[] = [];
  for (;;) {
    times = (await stored()).map((p) => p.time);
    if (queued.every((t) => times.includes(t)) || Date.now() > deadline) break;
    await sleep(250);
  }
  const missing = queued.filter((t) => !times.includes(t));
  assert.deepEqual(missing, [], `every queued minute reached the server (queued ${queued.length})`);
  assert.equal(new Set(times).size, times.length, 'no minute is stored twice');
  assert.match(
    second.log(),
    /posted \d+ values of [2-9]\d* batch\(es\)|posted \d+ values of \d{2,} batch/,
    'the backlog is merged',
  );

  await second.stop();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(d.dir, { recursive: true, force: true });
});
