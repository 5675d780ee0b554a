// remote_write ingest, Saba next to Prometheus 2.42's own receiver, in one run:
//   node --import tsx tools/prometheus-peer/remote-write.bench.ts        (~40 s)
// The same WriteRequests go to both servers over HTTP on loopback: 100,000 series of the host mix
// (tools/datagen/mix.ts: `__name__` plus host, service and kind labels), one sample per series
// per round, in requests of 2,000 samples (Prometheus's default max_samples_per_send), snappy
// block-compressed, over 10 keep-alive connections (Prometheus's shards). Round 0 creates the
// series, two more warm up, then TIMED_ROUNDS are timed. Figure: samples accepted per CPU-second
// of the server process (/proc/<pid>/stat, every thread), counted by each server's own counter.
// SABA_BENCH_CPU_PROF=<dir> runs Saba with --cpu-prof and prints where its CPU went.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress } from 'snappyjs';
import { monotonicUs, readProfiles, summarizeProfile } from '../loadgen/cpu-profile.ts';
import { closedLoop } from '../loadgen/drive.ts';
import { KeepAliveClient } from '../loadgen/keep-alive-client.ts';
import { type CpuWindow, startCpuWindow } from '../loadgen/process-cpu.ts';
import { REPO_ROOT, startSaba } from '../loadgen/server-process.ts';
import { tsxSourceLines } from '../loadgen/tsx-source-lines.ts';
import { generateMix, promLabels, type SeriesData } from './mix-data.ts';
import { encodeWriteRequest, REMOTE_WRITE_HEADERS } from './remote-write.ts';
import { sumOf } from './replay.ts';
import { metric, prometheusInstalled, scrapeMetrics, startPrometheus } from './server.ts';

const SERIES = 100_000;
const PER_REQUEST = 2_000;
const CONNECTIONS = 10;
const WARMUP_ROUNDS = 3;
const TIMED_ROUNDS = 30;
const INTERVAL_MS = 15_000;
const API_KEY = 'bench-key-remote-write-0123';
const profileDir = process.env.SABA_BENCH_CPU_PROF;

/** Every request of round `r`: consecutive runs of PER_REQUEST series, one sample each, compressed. */
function roundBodies(mix: readonly SeriesData[], r: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < mix.length; i += PER_REQUEST) {
    const part = mix.slice(i, i + PER_REQUEST).map((d) => ({
      labels: promLabels(d.series),
      ts: d.samples.ts,
      vs: d.samples.vs,
      from: r,
      to: r + 1,
    }));
    out.push(compress(encodeWriteRequest(part)));
  }
  return out;
}

interface Run {
  readonly samples: number;
  readonly cpu: CpuWindow;
  readonly window: { fromUs: number; toUs: number };
}

/** Sends the warm-up rounds, then times the others; checks every sample was accepted. */
async function drive(
  pid: number,
  rounds: readonly Uint8Array[][],
  send: (body: Uint8Array) => Promise<unknown>,
  appended: () => Promise<number>,
): Promise<Run> {
  const play = (from: number, to: number) =>
    closedLoop(CONNECTIONS, function* (w) {
      // Each connection keeps its share of series in time order, as a Prometheus shard does.
      for (let r = from; r < to; r++) {
        const bodies = rounds[r] as Uint8Array[];
        for (let i = w; i < bodies.length; i += CONNECTIONS) {
          const body = bodies[i] as Uint8Array;
          yield () => send(body);
        }
      }
    });
  await play(0, WARMUP_ROUNDS);
  const before = await appended();
  const fromUs = monotonicUs();
  const end = startCpuWindow(pid);
  await play(WARMUP_ROUNDS, WARMUP_ROUNDS + TIMED_ROUNDS);
  const cpu = end();
  const window = { fromUs, toUs: monotonicUs() };
  const samples = (await appended()) - before;
  if (samples !== TIMED_ROUNDS * SERIES) throw new Error(`accepted ${samples} of ${TIMED_ROUNDS * SERIES} samples`);
  return { samples, cpu, window };
}

