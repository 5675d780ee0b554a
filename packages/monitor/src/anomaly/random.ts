// A seeded pseudo-random source for EM's k-means++ seeding and restarts: training must give the
// same model from the same data, so that a retrain with nothing new changes nothing.

/** A deterministic source of uniform and normal numbers. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
}

/**
 * A xorshift32 generator (Marsaglia 2003, shifts 13/17/5) mixed with a Weyl sequence so that
 * nearby seeds give unrelated streams; 2^32 draws is far beyond what training uses (~10^5).
 */
export function seededRandom(seed: number): Random {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let w = 0;
  let spare = Number.NaN;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    w = (w + 0x61c88647) >>> 0;
    return ((x + w) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = Number.NaN;
        return s;
      }
      // Box–Muller: two uniforms give two independent normals; the second is kept for the next call.
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}
