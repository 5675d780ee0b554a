// Service metric monitors (spec features §2.5): judged when a post arrives like host monitors,
// and on a timer for "interruption monitoring" (missingDurationWarning/Critical).
import { type OrgId, unixSec } from '@saba/model';
import { type Gates, step } from '../alerts/lifecycle.ts';
import { AVERAGE_WINDOW_SEC, averageOfLast } from '../judge/average.ts';
import { judgeThresholds } from '../judge/threshold.ts';
import type { ServiceMonitor, WithId } from '../kinds/config.ts';
import type { EngineContext } from './context.ts';
import type { Decisions } from './decisions.ts';
import { lifecycleOf, STALE_POINT_SEC } from './host-eval.ts';
import type { PointValue } from './ports.ts';
import { serviceSubject } from './scope.ts';

/** A posted service metric value. */
export interface ServiceValue {
  readonly name: string;
  readonly time: number;
  readonly value: number;
}

function seriesKey(org: OrgId, service: string, metric: string): string {
  return `s\u0000${org}\u0000${service}\u0000${metric}`;
}

/** The key prefix of a service's series in the recent-points cache. */
export function serviceKeyPrefix(org: OrgId, service: string): string {
  return `s\u0000${org}\u0000${service}\u0000`;
}

function gates(ctx: EngineContext, org: OrgId, m: WithId<ServiceMonitor>): Gates {
  return { monitored: true, notify: !m.isMute, inDowntime: ctx.inDowntime(org, serviceSubject(m.id, m.service)) };
}

/** The points of a service metric, from the cache or (the first time) the store. */
function pointsOf(ctx: EngineContext, org: OrgId, m: WithId<ServiceMonitor>, around: number): readonly PointValue[] {
  const key = seriesKey(org, m.service, m.metric);
  const cached = ctx.recent.get(key);
  if (cached !== undefined) return cached;
  const read = ctx.deps.points.read(
    org,
    { service: m.service },
    [m.metric],
    around - AVERAGE_WINDOW_SEC,
    around + 3600,
  );
  ctx.recent.load(key, read.get(m.metric) ?? []);
  return ctx.recent.get(key) ?? [];
}

/** Judges the service monitors a post to `service` concerns. */
export function evaluateServicePost(
  ctx: EngineContext,
  org: OrgId,
  service: string,
  values: readonly ServiceValue[],
  d: Decisions,
): void {
  const state = ctx.org(org);
  const now = ctx.now();
  const newest = new Map<string, PointValue>();
  for (const v of values) {
    ctx.recent.add(seriesKey(org, service, v.name), { time: v.time, value: v.value });
    const n = newest.get(v.name);
    if (n === undefined || v.time > n.time) newest.set(v.name, { time: v.time, value: v.value });
  }
  for (const [name, last] of newest) {
    for (const m of state.serviceByMetric.get(`${service}\u0000${name}`) ?? []) {
      if (last.time < now - STALE_POINT_SEC) continue;
      const prev = d.state(m.id, service);
      if (prev !== undefined && prev.observedAt >= last.time) continue;
      // A monitor with only missingDuration* watches for silence: any post is good news.
      const thresholds = m.warning !== null || m.critical !== null;
      const value = thresholds ? averageOfLast(pointsOf(ctx, org, m, now), m.duration, last.time) : last.value;
      if (value === undefined) continue;
      d.record(
        step({
          orgId: org,
          monitor: lifecycleOf(m, m.maxCheckAttempts),
          target: service,
          hostId: null,
          state: prev,
          alert: d.openAlert(m.id, service),
          observation: { status: thresholds ? judgeThresholds(value, m) : 'OK', value, message: null },
          observedAt: unixSec(last.time),
          gates: gates(ctx, org, m),
          now,
          newId: ctx.deps.newId,
        }),
        serviceSubject(m.id, m.service),
      );
    }
  }
}

/**
 * Interruption monitoring: a service monitor with missingDuration* whose metric has had no
 * point for that many minutes is WARNING or CRITICAL; the next post judges it again.
 */
export function evaluateMissing(ctx: EngineContext, org: OrgId, d: Decisions): void {
  const state = ctx.org(org);
  const now = ctx.now();
  for (const ms of state.serviceByMetric.values()) {
    for (const m of ms) {
      if (m.missingDurationWarning === null && m.missingDurationCritical === null) continue;
      const points = pointsOf(ctx, org, m, now);
      const last = points[points.length - 1];
      // Counted from the newest point, or (never posted) from when the monitor could first see one.
      const since = last?.time ?? ctx.startedAt;
      const silentMin = (now - since) / 60;
      const status =
        m.missingDurationCritical !== null && silentMin >= m.missingDurationCritical
          ? 'CRITICAL'
          : m.missingDurationWarning !== null && silentMin >= m.missingDurationWarning
            ? 'WARNING'
            : undefined;
      const open = d.openAlert(m.id, m.service);
      if (status === undefined) continue;
      if (open !== undefined && open.status === status) continue;
      const prev = d.state(m.id, m.service);
      d.record(
        step({
          orgId: org,
          monitor: lifecycleOf(m, 1),
          target: m.service,
          hostId: null,
          state: prev,
          alert: open,
          observation: { status, value: null, message: `no data for ${Math.floor(silentMin)} minutes` },
          observedAt: unixSec(Math.max(prev?.observedAt ?? 0, since)),
          gates: gates(ctx, org, m),
          now,
          newId: ctx.deps.newId,
        }),
        serviceSubject(m.id, m.service),
      );
    }
  }
}
