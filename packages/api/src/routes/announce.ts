import { newOrderedId, type OutboxEvent } from '@saba/catalog';
import { msToSec, type OrgId } from '@saba/model';
import type { AnnouncedEvent, ApiDeps } from '../deps.ts';

/**
 * Host and monitor changes as outbox events (spec features §4.3 events). Routes hand these to the
 * catalog write that makes the change, which stores them in its own transaction: a crash keeps
 * both or neither. Each gets a time-ordered id, which delivery sends as its idempotency key.
 */
export function announced(deps: ApiDeps, org: OrgId, events: readonly AnnouncedEvent[]): OutboxEvent[] {
  const createdAt = msToSec(deps.clock());
  return events.map((body) => ({ id: newOrderedId(), orgId: org, body, createdAt }));
}
