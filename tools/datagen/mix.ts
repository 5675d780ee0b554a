import { gaussian, mixSeed, seededRandom } from './random.ts';

/**
 * The realistic host mix used by every storage benchmark, for Saba and for Prometheus alike:
 * a quarter each of integer counters, two-decimal gauges, near-constant values and
 * full-precision noisy floats, sampled every minute as the Mackerel agent posts them.
 */
export type SeriesKind = 'counter' | 'gauge2' | 'const' | 'float';

/** The four kinds, in the order series are dealt out. */
export const SERIES_KINDS: readonly SeriesKind[] = ['counter', 'gauge2', 'const', 'float'];

/** One generated series: its identity and how its values behave. */
export interface MixSeries {
  readonly index: number;
  readonly kind: SeriesKind;
  /** The metric name (`__name__`). */
  readonly name: string;
  /** Labels other than the metric name. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Generated samples of one series: timestamps in ms, values as float64. */
export interface MixSamples {
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

const METRICS: Readonly<Record<SeriesKind, readonly string[]>> = {
  counter: ['interface.eth0.rxBytes', 'interface.eth0.txBytes', 'custom.nginx.requests', 'disk.sda.reads'],
  gauge2: ['cpu.user.percentage', 'cpu.system.percentage', 'memory.used.percentage', 'custom.queue.ratio'],
  const: ['memory.total', 'filesystem.root.size', 'custom.app.workers', 'cpu.count'],
  float: ['loadavg5', 'custom.latency.mean', 'custom.gc.pause', 'disk.sda.utilization'],
};

/** The series of a mix of `n` series: kinds dealt round-robin, 100 metrics per host. */
export function mixSeries(n: number): MixSeries[] {
  const out: MixSeries[] = [];
  for (let i = 0; i < n; i++) {
    const kind = SERIES_KINDS[i % 4] as SeriesKind;
    const names = METRICS[kind];
    const slot = Math.floor(i / 4);
    const host = `host${Math.floor(i / 100)}`;
    const metric = `${names[slot % names.length]}.${Math.floor(slot / names.length) % 25}`;
    out.push({ index: i, kind, name: metric.replaceAll('.', '_'), labels: { host, service: `svc${i % 7}` } });
  }
  return out;
}

/**
 * Samples of series `s`: `count` points every `intervalMs` from `startMs`. Timestamps are whole
 * seconds, as the agent sends; about 1 in 50 lands a second early or late (collection jitter).
 * Deterministic in (seed, series index): a series can be generated again in pieces.
 */
export function mixSamples(s: MixSeries, startMs: number, count: number, intervalMs = 60_000, seed = 1): MixSamples {
  const rand = seededRandom(mixSeed(seed, s.index));
  const ts = new Float64Array(count);
  const vs = new Float64Array(count);
  const gen = valueGenerator(s.kind, rand);
  for (let i = 0; i < count; i++) {
    const jitter = rand() < 0.02 ? (rand() < 0.5 ? -1000 : 1000) : 0;
    ts[i] = startMs + i * intervalMs + jitter;
    vs[i] = gen();
  }
  return { ts, vs };
}

function valueGenerator(kind: SeriesKind, rand: () => number): () => number {
  switch (kind) {
    case 'counter': {
      // A counter's rate is log-uniform from 0.1/s to 10,000/s, each minute within ±20 %.
      const rate = 10 ** (rand() * 5 - 1);
      let v = Math.floor(rand() * 1e9);
      return () => {
        v += Math.round(rate * 60 * (0.8 + 0.4 * rand()));
        return v;
      };
    }
    case 'gauge2': {
      // A percentage that walks with a per-series step size, kept to two decimals.
      const sigma = 0.1 + rand() * 2;
      let v = rand() * 100;
      return () => {
        v = Math.min(100, Math.max(0, v + gaussian(rand) * sigma));
        return Math.round(v * 100) / 100;
      };
    }
    case 'const': {
      // Mostly one value; about 1 % of minutes it changes (a resize, a deploy).
      let v = Math.round(rand() * 64) * 1024 ** (1 + Math.floor(rand() * 2));
      return () => {
        if (rand() < 0.01) v = Math.round(v * (0.5 + rand()));
        return v;
      };
    }
    case 'float': {
      // A daily wave plus noise, at full float64 precision.
      const base = rand() * 10;
      const amp = rand() * base;
      let minute = Math.floor(rand() * 1440);
      return () => {
        minute++;
        return Math.abs(base + amp * Math.sin((2 * Math.PI * minute) / 1440) + gaussian(rand) * 0.1 * (base + 0.01));
      };
    }
  }
}
