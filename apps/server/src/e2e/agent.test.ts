// saba-agent against the real server on loopback: registration, id file reuse, roles, host
// statuses on start and stop, every built-in metric, plugins, graph definitions, checks,
// metadata and retirement. The agent runs as users run it, with one-second minutes.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type AgentDir, agentConf, agentDir, runAgent, spawnAgent } from '../testing/agent-process.ts';
import { REPO_ROOT } from '../testing/child-process.ts';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

const PLUGINS = join(REPO_ROOT, 'apps/agent/testdata/plugins');

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

/** The config against the harness, verbose, plus `extra` lines. */
function baseConf(d: AgentDir, extra = ''): string {
  return agentConf(d, h.key, h.url, 'verbose = true', extra);
}

async function metricNames(hostId: string): Promise<string[]> {
  const r = await h.call('GET', `/api/v0/hosts/${hostId}/metric-names`);
  return r.status === 200 ? (r.json.names as string[]) : [];
}

async function points(hostId: string, name: string): Promise<{ time: number; value: number }[]> {
  const now = Math.floor(Date.now() / 1000);
  const r = await h.call(
    'GET',
    `/api/v0/hosts/${hostId}/metrics?name=${encodeURIComponent(name)}&from=${now - 3600}&to=${now + 60}`,
  );
  return r.status === 200 ? r.json.metrics : [];
}

