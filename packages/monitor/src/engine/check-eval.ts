// Check monitors (spec features §2.10): agents report a status; the report is the judgement.
import { type HostId, type OrgId, unixSec } from '@saba/model';
import { step } from '../alerts/lifecycle.ts';
import type { EngineContext, ReportedCheck } from './context.ts';
import type { Decisions } from './decisions.ts';
import { hostGates } from './host-eval.ts';
import { hostSubject } from './scope.ts';

/** maxCheckAttempts counts reports in a row only when they are at most 6 h apart (spec api §6). */
const RUN_GAP_SEC = 6 * 3600;

/** Judges stored check reports, each in occurredAt order per host. */
export async function evaluateChecks(
  ctx: EngineContext,
  org: OrgId,
  reports: readonly ReportedCheck[],
  d: Decisions,
): Promise<void> {
  const now = ctx.now();
  const byHost = new Map<HostId, ReportedCheck[]>();
  for (const r of reports) {
    const list = byHost.get(r.hostId);
    if (list === undefined) byHost.set(r.hostId, [r]);
    else list.push(r);
  }
  for (const [host, list] of byHost) {
    const facts = await ctx.hostFacts(org, host);
    if (facts === undefined || facts.isRetired) continue;
    const checks = new Map((await ctx.deps.checks.states(org, host)).map((c) => [c.name, c]));
    for (const r of [...list].sort((a, b) => a.occurredAt - b.occurredAt)) {
      const check = checks.get(r.name);
      if (check === undefined) continue;
      let prev = d.state(check.monitorId, host);
      if (prev !== undefined && prev.observedAt >= r.occurredAt) continue;
      if (prev !== undefined && r.occurredAt - prev.observedAt > RUN_GAP_SEC) prev = undefined;
      const memo = facts.checks?.find((c) => c.name === r.name)?.memo ?? '';
      const monitor = {
        id: check.monitorId,
        type: 'check' as const,
        name: r.name,
        memo,
        notificationInterval: check.notificationInterval,
        maxCheckAttempts: r.maxCheckAttempts ?? 1,
        downtimeSticks: true,
      };
      d.record(
        step({
          orgId: org,
          monitor,
          target: host,
          hostId: host,
          state: prev,
          alert: d.openAlert(check.monitorId, host),
          observation: { status: r.status, value: null, message: r.message },
          observedAt: unixSec(r.occurredAt),
          gates: hostGates(ctx, org, facts, { id: check.monitorId, isMute: false }),
          now,
          newId: ctx.deps.newId,
        }),
        hostSubject(check.monitorId, facts.roles),
      );
    }
  }
}
