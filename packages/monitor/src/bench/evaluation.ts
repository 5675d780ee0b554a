// Part 1 of the monitor benchmark: the engine judging a fleet's posts in-process, over a real
// SQLite catalog and the real tsdb (given as a Storage), on a simulated clock that moves one
// minute per round. CPU is read with process.cpuUsage() around each hostMetricsPosted call only;
// the ingest of the same post is measured apart.
import { performance } from 'node:perf_hooks';
import { type Catalog, newId, openCatalog } from '@saba/catalog';
import { MackerelIngest } from '@saba/ingest';
import { type HostId, type OrgId, unixMs } from '@saba/model';
import type { Storage } from '@saba/storage';
import { LatencyRecorder, type LatencySummary } from '../../../../tools/loadgen/latency.ts';
import type { NotifyEvent } from '../alerts/events.ts';
import { MonitorEngine } from '../engine/engine.ts';
import type { AlertWrites } from '../engine/ports.ts';
import { storagePointReader } from '../engine/storage-points.ts';
import { type FleetShape, hostBatch, judgementsPerMinute } from './fleet.ts';
import { buildOnTmpfs } from './fleet-catalog.ts';

/** The clock the engine and the tsdb share, in epoch seconds; the bench moves it. */
export interface SimClock {
  sec: number;
}

/** How part 1 runs. */
export interface EvaluationOptions {
  readonly storage: Storage;
  readonly clock: SimClock;
  /** Where the catalog file goes (on the disk the run measures). */
  readonly catalogPath: string;
  readonly shape: FleetShape;
  /** Minutes of history posted before the engine starts, for the first judgement's 24 h read. */
  readonly historyMinutes: number;
  /** Minutes before the measured ones; the first of them is the cold start. */
  readonly warmupMinutes: number;
  readonly measuredMinutes: number;
  /** Called as the measured minutes start and after they end (a CPU profile, when asked for). */
  readonly onMeasure?: (phase: 'start' | 'end') => Promise<void>;
}

/** One simulated minute: every host posted once. */
export interface MinuteFigures {
  readonly engineCpuS: number;
  readonly engineWallS: number;
  readonly ingestCpuS: number;
  readonly ingestWallS: number;
  /** Wall time of one hostMetricsPosted call (one post's job, store write included). */
  readonly perPost: LatencySummary;
}

/** What the alert store was asked to write. */
export interface StoreWrites {
  batches: number;
  alerts: number;
  logs: number;
  states: number;
  dropStates: number;
}

/** Everything part 1 measured. */
export interface EvaluationResult {
  readonly monitors: number;
  /** Wall time to write the fleet's catalog (on tmpfs). */
  readonly setupWallS: number;
  readonly judgementsPerMinute: number;
  readonly historySamples: number;
  readonly historyWallS: number;
  readonly engineStartMs: number;
  readonly minutes: readonly MinuteFigures[];
  /** Events handed over in the measured minutes, by kind. */
  readonly events: ReadonlyMap<string, number>;
  readonly writes: StoreWrites;
  readonly openAlertsAtEnd: number;
  readonly recentSeries: number;
  readonly rssBytes: number;
  /** V8 heap in use after a full GC, at the end and before the engine started. */
  readonly heapBytes: number;
  readonly heapBeforeEngineBytes: number;
  readonly logLines: readonly string[];
}

function fullGc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

/** Hosts per history post: an agent catching up sends many minutes at once, and fewer commits keep the setup short. */
const HISTORY_HOSTS_PER_POST = 100;

/** Posts `o.historyMinutes` minutes of history (times before `t0`) for every host. */
async function postHistory(
  o: EvaluationOptions,
  ingest: MackerelIngest,
  catalog: Catalog,
  org: OrgId,
  hostIds: readonly HostId[],
  t0: number,
): Promise<number> {
  const lookup = (g: OrgId, ids: readonly HostId[]) => catalog.hosts.states(g, ids);
  let samples = 0;
  for (let m = -o.historyMinutes; m < 0; m++) {
    o.clock.sec = t0 + m * 60 + 5;
    for (let from = 0; from < hostIds.length; from += HISTORY_HOSTS_PER_POST) {
      const arrays: string[] = [];
      for (let h = from; h < Math.min(from + HISTORY_HOSTS_PER_POST, hostIds.length); h++) {
        arrays.push(hostBatch(o.shape, hostIds[h] as string, h, m, t0 + m * 60).slice(1, -1));
      }
      samples += (await ingest.postHostMetricsJson(org, Buffer.from(`[${arrays.join(',')}]`), lookup)).items.length;
    }
  }
  return samples;
}

