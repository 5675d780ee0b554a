// Blocks on the realistic host mix: a 460-day history of 100 series at one sample a minute,
// laid out as compaction leaves it (28-day blocks, then 7-day and 1-day ones up to "now"),
// then the reads a graph makes, disk bytes per sample, and compaction throughput. The history is
// written twice from the same samples: with every part, and without 5m (parts raw, 1h, 1d).
// Run: node --expose-gc --import tsx packages/tsdb/src/block/block.bench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Resolution, RollupResolution, RollupSamples, Samples } from '@saba/storage';
import { mixSamples, mixSeries } from '../../../../tools/datagen/mix.ts';
import { compactBlocks, planCompaction } from '../compact/index.ts';
import { mergeRollups, mergeSamples, rollupSamples } from '../rollup/index.ts';
import { type BlockMeta, BlockReader, type BlockSeriesInput, writeBlock } from './index.ts';

const SERIES = 100;
const DAYS = 460;
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const END = Date.UTC(2025, 5, 1); // "now", a UTC midnight
const START = END - DAYS * DAY;
const LEVELS: readonly [number, number][] = [
  [28 * DAY, 3],
  [7 * DAY, 2],
  [DAY, 1],
];

const NO_5M: readonly Resolution[] = ['raw', '1h', '1d'];

const series = mixSeries(SERIES);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saba-block-bench-'));
const dirNo5m = fs.mkdtempSync(path.join(os.tmpdir(), 'saba-block-bench-no5m-'));

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function print(name: string, value: number, unit: string, digits = 2): void {
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);
}

// One block's series: samples every minute from `from` (+30 s so the agent's ±1 s jitter stays
// inside), regenerated per block (mixSamples is deterministic per series and start).
function* blockSeries(from: number, to: number): Generator<BlockSeriesInput> {
  const count = Math.floor((to - from) / MIN);
  for (const s of series) {
    const g = mixSamples(s, from + 30_000, count);
    yield { ref: s.index + 1, ts: g.ts, vs: g.vs, length: count };
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(runs: number, f: () => void): number {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return median(out);
}

function dirBytes(d: string, only?: string): number {
  let n = 0;
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) n += dirBytes(p, only);
    else if (only === undefined || e.name === only) n += fs.statSync(p).size;
  }
  return n;
}

// 1. Build the history. A block's samples are generated once (64 MB for a 28-day block) and
// written twice, so the two writes are timed alone.
let samples = 0;
let seq = 0;
const metas: BlockMeta[] = [];
let genMs = 0;
let writeMs = 0;
let writeNo5mMs = 0;
for (let cur = START; cur < END; ) {
  for (const [width, level] of LEVELS) {
    const w = Math.floor(cur / width) * width;
    if (w + width > END) continue;
    let t0 = performance.now();
    const input = [...blockSeries(cur, w + width)];
    genMs += performance.now() - t0;
    t0 = performance.now();
    const meta = writeBlock(dir, { minT: w, maxT: w + width, seq: ++seq, level }, input);
    writeMs += performance.now() - t0;
    t0 = performance.now();
    writeBlock(dirNo5m, { minT: w, maxT: w + width, seq, level, parts: NO_5M }, input);
    writeNo5mMs += performance.now() - t0;
    metas.push(meta);
    samples += meta.stats.samples;
    cur = w + width;
    break;
  }
}
print('history blocks', metas.length, 'blocks', 0);
print('history samples', samples, 'samples', 0);
print('history generate', genMs / 1000, 's');
print('history write, all parts', writeMs / 1000, 's');
print('history write throughput, all parts', samples / (writeMs / 1000) / 1e6, 'M samples/s');
print('history write throughput, parts raw+1h+1d', samples / (writeNo5mMs / 1000) / 1e6, 'M samples/s');

// 2. Disk size.
print('disk raw part', dirBytes(dir, 'raw') / samples, 'bytes/sample', 3);
for (const res of ['5m', '1h', '1d']) print(`disk ${res} part`, dirBytes(dir, res) / samples, 'bytes/sample', 3);
print('disk index', dirBytes(dir, 'index') / samples, 'bytes/sample', 4);
print('disk total', dirBytes(dir) / samples, 'bytes/sample', 3);
print('disk index, parts raw+1h+1d', dirBytes(dirNo5m, 'index') / samples, 'bytes/sample', 4);
print('disk total, parts raw+1h+1d', dirBytes(dirNo5m) / samples, 'bytes/sample', 3);

// 3. Reads.
gc();
const tOpen = performance.now();
const readers = metas.map((m) => BlockReader.open(path.join(dir, m.id)));
print('open all blocks', performance.now() - tOpen, 'ms');

function rollupQuery(ref: number, res: RollupResolution, from: number, to: number): RollupSamples {
  const parts: RollupSamples[] = [];
  for (const r of readers) {
    if (r.meta.maxT <= from || r.meta.minT > to) continue;
    const x = r.readRollup(ref, res, from, to);
    if (x !== null && x.length > 0) parts.push(x);
  }
  return mergeRollups(parts);
}

function rawQuery(ref: number, from: number, to: number): Samples {
  const parts: { s: Samples; priority: number }[] = [];
  for (const r of readers) {
    if (r.meta.maxT <= from || r.meta.minT > to) continue;
    const s = r.readRaw(ref, from, to);
    if (s !== null && s.length > 0) parts.push({ s, priority: r.meta.seq });
  }
  return mergeSamples(parts);
}

