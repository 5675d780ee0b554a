// saba-agent on the wire against the real mackerel-agent v0.80.0: the agent runs as users run
// it (one-second minutes) against the real server behind a recording proxy, twice (a first start
// that registers; a restart with the id file, then `retire -force`), and its requests are compared
// with the official agent's recorded ones (testdata/agent-trace.json, `run1` and `run2`): order of
// request kinds, headers, body bytes and shapes, metric names, and when metrics are posted.
// Every difference this test tolerates is named where it is tolerated, with its reason.
// Over 500 lines: one scenario, its comparisons, and the facts of this machine that excuse a
// difference; apart, each would be read without what it is compared with.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type AgentProcess, agentConf, agentDir, runAgent, spawnAgent } from '../testing/agent-process.ts';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { type RecordedRequest, type RecordingProxy, startRecordingProxy } from '../testing/recording-proxy.ts';
import { loadTrace, type Trace, type TraceRecord } from './replay.ts';

const trace = loadTrace() as Trace & {
  agentConfig: { roles: string[]; hostStatus: { onStart: string; onStop: string } };
};
const { roles, hostStatus } = trace.agentConfig;
/** The agent's one-second minute (spawnAgent's default), in ms. */
const MINUTE_MS = 1000;

/** One request, from the trace or the proxy, with its host id replaced by `<id>`. */
interface Wire {
  readonly kind: string;
  readonly atMs: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed body; undefined for none. */
  readonly body: unknown;
  /** Raw body (saba-agent's only: the trace keeps parsed bodies). */
  readonly raw?: string;
}

function kindOf(method: string, path: string, hostId: string): string {
  return `${method} ${path.replaceAll(hostId, '<id>')}`;
}
function fromTrace(r: TraceRecord): Wire {
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { kind: kindOf(r.method, r.path, trace.recordedHostId), atMs: r.t_s * 1000, headers, body: r.body };
}
function fromProxy(r: RecordedRequest, hostId: string): Wire {
  const body = r.body === '' ? undefined : JSON.parse(r.body);
  return { kind: kindOf(r.method, r.path, hostId), atMs: r.atMs, headers: r.headers, body, raw: r.body };
}

const HOSTS = 'POST /api/v0/hosts';
const GET_HOST = 'GET /api/v0/hosts/<id>';
const PUT_HOST = 'PUT /api/v0/hosts/<id>';
const STATUS = 'POST /api/v0/hosts/<id>/status';
const TSDB = 'POST /api/v0/tsdb';
const RETIRE = 'POST /api/v0/hosts/<id>/retire';
const GRAPH_DEFS = 'POST /api/v0/graph-defs/create';
const REPORT = 'POST /api/v0/monitoring/checks/report';
const METADATA = 'PUT /api/v0/hosts/<id>/metadata/testmeta';
/** The host's life cycle and its metrics; plugin requests come at times of their own (checked apart). */
const CORE = new Set([HOSTS, GET_HOST, PUT_HOST, STATUS, TSDB, RETIRE]);

/** The core kinds in order, a run of the same kind counted once. */
function sequence(ws: readonly Wire[]): string[] {
  const out: string[] = [];
  for (const w of ws) if (CORE.has(w.kind) && out.at(-1) !== w.kind) out.push(w.kind);
  return out;
}

// The plugins of the trace, as its bodies show them: a metric plugin `test` with a graph
// definition (it prints `custom.test.value`, so the value goes out as custom.custom.test.value),
// a check `testcheck` with a memo, and a metadata plugin `testmeta`.
const PLUGINS: Record<string, string> = {
  'test-metric.sh': [
    'if [ "$MACKEREL_AGENT_PLUGIN_META" = 1 ]; then',
    "  echo '# mackerel-agent-plugin'",
    `  echo '{"graphs":{"test":{"label":"Test plugin","unit":"integer","metrics":[{"name":"value","label":"Value"}]}}}'`,
    '  exit 0',
    'fi',
    `printf 'custom.test.value\\t42\\t%s\\n' "$(date +%s)"`,
  ].join('\n'),
  'testcheck.sh': "printf 'WARNING: run 1\\n'\nexit 1",
  'testmeta.sh': `echo '{"owner":"acceptance-test","rack":"A1"}'`,
};

