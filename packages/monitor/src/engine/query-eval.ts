// Query monitors (spec features §2.9, docs/monitors.md): every minute, the monitor's PromQL runs
// as a range query over the 20 minutes up to the judged minute, and each series in the answer is
// judged on its own, with one alert per (monitor, series). A series gone from the answer closes
// its alert; a query that fails is one UNKNOWN alert of the monitor, apart from the series'.
import {
  type AlertSeries,
  formatLabels,
  LABELED_LABEL,
  type Labels,
  labelsFromRecord,
  labelsKey,
  labelValue,
  METRIC_NAME,
  type OrgId,
  unixMs,
  unixSec,
} from '@saba/model';
import { step } from '../alerts/lifecycle.ts';
import { describeJudgement, judgeThresholds } from '../judge/threshold.ts';
import type { Observation, QueryMonitor, WithId } from '../kinds/config.ts';
import { expandLabels } from '../kinds/query.ts';
import type { EngineContext, RunJob } from './context.ts';
import type { Decisions } from './decisions.ts';
import { lifecycleOf } from './host-eval.ts';

/** The query always runs over 20 minutes (spec §2.9), a point a minute. */
const RANGE_SEC = 20 * 60;
const STEP_MS = 60_000;

/**
 * The target of a failed query's UNKNOWN alert. A series' target is its labelsKey, which is ''
 * or starts with a digit, so this never names a series.
 */
export const QUERY_ERROR_TARGET = 'error';

/** What one run of a query monitor gave at its judged minute (epoch s). */
export type QueryOutcome =
  | { readonly kind: 'error'; readonly at: number; readonly message: string }
  | { readonly kind: 'series'; readonly at: number; readonly values: readonly { labels: Labels; value: number }[] };

/** A series' labels as the alert shows them: without the labelled-series mark nor the metric name. */
function shownLabels(labels: Labels): Labels {
  return labels.filter((l) => l.name !== LABELED_LABEL && l.name !== METRIC_NAME);
}

/** The alert's `series`: named by the legend if set, else by its metric name, else by its labels. */
export function alertSeries(m: Pick<QueryMonitor, 'legend'>, labels: Labels): AlertSeries {
  const shown = shownLabels(labels);
  const name =
    m.legend !== '' ? expandLabels(m.legend, shown) : (labelValue(labels, METRIC_NAME) ?? formatLabels(shown));
  const record: Record<string, string> = {};
  for (const l of shown) record[l.name] = l.value;
  return { name, labels: record };
}

/** Runs a query monitor's query once: the value of each series at the judged minute. */
export async function observeQuery(ctx: EngineContext, org: OrgId, m: WithId<QueryMonitor>): Promise<QueryOutcome> {
  // evaluateBackwardMinutes delays the judged minute, so that late points are in (Mackerel's
  // "delay of the monitored metric"); the value judged is the one at that minute.
  const at = Math.floor(ctx.now() / 60) * 60 - m.evaluateBackwardMinutes * 60;
  const run = ctx.deps.promqlRange;
  if (run === undefined) return { kind: 'error', at, message: 'queries cannot be evaluated here' };
  try {
    const series = await run(org, m.query, unixMs((at - RANGE_SEC) * 1000), unixMs(at * 1000), STEP_MS);
    const values: { labels: Labels; value: number }[] = [];
    for (const s of series) {
      const last = s.points[s.points.length - 1];
      // A series without a point at the judged minute has left the answer (stale, or filtered out).
      if (last !== undefined && last.t === at * 1000) values.push({ labels: s.labels, value: last.v });
    }
    return { kind: 'series', at, values };
  } catch (err) {
    return { kind: 'error', at, message: `the query cannot be evaluated: ${(err as Error).message}` };
  }
}

/** Judges one run of a query monitor: every series in it, the series gone from it, and the query's failure. */
export function judgeQuery(
  ctx: EngineContext,
  org: OrgId,
  m: WithId<QueryMonitor>,
  outcome: QueryOutcome,
  d: Decisions,
): void {
  const now = ctx.now();
  // Query monitors have no scopes: only downtimes over every monitor or naming this one apply.
  const subject = { monitorId: m.id, services: [], roles: [] };
  const gates = { monitored: true, notify: !m.isMute, inDowntime: ctx.inDowntime(org, subject) };
  const judge = (target: string, obs: Observation, series: AlertSeries | undefined) => {
    const prev = d.state(m.id, target);
    const alert = d.openAlert(m.id, target);
    // A good series with nothing open and no bad run changes nothing: not even a state in memory.
    if (obs.status === 'OK' && alert === undefined && (prev === undefined || prev.status === 'OK')) return;
    const labels = labelsFromRecord((series ?? alert?.series)?.labels ?? {});
    d.record(
      step({
        orgId: org,
        // Monitor names may hold {{label}} templates, expanded per alert (spec §2.9).
        monitor: lifecycleOf({ ...m, name: expandLabels(m.name, labels) }, 1),
        target,
        hostId: null,
        ...(series !== undefined ? { series } : {}),
        state: prev,
        alert,
        observation: obs,
        observedAt: unixSec(Math.max(now, (prev?.observedAt ?? 0) + 1)),
        gates,
        now,
        newId: ctx.deps.newId,
      }),
      subject,
    );
  };

  if (outcome.kind === 'error') {
    // The series are not known this minute: their alerts stay as they are.
    judge(QUERY_ERROR_TARGET, { status: 'UNKNOWN', value: null, message: outcome.message }, undefined);
    return;
  }
  judge(QUERY_ERROR_TARGET, { status: 'OK', value: null, message: null }, undefined);
  const seen = new Set<string>();
  for (const { labels, value } of outcome.values) {
    const target = labelsKey(labels);
    seen.add(target);
    const series = alertSeries(m, labels);
    const status = judgeThresholds(value, m);
    judge(target, { status, value, message: describeJudgement(series.name, value, status, m) }, series);
  }
  // A series gone from the answer is judged good: its alert closes, as a Prometheus alert resolves.
  const gone = new Set<string>();
  const state = ctx.org(org);
  for (const a of state.openAlerts.values()) if (a.monitorId === m.id) gone.add(a.target);
  for (const s of state.states.values()) if (s.monitorId === m.id && s.status !== 'OK') gone.add(s.target);
  for (const target of gone) {
    if (target === QUERY_ERROR_TARGET || seen.has(target)) continue;
    judge(target, { status: 'OK', value: null, message: null }, undefined);
  }
}

/** Runs every query monitor once (outside the queue), then judges each in it. */
export async function evaluateQueryMonitors(ctx: EngineContext, orgs: Iterable<OrgId>, job: RunJob): Promise<void> {
  for (const org of orgs) {
    const monitors = [...ctx.org(org).monitors.values()].filter((x): x is WithId<QueryMonitor> => x.type === 'query');
    for (const m of monitors) {
      const outcome = await observeQuery(ctx, org, m);
      await job(org, (d) => {
        // The monitor changed or went while the query ran: the next minute judges the new one.
        if (ctx.org(org).monitors.get(m.id) !== m) return;
        judgeQuery(ctx, org, m, outcome, d);
      });
    }
  }
}
