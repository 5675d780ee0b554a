// Bytes per sample on disk after compaction, Saba next to Prometheus 2.42 on the same data:
// the realistic host mix (a quarter each of counters, two-decimal gauges, near-constants and
// noisy floats), 4,000 series × 2 days at 1/min, and each kind on its own (1,000 series each).
// Saba ingests through the appender with a clock that moves with the data and maintenance every
// hour, then idles on until both days are compacted into day blocks. Prometheus gets the same
// samples through promtool and compacts them itself (tools/prometheus-peer).
// Run: node --expose-gc --import tsx packages/tsdb/src/bench/storage-size.bench.ts  (~3 min)

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { orgId } from '@saba/model';
import { SERIES_KINDS } from '../../../../tools/datagen/mix.ts';
import { BENCH_SIZE } from '../../../../tools/prometheus-peer/bench-data.ts';
import type { CompactedStorage, StorageSize } from '../../../../tools/prometheus-peer/blocks.ts';
import { compactWithPrometheus, importBlocks, measureBlocks } from '../../../../tools/prometheus-peer/blocks.ts';
import type { SeriesData } from '../../../../tools/prometheus-peer/mix-data.ts';
import { generateMix, sampleCount } from '../../../../tools/prometheus-peer/mix-data.ts';
import { PROMETHEUS_BIN, prometheusInstalled } from '../../../../tools/prometheus-peer/server.ts';
import { Tsdb } from '../db.ts';
import { FakeClock, ingestByMinute, ingestSeries, settle } from './ingest.ts';
import { type BlockDirSize, measureBlockDir, print, printMachine, printPrometheusVersion } from './report.ts';

// The peer bench's data set: 30 s past the hour so the agent's ±1 s jitter never crosses a block edge.
const SIZE = BENCH_SIZE;
const MIN = 60_000;
// Day 2 ends at 2024-01-03T00:00; it is compacted once older than clock - 24 h - 1 h.
const SETTLED = Date.UTC(2024, 0, 4, 2);

interface SabaSizes {
  /** Right after ingest: the 2 h blocks cut so far (the head's last 2 h not counted). */
  readonly cut: BlockDirSize;
  /** After idling until every window was compacted. */
  readonly compacted: BlockDirSize;
  /**
   * Bytes of the series log: Saba's blocks hold no labels (decision 0002), so the labels that a
   * Prometheus block keeps in its index live here, once per series rather than once per block.
   */
  readonly seriesLog: number;
}

