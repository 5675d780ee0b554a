import { SabaError } from '@saba/model';

// The stream is LSB-first and is stored through an Int32Array, so on the platform's byte order
// the words must come out little-endian. Every platform Node ships for but s390x is.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new SabaError('internal', 'chunkenc needs a little-endian platform');
}

const TWO32 = 4294967296;

/**
 * Writes an LSB-first bit stream into 32-bit words. The caller reserves enough room with
 * `reset(maxBits)` first: writes do not check bounds, which keeps the per-sample path short.
 */
export class BitWriter {
  private words = new Int32Array(1024);
  private bytes = new Uint8Array(this.words.buffer);
  private w = 0;
  private acc = 0;
  private nacc = 0;

  /** Starts a new stream able to hold `maxBits` bits. */
  reset(maxBits: number): void {
    const need = (maxBits >>> 5) + 2;
    if (this.words.length < need) {
      this.words = new Int32Array(Math.max(need, this.words.length * 2));
      this.bytes = new Uint8Array(this.words.buffer);
    }
    this.w = 0;
    this.acc = 0;
    this.nacc = 0;
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.w * 32 + this.nacc;
  }

  /** Writes the low `n` bits of `v` (0 <= n <= 32; v < 2^n, as an int32 or uint32). */
  write(v: number, n: number): void {
    this.acc |= v << this.nacc;
    this.nacc += n;
    if (this.nacc >= 32) {
      this.words[this.w++] = this.acc;
      this.nacc -= 32;
      this.acc = this.nacc === 0 ? 0 : v >>> (n - this.nacc);
    }
  }

  /** Writes one bit. */
  bit(b: number): void {
    this.write(b, 1);
  }

  /** Writes `v` (0 <= v < 2^53) in `n` bits (0 <= n <= 53). */
  writeBig(v: number, n: number): void {
    if (n <= 32) this.write(v >>> 0, n);
    else {
      this.write(v >>> 0, 32);
      this.write(Math.floor(v / TWO32), n - 32);
    }
  }

  /** Writes a 64-bit field from its low and high words. */
  write64(lo: number, hi: number, n: number): void {
    if (n <= 32) this.write(lo, n);
    else {
      this.write(lo, 32);
      this.write(hi, n - 32);
    }
  }

  /** Writes gamma(x), x >= 0 and x + 1 < 2^53: L zeros, a one, then the low L bits of x + 1. */
  gamma(x: number): void {
    const v = x + 1;
    const l = bitLength(v) - 1;
    if (l < 31) {
      this.write(1 << l, l + 1);
      if (l > 0) this.write(v - (1 << l), l);
    } else {
      for (let z = l; z > 0; z -= Math.min(z, 32)) this.write(0, Math.min(z, 32));
      this.write(1, 1);
      this.writeBig(v - 2 ** l, l);
    }
  }

  /** Writes svl(x): sign bit, 6-bit length, then |x|; |x| < 2^53. */
  svl(x: number): void {
    const a = Math.abs(x);
    const l = bitLength(a);
    this.write((x < 0 ? 1 : 0) | (l << 1), 7);
    this.writeBig(a, l);
  }

  /** Writes the header bytes, then the stream padded to a whole byte, into a new array. */
  finish(header: Uint8Array, headerLen: number): Uint8Array {
    const bits = this.bitLength;
    if (this.nacc > 0) this.words[this.w] = this.acc;
    const len = (bits + 7) >>> 3;
    const out = new Uint8Array(headerLen + len);
    for (let i = 0; i < headerLen; i++) out[i] = header[i]!;
    // Copying a head chunk's ~40 bytes by hand is cheaper than making the view set() needs.
    const src = this.bytes;
    if (len <= 64) for (let i = 0; i < len; i++) out[headerLen + i] = src[i]!;
    else out.set(src.subarray(0, len), headerLen);
    return out;
  }
}

/** bitlen(x) for 0 <= x < 2^53: the number of bits needed to write x. */
export function bitLength(x: number): number {
  return x < TWO32 ? 32 - Math.clz32(x) : 64 - Math.clz32(Math.floor(x / TWO32));
}

/** Size in bits of gamma(x). */
export function gammaBits(x: number): number {
  return 2 * bitLength(x + 1) - 1;
}

/** Size in bits of svl(x). */
export function svlBits(x: number): number {
  return 7 + bitLength(Math.abs(x));
}
