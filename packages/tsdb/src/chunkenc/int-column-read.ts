import { BadDataError } from '@saba/model';
import type { BitReader } from './bit-reader.ts';
import { CODER, ESCAPE } from './int-column.ts';

/** Reads `count` integers into xs[0..count). */
export function readColumn(r: BitReader, xs: Float64Array, count: number): void {
  const h = r.read(3);
  const off = (h & 1) === 1;
  const coder = h >>> 1;
  const base = off ? r.svl() : 0;
  if (coder === CODER.groups) readGroups(r, xs, count, off, base);
  else if (coder === CODER.rice && !off) readRice(r, xs, count);
  else if (coder === CODER.truncated && off) readTruncated(r, xs, count, base);
  else throw new BadDataError(`chunk: bad integer coder ${coder} with transform ${h & 1}`);
}

function readRice(r: BitReader, xs: Float64Array, count: number): void {
  const p = r.read(12);
  const k = p & 63;
  const width = p >>> 6;
  if (k > 53 || width > 53) throw new BadDataError('chunk: bad rice parameters');
  if (width <= 32 && k < 32) {
    for (let i = 0; i < count; i++) {
      let u = r.rice(k);
      if (u < 0) u = r.read(width) >>> 0;
      xs[i] = (u >>> 1) ^ -(u & 1);
    }
    return;
  }
  const d = 2 ** k;
  for (let i = 0; i < count; i++) {
    const q = r.unary32();
    const u = q === ESCAPE ? r.readBig(width) : q * d + r.readBig(k);
    xs[i] = u % 2 === 1 ? -(u + 1) / 2 : u / 2;
  }
}

function readTruncated(r: BitReader, xs: Float64Array, count: number, base: number): void {
  const width = r.read(6);
  if (width > 53) throw new BadDataError('chunk: bad truncated-binary width');
  const range = r.readBig(width);
  if (width === 0) {
    for (let i = 0; i < count; i++) xs[i] = base;
    return;
  }
  const short = 2 ** width - range - 1;
  if (width <= 32) {
    const n = width - 1;
    for (let i = 0; i < count; i++) {
      const x = r.read(n) >>> 0;
      xs[i] = base + (x < short ? x : x * 2 + r.read(1) - short);
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    const x = r.readBig(width - 1);
    xs[i] = base + (x < short ? x : x * 2 + r.read(1) - short);
  }
}

function readGroups(r: BitReader, xs: Float64Array, count: number, off: boolean, base: number): void {
  const size = 8 << r.read(2);
  let width = 0;
  for (let s = 0; s < count; s += size) {
    if (r.read(1)) width = r.read(7);
    if (width > 53) throw new BadDataError('chunk: group width over 53');
    const end = Math.min(count, s + size);
    if (off) {
      if (width <= 32) for (let i = s; i < end; i++) xs[i] = base + (r.read(width) >>> 0);
      else for (let i = s; i < end; i++) xs[i] = base + r.readBig(width);
    } else if (width <= 32) {
      for (let i = s; i < end; i++) {
        const u = r.read(width);
        xs[i] = (u >>> 1) ^ -(u & 1);
      }
    } else {
      for (let i = s; i < end; i++) {
        const u = r.readBig(width);
        xs[i] = u % 2 === 1 ? -(u + 1) / 2 : u / 2;
      }
    }
  }
}
