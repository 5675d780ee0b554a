import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODER } from './int-column.ts';
import { planValues, SCHEME } from './values.ts';

const STALE = new Float64Array(new Uint32Array([2, 0x7ff00000]).buffer)[0]!;

function series(n: number, f: (i: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => f(i));
}

/** A two-decimal random walk from 50.00 with the given steps in hundredths. */
function walk(n: number, step: (i: number) => number): Float64Array {
  let m = 5000;
  return series(n, (i) => {
    m += step(i);
    return m / 100;
  });
}

/** A deterministic stand-in for noise: the fractional part of i·golden ratio, in [0, 1). */
function noise(i: number): number {
  return (i * 0.6180339887498949) % 1;
}

test('each kind of data gets the scheme made for it', () => {
  const cases: { name: string; vs: Float64Array; scheme: number; k?: number; order?: number; coder?: number }[] = [
    { name: 'constant', vs: series(120, () => 42.5), scheme: SCHEME.const },
    { name: 'all stale markers', vs: series(120, () => STALE), scheme: SCHEME.const },
    {
      name: 'two-decimal gauge',
      vs: walk(120, (i) => Math.round(200 * (noise(i) + noise(i * 7) - 1))),
      scheme: SCHEME.decimal,
      k: 2,
      order: 1,
      coder: CODER.rice,
    },
    {
      name: 'integer counter, noisy rate',
      vs: series(120, (i) => 1e9 + 6000 * i + Math.round(2000 * noise(i))),
      scheme: SCHEME.decimal,
      k: 0,
      order: 1,
      coder: CODER.truncated,
    },
    {
      name: 'counter with a rate ramping up',
      vs: series(120, (i) => 1000 + i * i * 7),
      scheme: SCHEME.decimal,
      k: 0,
      order: 2,
    },
    {
      name: 'rare changes',
      vs: series(1440, (i) => (i < 700 ? 8 * 2 ** 30 : 16 * 2 ** 30)),
      scheme: SCHEME.decimal,
      order: 3,
    },
    {
      name: 'full-precision floats',
      vs: series(120, (i) => Math.PI * (1 + 0.1 * Math.sin(i))),
      scheme: SCHEME.floatDelta,
    },
    { name: 'decimals of 0.1 + 0.2', vs: series(120, (i) => 0.1 * i + 0.2), scheme: SCHEME.floatDelta },
    { name: 'floats flipping sign', vs: series(120, (i) => (i % 2 ? -1e300 : 1e300)), scheme: SCHEME.xor },
    {
      name: 'stale markers among decimals',
      vs: series(120, (i) => (i % 10 === 9 ? STALE : i / 4)),
      scheme: SCHEME.xor,
    },
  ];
  for (const c of cases) {
    const p = planValues(c.vs, c.vs.length);
    assert.equal(p.scheme, c.scheme, `${c.name}: scheme`);
    if (c.k !== undefined) assert.equal(p.decimal?.k, c.k, `${c.name}: k`);
    if (c.order !== undefined) assert.equal(p.decimal?.order, c.order, `${c.name}: order`);
    if (c.coder !== undefined) assert.equal(p.decimal?.column?.coder, c.coder, `${c.name}: coder`);
  }
});
