import { TooManyRequestsError } from '@saba/model';

/** Failures of one email that close it... */
const MAX_FAILURES = 10;
/** ...within this window (a sliding one: each failure counts for 15 minutes after it). */
const WINDOW_MS = 15 * 60 * 1000;
/** Emails tracked at once; ~100 bytes each, so about 1 MB at the cap. */
const MAX_EMAILS = 10_000;

/**
 * Counts failed sign-ins per email and refuses the email once it has 10 failures within 15 minutes,
 * until the oldest of them is 15 minutes old: 40 guesses an hour at most, whatever the passwords.
 * In memory and per process (docs/decisions/0010-web-sign-in.md).
 */
export class LoginThrottle {
  /** Failure times per email (ASCII lower case), oldest first. Map order: least recently failed first. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * Called before the password is checked: TooManyRequestsError while `email` is closed, else the
   * attempt counts as a failure until `succeed` says otherwise. Counting first, not after the
   * ~130 ms hash, is what stops a burst of guesses sent at once from all getting through.
   */
  attempt(email: string): void {
    const key = keyOf(email);
    const now = this.clock();
    const recent = this.recent(key, now) ?? [];
    if (recent.length >= MAX_FAILURES) {
      const waitSec = Math.ceil(((recent[0] as number) + WINDOW_MS - now) / 1000);
      throw new TooManyRequestsError(`too many failed sign-ins for this email; try again in ${waitSec} s`);
    }
    recent.push(now);
    this.failures.delete(key);
    if (this.failures.size >= MAX_EMAILS) this.evict(now);
    this.failures.set(key, recent);
  }

  /** Forgets `email`'s failures, the attempt just made among them: it signed in. */
  succeed(email: string): void {
    this.failures.delete(keyOf(email));
  }

  /** The failures of `key` still inside the window at `now`; drops the entry when none are. */
  private recent(key: string, now: number): number[] | undefined {
    const times = this.failures.get(key);
    if (times === undefined) return undefined;
    while (times.length > 0 && (times[0] as number) <= now - WINDOW_MS) times.shift();
    if (times.length === 0) {
      this.failures.delete(key);
      return undefined;
    }
    return times;
  }

  /**
   * Makes room: drops entries whose failures have all aged out, else the one with the fewest
   * failures (the first such in map order). Not simply the oldest: spraying 10,000 made-up emails
   * would then push out, and so reopen, the one being guessed.
   */
  private evict(now: number): void {
    // Map order is by last failure: the aged-out ones come first.
    for (const [key, times] of this.failures) {
      if ((times[times.length - 1] as number) > now - WINDOW_MS) break;
      this.failures.delete(key);
    }
    if (this.failures.size < MAX_EMAILS) return;
    let victim: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const [key, times] of this.failures) {
      if (times.length < fewest) {
        victim = key;
        fewest = times.length;
        if (fewest === 1) break;
      }
    }
    if (victim !== undefined) this.failures.delete(victim);
  }
}

/** Emails compare as the catalog compares them: ASCII case-insensitively. */
function keyOf(email: string): string {
  return email.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
