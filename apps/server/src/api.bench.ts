// The server under an agent fleet, over HTTP on loopback, with Prometheus 2.42 side by side:
//   node --import tsx apps/server/src/api.bench.ts      (~2 min on an idle machine, ~3 when shared)
// 1. POST /api/v0/tsdb: 1,000 hosts × 100 metrics, one sample per series per post (one host's
//    minute), 100 keep-alive connections as fast as answers come. Figure: samples accepted per
//    CPU-second of the server process (/proc/<pid>/stat: every thread, fsync and GC included).
//    Prometheus gets the same samples by remote write (snappy protobuf, one host's minute per
//    request, same hosts, series, order and connections) in the same run, measured the same way.
// 2. POST latency at the steady load of 1,000 hosts posting once a minute, open loop.
// 3. GET /api/v0/hosts/<id>/metrics over 24 h of one metric (posted as history): latency, one
//    request at a time.
// SABA_BENCH_CPU_PROF=<dir> runs the server with --cpu-prof and prints where its CPU went;
// SABA_BENCH_ONLY=throughput runs the POST throughput only (a profile of just that path).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { print, printMachine, printPrometheusVersion } from '../../../packages/tsdb/src/bench/report.ts';
import { HEAD_CHUNK_SAMPLES } from '../../../packages/tsdb/src/head/mem-series.ts';
import { byHost, mackerelBody, mackerelName, remoteWriteBody } from '../../../tools/loadgen/agent-batch.ts';
import { type ClockWindow, monotonicUs, readProfiles, summarizeProfile } from '../../../tools/loadgen/cpu-profile.ts';
import { closedLoop, type DriveResult, openLoop } from '../../../tools/loadgen/drive.ts';
import { KeepAliveClient } from '../../../tools/loadgen/keep-alive-client.ts';
import { LatencyRecorder, type LatencySummary } from '../../../tools/loadgen/latency.ts';
import { registerHosts } from '../../../tools/loadgen/mackerel-hosts.ts';
import { type CpuWindow, startCpuWindow } from '../../../tools/loadgen/process-cpu.ts';
import { REPO_ROOT, startSaba } from '../../../tools/loadgen/server-process.ts';
import { tsxSourceLines } from '../../../tools/loadgen/tsx-source-lines.ts';
import { generateMix, type SeriesData } from '../../../tools/prometheus-peer/mix-data.ts';
import { REMOTE_WRITE_HEADERS } from '../../../tools/prometheus-peer/remote-write.ts';
import { sumOf } from '../../../tools/prometheus-peer/replay.ts';
import {
  metric,
  PROMETHEUS_BIN,
  prometheusInstalled,
  scrapeMetrics,
  startPrometheus,
} from '../../../tools/prometheus-peer/server.ts';

const HOSTS = 1_000;
const METRICS = 100; // the mix puts 100 series on each host
// 100 connections: mid-range of the 50–200 posts a fleet has in flight; 10 hosts per connection.
const CONNECTIONS = 100;
// Round 0 creates the 100k series (by labels, host lookups); two more let V8 optimise the path.
const WARMUP_ROUNDS = 3;
// One head chunk of rounds (16 = 1.6 M samples, ~5 s of server CPU: a 10 ms tick is 0.2 %):
// each series closes exactly one chunk in the window, the steady state's share of that work.
const TIMED_ROUNDS = HEAD_CHUNK_SAMPLES;
// The steady load: each host posts once a minute, posts spread evenly over the minute. Three
// simulated minutes run in one real minute (3,000 posts for the p99): 50 posts/s, 3 × the
// realistic 16.7/s, so the figure is if anything pessimistic.
const LATENCY_MINUTES = 3;
const TIME_COMPRESSION = 3;
// 24 h of one-minute history for 10 more hosts, posted an hour (6,000 values) at a time.
const HISTORY_HOSTS = 10;
const HISTORY_MINUTES = 1_433; // the first sample stays > now - 24 h + 5 min, jitter included
const HISTORY_POST_MINUTES = 60;
const GET_RUNS = 200;
const GET_WARMUP = 20;
const API_KEY = 'bench-key-0123456789';
const MIN = 60_000;

const TARGET_SAMPLES_PER_CPU_S = 350_000;
const TARGET_POST_P99_MS = 50;
const TARGET_GET_MEDIAN_MS = 10;

