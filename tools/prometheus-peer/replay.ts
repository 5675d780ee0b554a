import { mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { generateMix, promLabels, sampleCount } from './mix-data.ts';
import type { WriteSeries } from './remote-write.ts';
import { remoteWrite } from './remote-write.ts';
import type { PrometheusServer } from './server.ts';
import { metric, scrapeMetrics, startPrometheus } from './server.ts';

/** Options of `measureReplay`; the defaults are the benchmark's 20,000 series × 3 h. */
export interface ReplayOptions {
  /** The storage directory; must be empty or absent; the caller deletes it. */
  readonly storageDir: string;
  readonly series?: number;
  readonly hours?: number;
  readonly intervalMs?: number;
  /** Samples per series in one time batch (default 10, i.e. 10 minutes). */
  readonly batchSamples?: number;
  /** Series per request (default 5,000: about 1.2 MB of protobuf with 10 samples each). */
  readonly seriesPerRequest?: number;
  /** The last sample's time (default: now, rounded down to the interval). */
  readonly endMs?: number;
  readonly seed?: number;
}

/** Prometheus memory as it reports it on `/metrics`, read right after a forced GC. */
export interface MemorySnapshot {
  /** `process_resident_memory_bytes`. */
  readonly rssBytes: number;
  /** `go_memstats_heap_alloc_bytes`: live heap objects, as the GC just ran. */
  readonly heapAllocBytes: number;
  /** `go_memstats_heap_inuse_bytes`: heap spans in use, including free space inside them. */
  readonly heapInuseBytes: number;
  readonly headSeries: number;
}

/** What a WAL replay of the loaded head cost. */
export interface ReplayResult {
  readonly series: number;
  readonly samples: number;
  /** Wall time to push every sample over remote write. */
  readonly loadMs: number;
  /** Spawn until `/-/ready` of the empty server, the fixed cost of starting at all. */
  readonly emptyReadyMs: number;
  /** Spawn until `/-/ready` after SIGKILL with the loaded head. */
  readonly restartReadyMs: number;
  /** `total_replay_duration` of the `WAL replay completed` log line (m-mapped chunks + WAL). */
  readonly replayMs: number;
  readonly empty: MemorySnapshot;
  readonly loaded: MemorySnapshot;
  readonly replayed: MemorySnapshot;
  /** (replayed - empty) live heap / head series, bytes. */
  readonly heapPerSeries: number;
  /** (replayed - empty) RSS / head series, bytes. */
  readonly rssPerSeries: number;
}

// No memory snapshot on shutdown and SIGKILL anyway: the restart replays m-mapped head chunks and
// the WAL, Prometheus's default path. 15 d retention is the default and deletes nothing here.
const FLAGS = ['--web.enable-remote-write-receiver', '--storage.tsdb.retention.time=15d'] as const;

/**
 * Loads `series` mix series × `hours` of samples ending now into a fresh Prometheus by remote
 * write, in time order, SIGKILLs it, restarts it and measures the restart. The head must accept
 * every sample: Prometheus refuses samples older than head max time - 1 h (appendableMinValidTime
 * with 2 h chunk range), so batches go forward in time across all series, 10 minutes at a time.
 * 3 h of 1-minute samples span 179 min, under the 3 h span that makes the head compactable, so
 * everything stays in the head and the WAL.
 */
export async function measureReplay(opts: ReplayOptions): Promise<ReplayResult> {
  const intervalMs = opts.intervalMs ?? 60_000;
  const count = Math.round(((opts.hours ?? 3) * 3_600_000) / intervalMs);
  const endMs = opts.endMs ?? Math.floor(Date.now() / intervalMs) * intervalMs;
  const data = generateMix({
    series: opts.series ?? 20_000,
    startMs: endMs - (count - 1) * intervalMs,
    count,
    intervalMs,
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
  });
  const samples = sampleCount(data);
  const labels = data.map((d) => promLabels(d.series));
  const batch = opts.batchSamples ?? 10;
  const perRequest = opts.seriesPerRequest ?? 5_000;
  await mkdir(opts.storageDir, { recursive: true });

  const first = await startPrometheus({ storageDir: opts.storageDir, flags: FLAGS });
  let empty: MemorySnapshot;
  let loaded: MemorySnapshot;
  let loadMs: number;
  try {
    empty = await memorySnapshot(first);
    const endpoint = `${first.url}/api/v1/write`;
    const t0 = performance.now();
    for (let from = 0; from < count; from += batch) {
      const to = Math.min(from + batch, count);
      for (let s = 0; s < data.length; s += perRequest) {
        const req: WriteSeries[] = [];
        for (let i = s; i < Math.min(s + perRequest, data.length); i++) {
          const d = data[i]!;
          req.push({ labels: labels[i]!, ts: d.samples.ts, vs: d.samples.vs, from, to });
        }
        await remoteWrite(endpoint, req);
      }
    }
    loadMs = performance.now() - t0;
    loaded = await memorySnapshot(first);
    const appended = sumOf(await scrapeMetrics(first.url), 'prometheus_tsdb_head_samples_appended_total');
    if (appended !== samples) throw new Error(`prometheus appended ${appended} of ${samples} samples`);
  } finally {
    await first.stop('SIGKILL');
  }

  const second = await startPrometheus({ storageDir: opts.storageDir, flags: FLAGS });
  try {
    const replayed = await memorySnapshot(second);
    if (replayed.headSeries !== data.length) throw new Error(`head has ${replayed.headSeries} series after replay`);
    const names = [...new Set(data.map((d) => d.series.name))];
    const back = await countSamples(second.url, names, endMs + intervalMs);
    if (back !== samples) throw new Error(`after replay the head holds ${back} of ${samples} samples`);
    return {
      series: data.length,
      samples,
      loadMs,
      emptyReadyMs: first.readyMs,
      restartReadyMs: second.readyMs,
      replayMs: replayDuration(second.log()),
      empty,
      loaded,
      replayed,
      heapPerSeries: (replayed.heapAllocBytes - empty.heapAllocBytes) / replayed.headSeries,
      rssPerSeries: (replayed.rssBytes - empty.rssBytes) / replayed.headSeries,
    };
  } finally {
    await second.stop();
  }
}

/**
 * Memory of `server` after `/debug/pprof/heap?gc=1`, whose handler calls runtime.GC() first: without
 * it the heap figures hold up to GOGC=100 % of garbage, e.g. what decoding the WAL left behind.
 */
export async function memorySnapshot(server: PrometheusServer): Promise<MemorySnapshot> {
  const res = await fetch(`${server.url}/debug/pprof/heap?gc=1`);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`pprof heap: HTTP ${res.status}`);
  const m = await scrapeMetrics(server.url);
  return {
    rssBytes: metric(m, 'process_resident_memory_bytes'),
    heapAllocBytes: metric(m, 'go_memstats_heap_alloc_bytes'),
    heapInuseBytes: metric(m, 'go_memstats_heap_inuse_bytes'),
    headSeries: metric(m, 'prometheus_tsdb_head_series'),
  };
}

