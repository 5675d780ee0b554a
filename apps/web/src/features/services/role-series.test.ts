import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HostPoints, roleChart, SIMPLIFY_OVER, summarize } from './role-series.ts';

const p = (time: number, value: number) => ({ time, value });

test('summarize: sum, max, min and average over the values present; an empty row stays a gap', () => {
  const cases: Array<{
    what: string;
    columns: Array<Array<number | null>>;
    sum: Array<Array<number | null>>;
    spread: Array<Array<number | null>>;
  }> = [
    { what: 'no hosts', columns: [], sum: [[]], spread: [[], [], []] },
    {
      what: 'three hosts, all present',
      columns: [
        [1, 2],
        [3, 4],
        [5, 9],
      ],
      sum: [[9, 15]],
      spread: [
        [5, 9],
        [1, 2],
        [3, 5],
      ],
    },
    {
      what: 'a host missing a row is left out of that row, not counted as zero',
      columns: [
        [2, null, 4],
        [6, 8, null],
      ],
      sum: [[8, 8, 4]],
      spread: [
        [6, 8, 4],
        [2, 8, 4],
        [4, 8, 4],
      ],
    },
    {
      what: 'a row where no host has a value is null in every summary',
      columns: [
        [1, null, 3],
        [-1, null, 5],
      ],
      sum: [[0, null, 8]],
      spread: [
        [1, null, 5],
        [-1, null, 3],
        [0, null, 4],
      ],
    },
  ];
  for (const c of cases) {
    assert.deepEqual(summarize(c.columns, 'sum'), c.sum, `${c.what}: sum`);
    assert.deepEqual(summarize(c.columns, 'spread'), c.spread, `${c.what}: spread`);
  }
});

function hosts(n: number): HostPoints[] {
  return Array.from({ length: n }, (_, i) => ({ label: `h${i}`, points: [p(60, i), p(120, i * 2)] }));
}

test('roleChart: one series per host with points, summarized over 30 hosts unless all are shown', () => {
  const cases: Array<{
    what: string;
    hosts: HostPoints[];
    stacked: boolean;
    showAll: boolean;
    labels: string[];
    stackedFlags: boolean[];
    simplified: boolean;
    firstColumn?: Array<number | null>;
  }> = [
    {
      what: 'two hosts as lines; a host without points is not in the legend',
      hosts: [...hosts(2), { label: 'silent', points: [] }],
      stacked: false,
      showAll: false,
      labels: ['h0', 'h1'],
      stackedFlags: [false, false],
      simplified: false,
      firstColumn: [0, 0],
    },
    {
      what: 'exactly 30 stacked hosts are drawn one by one',
      hosts: hosts(SIMPLIFY_OVER),
      stacked: true,
      showAll: false,
      labels: hosts(SIMPLIFY_OVER).map((h) => h.label),
      stackedFlags: new Array<boolean>(SIMPLIFY_OVER).fill(true),
      simplified: false,
    },
    {
      what: '31 stacked hosts become their sum',
      hosts: hosts(31),
      stacked: true,
      showAll: false,
      labels: ['sum of 31 hosts'],
      stackedFlags: [true],
      simplified: true,
      firstColumn: [465, 930],
    },
    {
      what: '31 hosts as lines become max, min and average',
      hosts: hosts(31),
      stacked: false,
      showAll: false,
      labels: ['max of 31 hosts', 'min of 31 hosts', 'average of 31 hosts'],
      stackedFlags: [false, false, false],
      simplified: true,
      firstColumn: [30, 60],
    },
    {
      what: '"Show all hosts" draws all 31',
      hosts: hosts(31),
      stacked: false,
      showAll: true,
      labels: hosts(31).map((h) => h.label),
      stackedFlags: new Array<boolean>(31).fill(false),
      simplified: false,
    },
  ];
  for (const c of cases) {
    const chart = roleChart(c.hosts, c.stacked, 60, c.showAll);
    assert.deepEqual(chart.labels, c.labels, c.what);
    assert.deepEqual(chart.stacked, c.stackedFlags, c.what);
    assert.equal(chart.simplified, c.simplified, c.what);
    assert.equal(chart.data.columns.length, c.labels.length, c.what);
    assert.deepEqual(chart.data.times, [60, 120], c.what);
    if (c.firstColumn !== undefined) assert.deepEqual(chart.data.columns[0], c.firstColumn, c.what);
  }
});

test('roleChart: hosts with different times are aligned, with a gap row where none has a value', () => {
  const chart = roleChart(
    [
      { label: 'a', points: [p(60, 1), p(300, 3)] },
      { label: 'b', points: [p(120, 2), p(300, 4)] },
    ],
    false,
    60,
    false,
  );
  assert.deepEqual(chart.data.times, [60, 120, 180, 300]);
  assert.deepEqual(chart.data.columns, [
    [1, null, null, 3],
    [null, 2, null, 4],
  ]);
});
