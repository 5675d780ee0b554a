import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  TRAINING_WINDOW_SEC,
  type TrainingFacts,
  type TrainingReason,
  trainingDue,
  trainingWindow,
} from './anomaly-schedule.ts';

const HOUR = 3600;
const NOW = 1_800_000_000;

describe('trainingDue', () => {
  const cases: [string, TrainingFacts, TrainingReason][] = [
    ['no model, no history', { modelTo: undefined, manual: false, historyFrom: undefined, now: NOW }, null],
    ['no model, 71 h of history', { modelTo: undefined, manual: false, historyFrom: NOW - 71 * HOUR, now: NOW }, null],
    [
      'no model, 72 h of history',
      { modelTo: undefined, manual: false, historyFrom: NOW - 72 * HOUR, now: NOW },
      'first',
    ],
    ['a model of 71 h ago', { modelTo: NOW - 71 * HOUR, manual: false, historyFrom: undefined, now: NOW }, null],
    ['a model of 72 h ago', { modelTo: NOW - 72 * HOUR, manual: false, historyFrom: undefined, now: NOW }, 'periodic'],
    ['manual beats a fresh model', { modelTo: NOW - 60, manual: true, historyFrom: undefined, now: NOW }, 'manual'],
    ['manual needs no history span', { modelTo: undefined, manual: true, historyFrom: NOW - 60, now: NOW }, 'manual'],
  ];
  for (const [name, facts, want] of cases) {
    test(name, () => assert.equal(trainingDue(facts), want));
  }

  test('the schedule shortens both waits', () => {
    const s = { minTrainingHours: 2, retrainHours: 6 };
    assert.equal(trainingDue({ modelTo: undefined, manual: false, historyFrom: NOW - 2 * HOUR, now: NOW }, s), 'first');
    assert.equal(trainingDue({ modelTo: NOW - 5 * HOUR, manual: false, historyFrom: undefined, now: NOW }, s), null);
    assert.equal(
      trainingDue({ modelTo: NOW - 6 * HOUR, manual: false, historyFrom: undefined, now: NOW }, s),
      'periodic',
    );
  });
});

describe('trainingWindow', () => {
  test('the last 28 days without trainingPeriodFrom', () => {
    assert.deepEqual(trainingWindow(null, NOW), { from: NOW - TRAINING_WINDOW_SEC, to: NOW });
  });
  test('from trainingPeriodFrom when it is later', () => {
    assert.deepEqual(trainingWindow(NOW - 86_400, NOW), { from: NOW - 86_400, to: NOW });
  });
  test('never older than 28 days, whatever trainingPeriodFrom says', () => {
    assert.deepEqual(trainingWindow(NOW - 60 * 86_400, NOW), { from: NOW - TRAINING_WINDOW_SEC, to: NOW });
  });
});
