import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrgId, SeriesRef } from '@saba/model';
import fc from 'fast-check';
import { decodeSeriesState, encodeSeriesState } from './head-snapshot.ts';
import { HEAD_CHUNK_SAMPLES, MemSeries } from './mem-series.ts';

function fresh(): MemSeries {
  return new MemSeries(1 as SeriesRef, 'o' as OrgId, [{ name: '__name__', value: 'm' }]);
}

/** The model: last write wins per timestamp. */
function model(writes: readonly [number, number][], mint = -Infinity, maxt = Infinity): [number[], number[]] {
  const m = new Map<number, number>();
  for (const [t, v] of writes) m.set(t, v);
  const ts = [...m.keys()].filter((t) => t >= mint && t <= maxt).sort((a, b) => a - b);
  return [ts, ts.map((t) => m.get(t) as number)];
}

function read(s: MemSeries, mint = -Infinity, maxt = Infinity): [number[], number[]] {
  const r = s.read(mint, maxt);
  return [Array.from(r.ts.subarray(0, r.length)), Array.from(r.vs.subarray(0, r.length))];
}

test('in-order appends across many chunks read back exactly', () => {
  const s = fresh();
  const writes: [number, number][] = [];
  for (let i = 0; i < HEAD_CHUNK_SAMPLES * 7 + 3; i++) writes.push([60_000 * i, i * 1.5]);
  for (const [t, v] of writes) s.append(t, v);
  assert.deepEqual(read(s), model(writes));
  assert.deepEqual(read(s, 60_000 * 20, 60_000 * 40), model(writes, 60_000 * 20, 60_000 * 40));
});

test('late writes and overwrites: last write wins wherever the sample lives', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.double({ noNaN: true })), { maxLength: 300 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 0, max: 400 }),
      (raw, a, b) => {
        const writes = raw.map(([t, v]) => [t * 1000, v] as [number, number]);
        const s = fresh();
        for (const [t, v] of writes) s.append(t, v);
        const [mint, maxt] = [Math.min(a, b) * 1000, Math.max(a, b) * 1000];
        assert.deepEqual(read(s), model(writes));
        assert.deepEqual(read(s, mint, maxt), model(writes, mint, maxt));
      },
    ),
    { numRuns: 300 },
  );
});

test('extractBefore takes exactly the older samples and keeps the rest', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 200 }),
      fc.integer({ min: 0, max: 300 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 50 }),
      (before, cut, after) => {
        const s = fresh();
        for (const [t, v] of before) s.append(t, v);
        const taken = s.extractBefore(cut);
        const all = model(before);
        const older = all[0].map((t, i) => [t, all[1][i]] as [number, number]).filter(([t]) => t < cut);
        assert.deepEqual(
          [Array.from(taken.ts.subarray(0, taken.length)), Array.from(taken.vs.subarray(0, taken.length))],
          [older.map((x) => x[0]), older.map((x) => x[1])],
        );
        // What stays, plus later writes, behaves like the model of the newer part.
        for (const [t, v] of after) s.append(t, v);
        const kept = before.filter(([t]) => t >= cut);
        assert.deepEqual(read(s), model([...kept, ...after]));
      },
    ),
    { numRuns: 300 },
  );
});

test('mayHaveData and minT follow the data', () => {
  const s = fresh();
  assert.equal(s.mayHaveData(0, 100), false);
  assert.equal(s.minT(), Infinity);
  s.append(500, 1);
  s.append(100, 2);
  assert.equal(s.minT(), 100);
  assert.equal(s.mayHaveData(0, 99), false);
  assert.equal(s.mayHaveData(100, 100), true);
  assert.equal(s.mayHaveData(600, 700), false);
});

test('bit-exact values survive chunking (NaN payloads, -0)', () => {
  const s = fresh();
  const stale = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0] as number;
  const vals = [stale, -0, Infinity, -Infinity, 5e-324, 2 ** 53];
  for (let i = 0; i < HEAD_CHUNK_SAMPLES * 2; i++) s.append(i * 1000, vals[i % vals.length] as number);
  const r = s.read(-Infinity, Infinity);
  const bits = new BigUint64Array(r.vs.buffer, r.vs.byteOffset, r.length);
  for (let i = 0; i < r.length; i++) {
    const want = new BigUint64Array(Float64Array.of(vals[i % vals.length] as number).buffer)[0];
    assert.equal(bits[i], want, `sample ${i}`);
  }
});

test('putBack restores extracted samples but never over a newer write', () => {
  const s = fresh();
  for (let t = 0; t < 40; t++) s.append(t * 1000, t);
  const taken = s.extractBefore(20_000);
  s.append(5000, -5);
  s.putBack(taken);
  const want: [number, number][] = [];
  for (let t = 0; t < 40; t++) want.push([t * 1000, t === 5 ? -5 : t]);
  assert.deepEqual(read(s), [want.map((x) => x[0]), want.map((x) => x[1])]);
});

test('a snapshot of the state restores a series that then behaves exactly like the original', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.double({ noNaN: true })), { maxLength: 200 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.double({ noNaN: true })), { maxLength: 60 }),
      (before, after) => {
        const a = fresh();
        for (const [t, v] of before) a.append(t * 1000, v);
        const { state } = decodeSeriesState(encodeSeriesState(1, a.state()));
        const b = fresh();
        b.setState(state);
        for (const [t, v] of after) {
          a.append(t * 1000, v);
          b.append(t * 1000, v);
        }
        assert.deepEqual(read(b), read(a));
        assert.equal(b.lastT, a.lastT);
        assert.equal(b.minT(), a.minT());
      },
    ),
    { numRuns: 200 },
  );
});