function report(name: string, r: Run): number {
  const rate = r.samples / r.cpu.serverS;
  console.log(
    `${name}: ${Math.round(rate).toLocaleString('en-US')} samples per server CPU-second (${r.samples} samples, server ${r.cpu.serverS.toFixed(2)} CPU-s of which kernel ${r.cpu.serverSystemS.toFixed(2)}, load generator ${r.cpu.clientS.toFixed(2)}, other programs ${r.cpu.otherS.toFixed(2)}, ${r.cpu.wallS.toFixed(1)} s wall, ${Math.round(r.samples / r.cpu.wallS).toLocaleString('en-US')} samples/s wall)`,
  );
  return rate;
}

async function main(): Promise<void> {
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`);
  const startMs = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
  const mix = generateMix({ series: SERIES, startMs, count: WARMUP_ROUNDS + TIMED_ROUNDS, intervalMs: INTERVAL_MS });
  const rounds = Array.from({ length: WARMUP_ROUNDS + TIMED_ROUNDS }, (_, r) => roundBodies(mix, r));
  const bytes = rounds[WARMUP_ROUNDS]?.reduce((n, b) => n + b.length, 0) ?? 0;
  console.log(
    `requests: ${rounds[0]?.length} per round of ${SERIES} samples, ${Math.round(bytes / (rounds[0]?.length ?? 1))} bytes each compressed`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'saba-rw-bench-'));
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const saba = await startSaba({
    dataDir,
    apiKey: API_KEY,
    execArgv: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  let sabaRate: number;
  let window: Run['window'];
  const client = new KeepAliveClient(saba.url, CONNECTIONS, { ...REMOTE_WRITE_HEADERS, 'x-api-key': API_KEY });
  try {
    const run = await drive(
      saba.pid,
      rounds,
      (body) => client.ok('POST', '/api/v1/write', body),
      async () => metric(await scrapeMetrics(saba.url), 'saba_tsdb_samples_appended_total'),
    );
    sabaRate = report('saba', run);
    window = run.window;
  } finally {
    client.close();
    await saba.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const stoppedAt = Date.now();
  if (prometheusInstalled()) {
    const dir = mkdtempSync(join(tmpdir(), 'saba-rw-bench-prom-'));
    const prom = await startPrometheus({ storageDir: dir, flags: ['--web.enable-remote-write-receiver'] });
    const pc = new KeepAliveClient(prom.url, CONNECTIONS, REMOTE_WRITE_HEADERS);
    try {
      const run = await drive(
        prom.pid,
        rounds,
        (body) => pc.ok('POST', '/api/v1/write', body),
        async () => sumOf(await scrapeMetrics(prom.url), 'prometheus_tsdb_head_samples_appended_total'),
      );
      const promRate = report('prometheus 2.42', run);
      console.log(`saba / prometheus samples per server CPU-second: ${(sabaRate / promRate).toFixed(2)}`);
    } finally {
      pc.close();
      await prom.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    console.log('prometheus: not installed (apt-get install prometheus); no side-by-side figure');
  }
  if (profileDir !== undefined) {
    const sourceLine = tsxSourceLines(stoppedAt);
    for (const { threadId, profile } of readProfiles(profileDir, saba.pid)) {
      if (threadId !== 0) continue;
      const p = summarizeProfile(profile, { root: REPO_ROOT, sourceLine, window });
      console.log(`\nsaba main thread, timed rounds: ${Math.round(p.busyMs)} ms busy`);
      for (const f of p.functions.slice(0, 25)) console.log(`  ${(100 * f.share).toFixed(1).padStart(5)} %  ${f.name}`);
      console.log('by file:');
      for (const f of p.files.slice(0, 15)) console.log(`  ${(100 * f.share).toFixed(1).padStart(5)} %  ${f.name}`);
    }
  }
}

await main();
