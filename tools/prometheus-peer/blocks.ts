import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { SeriesData } from './mix-data.ts';
import { sampleCount, timeRange } from './mix-data.ts';
import { writeOpenMetrics } from './openmetrics.ts';
import type { PrometheusServer } from './server.ts';
import { metric, PROMTOOL_BIN, scrapeMetrics, startPrometheus } from './server.ts';

const run = promisify(execFile);

/** Two hours: Prometheus's head block length, which promtool also uses (tsdb.DefaultBlockDuration). */
export const BLOCK_MS = 2 * 3_600_000;

/** One block on disk: its meta.json facts and file sizes in bytes. */
export interface BlockInfo {
  readonly ulid: string;
  readonly minTime: number;
  readonly maxTime: number;
  readonly level: number;
  readonly samples: number;
  readonly series: number;
  readonly chunks: number;
  readonly chunksBytes: number;
  readonly indexBytes: number;
  /** Every file of the block: chunks, index, meta.json, tombstones. */
  readonly totalBytes: number;
}

/** The blocks of one storage directory, summed. */
export interface StorageSize {
  readonly blocks: readonly BlockInfo[];
  readonly chunksBytes: number;
  readonly indexBytes: number;
  readonly totalBytes: number;
  readonly samples: number;
  /** (chunks + index) / samples. */
  readonly bytesPerSample: number;
}

/** Sizes (apparent file sizes) of the Prometheus blocks under `dir`, oldest first; WAL and head chunks not counted. */
export async function measureBlocks(dir: string): Promise<StorageSize> {
  const blocks: BlockInfo[] = [];
  for (const name of await readdir(dir)) {
    if (name.includes('.tmp')) continue; // *.tmp-for-creation and *.tmp-for-deletion: half-done work
    let meta: BlockMeta;
    try {
      meta = JSON.parse(await readFile(join(dir, name, 'meta.json'), 'utf8')) as BlockMeta;
    } catch {
      continue; // wal/, chunks_head/, lock, queries.active
    }
    const chunksDir = join(dir, name, 'chunks');
    let chunksBytes = 0;
    for (const f of await readdir(chunksDir)) chunksBytes += (await stat(join(chunksDir, f))).size;
    let totalBytes = chunksBytes;
    for (const f of await readdir(join(dir, name))) {
      if (f !== 'chunks') totalBytes += (await stat(join(dir, name, f))).size;
    }
    blocks.push({
      ulid: meta.ulid,
      minTime: meta.minTime,
      maxTime: meta.maxTime,
      level: meta.compaction.level,
      samples: meta.stats.numSamples,
      series: meta.stats.numSeries,
      chunks: meta.stats.numChunks,
      chunksBytes,
      indexBytes: (await stat(join(dir, name, 'index'))).size,
      totalBytes,
    });
  }
  blocks.sort((a, b) => a.minTime - b.minTime);
  const sum = (f: (b: BlockInfo) => number): number => blocks.reduce((a, b) => a + f(b), 0);
  const chunksBytes = sum((b) => b.chunksBytes);
  const indexBytes = sum((b) => b.indexBytes);
  const samples = sum((b) => b.samples);
  return {
    blocks,
    chunksBytes,
    indexBytes,
    totalBytes: sum((b) => b.totalBytes),
    samples,
    bytesPerSample: samples === 0 ? 0 : (chunksBytes + indexBytes) / samples,
  };
}

interface BlockMeta {
  ulid: string;
  minTime: number;
  maxTime: number;
  stats: { numSamples: number; numSeries: number; numChunks: number };
  compaction: { level: number };
}

/**
 * Imports `data` into Prometheus blocks under `outDir` with promtool, one OpenMetrics file per
 * 2 h window. promtool 2.42 re-parses its whole input once per 2 h block it cuts (backfill.go,
 * createBlocks), so one file of 4,000 series × 2 days (860 MB) would be parsed 24 times; a file
 * per window gives the same blocks for one parse. Files go to `workDir` and are deleted.
 */
export async function importBlocks(data: readonly SeriesData[], outDir: string, workDir: string): Promise<number> {
  await mkdir(outDir, { recursive: true });
  await mkdir(workDir, { recursive: true });
  const { minMs, maxMs } = timeRange(data);
  let blocks = 0;
  let pending: Promise<void> | undefined;
  try {
    // promtool aligns its windows the same way: mint = blockDuration * (mint / blockDuration).
    for (let from = Math.floor(minMs / BLOCK_MS) * BLOCK_MS, k = 0; from <= maxMs; from += BLOCK_MS, k++) {
      const file = join(workDir, `window-${k}.om`);
      const stats = await writeOpenMetrics(file, data, { fromMs: from, toMs: from + BLOCK_MS });
      // Writing the next window in JS overlaps with promtool's Go work on this one.
      await pending;
      if (stats.samples === 0) {
        pending = rm(file);
        continue;
      }
      blocks++;
      pending = run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, outDir]).then(() =>
        rm(file),
      );
    }
  } finally {
    await pending;
  }
  return blocks;
}

