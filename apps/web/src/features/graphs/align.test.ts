import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AlignedData, alignSeries, stackColumns } from './align.ts';

const p = (time: number, value: number) => ({ time, value });

test('alignSeries joins series on the step grid and breaks lines at gaps', () => {
  const cases: Array<{ what: string; series: Array<Array<{ time: number; value: number }>>; want: AlignedData }> = [
    { what: 'nothing', series: [], want: { times: [], columns: [] } },
    { what: 'an empty series', series: [[]], want: { times: [], columns: [[]] } },
    {
      what: 'two series with the same times',
      series: [
        [p(60, 1), p(120, 2)],
        [p(60, 3), p(120, 4)],
      ],
      want: {
        times: [60, 120],
        columns: [
          [1, 2],
          [3, 4],
        ],
      },
    },
    {
      what: 'a series missing a slot gets a null there',
      series: [
        [p(60, 1), p(120, 2), p(180, 3)],
        [p(60, 4), p(180, 6)],
      ],
      want: {
        times: [60, 120, 180],
        columns: [
          [1, 2, 3],
          [4, null, 6],
        ],
      },
    },
    {
      what: 'times inside a slot round down to it; the later value wins',
      series: [[p(65, 1), p(119, 2), p(130, 3)]],
      want: { times: [60, 120], columns: [[2, 3]] },
    },
    {
      what: 'an outage of every series gets one null row',
      series: [
        [p(60, 1), p(600, 2)],
        [p(60, 3), p(600, 4)],
      ],
      want: {
        times: [60, 120, 600],
        columns: [
          [1, null, 2],
          [3, null, 4],
        ],
      },
    },
    {
      what: 'rolled-up points on a five-minute grid',
      series: [[p(300, 1), p(600, 2), p(900, 3)]],
      want: { times: [300, 600, 900], columns: [[1, 2, 3]] },
    },
  ];
  for (const c of cases) {
    const step = c.what.startsWith('rolled') ? 300 : 60;
    assert.deepEqual(alignSeries(c.series, step), c.want, c.what);
  }
});

test('stackColumns sums stacked series bottom to top and leaves lines alone', () => {
  assert.deepEqual(
    stackColumns(
      [
        [1, 2, null, null],
        [10, null, 5, null],
        [7, 7, 7, 7],
        [100, 200, 300, null],
      ],
      [true, true, false, true],
    ),
    [
      [1, 2, 0, null],
      [11, 2, 5, null],
      [7, 7, 7, 7],
      [111, 202, 305, null],
    ],
  );
  assert.deepEqual(stackColumns([], []), []);
});
