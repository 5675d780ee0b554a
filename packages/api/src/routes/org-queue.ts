import type { OrgId } from '@saba/model';

/**
 * Runs one organization's notification-group writes one at a time, in this process. A group
 * write reads the groups, changes one and replaces it: two at once would lose one change (two
 * channels created together, as Terraform does with its 10 parallel operations, would each add
 * themselves to a default group the other had not yet written). Several server replicas over one
 * PostgreSQL are not covered: that needs a transaction in the catalog.
 */
export class OrgQueue {
  private readonly tails = new Map<OrgId, Promise<void>>();

  /** Runs `work` after the organization's earlier work has settled; answers what `work` does. */
  run<T>(org: OrgId, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(org) ?? Promise.resolve()).then(work);
    const tail: Promise<void> = result.then(
      () => this.settled(org, tail),
      () => this.settled(org, tail),
    );
    this.tails.set(org, tail);
    return result;
  }

  /** Forgets an organization with nothing queued, so the map holds only organizations being written. */
  private settled(org: OrgId, tail: Promise<void>): void {
    if (this.tails.get(org) === tail) this.tails.delete(org);
  }
}
