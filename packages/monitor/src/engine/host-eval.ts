// Host metric monitors, judged when a post arrives, against the newest posted point (spec
// features §2.2, §2.3); the post also tells connectivity the host is alive.
import { type HostId, type OrgId, unixSec } from '@saba/model';
import { type Gates, type LifecycleMonitor, step } from '../alerts/lifecycle.ts';
import { AVERAGE_WINDOW_SEC, averageOfLast } from '../judge/average.ts';
import { matchesPattern, RATE_METRICS } from '../judge/rate-metrics.ts';
import { judgeThresholds } from '../judge/threshold.ts';
import type { HostMonitor, WithId } from '../kinds/config.ts';
import type { EngineContext, PostedValue } from './context.ts';
import type { Decisions } from './decisions.ts';
import type { HostFacts, PointValue } from './ports.ts';
import { hostInScope, hostSubject } from './scope.ts';

/** A host-metric monitor skips a newest point more than 20 minutes old (spec §1.4). */
export const STALE_POINT_SEC = 20 * 60;

/** The lifecycle view of a monitor with the common fields. */
export function lifecycleOf(
  m: { id: string; type: LifecycleMonitor['type']; name: string; memo: string; notificationInterval: number | null },
  maxCheckAttempts: number,
  downtimeSticks = true,
): LifecycleMonitor {
  return {
    id: m.id,
    type: m.type,
    name: m.name,
    memo: m.memo,
    notificationInterval: m.notificationInterval,
    maxCheckAttempts,
    downtimeSticks,
  };
}

/** The gates of a host's alert: monitored unless in maintenance or poweroff; heard only when working. */
export function hostGates(ctx: EngineContext, org: OrgId, facts: HostFacts, m: { id: string; isMute: boolean }): Gates {
  return {
    monitored: facts.status === 'working' || facts.status === 'standby',
    notify: facts.status === 'working' && !m.isMute,
    inDowntime: ctx.inDowntime(org, hostSubject(m.id, facts.roles)),
  };
}

function seriesKey(org: OrgId, host: HostId, metric: string): string {
  return `h\u0000${org}\u0000${host}\u0000${metric}`;
}

/** The key prefix of every series of a host in the recent-points cache. */
export function hostKeyPrefix(org: OrgId, host: HostId): string {
  return `h\u0000${org}\u0000${host}\u0000`;
}

/** Values posted for one host, by time then name, for computing rate pseudo-metrics. */
function byTime(values: readonly PostedValue[]): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const v of values) {
    let at = out.get(v.time);
    if (at === undefined) {
      at = new Map();
      out.set(v.time, at);
    }
    at.set(v.name, v.value);
  }
  return out;
}

/** A rate pseudo-metric's points, from each time's values. */
function ratePoints(m: WithId<HostMonitor>, values: Map<number, Map<string, number>>): PointValue[] {
  const rate = RATE_METRICS.get(m.metric);
  const out: PointValue[] = [];
  if (rate === undefined) return out;
  for (const [time, at] of [...values].sort((a, b) => a[0] - b[0])) {
    const v = rate.compute(at, m.operator);
    if (v !== undefined) out.push({ time, value: v });
  }
  return out;
}

