// PromQL over HTTP, Saba's /api/v1/query_range next to Prometheus 2.42's, in one run:
//   node --import tsx tools/prometheus-peer/query.bench.ts        (~2 min)
// Both servers run side by side and get the same data by remote_write (Prometheus with
// --web.enable-remote-write-receiver): 100 gauges and 200 counters, a sample every 60 s for
// 24 h 10 min (30 s past each minute, so no sample sits on a window's edge, where 2.42's closed
// windows and Saba's left-open ones would differ). Three queries over the same 24 h at step 60 s,
// timed from request to whole body, interleaved Saba / Prometheus run by run, medians reported;
// every answer is checked for its series and points. Before that, on the idle servers, 50,000 new
// series of one sample each go to both, and each process's RSS growth per series is reported.
// SABA_BENCH_CPU_PROF=<dir> runs Saba with --cpu-prof and prints where its CPU went.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compress } from 'snappyjs';
import { monotonicUs, readProfiles, summarizeProfile } from '../loadgen/cpu-profile.ts';
import { REPO_ROOT, startSaba } from '../loadgen/server-process.ts';
import { tsxSourceLines } from '../loadgen/tsx-source-lines.ts';
import { fetchQueryRange, parseMatrix, percentile, type RangeQuery } from './query.ts';
import { encodeWriteRequest, REMOTE_WRITE_HEADERS, type WriteSeries } from './remote-write.ts';
import { prometheusInstalled, startPrometheus } from './server.ts';

const API_KEY = 'bench-key-promql-query-0123';
const MINUTE = 60_000;
const RUNS = 21;
const WARMUP = 3;
const MEMORY_SERIES = 50_000;
const profileDir = process.env.SABA_BENCH_CPU_PROF;

/** A deterministic pseudo-random sequence (LCG), so that every run sends the same values. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** 100 gauges and 200 counters, `count` samples each from `startMs`, 60 s apart. */
function benchData(startMs: number, count: number): WriteSeries[] {
  const rnd = lcg(42);
  const ts = Array.from({ length: count }, (_, i) => startMs + i * MINUTE);
  const out: WriteSeries[] = [];
  for (let i = 0; i < 100; i++) {
    let v = 50;
    const vs = ts.map(() => (v = Math.max(0, v + (rnd() - 0.5) * 4)));
    out.push({ labels: { __name__: 'bench_gauge', instance: `i${i}`, group: `g${i % 10}` }, ts, vs });
  }
  for (let i = 0; i < 200; i++) {
    let v = 0;
    const vs = ts.map(() => (v += Math.floor(rnd() * 100)));
    out.push({ labels: { __name__: 'bench_requests_total', instance: `i${i}`, group: `g${i % 10}` }, ts, vs });
  }
  return out;
}

/** POSTs the data as WriteRequests of one hour each, in time order (as a sender would). */
async function load(url: string, headers: Record<string, string>, data: readonly WriteSeries[]): Promise<void> {
  const count = data[0]?.ts.length ?? 0;
  for (let from = 0; from < count; from += 60) {
    const body = compress(encodeWriteRequest(data.map((d) => ({ ...d, from, to: Math.min(count, from + 60) }))));
    const res = await fetch(`${url}/api/v1/write`, {
      method: 'POST',
      headers: { ...REMOTE_WRITE_HEADERS, ...headers },
      body,
    });
    if (res.status !== 204) throw new Error(`${url}: remote write HTTP ${res.status}: ${await res.text()}`);
  }
}

/** Resident set size of process `pid` (Linux /proc). */
function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

interface Side {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly headers: Record<string, string>;
}

/** One timed run: request to whole body; the answer checked for its shape. */
async function timeOnce(side: Side, q: RangeQuery, series: number, points: number): Promise<number> {
  const t0 = performance.now();
  const text = await fetchQueryRange(side.url, q, side.headers);
  const ms = performance.now() - t0;
  const result = parseMatrix(text);
  if (result.length !== series) throw new Error(`${side.name} ${q.query}: ${result.length} series, want ${series}`);
  const short = result.find((s) => s.ts.length !== points);
  if (short !== undefined) throw new Error(`${side.name} ${q.query}: ${short.ts.length} points, want ${points}`);
  return ms;
}

