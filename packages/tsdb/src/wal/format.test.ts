import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decodeHeader,
  encodeHeader,
  FILE_HEADER_BYTES,
  FILE_KIND,
  frameBytes,
  parseFileName,
  RecordCursor,
  writeFrame,
} from './format.ts';

function frameAll(payloads: Uint8Array[]): Buffer {
  const buf = Buffer.alloc(payloads.reduce((s, p) => s + frameBytes(p.length), 0));
  let off = 0;
  for (const p of payloads) off = writeFrame(buf, off, p);
  assert.equal(off, buf.length);
  return buf;
}

function readAll(buf: Uint8Array): { payloads: Uint8Array[]; cur: RecordCursor } {
  const cur = new RecordCursor(buf, 0, buf.length);
  const payloads: Uint8Array[] = [];
  for (let p = cur.next(); p !== null; p = cur.next()) payloads.push(Uint8Array.from(p));
  return { payloads, cur };
}

test('frames round trip', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (payloads) => {
      const { payloads: got, cur } = readAll(frameAll(payloads));
      assert.equal(cur.error, null);
      assert.deepEqual(got, payloads);
    }),
  );
});

test('any single changed byte ends reading at the record it is in', () => {
  const payloads = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(40).fill(7), new Uint8Array([9])];
  const buf = frameAll(payloads);
  const starts = [0];
  for (const p of payloads) starts.push(starts.at(-1)! + frameBytes(p.length));
  for (let i = 0; i < buf.length; i++) {
    for (const flip of [0x01, 0x80, 0xff]) {
      const bad = Buffer.from(buf);
      bad[i] = bad[i]! ^ flip;
      const { payloads: got, cur } = readAll(bad);
      const rec = starts.findIndex((s, k) => i >= s && i < starts[k + 1]!);
      assert.deepEqual(got, payloads.slice(0, rec), `byte ${i} ^ ${flip}`);
      assert.equal(cur.offset, starts[rec]);
      assert.notEqual(cur.error, null);
    }
  }
});

test('cut frames are torn at every length', () => {
  const buf = frameAll([new Uint8Array([5, 5]), new Uint8Array(20).fill(3)]);
  for (let len = 11; len < buf.length; len++) {
    const { payloads, cur } = readAll(buf.subarray(0, len));
    assert.equal(payloads.length, 1);
    assert.equal(cur.offset, 10);
    assert.match(cur.error ?? '', /torn/);
  }
});

test('zero bytes are not a record', () => {
  const { payloads, cur } = readAll(new Uint8Array(64));
  assert.equal(payloads.length, 0);
  assert.match(cur.error ?? '', /checksum/);
});

test('file header round trip and damage', () => {
  const h = encodeHeader(FILE_KIND.segment, 2 ** 40 + 3);
  assert.equal(h.length, FILE_HEADER_BYTES);
  assert.deepEqual(decodeHeader(h), { kind: FILE_KIND.segment, prevEnd: 2 ** 40 + 3 });
  assert.deepEqual(decodeHeader(encodeHeader(FILE_KIND.checkpoint, 0)), { kind: FILE_KIND.checkpoint, prevEnd: 0 });
  for (let i = 0; i < FILE_HEADER_BYTES; i++) {
    const bad = Buffer.from(h);
    bad[i] = bad[i]! ^ 0x10;
    assert.equal(typeof decodeHeader(bad), 'string', `byte ${i}`);
  }
  assert.match(String(decodeHeader(h.subarray(0, 10))), /torn/);
});

test('file names', () => {
  const cases: [string, ReturnType<typeof parseFileName>][] = [
    ['00000000', { type: 'segment', n: 0 }],
    ['00000123', { type: 'segment', n: 123 }],
    ['123456789', { type: 'segment', n: 123456789 }],
    ['checkpoint.00000007', { type: 'checkpoint', n: 7 }],
    ['checkpoint.00000007.tmp', { type: 'temp' }],
    ['0000001', null],
    ['lock', null],
    ['00000001.tmp', null],
  ];
  for (const [name, want] of cases) assert.deepEqual(parseFileName(name), want, name);
});
