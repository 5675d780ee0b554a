import type { MixSamples, MixSeries, SeriesKind } from '../datagen/mix.ts';
import { mixSamples, mixSeries } from '../datagen/mix.ts';

/** Which part of the host mix to generate: `series` series, `count` samples each from `startMs`. */
export interface MixSpec {
  readonly series: number;
  readonly startMs: number;
  readonly count: number;
  readonly intervalMs?: number;
  readonly seed?: number;
  /** Keep only series of these kinds (all when absent). */
  readonly kinds?: readonly SeriesKind[];
}

/** One series of the mix with its generated samples. */
export interface SeriesData {
  readonly series: MixSeries;
  readonly samples: MixSamples;
}

/**
 * Generates the samples of a mix once, so every writer (OpenMetrics windows, remote write
 * batches) slices the same arrays: 4,000 series × 2,880 samples hold 184 MB as Float64Arrays,
 * whereas regenerating per 2 h window would run the generator 24 times over.
 */
export function generateMix(spec: MixSpec): SeriesData[] {
  const kinds = spec.kinds;
  return mixSeries(spec.series)
    .filter((s) => kinds === undefined || kinds.includes(s.kind))
    .map((s) => ({ series: s, samples: mixSamples(s, spec.startMs, spec.count, spec.intervalMs, spec.seed) }));
}

/** Number of samples in `data`. */
export function sampleCount(data: readonly SeriesData[]): number {
  let n = 0;
  for (const d of data) n += d.samples.ts.length;
  return n;
}

/** Smallest and largest timestamp (ms) in `data`; throws when it holds no sample. */
export function timeRange(data: readonly SeriesData[]): { minMs: number; maxMs: number } {
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  for (const { samples } of data) {
    const n = samples.ts.length;
    if (n === 0) continue;
    minMs = Math.min(minMs, samples.ts[0] as number);
    maxMs = Math.max(maxMs, samples.ts[n - 1] as number);
  }
  if (minMs > maxMs) throw new Error('mix holds no samples');
  return { minMs, maxMs };
}

/** The label set of a mix series as Prometheus sees it, metric name under `__name__`. */
export function promLabels(s: MixSeries): Record<string, string> {
  return { __name__: s.name, ...s.labels };
}
