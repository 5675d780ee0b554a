// Printing and measuring helpers shared by the engine benchmarks in this folder.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** Prints the line every benchmark starts with: the machine and the data it runs on. */
export function printMachine(data: string): void {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown cpu';
  const mem = (os.totalmem() / 2 ** 30).toFixed(0);
  console.log(
    `machine: ${cpu}, ${cpus.length} cores, ${mem} GiB, Node ${process.version}, ${os.platform()}; data: ${data}`,
  );
}

/** Prints the version of the Prometheus binary at `bin` (the peer of the comparison). */
export function printPrometheusVersion(bin: string): void {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  console.log(`prometheus version: ${/version (\S+)/.exec(out)?.[1] ?? 'unknown'}`);
}

/** Prints `name: value unit` with `digits` decimals. */
export function print(name: string, value: number, unit: string, digits = 2): void {
  console.log(`${name}: ${value.toFixed(digits)}${unit === '' ? '' : ` ${unit}`}`);
}

/** Runs a full garbage collection (needs `--expose-gc`); says so once if it cannot. */
export function gc(): void {
  const f = (globalThis as { gc?: () => void }).gc;
  if (f !== undefined) {
    f();
    return;
  }
  if (!warnedGc) console.log('note: run with --expose-gc; memory figures include garbage');
  warnedGc = true;
}
let warnedGc = false;

/** V8's live heap plus array buffers after a full GC: what the process keeps, in bytes. */
export function liveBytes(): number {
  gc();
  gc(); // a second pass collects what the first one's finalizers released
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Median of the values (the upper one of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Sizes of the blocks under a Tsdb's `blocks/` directory, by part (docs/format/block.md). */
export interface BlockDirSize {
  readonly blocks: number;
  readonly samples: number;
  readonly raw: number;
  readonly index: number;
  /** The rollup files (5m, 1h, 1d: those the blocks store). */
  readonly rollups: number;
  /** Which rollup parts were found, e.g. `1h+1d`. */
  readonly rollupParts: string;
  /** Every file, meta.json included. */
  readonly total: number;
  /** Width of each block in hours, oldest first. */
  readonly hours: readonly number[];
}

/** Measures (apparent file sizes) every block under `blocksDir`; samples come from each meta.json. */
export function measureBlockDir(blocksDir: string): BlockDirSize {
  let samples = 0;
  let raw = 0;
  let index = 0;
  let rollups = 0;
  let total = 0;
  const spans: [number, number][] = [];
  const parts = new Set<string>();
  for (const e of readdirSync(blocksDir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.includes('.')) continue; // <ulid>.tmp and <ulid>.del are half-done work
    const dir = join(blocksDir, e.name);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
      minT: number;
      maxT: number;
      stats: { samples: number };
    };
    samples += meta.stats.samples;
    spans.push([meta.minT, meta.maxT]);
    for (const f of readdirSync(dir)) {
      const size = statSync(join(dir, f)).size;
      total += size;
      if (f === 'raw') raw += size;
      else if (f === 'index') index += size;
      else if (f === '5m' || f === '1h' || f === '1d') {
        rollups += size;
        parts.add(f);
      }
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const hours = spans.map(([a, b]) => (b - a) / 3_600_000);
  const rollupParts = ['5m', '1h', '1d'].filter((p) => parts.has(p)).join('+') || 'none';
  return { blocks: spans.length, samples, raw, index, rollups, rollupParts, total, hours };
}