let points = 0;
const first = performance.now();
points = rollupQuery(1, '1d', START, END).length;
print('1 series x 460 d at 1 d step, first read', performance.now() - first, 'ms', 3);
print('1 series x 460 d at 1 d step, points', points, 'points', 0);
let ref = 0;
print(
  '1 series x 460 d at 1 d step (median of 200)',
  time(200, () => rollupQuery((ref++ % SERIES) + 1, '1d', START, END)),
  'ms',
  3,
);
print(
  '1 series x 240 d at 1 h step (median of 50)',
  time(50, () => rollupQuery((ref++ % SERIES) + 1, '1h', END - 240 * DAY, END)),
  'ms',
  3,
);
print(
  '1 series x 10 d at 5 m step (median of 50)',
  time(50, () => rollupQuery((ref++ % SERIES) + 1, '5m', END - 10 * DAY, END)),
  'ms',
  3,
);
print(
  '1 series x 10 d at 5 m step computed from raw (median of 50)',
  time(50, () => rollupSamples(rawQuery((ref++ % SERIES) + 1, END - 10 * DAY, END), 5 * MIN)),
  'ms',
  3,
);

// 24 h not aligned to a day, so it spans two day blocks.
const rawFrom = END - 30 * HOUR;
const rawTo = END - 6 * HOUR;
let got = 0;
const rawMs = time(20, () => {
  got = 0;
  for (let i = 1; i <= SERIES; i++) got += rawQuery(i, rawFrom, rawTo).length;
});
print('100 series x 24 h raw (median of 20)', rawMs, 'ms', 3);
print('100 series x 24 h raw, samples', got, 'samples', 0);
print('100 series x 24 h raw, decode rate', got / (rawMs / 1000) / 1e6, 'M samples/s');
const rawOld = time(20, () => {
  for (let i = 1; i <= SERIES; i++) rawQuery(i, START + 100 * DAY, START + 101 * DAY);
});
print('100 series x 24 h raw inside a 28-day block (median of 20)', rawOld, 'ms', 3);
for (const r of readers) r.close();

// 4. Compaction: a day of 2 h blocks into a day block (decode, re-cut), then 7 day blocks
// into a week (chunks copied); once with every part, once with inputs without 5m, into an
// output without 5m and into one with 5m (computed from the inputs' raw).
const cdir = fs.mkdtempSync(path.join(os.tmpdir(), 'saba-block-bench-c-'));
const day0 = END - 7 * DAY;
function compactionInputs(parts?: readonly Resolution[]): { twoHour: BlockMeta[]; days: BlockMeta[] } {
  const p = parts === undefined ? {} : { parts };
  const twoHour: BlockMeta[] = [];
  for (let i = 0; i < 12; i++) {
    const from = day0 + i * 2 * HOUR;
    const spec = { minT: from, maxT: from + 2 * HOUR, seq: i + 1, level: 0, ...p };
    twoHour.push(writeBlock(cdir, spec, blockSeries(from, from + 2 * HOUR)));
  }
  const days: BlockMeta[] = [];
  for (let d = 1; d < 7; d++) {
    const from = day0 + d * DAY;
    days.push(
      writeBlock(cdir, { minT: from, maxT: from + DAY, seq: 100 + d, level: 1, ...p }, blockSeries(from, from + DAY)),
    );
  }
  return { twoHour, days };
}
// Median of 3 runs over the same inputs: single runs of one step varied 3x (218 vs 68 ms) on a busy 2-core host.
function runCompaction(
  inputs: BlockMeta[],
  safeBefore: number,
  label: string,
  parts?: readonly Resolution[],
): BlockMeta {
  const plan = planCompaction(inputs, { safeBefore });
  if (plan === null) throw new Error(`no plan for ${label}`);
  const rs = plan.blocks.map((m) => BlockReader.open(path.join(cdir, m.id)));
  let out: BlockMeta | undefined;
  const ms = time(3, () => {
    out = compactBlocks(cdir, plan, rs, parts === undefined ? {} : { parts });
  });
  for (const r of rs) r.close();
  const done = out as BlockMeta;
  print(`compact ${label} (median of 3)`, ms, 'ms');
  print(`compact ${label} throughput`, done.stats.samples / (ms / 1000) / 1e6, 'M samples/s');
  return done;
}
const full = compactionInputs();
const daily = runCompaction(full.twoHour, day0 + DAY, '12 x 2 h -> 1 d (re-chunk)');
runCompaction([daily, ...full.days], day0 + 7 * DAY, '7 x 1 d -> 7 d (copy)');
const lean = compactionInputs(NO_5M);
const leanDaily = runCompaction(lean.twoHour, day0 + DAY, '12 x 2 h -> 1 d, no 5m in or out', NO_5M);
runCompaction([leanDaily, ...lean.days], day0 + 7 * DAY, '7 x 1 d -> 7 d, no 5m in or out', NO_5M);
const back = compactionInputs(NO_5M);
const backDaily = runCompaction(back.twoHour, day0 + DAY, '12 x 2 h -> 1 d, 5m computed from raw');
runCompaction([backDaily, ...back.days], day0 + 7 * DAY, '7 x 1 d -> 7 d, 5m computed from raw for 6 inputs');

fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(dirNo5m, { recursive: true, force: true });
fs.rmSync(cdir, { recursive: true, force: true });
