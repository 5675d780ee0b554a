// Range reads, Saba next to Prometheus 2.42 on the same data:
// 1. 100 series × 24 h at 1 min ({host="host7"} of the 4,000-series × 2-day host mix, the 24 h
//    crossing from day 1 into day 2): Prometheus's query_range (HTTP + PromQL + JSON, timed by
//    the client) against Saba in-process (select + raw read), Saba plus step evaluation and the
//    same JSON matrix, and that over HTTP on loopback (a node:http server in this process).
//    Saba's answer is checked point for point against Prometheus's.
// 2. One series over 460 days at a 1-day step, from the 1d rollups of a 460-day history laid
//    out as compaction leaves it (28-day, 7-day and 1-day blocks), through Tsdb.querier.
// Both engines are timed only once Prometheus has settled (compaction done), one at a time.
// Run: node --expose-gc --import tsx packages/tsdb/src/bench/query.bench.ts  (~3 min)

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { labelsFromRecord, orgId, type UnixMs } from '@saba/model';
import { type Matcher, matcher } from '@saba/storage';
import { mixSamples, mixSeries } from '../../../../tools/datagen/mix.ts';
import { BENCH_QUERY, BENCH_SIZE } from '../../../../tools/prometheus-peer/bench-data.ts';
import type { CompactedStorage } from '../../../../tools/prometheus-peer/blocks.ts';
import { measurePrometheusStorage } from '../../../../tools/prometheus-peer/blocks.ts';
import { generateMix, promLabels, sampleCount } from '../../../../tools/prometheus-peer/mix-data.ts';
import type { MatrixSeries, QueryTiming } from '../../../../tools/prometheus-peer/query.ts';
import { percentile, queryRange, timeQueryRange } from '../../../../tools/prometheus-peer/query.ts';
import { PROMETHEUS_BIN, prometheusInstalled } from '../../../../tools/prometheus-peer/server.ts';
import { type BlockSeriesInput, writeBlock } from '../block/index.ts';
import { Tsdb } from '../db.ts';
import { FakeClock, ingestByMinute, ingestSeries, settle } from './ingest.ts';
import { encodeMatrix, evalAtSteps, LOOKBACK_MS } from './matrix-json.ts';
import { median, print, printMachine, printPrometheusVersion } from './report.ts';

const SIZE = BENCH_SIZE;
const QUERY = BENCH_QUERY;
const MATCHERS: readonly Matcher[] = [matcher('=', 'host', 'host7')];
const POINTS = (QUERY.endMs - QUERY.startMs) / QUERY.stepMs + 1;
const RUNS = 20;
const WARMUP = 2;
const ORG = orgId('bench');

