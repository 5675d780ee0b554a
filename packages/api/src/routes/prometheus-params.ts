// Request parameters of the Prometheus HTTP API as Prometheus reads them: from the query string
// and, on POST, a form-encoded body (Grafana posts its queries); times as RFC 3339 or unix seconds;
// durations as Prometheus durations (`5m`, `1h30m`) or float seconds.

import { BadDataError, type UnixMs, unixMs } from '@saba/model';
import type { RequestContext } from '../http/route.ts';

/** The query string's parameters, then those of a form-encoded body (both count, as in Go's ParseForm). */
export function formParams(ctx: RequestContext): URLSearchParams {
  const type = String(ctx.headers['content-type'] ?? '');
  if (ctx.rawBody.length === 0 || !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return ctx.query;
  const out = new URLSearchParams(ctx.rawBody.toString('utf8'));
  for (const [k, v] of ctx.query) out.append(k, v);
  return out;
}

// Prometheus's own bounds for a missing start/end (its MinTime/MaxTime), clamped to what a
// JavaScript date can hold: ±8.64e15 ms.
const MIN_MS = -8.64e15;
const MAX_MS = 8.64e15;

/** Parameter `name` as a time: unix seconds (float) or RFC 3339; `fallback` when absent, else required. */
export function timeParam(params: URLSearchParams, name: string, fallback?: UnixMs): UnixMs {
  const text = params.get(name) ?? '';
  if (text === '' && fallback !== undefined) return fallback;
  const ms = parseTime(text);
  if (ms === undefined)
    throw new BadDataError(`invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
  return ms;
}

/** A time as Prometheus's API takes it, or undefined. */
export function parseTime(text: string): UnixMs | undefined {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    // Milliseconds are what storage keeps; Prometheus rounds to them as well.
    const ms = Math.round(Number(text) * 1000);
    return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? unixMs(ms) : undefined;
  }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : unixMs(ms);
}

/** The earliest and latest times a series query looks at when start or end is missing. */
export const ALL_TIME = { start: unixMs(MIN_MS), end: unixMs(MAX_MS) } as const;

const DURATION_UNITS: Readonly<Record<string, number>> = {
  y: 365 * 86_400_000,
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** Parameter `name` as a duration in ms (float seconds or `1h30m`); undefined when absent. */
export function durationParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new BadDataError(`invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
  return ms;
}

/** A duration in ms as Prometheus's API takes it, or undefined. */
export function parseDuration(text: string): number | undefined {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    return Number.isFinite(ms) ? ms : undefined;
  }
  // Units longest first and each at most once, in Prometheus's order.
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (m === null || text === '') return undefined;
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let ms = 0;
  for (let i = 0; i < units.length; i++) {
    const n = m[i + 1];
    if (n !== undefined) ms += Number(n) * (DURATION_UNITS[units[i] as string] as number);
  }
  return ms;
}

/** Parameter `limit`: a non-negative integer, 0 or absent meaning none. */
export function limitParam(params: URLSearchParams): number {
  const text = params.get('limit');
  if (text === null || text === '') return 0;
  if (!/^\d+$/.test(text)) throw new BadDataError(`invalid parameter "limit": cannot parse "${text}" to a valid limit`);
  return Number(text);
}
