import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contributions, logLikelihood } from './gmm.ts';
import { bic, fitMixture, selectComponents } from './gmm-fit.ts';
import { seededRandom } from './random.ts';

/** n rows drawn from a mixture of axis-aligned Gaussians: weights, means and per-axis sds. */
function draw(n: number, parts: { w: number; mean: number[]; sd: number[] }[], seed: number): Float64Array {
  const rng = seededRandom(seed);
  const d = parts[0]!.mean.length;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    let p = parts[parts.length - 1]!;
    for (const q of parts) {
      if (u < q.w) {
        p = q;
        break;
      }
      u -= q.w;
    }
    for (let m = 0; m < d; m++) out[i * d + m] = p.mean[m]! + p.sd[m]! * rng.normal();
  }
  return out;
}

const THREE = [
  { w: 0.5, mean: [0, 0, 0], sd: [1, 0.5, 1] },
  { w: 0.3, mean: [6, 6, 0], sd: [0.7, 1, 0.8] },
  { w: 0.2, mean: [-5, 6, 4], sd: [1, 1, 0.5] },
];

describe('gmm: EM', () => {
  const data = draw(6000, THREE, 1);

  it('never lets the log-likelihood fall from one iteration to the next', () => {
    // Overlapping components (means a third as far apart) and one k too many: EM has to work.
    const close = draw(
      6000,
      THREE.map((p) => ({ ...p, mean: p.mean.map((m) => m / 3) })),
      2,
    );
    const fit = fitMixture(close, 6000, 3, { k: 4, restarts: 1, tolerance: 1e-7, maxIterations: 300, seed: 4 });
    assert.ok(fit.history.length > 20, `only ${fit.history.length} iterations`);
    for (let i = 1; i < fit.history.length; i++) {
      assert.ok(
        fit.history[i]! >= fit.history[i - 1]! - 1e-9,
        `iteration ${i}: ${fit.history[i - 1]} → ${fit.history[i]}`,
      );
    }
    assert.ok(fit.converged);
  });

  it('recovers a known mixture’s weights and means', () => {
    const fit = fitMixture(data, 6000, 3, { k: 3 });
    for (const truth of THREE) {
      const j = fit.mixture.components.findIndex((c) => Math.hypot(...truth.mean.map((m, i) => m - c.mean[i]!)) < 0.15);
      assert.ok(j >= 0, `no component near ${truth.mean}`);
      assert.ok(Math.abs(fit.mixture.weights[j]! - truth.w) < 0.02, `weight ${fit.mixture.weights[j]} for ${truth.w}`);
      // The covariance's diagonal: L·Lᵀ's (m, m) entry is the sum of squares of row m.
      const sd0 = fit.mixture.sd[j * 3]!;
      assert.ok(Math.abs(sd0 - truth.sd[0]!) < 0.08, `sd ${sd0} for ${truth.sd[0]}`);
    }
  });

  it('keeps the best of several starts', () => {
    const one = fitMixture(data, 6000, 3, { k: 3, restarts: 1, seed: 2 });
    const many = fitMixture(data, 6000, 3, { k: 3, restarts: 4, seed: 2 });
    assert.ok(many.logLikelihood >= one.logLikelihood);
  });

  it('scores a point near a mean higher than one between components', () => {
    const fit = fitMixture(data, 6000, 3, { k: 3 });
    assert.ok(
      logLikelihood(fit.mixture, Float64Array.of(6, 6, 0)) > logLikelihood(fit.mixture, Float64Array.of(3, 3, 0)) + 5,
    );
  });
});

describe('gmm: BIC', () => {
  const cases: [string, { w: number; mean: number[]; sd: number[] }[]][] = [
    ['one blob', [{ w: 1, mean: [0, 0, 0], sd: [1, 2, 0.5] }]],
    ['two blobs', THREE.slice(0, 2).map((p, i) => ({ ...p, w: i === 0 ? 0.6 : 0.4 }))],
    ['three blobs', THREE],
    ['four blobs', [...THREE.map((p) => ({ ...p, w: p.w * 0.8 })), { w: 0.2, mean: [0, -7, -5], sd: [0.6, 0.6, 0.6] }]],
  ];
  cases.forEach(([name, parts], i) => {
    it(`picks the true k: ${name}`, () => {
      const sel = selectComponents(draw(4000, parts, 10 + i), 4000, 3, { maxK: 6 });
      assert.equal(sel.fit.mixture.components.length, parts.length, `BIC ${sel.bic.map((b) => b.toFixed(0))}`);
      assert.equal(sel.bic.indexOf(Math.min(...sel.bic)), parts.length - 1);
      assert.ok(bic(sel.fit, 4000) <= Math.min(...sel.bic) + 1e-6, 'the refit is no worse than the search');
    });
  });
});

describe('gmm: numerical safety', () => {
  it('fits a dimension with zero variance through the covariance floor', () => {
    const data = draw(2000, THREE, 3);
    for (let i = 0; i < 2000; i++) data[i * 3 + 2] = 7;
    const fit = fitMixture(data, 2000, 3, { k: 3 });
    assert.ok(Number.isFinite(fit.logLikelihood));
    const sd = fit.mixture.sd;
    for (let j = 0; j < fit.mixture.components.length; j++)
      assert.ok(Math.abs(sd[j * 3 + 2]! - Math.sqrt(1e-3)) < 1e-6);
    // A move along the constant axis is what stands out.
    const z = contributions(fit.mixture, Float64Array.of(0, 0, 7.5));
    assert.ok(Math.abs(z[2]!) > 10 && Math.abs(z[0]!) < 3, `z = ${Array.from(z)}`);
  });

  it('drops a component that has collapsed onto nothing and stays finite', () => {
    // Five distinct rows repeated: k = 8 asks for more components than there are points.
    const rows = [
      [0, 0],
      [1, 0],
      [0, 1],
      [5, 5],
      [5, 6],
    ];
    const data = Float64Array.from({ length: 500 * 2 }, (_, i) => rows[Math.floor(i / 2) % 5]![i % 2]!);
    const fit = fitMixture(data, 500, 2, { k: 8 });
    assert.ok(fit.mixture.components.length <= 5, `${fit.mixture.components.length} components`);
    assert.ok(Number.isFinite(fit.logLikelihood));
    assert.ok(Math.abs(fit.mixture.weights.reduce((s, w) => s + w, 0) - 1) < 1e-12);
    assert.ok(Number.isFinite(logLikelihood(fit.mixture, Float64Array.of(100, -100))));
  });

  it('scores a far point without underflow (log-sum-exp)', () => {
    const fit = fitMixture(draw(2000, THREE, 5), 2000, 3, { k: 3 });
    const ll = logLikelihood(fit.mixture, Float64Array.of(1e3, -1e3, 1e3));
    assert.ok(Number.isFinite(ll) && ll < -1e5, `${ll}`);
  });
});
