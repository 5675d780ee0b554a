import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batches, type KeyMetrics, keyMetrics } from './key-metrics.ts';

const at = (value: number) => ({ time: 0, value });

test('keyMetrics derives load, busy CPU and used memory from the latest values', () => {
  const cases: Array<[string, Parameters<typeof keyMetrics>[0], KeyMetrics]> = [
    ['no values', undefined, {}],
    ['nothing posted', {}, {}],
    [
      'two cores: the percentages add up to 200',
      {
        loadavg5: at(0.5),
        'cpu.user.percentage': at(30),
        'cpu.system.percentage': at(10),
        'cpu.idle.percentage': at(160),
        'memory.total': at(1000),
        'memory.used': at(250),
      },
      { loadavg5: 0.5, cpu: 20, memory: 25 },
    ],
    ['cpu without idle says nothing', { 'cpu.user.percentage': at(30) }, {}],
    ['memory without total says nothing', { 'memory.used': at(30) }, {}],
    ['a zero total says nothing', { 'memory.total': at(0), 'memory.used': at(0) }, {}],
  ];
  for (const [what, latest, want] of cases) assert.deepEqual(keyMetrics(latest), want, what);
});

test('batches splits ids into requests of at most the batch size', () => {
  assert.deepEqual(batches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(batches([], 100), []);
});
