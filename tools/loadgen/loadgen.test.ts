import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { uncompress } from 'snappyjs';
import { generateMix } from '../prometheus-peer/mix-data.ts';
import { encodeWriteRequest } from '../prometheus-peer/remote-write.ts';
import { byHost, mackerelBody, mackerelName, remoteWriteBody } from './agent-batch.ts';
import { summarizeProfile } from './cpu-profile.ts';
import { closedLoop, openLoop } from './drive.ts';
import { KeepAliveClient } from './keep-alive-client.ts';
import { LatencyRecorder } from './latency.ts';
import { parseMachineBusy, parseProcStat } from './process-cpu.ts';
import { decodeMappings } from './tsx-source-lines.ts';

test('LatencyRecorder gives nearest-rank percentiles over every value recorded', () => {
  const rec = new LatencyRecorder();
  assert.throws(() => rec.summary(), /no latencies/);
  // 1..2000 in a scrambled order, past the initial capacity of 1024.
  for (let i = 0; i < 2000; i++) rec.record(((i * 7919) % 2000) + 1);
  const s = rec.summary();
  assert.equal(s.count, 2000);
  assert.equal(s.meanMs, 1000.5);
  assert.equal(s.p50Ms, 1000);
  assert.equal(s.p90Ms, 1800);
  assert.equal(s.p99Ms, 1980);
  assert.equal(s.p999Ms, 1998);
  assert.equal(s.maxMs, 2000);
  // Numeric order, not string order: 9 < 10 < 100.
  const small = new LatencyRecorder();
  for (const v of [100, 9, 10]) small.record(v);
  assert.deepEqual([small.summary().p50Ms, small.summary().maxMs], [10, 100]);
});

test('mackerelBody is the agent batch: one item per metric and minute, times in epoch seconds', () => {
  const data = generateMix({ series: 200, startMs: Date.UTC(2024, 0, 1, 0, 0, 30), count: 3 });
  const hosts = byHost(data);
  assert.equal(hosts.length, 2);
  const host = hosts[1] as (typeof hosts)[number];
  assert.equal(host[0]?.series.labels.host, 'host1');
  const items = JSON.parse(mackerelBody('abcDEF123', host, 1)) as {
    hostId: string;
    name: string;
    time: number;
    value: number;
  }[];
  assert.equal(items.length, 100);
  assert.equal(new Set(items.map((it) => it.name)).size, 100, 'each metric once');
  items.forEach((it, k) => {
    const d = host[k] as (typeof host)[number];
    assert.equal(it.hostId, 'abcDEF123');
    assert.equal(it.name, mackerelName(d.series.name));
    assert.match(it.name, /^[a-zA-Z0-9._-]+$/);
    assert.equal(it.time, (d.samples.ts[1] as number) / 1000);
    assert.ok(Number.isInteger(it.time));
    assert.equal(it.value, d.samples.vs[1]);
  });
  // Several minutes: minute by minute, every metric within each.
  const two = JSON.parse(mackerelBody('h', host, 0, 2)) as { name: string; time: number }[];
  assert.equal(two.length, 200);
  assert.equal(two[100]?.name, two[0]?.name);
  assert.ok((two[100]?.time as number) > (two[0]?.time as number));
  assert.equal(mackerelName('interface_eth0_rxBytes_3'), 'interface.eth0.rxBytes.3');
});

test('remoteWriteBody is the same samples as a snappy WriteRequest labelled {__name__, host}', () => {
  const host = byHost(generateMix({ series: 100, startMs: Date.UTC(2024, 0, 1), count: 2 }))[0] ?? [];
  const got = uncompress(remoteWriteBody('abc', host, 1));
  const want = encodeWriteRequest(
    host.map((d) => ({
      labels: { __name__: d.series.name, host: 'abc' },
      ts: [d.samples.ts[1] as number],
      vs: [d.samples.vs[1] as number],
    })),
  );
  assert.deepEqual(got, want);
});

test('parseProcStat reads utime and stime past a command name with spaces and parentheses', () => {
  const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
  fields[0] = 'S';
  fields[11] = '1234'; // field 14, utime
  fields[12] = '56'; // field 15, stime
  const cpu = parseProcStat(`4242 (node (a) b) ${fields.join(' ')}\n`);
  assert.deepEqual(cpu, { user: 12.34, system: 0.56 });
  assert.throws(() => parseProcStat('garbage'), /not a \/proc/);
});

test('parseMachineBusy counts user, nice, system, irq and softirq but not idle, iowait or steal', () => {
  const stat = 'cpu  100 20 30 5000 400 6 7 800 0 0\ncpu0 50 10 15 2500 200 3 3 400 0 0\nintr 1 2 3\n';
  assert.equal(parseMachineBusy(stat), (100 + 20 + 30 + 6 + 7) / 100);
});

