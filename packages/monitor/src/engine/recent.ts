import type { PointValue } from './ports.ts';

/**
 * The newest points of the series monitors judge, kept in memory so that a post is judged
 * without reading the store: 10 points cover the longest average (duration ≤ 10), and 2 more
 * absorb a late point arriving out of order. A series is added whole (read from the store the
 * first time it is judged) and then follows the posts.
 */
export const KEEP_POINTS = 12;

/** Newest points per series key. */
export class RecentPoints {
  private readonly series = new Map<string, PointValue[]>();

  /** The points of a series, ascending; undefined if it was never loaded. */
  get(key: string): readonly PointValue[] | undefined {
    return this.series.get(key);
  }

  /** Replaces a series with its newest points from `points` (ascending). */
  load(key: string, points: readonly PointValue[]): void {
    this.series.set(key, points.slice(-KEEP_POINTS));
  }

  /** Merges a posted point into a loaded series: a time already there is overwritten (spec: re-posting overwrites). */
  add(key: string, p: PointValue): void {
    const list = this.series.get(key);
    if (list === undefined) return;
    let i = list.length;
    while (i > 0 && (list[i - 1] as PointValue).time > p.time) i--;
    if (i > 0 && (list[i - 1] as PointValue).time === p.time) list[i - 1] = p;
    else list.splice(i, 0, p);
    if (list.length > KEEP_POINTS) list.splice(0, list.length - KEEP_POINTS);
  }

  /** Forgets every series whose key starts with `prefix` (a retired host, a deleted service). */
  forget(prefix: string): void {
    for (const k of this.series.keys()) if (k.startsWith(prefix)) this.series.delete(k);
  }

  /** How many series are held. */
  get size(): number {
    return this.series.size;
  }
}
