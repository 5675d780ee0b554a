// Scoring of anomalyDetection monitors every minute (spec features §2.8, decision 0014): each
// live host of a modelled role is scored on its newest minute; WARNING or CRITICAL when the
// score passes the thresholds of the monitor's sensitivities; the usual life cycle through
// `step`, one alert per (monitor, host); each score is also written as a host metric.
import { type AlertStatus, type HostId, type OrgId, unixSec } from '@saba/model';
import { step } from '../alerts/lifecycle.ts';
import { FEATURE_COUNT } from '../anomaly/features.ts';
import { anomalyScore, contributionText, type RoleModel, topContributions } from '../anomaly/role-model.ts';
import type { AnomalyDetectionMonitor, Observation, WithId } from '../kinds/config.ts';
import type { AnomalyModels } from './anomaly-train.ts';
import { hostFeatureRows, monitorRoles, roleHosts, SYSTEM_PATTERNS } from './anomaly-train.ts';
import type { EngineContext, RunJob } from './context.ts';
import { hostGates, lifecycleOf } from './host-eval.ts';
import type { HostFacts, HostMetricPoint } from './ports.ts';
import { hostSubject } from './scope.ts';

/** A minute older than this is not scored: the agent posts every minute, so 5 minutes late is a host gone quiet. */
export const FRESH_SEC = 5 * 60;

/** More missing features than this and the minute is not scored (an agent's first minute), as in training. */
const MAX_MISSING = 5;

/** The host metric each score is written as: one graph group `saba.anomaly.*` on the host page, a line per monitor. */
export function scoreMetricName(monitorId: string): string {
  return `saba.anomaly.${monitorId}`;
}

/** Judges a score against the thresholds of the monitor's sensitivities, CRITICAL first. */
export function judgeScore(
  score: number,
  model: RoleModel,
  m: Pick<AnomalyDetectionMonitor, 'warningSensitivity' | 'criticalSensitivity'>,
): { status: AlertStatus; threshold: number | null } {
  if (m.criticalSensitivity !== null && score > model.thresholds[m.criticalSensitivity]) {
    return { status: 'CRITICAL', threshold: model.thresholds[m.criticalSensitivity] };
  }
  if (m.warningSensitivity !== null && score > model.thresholds[m.warningSensitivity]) {
    return { status: 'WARNING', threshold: model.thresholds[m.warningSensitivity] };
  }
  return { status: 'OK', threshold: null };
}

/** One scored host-minute. */
interface Scored {
  readonly host: HostFacts;
  readonly time: number;
  readonly observation: Observation;
}

/** Scores one host's newest minute, or undefined when it has no fresh, complete-enough minute. */
function scoreHost(
  ctx: EngineContext,
  org: OrgId,
  m: WithId<AnomalyDetectionMonitor>,
  model: RoleModel,
  host: HostFacts,
  after: number,
): Scored | undefined {
  const now = ctx.now();
  const { times, rows } = hostFeatureRows(
    ctx.deps.points.read(org, { host: host.id }, SYSTEM_PATTERNS, now - FRESH_SEC, now + 60),
  );
  const i = times.length - 1;
  const t = times[i];
  if (t === undefined || t <= after) return undefined;
  let missing = 0;
  for (let k = 0; k < FEATURE_COUNT; k++) if (Number.isNaN(rows[i * FEATURE_COUNT + k] as number)) missing++;
  if (missing > MAX_MISSING) return undefined;
  const offset = i * FEATURE_COUNT;
  const score = anomalyScore(model, rows, offset);
  const { status, threshold } = judgeScore(score, model, m);
  const message =
    threshold === null
      ? null
      : `anomaly score ${score.toFixed(1)} > ${threshold.toFixed(1)}: ${contributionText(topContributions(model, rows, offset))}`;
  return { host, time: t, observation: { status, value: score, message } };
}

/** Last scored minute by monitor and host, so a minute is judged and written once. */
export type LastScored = Map<string, number>;

/** Scores every modelled role's hosts once, judges them in the queue and writes the scores. */
export async function scoreAnomalyMonitors(
  ctx: EngineContext,
  orgs: Iterable<OrgId>,
  models: AnomalyModels,
  lastScored: LastScored,
  job: RunJob,
): Promise<void> {
  for (const org of orgs) {
    const monitors = [...ctx.org(org).monitors.values()].filter(
      (x): x is WithId<AnomalyDetectionMonitor> => x.type === 'anomalyDetection',
    );
    if (monitors.length === 0) continue;
    const hosts = await ctx.deps.hosts.list(org, { statuses: ['working', 'standby', 'maintenance', 'poweroff'] });
    const written: HostMetricPoint[] = [];
    for (const m of monitors) {
      const scored: Scored[] = [];
      for (const role of monitorRoles(m)) {
        // No judgement before the first model (spec §2.8).
        const model = models.get(m.id, role);
        if (model === undefined) continue;
        for (const h of roleHosts(hosts, role)) {
          const key = `${m.id}\u0000${h.id}`;
          const s = scoreHost(ctx, org, m, model, h, lastScored.get(key) ?? 0);
          if (s === undefined) continue;
          lastScored.set(key, s.time);
          scored.push(s);
          written.push({
            hostId: h.id as HostId,
            name: scoreMetricName(m.id),
            time: s.time,
            value: s.observation.value as number,
          });
        }
      }
      if (scored.length === 0) continue;
      await job(org, (d) => {
        if (ctx.org(org).monitors.get(m.id) !== m) return;
        const now = ctx.now();
        for (const s of scored) {
          const prev = d.state(m.id, s.host.id);
          if (prev !== undefined && prev.observedAt >= s.time) continue;
          d.record(
            step({
              orgId: org,
              monitor: lifecycleOf(m, m.maxCheckAttempts),
              target: s.host.id,
              hostId: s.host.id,
              state: prev,
              alert: d.openAlert(m.id, s.host.id),
              observation: s.observation,
              observedAt: unixSec(s.time),
              gates: hostGates(ctx, org, s.host, m),
              now,
              newId: ctx.deps.newId,
            }),
            hostSubject(m.id, s.host.roles),
          );
        }
      });
    }
    if (written.length > 0 && ctx.deps.writeHostMetrics !== undefined) {
      try {
        await ctx.deps.writeHostMetrics(org, written);
      } catch (err) {
        // A lost graph point is not a lost alert: the judgement above is already stored.
        ctx.deps.log(`anomaly: writing ${written.length} scores failed: ${(err as Error).message}`);
      }
    }
  }
}
