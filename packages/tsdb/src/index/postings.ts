import { sortDisjoint } from './set-ops.ts';

const EMPTY = new Uint32Array(0);

/**
 * A sorted set of series refs: a growable Uint32Array that appends increasing refs in O(1) and
 * drops removed refs lazily, at the next read or once half of it is dead.
 */
export class Postings {
  /** Stored refs, dead ones included until the next compaction. */
  length = 0;
  // A value held by one series (a high-cardinality label) keeps its ref inline: a Uint32Array
  // costs about 210 bytes even for one element (measured on Node 20), an inline number nothing.
  private one = 0;
  private refs: Uint32Array | null = null;
  private dead = 0;
  private sorted = true;

  /** Adds a ref; increasing refs append, others mark the list for sorting at the next compaction. */
  add(ref: number): void {
    const n = this.length;
    if (this.refs === null) {
      if (n === 0) {
        this.one = ref;
        this.length = 1;
        return;
      }
      this.refs = new Uint32Array(4);
      this.refs[0] = this.one;
    } else if (n === this.refs.length) {
      // Growing by 1.5 keeps the slack at 17% on average and a 1 M list's copies cheap.
      const bigger = new Uint32Array(n + (n >>> 1) + 4);
      bigger.set(this.refs);
      this.refs = bigger;
    }
    if (n > 0 && ref <= this.last()) this.sorted = false;
    this.refs[n] = ref;
    this.length = n + 1;
  }

  /** Notes that one stored ref died; compacts once half are dead so removal stays amortised O(1). */
  markDead(keep: (ref: number) => boolean): void {
    this.dead++;
    if (this.dead * 2 >= this.length) this.compact(keep);
  }

  /** True if a compaction is pending (dead refs or out-of-order appends). */
  get dirty(): boolean {
    return this.dead > 0 || !this.sorted;
  }

  /** Sorts, drops refs for which `keep` is false and duplicates, and gives back unused capacity. */
  compact(keep: (ref: number) => boolean): void {
    if (this.refs === null) {
      if (this.length === 1 && !keep(this.one)) this.length = 0;
    } else {
      const all = this.refs.subarray(0, this.length);
      if (!this.sorted) all.sort();
      let n = 0;
      let prev = -1;
      for (let i = 0; i < all.length; i++) {
        const r = all[i] as number;
        if (r !== prev && keep(r)) all[n++] = r;
        prev = r;
      }
      this.length = n;
      if (n <= 1) {
        this.one = n === 1 ? (all[0] as number) : 0;
        this.refs = null;
      } else if (this.refs.length > 2 * n + 8) {
        this.refs = this.refs.slice(0, n + (n >>> 2));
      }
    }
    this.dead = 0;
    this.sorted = true;
  }

  /** The refs, ascending; a view into internal storage, valid until the next change. Compact first. */
  view(): Uint32Array {
    if (this.refs !== null) return this.refs.subarray(0, this.length);
    return this.length === 0 ? EMPTY : Uint32Array.of(this.one);
  }

  /** Copies the refs into `out` at `at`. Compact first. */
  copyTo(out: Uint32Array, at: number): void {
    if (this.refs !== null) out.set(this.refs.subarray(0, this.length), at);
    else if (this.length === 1) out[at] = this.one;
  }

  private last(): number {
    return this.refs === null ? this.one : (this.refs[this.length - 1] as number);
  }
}

/**
 * The union of compacted postings that share no ref (the values of one label name), ascending.
 * A single list comes back as its view, so the caller must copy it before keeping it.
 */
export function unionDisjoint(lists: readonly Postings[]): Uint32Array {
  if (lists.length === 0) return EMPTY;
  if (lists.length === 1) return (lists[0] as Postings).view();
  let total = 0;
  for (const p of lists) total += p.length;
  const out = new Uint32Array(total);
  let at = 0;
  for (const p of lists) {
    p.copyTo(out, at);
    at += p.length;
  }
  return sortDisjoint(out);
}