/** What Prometheus's own compaction did. */
export interface CompactionResult {
  readonly compactions: number;
  /** Milliseconds from ready until compaction settled. */
  readonly waitedMs: number;
}

/**
 * Waits until the running `server` has compacted the blocks in its `storageDir` and stopped.
 * Prometheus 2.42 starts a compaction cycle only from its 1-minute timer (db.run) or when the
 * head spans more than 3 h; with imported blocks and an empty head that means about 60 s after
 * start. One cycle (DB.Compact -> compactBlocks) loops plan -> compact -> reload until the planner
 * finds nothing, so the first cycle does all the work. Settled: a cycle was triggered, no
 * `*.tmp-for-creation` dir exists, and compactions and block dirs did not change for `quietMs`.
 */
export async function waitForCompaction(
  server: PrometheusServer,
  storageDir: string,
  quietMs = 3_000,
  timeoutMs = 180_000,
): Promise<CompactionResult> {
  const t0 = performance.now();
  let last = '';
  let since = t0;
  for (;;) {
    const m = await scrapeMetrics(server.url);
    const failed = metric(m, 'prometheus_tsdb_compactions_failed_total');
    if (failed > 0) throw new Error(`prometheus compaction failed:\n${server.log()}`);
    const triggered = metric(m, 'prometheus_tsdb_compactions_triggered_total');
    const compactions = metric(m, 'prometheus_tsdb_compactions_total');
    const dirs = (await readdir(storageDir)).sort();
    const state = `${compactions} ${dirs.join(',')}`;
    const now = performance.now();
    if (state !== last) {
      last = state;
      since = now;
    }
    const busy = dirs.some((d) => d.endsWith('.tmp-for-creation'));
    if (triggered >= 1 && !busy && now - since >= quietMs) return { compactions, waitedMs: now - t0 };
    if (now - t0 > timeoutMs) throw new Error(`prometheus compaction did not settle in ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Options of `compactWithPrometheus`. */
export interface CompactOptions {
  /** `--storage.tsdb.retention.time` (default 15d); it also caps block length at 10 % of itself, 31 d at most. */
  readonly retention?: string;
  /** Runs against the server once compaction has settled, before it stops (e.g. query timing). */
  readonly whileRunning?: (server: PrometheusServer) => Promise<void>;
}

/** Blocks after Prometheus compacted them, and what the compaction did. */
export interface CompactedStorage {
  readonly size: StorageSize;
  readonly compaction: CompactionResult;
}

/**
 * Starts Prometheus on `storageDir` (blocks from `importBlocks`), lets it compact them as in
 * production, stops it and measures the blocks. Imported blocks are not special to Prometheus
 * 2.42: the leveled compactor plans them like blocks cut from its head. With the default
 * retention of 15 d, blocks may grow to 36 h, so the ranges are 2 h, 6 h and 18 h
 * (ExponentialBlockRanges(2h, 10, 3) cut at that maximum), aligned to multiples of the range
 * since the epoch. A range is merged only when it is full or lies before the newest block, and the
 * newest block is never planned (LeveledCompactor.plan leaves it for backups). So 2 days from
 * 2024-01-01T00:00Z end as 12 h + 18 h + 6 h + 6 h blocks and three 2 h blocks: the tail that a
 * live server also holds small until more data arrives.
 */
export async function compactWithPrometheus(storageDir: string, opts: CompactOptions = {}): Promise<CompactedStorage> {
  const server = await startPrometheus({
    storageDir,
    flags: [`--storage.tsdb.retention.time=${opts.retention ?? '15d'}`],
  });
  let compaction: CompactionResult;
  try {
    compaction = await waitForCompaction(server, storageDir);
    await opts.whileRunning?.(server);
  } finally {
    await server.stop();
  }
  return { size: await measureBlocks(storageDir), compaction };
}

/** Prometheus's storage figures for one data set: as promtool wrote it and after compaction. */
export interface PrometheusStorage {
  readonly imported: StorageSize;
  readonly compacted: StorageSize;
  readonly compaction: CompactionResult;
}

/** Imports `data` into `<workDir>/data` with promtool, lets Prometheus compact it, and reports both sizes. */
export async function measurePrometheusStorage(
  data: readonly SeriesData[],
  workDir: string,
  opts: CompactOptions = {},
): Promise<PrometheusStorage> {
  const storageDir = join(workDir, 'data');
  await importBlocks(data, storageDir, join(workDir, 'openmetrics'));
  const imported = await measureBlocks(storageDir);
  const expected = sampleCount(data);
  if (imported.samples !== expected) throw new Error(`promtool imported ${imported.samples} of ${expected} samples`);
  const { size: compacted, compaction } = await compactWithPrometheus(storageDir, opts);
  if (compacted.samples !== expected) throw new Error(`after compaction ${compacted.samples} of ${expected} samples`);
  return { imported, compacted, compaction };
}
