import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chartSeries,
  errorPosition,
  legendOf,
  offsetOf,
  type QueryData,
  rangeStep,
  sampleValue,
  seriesName,
  singleValue,
  tableRows,
} from './prom-result.ts';

test('seriesName writes name{labels} with sorted, quoted labels', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ __name__: 'up' }, 'up'],
    [{ __name__: 'up', job: 'node', instance: 'a:9100' }, 'up{instance="a:9100", job="node"}'],
    [{ job: 'node' }, '{job="node"}'],
    [{}, '{}'],
    [{ __name__: 'x', path: 'say "hi"\\' }, 'x{path="say \\"hi\\"\\\\"}'],
  ];
  for (const [metric, want] of cases) assert.equal(seriesName(metric), want);
});

test('legendOf fills {{label}} from the series and defaults to name{labels}', () => {
  const metric = { __name__: 'http_requests_total', job: 'api', code: '500' };
  const cases: Array<[string, string]> = [
    ['', 'http_requests_total{code="500", job="api"}'],
    ['   ', 'http_requests_total{code="500", job="api"}'],
    ['{{job}}', 'api'],
    ['{{ job }} / {{code}}', 'api / 500'],
    ['{{missing}}-{{job}}', '-api'],
    ['{{__name__}}', 'http_requests_total'],
    ['plain text', 'plain text'],
    ['{{ not closed', '{{ not closed'],
  ];
  for (const [template, want] of cases) assert.equal(legendOf(template, metric), want, template);
});

test('sampleValue reads Prometheus number strings, infinities and NaN included', () => {
  assert.equal(sampleValue('1.5'), 1.5);
  assert.equal(sampleValue('+Inf'), Number.POSITIVE_INFINITY);
  assert.equal(sampleValue('-Inf'), Number.NEGATIVE_INFINITY);
  assert.ok(Number.isNaN(sampleValue('NaN')));
  assert.equal(sampleValue('1e3'), 1000);
});

test('chartSeries labels each matrix series and drops points a chart cannot place', () => {
  const got = chartSeries(
    [
      {
        metric: { __name__: 'load', host: 'a' },
        values: [
          [60, '1'],
          [120, 'NaN'],
          [180, '+Inf'],
          [240, '2.5'],
        ],
      },
      { metric: { host: 'b' }, values: [[60, '0']] },
    ],
    '{{host}}',
  );
  assert.deepEqual(got.labels, ['a', 'b']);
  assert.deepEqual(got.points, [
    [
      { time: 60, value: 1 },
      { time: 240, value: 2.5 },
    ],
    [{ time: 60, value: 0 }],
  ]);
});

test('tableRows shows one row per sample, or the scalar or string itself', () => {
  const cases: Array<[QueryData, Array<{ series: string; value: string }>]> = [
    [
      {
        resultType: 'vector',
        result: [
          { metric: { __name__: 'up', job: 'a' }, value: [10, '1'] },
          { metric: { job: 'b' }, value: [10, '0'] },
        ],
      },
      [
        { series: 'up{job="a"}', value: '1' },
        { series: '{job="b"}', value: '0' },
      ],
    ],
    [{ resultType: 'vector', result: [] }, []],
    [{ resultType: 'scalar', result: [10, '42'] }, [{ series: 'scalar', value: '42' }]],
    [{ resultType: 'string', result: [10, 'hello'] }, [{ series: 'string', value: 'hello' }]],
  ];
  for (const [data, want] of cases) assert.deepEqual(tableRows(data), want);
});

test('singleValue needs a scalar or exactly one sample', () => {
  assert.equal(singleValue({ resultType: 'scalar', result: [1, '3'] }), 3);
  assert.equal(singleValue({ resultType: 'vector', result: [{ metric: {}, value: [1, '7.25'] }] }), 7.25);
  assert.equal(singleValue({ resultType: 'vector', result: [] }), undefined);
  assert.throws(
    () =>
      singleValue({
        resultType: 'vector',
        result: [
          { metric: { a: '1' }, value: [1, '1'] },
          { metric: { a: '2' }, value: [1, '2'] },
        ],
      }),
    /gives 2 series; a value needs one/,
  );
  assert.throws(() => singleValue({ resultType: 'matrix', result: [] }), /gives a matrix/);
});

test('rangeStep asks for about 250 points and never under 15 s', () => {
  const cases: Array<[number, number]> = [
    [600, 15],
    [3600, 15],
    [6 * 3600, 86],
    [86_400, 346],
  ];
  for (const [span, want] of cases) assert.equal(rangeStep(1000, 1000 + span), want, String(span));
});

test('errorPosition finds line and column in parse errors, with or without the API prefix', () => {
  const cases: Array<[string, { line: number; col: number } | undefined]> = [
    ['1:5: parse error: unexpected "}"', { line: 1, col: 5 }],
    ['invalid parameter "query": 2:14: parse error: unclosed left bracket', { line: 2, col: 14 }],
    ['1:3-1:9: parse error: bad', { line: 1, col: 3 }],
    ['query timed out in expression evaluation', undefined],
    ['at 12:30: something', undefined],
  ];
  for (const [message, want] of cases) assert.deepEqual(errorPosition(message), want, message);
});

test('offsetOf turns a 1-based line and column into an offset, clamped to the text', () => {
  const text = 'sum(\n  rate(x[5m]\n)';
  assert.equal(offsetOf(text, { line: 1, col: 1 }), 0);
  assert.equal(offsetOf(text, { line: 2, col: 3 }), 7);
  assert.equal(text[offsetOf(text, { line: 2, col: 3 })], 'r');
  assert.equal(offsetOf(text, { line: 9, col: 99 }), text.length);
});