async function sabaSizes(root: string, name: string, data: readonly SeriesData[]): Promise<SabaSizes> {
  const dir = path.join(root, `saba-${name}`);
  const clock = new FakeClock(SIZE.startMs);
  // fsync 'never': durability does not change a byte of the blocks, and it spares the shared disk.
  const db = await Tsdb.open({ dir, fsync: 'never', clock: clock.read, maintenanceIntervalMs: 0 });
  try {
    const series = ingestSeries(data);
    const r = await ingestByMinute(db, clock, {
      org: orgId('bench'),
      series,
      count: SIZE.count,
      startMs: SIZE.startMs - 30_000,
      intervalMs: MIN,
    });
    if (r.accepted !== sampleCount(data)) throw new Error(`saba ${name}: accepted ${r.accepted} of ${r.samples}`);
    const cut = measureBlockDir(path.join(dir, 'blocks'));
    await settle(db, clock, SETTLED);
    const compacted = measureBlockDir(path.join(dir, 'blocks'));
    if (compacted.samples !== r.accepted) throw new Error(`saba ${name}: ${compacted.samples} samples in blocks`);
    const seriesDir = path.join(dir, 'series');
    const seriesLog = readdirSync(seriesDir).reduce((a, f) => a + statSync(path.join(seriesDir, f)).size, 0);
    return { cut, compacted, seriesLog };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const perSample = (bytes: number, samples: number): number => bytes / samples;

function printSaba(name: string, s: SabaSizes): void {
  const c = s.compacted;
  print(`saba bytes/sample ${name} (raw+index)`, perSample(c.raw + c.index, c.samples), 'B');
  print(`saba bytes/sample ${name} (total incl. rollups)`, perSample(c.total, c.samples), 'B');
  print(`saba raw bytes/sample ${name}`, perSample(c.raw, c.samples), 'B');
  print(`saba index bytes/sample ${name}`, perSample(c.index, c.samples), 'B', 3);
  print(`saba rollup bytes/sample ${name} (${c.rollupParts} stored)`, perSample(c.rollups, c.samples), 'B');
  print(`saba series log (labels) bytes/sample ${name}`, perSample(s.seriesLog, c.samples), 'B', 3);
  console.log(`saba blocks ${name} after compaction: ${c.blocks} (${c.hours.map((h) => `${h}h`).join(' ')})`);
  print(
    `saba bytes/sample ${name} as cut (2h blocks, raw+index)`,
    perSample(s.cut.raw + s.cut.index, s.cut.samples),
    'B',
  );
}

function printPrometheus(name: string, imported: StorageSize, p: CompactedStorage): void {
  const s = p.size;
  print(`prometheus bytes/sample ${name}`, s.bytesPerSample, 'B');
  print(`prometheus chunks bytes/sample ${name}`, s.chunksBytes / s.samples, 'B');
  print(`prometheus index bytes/sample ${name}`, s.indexBytes / s.samples, 'B', 3);
  const hours = s.blocks.map((b) => `${Math.round((b.maxTime - b.minTime) / 3_600_000)}h`).join(' ');
  console.log(`prometheus blocks ${name} after compaction: ${s.blocks.length} (${hours})`);
  print(`prometheus bytes/sample ${name} as imported (2h blocks)`, imported.bytesPerSample, 'B');
}

function printRatios(name: string, saba: SabaSizes, imported: StorageSize, p: CompactedStorage): void {
  const c = saba.compacted;
  const ratio = perSample(c.raw + c.index, c.samples) / p.size.bytesPerSample;
  print(`ratio saba/prometheus ${name}`, ratio, '');
  const withLabels = perSample(c.raw + c.index + saba.seriesLog, c.samples) / p.size.bytesPerSample;
  print(`ratio saba/prometheus ${name} (saba raw+index+series log)`, withLabels, '');
  print(
    `ratio saba/prometheus ${name} (saba total incl. rollups)`,
    perSample(c.total, c.samples) / p.size.bytesPerSample,
    '',
  );
  const cutRatio = perSample(saba.cut.raw + saba.cut.index, saba.cut.samples) / imported.bytesPerSample;
  print(`ratio saba/prometheus ${name} as cut vs as imported (2h blocks)`, cutRatio, '');
  console.log(`target ${name} ratio <= 0.50: ${ratio <= 0.5 ? 'met' : 'not met'}`);
}

async function main(): Promise<void> {
  const mix = generateMix(SIZE);
  printMachine(`${SIZE.series} series × ${SIZE.count} samples at 60 s = ${sampleCount(mix)} samples (2 days)`);
  const sets: [string, SeriesData[]][] = [
    ['mix', mix],
    ...SERIES_KINDS.map((k): [string, SeriesData[]] => [k, mix.filter((d) => d.series.kind === k)]),
  ];
  const root = mkdtempSync(path.join(os.tmpdir(), 'saba-size-bench-'));
  try {
    const peer = prometheusInstalled();
    const imported = new Map<string, StorageSize>();
    let prom: Promise<PromiseSettledResult<CompactedStorage>[]> | undefined;
    if (peer) {
      printPrometheusVersion(PROMETHEUS_BIN);
      // promtool takes a core for ~20 s per 11.5 M samples: one set at a time.
      for (const [name, data] of sets) {
        await importBlocks(data, path.join(root, name, 'data'), path.join(root, name, 'om'));
        imported.set(name, await measureBlocks(path.join(root, name, 'data')));
      }
      // Prometheus compacts ~60 s after start; Saba ingests meanwhile (sizes do not depend on timing).
      prom = Promise.allSettled(sets.map(([name]) => compactWithPrometheus(path.join(root, name, 'data'))));
    } else {
      console.log('prometheus: not installed (/usr/bin/prometheus, /usr/bin/promtool), peer skipped');
    }
    const saba = new Map<string, SabaSizes>();
    for (const [name, data] of sets) saba.set(name, await sabaSizes(root, name, data));
    const settled = prom === undefined ? undefined : await prom;
    for (const [i, [name, data]] of sets.entries()) {
      const s = saba.get(name) as SabaSizes;
      printSaba(name, s);
      const p = settled?.[i];
      if (p === undefined) continue;
      if (p.status === 'rejected') throw p.reason;
      if (p.value.size.samples !== sampleCount(data))
        throw new Error(`prometheus ${name}: ${p.value.size.samples} samples`);
      const imp = imported.get(name) as StorageSize;
      printPrometheus(name, imp, p.value);
      printRatios(name, s, imp, p.value);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
