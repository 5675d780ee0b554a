// Restart with a full head, Saba next to Prometheus 2.42: 20k series of the host mix × 3 h of
// one-minute samples, all still in the head (no cut), so a restart replays them from the WAL.
// Saba: the time of Tsdb.open on that directory in this process (first open and median of 5),
// and a new node process from spawn until the Tsdb is open (tsx start-up included, as the
// server runs today). Prometheus: the same data by remote write, SIGKILL, then spawn until
// /-/ready and the replay duration it logs (tools/prometheus-peer/replay.ts).
// Run: node --expose-gc --import tsx packages/tsdb/src/bench/replay.bench.ts  (~2 min)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { orgId, type UnixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { generateMix, sampleCount } from '../../../../tools/prometheus-peer/mix-data.ts';
import { measureReplay } from '../../../../tools/prometheus-peer/replay.ts';
import { PROMETHEUS_BIN, prometheusInstalled } from '../../../../tools/prometheus-peer/server.ts';
import { Tsdb } from '../db.ts';
import { FakeClock, ingestByMinute, ingestSeries } from './ingest.ts';
import { liveBytes, median, print, printMachine, printPrometheusVersion } from './report.ts';

const SERIES = 20_000;
const COUNT = 180; // 3 h at 1/min
const MIN = 60_000;
const END = Math.floor(Date.now() / MIN) * MIN; // Prometheus's head must hold it, so "now"
const START = END - (COUNT - 1) * MIN;
const ORG = orgId('bench');
const OPENS = 5;
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const DB_TS = fileURLToPath(new URL('../db.ts', import.meta.url));

/** Spawns a node process that opens `dir` and prints when it is open; ms from spawn to that line. */
function childOpen(dir: string): Promise<number> {
  const script = `import { Tsdb } from ${JSON.stringify(DB_TS)};
const db = await Tsdb.open({ dir: ${JSON.stringify(dir)}, maintenanceIntervalMs: 0 });
process.stdout.write('ready\\n');
await db.close();`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let readyMs = -1;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      if (readyMs < 0 && s.includes('ready')) readyMs = performance.now() - t0;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && readyMs >= 0) resolve(readyMs);
      else reject(new Error(`child open of ${dir} exited with ${code}`));
    });
  });
}

/**
 * Opens `dir` in process `OPENS` times; the first open is checked to hold every sample, and
 * what it keeps in memory (live heap + array buffers after GC) is returned as `bytes`.
 */
async function timeOpens(dir: string, clock: FakeClock, expect: number): Promise<{ runs: number[]; bytes: number }> {
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < OPENS; i++) {
    const before = liveBytes();
    const t0 = performance.now();
    const db = await Tsdb.open({ dir, clock: clock.read, maintenanceIntervalMs: 0 });
    runs.push(performance.now() - t0);
    try {
      if (i === 0) bytes = liveBytes() - before;
      if (i === 0 && expect > 0) {
        const q = db.querier(ORG, (START - MIN) as UnixMs, (END + MIN) as UnixMs); // ±1 s jitter at the edges
        let n = 0;
        for (const s of q.select([matcher('=~', '__name__', '.+')])) n += s.samples().length;
        if (n !== expect) throw new Error(`after open the head holds ${n} of ${expect} samples`);
      }
    } finally {
      await db.close();
    }
  }
  return { runs, bytes };
}

async function saba(root: string): Promise<{ openMs: number; childMs: number }> {
  const dir = path.join(root, 'saba');
  const empty = path.join(root, 'saba-empty');
  const data = generateMix({ series: SERIES, startMs: START, count: COUNT });
  const clock = new FakeClock(START);
  const db = await Tsdb.open({ dir, clock: clock.read, maintenanceIntervalMs: 0 }); // fsync 'batch', the default
  const series = ingestSeries(data);
  const r = await ingestByMinute(db, clock, {
    org: ORG,
    series,
    count: COUNT,
    startMs: START,
    intervalMs: MIN,
    // As a live server: its timer runs maintenance every minute (head snapshots every 10 min).
    maintainEveryMs: MIN,
  });
  if (r.accepted !== sampleCount(data)) throw new Error(`saba accepted ${r.accepted} of ${r.samples}`);
  const walBytes = db.stats().walBytes;
  print(`saba blocks cut from the head during ingest`, db.stats().blocks, '', 0);
  await db.close(); // the head is not flushed at close: the next open replays the WAL, as after a kill
  print(`saba WAL + series log ${SERIES / 1000}k series × 3 h`, walBytes / 2 ** 20, 'MiB', 1);
  print(`saba WAL + series log per ingested sample (WAL trimmed at each snapshot)`, walBytes / r.accepted, 'B');
  const { runs: opens, bytes } = await timeOpens(dir, clock, r.accepted);
  const { runs: emptyOpens } = await timeOpens(empty, clock, 0);
  const label = `${SERIES / 1000}k series × 3 h`;
  print(`saba memory/head series ${label} after open (heapUsed+arrayBuffers after GC)`, bytes / SERIES, 'B', 0);
  print(`saba Tsdb.open (head snapshot + WAL since) ${label}, first`, opens[0] as number, 'ms', 0);
  print(`saba Tsdb.open (head snapshot + WAL since) ${label}, median of ${OPENS}`, median(opens), 'ms', 0);
  print('saba Tsdb.open empty, median', median(emptyOpens), 'ms', 1);
  const child = [await childOpen(dir), await childOpen(dir), await childOpen(dir)];
  const childEmpty = [await childOpen(empty), await childOpen(empty), await childOpen(empty)];
  print(`saba new process until open ${label} (node + tsx start-up), median of 3`, median(child), 'ms', 0);
  print('saba new process until open, empty directory, median of 3', median(childEmpty), 'ms', 0);
  return { openMs: median(opens), childMs: median(child) };
}

async function main(): Promise<void> {
  printMachine(`${SERIES.toLocaleString('en-US')} mix series × ${COUNT} one-minute samples (3 h) in the head/WAL`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'saba-replay-bench-'));
  try {
    const s = await saba(root);
    if (!prometheusInstalled()) {
      console.log('prometheus: not installed (/usr/bin/prometheus), peer skipped');
      return;
    }
    printPrometheusVersion(PROMETHEUS_BIN);
    const p = await measureReplay({ storageDir: path.join(root, 'prom'), series: SERIES, hours: 3, endMs: END });
    const label = `${p.series / 1000}k series × 3 h`;
    print(`prometheus WAL replay ${label} (logged total_replay_duration)`, p.replayMs, 'ms', 0);
    print(`prometheus restart until ready ${label}`, p.restartReadyMs, 'ms', 0);
    print('prometheus empty start until ready', p.emptyReadyMs, 'ms', 0);
    print(
      `prometheus memory/head series ${label} after WAL replay (live heap after GC, minus empty)`,
      p.heapPerSeries,
      'B',
      0,
    );
    print(`prometheus head load by remote write ${label}`, p.samples / (p.loadMs / 1000), 'samples/s', 0);
    print('ratio saba/prometheus replay (Tsdb.open vs logged replay)', s.openMs / p.replayMs, '');
    print('ratio saba/prometheus restart until ready (new process)', s.childMs / p.restartReadyMs, '');
    const met = s.openMs <= p.replayMs ? 'met' : 'not met';
    console.log(`target saba Tsdb.open <= prometheus replay: ${met}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
