import type { Labels, OrgId, SeriesRef, UnixMs } from '@saba/model';
import type { Matcher } from './matcher.ts';
import type { RollupResolution } from './resolution.ts';

/**
 * Samples of one series in time order, one value per timestamp (the last write won).
 * Arrays may be longer than `length`; read only the first `length` entries.
 */
export interface Samples {
  readonly length: number;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

/**
 * Rollup points of one series: per bucket (starting at `ts[i]`) the count, sum, min, max
 * and last value of the raw samples in it. Buckets with no samples are absent.
 */
export interface RollupSamples {
  readonly length: number;
  readonly ts: Float64Array;
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly last: Float64Array;
}

/** One selected series; samples are read (decoded) only when asked for. */
export interface Series {
  readonly ref: SeriesRef;
  readonly labels: Labels;
  /** Raw samples within the querier's range. */
  samples(): Samples;
  /** Rollup buckets overlapping the querier's range, at `resolution`. */
  rollup(resolution: RollupResolution): RollupSamples;
}

/** What a commit did: samples stored, and samples dropped for lying outside the accepted window. */
export interface AppendResult {
  readonly accepted: number;
  readonly outOfWindow: number;
}

/**
 * Buffers samples of one organization and stores them atomically on commit: either every
 * in-window sample is durable when the promise resolves, or none is applied and it rejects.
 */
export interface Appender {
  /** Buffers a sample for the series `labels`; returns its ref for `appendRef` next time. */
  append(labels: Labels, t: UnixMs, v: number): SeriesRef;
  /** Buffers a sample for a series already known by ref (no label hashing). */
  appendRef(ref: SeriesRef, t: UnixMs, v: number): void;
  /** Validates, logs durably, applies; resolves once durable. */
  commit(): Promise<AppendResult>;
  /** Drops what was buffered. */
  rollback(): void;
}

/** Reads one organization's series over the closed range [mint, maxt]. */
export interface Querier {
  readonly mint: UnixMs;
  readonly maxt: UnixMs;
  /** Series with data in range matching every matcher, sorted by labels. No matchers selects all; otherwise at least one must not match "". */
  select(matchers: readonly Matcher[]): Series[];
  /** Label names of the series matching `matchers` (all series if none), sorted. */
  labelNames(matchers?: readonly Matcher[]): string[];
  /** Values of label `name` among the series matching `matchers`, sorted. */
  labelValues(name: string, matchers?: readonly Matcher[]): string[];
}

/** A time-series store, partitioned by organization. */
export interface Storage {
  appender(org: OrgId): Appender;
  querier(org: OrgId, mint: UnixMs, maxt: UnixMs): Querier;
  /** Deletes every sample of the matching series (a retired host, say); durable on resolve. */
  deleteSeries(org: OrgId, matchers: readonly Matcher[]): Promise<number>;
  close(): Promise<void>;
}
