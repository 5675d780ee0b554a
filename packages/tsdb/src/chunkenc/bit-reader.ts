import { BadDataError } from '@saba/model';

const TWO32 = 4294967296;

/** MASK[n] keeps the low n bits (0 <= n <= 32). */
const MASK = new Int32Array(33);
for (let n = 1; n <= 32; n++) MASK[n] = n === 32 ? -1 : (1 << n) - 1;

/**
 * Reads an LSB-first bit stream. The bytes are copied once into aligned 32-bit words (a chunk
 * may sit at any offset of a block file); two zero words of padding let a read run past the end
 * without a bounds check, and `end()` tells afterwards whether it did.
 */
export class BitReader {
  private words = new Int32Array(1024);
  private bytes = new Uint8Array(this.words.buffer);
  /** Bit position of the next read. */
  pos = 0;
  private limit = 0;

  /** Starts reading the stream `buf[from..]`. */
  reset(buf: Uint8Array, from: number): void {
    const len = buf.length - from;
    const need = (len >>> 2) + 3;
    if (this.words.length < need) {
      this.words = new Int32Array(Math.max(need, this.words.length * 2));
      this.bytes = new Uint8Array(this.words.buffer);
    }
    this.bytes.set(buf.subarray(from));
    this.bytes.fill(0, len, len + 12);
    this.pos = 0;
    this.limit = len * 8;
  }

  /** Reads an n-bit field (0 <= n <= 32) as an int32 (a 32-bit field may come back negative). */
  read(n: number): number {
    const p = this.pos;
    const i = p >>> 5;
    const b = p & 31;
    let v = this.words[i]! >>> b;
    if (b + n > 32) v |= this.words[i + 1]! << (32 - b);
    this.pos = p + n;
    return v & MASK[n]!;
  }

  /** The next 32 bits (as an int32), without consuming them. */
  peek32(): number {
    const p = this.pos;
    const b = p & 31;
    const i = p >>> 5;
    return b === 0 ? this.words[i]! : (this.words[i]! >>> b) | (this.words[i + 1]! << (32 - b));
  }

  /** Reads a Rice quotient: the count of zero bits before a one, or 32 (no one bit) for the escape. */
  unary32(): number {
    const peek = this.peek32();
    if (peek === 0) {
      this.pos += 32;
      return 32;
    }
    const q = 31 - Math.clz32(peek & -peek);
    this.pos += q + 1;
    return q;
  }

  /**
   * Reads a Rice code with parameter k < 32 whose integer fits 32 bits, as a uint32; -1 for the
   * escape (32 zero bits, consumed). Quotient and remainder usually sit in one 32-bit peek.
   */
  rice(k: number): number {
    const p = this.pos;
    const b = p & 31;
    const i = p >>> 5;
    const peek = b === 0 ? this.words[i]! : (this.words[i]! >>> b) | (this.words[i + 1]! << (32 - b));
    if (peek === 0) {
      this.pos = p + 32;
      return -1;
    }
    const q = 31 - Math.clz32(peek & -peek);
    const used = q + 1 + k;
    if (used <= 32) {
      this.pos = p + used;
      return ((q << k) | ((peek >>> (q + 1)) & MASK[k]!)) >>> 0;
    }
    this.pos = p + q + 1;
    return ((q << k) | this.read(k)) >>> 0;
  }

  /** Reads an n-bit field (0 <= n <= 53) as a number. */
  readBig(n: number): number {
    if (n <= 32) return this.read(n) >>> 0;
    const lo = this.read(32) >>> 0;
    return this.read(n - 32) * TWO32 + lo;
  }

  /** Reads gamma(x). */
  gamma(): number {
    let z = 0;
    for (;;) {
      const peek = this.read(32);
      if (peek !== 0) {
        const tz = 31 - Math.clz32(peek & -peek);
        this.pos -= 32 - tz - 1;
        z += tz;
        break;
      }
      z += 32;
      if (z > 53) throw new BadDataError('chunk: bad gamma code');
    }
    if (z > 53) throw new BadDataError('chunk: bad gamma code');
    return z < 31 ? (1 << z) + this.read(z) - 1 : 2 ** z + this.readBig(z) - 1;
  }

  /** Reads svl(x). */
  svl(): number {
    const h = this.read(7);
    const a = this.readBig(h >>> 1);
    return h & 1 ? -a : a;
  }

  /** Throws if reading went past the end of the stream. */
  end(): void {
    if (this.pos > this.limit) throw new BadDataError('chunk: truncated');
  }
}
