/**
 * Seconds to wait before each retry of a delivery: quick at first (a receiver restarting), then
 * every 10 minutes. A target down for 5 minutes gets its notifications within a minute of coming
 * back; one down for a day is tried 150 times.
 */
const STEPS_SEC = [10, 30, 60, 120, 300, 600] as const;

/** When to try again after `attempts` failed attempts (1 = the first failure), from `now`. */
export function retryAt(attempts: number, now: number): number {
  const step = STEPS_SEC[Math.min(Math.max(attempts, 1), STEPS_SEC.length) - 1] as number;
  return now + step;
}

/**
 * A delivery that still fails after this long is given up and recorded as failed: 3 days covers
 * a long weekend of a receiver being down, and a notification older than that helps nobody.
 */
export const GIVE_UP_AFTER_SEC = 3 * 86_400;

/**
 * A channel whose deliveries have failed without a success for this long is suspended (spec
 * features §4.3): its deliveries wait, they are not dropped, until someone resumes it.
 */
export const SUSPEND_AFTER_SEC = 3600;
