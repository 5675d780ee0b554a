// Head memory per active series: 100k series of the host mix with 3 h of one-minute data in the
// head (no cut), appended through the appender minute by minute. Memory is V8's live heap plus
// array buffers (process.memoryUsage heapUsed + arrayBuffers) after a full GC, before and after,
// divided by the series; the generated data is allocated before the first figure and kept alive
// past the second, and the label strings are created only after the first, so every byte the
// engine keeps (labels, index, head chunks) counts. The peer: Prometheus 2.42's live heap per
// head series after a WAL replay of the same mix (tools/prometheus-peer/replay.ts), at the same
// 100k series by default (SABA_BENCH_PEER_SERIES=20000 runs it, and Saba again, at 20k).
// Run: node --expose-gc --import tsx packages/tsdb/src/bench/head-memory.bench.ts  (~2 min)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labelsFromRecord, orgId, type SeriesRef, type UnixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { mixSamples, mixSeries } from '../../../../tools/datagen/mix.ts';
import { measureReplay } from '../../../../tools/prometheus-peer/replay.ts';
import { PROMETHEUS_BIN, prometheusInstalled } from '../../../../tools/prometheus-peer/server.ts';
import { Tsdb } from '../db.ts';
import { FakeClock } from './ingest.ts';
import { liveBytes, print, printMachine, printPrometheusVersion } from './report.ts';

const SERIES = 100_000;
const PEER_SERIES = Number(process.env.SABA_BENCH_PEER_SERIES ?? 100_000);
const COUNT = 180; // 3 h at 1/min
const MIN = 60_000;
const START = Date.UTC(2024, 0, 1);
const ORG = orgId('bench');
const TARGET = 2048;

// Minute-major values: sample (series k, minute i) at i * SERIES + k (288 MB, allocated up front).
const TS = new Float64Array(COUNT * SERIES);
const VS = new Float64Array(COUNT * SERIES);
for (const s of mixSeries(SERIES)) {
  const g = mixSamples(s, START + 30_000, COUNT);
  for (let i = 0; i < COUNT; i++) {
    TS[i * SERIES + s.index] = g.ts[i] as number;
    VS[i * SERIES + s.index] = g.vs[i] as number;
  }
}

/** Fills the head of a fresh Tsdb with the first `n` series; prints memory per series. */
async function measure(n: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saba-headmem-bench-'));
  const clock = new FakeClock(START);
  // fsync 'never': the head is the same either way and the shared disk is spared 180 fsyncs.
  const db = await Tsdb.open({ dir, fsync: 'never', clock: clock.read, maintenanceIntervalMs: 0 });
  try {
    const refs = new Uint32Array(n);
    const before = liveBytes();
    // Minute 0 creates the series from fresh label strings that only the engine keeps.
    clock.now = START + MIN;
    let app = db.appender(ORG);
    for (const s of mixSeries(n)) {
      const labels = labelsFromRecord({ __name__: s.name, ...s.labels });
      refs[s.index] = app.append(labels, TS[s.index] as UnixMs, VS[s.index] as number);
    }
    await app.commit();
    app = db.appender(ORG); // the committed appender keeps 2 MB of buffers; drop them
    const created = liveBytes();
    for (let i = 1; i < COUNT; i++) {
      clock.now = START + (i + 1) * MIN;
      app = db.appender(ORG);
      const base = i * SERIES;
      for (let k = 0; k < n; k++) app.appendRef(refs[k] as SeriesRef, TS[base + k] as UnixMs, VS[base + k] as number);
      await app.commit();
    }
    app = db.appender(ORG); // drop the last appender's buffers before measuring
    const after = liveBytes();
    const perSeries = (after - before) / n;
    const label = `${n / 1000}k series × 3 h`;
    print(`saba head memory/series ${label} (heapUsed+arrayBuffers after GC)`, perSeries, 'B', 0);
    print(
      `saba head memory/series ${label}: series, labels and index only (after minute 0)`,
      (created - before) / n,
      'B',
      0,
    );
    print(`saba head memory/series ${label}: sample data (179 more minutes)`, (after - created) / n, 'B', 0);
    print(`saba head memory/sample ${label}`, (after - before) / (n * COUNT), 'B');
    print(`saba head memory total ${label}`, (after - before) / 2 ** 20, 'MiB', 1);
    // Checked after measuring (reading allocates): every sample is in the head.
    const st = db.stats();
    if (st.headSeries !== n || st.samplesAppended !== n * COUNT) {
      throw new Error(`head has ${st.headSeries} series, ${st.samplesAppended} samples appended`);
    }
    const q = db.querier(ORG, START as UnixMs, (START + (COUNT + 1) * MIN) as UnixMs);
    const one = q.select([matcher('=', 'host', 'host7')]);
    for (const s of one) if (s.samples().length !== COUNT) throw new Error(`${s.ref}: ${s.samples().length} samples`);
    if (TS.length + VS.length === 0) throw new Error('unreachable'); // keeps the data alive past `after`
    return perSeries;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

printMachine(`${SERIES.toLocaleString('en-US')} mix series × ${COUNT} one-minute samples (3 h) in the head`);
const saba = await measure(SERIES);
console.log(`target <= ${TARGET} B/series at 100k series: ${saba <= TARGET ? 'met' : 'not met'}`);
// The peer may run at a smaller scale (SABA_BENCH_PEER_SERIES); Saba is measured there too.
const sabaAtPeer = PEER_SERIES === SERIES ? saba : await measure(PEER_SERIES);

if (prometheusInstalled()) {
  printPrometheusVersion(PROMETHEUS_BIN);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saba-headmem-prom-'));
  try {
    const r = await measureReplay({ storageDir: dir, series: PEER_SERIES, hours: 3 });
    const label = `${r.series / 1000}k series × 3 h`;
    print(
      `prometheus memory/head series ${label} (live heap after GC, after WAL replay, minus empty)`,
      r.heapPerSeries,
      'B',
      0,
    );
    print(
      `prometheus memory/head series ${label} before restart (live heap after GC, minus empty)`,
      (r.loaded.heapAllocBytes - r.empty.heapAllocBytes) / r.loaded.headSeries,
      'B',
      0,
    );
    print(`prometheus RSS/head series ${label} (minus empty)`, r.rssPerSeries, 'B', 0);
    print(`ratio saba/prometheus head memory/series ${label}`, sabaAtPeer / r.heapPerSeries, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('prometheus: not installed (/usr/bin/prometheus), peer skipped');
}