let h: Harness;
let proxy: RecordingProxy;
let hostId: string;
let runs: { official: Wire[]; saba: Wire[]; stopAtMs: number }[] = [];

/** Lets the agent run until `ok` holds for its requests, then stops it with SIGTERM. */
async function runUntil(agent: AgentProcess, from: number, ok: (kinds: string[]) => boolean): Promise<number> {
  try {
    const id = (await agent.waitForLog(/started as host (\w+)/))[1] as string;
    hostId ??= id;
    assert.equal(id, hostId);
    // Every 50 ms, a twentieth of the agent's minute: it is stopped soon after the run is complete.
    await eventually('the run', () => ok(proxy.requests.slice(from).map((r) => kindOf(r.method, r.path, id))), {
      timeoutMs: 15_000,
      intervalMs: 50,
    });
  } catch (e) {
    await agent.stop('SIGKILL');
    throw e;
  }
  const stopAtMs = Date.now();
  assert.deepEqual(await agent.stop('SIGTERM'), { code: 0, signal: null }, agent.log());
  return stopAtMs;
}

before(async () => {
  h = await startHarness();
  proxy = await startRecordingProxy(h.url);
  const d = await agentDir();
  for (const [name, text] of Object.entries(PLUGINS)) {
    await writeFile(join(d.dir, name), `#!/bin/sh\n${text}\n`);
    await chmod(join(d.dir, name), 0o755);
  }
  const conf = agentConf(
    d,
    h.key,
    proxy.url,
    `roles = ${JSON.stringify(roles)}`,
    '[host_status]',
    `on_start = "${hostStatus.onStart}"`,
    `on_stop = "${hostStatus.onStop}"`,
    '[plugin.metrics.test]',
    `command = ["${join(d.dir, 'test-metric.sh')}"]`,
    '[plugin.checks.testcheck]',
    `command = ["${join(d.dir, 'testcheck.sh')}"]`,
    'memo = "cycling test check"',
    '[plugin.metadata.testmeta]',
    `command = ["${join(d.dir, 'testmeta.sh')}"]`,
  );
  const count = (ks: string[], k: string): number => ks.filter((x) => x === k).length;
  // Run 1: a first post and four at the host's second, and every plugin request.
  const stop1 = await runUntil(
    await spawnAgent(d.conf, conf),
    0,
    (ks) => count(ks, TSDB) >= 5 && [GRAPH_DEFS, REPORT, METADATA].every((k) => ks.includes(k)),
  );
  const n1 = proxy.requests.length;
  // Run 2: the restart with the id file; then the host is retired, as at the end of the trace.
  const stop2 = await runUntil(
    await spawnAgent(d.conf, conf),
    n1,
    (ks) => count(ks, TSDB) >= 4 && [GRAPH_DEFS, REPORT].every((k) => ks.includes(k)),
  );
  const retired = await runAgent(['retire', '-force', '-conf', d.conf]);
  assert.equal(retired.code, 0, retired.stderr);
  const saba = proxy.requests.map((r) => fromProxy(r, hostId));
  runs = [
    { official: trace.run1.map(fromTrace), saba: saba.slice(0, n1), stopAtMs: stop1 },
    { official: trace.run2.map(fromTrace), saba: saba.slice(n1), stopAtMs: stop2 },
  ];
  await rm(d.dir, { recursive: true, force: true });
});

after(async () => {
  await proxy?.close();
  await h?.close();
});

