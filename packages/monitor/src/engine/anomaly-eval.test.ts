import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoleModel } from '../anomaly/role-model.ts';
import { judgeScore, scoreMetricName } from './anomaly-eval.ts';

// judgeScore reads only the thresholds of a model.
const model = { thresholds: { insensitive: 30, normal: 20, sensitive: 10 } } as unknown as RoleModel;

describe('judgeScore', () => {
  const cases: [string, number, Parameters<typeof judgeScore>[2], string, number | null][] = [
    [
      'above warning, below critical',
      15,
      { warningSensitivity: 'sensitive', criticalSensitivity: 'insensitive' },
      'WARNING',
      10,
    ],
    ['above critical', 31, { warningSensitivity: 'sensitive', criticalSensitivity: 'insensitive' }, 'CRITICAL', 30],
    [
      'under the warning threshold',
      9,
      { warningSensitivity: 'sensitive', criticalSensitivity: 'insensitive' },
      'OK',
      null,
    ],
    ['equal is not above', 20, { warningSensitivity: 'normal', criticalSensitivity: null }, 'OK', null],
    ['critical only', 25, { warningSensitivity: null, criticalSensitivity: 'normal' }, 'CRITICAL', 20],
    ['critical only, below', 19, { warningSensitivity: null, criticalSensitivity: 'normal' }, 'OK', null],
  ];
  for (const [name, score, m, status, threshold] of cases) {
    test(name, () => assert.deepEqual(judgeScore(score, model, m), { status, threshold }));
  }
});

test('one score metric per monitor, grouped as saba.anomaly.* on the host page', () => {
  assert.equal(scoreMetricName('3x9aZ'), 'saba.anomaly.3x9aZ');
});
