import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionSummary, targetSummary } from './monitor-summary.ts';

test('the target and condition of each type in one line', () => {
  const cases: Array<[Record<string, unknown> & { type: string }, string, string]> = [
    [
      { type: 'host', metric: 'cpu%', operator: '>', warning: 70, critical: 90, duration: 3, scopes: [] },
      'cpu% on every host',
      'warning > 70%, critical > 90%, average of 3 points',
    ],
    [
      {
        type: 'host',
        metric: 'loadavg5',
        operator: '<',
        critical: 0.1,
        duration: 1,
        scopes: ['shop'],
        excludeScopes: ['shop:db'],
      },
      'loadavg5 on shop except shop:db',
      'critical < 0.1',
    ],
    [{ type: 'connectivity', alertStatusOnGone: 'WARNING' }, 'every host', 'WARNING when a host stops posting'],
    [
      {
        type: 'service',
        service: 'shop',
        metric: 'orders',
        operator: '<',
        warning: 5,
        duration: 1,
        missingDurationCritical: 30,
      },
      'shop: orders',
      'warning < 5, critical after 30 min silent',
    ],
    [
      { type: 'external', method: 'GET', url: 'https://a.example', responseTimeCritical: 900, maxCheckAttempts: 3 },
      'GET https://a.example',
      'status 2xx/3xx, critical > 900 ms, after 3 checks',
    ],
    [{ type: 'expression', expression: 'max(x)', operator: '>', critical: 2 }, 'max(x)', 'critical > 2'],
    [
      { type: 'anomalyDetection', scopes: ['shop:web'], warningSensitivity: 'normal', maxCheckAttempts: 3 },
      'shop:web',
      'warning: normal, after 3 checks',
    ],
    [{ type: 'query', query: 'up == 0', operator: '>', warning: 0 }, 'up == 0', 'warning > 0'],
  ];
  for (const [m, target, condition] of cases) {
    assert.equal(targetSummary(m), target, m.type);
    assert.equal(conditionSummary(m), condition, m.type);
  }
});