test('summarizeProfile sums self time per function and file, idle apart', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({
    functionName,
    url,
    lineNumber,
    columnNumber: 0,
  });
  const summary = summarizeProfile(
    {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('append', 'file:///repo/packages/tsdb/src/head.ts', 9) },
        { id: 3, callFrame: frame('', 'file:///repo/packages/tsdb/src/head.ts', 40) },
        { id: 4, callFrame: frame('(garbage collector)', '') },
        { id: 5, callFrame: frame('parse', 'file:///repo/node_modules/@scope/pkg/dist/x.js', 0) },
      ],
      samples: [1, 2, 3, 2, 4, 5],
      startTime: 1_000_000,
      timeDeltas: [5000, 3000, 1000, 3000, 2000, 1000],
    },
    { root: '/repo' },
  );
  assert.equal(summary.idleMs, 5);
  assert.equal(summary.busyMs, 10);
  assert.deepEqual(summary.functions[0], { name: 'append packages/tsdb/src/head.ts:10', ms: 6, share: 0.6 });
  assert.deepEqual(
    summary.files.map((f) => [f.name, f.ms]),
    [
      ['packages/tsdb/src/head.ts', 7],
      ['(garbage collector)', 2],
      ['npm:@scope/pkg', 1],
    ],
  );
  // Samples at 1,005,000 .. 1,015,000 µs; a window keeps those inside it.
  const profile = {
    nodes: [{ id: 2, callFrame: frame('append', 'file:///repo/a.ts') }],
    samples: [2, 2, 2],
    startTime: 1_000_000,
    timeDeltas: [5000, 5000, 5000],
  };
  assert.equal(summarizeProfile(profile, { root: '/repo', window: { fromUs: 1_006_000, toUs: 1_015_000 } }).busyMs, 10);
  // Positions in transformed code are named by their source line when a map knows them.
  const mapped = summarizeProfile(profile, {
    root: '/repo',
    sourceLine: (path, line, col) => (path === '/repo/a.ts' && line === 0 && col === 0 ? 42 : undefined),
  });
  assert.equal(mapped.functions[0]?.name, 'append a.ts:42');
});

test('closedLoop keeps each worker in order; openLoop counts latency from the planned start', async () => {
  const seen: string[][] = [[], []];
  const closed = await closedLoop(2, function* (w) {
    for (let i = 0; i < 3; i++) yield async () => void seen[w]?.push(`${w}:${i}`);
  });
  assert.equal(closed.requests, 6);
  assert.equal(closed.latency.count, 6);
  assert.deepEqual(seen, [
    ['0:0', '0:1', '0:2'],
    ['1:0', '1:1', '1:2'],
  ]);
  // An open loop starts each request on schedule without waiting for earlier ones: here no request
  // ends until all four have started (or a second has passed, so that a closed loop fails rather than hangs).
  let started = 0;
  let finished = 0;
  const finishedAtStart: number[] = [];
  let openGate: () => void = () => {};
  const gate = new Promise<void>((r) => {
    openGate = r;
  });
  const fallback = setTimeout(openGate, 1000);
  const open = await openLoop(4, 5, async () => {
    finishedAtStart.push(finished);
    if (++started === 4) openGate();
    await gate;
    await new Promise((r) => setTimeout(r, 30));
    finished++;
  });
  clearTimeout(fallback);
  assert.deepEqual(finishedAtStart, [0, 0, 0, 0]);
  assert.equal(open.latency.count, 4);
  // The first request waits for the other three (15 ms of schedule at least), then 30 ms more;
  // Node timers may fire a millisecond early, so the bound allows a few.
  assert.ok(open.latency.summary().maxMs >= 40, `max latency ${open.latency.summary().maxMs} ms`);
});

test('KeepAliveClient reuses its connections and reports non-2xx answers', async () => {
  const sockets = new Set<unknown>();
  const server = createServer((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      res.writeHead(req.url === '/bad' ? 400 : 200, { 'content-type': 'text/plain' });
      res.end(`${req.method} ${req.headers['x-api-key']} ${body.length}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = new KeepAliveClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 2, {
    'x-api-key': 'k',
  });
  try {
    for (let i = 0; i < 5; i++) {
      const r = await client.ok('POST', '/ok', Buffer.from('hello'));
      assert.equal(r.body, 'POST k 5');
    }
    const many = await Promise.all(Array.from({ length: 10 }, () => client.send('GET', '/ok')));
    assert.ok(many.every((r) => r.status === 200));
    assert.ok(sockets.size <= 2, `${sockets.size} connections for 2 allowed`);
    await assert.rejects(client.ok('POST', '/bad', 'x'), /HTTP 400: POST k 1/);
  } finally {
    client.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('decodeMappings reads source map VLQ segments with running sums', () => {
  // "AAAA,IAAI;AACA": line 0 has (0,0,0,0) and (4,0,0,4); line 1 has (0,0,1,4).
  assert.deepEqual(decodeMappings('AAAA,IAAI;AACA'), [
    [
      [0, 0, 0, 0],
      [4, 0, 0, 4],
    ],
    [[0, 0, 1, 4]],
  ]);
  // Multi-digit and negative values: "gBAAjB" is 16, 0, 0, -17.
  assert.deepEqual(decodeMappings('gBAAjB'), [[[16, 0, 0, -17]]]);
});
