// PromQL number and duration literals: reading them as Prometheus 3.x does, and printing them back.

const UNIT_MS: Record<string, number> = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
};
// Units must come longest first and each at most once, so the order is part of the syntax.
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/**
 * Reads a number token's text: decimal or hex, `_` between digits, Inf/NaN in any case. Like Prometheus,
 * an integer with a leading 0 is octal when it can be (`010` is 8).
 */
export function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  const plain = text.replaceAll('_', '');
  if (/^0[xX][0-9a-fA-F]+$/.test(plain)) return Number.parseInt(plain.slice(2), 16);
  if (/^0[0-7]+$/.test(plain)) return Number.parseInt(plain, 8);
  return Number(plain);
}

/** Reads a duration token (`1h30m`, `500ms`) into milliseconds; null when units are out of order or repeated. */
export function parseDurationMs(text: string): number | null {
  const parts = text.match(/[0-9]+(?:ms|[ywdhms])/g);
  if (!parts || parts.join('') !== text) return null;
  let ms = 0;
  let last = -1;
  for (const part of parts) {
    const unit = part.replace(/^[0-9]+/, '');
    const idx = UNIT_ORDER.indexOf(unit);
    if (idx <= last) return null;
    last = idx;
    ms += Number(part.slice(0, part.length - unit.length)) * (UNIT_MS[unit] as number);
  }
  return ms;
}

/** Prints milliseconds as Prometheus prints durations: `1h30m`, `90d` (years and weeks only when exact). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  let rest = ms;
  let out = '';
  for (const unit of UNIT_ORDER) {
    const mult = UNIT_MS[unit] as number;
    if ((unit === 'y' || unit === 'w') && rest % mult !== 0) continue;
    const n = Math.floor(rest / mult);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * mult;
    }
  }
  return out;
}

/** Prints a float as Go's `FormatFloat(f, 'f', -1, 64)`: shortest digits, never an exponent, `+Inf`. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const mantissa = text.slice(sign.length, e);
  const exp = Number(text.slice(e + 1));
  const [int = '', frac = ''] = mantissa.split('.');
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
