/** One judged point: epoch seconds and a value. */
export interface Point {
  readonly time: number;
  readonly value: number;
}

/** How far back a monitor looks for its N points (spec §2.3: "If N points do not exist within 24 h, there is no evaluation"). */
export const AVERAGE_WINDOW_SEC = 24 * 3600;

/**
 * The mean of the newest `n` points at or before `until` and within 24 h of it, or undefined
 * when fewer exist. Gaps are skipped: the points, not minutes, are counted (spec §2.3).
 * `points` are ascending by time.
 */
export function averageOfLast(points: readonly Point[], n: number, until: number): number | undefined {
  let sum = 0;
  let taken = 0;
  for (let i = points.length - 1; i >= 0 && taken < n; i--) {
    const p = points[i] as Point;
    if (p.time > until) continue;
    if (p.time <= until - AVERAGE_WINDOW_SEC) break;
    sum += p.value;
    taken++;
  }
  return taken === n ? sum / n : undefined;
}
