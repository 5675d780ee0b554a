// Metric-name helpers shared by the built-in collectors.

// Matches util.SanitizeMetricKey of mackerel-agent (util/sanitize.go): every
// char outside [A-Za-z0-9_-] becomes "_", so "eth0.100" posts as "eth0_100".
const UNSAFE_KEY_CHARS = /[^A-Za-z0-9_-]/g;

/** Replaces every char outside [A-Za-z0-9_-] with "_", as mackerel-agent does for device and interface names. */
export function sanitizeMetricKey(key: string): string {
  return key.replace(UNSAFE_KEY_CHARS, '_');
}

/** Tests a user-supplied ignore regex; resets lastIndex so a /g or /y flag cannot make it skip every other call. */
export function matchesIgnore(ignore: RegExp | undefined, name: string): boolean {
  if (ignore === undefined) return false;
  ignore.lastIndex = 0;
  return ignore.test(name);
}
