import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsFromRecord, type OrgId, type SeriesRef } from '@saba/model';
import {
  decodeDeleted,
  decodeSamples,
  decodeSeries,
  encodeDeleted,
  encodeSamples,
  encodeSeries,
  RECORD,
  recordType,
} from './head-records.ts';

test('samples record round-trips, also from an unaligned payload', () => {
  const refs = Uint32Array.of(1, 2, 4_000_000_000);
  const ts = Float64Array.of(0, 1_700_000_000_000, 2 ** 52);
  const vs = Float64Array.of(-0, Number.NaN, 12.34);
  const payload = encodeSamples(refs, ts, vs, 3);
  assert.equal(recordType(payload), RECORD.samples);
  for (const shift of [0, 1, 3]) {
    const copy = new Uint8Array(payload.length + shift);
    copy.set(payload, shift);
    const b = decodeSamples(copy.subarray(shift));
    assert.equal(b.length, 3);
    assert.deepEqual(Array.from(b.refs), Array.from(refs));
    assert.deepEqual(Array.from(b.ts), Array.from(ts));
    assert.ok(Object.is(b.vs[0], -0));
    assert.ok(Number.isNaN(b.vs[1]));
    assert.equal(b.vs[2], 12.34);
  }
});

test('samples record encodes only the first n entries', () => {
  const b = decodeSamples(encodeSamples(Uint32Array.of(7, 8), Float64Array.of(1, 2), Float64Array.of(3, 4), 1));
  assert.equal(b.length, 1);
  assert.equal(b.refs[0], 7);
});

test('a truncated samples record is refused', () => {
  const payload = encodeSamples(Uint32Array.of(1), Float64Array.of(1), Float64Array.of(1), 1);
  assert.throws(() => decodeSamples(payload.subarray(0, payload.length - 1)), RangeError);
});

test('series record round-trips unicode labels', () => {
  const labels = labelsFromRecord({ __name__: 'custom.ß.温度', host: '2zQBtGyNnYu', service: 'shop' });
  const r = decodeSeries(encodeSeries({ ref: 300_000 as SeriesRef, org: 'org-1' as OrgId, labels }));
  assert.equal(r.ref, 300_000);
  assert.equal(r.org, 'org-1');
  assert.deepEqual(r.labels, labels);
});

test('deleted record round-trips', () => {
  assert.deepEqual(decodeDeleted(encodeDeleted([1, 5, 99])), [1, 5, 99]);
  assert.deepEqual(decodeDeleted(encodeDeleted([])), []);
});

test('a samples record in a misaligned Node Buffer decodes (Buffer.slice is a view, not a copy)', () => {
  const payload = encodeSamples(Uint32Array.of(3), Float64Array.of(1000), Float64Array.of(2.5), 1);
  const buf = Buffer.alloc(payload.length + 3);
  buf.set(payload, 3);
  const b = decodeSamples(buf.subarray(3));
  assert.deepEqual([b.refs[0], b.ts[0], b.vs[0]], [3, 1000, 2.5]);
});
