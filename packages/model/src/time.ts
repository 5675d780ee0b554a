/** Milliseconds since the Unix epoch: the engine's and PromQL's unit of time. */
export type UnixMs = number & { readonly __unit: 'UnixMs' };
/** Seconds since the Unix epoch: the Mackerel API's unit of time. */
export type UnixSec = number & { readonly __unit: 'UnixSec' };
/** A span of time in milliseconds. */
export type DurationMs = number & { readonly __unit: 'DurationMs' };

/** Brands a whole number of milliseconds since the epoch. */
export function unixMs(n: number): UnixMs {
  return n as UnixMs;
}

/** Brands a whole number of seconds since the epoch. */
export function unixSec(n: number): UnixSec {
  return n as UnixSec;
}

/** Brands a span of milliseconds. */
export function durationMs(n: number): DurationMs {
  return n as DurationMs;
}

/** Converts API seconds to engine milliseconds. */
export function secToMs(s: UnixSec): UnixMs {
  return (s * 1000) as UnixMs;
}

/** Converts engine milliseconds to API seconds, rounding down to the whole second. */
export function msToSec(ms: UnixMs): UnixSec {
  return Math.floor(ms / 1000) as UnixSec;
}

/** The current time in milliseconds. */
export function nowMs(): UnixMs {
  return Date.now() as UnixMs;
}

/** Common spans, named so that arithmetic on time reads as what it means. */
export const MINUTE_MS = 60_000 as DurationMs;
export const HOUR_MS = 3_600_000 as DurationMs;
export const DAY_MS = 86_400_000 as DurationMs;
