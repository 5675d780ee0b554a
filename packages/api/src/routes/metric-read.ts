import {
  BadDataError,
  DAY_MS,
  LABELED_LABEL,
  type Labels,
  type OrgId,
  secToMs,
  type UnixMs,
  type UnixSec,
  unixMs,
  unixSec,
} from '@saba/model';
import { type Matcher, matcher, resolutionForRange, type Series, type Storage } from '@saba/storage';

/** One point as Mackerel returns it: epoch seconds and a value. */
export interface MetricPoint {
  readonly time: number;
  readonly value: number;
}

// The far bounds used when asking "does this series exist at all": year 1970 to year 2100.
const EVER_MIN = unixMs(0);
const EVER_MAX = unixMs(4_102_444_800_000);

/** Parses the required `from`/`to` (epoch seconds) of a metrics GET. */
export function parseRange(q: URLSearchParams): { from: UnixSec; to: UnixSec } {
  const from = parseSec(q.get('from'), 'from');
  const to = parseSec(q.get('to'), 'to');
  if (to < from) throw new BadDataError(`"to" (${to}) is before "from" (${from})`);
  return { from, to };
}

function parseSec(v: string | null, field: string): UnixSec {
  if (v === null || v === '') throw new BadDataError(`query parameter "${field}" (epoch seconds) is required`);
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new BadDataError(`query parameter "${field}" must be epoch seconds, got "${v}"`);
  return unixSec(Math.floor(n));
}

/**
 * Selects Mackerel's series only: labelled series (remote_write, OTLP) carry `__saba_labeled__`
 * and may carry a `host` or `service` label too, which must not make them a host's or a
 * service's metrics (decision 0013). Every read here adds it, so every Mackerel read does.
 */
export const MACKEREL_SERIES = matcher('=', LABELED_LABEL, '');

/** `matchers` and MACKEREL_SERIES. */
export function mackerelOnly(matchers: readonly Matcher[]): Matcher[] {
  return [...matchers, MACKEREL_SERIES];
}

/** Whether any Mackerel series matches, at any time. */
export function seriesExists(storage: Storage, org: OrgId, matchers: readonly Matcher[]): boolean {
  return storage.querier(org, EVER_MIN, EVER_MAX).select(mackerelOnly(matchers)).length > 0;
}

/** Values of label `name` over the Mackerel series matching `matchers`, at any time. */
export function labelValuesEver(storage: Storage, org: OrgId, name: string, matchers: readonly Matcher[]): string[] {
  return storage.querier(org, EVER_MIN, EVER_MAX).labelValues(name, mackerelOnly(matchers));
}

/**
 * Points of the one series matching `matchers` in [from, to], at the step Mackerel draws that
 * span at (spec: up to 20 h raw, then 5 min, 1 h, 1 day): raw samples, or per bucket the mean
 * of the raw samples in it, stamped with the bucket's start.
 */
export function readPoints(
  storage: Storage,
  org: OrgId,
  matchers: readonly Matcher[],
  from: UnixSec,
  to: UnixSec,
): MetricPoint[] {
  const mint = secToMs(from);
  const maxt = secToMs(to);
  const series = storage.querier(org, mint, maxt).select(mackerelOnly(matchers));
  const s = series[0];
  if (s === undefined) return [];
  return seriesPoints(s, resolutionForRange(maxt - mint));
}

/**
 * Points of every series matching `matchers` in [from, to], with its labels, at the same step
 * and means as `readPoints` (a role graph reads all of its hosts' series in one select).
 */
export function readAllPoints(
  storage: Storage,
  org: OrgId,
  matchers: readonly Matcher[],
  from: UnixSec,
  to: UnixSec,
): Array<{ labels: Labels; points: MetricPoint[] }> {
  const mint = secToMs(from);
  const maxt = secToMs(to);
  const res = resolutionForRange(maxt - mint);
  return storage
    .querier(org, mint, maxt)
    .select(mackerelOnly(matchers))
    .map((s) => ({ labels: s.labels, points: seriesPoints(s, res) }));
}

/** One series' raw samples, or per bucket of `res` the mean of its samples, stamped with the bucket's start. */
function seriesPoints(s: Series, res: ReturnType<typeof resolutionForRange>): MetricPoint[] {
  const out: MetricPoint[] = [];
  if (res === 'raw') {
    const { length, ts, vs } = s.samples();
    for (let i = 0; i < length; i++) out.push({ time: (ts[i] as number) / 1000, value: vs[i] as number });
    return out;
  }
  const r = s.rollup(res);
  for (let i = 0; i < r.length; i++) {
    const count = r.count[i] as number;
    if (count > 0) out.push({ time: (r.ts[i] as number) / 1000, value: (r.sum[i] as number) / count });
  }
  return out;
}

/** The latest sample of each series matching `matchers`: first in the last 10 minutes, then the last day. */
export function latestSamples(
  storage: Storage,
  org: OrgId,
  matchers: readonly Matcher[],
  now: UnixMs,
): Array<{ labels: Labels; time: number; value: number }> {
  const out = new Map<string, { labels: Labels; time: number; value: number }>();
  // Agents post a minute's values 60–110 s after their time, so a 10-minute window finds nearly
  // every live series while decoding ~10 samples each, not a day's 1,440.
  const windows: Array<[number, number]> = [
    [now - 10 * 60_000, now + DAY_MS],
    [now - DAY_MS, now - 10 * 60_000 - 1],
  ];
  const selected = mackerelOnly(matchers);
  for (const [lo, hi] of windows) {
    for (const s of storage.querier(org, unixMs(lo), unixMs(hi)).select(selected)) {
      const key = String(s.ref);
      if (out.has(key)) continue;
      const { length, ts, vs } = s.samples();
      if (length === 0) continue;
      out.set(key, { labels: s.labels, time: (ts[length - 1] as number) / 1000, value: vs[length - 1] as number });
    }
  }
  return [...out.values()];
}
