// Durations in mackerel-agent.conf. The plugin intervals (`check_interval`, `notification_interval`,
// `execution_interval`) take whole minutes either as an integer or as a Go duration string; the rules
// follow the official config/duration.go: an integer string is minutes, otherwise time.ParseDuration,
// negative is "out of range", and a duration that is not a whole number of minutes is refused.

const NS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign, accepted by Go
  μs: 1e3, // U+03BC Greek mu, accepted by Go
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const NS_PER_MINUTE = 60e9;
// Go's time.Duration is an int64 of nanoseconds: about 292 years.
const MAX_DURATION_NS = 2 ** 63;
// The official agent keeps minutes in an int32.
const MAX_MINUTES = 2 ** 31 - 1;

/** Parses a Go duration string ("1h30m", "2.5h", "-10m", "0") into nanoseconds; throws on bad syntax. */
export function parseGoDuration(text: string): number {
  const bad = (): Error => new Error(`invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw bad();
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s !== '') {
    const m = part.exec(s);
    if (m === null) throw bad();
    const whole = m[1] ?? '';
    const frac = m[2] ?? '';
    const unitName = m[3] ?? '';
    if (whole === '' && frac === '') throw bad();
    const unit = NS_PER_UNIT[unitName];
    if (unit === undefined)
      throw new Error(`unknown unit ${JSON.stringify(unitName)} in duration ${JSON.stringify(text)}`);
    // Like Go: the integer part is exact, the fraction is scaled down and truncated to nanoseconds.
    let v = (whole === '' ? 0 : Number(whole)) * unit;
    if (frac !== '') v += Math.trunc(Number(frac) * (unit / 10 ** frac.length));
    total += v;
    if (total >= MAX_DURATION_NS) throw bad();
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/**
 * Reads a plugin interval: a non-negative integer of minutes (TOML integer or integer string) or a Go
 * duration string that is a whole number of minutes. Throws an Error whose message says why.
 */
export function parseMinutes(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      throw new Error(`invalid duration ${value} (want whole minutes or a string like "10m")`);
    return checkMinutes(value, String(value));
  }
  if (typeof value !== 'string') throw new Error('expected an integer of minutes or a duration string like "10m"');
  if (/^[-+]?\d+$/.test(value)) return checkMinutes(Number(value), value);
  const ns = parseGoDuration(value);
  if (ns < 0 || ns / NS_PER_MINUTE > MAX_MINUTES) throw new Error(`duration out of range: ${value}`);
  if (ns % NS_PER_MINUTE !== 0) throw new Error(`duration not multiple of 1m: ${value}`);
  return ns / NS_PER_MINUTE;
}

function checkMinutes(minutes: number, text: string): number {
  if (minutes < 0 || minutes > MAX_MINUTES) throw new Error(`duration out of range: ${text}`);
  return minutes;
}
