// Drives a Tsdb through generated history as a live server would see it: a clock that moves
// minute by minute with the data, one commit per minute of samples, maintenance every hour.
// The engine drops samples outside [clock - 24 h, clock + 24 h], so history cannot be
// appended all at once; and cutting and compacting by the clock exercises the real path.
import { HOUR_MS, type Labels, labelsFromRecord, type OrgId, type SeriesRef, type UnixMs } from '@saba/model';
import { promLabels, type SeriesData } from '../../../../tools/prometheus-peer/mix-data.ts';
import type { Tsdb } from '../db.ts';

/** A clock the benchmark moves by hand; pass `clock.read` as the Tsdb's clock. */
export class FakeClock {
  constructor(public now: number) {}

  /** The current time in ms. */
  readonly read = (): number => this.now;
}

/** One series to ingest: its labels and `count` samples (parallel arrays). */
export interface IngestSeries {
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

/** How `ingestByMinute` walks the data. */
export interface IngestSpec {
  readonly org: OrgId;
  readonly series: readonly IngestSeries[];
  /** Samples per series (each series' arrays hold at least this many). */
  readonly count: number;
  /** The nominal time of sample 0; sample i is due at startMs + i * intervalMs. */
  readonly startMs: number;
  readonly intervalMs: number;
  /** How far the clock is past a sample's nominal time when it is committed (default 30 s). */
  readonly lagMs?: number;
  /** Run `db.maintain()` each time the clock enters a new period (default true). */
  readonly maintain?: boolean;
  /** The period of maintenance (default an hour; a live server's timer runs it every minute). */
  readonly maintainEveryMs?: number;
}

/** The mix's generated series as ingest input: Prometheus-style labels, the same samples. */
export function ingestSeries(data: readonly SeriesData[]): IngestSeries[] {
  return data.map((d) => ({ labels: labelsFromRecord(promLabels(d.series)), ts: d.samples.ts, vs: d.samples.vs }));
}

/** What an ingest did. */
export interface IngestResult {
  readonly samples: number;
  readonly accepted: number;
  readonly outOfWindow: number;
  readonly ms: number;
}

/**
 * Appends sample i of every series in one commit per step, with the clock at the step's time,
 * by labels on the first step and by ref after (as an ingest path with a ref cache would).
 */
export async function ingestByMinute(db: Tsdb, clock: FakeClock, spec: IngestSpec): Promise<IngestResult> {
  const { series, count, startMs, intervalMs } = spec;
  const lag = spec.lagMs ?? 30_000;
  const refs = new Uint32Array(series.length);
  let accepted = 0;
  let outOfWindow = 0;
  const every = spec.maintainEveryMs ?? HOUR_MS;
  let period = Math.floor((startMs + lag) / every);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    clock.now = startMs + i * intervalMs + lag;
    const app = db.appender(spec.org);
    for (let k = 0; k < series.length; k++) {
      const s = series[k] as IngestSeries;
      const t = s.ts[i] as UnixMs;
      const v = s.vs[i] as number;
      if (i === 0) refs[k] = app.append(s.labels, t, v);
      else app.appendRef(refs[k] as SeriesRef, t, v);
    }
    const r = await app.commit();
    accepted += r.accepted;
    outOfWindow += r.outOfWindow;
    const p = Math.floor(clock.now / every);
    if (p !== period) {
      period = p;
      if (spec.maintain !== false) await db.maintain();
    }
  }
  return { samples: count * series.length, accepted, outOfWindow, ms: performance.now() - t0 };
}

/** Moves the clock forward an hour at a time to `untilMs`, running maintenance at each step, as an idle server would. */
export async function settle(db: Tsdb, clock: FakeClock, untilMs: number): Promise<void> {
  while (clock.now < untilMs) {
    clock.now = Math.min(untilMs, (Math.floor(clock.now / HOUR_MS) + 1) * HOUR_MS);
    await db.maintain();
  }
}
