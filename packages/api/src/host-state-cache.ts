import type { Catalog, HostState } from '@saba/catalog';
import type { HostId, OrgId } from '@saba/model';

interface Entry {
  readonly state: HostState | undefined;
  readonly expires: number;
}

/**
 * Which hosts exist and are live, as the metric-ingest path asks on every post. A fleet of 1,000
 * agents posts ~17 times a second; answering from memory keeps the catalog out of the hot path.
 * Entries live `ttlMs` (another replica's retire takes effect within it); this process's own
 * changes call `forget`, so a retire here refuses the next post at once.
 */
export class HostStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly catalog: Catalog,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 200_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The states of `ids` in `org`; absent ids are missing from the map. */
  async lookup(org: OrgId, ids: readonly HostId[]): Promise<Map<HostId, HostState>> {
    const now = this.clock();
    const out = new Map<HostId, HostState>();
    let missing: HostId[] | undefined;
    for (const id of ids) {
      const e = this.entries.get(`${org}\u0000${id}`);
      if (e !== undefined && e.expires > now) {
        if (e.state !== undefined) out.set(id, e.state);
      } else {
        if (missing === undefined) missing = [];
        missing.push(id);
      }
    }
    if (missing !== undefined) {
      const found = await this.catalog.hosts.states(org, missing);
      if (this.entries.size + missing.length > this.maxEntries) this.entries.clear();
      for (const id of missing) {
        const state = found.get(id);
        // Unknown ids are remembered briefly only: another replica may have just created the host.
        const ttl = state === undefined ? Math.min(this.ttlMs, 2_000) : this.ttlMs;
        this.entries.set(`${org}\u0000${id}`, { state, expires: now + ttl });
        if (state !== undefined) out.set(id, state);
      }
    }
    return out;
  }

  /** Drops what is known of these hosts (after a retire or create here). */
  forget(org: OrgId, ids: readonly HostId[]): void {
    for (const id of ids) this.entries.delete(`${org}\u0000${id}`);
  }
}
