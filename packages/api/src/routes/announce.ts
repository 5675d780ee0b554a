import type { OrgId } from '@saba/model';
import type { AnnouncedEvent, ApiDeps } from '../deps.ts';

/**
 * Announces host or monitor changes to the notification outbox after they were written.
 *
 * Why not in the write's transaction: the catalog's host and monitor writes are repository calls
 * that each run their own transaction, and the outbox write is another. So a crash between the
 * write and this call loses the notification of that one host or monitor change (the change
 * itself is stored). A failure here is logged, not answered: the write is done, and a 500 would
 * make a client retry a write that succeeded.
 */
export async function announce(deps: ApiDeps, org: OrgId, events: readonly AnnouncedEvent[]): Promise<void> {
  for (const e of events) {
    try {
      await deps.announce(org, e);
    } catch (err) {
      deps.log(`notification of ${e.event} could not be stored: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
}
