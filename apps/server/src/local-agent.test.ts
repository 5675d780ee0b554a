// `npm start` runs an agent for the local machine: the host appears with its metrics, the agent
// stops with the server, keeps its host and key across restarts, and an agent orphaned by a
// killed server is replaced rather than duplicated.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type ChildServer, spawnServer } from './testing/child-process.ts';
import { eventually } from './testing/eventually.ts';

const KEY = `local-agent-key-${process.pid}`;

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
async function get(server: ChildServer, path: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${path}`, { headers: { 'x-api-key': KEY } });
  return { status: res.status, json: await res.json() };
}

/** Polls `fn` for up to 30 s; an error (no pidfile between two agents) counts as not yet. */
function poll<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  return eventually(what, () => fn().catch(() => undefined), { timeoutMs: 30_000, intervalMs: 250 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('npm start runs a local agent that reports this machine and stops with the server', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'saba-local-agent-'));
  const env = {
    SABA_DATA_DIR: dataDir,
    SABA_API_KEY: KEY,
    SABA_NO_AGENT: '0',
    SABA_AGENT_MINUTE_MS: '1000',
    SABA_FSYNC: 'never',
  };
  const conf = join(dataDir, 'agent', 'mackerel-agent.conf');
  const pidfile = join(dataDir, 'agent', 'agent.pid');
  let server = await spawnServer(env);
  try {
    const host = await poll('the local host', async () => {
      const hosts = (await get(server, '/api/v0/hosts')).json.hosts as { id: string; name: string }[];
      return hosts.length === 1 ? hosts[0] : undefined;
    });
    assert.equal(host?.name, hostname());
    await poll('its metrics', async () => {
      const names = (await get(server, `/api/v0/hosts/${host?.id}/metric-names`)).json.names as string[];
      return names.includes('loadavg1') && names.includes('cpu.idle.percentage') ? names : undefined;
    });
    const key = /apikey = "([^"]+)"/.exec(await readFile(conf, 'utf8'))?.[1];
    assert.ok(key !== undefined && key !== KEY, 'the agent has a key of its own');
    const agentPid = Number(await readFile(pidfile, 'utf8'));
    assert.ok(alive(agentPid));

    assert.equal((await server.stop('SIGTERM')).code, 0);
    assert.equal(alive(agentPid), false, 'the agent stops with the server');

    server = await spawnServer(env);
    await poll('the agent again', async () => {
      const pid = Number(await readFile(pidfile, 'utf8'));
      return pid !== agentPid && alive(pid) ? pid : undefined;
    });
    const hosts = (await get(server, '/api/v0/hosts')).json.hosts as { id: string }[];
    assert.deepEqual(
      hosts.map((h) => h.id),
      [host?.id],
      'the same host, not a new one',
    );
    assert.equal(/apikey = "([^"]+)"/.exec(await readFile(conf, 'utf8'))?.[1], key, 'the key is kept');

    // A killed server leaves its agent running; the next start replaces it instead of failing on the pidfile.
    const orphan = Number(await readFile(pidfile, 'utf8'));
    await server.stop('SIGKILL');
    assert.ok(alive(orphan));
    server = await spawnServer(env);
    await server.waitFor(/stopping the local agent left running by an earlier server/);
    await poll('the new agent', async () => {
      const pid = Number(await readFile(pidfile, 'utf8'));
      return pid !== orphan && alive(pid) ? pid : undefined;
    });
    assert.equal(alive(orphan), false);
    assert.equal((await get(server, '/api/v0/hosts')).json.hosts.length, 1);
  } finally {
    await server.stop('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
});
