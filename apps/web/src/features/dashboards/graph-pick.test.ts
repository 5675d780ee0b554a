import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GraphDef } from '../../api/types.ts';
import { filterLegend, pickGraph, roleGraphSeries } from './graph-pick.ts';

const NAMES = [
  'loadavg1',
  'loadavg5',
  'loadavg15',
  'cpu.user.percentage',
  'cpu.idle.percentage',
  'custom.app.requests.get',
  'custom.app.requests.post',
  'custom.queue.size',
];
const DEFS: GraphDef[] = [
  {
    name: 'custom.app.requests',
    displayName: 'App requests',
    unit: 'integer',
    metrics: [
      { name: 'custom.app.requests.get', displayName: 'GET', isStacked: true },
      { name: 'custom.app.requests.post', displayName: 'POST', isStacked: true },
    ],
  },
];

describe('pickGraph', () => {
  const cases: Array<[string, string | undefined, string[]]> = [
    ['loadavg5', 'loadavg', ['loadavg1', 'loadavg5', 'loadavg15']],
    ['cpu', 'cpu', ['cpu.user.percentage', 'cpu.idle.percentage']],
    ['custom.app.requests', 'custom.app.requests', ['custom.app.requests.get', 'custom.app.requests.post']],
    ['custom.queue', 'custom.queue.*', ['custom.queue.size']],
    ['custom.queue.*', 'custom.queue.*', ['custom.queue.size']],
    ['custom.queue.size', 'custom.queue.size', ['custom.queue.size']],
    ['memory', undefined, []],
  ];
  for (const [name, key, metrics] of cases) {
    test(name, () => {
      const g = pickGraph(NAMES, DEFS, name);
      assert.equal(g?.key, key);
      assert.deepEqual(g?.series.map((s) => s.metric) ?? [], metrics);
    });
  }
  test('a metric named alone is drawn alone, not with the rest of its group', () => {
    const g = pickGraph(['custom.a.b', 'custom.a.c'], [], 'custom.a.b');
    assert.deepEqual(
      g?.series.map((s) => [s.metric, s.label]),
      [['custom.a.b', 'b']],
    );
  });
});

describe('filterLegend', () => {
  const g = pickGraph(NAMES, DEFS, 'custom.app.requests');
  test('an empty list keeps all', () => assert.equal(g && filterLegend(g, []).series.length, 2));
  test('by label or by metric', () => {
    assert.deepEqual(g && filterLegend(g, ['GET']).series.map((s) => s.label), ['GET']);
    assert.deepEqual(g && filterLegend(g, ['custom.app.requests.post']).series.map((s) => s.label), ['POST']);
  });
});

describe('roleGraphSeries', () => {
  test('one series per host for a one-series graph, host and label for several; stacking from the widget', () => {
    const one = pickGraph(['loadavg5'], [], 'loadavg5');
    const two = pickGraph(NAMES, DEFS, 'custom.app.requests');
    const series = roleGraphSeries(
      [
        { id: 'a', label: 'web-1', spec: one },
        { id: 'b', label: 'web-2', spec: undefined },
        { id: 'c', label: 'web-3', spec: two },
      ],
      true,
    );
    assert.deepEqual(
      series.map((s) => [s.hostId, s.label, s.stacked]),
      [
        ['a', 'web-1', true],
        ['c', 'web-3 GET', true],
        ['c', 'web-3 POST', true],
      ],
    );
  });
});