/** Sums a metric over its label sets (2.42 splits appended samples by `type`). */
export function sumOf(m: ReadonlyMap<string, number>, name: string): number {
  let sum = 0;
  for (const [k, v] of m) if (k === name || k.startsWith(`${name}{`)) sum += v;
  return sum;
}

/**
 * All samples Prometheus holds for `names`, counted by PromQL over the 4 h before `atMs`, one
 * query per metric name: count_over_time drops `__name__`, and across names the mix repeats
 * {host, service}, which a single query over every name refuses as duplicate label sets.
 */
async function countSamples(url: string, names: readonly string[], atMs: number): Promise<number> {
  const one = async (name: string): Promise<number> => {
    const params = new URLSearchParams({ query: `sum(count_over_time(${name}[4h]))`, time: String(atMs / 1000) });
    const res = await fetch(`${url}/api/v1/query?${params}`);
    const text = await res.text();
    const body = JSON.parse(text) as { data?: { result?: { value: [number, string] }[] } };
    const v = body.data?.result?.[0]?.value[1];
    if (res.status !== 200 || v === undefined) throw new Error(`count query: HTTP ${res.status}: ${text}`);
    return Number(v);
  };
  let total = 0;
  // Four queries in flight: 400 names take about a second instead of four.
  for (let i = 0; i < names.length; i += 4) {
    for (const n of await Promise.all(names.slice(i, i + 4).map(one))) total += n;
  }
  return total;
}

/** `total_replay_duration` from a Prometheus log, in ms. */
export function replayDuration(log: string): number {
  const m = /msg="WAL replay completed".*total_replay_duration=(\S+)/.exec(log);
  if (m === null) throw new Error('no "WAL replay completed" line in the log');
  return goDurationMs(m[1]!);
}

/** A Go `time.Duration` string (`1m2.5s`, `734.2ms`, `31.5µs`) in ms. */
export function goDurationMs(s: string): number {
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, µs: 1e-3, ns: 1e-6 };
  let ms = 0;
  let rest = s;
  const re = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|h|m|s)/;
  while (rest !== '' && rest !== '0') {
    const m = re.exec(rest);
    if (m === null) throw new Error(`not a Go duration: ${s}`);
    ms += Number(m[1]) * (unit[m[2]!] as number);
    rest = rest.slice(m[0].length);
  }
  return ms;
}
