// Connectivity monitors (spec features §2.4): a host that has sent nothing for a while is gone.
// Judged on a timer; the post that brings a gone host back closes its alert at once (host-eval.ts).
import { type OrgId, unixSec } from '@saba/model';
import { step } from '../alerts/lifecycle.ts';
import type { EngineContext } from './context.ts';
import type { Decisions } from './decisions.ts';
import { hostGates, lifecycleOf } from './host-eval.ts';
import type { HostFacts } from './ports.ts';
import { hostInScope, hostSubject } from './scope.ts';

/** Seconds without a post before a host is gone, by default: Mackerel's FAQ speaks of about 10 minutes. */
export const DEFAULT_CONNECTIVITY_TIMEOUT_SEC = 600;

const LIVE_STATUSES: readonly HostFacts['status'][] = ['working', 'standby', 'maintenance', 'poweroff'];

/** Judges every connectivity monitor of an organization over its hosts that have ever posted. */
export async function evaluateConnectivity(ctx: EngineContext, org: OrgId, d: Decisions): Promise<void> {
  const state = ctx.org(org);
  if (state.connectivity.length === 0) return;
  const seen = ctx.lastSeen.get(org);
  if (seen === undefined || seen.size === 0) return;
  const now = ctx.now();
  const timeout = ctx.deps.connectivityTimeoutSec ?? DEFAULT_CONNECTIVITY_TIMEOUT_SEC;
  const hosts = await ctx.deps.hosts.list(org, { statuses: LIVE_STATUSES });
  for (const h of hosts) {
    // A host that never posted (registered by the API alone) is not watched.
    const last = seen.get(h.id);
    if (last === undefined) continue;
    const gone = now - last >= timeout;
    for (const m of state.connectivity) {
      if (!hostInScope(m, h.roles)) continue;
      const open = d.openAlert(m.id, h.id);
      const prev = d.state(m.id, h.id);
      const status = gone ? m.alertStatusOnGone : 'OK';
      if (open === undefined && !gone && (prev === undefined || prev.status === 'OK')) continue;
      if (open !== undefined && open.status === status) continue;
      const gates = hostGates(ctx, org, h, m);
      // Still gone and still unable to alert (maintenance, a downtime): nothing new to decide.
      if (open === undefined && prev?.status === status && (!gates.monitored || gates.inDowntime)) continue;
      d.record(
        step({
          orgId: org,
          monitor: lifecycleOf(m, 1, false),
          target: h.id,
          hostId: h.id,
          state: prev,
          alert: open,
          observation: {
            status,
            value: null,
            message: gone ? `no data for ${Math.floor((now - last) / 60)} minutes` : null,
          },
          observedAt: unixSec(now),
          gates,
          now,
          newId: ctx.deps.newId,
        }),
        hostSubject(m.id, h.roles),
      );
    }
  }
}