describe('saba-agent on a real server', { concurrency: false }, () => {
  test('registers, reuses its id file, applies roles and on_start/on_stop, posts every built-in metric', async () => {
    const d = await agentDir();
    const conf = baseConf(
      d,
      [
        'roles = ["Web:app", "Web: db", "bad role"]',
        'display_name = "my box"',
        '[host_status]',
        'on_start = "maintenance"',
        'on_stop = "poweroff"',
      ].join('\n'),
    );
    const agent = await spawnAgent(d.conf, conf);
    const hostId = (await agent.waitForLog(/started as host (\w+)/))[1] as string;
    assert.equal(await readFile(join(d.root, 'id'), 'utf8'), hostId);
    assert.match(agent.log(), /bad role/, 'the invalid role is reported');

    const host = (await h.call('GET', `/api/v0/hosts/${hostId}`)).json.host;
    assert.equal(host.name, hostname());
    assert.equal(host.displayName, 'my box');
    assert.deepEqual(host.roles, { Web: ['app', 'db'] });
    assert.equal(host.status, 'maintenance');
    assert.equal(host.meta.kernel.name, 'Linux');
    assert.match(host.meta['agent-name'], /^saba-agent\/\d+\.\d+\.\d+ \(Revision \w+\)$/);
    assert.equal(host.meta.cpu.length, cpus().length);
    assert.match(host.meta.memory.total, /^\d+kB$/);
    assert.ok(Object.keys(host.meta.filesystem).length > 0, 'filesystems in meta');

    const want = [
      'loadavg1',
      'loadavg5',
      'loadavg15',
      'cpu.user.percentage',
      'cpu.system.percentage',
      'cpu.idle.percentage',
      'memory.total',
      'memory.used',
      'memory.mem_available',
      'memory.swap_total',
      'memory.swap_free',
    ];
    const names = await eventually('built-in metrics', async () => {
      const n = await metricNames(hostId);
      return want.every((w) => n.includes(w)) ? n : undefined;
    });
    for (const re of [
      /^filesystem\.[\w-]+\.size$/,
      /^filesystem\.[\w-]+\.used$/,
      /^interface\.[\w-]+\.rxBytes\.delta$/,
      /^disk\.[\w-]+\.reads\.delta$/,
    ]) {
      assert.ok(
        names.some((n) => re.test(n)),
        `a metric matching ${re} in ${names}`,
      );
    }
    // CPU percentages of one minute add up to 100 per CPU (the official agent's scaling).
    const cpuNames = names.filter((n) => n.startsWith('cpu.'));
    const byTime = new Map<number, number>();
    for (const n of cpuNames)
      for (const p of await points(hostId, n)) byTime.set(p.time, (byTime.get(p.time) ?? 0) + p.value);
    const total = [...byTime.values()][0] as number;
    assert.ok(Math.abs(total - 100 * cpus().length) < 0.5, `cpu total ${total}`);
    const [used] = await points(hostId, 'memory.used');
    const [memTotal] = await points(hostId, 'memory.total');
    assert.ok(used !== undefined && memTotal !== undefined && used.value > 0 && used.value < memTotal.value);

    assert.deepEqual(await agent.stop('SIGTERM'), { code: 0, signal: null });
    assert.equal((await h.call('GET', `/api/v0/hosts/${hostId}`)).json.host.status, 'poweroff');

    const again = await spawnAgent(d.conf, conf);
    assert.equal((await again.waitForLog(/started as host (\w+)/))[1], hostId, 'the id file is reused');
    assert.equal((await h.call('GET', `/api/v0/hosts/${hostId}`)).json.host.status, 'maintenance');
    await again.stop();
    await rm(d.dir, { recursive: true, force: true });
  });

  test('metric plugins with graph definitions, check plugins with their options, metadata plugins', async () => {
    const d = await agentDir();
    const checkInput = join(d.dir, 'check-input');
    const actionOut = join(d.dir, 'action-out');
    await writeFile(checkInput, '2 disk almost full\n');
    const other = await h.call('POST', '/api/v0/hosts', {
      body: { name: 'db-1', customIdentifier: 'db-1.example', meta: {} },
    });
    const otherId = other.json.id as string;
    const conf = baseConf(
      d,
      [
        '[plugin.metrics.dice]',
        `command = ["${PLUGINS}/dice-plugin.sh"]`,
        'exclude_pattern = "^meta"',
        '[plugin.metrics.remote]',
        `command = ["${PLUGINS}/dice-plugin.sh"]`,
        'custom_identifier = "db-1.example"',
        '[plugin.metrics.nowhere]',
        `command = ["${PLUGINS}/dice-plugin.sh"]`,
        'custom_identifier = "no-such-host.example"',
        '[plugin.checks.disk]',
        `command = "${PLUGINS}/check-from-file.sh ${checkInput}"`,
        'notification_interval = 30',
        'max_check_attempts = 3',
        'memo = "call the storage team"',
        `action = { command = "${PLUGINS}/action-env.sh", env = { ACTION_OUT = "${actionOut}" } }`,
        '[plugin.metadata.inventory]',
        `command = ["${PLUGINS}/metadata.sh", "good"]`,
      ].join('\n'),
    );
    const agent = await spawnAgent(d.conf, conf);
    const hostId = (await agent.waitForLog(/started as host (\w+)/))[1] as string;

    await eventually('plugin metrics', async () => {
      const n = await metricNames(hostId);
      return n.includes('custom.dice.d6') && n.includes('custom.dice.d20') ? n : undefined;
    });
    assert.ok(!(await metricNames(hostId)).includes('custom.meta.empty'), 'exclude_pattern drops values');
    await eventually('values of the custom_identifier host', async () => {
      const n = await metricNames(otherId);
      return n.includes('custom.dice.d6') ? n : undefined;
    });
    assert.match(agent.log(), /no host has custom identifier no-such-host\.example/);
    assert.equal((await points(hostId, 'custom.dice.d20'))[0]?.value, 17);

    const defs = await eventually('graph definitions', async () => {
      const r = await h.call('GET', '/api/v0/graph-defs');
      const dice = (r.json?.graphDefs ?? []).find((g: { name: string }) => g.name === 'custom.dice');
      return dice;
    });
    assert.equal(defs.displayName, 'My Dice');
    assert.equal(defs.unit, 'integer');

    const org = (await h.server.catalog.orgs.list())[0];
    assert.ok(org);
    const state = await eventually('the check report', async () => {
      const s = await h.server.catalog.checks.states(org.id, hostId as never);
      return s.find((c) => c.name === 'disk');
    });
    assert.equal(state.status, 'CRITICAL');
    assert.equal(state.message, 'disk almost full');
    assert.equal(state.notificationInterval, 30);
    assert.equal(state.maxCheckAttempts, 3);
    // A status change is reported at once (not at the next minute).
    await writeFile(checkInput, '0 fine\n');
    await eventually('the OK report', async () => {
      const s = await h.server.catalog.checks.states(org.id, hostId as never);
      return s.find((c) => c.name === 'disk' && c.status === 'OK');
    });
    const actions = await readFile(actionOut, 'utf8');
    assert.match(actions, /^CRITICAL\|\|disk almost full$/m, 'the first action has no previous status');
    assert.match(actions, /^OK\|CRITICAL\|fine$/m);
    const host = (await h.call('GET', `/api/v0/hosts/${hostId}`)).json.host;
    assert.deepEqual(
      (await h.call('GET', '/api/v0/monitoring/checks')).json.checks.map((c: { name: string }) => c.name),
      ['disk'],
    );
    assert.ok(host);

    const metadata = await eventually('host metadata', async () => {
      const r = await h.call('GET', `/api/v0/hosts/${hostId}/metadata/inventory`);
      return r.status === 200 ? r.json : undefined;
    });
    assert.deepEqual(metadata, { role: 'db', ports: [5432] });
    await agent.stop();
    await rm(d.dir, { recursive: true, force: true });
  });

  test('retire -force retires the host and forgets the id; a new start registers a new host', async () => {
    const d = await agentDir();
    const conf = baseConf(d);
    const agent = await spawnAgent(d.conf, conf);
    const hostId = (await agent.waitForLog(/started as host (\w+)/))[1] as string;
    await agent.stop();

    const declined = await runAgent(['retire', '-conf', d.conf], {}, 'n\n');
    assert.equal(declined.code, 1);
    assert.equal((await h.call('GET', `/api/v0/hosts/${hostId}`)).json.host.isRetired, false);

    const r = await runAgent(['retire', '-force', '-conf', d.conf]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await h.call('GET', `/api/v0/hosts/${hostId}`)).json.host.isRetired, true);
    await assert.rejects(readFile(join(d.root, 'id')));

    const fresh = await spawnAgent(d.conf, conf);
    const newId = (await fresh.waitForLog(/started as host (\w+)/))[1];
    assert.notEqual(newId, hostId);
    await fresh.stop();
    await rm(d.dir, { recursive: true, force: true });
  });

  test('SIGHUP reloads a config that passes the config test and keeps running on one that does not', async () => {
    const d = await agentDir();
    const conf = baseConf(d, 'roles = ["Web:app"]');
    const agent = await spawnAgent(d.conf, conf);
    const hostId = (await agent.waitForLog(/started as host (\w+)/))[1] as string;

    await writeFile(d.conf, `${conf}\nthis is not toml = = =\n`);
    agent.proc.kill('SIGHUP');
    await agent.waitForLog(/not reloading, the configuration has errors/);

    await writeFile(d.conf, baseConf(d, 'roles = ["Web:app", "Web:db"]'));
    agent.proc.kill('SIGHUP');
    await agent.waitForLog(/reloaded the configuration/);
    await eventually('the new role', async () => {
      const host = (await h.call('GET', `/api/v0/hosts/${hostId}`)).json.host;
      return host.roles.Web?.includes('db') ? host : undefined;
    });
    assert.equal(agent.log().match(/started as host/g)?.length, 2, 'the same host, started again in place');
    assert.equal((await agent.stop()).code, 0);
    await rm(d.dir, { recursive: true, force: true });
  });

  test('a bad API key is fatal at start, with a clear message', async () => {
    const d = await agentDir();
    const agent = await spawnAgent(d.conf, baseConf(d).replace(h.key, 'not-a-key'));
    const exit = await agent.exited;
    assert.equal(exit.code, 1);
    assert.match(agent.log(), /register host: API error 403/);
    await rm(d.dir, { recursive: true, force: true });
  });

  test('once prints the host spec and a batch of metrics without posting', async () => {
    const d = await agentDir();
    await writeFile(d.conf, baseConf(d));
    const r = await runAgent(['once', '-conf', d.conf]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.host.name, hostname());
    assert.ok(out.metrics.some((m: { name: string }) => m.name === 'cpu.idle.percentage'));
    assert.ok(out.metrics.some((m: { name: string }) => m.name === 'loadavg1'));
    await assert.rejects(readFile(join(d.root, 'id')), 'once registers nothing');
    await rm(d.dir, { recursive: true, force: true });
  });
});
