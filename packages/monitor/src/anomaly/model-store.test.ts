import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BadDataError, unixSec } from '@saba/model';
import { FEATURE_COUNT } from './features.ts';
import { decodeModel, encodeModel } from './model-store.ts';
import { anomalyScore, contributionText, topContributions, trainRoleModel } from './role-model.ts';
import { DAY_MINUTES, hostMinutes } from './testing/role-data.ts';

const SHAPE = { hosts: 3, days: 2, seed: 3, anomaliesFromDay: 2, perKind: 0 };

describe('anomaly model store', () => {
  const rows = new Float64Array(SHAPE.hosts * SHAPE.days * DAY_MINUTES * FEATURE_COUNT);
  for (let h = 0; h < SHAPE.hosts; h++)
    rows.set(hostMinutes(SHAPE, h, []), h * SHAPE.days * DAY_MINUTES * FEATURE_COUNT);
  const n = rows.length / FEATURE_COUNT;
  const model = trainRoleModel(rows, n, { from: unixSec(1_700_000_000), to: unixSec(1_700_172_800), emRows: 3000 });

  it('reloads a model from a file in the data directory that scores every minute identically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saba-anomaly-'));
    try {
      const path = join(dir, 'model.json');
      writeFileSync(path, encodeModel(model));
      const back = decodeModel(readFileSync(path, 'utf8'));
      assert.deepEqual(back.features, model.features);
      assert.deepEqual(back.thresholds, model.thresholds);
      assert.deepEqual(back.training, model.training);
      assert.equal(back.mixture.components.length, model.mixture.components.length);
      for (let i = 0; i < n; i += 7) {
        assert.equal(anomalyScore(back, rows, i * FEATURE_COUNT), anomalyScore(model, rows, i * FEATURE_COUNT));
      }
      const odd = rows.slice(0, FEATURE_COUNT);
      odd[10] = 97;
      assert.equal(contributionText(topContributions(back, odd)), contributionText(topContributions(model, odd)));
      assert.match(contributionText(topContributions(back, odd)), /^memory\.used \+\d+\.\dσ, .* for this role$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is compact: ~20 bytes a stored number (8 components of 20 features: ~37 KB)', () => {
    const k = model.mixture.components.length;
    const numbers = 2 * 20 + k * (1 + 20 + 210);
    assert.ok(
      encodeModel(model).length < 22 * numbers + 1000,
      `${encodeModel(model).length} bytes for ${numbers} numbers`,
    );
  });

  const broken: [string, (o: Record<string, unknown>) => void, RegExp][] = [
    ['another format', (o) => (o.format = 'x'), /format is not/],
    ['a newer version', (o) => (o.version = 2), /version 2 is not 1/],
    [
      'a short mean',
      (o) => ((o.components as { mean: number[] }[])[0]!.mean.length = 3),
      /components\[0\]\.mean" must be 20/,
    ],
    [
      'a zero on the diagonal',
      (o) => ((o.components as { chol: number[] }[])[0]!.chol[0] = 0),
      /non-positive diagonal/,
    ],
    ['a missing threshold', (o) => delete (o.thresholds as Record<string, unknown>).normal, /thresholds\.normal/],
  ];
  for (const [name, spoil, message] of broken) {
    it(`refuses ${name}`, () => {
      const o = JSON.parse(encodeModel(model)) as Record<string, unknown>;
      spoil(o);
      assert.throws(
        () => decodeModel(JSON.stringify(o)),
        (e) => e instanceof BadDataError && message.test(e.message),
      );
    });
  }
  it('refuses text that is not JSON', () => assert.throws(() => decodeModel('{'), BadDataError));
});
