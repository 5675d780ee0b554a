// PointReader over the Storage interface: the engine reads recent points of the series it
// judges the first time it judges them (then follows posts in memory, recent.ts).
import { HOST_LABEL, LABELED_LABEL, METRIC_NAME, type OrgId, SERVICE_LABEL, unixMs } from '@saba/model';
import { metricPatternRegExp } from '@saba/query';
import { type Matcher, matcher, type Storage } from '@saba/storage';
import type { Owner, PointReader, PointValue } from './ports.ts';

/** A metric pattern (`*` = one dot-free segment) as the body of a storage regex: mkrexpr's, unanchored (the store anchors). */
function patternRegex(pattern: string): string {
  return metricPatternRegExp(pattern).source.slice(1, -1);
}

/** Mackerel's series only: a labelled series with a `host` label is no host's metric (decision 0013). */
const MACKEREL_SERIES = matcher('=', LABELED_LABEL, '');

function ownerMatcher(owner: Owner): Matcher {
  return 'host' in owner ? matcher('=', HOST_LABEL, owner.host) : matcher('=', SERVICE_LABEL, owner.service);
}

/** Reads points for the monitor engine from a Storage. */
export function storagePointReader(storage: Storage): PointReader {
  return {
    read(org: OrgId, owner: Owner, patterns: readonly string[], from: number, to: number): Map<string, PointValue[]> {
      const out = new Map<string, PointValue[]>();
      if (patterns.length === 0) return out;
      const names =
        patterns.length === 1 && !(patterns[0] as string).includes('*')
          ? matcher('=', METRIC_NAME, patterns[0] as string)
          : matcher('=~', METRIC_NAME, patterns.map(patternRegex).join('|'));
      const q = storage.querier(org, unixMs(from * 1000), unixMs(to * 1000));
      for (const s of q.select([names, ownerMatcher(owner), MACKEREL_SERIES])) {
        const name = s.labels.find((l) => l.name === METRIC_NAME)?.value;
        if (name === undefined) continue;
        const { length, ts, vs } = s.samples();
        const points: PointValue[] = [];
        for (let i = 0; i < length; i++) points.push({ time: (ts[i] as number) / 1000, value: vs[i] as number });
        out.set(name, points);
      }
      return out;
    },

    lastSeen(org: OrgId, from: number): Map<string, number> {
      const out = new Map<string, number>();
      // Up to a week after `from`: callers look back hours, and a post may run a little ahead of the clock.
      const q = storage.querier(org, unixMs(from * 1000), unixMs((from + 7 * 86_400) * 1000));
      // Load average is posted by every agent each minute: one series per host tells when it was last heard.
      for (const s of q.select([
        matcher('=', METRIC_NAME, 'loadavg5'),
        matcher('=~', HOST_LABEL, '.+'),
        MACKEREL_SERIES,
      ])) {
        const host = s.labels.find((l) => l.name === HOST_LABEL)?.value;
        const { length, ts } = s.samples();
        if (host === undefined || length === 0) continue;
        const t = (ts[length - 1] as number) / 1000;
        if (t > (out.get(host) ?? 0)) out.set(host, t);
      }
      return out;
    },
  };
}
