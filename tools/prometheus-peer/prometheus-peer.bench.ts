// The Prometheus side of Saba's storage targets, measured on this machine in one run:
//   node --expose-gc --import tsx tools/prometheus-peer/prometheus-peer.bench.ts
// Prints one figure per line with its unit. Takes about 2 minutes, most of it waiting for
// Prometheus's 1-minute compaction timer (five servers wait side by side).

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SeriesKind } from '../datagen/mix.ts';
import { SERIES_KINDS } from '../datagen/mix.ts';
import { BENCH_QUERY, BENCH_SIZE } from './bench-data.ts';
import type { StorageSize } from './blocks.ts';
import { compactWithPrometheus, importBlocks, measureBlocks } from './blocks.ts';
import type { SeriesData } from './mix-data.ts';
import { generateMix, sampleCount } from './mix-data.ts';
import type { QueryTiming } from './query.ts';
import { timeQueryRange } from './query.ts';
import { measureReplay } from './replay.ts';
import { PROMETHEUS_BIN } from './server.ts';

const SIZE = BENCH_SIZE;
const QUERY = BENCH_QUERY;
const QUERY_RUNS = 20;
const HOUR_MS = 3_600_000;

const fmt = (v: number, digits = 2): string => v.toFixed(digits);
const hours = (s: StorageSize): string =>
  s.blocks.map((b) => `${Math.round((b.maxTime - b.minTime) / HOUR_MS)}h`).join(' ');

async function main(): Promise<void> {
  const { stdout } = await promisify(execFile)(PROMETHEUS_BIN, ['--version']);
  console.log(`prometheus version: ${/version (\S+)/.exec(stdout)?.[1] ?? 'unknown'}`);
  const root = await mkdtemp(join(tmpdir(), 'saba-prom-bench-'));
  try {
    const mix = generateMix(SIZE);
    const sets: [string, SeriesData[]][] = [
      ['mix', mix],
      ...SERIES_KINDS.map((k: SeriesKind): [string, SeriesData[]] => [k, mix.filter((d) => d.series.kind === k)]),
    ];
    console.log(
      `prometheus size data: ${SIZE.series} series × ${SIZE.count} samples at 60 s = ${sampleCount(mix)} samples`,
    );

    // promtool one data set at a time: it takes a core for about 20 s per 11.5 M samples.
    const imported = new Map<string, StorageSize>();
    for (const [name, data] of sets) {
      await importBlocks(data, join(root, name, 'data'), join(root, name, 'om'));
      imported.set(name, await measureBlocks(join(root, name, 'data')));
    }

    // The servers wait for their compaction timers together; queries run once all have settled.
    let timing: QueryTiming | undefined;
    const kindRuns = sets.slice(1).map(([name]) => compactWithPrometheus(join(root, name, 'data')));
    const mixRun = compactWithPrometheus(join(root, 'mix', 'data'), {
      whileRunning: async (server) => {
        await Promise.allSettled(kindRuns);
        timing = await timeQueryRange(server.url, QUERY, {
          repeat: QUERY_RUNS,
          expectSeries: 100,
          expectPointsPerSeries: (QUERY.endMs - QUERY.startMs) / QUERY.stepMs + 1,
        });
      },
    });
    const compacted = await Promise.all([mixRun, ...kindRuns]);

    compacted.forEach(({ size }, i) => {
      const [name, data] = sets[i]!;
      if (size.samples !== sampleCount(data)) throw new Error(`${name}: ${size.samples} samples after compaction`);
      const before = imported.get(name)!;
      console.log(`prometheus bytes/sample ${name}: ${fmt(size.bytesPerSample)} B`);
      console.log(`prometheus chunks bytes/sample ${name}: ${fmt(size.chunksBytes / size.samples)} B`);
      console.log(`prometheus index bytes/sample ${name}: ${fmt(size.indexBytes / size.samples, 3)} B`);
      console.log(`prometheus bytes/sample ${name} as imported (2h blocks): ${fmt(before.bytesPerSample)} B`);
      console.log(`prometheus blocks ${name} after compaction: ${size.blocks.length} (${hours(size)})`);
    });
    const mixSize = compacted[0]!.size;
    console.log(`prometheus chunks bytes mix: ${mixSize.chunksBytes} B`);
    console.log(`prometheus index bytes mix: ${mixSize.indexBytes} B`);
    console.log(`prometheus block bytes mix (all files): ${mixSize.totalBytes} B`);
    if (timing === undefined) throw new Error('query timing did not run');
    console.log(`prometheus query_range 100 series × 24 h step 60 s median: ${fmt(timing.medianMs)} ms`);
    console.log(`prometheus query_range 100 series × 24 h step 60 s p90: ${fmt(timing.p90Ms)} ms`);

    const r = await measureReplay({ storageDir: join(root, 'replay') });
    const perS = `${r.series} series × 3 h`;
    console.log(`prometheus head load by remote write ${perS}: ${fmt(r.samples / (r.loadMs / 1000), 0)} samples/s`);
    console.log(`prometheus restart until ready ${perS}: ${fmt(r.restartReadyMs, 0)} ms`);
    console.log(`prometheus WAL replay ${perS}: ${fmt(r.replayMs, 0)} ms`);
    console.log(`prometheus empty start until ready: ${fmt(r.emptyReadyMs, 0)} ms`);
    console.log(`prometheus head series after replay: ${r.replayed.headSeries}`);
    console.log(`prometheus memory/head series (live heap after GC, minus empty): ${fmt(r.heapPerSeries, 0)} B`);
    console.log(`prometheus RSS/head series (minus empty): ${fmt(r.rssPerSeries, 0)} B`);
    console.log(`prometheus RSS after replay: ${fmt(r.replayed.rssBytes / 2 ** 20, 1)} MiB`);
    console.log(`prometheus live heap after replay: ${fmt(r.replayed.heapAllocBytes / 2 ** 20, 1)} MiB`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