/** Judges the host monitors a post of one organization concerns. */
export async function evaluateHostPost(
  ctx: EngineContext,
  org: OrgId,
  items: readonly PostedValue[],
  d: Decisions,
): Promise<void> {
  const state = ctx.org(org);
  const now = ctx.now();
  let seen = ctx.lastSeen.get(org);
  if (seen === undefined) {
    seen = new Map();
    ctx.lastSeen.set(org, seen);
  }
  const byHost = new Map<HostId, PostedValue[]>();
  for (const it of items) {
    const list = byHost.get(it.hostId);
    if (list === undefined) byHost.set(it.hostId, [it]);
    else list.push(it);
  }
  for (const [host, values] of byHost) {
    seen.set(host, now);
    // Posted points join the series already cached; the newest point per metric is what is judged.
    const newest = new Map<string, PointValue>();
    for (const v of values) {
      ctx.recent.add(seriesKey(org, host, v.name), { time: v.time, value: v.value });
      const n = newest.get(v.name);
      if (n === undefined || v.time > n.time) newest.set(v.name, { time: v.time, value: v.value });
    }
    // Which rate pseudo-metrics this post feeds: checked once per rate (6), not once per monitor.
    const rateNames: string[] = [];
    if (state.hasRateMonitors) {
      for (const [rate, { patterns }] of RATE_METRICS) {
        if (patterns.some((p) => [...newest.keys()].some((n) => matchesPattern(p, n)))) rateNames.push(rate);
      }
    }
    const watched = [...newest.keys(), ...rateNames].flatMap((name) => state.hostByMetric.get(name) ?? []);
    const goneAlerts = state.connectivity.filter((m) => d.openAlert(m.id, host) !== undefined);
    if (watched.length === 0 && goneAlerts.length === 0) continue;
    const facts = await ctx.hostFacts(org, host);
    if (facts === undefined || facts.isRetired) continue;
    const plain: WithId<HostMonitor>[] = [];
    const rates: WithId<HostMonitor>[] = [];
    for (const index of watched) {
      for (const m of index.forHost(facts.roles)) (RATE_METRICS.has(m.metric) ? rates : plain).push(m);
    }

    for (const m of plain) {
      const last = newest.get(m.metric) as PointValue;
      const key = seriesKey(org, host, m.metric);
      let points = ctx.recent.get(key);
      if (points === undefined) {
        const read = ctx.deps.points.read(org, { host }, [m.metric], last.time - AVERAGE_WINDOW_SEC, now + 3600);
        ctx.recent.load(key, read.get(m.metric) ?? []);
        points = ctx.recent.get(key) ?? [];
      }
      judge(ctx, org, d, m, facts, points, last.time);
    }

    let postedByTime: Map<number, Map<string, number>> | undefined;
    for (const m of rates) {
      const key = seriesKey(org, host, `${m.metric}\u0000${m.operator}`);
      postedByTime ??= byTime(values);
      const posted = ratePoints(m, postedByTime);
      const last = posted[posted.length - 1];
      if (last === undefined) continue;
      let points = ctx.recent.get(key);
      if (points === undefined) {
        const patterns = RATE_METRICS.get(m.metric)?.patterns ?? [];
        const read = ctx.deps.points.read(org, { host }, patterns, last.time - AVERAGE_WINDOW_SEC, now + 3600);
        const all: PostedValue[] = [];
        for (const [name, ps] of read)
          for (const p of ps) all.push({ hostId: host, name, time: p.time, value: p.value });
        ctx.recent.load(key, ratePoints(m, byTime(all)));
        points = ctx.recent.get(key) ?? [];
      } else {
        for (const p of posted) ctx.recent.add(key, p);
      }
      judge(ctx, org, d, m, facts, points, last.time);
    }

    // Data arrived: a host that was gone is back (spec §2.4).
    for (const m of goneAlerts) {
      if (!hostInScope(m, facts.roles)) continue;
      d.record(
        step({
          orgId: org,
          monitor: lifecycleOf(m, 1, false),
          target: host,
          hostId: host,
          state: d.state(m.id, host),
          alert: d.openAlert(m.id, host),
          observation: { status: 'OK', value: null, message: null },
          observedAt: now,
          gates: hostGates(ctx, org, facts, m),
          now,
          newId: ctx.deps.newId,
        }),
        hostSubject(m.id, facts.roles),
      );
    }
  }
}

/** Judges one host monitor at its newest point `t`. */
function judge(
  ctx: EngineContext,
  org: OrgId,
  d: Decisions,
  m: WithId<HostMonitor>,
  facts: HostFacts,
  points: readonly PointValue[],
  t: number,
): void {
  const now = ctx.now();
  if (t < now - STALE_POINT_SEC) return;
  const prev = d.state(m.id, facts.id);
  // An older (or the same, re-posted) point than one already judged is not judged again (spec §1.4).
  if (prev !== undefined && prev.observedAt >= t) return;
  const value = averageOfLast(points, m.duration, t);
  if (value === undefined) return;
  d.record(
    step({
      orgId: org,
      monitor: lifecycleOf(m, m.maxCheckAttempts),
      target: facts.id,
      hostId: facts.id,
      state: prev,
      alert: d.openAlert(m.id, facts.id),
      observation: { status: judgeThresholds(value, m), value, message: null },
      observedAt: unixSec(t),
      gates: hostGates(ctx, org, facts, m),
      now,
      newId: ctx.deps.newId,
    }),
    hostSubject(m.id, facts.roles),
  );
}
