import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Labels, labelsFromRecord, unixMs } from '@saba/model';
import { almostEqual, compareResult, type ResultExpectation } from './compare.ts';
import type { MatrixSeries, QueryResult, VectorSample } from './engine.ts';
import { expandValues } from './series-notation.ts';

test('float tolerance: relative 1e-6, NaN equals NaN, zero needs (almost) zero', () => {
  const cases: [number, number, boolean][] = [
    [1, 1, true],
    [1, 1 + 1e-7, true],
    [1, 1 + 3e-6, false],
    [1e12, 1e12 + 1000, true],
    [1e12, 1e12 + 1e7, false],
    [-5, -5.000001, true],
    [Number.NaN, Number.NaN, true],
    [Number.NaN, 0, false],
    [Infinity, Infinity, true],
    [Infinity, -Infinity, false],
    [Infinity, 1e308, false],
    [0, 0, true],
    [0, -0, true],
    [0, 1e-300, false],
    [0, 5e-324, true],
    [1, -1, false],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(almostEqual(a, b), want, `${a} vs ${b}`);
    assert.equal(almostEqual(b, a), want, `${b} vs ${a}`);
  }
});

const L = (r: Record<string, string>): Labels => labelsFromRecord(r);

function expectation(
  lines: [Record<string, string>, string][],
  extra: Partial<ResultExpectation> = {},
): ResultExpectation {
  return {
    ordered: false,
    expectedScalar: null,
    expectedString: null,
    grid: null,
    expected: lines.map(([labels, values], k) => ({
      line: k + 2,
      pos: k + 1,
      labels: L(labels),
      values: expandValues(values),
    })),
    ...extra,
  };
}

const vector = (samples: [Record<string, string>, number][]): QueryResult => ({
  kind: 'vector',
  samples: samples.map(([labels, value]): VectorSample => ({ labels: L(labels), value })),
  warnings: [],
  infos: [],
});

const matrix = (series: [Record<string, string>, [number, number][]][]): QueryResult => ({
  kind: 'matrix',
  series: series.map(
    ([labels, pts]): MatrixSeries => ({ labels: L(labels), points: pts.map(([t, v]) => ({ t: unixMs(t), v })) }),
  ),
  warnings: [],
  infos: [],
});

test('vectors: any order unless ordered; labels exact; every series once', () => {
  const exp = expectation([
    [{ group: 'canary' }, '700'],
    [{ group: 'production' }, '300'],
  ]);
  assert.equal(
    compareResult(
      exp,
      vector([
        [{ group: 'production' }, 300],
        [{ group: 'canary' }, 700.0000001],
      ]),
    ),
    null,
  );
  assert.match(
    compareResult(
      { ...exp, ordered: true },
      vector([
        [{ group: 'production' }, 300],
        [{ group: 'canary' }, 700],
      ]),
    ) ?? '',
    /position 2 but it was at 1/,
  );
  assert.equal(
    compareResult(
      { ...exp, ordered: true },
      vector([
        [{ group: 'canary' }, 700],
        [{ group: 'production' }, 300],
      ]),
    ),
    null,
  );
  assert.match(
    compareResult(exp, vector([[{ group: 'canary' }, 700]])) ?? '',
    /expected series \{group="production"\} not found/,
  );
  assert.match(
    compareResult(
      exp,
      vector([
        [{ group: 'canary' }, 700],
        [{ group: 'production' }, 300],
        [{ group: 'x' }, 1],
      ]),
    ) ?? '',
    /unexpected series \{group="x"\}/,
  );
  // An extra label (the metric name here) is another series.
  assert.match(
    compareResult(
      exp,
      vector([
        [{ __name__: 'm', group: 'canary' }, 700],
        [{ group: 'production' }, 300],
      ]),
    ) ?? '',
    /unexpected series/,
  );
  assert.match(
    compareResult(
      exp,
      vector([
        [{ group: 'canary' }, 701],
        [{ group: 'production' }, 300],
      ]),
    ) ?? '',
    /expected 700 .* but got 701/,
  );
  // No result lines: the answer must be empty.
  assert.equal(compareResult(expectation([]), vector([])), null);
  assert.match(compareResult(expectation([]), vector([[{}, 1]])) ?? '', /unexpected series \{\}/);
  // NaN is expected as NaN.
  assert.equal(compareResult(expectation([[{}, 'NaN']]), vector([[{}, Number.NaN]])), null);
  assert.match(compareResult(expectation([[{}, 'NaN']]), vector([[{}, 0]])) ?? '', /expected NaN/);
});

