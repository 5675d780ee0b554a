// In-process append throughput at 100k series of the host mix, batched as an agent fleet posts:
// every batch holds one sample per series (one minute of the fleet). Commits of 100k samples
// one after another, and ten commits of 10k samples in flight together; fsync 'batch' (the
// default: durable before the commit resolves) and 'never'. Reported per CPU-second of the
// whole process (process.cpuUsage: the main thread plus libuv's fsync threads) and per wall
// second. Prometheus has no in-process figure here: its head append is Go, measured by its own
// Go benchmarks; the replay benchmark reports its remote-write load rate instead.
// Run: node --expose-gc --import tsx packages/tsdb/src/bench/append.bench.ts  (~1 min)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Labels, labelsFromRecord, orgId, type SeriesRef, type UnixMs } from '@saba/model';
import type { Appender } from '@saba/storage';
import { mixSamples, mixSeries } from '../../../../tools/datagen/mix.ts';
import { Tsdb } from '../db.ts';
import type { FsyncPolicy } from '../wal/index.ts';
import { FakeClock } from './ingest.ts';
import { gc, print, printMachine } from './report.ts';

const SERIES = 100_000;
// Minute 0 creates the series; 5 warm-up minutes let V8 optimise; 60 timed minutes cover
// ~4 head chunk closes per series (16 samples each), which the steady state includes.
const WARMUP = 5;
const TIMED = 60;
const STEPS = 1 + WARMUP + TIMED;
const MIN = 60_000;
const START = Date.UTC(2024, 0, 1);
const ORG = orgId('bench');
const TARGET = 2_000_000;

interface Config {
  readonly fsync: FsyncPolicy;
  /** Samples per commit; SERIES / commitSize commits are in flight together. */
  readonly commitSize: number;
  readonly byLabels: boolean;
}

const CONFIGS: readonly Config[] = [
  { fsync: 'batch', commitSize: 100_000, byLabels: false },
  { fsync: 'batch', commitSize: 10_000, byLabels: false },
  { fsync: 'never', commitSize: 100_000, byLabels: false },
  { fsync: 'never', commitSize: 10_000, byLabels: false },
  { fsync: 'batch', commitSize: 100_000, byLabels: true },
];

// Values as the mix generates them, minute-major: sample (series k, minute i) at i * SERIES + k.
const mix = mixSeries(SERIES);
const labels: Labels[] = mix.map((s) => labelsFromRecord({ __name__: s.name, ...s.labels }));
const TS = new Float64Array(STEPS * SERIES);
const VS = new Float64Array(STEPS * SERIES);
for (const s of mix) {
  const g = mixSamples(s, START + 30_000, STEPS);
  for (let i = 0; i < STEPS; i++) {
    TS[i * SERIES + s.index] = g.ts[i] as number;
    VS[i * SERIES + s.index] = g.vs[i] as number;
  }
}

/** Appends minute `i` of series [from, to) to `app`. */
function fill(app: Appender, refs: Uint32Array, i: number, from: number, to: number, byLabels: boolean): void {
  const base = i * SERIES;
  if (byLabels || i === 0) {
    for (let k = from; k < to; k++)
      refs[k] = app.append(labels[k] as Labels, TS[base + k] as UnixMs, VS[base + k] as number);
  } else {
    for (let k = from; k < to; k++) app.appendRef(refs[k] as SeriesRef, TS[base + k] as UnixMs, VS[base + k] as number);
  }
}

/** Commits minute `i` of every series as SERIES / commitSize concurrent commits. */
async function step(db: Tsdb, refs: Uint32Array, i: number, c: Config): Promise<void> {
  const commits: Promise<unknown>[] = [];
  for (let from = 0; from < SERIES; from += c.commitSize) {
    const app = db.appender(ORG);
    fill(app, refs, i, from, Math.min(SERIES, from + c.commitSize), c.byLabels);
    commits.push(app.commit());
  }
  const results = (await Promise.all(commits)) as { accepted: number }[];
  const accepted = results.reduce((a, r) => a + r.accepted, 0);
  if (accepted !== SERIES) throw new Error(`minute ${i}: accepted ${accepted} of ${SERIES}`);
}

async function run(c: Config): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saba-append-bench-'));
  const clock = new FakeClock(START);
  const db = await Tsdb.open({ dir, fsync: c.fsync, clock: clock.read, maintenanceIntervalMs: 0 });
  try {
    const refs = new Uint32Array(SERIES);
    clock.now = START + MIN;
    const t0 = performance.now();
    await step(db, refs, 0, c);
    const createMs = performance.now() - t0;
    for (let i = 1; i <= WARMUP; i++) {
      clock.now = START + (i + 1) * MIN;
      await step(db, refs, i, c);
    }
    gc();
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    for (let i = WARMUP + 1; i < STEPS; i++) {
      clock.now = START + (i + 1) * MIN;
      await step(db, refs, i, c);
    }
    const wallS = (performance.now() - w0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const samples = TIMED * SERIES;
    const name = `saba append ${SERIES / 1000}k series, ${c.commitSize / 1000}k-sample commits ×${SERIES / c.commitSize} concurrent, fsync ${c.fsync}, by ${c.byLabels ? 'labels' : 'ref'}`;
    print(`${name}: per CPU-second`, samples / cpuS, 'samples/CPU-s', 0);
    print(`${name}: wall`, samples / wallS, 'samples/s', 0);
    print(`${name}: CPU share system`, cpu.system / (cpu.user + cpu.system), '', 2);
    print(`${name}: first commit (creates the series)`, createMs, 'ms', 0);
    if (c.fsync === 'batch' && c.commitSize === SERIES && !c.byLabels) {
      const met = samples / cpuS >= TARGET ? 'met' : 'not met';
      console.log(
        `target >= ${TARGET.toLocaleString('en-US')} samples/CPU-s (fsync batch, 100k commits, by ref): ${met}`,
      );
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

printMachine(
  `${SERIES.toLocaleString('en-US')} mix series, ${TIMED} timed batches of one sample per series (${((TIMED * SERIES) / 1e6).toFixed(1)} M samples) after ${WARMUP} warm-up batches`,
);
for (const c of CONFIGS) await run(c);