/** Runs part 1 on `o.shape` and returns its figures; the storage is left open for the caller to close. */
export async function runEvaluation(o: EvaluationOptions): Promise<EvaluationResult> {
  const t0 = Math.floor(o.clock.sec / 60) * 60;
  const b0 = performance.now();
  const fleet = await buildOnTmpfs(o.catalogPath, o.shape, 'bench', t0 - 86_400);
  const setupWallS = (performance.now() - b0) / 1000;
  const catalog = await openCatalog({ driver: 'sqlite', path: o.catalogPath });
  const ingest = new MackerelIngest(o.storage);
  const { orgId: org, hostIds } = fleet;
  const lookup = (g: OrgId, ids: readonly HostId[]) => catalog.hosts.states(g, ids);
  let engine: MonitorEngine | undefined;
  try {
    const h0 = performance.now();
    const historySamples = await postHistory(o, ingest, catalog, org, hostIds, t0);
    const historyWallS = (performance.now() - h0) / 1000;
    fullGc();
    const heapBeforeEngineBytes = process.memoryUsage().heapUsed;

    let measuring = false;
    const events = new Map<string, number>();
    const writes: StoreWrites = { batches: 0, alerts: 0, logs: 0, states: 0, dropStates: 0 };
    const logLines: string[] = [];
    const store = catalog.alerts;
    o.clock.sec = t0;
    const s0 = performance.now();
    engine = await MonitorEngine.start(
      {
        monitors: catalog.monitors,
        downtimes: catalog.downtimes,
        alertGroupSettings: catalog.alertGroupSettings,
        // The real store, counted: how much of the measured minutes' work was writing.
        alerts: {
          ...store,
          apply: (b: AlertWrites) => {
            if (measuring) {
              writes.batches++;
              writes.alerts += b.alerts.length;
              writes.logs += b.logs.length;
              writes.states += b.states.length;
              writes.dropStates += b.dropStates.length;
            }
            return store.apply(b as Parameters<typeof store.apply>[0]);
          },
        },
        hosts: catalog.hosts,
        checks: catalog.checks,
        points: storagePointReader(o.storage),
        notify: async (list: readonly NotifyEvent[]) => {
          if (!measuring) return;
          for (const e of list) if (e.event === 'alert') events.set(e.kind, (events.get(e.kind) ?? 0) + 1);
        },
        clock: () => unixMs(o.clock.sec * 1000),
        newId,
        log: (line) => logLines.push(line),
      },
      { timers: false },
    );
    const engineStartMs = performance.now() - s0;

    const minutes: MinuteFigures[] = [];
    for (let m = 0; m < o.warmupMinutes + o.measuredMinutes; m++) {
      measuring = m >= o.warmupMinutes;
      if (m === o.warmupMinutes) await o.onMeasure?.('start');
      // Every host posts in the same simulated second; the engine's host-facts cache (10 s) misses
      // each minute, as it does for an agent posting every 60 s.
      o.clock.sec = t0 + m * 60 + 5;
      const bodies = hostIds.map((id, h) => Buffer.from(hostBatch(o.shape, id, h, m, t0 + m * 60)));
      const perPost = new LatencyRecorder();
      let engineCpuS = 0;
      let engineWallS = 0;
      let ingestCpuS = 0;
      let ingestWallS = 0;
      for (let h = 0; h < hostIds.length; h++) {
        let c = process.cpuUsage();
        let w = performance.now();
        const stored = await ingest.postHostMetricsJson(org, bodies[h] as Buffer, lookup);
        ingestWallS += (performance.now() - w) / 1000;
        ingestCpuS += cpuSeconds(c);
        c = process.cpuUsage();
        w = performance.now();
        await engine.hostMetricsPosted(org, stored.items);
        const ms = performance.now() - w;
        engineCpuS += cpuSeconds(c);
        engineWallS += ms / 1000;
        perPost.record(ms);
      }
      minutes.push({ engineCpuS, engineWallS, ingestCpuS, ingestWallS, perPost: perPost.summary() });
    }
    measuring = false;
    await o.onMeasure?.('end');
    const openAlertsAtEnd = (await store.listOpen()).length;
    fullGc();
    const mem = process.memoryUsage();
    return {
      monitors: fleet.monitors,
      setupWallS,
      judgementsPerMinute: judgementsPerMinute(o.shape),
      historySamples,
      historyWallS,
      engineStartMs,
      minutes,
      events,
      writes,
      openAlertsAtEnd,
      recentSeries: engine.recent.size,
      rssBytes: mem.rss,
      heapBytes: mem.heapUsed,
      heapBeforeEngineBytes,
      logLines,
    };
  } finally {
    await engine?.close();
    await catalog.close();
  }
}