describe('saba-agent sends what mackerel-agent v0.80.0 sends', { concurrency: false }, () => {
  test('the same request kinds in the same order: register or look up, status if needed, spec, metrics, on_stop', () => {
    for (const [i, run] of runs.entries()) {
      assert.deepEqual(sequence(run.saba), sequence(run.official), `run${i + 1}`);
      const kinds = new Set(run.saba.map((w) => w.kind));
      const official = new Set(run.official.map((w) => w.kind));
      // run2 sends no metadata: unchanged since run1, it is in each agent's cache file per plugin.
      assert.deepEqual(
        [...kinds].filter((k) => !official.has(k)),
        [],
        `run${i + 1}: kinds the official agent never sent`,
      );
      assert.deepEqual(
        [...official].filter((k) => !kinds.has(k)),
        [],
        `run${i + 1}: kinds saba-agent did not send`,
      );
      // Plugin requests come after the start-up handshake (the spec PUT) and before the on_stop status.
      const agentRun = run.saba.filter((w) => w.kind !== RETIRE);
      const put = agentRun.findIndex((w) => w.kind === PUT_HOST);
      for (const k of [GRAPH_DEFS, REPORT, METADATA]) {
        const at = agentRun.findIndex((w) => w.kind === k);
        if (at >= 0) assert.ok(at > put, `${k} after the start-up PUT`);
      }
      // SIGTERM: the last tick's values are flushed, then the on_stop status goes last.
      const last = agentRun.at(-1);
      assert.equal(last?.kind, STATUS);
      assert.deepEqual(last?.body, { status: hostStatus.onStop });
      assert.ok(
        agentRun.some((w) => w.kind === TSDB && w.atMs >= run.stopAtMs),
        'a metric post after SIGTERM',
      );
    }
    // No status POST at the first start: a new host is already `working` (= on_start).
    assert.equal(hostStatus.onStart, 'working');
  });

  test('the same headers, apart from the named differences', () => {
    const official = new Map(runs.flatMap((r) => r.official).map((w) => [w.kind, w.headers]));
    const UA = /^([\w-]+)\/(\d+\.\d+\.\d+) \(Revision ([\w.-]+)\)$/;
    for (const w of runs.flatMap((r) => r.saba)) {
      const want = official.get(w.kind);
      assert.ok(want, w.kind);
      const names = (hs: Readonly<Record<string, string>>, drop: readonly string[]): string[] =>
        Object.keys(hs)
          .filter((k) => !drop.includes(k))
          .sort();
      // Tolerated: Host and Content-Length are not in the trace (dropped when it was recorded).
      // Tolerated, official only: Accept-Encoding: gzip is added by Go's http.Transport, which
      // then un-gzips answers on its own; saba-agent reads plain bodies, so it must not ask.
      // Tolerated, saba-agent only: Accept: application/json (the server answers JSON anyway) and
      // Connection: keep-alive (node:http spells out the HTTP/1.1 default that Go leaves implicit).
      // Tolerated on retire only: X-Agent-Version and X-Revision, which `saba-agent retire`
      // (commands/retire.ts, a client of its own) does not send yet.
      const optional = ['host', 'content-length', 'accept', 'connection'];
      if (w.kind === RETIRE) optional.push('x-agent-version', 'x-revision');
      assert.deepEqual(names(w.headers, optional), names(want, [...optional, 'accept-encoding']), w.kind);
      assert.equal(w.headers['x-api-key'], h.key);
      assert.equal(w.headers['content-type'], want['content-type'], `${w.kind}: Content-Type`);
      const ua = UA.exec(w.headers['user-agent'] ?? '');
      const officialUa = UA.exec(want['user-agent'] ?? '');
      assert.ok(ua && officialUa, `${w.kind}: User-Agent ${w.headers['user-agent']}`);
      assert.equal(ua[1], 'saba-agent');
      assert.equal(officialUa[1], 'mackerel-agent');
      for (const [header, official, part] of [
        ['x-agent-version', want['x-agent-version'], 2],
        ['x-revision', want['x-revision'], 3],
      ] as const) {
        assert.equal(official, officialUa[part], `the official ${header} repeats its User-Agent`);
        if (w.headers[header] !== undefined) assert.equal(w.headers[header], ua[part], `${w.kind}: ${header}`);
      }
    }
  });

  test('bodies: compact JSON plus "\\n" as json.Encoder writes it, retire the literal null', () => {
    // Tolerated, not seen in these bodies: json.Encoder escapes <, > and & as \u003c, \u003e and
    // \u0026, and writes a struct's fields in declaration order and a map's keys sorted;
    // JSON.stringify writes those characters as they are and keys in insertion order. The JSON
    // values are the same, which is all a JSON parser sees, so key order is not compared.
    for (const w of runs.flatMap((r) => r.saba)) {
      if (w.kind.startsWith('GET ')) {
        assert.equal(w.raw, '', `${w.kind} has no body`);
        continue;
      }
      assert.equal(w.raw, `${JSON.stringify(w.body)}\n`, w.kind);
    }
    const retire = runs[1]?.saba.filter((w) => w.kind === RETIRE) ?? [];
    assert.deepEqual(
      retire.map((w) => w.raw),
      ['null\n'],
    );
  });

  test('the same body shapes: host spec, statuses, metrics, graph definitions, checks, metadata', () => {
    const officialBody = (kind: string): unknown => runs.flatMap((r) => r.official).find((w) => w.kind === kind)?.body;
    for (const w of runs.flatMap((r) => r.saba)) {
      if (w.kind === HOSTS || w.kind === PUT_HOST) {
        const diffs: string[] = [];
        shapeDiffs(officialBody(w.kind), w.body, '', diffs);
        assert.deepEqual(diffs, [], w.kind);
        hostInputValues(w.body as HostInputBody);
        // The same config as the trace's: the same roles and checks.
        const want = officialBody(w.kind) as Record<string, unknown>;
        const body = w.body as Record<string, unknown>;
        assert.deepEqual([body.roleFullnames, body.checks], [want.roleFullnames, want.checks]);
      } else if (w.kind === TSDB) {
        for (const m of w.body as Record<string, unknown>[]) {
          assert.deepEqual(Object.keys(m).sort(), ['hostId', 'name', 'time', 'value'], JSON.stringify(m));
          assert.equal(m.hostId, hostId);
          assert.equal(typeof m.name, 'string');
          assert.ok(Number.isInteger(m.time), `integer time: ${JSON.stringify(m)}`);
          assert.ok(typeof m.value === 'number' && Number.isFinite(m.value), JSON.stringify(m));
          assert.ok((m.time as number) <= w.atMs / 1000 + 1, 'time is not after the post');
        }
      } else if (w.kind === REPORT) {
        const diffs: string[] = [];
        shapeDiffs(officialBody(REPORT), w.body, '', diffs);
        assert.deepEqual(diffs, [], w.kind);
        for (const r of (w.body as { reports: Record<string, unknown>[] }).reports) {
          assert.deepEqual(r.source, { type: 'host', hostId });
          assert.equal(r.name, 'testcheck');
          assert.equal(r.status, 'WARNING');
          assert.equal(r.message, 'WARNING: run 1\n', "the plugin's stdout verbatim, newline kept");
          assert.ok(Number.isInteger(r.occurredAt));
        }
      } else if (w.kind === GRAPH_DEFS || w.kind === METADATA) {
        // The same plugins as the trace's print the same graph definitions and metadata.
        assert.deepEqual(w.body, officialBody(w.kind), w.kind);
      }
    }
    // Run 2 found the host in on_stop's status and set on_start's, as the official agent did.
    const statuses = (ws: readonly Wire[]) => ws.filter((w) => w.kind === STATUS).map((w) => w.body);
    for (const run of runs) assert.deepEqual(statuses(run.saba), statuses(run.official));
  });

  test('the shape comparison itself catches a changed type, a missing key and a foreign key', () => {
    const official = runs[0]?.official.find((w) => w.kind === HOSTS)?.body as HostInputBody;
    const mutations: [string, (b: HostInputBody & Record<string, unknown>) => void][] = [
      ['meta.cpu[].mhz: number', (b) => ((b.meta.cpu[0] as Record<string, unknown>).mhz = 2596.1)],
      ['meta.memory: unexpected key bogus', (b) => (b.meta.memory.bogus = '1kB')],
      [
        'meta.filesystem.*.kb_size: string',
        (b) => ((Object.values(b.meta.filesystem)[0] as Record<string, unknown>).kb_size = '1'),
      ],
      ['(body): keys', (b) => delete b.checks],
      [
        'interfaces[]: unexpected key ipAddress',
        (b) => (((b.interfaces as Record<string, unknown>[])[0] as Record<string, unknown>).ipAddress = 'x'),
      ],
    ];
    for (const [want, mutate] of mutations) {
      const body = structuredClone(official) as HostInputBody & Record<string, unknown>;
      mutate(body);
      const diffs: string[] = [];
      shapeDiffs(official, body, '', diffs);
      assert.ok(diffs.length === 1 && diffs[0]?.startsWith(want), `${want}: ${diffs}`);
    }
  });

  test("the official agent's metric names, devices aside, where this machine has them", () => {
    const names = (ws: readonly Wire[]) =>
      new Set(
        ws
          .filter((w) => w.kind === TSDB)
          .flatMap((w) => (w.body as { name: string }[]).map((m) => m.name.replace(DEVICE, '$1.<device>.'))),
      );
    const official = names(runs.flatMap((r) => r.official));
    const saba = names(runs.flatMap((r) => r.saba));
    const missing = [...official].filter((n) => !saba.has(n) && machineLacks(n) === undefined);
    assert.deepEqual(missing, [], 'names the official agent sent and saba-agent did not');
    // memory.free/buffers/cached replace memory.mem_available on kernels without MemAvailable.
    const extra = [...saba].filter(
      (n) => !official.has(n) && !(OLD_MEMORY.includes(n) && !meminfo().has('MemAvailable')),
    );
    assert.deepEqual(extra, [], 'names the official agent never sent');
  });

  test("timing: the first post within two ticks of start, later ones at the host's second of the minute", () => {
    // The offset rule (spec §15.3), computed here apart from the agent's own SHA-1: it gives 48 for
    // the recorded host, and the official agent posted its graph definitions at d/2 = 24 s.
    const offsetOf = (id: string): number => (createHash('sha1').update(id).digest()[19] as number) % 60;
    assert.equal(offsetOf(trace.recordedHostId), 48);
    const defs = trace.run1.find((r) => r.path === '/api/v0/graph-defs/create');
    assert.ok(defs && Math.abs(defs.t_s - 24) < 0.5);
    // Second d of a minute is d/60 of a one-second minute.
    const offsetMs = (offsetOf(hostId) * MINUTE_MS) / 60;
    let onTime = 0;
    let backlog = 0;
    let later = 0;
    for (const run of runs) {
      const posts = run.saba.filter((w) => w.kind === TSDB && w.atMs < run.stopAtMs);
      const start = run.saba[0]?.atMs ?? 0;
      // The first batch goes at once when the second tick completes it: at most a minute after
      // start; two minutes are allowed for a tick that lands late on a loaded machine, plus 1 s.
      assert.ok((posts[0]?.atMs ?? Number.POSITIVE_INFINITY) - start <= 2 * MINUTE_MS + 1000, 'the first post');
      for (const [i, p] of posts.entries()) {
        if (i === 0) continue;
        later++;
        const phase = (((p.atMs - offsetMs) % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
        // On time: up to 250 ms late (the proxy sees the request after the agent's timer, the
        // collection and a loopback hop), or 20 ms early (timer rounding).
        if (phase <= 250 || phase >= MINUTE_MS - 20) onTime++;
        // A batch that was queued while the previous one was being posted goes half a minute
        // later (the official agent's backlog spacing), not at the offset.
        else if (p.atMs - (posts[i - 1] as Wire).atMs < 0.8 * MINUTE_MS) backlog++;
      }
    }
    // At least half on time or as backlog: slack for a loaded 2-core machine. Posting at once
    // after each tick instead would land at the tick, not at the offset, and fail this check
    // (unless the offset is within 250 ms before the tick, where the two cannot be told apart).
    assert.ok(later >= 3, `later posts: ${later}`);
    assert.ok(onTime >= 1 && (onTime + backlog) * 2 >= later, `on time ${onTime}, backlog ${backlog}, of ${later}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Shapes

/** `disk.<dev>.`, `interface.<if>.`, `filesystem.<dev>.`: the device part is the machine's. */
const DEVICE = /^(disk|interface|filesystem)\.[^.]+\./;
const OLD_MEMORY = ['memory.free', 'memory.buffers', 'memory.cached'];

type HostInputBody = {
  meta: {
    cpu: Record<string, unknown>[];
    memory: Record<string, unknown>;
    filesystem: Record<string, Record<string, unknown>>;
    'agent-name': string;
    'agent-version': string;
    'agent-revision': string;
  };
};

/** The JSON type of a value. */
function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Where saba-agent's object keys may differ from the official agent's, and why: each is a
 * property of the machine, not of the agent. `machine`: any keys (names of the machine's
 * devices), every value shaped like the official's first. A key list: saba's keys are among
 * these, and the `required` ones (those this machine has, all of which the official agent sends)
 * are all there.
 */
function keyRules(): Record<string, { keys: 'machine' | readonly string[]; required?: readonly string[] }> {
  const memKeys = Object.entries(MEMINFO);
  const here = meminfo();
  return {
    'meta.block_device': { keys: 'machine' },
    // A block device attribute is sent only when /sys/block/<dev>/... has it (spec §2.3).
    'meta.block_device.*': { keys: ['size', 'removable', 'model', 'rev', 'state', 'timeout', 'vendor'] },
    // Tolerated: the official agent lists every row of `df -Pkl` here (devtmpfs and tmpfs in the
    // trace); saba-agent lists only /dev/ devices (the rows of its filesystem metrics).
    'meta.filesystem': { keys: 'machine' },
    // One key per /proc/meminfo line the machine's kernel has.
    'meta.memory': {
      keys: memKeys.map(([, k]) => k),
      required: memKeys.filter(([line]) => here.has(line)).map(([, k]) => k),
    },
    // An interface without IPv4 (or IPv6, or a MAC) leaves that key out.
    'interfaces[]': { keys: ['name', 'ipv4Addresses', 'ipv6Addresses', 'macAddress'], required: ['name'] },
    // The trace is of an x86-64 machine; /proc/cpuinfo has other fields on other architectures.
    ...(process.arch === 'x64' ? {} : { 'meta.cpu[]': { keys: 'machine' as const } }),
  };
}

let rules: ReturnType<typeof keyRules> | undefined;

/** Pushes to `out` every place where `saba`'s JSON types or object keys differ from `official`'s. */
function shapeDiffs(official: unknown, saba: unknown, path: string, out: string[]): void {
  const [to, ts] = [jsonType(official), jsonType(saba)];
  if (to !== ts) {
    out.push(`${path || '(body)'}: ${ts}, official ${to}`);
    return;
  }
  if (to === 'array') {
    const first = (official as unknown[])[0];
    if (first !== undefined) for (const x of saba as unknown[]) shapeDiffs(first, x, `${path}[]`, out);
    return;
  }
  if (to !== 'object') return;
  const [o, s] = [official as Record<string, unknown>, saba as Record<string, unknown>];
  rules ??= keyRules();
  const rule = rules[path];
  const firstValue = Object.values(o)[0];
  if (rule === undefined) {
    const [ok, sk] = [Object.keys(o).sort(), Object.keys(s).sort()];
    if (ok.join() !== sk.join()) out.push(`${path || '(body)'}: keys ${sk}, official ${ok}`);
  } else if (rule.keys !== 'machine') {
    const allowed = rule.keys;
    for (const k of Object.keys(s)) if (!allowed.includes(k)) out.push(`${path}: unexpected key ${k}`);
    for (const k of rule.required ?? []) if (!(k in s)) out.push(`${path}: missing key ${k}`);
  }
  for (const [k, v] of Object.entries(s)) {
    const child = rule?.keys === 'machine' ? `${path}.*` : path === '' ? k : `${path}.${k}`;
    const like = rule?.keys === 'machine' ? firstValue : k in o ? o[k] : firstValue;
    if (like !== undefined) shapeDiffs(like, v, child, out);
  }
}

/** Value rules of a HostInput that JSON types alone do not show (spec §1.4 #8, §2.3). */
function hostInputValues(body: HostInputBody): void {
  const { meta } = body;
  for (const cpu of meta.cpu) for (const v of Object.values(cpu)) assert.equal(typeof v, 'string', 'meta.cpu values');
  for (const v of Object.values(meta.memory)) assert.match(v as string, /^\d+kB$/);
  for (const fs of Object.values(meta.filesystem)) {
    for (const k of ['kb_size', 'kb_used', 'kb_available']) assert.ok(Number.isInteger(fs[k]), `${k} is an integer`);
    assert.match(fs.percent_used as string, /^\d+%$/);
  }
  assert.equal(meta['agent-name'], `saba-agent/${meta['agent-version']} (Revision ${meta['agent-revision']})`);
}

// ---------------------------------------------------------------------------------------------
// What this machine has

/** /proc/meminfo line -> meta.memory key (spec §2.3). */
const MEMINFO: Record<string, string> = {
  MemTotal: 'total',
  MemFree: 'free',
  Buffers: 'buffers',
  Cached: 'cached',
  Active: 'active',
  Inactive: 'inactive',
  HighTotal: 'high_total',
  HighFree: 'high_free',
  LowTotal: 'low_total',
  LowFree: 'low_free',
  Dirty: 'dirty',
  Writeback: 'writeback',
  AnonPages: 'anon_pages',
  Mapped: 'mapped',
  Slab: 'slab',
  SReclaimable: 'slab_reclaimable',
  SUnreclaim: 'slab_unreclaim',
  PageTables: 'page_tables',
  NFS_Unstable: 'nfs_unstable',
  Bounce: 'bounce',
  CommitLimit: 'commit_limit',
  Committed_AS: 'committed_as',
  VmallocTotal: 'vmalloc_total',
  VmallocUsed: 'vmalloc_used',
  VmallocChunk: 'vmalloc_chunk',
  SwapCached: 'swap_cached',
  SwapTotal: 'swap_total',
  SwapFree: 'swap_free',
};

function proc(file: string): string {
  try {
    return readFileSync(join('/proc', file), 'utf8');
  } catch {
    return '';
  }
}

/** The line names of /proc/meminfo. */
function meminfo(): Set<string> {
  return new Set(
    proc('meminfo')
      .split('\n')
      .map((l) => l.split(':')[0] ?? ''),
  );
}

const CPU_COLUMNS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest'];

/** Why this machine cannot produce metric `name` (device part replaced), or undefined if it can. */
function machineLacks(name: string): string | undefined {
  const cpu = /^cpu\.(\w+)\.percentage$/.exec(name);
  if (cpu) {
    const columns = (proc('stat').split('\n')[0] ?? '').trim().split(/\s+/).length - 1;
    return CPU_COLUMNS.indexOf(cpu[1] as string) >= columns ? '/proc/stat has no such column' : undefined;
  }
  if (name === 'memory.mem_available' && !meminfo().has('MemAvailable')) return 'no MemAvailable';
  if (name === 'memory.swap_cached' && !meminfo().has('SwapCached')) return 'no SwapCached';
  if (name.startsWith('disk.')) {
    // Devices that never did I/O and dm-* are not reported.
    const busy = proc('diskstats')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .some((f) => f.length > 3 && !f[2]?.startsWith('dm-') && f.slice(3).some((x) => x !== '0'));
    return busy ? undefined : 'no disk with I/O';
  }
  if (name.startsWith('interface.')) {
    const names = proc('net/dev')
      .split('\n')
      .slice(2)
      .map((l) => l.split(':')[0]?.trim() ?? '');
    return names.some((n) => n !== '' && n !== 'lo' && !n.startsWith('veth')) ? undefined : 'no interface';
  }
  if (name.startsWith('filesystem.')) {
    return proc('mounts')
      .split('\n')
      .some((l) => l.startsWith('/dev/'))
      ? undefined
      : 'no /dev/ filesystem';
  }
  return undefined;
}
