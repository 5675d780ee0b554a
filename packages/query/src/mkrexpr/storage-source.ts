// The series of graph expressions read from the time-series store: host and service metrics by
// their owner label and a metric-name regex, at the step Mackerel draws the span at.
import { HOST_LABEL, LABELED_LABEL, labelValue, METRIC_NAME, type OrgId, SERVICE_LABEL, unixMs } from '@saba/model';
import {
  type Matcher,
  matcher,
  type RollupResolution,
  resolutionForRange,
  type Storage,
  type Series as StoredSeries,
} from '@saba/storage';
import { ExprError } from './errors.ts';
import { metricPatternRegExp } from './metric-pattern.ts';
import type { ExprSource, Point, Series } from './types.ts';

/** What the store-backed source needs: the store, the organization, and the role membership. */
export interface StorageSourceOptions {
  readonly storage: Storage;
  readonly org: OrgId;
  /** Host ids currently in the role `service:role`. */
  roleHosts(service: string, role: string): Promise<readonly string[]>;
}

const MINUTE_SEC = 60;

/**
 * An ExprSource over the store. Spans up to 20 h give raw samples on the minute grid; longer ones
 * give the rollup means of `resolutionForRange`, stamped at each bucket's start (as the metrics API).
 * `roleSlotSeries` is `roleSeries`: role membership history is not recorded yet, so hosts that
 * have left a role are not included (docs/decisions/0007-mkrexpr.md).
 */
export function storageExprSource(options: StorageSourceOptions): ExprSource {
  const { storage, org } = options;

  const read = (owner: Matcher, metricPattern: string, from: number, to: number): Series[] => {
    const querier = storage.querier(org, unixMs(from * 1000), unixMs(to * 1000));
    const resolution = resolutionForRange((to - from) * 1000);
    const out: Series[] = [];
    // Mackerel series only: a labelled series with a `host` or `service` label is not one (decision 0013).
    const mackerel = matcher('=', LABELED_LABEL, '');
    for (const s of querier.select([owner, matcher('=~', METRIC_NAME, patternRegex(metricPattern)), mackerel])) {
      const points = resolution === 'raw' ? minutePoints(s, from, to) : rollupMeans(s, resolution, from, to);
      if (points.length === 0) continue;
      out.push({
        name: labelValue(s.labels, METRIC_NAME) ?? '',
        source: labelValue(s.labels, owner.name) ?? '',
        points,
      });
    }
    return out;
  };

  const roleSeries = async (roleFullname: string, metricPattern: string, from: number, to: number) => {
    const colon = roleFullname.indexOf(':');
    if (colon <= 0 || colon === roleFullname.length - 1)
      throw new ExprError(`role "${roleFullname}" must be written Service:role`);
    const hosts = await options.roleHosts(roleFullname.slice(0, colon), roleFullname.slice(colon + 1));
    if (hosts.length === 0) return [];
    // One select for the whole role; the engine looks an alternation of literals up by key, no regex scan.
    const owner = matcher('=~', HOST_LABEL, hosts.map(quoteMeta).join('|'));
    return read(owner, metricPattern, from, to);
  };

  return {
    hostSeries: async (hostId, metricPattern, from, to) =>
      read(matcher('=', HOST_LABEL, hostId), metricPattern, from, to),
    serviceSeries: async (service, metricPattern, from, to) =>
      read(matcher('=', SERVICE_LABEL, service), metricPattern, from, to),
    roleSeries,
    // Membership history is not recorded yet: hosts that left the role are missing, and hosts in it
    // now are read over the whole range.
    roleSlotSeries: roleSeries,
  };
}

/** The label regex of a metric pattern: metric-pattern.ts's, without the anchors the store adds itself. */
function patternRegex(pattern: string): string {
  const source = metricPatternRegExp(pattern).source;
  return source.slice(1, -1);
}

// Go's regexp.QuoteMeta set: what the store's RE2-dialect matcher reads as syntax.
function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Raw samples on the minute grid (time floored to the minute; the later of two in one minute wins). */
function minutePoints(s: StoredSeries, from: number, to: number): Point[] {
  const { length, ts, vs } = s.samples();
  const out: Point[] = [];
  for (let i = 0; i < length; i++) {
    const time = Math.floor((ts[i] as number) / 1000 / MINUTE_SEC) * MINUTE_SEC;
    if (time < from || time > to) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.time === time) last.value = vs[i] as number;
    else out.push({ time, value: vs[i] as number });
  }
  return out;
}

/** Per rollup bucket in [from, to], the mean of its raw samples, stamped at the bucket's start. */
function rollupMeans(s: StoredSeries, resolution: RollupResolution, from: number, to: number): Point[] {
  const r = s.rollup(resolution);
  const out: Point[] = [];
  for (let i = 0; i < r.length; i++) {
    const time = (r.ts[i] as number) / 1000;
    const count = r.count[i] as number;
    if (count > 0 && time >= from && time <= to) out.push({ time, value: (r.sum[i] as number) / count });
  }
  return out;
}
