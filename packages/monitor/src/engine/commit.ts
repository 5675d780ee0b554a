import { decideGroups, withGroupIds } from './alert-groups.ts';
import type { EngineContext } from './context.ts';
import type { Decisions } from './decisions.ts';

/** Stores a job's decisions, adopts them in memory, then hands the notifications over. */
export async function commitDecisions(ctx: EngineContext, d: Decisions): Promise<void> {
  decideGroups(ctx, d.org.orgId, d);
  withGroupIds(d);
  if (d.writes) await ctx.deps.alerts.apply(d);
  d.adopt();
  if (d.events.length > 0) {
    try {
      await ctx.deps.notify(d.events);
    } catch (err) {
      ctx.deps.log(`notify failed for ${d.events.length} alert events: ${(err as Error).message}`);
    }
  }
}
