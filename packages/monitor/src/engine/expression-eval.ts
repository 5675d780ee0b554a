// Expression monitors (spec features §2.7): every 5 minutes, the value of the expression
// `evaluateBackwardMinutes` ago; it must be exactly one series, else the result is UNKNOWN.
import { type AlertStatus, type OrgId, unixSec } from '@saba/model';
import { evaluateExpr } from '@saba/query';
import { step } from '../alerts/lifecycle.ts';
import { describeJudgement, judgeThresholds } from '../judge/threshold.ts';
import type { ExpressionMonitor, Observation, WithId } from '../kinds/config.ts';
import type { EngineContext, RunJob } from './context.ts';
import type { Decisions } from './decisions.ts';
import { lifecycleOf } from './host-eval.ts';
import type { OrgState } from './org-state.ts';

/** How far back from the judged minute the expression is read: a gap of a few minutes still gives a value. */
const LOOKBACK_SEC = 10 * 60;

/** What an expression gives at the judged minute. */
export async function observeExpression(
  ctx: EngineContext,
  org: OrgId,
  m: WithId<ExpressionMonitor>,
): Promise<Observation> {
  const source = ctx.deps.exprSource?.(org);
  const unknown = (message: string): Observation => ({ status: 'UNKNOWN', value: null, message });
  if (source === undefined) return unknown('expressions cannot be evaluated here');
  const t = Math.floor((ctx.now() - m.evaluateBackwardMinutes * 60) / 60) * 60;
  let series: Awaited<ReturnType<typeof evaluateExpr>>;
  try {
    series = await evaluateExpr(m.expression, { from: t - LOOKBACK_SEC, to: t, source });
  } catch (err) {
    return unknown((err as Error).message);
  }
  if (series.length === 0) {
    // timeLeftForecast gives no series when the line never reaches the threshold (decision
    // 0007): a disk that is not filling up is good news, not a missing metric.
    if (/\btimeLeftForecast\s*\(/.test(m.expression)) return { status: 'OK', value: null, message: null };
    return unknown('the expression gives no data');
  }
  if (series.length > 1) return unknown(`the expression gives ${series.length} series; it must give one`);
  const points = (series[0] as (typeof series)[number]).points.filter((p) => p.time <= t);
  const last = points[points.length - 1];
  if (last === undefined) return unknown('the expression gives no data');
  const status: AlertStatus = judgeThresholds(last.value, m);
  return { status, value: last.value, message: describeJudgement(m.expression, last.value, status, m) };
}

/** Judges one expression monitor. */
export function evaluateExpression(
  ctx: EngineContext,
  org: OrgId,
  m: WithId<ExpressionMonitor>,
  obs: Observation,
  d: Decisions,
): void {
  const now = ctx.now();
  const prev = d.state(m.id, '');
  d.record(
    step({
      orgId: org,
      monitor: lifecycleOf(m, 1),
      target: '',
      hostId: null,
      state: prev,
      alert: d.openAlert(m.id, ''),
      observation: obs,
      observedAt: unixSec(Math.max(now, (prev?.observedAt ?? 0) + 1)),
      gates: {
        monitored: true,
        notify: !m.isMute,
        inDowntime: ctx.inDowntime(org, { monitorId: m.id, services: [], roles: [] }),
      },
      now,
      newId: ctx.deps.newId,
    }),
    { monitorId: m.id, services: [], roles: [] },
  );
}

/** Evaluates every expression monitor once (outside the queue), then judges each in it. */
export async function evaluateExpressionMonitors(
  ctx: EngineContext,
  orgs: ReadonlyMap<OrgId, OrgState>,
  job: RunJob,
): Promise<void> {
  for (const [org, state] of orgs) {
    for (const m of state.expression) {
      const obs = await observeExpression(ctx, org, m);
      await job(org, (d) => {
        if (ctx.org(org).monitors.get(m.id) !== m) return;
        evaluateExpression(ctx, org, m, obs, d);
      });
    }
  }
}
