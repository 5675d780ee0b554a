import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatValue } from './units.ts';

test('formatValue writes each unit the way a graph label shows it', () => {
  const cases: Array<[number | null | undefined, string, string]> = [
    [null, 'float', '—'],
    [undefined, 'bytes', '—'],
    [Number.NaN, 'float', '—'],
    [0, 'float', '0'],
    [0.05, 'float', '0.05'],
    [1.234, 'float', '1.23'],
    [999, 'float', '999'],
    [1234, 'float', '1.23k'],
    [999_960, 'float', '1M'],
    [-2500, 'float', '-2.5k'],
    [3.6, 'integer', '4'],
    [12_345, 'integer', '12.3k'],
    [42.123, 'percentage', '42.1%'],
    [100, 'percentage', '100%'],
    [512, 'bytes', '512 B'],
    [1536, 'bytes', '1.5 KiB'],
    [24_684_084 * 1024, 'bytes', '23.5 GiB'],
    [1023.9, 'bytes', '1020 B'],
    [2 * 1024 * 1024, 'bytes/sec', '2 MiB/s'],
    [1_500_000, 'bits/sec', '1.5 Mb/s'],
    [800, 'bps', '800 b/s'],
    [0.25, 'seconds', '250 ms'],
    [90, 's', '90 s'],
    [12.5, 'milliseconds', '12.5 ms'],
    [3, 'ms', '3 ms'],
    [2500, 'iops', '2.5k IOPS'],
    [7, 'unknown-unit', '7'],
  ];
  for (const [v, unit, want] of cases) assert.equal(formatValue(v, unit), want, `${v} ${unit}`);
});
