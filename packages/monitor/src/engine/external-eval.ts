// External URL monitors (spec features §2.6): every minute each is probed (outside the engine's
// queue: a probe may take 15 s), then its result is judged inside it.
import { type OrgId, unixSec } from '@saba/model';
import { step } from '../alerts/lifecycle.ts';
import { judgeExternal } from '../external/judge.ts';
import { type ProbeResult, probeUrl } from '../external/probe.ts';
import type { ExternalMonitor, WithId } from '../kinds/config.ts';
import type { EngineContext, RunJob } from './context.ts';
import type { Decisions } from './decisions.ts';
import { lifecycleOf } from './host-eval.ts';
import type { OrgState } from './org-state.ts';
import { serviceSubject } from './scope.ts';

/** The service metric an external monitor's response time is posted as (spec features §1.4). */
export function responseTimeMetric(monitorId: string): string {
  return `__externalhttp.responsetime.${monitorId}`;
}

/** The 10 newest response times per monitor: the longest responseTimeDuration averages 10. */
const KEEP_TIMES = 10;

/** Judges one probe of an external monitor; `recent` holds the monitor's earlier response times. */
export function evaluateExternal(
  ctx: EngineContext,
  org: OrgId,
  m: WithId<ExternalMonitor>,
  r: ProbeResult,
  recent: number[],
  d: Decisions,
): void {
  const now = ctx.now();
  const judged = judgeExternal(m, r, recent, now);
  if (r.responseTimeMs !== null) {
    recent.push(r.responseTimeMs);
    if (recent.length > KEEP_TIMES) recent.splice(0, recent.length - KEEP_TIMES);
  }
  const prev = d.state(m.id, '');
  d.record(
    step({
      orgId: org,
      monitor: lifecycleOf(m, m.maxCheckAttempts),
      target: '',
      hostId: null,
      state: prev,
      alert: d.openAlert(m.id, ''),
      observation: { status: judged.status, value: judged.value, message: judged.message },
      observedAt: unixSec(Math.max(now, (prev?.observedAt ?? 0) + 1)),
      gates: { monitored: true, notify: !m.isMute, inDowntime: ctx.inDowntime(org, serviceSubject(m.id, m.service)) },
      now,
      newId: ctx.deps.newId,
    }),
    serviceSubject(m.id, m.service),
  );
}

/** Probes every external monitor once, concurrently, then judges each result in the queue. */
export async function probeExternalMonitors(
  ctx: EngineContext,
  orgs: ReadonlyMap<OrgId, OrgState>,
  responseTimes: Map<string, number[]>,
  job: RunJob,
): Promise<void> {
  const runs: Promise<void>[] = [];
  for (const [org, state] of orgs) {
    for (const m of state.external) {
      runs.push(
        probeUrl(m).then(async (r) => {
          const write = ctx.deps.writeServiceMetric;
          if (r.responseTimeMs !== null && m.service !== null && write !== undefined) {
            await write(org, m.service, responseTimeMetric(m.id), ctx.now(), r.responseTimeMs).catch((err) =>
              ctx.deps.log(`external monitor ${m.id}: response time not stored: ${err}`),
            );
          }
          let recent = responseTimes.get(m.id);
          if (recent === undefined) {
            recent = [];
            responseTimes.set(m.id, recent);
          }
          const times = recent;
          await job(org, (d) => {
            // The monitor may have been changed or deleted while it was probed.
            if (ctx.org(org).monitors.get(m.id) !== m) return;
            evaluateExternal(ctx, org, m, r, times, d);
          });
        }),
      );
    }
  }
  await Promise.all(runs);
}