const profileDir = process.env.SABA_BENCH_CPU_PROF;
const onlyThroughput = process.env.SABA_BENCH_ONLY === 'throughput';

/** One line of the closing table: figure, Saba, Prometheus, target, whether it is met. */
type Row = [figure: string, saba: string, prometheus: string, target: string, met: boolean | undefined];
const summary: Row[] = [];

/** Samples accepted over the timed rounds, the CPU they cost, and the latencies seen. */
interface Throughput {
  readonly samples: number;
  readonly cpu: CpuWindow;
  readonly result: DriveResult;
  /** The timed rounds on the monotonic clock, to cut them out of a server profile. */
  readonly window: ClockWindow;
}

/** Spans of the run whose server profile is printed, when profiling. */
const profileWindows: [string, ClockWindow][] = [];
/** When the Saba child exited: tsx's cache entries written later are not the code it ran. */
let sabaStoppedAt = Date.now();
/** The Saba child's pid, which names its profiles. */
let sabaPid = -1;

const fmt = (v: number, digits = 0): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printLatency(name: string, s: LatencySummary): void {
  const ms = (v: number): string => `${v.toFixed(2)} ms`;
  console.log(
    `${name}: p50 ${ms(s.p50Ms)}, p90 ${ms(s.p90Ms)}, p99 ${ms(s.p99Ms)}, p99.9 ${ms(s.p999Ms)}, max ${ms(s.maxMs)} (${s.count} requests)`,
  );
}

/** Prints who used the CPU; for a Node server also how much of its CPU is the main (JavaScript) thread. */
function printCpu(name: string, c: CpuWindow, node: boolean): void {
  const share = (v: number): string => `${((100 * v) / c.serverS).toFixed(0)} %`;
  const threads = node
    ? `main thread ${share(c.serverMainS)}, other threads (libuv pool: fs, fsync; V8 GC and compiler) ${share(c.serverS - c.serverMainS)}; `
    : '';
  console.log(`${name}: server ${threads}kernel time ${share(c.serverSystemS)}`);
  console.log(
    `${name}: server ${c.serverS.toFixed(2)} CPU-s, load generator ${c.clientS.toFixed(2)} CPU-s, other programs ${c.otherS.toFixed(2)} CPU-s over ${c.wallS.toFixed(1)} s wall on ${cpus().length} cores`,
  );
}

/** Posts of rounds [from, to) that connection `w` sends: its hosts' minutes, in time order. */
function* rounds(w: number, from: number, to: number, post: (host: number, round: number) => () => Promise<unknown>) {
  for (let r = from; r < to; r++) for (let h = w; h < HOSTS; h += CONNECTIONS) yield post(h, r);
}

/**
 * Warms up, then times rounds of one sample per series. The timed rounds' bodies are built
 * before the clock starts: a real fleet encodes on its own machines, and here the load generator
 * shares two cores with the server (encoding a remote-write body costs it ~0.7 ms).
 */
async function measureThroughput(
  pid: number,
  appended: () => Promise<number>,
  build: (host: number, round: number) => Uint8Array,
  send: (body: Uint8Array) => Promise<unknown>,
): Promise<Throughput> {
  await closedLoop(CONNECTIONS, (w) =>
    rounds(w, 0, WARMUP_ROUNDS, (h, r) => {
      const body = build(h, r);
      return () => send(body);
    }),
  );
  const bodies: Uint8Array[][] = [];
  for (let r = WARMUP_ROUNDS; r < WARMUP_ROUNDS + TIMED_ROUNDS; r++) {
    bodies.push(Array.from({ length: HOSTS }, (_, h) => build(h, r)));
  }
  const before = await appended();
  const fromUs = monotonicUs();
  const end = startCpuWindow(pid);
  const result = await closedLoop(CONNECTIONS, (w) =>
    rounds(w, WARMUP_ROUNDS, WARMUP_ROUNDS + TIMED_ROUNDS, (h, r) => {
      const body = bodies[r - WARMUP_ROUNDS]?.[h] as Uint8Array;
      return () => send(body);
    }),
  );
  const cpu = end();
  const window = { fromUs, toUs: monotonicUs() };
  const samples = (await appended()) - before;
  const expected = TIMED_ROUNDS * HOSTS * METRICS;
  if (samples !== expected) throw new Error(`the server accepted ${samples} of ${expected} samples`);
  return { samples, cpu, result, window };
}

