// Series refs remembered between posts, so that an agent's steady stream of the same metrics
// is appended by ref: the engine's append by labels (hash and compare the label set) is 4.2x
// slower than by ref (docs/benchmarks.md, 0.59 M vs 2.45 M samples/CPU-s).
import type { SeriesRef } from '@saba/model';

/** One owner's refs (a host's or a service's), by metric name. */
export type SeriesRefs = Map<string, SeriesRef>;

interface Owner {
  readonly refs: SeriesRefs;
  /** When the owner was last posted for, in calls to `refsOf` (a logical clock). */
  used: number;
}

/**
 * Refs by owner and metric name, bounded to `maxEntries` refs in total. Past the bound the
 * least recently posted owners are dropped until 90 % remain, so a full cache trims once per
 * ~10 % of new series rather than on every request. Owners are keyed by the caller (org and
 * host or service), which makes one organization's refs unreachable from another's.
 */
export class RefCache {
  private readonly owners = new Map<string, Owner>();
  private entries = 0;
  private clock = 0;

  constructor(readonly maxEntries: number) {}

  /** Refs held, over all owners. */
  get size(): number {
    return this.entries;
  }

  /** The refs of owner `key` (created empty), marked as just used. */
  refsOf(key: string): SeriesRefs {
    let owner = this.owners.get(key);
    if (owner === undefined) {
      owner = { refs: new Map(), used: 0 };
      this.owners.set(key, owner);
    }
    owner.used = ++this.clock;
    return owner.refs;
  }

  /** Remembers `ref` under `name` in `refs` (a map from `refsOf`, used before the next `trim`). */
  set(refs: SeriesRefs, name: string, ref: SeriesRef): void {
    const n = refs.size;
    refs.set(name, ref);
    this.entries += refs.size - n;
  }

  /** Drops every ref of owner `key` (its series were deleted). */
  forget(key: string): void {
    const owner = this.owners.get(key);
    if (owner === undefined) return;
    this.owners.delete(key);
    this.entries -= owner.refs.size;
  }

  /** Drops the least recently used owners while more than `maxEntries` refs are held. */
  trim(): void {
    if (this.entries <= this.maxEntries) return;
    const keep = Math.floor(this.maxEntries * 0.9);
    const byAge = [...this.owners].sort((a, b) => a[1].used - b[1].used);
    for (const [key, owner] of byAge) {
      if (this.entries <= keep) break;
      this.owners.delete(key);
      this.entries -= owner.refs.size;
    }
  }
}