/** Median and p90 of `RUNS` timed runs of `f` after `WARMUP` untimed ones. */
async function timeRuns(f: () => unknown | Promise<unknown>): Promise<{ medianMs: number; p90Ms: number }> {
  const runs: number[] = [];
  for (let i = -WARMUP; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    if (i >= 0) runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { medianMs: percentile(runs, 0.5), p90Ms: percentile(runs, 0.9) };
}

/** Saba's raw samples of the query's series, as storage returns them. */
function readRaw(db: Tsdb, from: number, to: number) {
  const q = db.querier(ORG, from as UnixMs, to as UnixMs);
  return q.select(MATCHERS).map((s) => ({ labels: s.labels, samples: s.samples() }));
}

/** Saba's answer to the range query as Prometheus's JSON body. */
function answer(db: Tsdb): string {
  const raw = readRaw(db, QUERY.startMs - LOOKBACK_MS, QUERY.endMs);
  return encodeMatrix(raw.map((r) => evalAtSteps(r.labels, r.samples, QUERY.startMs, QUERY.endMs, QUERY.stepMs)));
}

/** Serves Saba's answer at /api/v1/query_range on loopback; only the benchmark's query. */
async function serve(db: Tsdb): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query');
    if (q !== QUERY.query) {
      res.writeHead(400).end('{"status":"error"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer(db));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${addr.port}`, server };
}

function sameMatrix(a: readonly MatrixSeries[], b: readonly MatrixSeries[]): string | null {
  if (a.length !== b.length) return `${a.length} vs ${b.length} series`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as MatrixSeries;
    const y = b[i] as MatrixSeries;
    if (JSON.stringify(x.metric) !== JSON.stringify(y.metric)) return `series ${i}: labels differ`;
    if (x.ts.length !== y.ts.length) return `series ${i}: ${x.ts.length} vs ${y.ts.length} points`;
    for (let k = 0; k < x.ts.length; k++) {
      if (x.ts[k] !== y.ts[k] || !Object.is(x.vs[k], y.vs[k])) return `series ${i} point ${k} differs`;
    }
  }
  return null;
}

/** Times Saba's three ways; returns the figures and the parsed HTTP answer for the cross-check. */
async function timeSaba(db: Tsdb) {
  const raw = readRaw(db, QUERY.startMs, QUERY.endMs);
  const samples = raw.reduce((a, r) => a + r.samples.length, 0);
  if (raw.length !== 100 || samples !== 100 * (POINTS - 1))
    throw new Error(`saba read ${raw.length} series, ${samples} samples`);
  const inProcess = await timeRuns(() => readRaw(db, QUERY.startMs, QUERY.endMs));
  const withJson = await timeRuns(() => answer(db));
  const { url, server } = await serve(db);
  try {
    const opts = { repeat: RUNS, warmup: WARMUP, expectSeries: 100, expectPointsPerSeries: POINTS };
    const http = await timeQueryRange(url, QUERY, opts);
    const matrix = await queryRange(url, QUERY);
    return { inProcess, withJson, http, matrix, bytes: answer(db).length };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function sabaDb(root: string, data: ReturnType<typeof generateMix>): Promise<Tsdb> {
  const clock = new FakeClock(SIZE.startMs);
  const db = await Tsdb.open({
    dir: path.join(root, 'saba'),
    fsync: 'never',
    clock: clock.read,
    maintenanceIntervalMs: 0,
  });
  const series = ingestSeries(data);
  const r = await ingestByMinute(db, clock, {
    org: ORG,
    series,
    count: SIZE.count,
    startMs: SIZE.startMs - 30_000,
    intervalMs: 60_000,
  });
  if (r.accepted !== sampleCount(data)) throw new Error(`saba accepted ${r.accepted} of ${r.samples}`);
  await settle(db, clock, Date.UTC(2024, 0, 4, 2)); // both days compacted into day blocks
  return db;
}

function printTiming(name: string, t: { medianMs: number; p90Ms: number }): void {
  print(`${name} median`, t.medianMs, 'ms');
  print(`${name} p90`, t.p90Ms, 'ms');
}

const DAY = 86_400_000;
const LONG = { series: 10, days: 460, end: Date.UTC(2025, 5, 1) } as const;
const LONG_TARGET_MS = 20;

/**
 * Builds 460 days × 10 series as compaction leaves them (block.bench.ts's layout: 28-day
 * blocks, then 7-day and 1-day ones up to a UTC midnight "now") plus 10 minutes in the head,
 * opens a Tsdb on it and times one series' 1d rollups over the whole range.
 */
async function timeLongRange(dir: string): Promise<void> {
  const start = LONG.end - LONG.days * DAY;
  const clock = new FakeClock(LONG.end + 10 * 60_000);
  const opts = { dir, fsync: 'never', clock: clock.read, maintenanceIntervalMs: 0 } as const;
  const mix = mixSeries(LONG.series);
  // The series must be in the series log to be found: the appender logs them (refs 1..10).
  let db = await Tsdb.open(opts);
  const app = db.appender(ORG);
  const refs = mix.map((s) => {
    const g = mixSamples(s, LONG.end + 30_000, 10);
    let ref = 0;
    for (let i = 0; i < 10; i++)
      ref = app.append(labelsFromRecord(promLabels(s)), g.ts[i] as UnixMs, g.vs[i] as number);
    return ref;
  });
  await app.commit();
  await db.close();
  const t0 = performance.now();
  let seq = 0;
  let samples = 0;
  for (let cur = start; cur < LONG.end; ) {
    for (const [width, level] of [
      [28 * DAY, 3],
      [7 * DAY, 2],
      [DAY, 1],
    ] as const) {
      const w = Math.floor(cur / width) * width;
      if (w + width > LONG.end) continue;
      const count = Math.floor((w + width - cur) / 60_000);
      const series = mix.map((s, i): BlockSeriesInput => {
        const g = mixSamples(s, cur + 30_000, count);
        return { ref: refs[i] as number, ts: g.ts, vs: g.vs, length: count };
      });
      samples += writeBlock(path.join(dir, 'blocks'), { minT: w, maxT: w + width, seq: ++seq, level }, series).stats
        .samples;
      cur = w + width;
      break;
    }
  }
  print(`saba 460 d history: blocks written (${samples} samples, ${LONG.series} series)`, seq, 'blocks', 0);
  print('saba 460 d history: build time', (performance.now() - t0) / 1000, 's', 1);
  db = await Tsdb.open(opts);
  try {
    const read = (i: number) => {
      const s = mix[i % LONG.series] as (typeof mix)[number];
      const q = db.querier(ORG, start as UnixMs, (LONG.end + DAY - 1) as UnixMs);
      const [series] = q.select([matcher('=', '__name__', s.name), matcher('=', 'host', s.labels.host as string)]);
      if (series === undefined) throw new Error(`${s.name} not found`);
      return series.rollup('1d');
    };
    const t1 = performance.now();
    const first = read(0);
    const firstMs = performance.now() - t1;
    if (first.length !== LONG.days + 1) throw new Error(`1d rollup has ${first.length} points, want ${LONG.days + 1}`);
    const runs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      read(i);
      runs.push(performance.now() - t);
    }
    const med = median(runs);
    print('saba 1 series × 460 d step 1 d (1d rollups), points', first.length, 'points', 0);
    print('saba 1 series × 460 d step 1 d, first read', firstMs, 'ms', 3);
    print('saba 1 series × 460 d step 1 d, median of 200', med, 'ms', 3);
    print(
      'saba 1 series × 460 d step 1 d, p90 of 200',
      percentile(
        runs.sort((a, b) => a - b),
        0.9,
      ),
      'ms',
      3,
    );
    console.log(`target 1 series × 460 d step 1 d < ${LONG_TARGET_MS} ms: ${med < LONG_TARGET_MS ? 'met' : 'not met'}`);
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const mix = generateMix(SIZE);
  printMachine(
    `${SIZE.series} series × ${SIZE.count} samples at 60 s (2 days); query ${QUERY.query} 100 series × 24 h step 60 s; 460 d × 10 series for the long range`,
  );
  const root = mkdtempSync(path.join(os.tmpdir(), 'saba-query-bench-'));
  let db: Tsdb | undefined;
  // Saba ingests while promtool imports; nothing is timed until both are done.
  const sabaP = sabaDb(root, mix).then((d) => {
    db = d;
    return d;
  });
  const sabaReady = sabaP.then(
    () => null,
    (e: unknown) => e,
  );
  try {
    let prom: QueryTiming | undefined;
    let promMatrix: MatrixSeries[] | undefined;
    let saba: Awaited<ReturnType<typeof timeSaba>> | undefined;
    let storage: CompactedStorage | undefined;
    if (prometheusInstalled()) {
      printPrometheusVersion(PROMETHEUS_BIN);
      const r = await measurePrometheusStorage(mix, path.join(root, 'prom'), {
        whileRunning: async (server) => {
          const err = await sabaReady;
          if (err !== null) throw err;
          prom = await timeQueryRange(server.url, QUERY, {
            repeat: RUNS,
            warmup: WARMUP,
            expectSeries: 100,
            expectPointsPerSeries: POINTS,
          });
          promMatrix = await queryRange(server.url, QUERY);
          saba = await timeSaba(await sabaP);
        },
      });
      storage = { size: r.compacted, compaction: r.compaction };
    } else {
      console.log('prometheus: not installed (/usr/bin/prometheus), peer skipped');
      saba = await timeSaba(await sabaP);
    }
    if (saba === undefined) throw new Error('saba timing did not run');
    printTiming('saba 100 series × 24 h raw read in-process', saba.inProcess);
    printTiming('saba 100 series × 24 h step 60 s in-process incl. JSON matrix', saba.withJson);
    printTiming('saba 100 series × 24 h step 60 s over HTTP (node:http, loopback)', saba.http);
    print('saba answer bytes', saba.bytes, 'B', 0);
    if (prom !== undefined && promMatrix !== undefined && storage !== undefined) {
      const blocks = storage.size.blocks.map((b) => `${Math.round((b.maxTime - b.minTime) / 3_600_000)}h`).join(' ');
      console.log(`prometheus blocks: ${blocks}`);
      printTiming('prometheus query_range 100 series × 24 h step 60 s', prom);
      const diff = sameMatrix(saba.matrix, promMatrix);
      console.log(`saba answer equals prometheus answer: ${diff === null ? 'yes' : `no (${diff})`}`);
      print('ratio saba/prometheus 24 h read (in-process raw)', saba.inProcess.medianMs / prom.medianMs, '');
      print('ratio saba/prometheus 24 h read (in-process incl. JSON)', saba.withJson.medianMs / prom.medianMs, '');
      print('ratio saba/prometheus 24 h read (both over HTTP)', saba.http.medianMs / prom.medianMs, '');
      const met = saba.withJson.medianMs <= prom.medianMs ? 'met' : 'not met';
      console.log(`target saba incl. JSON <= prometheus query_range (medians): ${met}`);
    }
    if (db !== undefined) await db.close();
    db = undefined;
    await timeLongRange(path.join(root, 'long'));
  } finally {
    await sabaReady; // never delete the directory under a running ingest
    if (db !== undefined) await db.close();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
