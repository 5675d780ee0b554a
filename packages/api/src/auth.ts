import type { Catalog, Principal } from '@saba/catalog';
import { UnauthorizedError } from '@saba/model';

interface Entry {
  readonly principal: Principal | undefined;
  readonly expires: number;
}

/**
 * Resolves `X-Api-Key` to a principal, remembering answers for `ttlMs` so a busy agent fleet
 * (1,000 hosts posting every minute) does not hash and query per request. A deleted key stops
 * working within the TTL; `forget` drops an answer at once (this process's own deletes).
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly catalog: Catalog,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The principal of `key`, or UnauthorizedError. */
  async authenticate(key: string | undefined): Promise<Principal> {
    if (key === undefined || key === '') throw new UnauthorizedError('API key is required (X-Api-Key header)');
    const now = this.clock();
    const hit = this.entries.get(key);
    let principal: Principal | undefined;
    if (hit !== undefined && hit.expires > now) {
      principal = hit.principal;
    } else {
      principal = await this.catalog.orgs.authenticate(key);
      // Bounded: unknown keys are cached too (so a misconfigured fleet costs one lookup per TTL),
      // and the whole map is dropped when full rather than tracking recency.
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { principal, expires: now + this.ttlMs });
    }
    if (principal === undefined) throw new UnauthorizedError('Authentication failed: unknown API key');
    return principal;
  }

  /** Forgets every cached answer. */
  clear(): void {
    this.entries.clear();
  }
}
