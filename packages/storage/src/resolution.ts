import { DAY_MS, type DurationMs, HOUR_MS, MINUTE_MS } from '@saba/model';

/** The stored resolutions: raw samples, and rollups at 5 minutes, 1 hour and 1 day. */
export type Resolution = 'raw' | '5m' | '1h' | '1d';

/** The rollup resolutions, finest first. */
export const ROLLUP_RESOLUTIONS = ['5m', '1h', '1d'] as const;
/** One of the rollup resolutions. */
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number];

/** The bucket width of each rollup resolution. */
export const ROLLUP_STEP_MS: Readonly<Record<RollupResolution, DurationMs>> = {
  '5m': (5 * MINUTE_MS) as DurationMs,
  '1h': HOUR_MS,
  '1d': DAY_MS,
};

/**
 * The resolution Mackerel draws a graph of this span at: up to 20 h raw (1 min),
 * up to 10 days 5 min, up to 240 days 1 h, beyond that 1 day.
 */
export function resolutionForRange(spanMs: number): Resolution {
  if (spanMs <= 20 * HOUR_MS) return 'raw';
  if (spanMs <= 10 * DAY_MS) return '5m';
  if (spanMs <= 240 * DAY_MS) return '1h';
  return '1d';
}
