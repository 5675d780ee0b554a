/** The first index in [lo, hi) whose value is >= x, in an ascending array. */
export function lowerBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether an ascending array holds x. */
export function containsSorted(a: ArrayLike<number>, x: number): boolean {
  const i = lowerBound(a, x);
  return i < a.length && a[i] === x;
}