test('scalars and strings', () => {
  const scalar = (value: number): QueryResult => ({ kind: 'scalar', value, warnings: [], infos: [] });
  assert.equal(compareResult(expectation([], { expectedScalar: 2 }), scalar(2.0000000001)), null);
  assert.match(compareResult(expectation([], { expectedScalar: 2 }), scalar(3)) ?? '', /expected scalar 2 but got 3/);
  assert.match(compareResult(expectation([[{}, '2']]), scalar(2)) ?? '', /expected a vector or matrix result/);
  assert.match(
    compareResult(expectation([], { expectedScalar: 2 }), vector([[{}, 2]])) ?? '',
    /expected a scalar result/,
  );
  const str = (value: string): QueryResult => ({ kind: 'string', value, warnings: [], infos: [] });
  assert.equal(compareResult(expectation([], { expectedString: ' Foo ' }), str(' Foo ')), null);
  assert.match(
    compareResult(expectation([], { expectedString: 'Foo' }), str('foo')) ?? '',
    /expected string "Foo" but got "foo"/,
  );
});

test('matrices: sorted by labels, values on the grid, `_` is no point', () => {
  const grid = { start: 0, end: 600_000, stepMs: 300_000 };
  const exp = expectation(
    [
      [{ a: '1' }, '1 _ 3'],
      [{ a: '2' }, '1+1x2'],
    ],
    { grid },
  );
  const good = matrix([
    [
      { a: '1' },
      [
        [0, 1],
        [600_000, 3],
      ],
    ],
    [
      { a: '2' },
      [
        [0, 1],
        [300_000, 2],
        [600_000, 3],
      ],
    ],
  ]);
  assert.equal(compareResult(exp, good), null);
  const unsorted = matrix([
    [
      { a: '2' },
      [
        [0, 1],
        [300_000, 2],
        [600_000, 3],
      ],
    ],
    [
      { a: '1' },
      [
        [0, 1],
        [600_000, 3],
      ],
    ],
  ]);
  assert.match(compareResult(exp, unsorted) ?? '', /sorted by labels/);
  const extraPoint = matrix([
    [
      { a: '1' },
      [
        [0, 1],
        [300_000, 2],
        [600_000, 3],
      ],
    ],
    [
      { a: '2' },
      [
        [0, 1],
        [300_000, 2],
        [600_000, 3],
      ],
    ],
  ]);
  assert.match(compareResult(exp, extraPoint) ?? '', /expected 2 points for \{a="1"\}/);
  const wrongTime = matrix([
    [
      { a: '1' },
      [
        [0, 1],
        [500_000, 3],
      ],
    ],
    [
      { a: '2' },
      [
        [0, 1],
        [300_000, 2],
        [600_000, 3],
      ],
    ],
  ]);
  assert.match(compareResult(exp, wrongTime) ?? '', /at t=600000, but it was at t=500000/);
  assert.match(compareResult({ ...exp, ordered: true }, good) ?? '', /ordered/);
  // More expected values than the grid holds.
  assert.match(compareResult(expectation([[{ a: '1' }, '1 2 3 4']], { grid }), good) ?? '', /cannot hold that many/);
  // An instant query answering a matrix without `expect range vector` has no grid.
  assert.match(compareResult(expectation([[{ a: '1' }, '1']]), good) ?? '', /cannot hold/);
  assert.equal(compareResult(expectation([]), matrix([])), null);
});

test('expected histograms never match a float answer', () => {
  const exp = expectation([[{}, '{{schema:0 sum:1 count:1}}']]);
  assert.match(compareResult(exp, vector([[{}, 1]])) ?? '', /histogram/);
});