async function main(): Promise<void> {
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`);
  if (!prometheusInstalled()) throw new Error('prometheus not installed (apt-get install prometheus)');
  // Inside Saba's accepted window (a day either side of now) and 30 s past each minute.
  const day0 = Math.floor(Date.now() / MINUTE) * MINUTE - 23 * 60 * MINUTE - 50 * MINUTE;
  const data = benchData(day0 + 30_000, 24 * 60 + 10);
  const start = day0 + 10 * MINUTE;
  const queries: { q: RangeQuery; series: number }[] = [
    { q: { query: 'bench_gauge', startMs: start, endMs: start + 24 * 60 * MINUTE, stepMs: MINUTE }, series: 100 },
    {
      q: {
        query: 'sum by (group) (bench_requests_total)',
        startMs: start,
        endMs: start + 24 * 60 * MINUTE,
        stepMs: MINUTE,
      },
      series: 10,
    },
    {
      q: { query: 'rate(bench_requests_total[5m])', startMs: start, endMs: start + 24 * 60 * MINUTE, stepMs: MINUTE },
      series: 200,
    },
  ];
  const points = 24 * 60 + 1;

  const sabaDir = mkdtempSync(join(tmpdir(), 'saba-query-bench-'));
  const promDir = mkdtempSync(join(tmpdir(), 'saba-query-bench-prom-'));
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const saba = await startSaba({
    dataDir: sabaDir,
    apiKey: API_KEY,
    execArgv: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const prom = await startPrometheus({ storageDir: promDir, flags: ['--web.enable-remote-write-receiver'] });
  let stoppedAt = 0;
  // The query phase, for the profile: loading is remote_write's benchmark, not this one's.
  const window = { fromUs: 0, toUs: 0 };
  try {
    const sides: Side[] = [
      { name: 'saba', url: saba.url, pid: saba.pid, headers: { authorization: `Bearer ${API_KEY}` } },
      { name: 'prometheus', url: prom.url, pid: prom.pid, headers: {} },
    ];
    // Memory per active series first, on idle servers: RSS growth over MEMORY_SERIES new series of
    // one sample each (later, Prometheus's head compaction of the 24 h would release memory meanwhile).
    // Stamped before the bench data: Prometheus's head refuses samples older than what it holds.
    const fresh: WriteSeries[] = Array.from({ length: MEMORY_SERIES }, (_, i) => ({
      labels: { __name__: 'bench_memory', instance: `m${i}`, group: `g${i % 10}` },
      ts: [day0],
      vs: [i],
    }));
    for (const side of sides) {
      await sleep(2000);
      const before = rssBytes(side.pid);
      for (let i = 0; i < fresh.length; i += 2000) {
        const body = compress(encodeWriteRequest(fresh.slice(i, i + 2000)));
        const res = await fetch(`${side.url}/api/v1/write`, {
          method: 'POST',
          headers: { ...REMOTE_WRITE_HEADERS, ...side.headers },
          body,
        });
        if (res.status !== 204) throw new Error(`${side.name}: HTTP ${res.status}`);
      }
      await sleep(2000);
      const grown = rssBytes(side.pid) - before;
      console.log(
        `${side.name} RSS growth per new active series: ${Math.round(grown / MEMORY_SERIES)} B (RSS ${(rssBytes(side.pid) / 2 ** 20).toFixed(0)} MiB)`,
      );
    }
    for (const s of sides) await load(s.url, s.headers, data);
    console.log(`data: ${data.length} series × ${data[0]?.ts.length} samples at 60 s, loaded by remote_write`);
    window.fromUs = monotonicUs();
    for (const { q, series } of queries) {
      const runs: number[][] = [[], []];
      for (let i = -WARMUP; i < RUNS; i++)
        for (let k = 0; k < sides.length; k++) {
          const ms = await timeOnce(sides[k] as Side, q, series, points);
          if (i >= 0) runs[k]?.push(ms);
        }
      const med = runs.map((r) =>
        percentile(
          [...r].sort((a, b) => a - b),
          0.5,
        ),
      );
      const [s, p] = med as [number, number];
      console.log(
        `query_range ${q.query} (${series} series × ${points} points): saba ${s.toFixed(1)} ms, prometheus ${p.toFixed(1)} ms, saba/prometheus ${(s / p).toFixed(2)}`,
      );
    }
    window.toUs = monotonicUs();
  } finally {
    await prom.stop();
    await saba.stop();
    stoppedAt = Date.now();
    rmSync(sabaDir, { recursive: true, force: true });
    rmSync(promDir, { recursive: true, force: true });
  }
  if (profileDir !== undefined) {
    const sourceLine = tsxSourceLines(stoppedAt);
    for (const { threadId, profile } of readProfiles(profileDir, saba.pid)) {
      if (threadId !== 0) continue;
      const p = summarizeProfile(profile, { root: REPO_ROOT, sourceLine, window });
      console.log(`\nsaba main thread, queries: ${Math.round(p.busyMs)} ms busy`);
      for (const f of p.functions.slice(0, 25)) console.log(`  ${(100 * f.share).toFixed(1).padStart(5)} %  ${f.name}`);
      console.log('by file:');
      for (const f of p.files.slice(0, 15)) console.log(`  ${(100 * f.share).toFixed(1).padStart(5)} %  ${f.name}`);
    }
  }
}

await main();