function printThroughput(name: 'saba' | 'prometheus', t: Throughput): void {
  print(`${name} POST throughput: per server CPU-second`, t.samples / t.cpu.serverS, 'samples/CPU-s', 0);
  print(`${name} POST throughput: wall`, t.samples / t.cpu.wallS, 'samples/s', 0);
  printCpu(`${name} CPU during the timed rounds`, t.cpu, name === 'saba');
  printLatency(`${name} POST latency at ${CONNECTIONS} connections, closed loop`, t.result.latency.summary());
}

async function prometheusRun(hosts: readonly SeriesData[][], ids: readonly string[]): Promise<Throughput> {
  const dir = mkdtempSync(join(tmpdir(), 'saba-api-bench-prom-'));
  const prom = await startPrometheus({ storageDir: dir, flags: ['--web.enable-remote-write-receiver'] });
  const client = new KeepAliveClient(prom.url, CONNECTIONS, REMOTE_WRITE_HEADERS);
  try {
    return await measureThroughput(
      prom.pid,
      async () => sumOf(await scrapeMetrics(prom.url), 'prometheus_tsdb_head_samples_appended_total'),
      (h, r) => remoteWriteBody(ids[h] as string, hosts[h] as SeriesData[], r),
      (body) => client.ok('POST', '/api/v1/write', body),
    );
  } finally {
    client.close();
    await prom.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Times GETs of 24 h of one metric of the history hosts, one at a time, checking each answer. */
async function timeGets(client: KeepAliveClient, ids: readonly string[], history: readonly SeriesData[][]) {
  const rec = new LatencyRecorder();
  const to = Math.floor(Date.now() / 1000);
  const from = to - 86_400;
  let points = 0;
  for (let i = -GET_WARMUP; i < GET_RUNS; i++) {
    const k = i + GET_WARMUP;
    const h = k % ids.length;
    const series = (history[h] as SeriesData[])[Math.floor(k / ids.length) % METRICS] as SeriesData;
    const path = `/api/v0/hosts/${ids[h]}/metrics?name=${mackerelName(series.series.name)}&from=${from}&to=${to}`;
    const t0 = performance.now();
    const r = await client.ok('GET', path);
    const ms = performance.now() - t0;
    points = (JSON.parse(r.body) as { metrics: unknown[] }).metrics.length;
    // 24 h comes back as 5-minute means: 288 buckets, one or two fewer at the edges.
    if (points < 280) throw new Error(`GET ${path} gave ${points} points`);
    if (i >= 0) rec.record(ms);
  }
  return { latency: rec.summary(), points };
}

/**
 * The Saba side, with Prometheus's throughput run right after Saba's so that the two are
 * measured as close together as they can be (the machine may be shared).
 */
async function run(hosts: readonly SeriesData[][]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'saba-api-bench-'));
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const server = await startSaba({
    dataDir,
    apiKey: API_KEY,
    execArgv: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  sabaPid = server.pid;
  const client = new KeepAliveClient(server.url, CONNECTIONS, {
    'x-api-key': API_KEY,
    'content-type': 'application/json',
  });
  const sabaMetric = async (name: string) => metric(await scrapeMetrics(server.url), name);
  try {
    print('saba start until listening', server.readyMs, 'ms', 0);
    const names = Array.from({ length: HOSTS + HISTORY_HOSTS }, (_, i) => `host-${String(i + 1).padStart(4, '0')}`);
    const t0 = performance.now();
    const ids = await registerHosts(client, names);
    print(`saba POST /api/v0/hosts × ${names.length}, 20 at a time`, performance.now() - t0, 'ms', 0);

    const post = (body: Uint8Array) => client.ok('POST', '/api/v0/tsdb', body);
    const throughput = await measureThroughput(
      server.pid,
      () => sabaMetric('saba_tsdb_samples_appended_total'),
      (h, r) => Buffer.from(mackerelBody(ids[h] as string, hosts[h] as SeriesData[], r)),
      post,
    );
    printThroughput('saba', throughput);
    profileWindows.push(['the timed POST throughput rounds', throughput.window]);
    if (!prometheusInstalled()) {
      console.log(
        `prometheus: not installed at ${PROMETHEUS_BIN} (apt-get install prometheus); no side-by-side figure`,
      );
    } else if (!(onlyThroughput && profileDir !== undefined)) {
      // The Saba host ids as `host` labels: both engines hold series of the same label lengths.
      const prom = await prometheusRun(hosts, ids);
      printThroughput('prometheus', prom);
      const sabaRate = throughput.samples / throughput.cpu.serverS;
      const promRate = prom.samples / prom.cpu.serverS;
      print('saba / prometheus samples per server CPU-second', sabaRate / promRate, '', 2);
      summary.push(
        [
          `POST samples per server CPU-s (${CONNECTIONS} conns)`,
          fmt(sabaRate),
          fmt(promRate),
          `>= ${fmt(TARGET_SAMPLES_PER_CPU_S)}`,
          sabaRate >= TARGET_SAMPLES_PER_CPU_S,
        ],
        ['ratio saba / prometheus', (sabaRate / promRate).toFixed(2), '', '', undefined],
      );
    }
    if (onlyThroughput) return;

    // The steady load. Host h posts minute m at (m * HOSTS + h) / rate, so each host's posts are
    // one (compressed) minute apart and every minute's posts are spread evenly over it.
    const intervalMs = MIN / HOSTS / TIME_COMPRESSION;
    const steadyBodies = Array.from({ length: LATENCY_MINUTES * HOSTS }, (_, i) => {
      const h = i % HOSTS;
      const r = WARMUP_ROUNDS + TIMED_ROUNDS + Math.floor(i / HOSTS);
      return Buffer.from(mackerelBody(ids[h] as string, hosts[h] as SeriesData[], r));
    });
    const steadyFromUs = monotonicUs();
    const endSteady = startCpuWindow(server.pid);
    const steady = await openLoop(steadyBodies.length, intervalMs, (i) =>
      post(steadyBodies[i] as Buffer).then(() => {}),
    );
    const steadyCpu = endSteady();
    profileWindows.push(['the steady load', { fromUs: steadyFromUs, toUs: monotonicUs() }]);
    const steadyLatency = steady.latency.summary();
    const rate = `${(1000 / intervalMs).toFixed(1)} posts/s`;
    printLatency(
      `saba POST latency at ${HOSTS} hosts × ${METRICS} metrics/min (${LATENCY_MINUTES} min compressed ${TIME_COMPRESSION}×: ${rate}), open loop`,
      steadyLatency,
    );
    printCpu('saba CPU during the steady load', steadyCpu, true);

    // 24 h of history for the extra hosts, each host's hours in time order.
    const histIds = ids.slice(HOSTS);
    const histStart = Math.floor(Date.now() / MIN) * MIN - (HISTORY_MINUTES + 1) * MIN;
    const history = byHost(
      generateMix({ series: HISTORY_HOSTS * METRICS, startMs: histStart, count: HISTORY_MINUTES, seed: 2 }),
    );
    const histSamples = HISTORY_HOSTS * METRICS * HISTORY_MINUTES;
    const before = await sabaMetric('saba_tsdb_samples_appended_total');
    const endPreload = startCpuWindow(server.pid);
    await closedLoop(HISTORY_HOSTS, function* (w) {
      for (let m = 0; m < HISTORY_MINUTES; m += HISTORY_POST_MINUTES) {
        const to = Math.min(m + HISTORY_POST_MINUTES, HISTORY_MINUTES);
        const body = Buffer.from(mackerelBody(histIds[w] as string, history[w] as SeriesData[], m, to));
        yield () => post(body);
      }
    });
    const preloadCpu = endPreload();
    const stored = (await sabaMetric('saba_tsdb_samples_appended_total')) - before;
    if (stored !== histSamples) throw new Error(`history: the server accepted ${stored} of ${histSamples} samples`);
    const label = `${HISTORY_HOSTS} hosts × ${METRICS} metrics × 24 h in posts of ${HISTORY_POST_MINUTES * METRICS} values`;
    print(`saba preload ${label}: per server CPU-second`, histSamples / preloadCpu.serverS, 'samples/CPU-s', 0);
    print(`saba preload ${label}: wall`, histSamples / preloadCpu.wallS, 'samples/s', 0);

    // The history stays in the head: the server cuts a 2 h window into a block once, an hour
    // after it ends, and samples arriving later for windows already cut wait in the head for the
    // next window to end (packages/tsdb/src/maintenance.ts, cutHead).
    const blocks1 = await sabaMetric('saba_tsdb_blocks');
    const gets = await timeGets(client, histIds, history);
    const blocks2 = await sabaMetric('saba_tsdb_blocks');
    const where = blocks2 === blocks1 ? 'in the head' : `maintenance cut blocks meanwhile: ${blocks1} -> ${blocks2}`;
    printLatency(`saba GET 24 h of one metric (${gets.points} points), ${where}`, gets.latency);

    summary.push(
      [
        `POST p99, ${HOSTS} hosts × ${METRICS} metrics/min`,
        `${steadyLatency.p99Ms.toFixed(1)} ms`,
        '',
        `< ${TARGET_POST_P99_MS} ms`,
        steadyLatency.p99Ms < TARGET_POST_P99_MS,
      ],
      [
        'GET 24 h of one metric, median',
        `${gets.latency.p50Ms.toFixed(2)} ms`,
        '',
        `< ${TARGET_GET_MEDIAN_MS} ms`,
        gets.latency.p50Ms < TARGET_GET_MEDIAN_MS,
      ],
    );
  } finally {
    client.close();
    const code = await server.stop();
    sabaStoppedAt = Date.now();
    if (code !== 0) console.log(`saba exited with ${code}:\n${server.log().split('\n').slice(-20).join('\n')}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printSummary(rows: readonly Row[]): void {
  const head: Row = ['figure', 'saba', 'prometheus 2.42', 'target', undefined];
  const cells = [head, ...rows].map((r) => [
    r[0],
    r[1],
    r[2],
    r[3],
    r[4] === undefined ? '' : r[4] ? 'met' : 'NOT met',
  ]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...cells.map((r) => (r[c] as string).length)));
  console.log('');
  for (const r of cells) console.log(r.map((v, c) => (c < 4 ? v.padEnd(widths[c] as number) : v)).join('  '));
}

printMachine(
  `${HOSTS} hosts × ${METRICS} mix metrics, ${CONNECTIONS} keep-alive connections, ${TIMED_ROUNDS} timed rounds of one sample per series after ${WARMUP_ROUNDS} warm-up rounds`,
);
if (prometheusInstalled()) printPrometheusVersion(PROMETHEUS_BIN);
// Minute-spaced samples ending two minutes ago: throughput rounds, then the steady-load minutes.
const liveMinutes = WARMUP_ROUNDS + TIMED_ROUNDS + LATENCY_MINUTES;
const liveStart = Math.floor(Date.now() / MIN) * MIN - (liveMinutes + 1) * MIN;
const hosts = byHost(generateMix({ series: HOSTS * METRICS, startMs: liveStart, count: liveMinutes }));
await run(hosts);
printSummary(summary);
console.log(
  'note: saba fsyncs each group commit (SABA_FSYNC=batch, its default); prometheus 2.42 fsyncs its WAL only as it closes a segment',
);

if (profileDir !== undefined) printProfiles(profileDir, sabaPid);

/** Where the server's CPU went: per span, the main thread's top functions and files, then the other threads. */
function printProfiles(dir: string, pid: number): void {
  const threads = readProfiles(dir, pid);
  const sourceLine = tsxSourceLines(sabaStoppedAt);
  const line = (f: { share: number; ms: number; name: string }): string =>
    `  ${(100 * f.share).toFixed(1).padStart(5)} %  ${fmt(f.ms).padStart(7)} ms  ${f.name}`;
  for (const [name, window] of [['the whole run', undefined] as const, ...profileWindows]) {
    const opts = { root: REPO_ROOT, sourceLine, ...(window === undefined ? {} : { window }) };
    for (const { threadId, profile } of threads) {
      const p = summarizeProfile(profile, opts);
      const head = `saba server CPU profile (${dir}), ${name}, thread ${threadId}${threadId === 0 ? ' (main)' : ''}`;
      console.log(`\n${head}: ${fmt(p.busyMs)} ms busy, ${fmt(p.idleMs)} ms idle`);
      const top = threadId === 0 ? 30 : 5;
      console.log('self time by function:');
      for (const f of p.functions.slice(0, top)) console.log(line(f));
      console.log('self time by file:');
      for (const f of p.files.slice(0, top === 30 ? 20 : 5)) console.log(line(f));
    }
  }
}
