// How a graph writes its values: by the graph definition's unit (features §1.6), short enough for
// an axis label and a legend cell.

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'] as const;
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Three significant digits, without a trailing ".0" or exponent for the values graphs show. */
function digits(v: number): string {
  if (v === 0) return '0';
  return String(Number(v.toPrecision(3)));
}

/** `v` scaled by `base` into the largest prefix that leaves it at 1 or more: the number and the prefix. */
function scaled(v: number, base: number, prefixes: readonly string[]): [string, string] {
  let i = 0;
  let x = Math.abs(v);
  while (x >= base && i < prefixes.length - 1) {
    x /= base;
    i++;
  }
  // Rounding can carry into the next prefix (999.96 k is "1000k"), so step once more then.
  if (Number(x.toPrecision(3)) >= base && i < prefixes.length - 1) {
    x /= base;
    i++;
  }
  return [`${v < 0 ? '-' : ''}${digits(x)}`, prefixes[i] ?? ''];
}

/** `v` written for the unit: `12.5%`, `1.5 GiB`, `3.2 MiB/s`, `120 ms`, `1.2k`; "—" for no value. */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'percentage':
      return `${digits(v)}%`;
    case 'bytes':
      return scaled(v, 1024, BINARY).join(' ');
    case 'bytes/sec':
      return `${scaled(v, 1024, BINARY).join(' ')}/s`;
    case 'bits/sec':
    case 'bps':
      return `${scaled(v, 1000, SI).join(' ')}b/s`;
    case 'seconds':
    case 's':
      return Math.abs(v) < 1 && v !== 0 ? `${digits(v * 1000)} ms` : `${digits(v)} s`;
    case 'milliseconds':
    case 'ms':
      return `${digits(v)} ms`;
    case 'iops':
      return `${scaled(v, 1000, SI).join('')} IOPS`;
    case 'integer':
      return scaled(Math.abs(v) < 1000 ? Math.round(v) : v, 1000, SI).join('');
    default:
      return scaled(v, 1000, SI).join('');
  }
}
