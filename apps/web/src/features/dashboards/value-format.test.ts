import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FormatRule, formatWidgetValue, matchedRule } from './value-format.ts';

describe('formatWidgetValue', () => {
  const cases: Array<[number, number | undefined, string | undefined, string]> = [
    [1.23456, undefined, undefined, '1.23'],
    [2.5001, 0, undefined, '3'],
    [1.23456, 3, '%', '1.235 %'],
    [2, 2, 'ms', '2.00 ms'],
    [1234.5, undefined, '', '1234.5'],
    [-0.5, 1, 'req/s', '-0.5 req/s'],
  ];
  for (const [v, f, s, want] of cases) test(`${v} ${f} ${s}`, () => assert.equal(formatWidgetValue(v, f, s), want));
});

describe('matchedRule', () => {
  const high: FormatRule = { name: 'too high', threshold: 80, operator: '>' };
  const low: FormatRule = { name: 'too low', threshold: 10, operator: '<' };
  const cases: Array<[number, readonly FormatRule[], string | undefined]> = [
    [90, [high], 'too high'],
    [80, [high], undefined],
    [5, [low], 'too low'],
    [10, [low], undefined],
    [50, [], undefined],
  ];
  for (const [v, rules, want] of cases)
    test(`${v} against ${rules.map((r) => r.operator + r.threshold).join(',')}`, () =>
      assert.equal(matchedRule(v, rules)?.name, want));
});
