import { decideGroups, withGroupIds } from './alert-groups.ts';
import type { EngineContext } from './context.ts';
import type { Decisions } from './decisions.ts';

/** Stores a job's decisions, adopts them in memory, then hands the notifications over. */
export async function commitDecisions(ctx: EngineContext, d: Decisions): Promise<void> {
  decideGroups(ctx, d.org.orgId, d);
  withGroupIds(d);
  // Decided notifications go to the durable outbox in the same transaction as the decisions
  // (decision 0009), so a crash cannot keep one and lose the other.
  const now = ctx.now();
  for (const e of d.events) d.outbox.push({ id: ctx.deps.newId(), orgId: e.orgId, body: e, createdAt: now });
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
